"""What watching for divergence costs the kernels: XOR 2-2-1 (5000 epochs, online) and one
MNIST 784-128-10 epoch (mini-batch 64, SGD), timed as the minimum of several runs.

    NUMBA_NUM_THREADS=1 python bench/divergence_cost.py [repeats]

Run it against two trees (PYTHONPATH=/path/to/other/tree puts another bpnn first) and compare;
it prints one JSON line. Measured for issue 11 (undoing a diverged update) on the 2-core VM with
other work on it (load 5-7), four alternating runs of each tree, means of their minima:
    XOR 2-2-1, 5000 epochs, kernels     4.14 ms before, 4.21 ms after (+1.7%; +4% in a run of
                                        200 timings per process, its medians 4.22 -> 4.39 ms)
    MNIST 784-128-10, 1 epoch, kernels  1.344 s before, 1.352 s after (+0.6%, within the noise)
    XOR, 500 epochs, textbook           20.1 ms before, 24.1 ms after (+20%: a copy of the
                                        weights and state per epoch, 6 µs against a 40 µs epoch)
    64-32-10, 2 epochs of 256, textbook 0.139 s before and after
"""
import json
import os
import sys
import time

import numpy as np

from bpnn import NeuralNetwork
from bpnn.course.datasets import load_mnist
from bpnn.course.truth_tables import XOR_PATTERNS
from bpnn.kernels import NumbaNetwork

MNIST = "/work/shared/data/mnist"  # bench/workloads.py finds it beside /work/main; a worktree lives elsewhere


def best_of(repeats: int, run) -> float:
    """The least CPU time of this thread over the runs (run with NUMBA_NUM_THREADS=1, all the work
    is on it): on a machine whose cores are shared, CPU time is disturbed less than wall time."""
    times = []
    for _ in range(repeats):
        started = time.thread_time()
        run()
        times.append(time.thread_time() - started)
    return min(times)


def main(repeats: int) -> None:
    def xor():
        NumbaNetwork.classic(2, 2, 1).train(XOR_PATTERNS, 5000, 0.1, 0.4)

    def textbook_xor():
        NeuralNetwork.classic(2, 2, 1).train(XOR_PATTERNS, 500, 0.1, 0.4)

    data = load_mnist(os.environ.get("MNIST", MNIST))
    inputs, targets = data.train.arrays()

    def mnist():
        network = NumbaNetwork([784, 128, 10], activation="relu", output="softmax")
        network.train((inputs, targets), 1, 0.1, 0.9, 64, optimizer="sgd")

    xor(), mnist()  # compile or load the kernels first
    result = {"xor_5000_epochs_s": best_of(repeats * 10, xor), "mnist_784_128_10_epoch_s": best_of(repeats, mnist),
              "textbook_xor_500_epochs_s": best_of(repeats, textbook_xor), "bpnn": os.path.dirname(sys.modules["bpnn"].__file__)}
    print(json.dumps(result))
    assert np.isfinite(inputs).all()


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5)
