"""The `bpnn` command: each experiment of the course as a subcommand.

Commands only parse options and print; the experiments live in the course's chapters
(bpnn.course), the shared options in bpnn.cli.options.
Each command module adds itself to `main` when it is imported, at the end of this file.
"""
import sys

import click

from bpnn import __version__
from bpnn.course.language import N_, _
from bpnn.validation import clipped

from . import language


class Main(language.Translated, click.Group):
    """click's group, with every error on one line (of at most about 900 bytes, however long the
    value it names): a usage error (bad value, unknown name, missing file) exits 2, a runtime
    failure 1 (running out of memory too), Ctrl-C 130; never a traceback for either.

    It speaks the language chosen before anything is parsed (bpnn.cli.language: --lang, else the
    locale), so that the help and the errors of the whole command line are in that language."""

    command_class = language.Command

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
        with language.restoring():
            args = list(sys.argv[1:] if args is None else args)
            language.install(self.language_given(args) or language.from_environment())
            return self.run(args, prog_name, complete_var, standalone_mode, **extra)

    def run(self, args, prog_name, complete_var, standalone_mode, **extra):
        """click's main, each error on one line (see the class's docstring)."""
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode, **extra)
        try:
            code = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except click.exceptions.NoArgsIsHelpError as error:  # plain `bpnn`: the help, as click shows it
            error.show()
            sys.exit(error.exit_code)
        except click.ClickException as error:
            where = ""
            if isinstance(error, click.UsageError) and error.ctx is not None:
                where = _(" (see '{command} --help')", command=error.ctx.command_path)
            message = clipped(' '.join(error.format_message().split())) + clipped(where, 100)
            click.echo(_("Error: {message}", message=message), err=True)
            sys.exit(error.exit_code)
        except click.Abort:
            click.echo(_("Interrupted."), err=True)
            sys.exit(130)
        except MemoryError:
            click.echo(_("Error: out of memory: this run needs more memory than this machine has free"), err=True)
            sys.exit(1)
        sys.exit(code if isinstance(code, int) else 0)

    def language_given(self, args: list[str]) -> str | None:
        """The value of --lang on this command line, read by click's own parser before the real
        parse (resiliently: no callback prints or exits, a mistake is left for the real parse)."""
        try:
            with self.make_context("bpnn", list(args), resilient_parsing=True) as ctx:
                return ctx.params.get("lang")
        except (click.ClickException, click.exceptions.Exit):
            return None


def choose_language(ctx, param, value):
    """--lang: install the language given (the locale's when none is), before any other option."""
    language.install(value or language.from_environment())
    return value


@click.group(cls=Main, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="bpnn")
@click.option("--lang", type=click.Choice(language.LANGUAGES), is_eager=True, callback=choose_language,
              help=N_("The language of everything bpnn prints: ko (Korean) or en (English); default: "
                               "the locale's (LANG, LC_ALL, LC_MESSAGES), Korean when it starts with ko."))
def main(lang):
    """Backpropagation, from the perceptron to handwritten digits.

    Each command runs one experiment of the course in seconds and prints what it
    shows; `bpnn COMMAND --help` tells what it teaches and gives an example.
    """


from . import classic, gates, deep, check  # noqa: E402,F401  (each adds its commands to main)
from . import digits, trace  # noqa: E402,F401
from . import perceptron, activations, losses  # noqa: E402,F401
from . import course  # noqa: E402,F401
from . import descent, dropout  # noqa: E402,F401
from . import errata  # noqa: E402,F401
from . import cache  # noqa: E402,F401
