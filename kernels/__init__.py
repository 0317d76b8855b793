"""bpnn.kernels: the textbook (bpnn) compiled with Numba, computing the very same bits, faster.

    from bpnn.kernels import NumbaNetwork     # the same arguments and methods as bpnn.NeuralNetwork

Files, each the mirror of one textbook file (read them side by side):
    activations.py  losses.py  optimizers.py   per element or per pattern, operation for operation
    subnormals.py   the optimizer's update of a state decaying through the subnormal numbers: the same
                    bits, computed in integers (the floating-point unit is 50x slower on them)
    network.py      the forward and backward passes and the training loop, a batch at a time
    matmul.py       the weighted sums of a whole batch: tiled, vectorised, threaded, each sum in order
    randomness.py   an epoch's shuffles and dropout masks, drawn by bpnn.randomness, as arrays
    validation.py   the checks of a data set given as numpy arrays (bpnn.validation's messages)
    numba_network.py  the NumbaNetwork class
    jit.py, views.py, constants.py   how the kernels are compiled, cached, and handed their data
    ahead.py        every kernel compiled ahead of time (`bpnn compile`)
    background.py   a cold start's compiling shared with a second process, on a second core

Importing this package imports numpy and numba; `import bpnn` does neither (bpnn.course.backends
imports this package only when the "numba" backend is asked for). The kernels are compiled on
first use and cached on disk (see jit.py), so the first run of a new install takes a few seconds
longer (jit.compilation_told lets a caller say so; `bpnn compile` compiles them all ahead; on a
machine with two cores or more, a helper process compiles part of them, see background.py).

Threads: large products and updates run on Numba's threads (numba.set_num_threads(n), or
NUMBA_NUM_THREADS, limits them; on a machine whose cores are busy, one thread can be faster).
Between products the threads sleep (see jit.start_threads), and waking one costs tens of
microseconds (about 60 on our 2-core virtual machine), twice per mini-batch; OpenBLAS's and
PyTorch's threads spin for a while instead. GOMP_SPINCOUNT=3000 in the environment before this
package is imported makes ours spin for about 30 µs first. Measured on that machine: the exact
matmul (64x784)(784x128), called back to back, went from 37.5 to 49.6 GFLOP/s (from 40% to 53%
of OpenBLAS's), a 784-128-10 epoch (mini-batch 64) from 57k to 61k samples/s; but with the
cores kept busy by other work, that epoch lost about a fifth (31k to 25k samples/s, medians of
five runs). Hence sleeping is the default, and spinning the setting for a machine of one's own.
Processes: importing bpnn.kernels starts Numba's OpenMP threads, and OpenMP does not survive
fork(). A forked child (multiprocessing's default on Linux before Python 3.14) that runs a
threaded kernel dies with "Terminating: fork() called from a process already using GNU OpenMP,
this is unsafe", and a Pool waiting for it hangs. Start worker processes with the "spawn"
method: multiprocessing.get_context("spawn").Pool(), or
concurrent.futures.ProcessPoolExecutor(mp_context=multiprocessing.get_context("spawn")).
"""
import os

# before Numba is imported: Intel SVML's vectorised exp/tanh/log are not the C library's (see jit.py)
os.environ.setdefault("NUMBA_DISABLE_INTEL_SVML", "1")

from .numba_network import NumbaNetwork  # noqa: E402

__all__ = ["NumbaNetwork"]
