"""How the kernels are compiled and cached (bpnn.kernels.jit)."""
import subprocess
import sys
import warnings

import pytest

from bpnn.kernels import jit as jit_module


def test_without_a_writable_cache_the_kernels_compile_anyway(monkeypatch):
    """A function Numba cannot cache (here: it has no source file) is compiled without a cache, with one warning."""
    monkeypatch.setattr(jit_module, "_warned", False)
    namespace = {}
    exec(compile("def twice(x):\n    return 2.0 * x\n", "<no file>", "exec"), namespace)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        twice = jit_module.jit(namespace["twice"])
    assert twice(1.5) == 3.0
    assert any("without an on-disk cache" in str(w.message) for w in caught)


def test_processes_compiling_at_once_keep_their_machine_code_apart(tmp_path):
    """Two processes that both read an empty index, then each save a signature: with Numba's
    numbered data files both would write `.1.nbc`, one signature's code under the other's entry."""
    first = jit_module.KernelCacheFile(str(tmp_path), "kernel-1.py311", "sources")
    second = jit_module.KernelCacheFile(str(tmp_path), "kernel-1.py311", "sources")
    second._load_index = lambda: {}  # it read the index before the first process saved
    first.save(("int64",), "machine code for int64")
    second.save(("float64",), "machine code for float64")
    assert len(list(tmp_path.glob("*.nbc"))) == 2
    reader = jit_module.KernelCacheFile(str(tmp_path), "kernel-1.py311", "sources")
    assert reader.load(("float64",)) == "machine code for float64"
    assert reader.load(("int64",)) in (None, "machine code for int64")  # at worst recompiled, never swapped


def test_other_sources_never_share_a_data_file(tmp_path):
    old = jit_module.KernelCacheFile(str(tmp_path), "kernel-1.py311", "old sources")
    new = jit_module.KernelCacheFile(str(tmp_path), "kernel-1.py311", "new sources")
    old.save(("int64",), "old code")
    new.save(("int64",), "new code")
    assert new.load(("int64",)) == "new code" and old.load(("int64",)) is None
    assert len(list(tmp_path.glob("*.nbc"))) == 2


def test_every_kernel_is_stamped_with_all_kernel_sources():
    from bpnn.kernels.network import train
    assert isinstance(train._cache, jit_module.KernelCache)
    assert train._cache._cache_file._source_stamp == jit_module.SOURCES_DIGEST


def test_kernels_loaded_from_the_cache_run(tmp_path):
    """A fresh process that loads the kernels from the cache (the second run) must not crash:
    see the thread start-up in bpnn.kernels.jit (numba issue #8578)."""
    import subprocess
    import sys
    code = ("from bpnn.course.truth_tables import XOR_PATTERNS\n"
            "from bpnn.kernels import NumbaNetwork\n"
            "print(NumbaNetwork.classic(2, 2, 1).train(XOR_PATTERNS, 3, batch_size=2)[-1])\n")
    for _ in range(2):
        result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=600)
        assert result.returncode == 0, result.stderr[-2000:]


def _threaded_product(_):
    import numpy as np
    from bpnn.kernels.matmul import PARALLEL_WORK, matmul_accumulate
    a, b, c = np.ones((64, 200)), np.ones((200, 200)), np.zeros((64, 200))
    assert 64 * 200 * 200 >= PARALLEL_WORK
    matmul_accumulate(a, b, c)
    return float(c[0, 0])


def test_spawned_worker_processes_run_the_kernels():
    """bpnn.kernels documents the "spawn" start method for worker processes (fork kills them)."""
    import multiprocessing
    _threaded_product(0)  # this process's threads are running
    with multiprocessing.get_context("spawn").Pool(1) as pool:
        assert pool.map_async(_threaded_product, [0]).get(timeout=300) == [200.0]


@pytest.mark.slow  # compiles every kernel without a cache: about a minute
def test_changed_numba_internals_mean_no_cache_not_a_failure(tmp_path):
    """If a Numba release renames the caching internals jit.py builds on, bpnn.kernels warns and
    compiles without a cache; the results are still the textbook's."""
    script = tmp_path / "run.py"
    script.write_text(
        "import warnings\n"
        "from numba.core import caching\n"
        "del caching.IndexDataCacheFile  # as if a release had renamed it\n"
        "with warnings.catch_warnings(record=True) as caught:\n"
        "    warnings.simplefilter('always')\n"
        "    from bpnn.kernels import NumbaNetwork\n"
        "from bpnn import NeuralNetwork\n"
        "from bpnn.course.truth_tables import XOR_PATTERNS\n"
        "compiled, textbook = NumbaNetwork.classic(2, 2, 1), NeuralNetwork.classic(2, 2, 1)\n"
        "compiled.train(XOR_PATTERNS, 50); textbook.train(XOR_PATTERNS, 50)\n"
        "assert compiled.weights == textbook.weights\n"
        "print(any('without an on-disk cache' in str(w.message) for w in caught))\n")
    result = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "True"
