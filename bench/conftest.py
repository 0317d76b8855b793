import os
import resource
import sys
import time

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


def machine_busy_seconds() -> float | None:
    """CPU seconds the whole machine has spent busy since boot (every core, /proc/stat), steal
    time (the hypervisor running someone else) included; None where there is no /proc/stat."""
    try:
        with open("/proc/stat") as stat:
            fields = stat.readline().split()
    except OSError:
        return None
    if not fields or fields[0] != "cpu":
        return None
    user, nice, system, _idle, _iowait, irq, softirq, steal = (int(f) for f in (fields[1:9] + ["0"] * 8)[:8])
    return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")


def process_seconds() -> float:
    """CPU seconds this process (every thread) has spent."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


@pytest.fixture(autouse=True)
def other_work(request):
    """With benchmarks enabled: record in the benchmark's extra_info how many cores other work
    (everything but this pytest process) kept busy, on average, while the test ran."""
    if "benchmark" not in request.fixturenames:
        yield
        return
    benchmark = request.getfixturevalue("benchmark")
    busy, own, started = machine_busy_seconds(), process_seconds(), time.monotonic()
    yield
    wall, busy_after = time.monotonic() - started, machine_busy_seconds()
    if not benchmark.disabled and busy is not None and busy_after is not None and wall > 0:
        benchmark.extra_info["other_cores"] = max(0.0, (busy_after - busy) - (process_seconds() - own)) / wall


def time_budget() -> float:
    """Seconds of timed rounds to aim for per benchmark (BPNN_BENCH_SECONDS, default 3)."""
    return float(os.environ.get("BPNN_BENCH_SECONDS", "3"))


@pytest.fixture
def rounds_for(benchmark):
    """rounds_for(seconds_per_round) -> how many rounds fit in the time budget (3 to 100)."""
    def rounds(seconds: float) -> int:
        return max(3, min(100, int(time_budget() / max(seconds, 1e-9))))
    return rounds
