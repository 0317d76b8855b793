"""The long runs (bench/long_runs.py), a few steps of them: what they measure and check works.

The runs themselves take an hour (python bench/report.py --long-runs); here each implementation
trains a few steps of the 784-256-10 Adam run, and the textbook's measured parts are compared with
the Numba run's states, bit for bit, as in the long runs. No parameter is named `implementation`:
these run once, with the agreement checks (bench/conftest.py).
"""
import dataclasses
import math

import numpy as np
import pytest

import long_runs
from implementations import IMPLEMENTATIONS, unavailable

RUN = "adam256"
STEPS = 6


@pytest.fixture
def short_run(monkeypatch):
    """adam256 with textbook parts of 2 steps (the run itself is cut to STEPS by run()'s steps)."""
    monkeypatch.setitem(long_runs.LONG_RUNS, RUN, dataclasses.replace(long_runs.LONG_RUNS[RUN], textbook_steps=2))
    return long_runs.LONG_RUNS[RUN]


def test_the_segments_cover_the_run_in_order():
    for long_run in long_runs.LONG_RUNS.values():
        segments = long_run.segments()
        w = long_run.workload
        assert sum(long_run.steps_of(s) for s in segments) == -(-w.samples // w.batch_size) * w.epochs
        assert all(0 <= a < b <= w.samples for a, b in segments)
        assert long_run.steps_of(segments[0]) == long_run.steps_of(segments[-1]) == long_run.textbook_steps


@pytest.mark.parametrize("peer", [name for name in IMPLEMENTATIONS if name != "textbook"])
def test_a_short_run_reports_both_ends(peer, short_run):
    reason = unavailable(peer)
    if reason:
        pytest.skip(reason)
    result = long_runs.run(peer, RUN, steps=STEPS)
    assert result["steps"] == STEPS == sum(record["steps"] for record in result["segments"])
    assert [record["after"] for record in result["segments"]] == [2, 4, 6]
    for end in ("first", "last"):
        assert result[end]["steps"] == STEPS
        assert all(math.isfinite(result[end][key]) and result[end][key] > 0
                   for key in ("wall_ms_per_step", "cpu_ms_per_step"))
    subnormal, entries = result["segments"][-1]["subnormal"]
    assert subnormal == 0 and entries == 785 * 256 + 257 * 10  # a few steps do not reach the subnormals


def test_the_textbooks_parts_are_compared_with_the_numba_run(short_run, tmp_path):
    """Both parts bitwise equal to the Numba run's states; and a state changed by one bit is told apart."""
    reason = unavailable("numba")
    if reason:
        pytest.skip(reason)
    long_runs.run("numba", RUN, snapshots=str(tmp_path), steps=STEPS)
    parts = long_runs.run("textbook", RUN, snapshots=str(tmp_path), steps=STEPS)
    assert parts["first"]["steps"] == parts["last"]["steps"] == 2
    assert parts["first"]["bitwise_equal_to_numba"] and parts["last"]["bitwise_equal_to_numba"]
    end = long_runs.snapshot_path(str(tmp_path), RUN, "end")
    with np.load(end) as saved:
        changed = dict(saved)
    changed["first_moment"] = changed["first_moment"].copy()
    changed["first_moment"].view(np.int64)[12345] ^= 1
    np.savez(end, **changed)
    assert long_runs.run("textbook", RUN, snapshots=str(tmp_path), steps=STEPS)["last"]["bitwise_equal_to_numba"] is False
