"""bpnn.kernels: the textbook (bpnn) compiled with Numba, computing the very same bits, faster.

    from bpnn.kernels import NumbaNetwork     # the same arguments and methods as bpnn.NeuralNetwork

Files, each the mirror of one textbook file (read them side by side):
    activations.py  losses.py  optimizers.py   per element or per pattern, operation for operation
    network.py      the forward and backward passes and the training loop, a batch at a time
    matmul.py       the weighted sums of a whole batch: tiled, vectorised, threaded, each sum in order
    randomness.py   an epoch's shuffles and dropout masks, drawn by bpnn.randomness, as arrays
    numba_network.py  the NumbaNetwork class; jit.py, constants.py: how the kernels are compiled

Importing this package imports numpy and numba; `import bpnn` does neither (bpnn.backends
imports this package only when the "numba" backend is asked for). The kernels are compiled on
first use and cached on disk (see jit.py), so the first run of a new install is slower.

Threads: large products run on Numba's threads (numba.set_num_threads limits them). Processes:
start worker processes with the "spawn" method, e.g. multiprocessing.get_context("spawn") or
concurrent.futures.ProcessPoolExecutor(mp_context=...): Numba's OpenMP threading layer does not
survive fork() once its threads have started, and a forked child may hang or abort.
"""
from .numba_network import NumbaNetwork

__all__ = ["NumbaNetwork"]
