"""A cold start's second process (bpnn.kernels.background): it compiles train's last callees into the
cache, this process loads them, and nothing else changes."""
import os
import signal
import subprocess
import sys
import time

import pytest
from numba.core import types

from bpnn.kernels import background
from bpnn.kernels.network import pattern_losses

COLD_TRAIN = """
from bpnn.course.truth_tables import XOR_PATTERNS
from bpnn.kernels import NumbaNetwork, background
from bpnn.kernels import network, subnormals
network_ = NumbaNetwork([2, 2, 1], seed=3)
network_.train(XOR_PATTERNS, 30, 0.1, 0.5, 2, optimizer="adam")
for kernel in (network.forward_pass, network.pattern_losses, subnormals.wake_all, network.weight_update):
    print(kernel.py_func.__name__, sum(kernel.stats.cache_misses.values()), sum(kernel.stats.cache_hits.values()))
print("elsewhere", background.compiled_elsewhere, "helper left", background.helper is not None)
print(network_.weights)
"""


def cold_train(cache, processes: str) -> dict:
    """COLD_TRAIN's report, run in a process of its own on the empty cache `cache`."""
    run = subprocess.run([sys.executable, "-c", COLD_TRAIN], capture_output=True, text=True, timeout=600,
                         env={**os.environ, "NUMBA_CACHE_DIR": str(cache), "BPNN_COMPILE_PROCESSES": processes})
    assert run.returncode == 0, run.stderr[-2000:]
    *counts, elsewhere, weights = run.stdout.splitlines()
    report = {name: (int(compiled), int(loaded)) for name, compiled, loaded in (line.split() for line in counts)}
    return {**report, "elsewhere": elsewhere, "weights": weights}


@pytest.mark.skipif(not background.enabled(), reason="one core: no helper process")
def test_a_cold_train_loads_the_callees_its_helper_compiled(tmp_path):
    helped = cold_train(tmp_path / "helped", "2")
    assert helped["forward_pass"] == (1, 0)  # compiled here, while the helper compiled:
    for name in ("pattern_losses", "wake_all", "weight_update"):
        assert helped[name] == (0, 1), name  # loaded from the cache, compiled by the helper
    elsewhere = helped["elsewhere"].split()
    assert int(elsewhere[1]) >= 3 and elsewhere[-1] == "False"  # counted; the helper is gone
    alone = cold_train(tmp_path / "alone", "1")
    assert alone["weight_update"] == (1, 0) and alone["elsewhere"].startswith("elsewhere 0 ")
    assert helped["weights"] == alone["weights"]  # the same bits, whoever compiled


def test_a_helper_that_fails_leaves_the_compiling_to_this_process():
    helper = background.Helper(None, [(pattern_losses, (types.int64,))])  # types it cannot compile: it fails
    process = helper.process
    helper.wait_for(pattern_losses, (types.int64,))
    assert helper.process is None and helper.finished == 0
    assert process.returncode == 1  # it ended by itself, with its error (not killed)


def slow_to_compile():
    """A stand-in for a kernel whose compilation takes a minute (the helper imports it from this file)."""


slow_to_compile.py_func = slow_to_compile
slow_to_compile.compile = lambda arguments: time.sleep(60)


def test_a_helper_that_takes_too_long_is_stopped(monkeypatch):
    monkeypatch.setattr(background, "WAIT", 1.0)
    helper = background.Helper(None, [(slow_to_compile, (types.int64,))])
    process = helper.process
    helper.wait_for(slow_to_compile, (types.int64,))
    assert helper.process is None and helper.finished == 0
    assert process.returncode == -signal.SIGKILL  # still compiling when WAIT ran out: killed (a failed one exits 1)


def test_no_wait_for_what_the_helper_was_not_given():
    helper = background.Helper(None, [])  # with nothing to do, it ends at once; waiting would see it end
    helper.wait_for(pattern_losses, (types.float64,))
    assert helper.process is not None  # not waited for: not seen ending, not stopped
    helper.stop()
    assert helper.process is None
