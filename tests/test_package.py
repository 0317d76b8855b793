"""Project rules that keep the textbook a textbook."""
import ast
import pathlib
import subprocess
import sys

TEXTBOOK = pathlib.Path(__file__).resolve().parent.parent / "bpnn"
# modules outside the textbook proper, allowed numpy (lazily, never at `import bpnn`)
DATA_MODULES = {"datasets.py"}


def test_import_bpnn_imports_neither_numpy_nor_numba():
    code = "import sys, bpnn, bpnn.gradcheck, bpnn.experiments, bpnn.backends; " \
           "print(sorted({'numpy', 'numba'} & set(sys.modules)))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def textbook_modules():
    return [path for path in TEXTBOOK.glob("*.py") if path.name not in DATA_MODULES]


def test_textbook_imports_only_the_standard_library():
    """At module level; a function may import an optional extra (matplotlib) or the kernels lazily."""
    for path in textbook_modules():
        for node in ast.parse(path.read_text()).body:
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                names = [node.module]
            else:
                continue
            for name in names:
                top = name.split(".")[0]
                assert top in sys.stdlib_module_names, f"{path.name} imports {name}"


def test_textbook_never_calls_builtin_sum():
    """Python 3.12's sum() compensates rounding: its result is not the plain loop the kernels compute."""
    for path in textbook_modules():
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
                assert node.func.id not in ("sum", "fsum"), f"{path.name}:{node.lineno} calls {node.func.id}()"
