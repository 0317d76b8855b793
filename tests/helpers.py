"""What many test files need: bpnn's CLI run in-process, its --json output, and a skip without Numba."""
import json

import pytest
from click.testing import CliRunner

from bpnn.cli import main


def run(*arguments):
    """bpnn with these arguments, in this process (each turned into a string); click's Result."""
    return CliRunner().invoke(main, [str(argument) for argument in arguments], prog_name="bpnn",
                              catch_exceptions=False)


def run_json(*arguments):
    """The one JSON object `bpnn ARGUMENTS --json` prints, after checking it exited with 0."""
    result = run(*arguments, "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def numba_or_skip():
    from bpnn.course.backends import network_class
    try:
        network_class("numba")
    except ImportError as error:
        pytest.skip(f"bpnn.kernels.NumbaNetwork is not available: {error}")
