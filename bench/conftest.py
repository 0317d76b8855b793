import os
import sys

import pytest

# the benchmarks' helpers (workloads, implementations, the NumPy and PyTorch networks) live here
sys.path.insert(0, os.path.dirname(__file__))


def time_budget() -> float:
    """Seconds of timed rounds to aim for per benchmark (BPNN_BENCH_SECONDS, default 3)."""
    return float(os.environ.get("BPNN_BENCH_SECONDS", "3"))


@pytest.fixture
def rounds_for(benchmark):
    """rounds_for(seconds_per_round) -> how many rounds fit in the time budget (3 to 100)."""
    def rounds(seconds: float) -> int:
        return max(3, min(100, int(time_budget() / max(seconds, 1e-9))))
    return rounds
