"""pybabel's extractor for bpnn's Python sources: the marked strings, and the commands' docstrings.

A click command's help is its function's docstring, which no call marks; this extractor yields
each docstring of a function decorated with `@<group>.command(...)` or `@click.group(...)`, as
click shows it (inspect.cleandoc), beside everything pybabel's own Python extractor finds
(_("..."), N_("...")). cli/locale/babel.cfg names it; pybabel imports it only when extracting
(Babel is in the test extras: `pip install -e '.[test]'`).
"""
import ast
import io

from babel.messages.extract import extract_python


def is_command(decorator: ast.expr) -> bool:
    """@main.command(...), @click.command(...), @click.group(...): a decorator that makes a click command."""
    call = decorator.func if isinstance(decorator, ast.Call) else decorator
    return isinstance(call, ast.Attribute) and call.attr in ("command", "group")


def extract(fileobj, keywords, comment_tags, options):
    """Babel's extraction method: (line, funcname, message, comments) for each message in the file."""
    source = fileobj.read()
    yield from extract_python(io.BytesIO(source), keywords, comment_tags, options)
    tree = ast.parse(source.decode(options.get("encoding", "utf-8")))
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef) and any(is_command(decorator) for decorator in node.decorator_list):
            help_text = ast.get_docstring(node, clean=True)
            if help_text:
                yield node.body[0].lineno, None, help_text, [f"the help of `{node.name}`"]
