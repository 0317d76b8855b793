"""Project rules that keep the textbook a textbook: bpnn/ is the chapter, standard library only."""
import ast
import json
import pathlib
import subprocess
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent
CHAPTER = ROOT / "bpnn"
CHAPTER_MODULES = sorted(path.stem for path in CHAPTER.glob("*.py") if path.stem != "__main__")
# the course's modules that may import numpy, because the compiled path takes arrays
COURSE_NUMPY_MODULES = {"datasets"}


def modules_after(statement: str) -> set[str]:
    """The top-level names of every module in sys.modules after `statement`, in a fresh interpreter."""
    code = f"import sys, json; {statement}; print(json.dumps(sorted({{name.split('.')[0] for name in sys.modules}})))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return set(json.loads(result.stdout))


def imported_after(statement: str) -> set[str]:
    """What `statement` imports beyond the standard library and what the interpreter loads anyway
    (site's hooks, such as an editable install's finder)."""
    return modules_after(statement) - modules_after("pass") - set(sys.stdlib_module_names) - {"bpnn"}


def test_the_chapter_is_only_the_chapter():
    """A reader who opens bpnn/ sees the chapter and what it stands on, nothing else."""
    assert set(CHAPTER_MODULES) == {"__init__", "activations", "gradcheck", "losses", "network", "optimizers",
                                    "randomness", "storage", "validation"}


@pytest.mark.parametrize("module", CHAPTER_MODULES)
def test_each_chapter_module_imports_only_the_standard_library(module):
    name = "bpnn" if module == "__init__" else f"bpnn.{module}"
    foreign = imported_after(f"import {name}")
    assert not foreign, f"import {name} imports {sorted(foreign)}"


def test_the_course_without_arrays_imports_only_the_standard_library():
    """`import bpnn.course` and its chapters that need no arrays pull in neither numpy nor numba."""
    modules = sorted(path.stem for path in (CHAPTER / "course").glob("*.py")
                     if path.stem not in COURSE_NUMPY_MODULES | {"ch14_digits", "__init__"})
    foreign = imported_after("; ".join(f"import bpnn.course.{module}" for module in modules))
    assert not foreign, f"the course's modules import {sorted(foreign)}"


def chapter_files():
    return sorted(CHAPTER.glob("*.py"))


def test_textbook_never_calls_builtin_sum():
    """Python 3.12's sum() compensates rounding: its result is not the plain loop the kernels compute."""
    for path in chapter_files() + sorted((CHAPTER / "course").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
                assert node.func.id not in ("sum", "fsum"), f"{path.name}:{node.lineno} calls {node.func.id}()"
