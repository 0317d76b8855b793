"""A cold start of the compiled path: the notice on stderr while the kernels compile, and `bpnn compile`.

Each test runs bpnn in processes of its own, with the kernels' cache in a temporary directory
(NUMBA_CACHE_DIR), so that it starts from an empty cache whatever this checkout's cache holds.
"""
import os
import shutil
import subprocess
import sys

import pytest

from bpnn.kernels.network import VERSIONS, paths

NOTICE = "Compiling the kernels"
XOR = ["xor", "--backend", "numba", "--epochs", "20"]


BPNN = os.path.join(os.path.dirname(sys.executable), "bpnn")  # the installed command


def bpnn(arguments: list[str], cache) -> subprocess.CompletedProcess:
    return subprocess.run([BPNN, *arguments], capture_output=True, text=True, timeout=900,
                          env={**os.environ, "NUMBA_CACHE_DIR": str(cache)})


def index_files(cache, kernel: str) -> list:
    """The cache's index files of one kernel (module.function), which say what it holds."""
    return sorted(cache.rglob(f"{kernel}-*.nbi"))


@pytest.fixture(scope="module")
def cold_run(tmp_path_factory):
    """`bpnn xor --backend numba` on an empty cache, and the cache it left."""
    cache = tmp_path_factory.mktemp("cache")
    return bpnn(XOR, cache), cache


def test_a_cold_cache_is_announced_on_stderr_once(cold_run):
    run, cache = cold_run
    assert run.returncode == 0, run.stderr[-2000:]
    assert run.stderr.count(NOTICE) == 1  # one line: compiling train compiles the kernels it calls inside it
    line = run.stderr.splitlines()[0]
    assert line.startswith(NOTICE) and "once" in line and line.rstrip().endswith(" s.") and "done in" in line
    assert NOTICE not in run.stdout
    assert "xor" in run.stdout and index_files(cache, "network.train")


def test_a_classic_run_compiles_no_subnormal_fast_path(cold_run):
    """kernels.network.decaying_state: classic momentum's state never decays, so its update is compiled
    without kernels.subnormals' fast path (most of the compile time of a cold XOR run's update)."""
    cache = cold_run[1]
    assert index_files(cache, "network.weight_update") and not index_files(cache, "subnormals.set_aside")


def test_a_warm_cache_is_not_announced(cold_run):
    run = bpnn(XOR, cold_run[1])
    assert run.returncode == 0 and run.stderr == ""
    assert run.stdout == cold_run[0].stdout


@pytest.mark.parametrize("flag", ["--json", "-q"])
def test_no_notice_with_json_or_quiet(cold_run, tmp_path, flag):
    """The warm cache without forward_pass: the run compiles it (for the final table), silently."""
    cache = tmp_path / "cache"
    shutil.copytree(cold_run[1], cache)
    for path in index_files(cache, "network.forward_pass"):
        path.unlink()
    run = bpnn([*XOR, flag], cache)
    assert run.returncode == 0, run.stderr[-2000:]
    assert index_files(cache, "network.forward_pass"), "the run compiled nothing: this test tests nothing"
    assert run.stderr == "" and NOTICE not in run.stdout


def test_the_versions_are_every_paths_a_network_can_need():
    """bpnn compile builds VERSIONS; paths() must never ask for another."""
    seen = {paths(sizes, [True] * (len(sizes) - 1), capacity)
            for sizes in ([2, 2, 1], [64, 128, 10], [784, 512, 10], [1, 1], [2048, 300, 1], [3, 600, 600, 2])
            for capacity in (1, 4, 32, 128, 1024)}
    assert seen == set(VERSIONS.values())


def test_an_internal_kernel_refuses_a_call_from_python():
    """Compiled without the wrapper Python calls through: a TypeError, not a crash."""
    import numpy as np
    from bpnn.kernels.matmul import accumulate
    with pytest.raises(TypeError, match="only from compiled kernels"):
        accumulate(np.ones((2, 2)), np.ones((2, 2)), np.zeros((2, 2)), None)


CHECK = """
from bpnn.kernels import NumbaNetwork
from bpnn.kernels.jit import KERNELS, compiled_signatures
patterns = lambda n, a, b: [[[0.1 * ((p + i) % 7) for i in range(a)], [0.2 * ((p + k) % 3) for k in range(b)]]
                            for p in range(n)]
for sizes, batch_size in (([2, 2, 1], 1), ([64, 128, 10], 32), ([600, 600, 2], 8)):
    data = patterns(40, sizes[0], sizes[-1])
    network = NumbaNetwork(sizes, activation="relu", output="softmax", seed=1)
    network.train(data, 2, 0.01, 0.5, batch_size, shuffle=True, optimizer="adam", dropout=0.2)
    network.test(data)
    network.predict([inputs for inputs, _ in data])
    network.forward(data[0][0])
    network.backward(data[0][1])
    network.update_weights(0.1, 0.5, "sgd", 1)
print(compiled_signatures(), sum(sum(kernel.stats.cache_hits.values()) for kernel in KERNELS))
"""


@pytest.mark.slow  # compiles every kernel in every version: half a minute on 2 cores
def test_bpnn_compile_fills_the_cache_so_that_no_run_compiles(tmp_path):
    built = bpnn(["compile"], tmp_path)
    assert built.returncode == 0, built.stderr[-2000:]
    assert all(name in built.stdout for name in VERSIONS) and "compiled" in built.stdout
    result = subprocess.run([sys.executable, "-c", CHECK], capture_output=True, text=True, timeout=900,
                            env={**os.environ, "NUMBA_CACHE_DIR": str(tmp_path)})
    assert result.returncode == 0, result.stderr[-2000:]
    compiled, loaded = map(int, result.stdout.split())
    assert compiled == 0 and loaded > 0  # Numba's dispatcher statistics: cache misses and hits
    for command in (XOR, ["digits", "--epochs", "1"]):
        run = bpnn(command, tmp_path)
        assert run.returncode == 0 and NOTICE not in run.stderr
    again = bpnn(["compile"], tmp_path)
    assert again.stdout.count("all in the cache already") == len(VERSIONS)


def test_the_training_clock_stops_while_the_kernels_compile(monkeypatch):
    """bpnn.course.backends.training_clock: the digits and descent chapters time training with it, so
    that a new installation's first run does not count the kernels' compiling as training. (A clock
    of our own, moved by hand: what is checked is the arithmetic, not this machine's speed.)"""
    import time

    import numba.core.event

    from bpnn.course.backends import training_clock
    from bpnn.kernels.network import forward_pass
    now = [100.0]
    monkeypatch.setattr(time, "perf_counter", lambda: now[0])
    with training_clock() as clock:
        start = clock()
        now[0] += 1.0  # training
        with numba.core.event.trigger_event("numba:compile", data={"dispatcher": forward_pass}):  # as Numba fires it
            now[0] += 3.0  # compiling
        now[0] += 0.5  # training
        assert clock() - start == 1.5


def test_ctrl_c_while_compiling_exits_130_and_ends_the_helper(tmp_path):
    """Ctrl-C on a cold start, while the kernels compile (in two processes: kernels.background): exit
    130, the notice left unfinished (not "done"), no traceback, and no helper process left behind."""
    import signal
    import time
    process = subprocess.Popen([BPNN, "digits"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                               env={**os.environ, "NUMBA_CACHE_DIR": str(tmp_path)})
    notice = process.stderr.read(len(NOTICE)).decode()  # printed as the kernels start compiling
    time.sleep(1.0)  # well within the compiling (several seconds on 2 cores)
    helpers = subprocess.run(["ps", "--ppid", str(process.pid), "-o", "pid="], capture_output=True,
                             text=True).stdout.split()
    process.send_signal(signal.SIGINT)
    stderr = notice + process.communicate(timeout=60)[1].decode()
    assert process.returncode == 130 and stderr.startswith(NOTICE)
    assert "done in" not in stderr and stderr.splitlines()[-1] == "Interrupted." and "Traceback" not in stderr
    from bpnn.kernels import background
    assert helpers or not background.enabled(), "no helper was running: this test tests less than it says"
    assert all(not os.path.exists(f"/proc/{pid}") for pid in helpers)  # killed and reaped before bpnn exited
