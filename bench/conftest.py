import os
import sys

import pytest

# the benchmarks' helpers (workloads, implementations, the NumPy and PyTorch networks) live here
sys.path.insert(0, os.path.dirname(__file__))

from implementations import IMPLEMENTATIONS  # noqa: E402

# --implementation's value for the tests that belong to no one implementation (the agreement checks)
CHECKS = "checks"


def pytest_addoption(parser):
    parser.addoption(
        "--implementation", action="append", default=[], metavar="NAME",
        choices=(*IMPLEMENTATIONS, CHECKS),
        help="only the benchmarks of this implementation (repeatable): " + ", ".join(IMPLEMENTATIONS)
             + f"; '{CHECKS}' for the tests that have no implementation parameter (the agreement checks). "
               "bench/report.py runs each implementation in a pytest process of its own this way.")


def implementation_of(item) -> str:
    callspec = getattr(item, "callspec", None)
    return callspec.params.get("implementation", CHECKS) if callspec else CHECKS


def pytest_collection_modifyitems(config, items):
    wanted = config.getoption("implementation")
    if not wanted:
        return
    selected = [item for item in items if implementation_of(item) in wanted]
    deselected = [item for item in items if implementation_of(item) not in wanted]
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = selected


def time_budget() -> float:
    """Seconds of timed rounds to aim for per benchmark (BPNN_BENCH_SECONDS, default 3)."""
    return float(os.environ.get("BPNN_BENCH_SECONDS", "3"))


@pytest.fixture
def rounds_for(benchmark):
    """rounds_for(seconds_per_round) -> how many rounds fit in the time budget (3 to 100)."""
    def rounds(seconds: float) -> int:
        return max(3, min(100, int(time_budget() / max(seconds, 1e-9))))
    return rounds
