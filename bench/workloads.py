"""The course's workloads: which network, which data, which training settings.

Every implementation of a workload starts from the initial weights of the textbook network
`textbook_network(workload)` (seed 0) and trains on the same float64 rows (X, T), in order.

A run trains on the first `n` samples for `epochs` epochs. `samples` is the full benchmark's n,
`smoke_samples` the n of the normal test run (each body once, correctness only), and
`textbook_samples` the n the textbook is measured on where the full run would take minutes: its
rate (samples per second) is then measured on that part only, and the report says so.
"""
import functools
import os
import random
from dataclasses import dataclass, field

import numpy as np

from bpnn import NeuralNetwork
from bpnn.course.truth_tables import XOR_PATTERNS

HERE = os.path.dirname(os.path.abspath(__file__))
# beside the repository (../shared/data/mnist), or where BPNN_MNIST says (a git worktree lives elsewhere)
MNIST_DIRECTORY = os.environ.get("BPNN_MNIST") or os.path.join(HERE, "..", "..", "shared", "data", "mnist")


@dataclass(frozen=True)
class Workload:
    name: str
    title: str
    network: dict                 # NeuralNetwork's arguments
    optimizer: str
    lr: float
    momentum: float
    batch_size: int
    epochs: int
    samples: int                  # rows per epoch in the full benchmark
    smoke_samples: int            # rows per epoch in the normal test run
    smoke_epochs: int
    textbook_samples: int = 0     # 0: the textbook runs the full workload
    data: str = ""                # name of the data function below
    learned_error: float = 0.0    # the full run's last epoch error must be below this (0: not checked)
    note: str = field(default="", compare=False)

    def size(self, smoke: bool, implementation: str) -> tuple[int, int]:
        """(rows, epochs) this implementation runs in this mode."""
        n, epochs = (self.smoke_samples, self.smoke_epochs) if smoke else (self.samples, self.epochs)
        if implementation == "textbook" and self.textbook_samples:
            n = min(n, self.textbook_samples)
        return n, epochs

    def steps(self, n: int, epochs: int) -> int:
        """Optimizer steps taken by a run on n rows for some epochs."""
        return -(-n // self.batch_size) * epochs


WORKLOADS = {w.name: w for w in [
    Workload("xor", "XOR 2-2-1 classic, online, 5000 iterations (lr 0.1, momentum 0.4)",
             dict(sizes=[2, 2, 1], activation="tanh", output="tanh", loss="half_sse", bias=[True, False],
                  init="classic"),
             optimizer="classic", lr=0.1, momentum=0.4, batch_size=1, epochs=5000,
             samples=4, smoke_samples=4, smoke_epochs=50, data="xor", learned_error=0.01),
    Workload("approx", "approx 1-6-1 ReLU, y = x^3 + x^2 - x - 1, Adam lr 0.01, 10000 single samples",
             dict(sizes=[1, 6, 1], activation="relu", output="linear", loss="mse"),
             optimizer="adam", lr=0.01, momentum=0.0, batch_size=1, epochs=1,
             samples=10000, smoke_samples=200, smoke_epochs=1, data="cubic"),
    Workload("digits", "digits 64-32-10 tanh/softmax, mini-batch 32, SGD lr 0.1 momentum 0.9, 1 epoch",
             dict(sizes=[64, 32, 10], activation="tanh", output="softmax"),
             optimizer="sgd", lr=0.1, momentum=0.9, batch_size=32, epochs=1,
             samples=1438, smoke_samples=128, smoke_epochs=1, data="digits"),
    Workload("mnist128", "MNIST 784-128-10 ReLU/softmax, mini-batch 64, SGD lr 0.1 momentum 0.9, 1 epoch",
             dict(sizes=[784, 128, 10], activation="relu", output="softmax"),
             optimizer="sgd", lr=0.1, momentum=0.9, batch_size=64, epochs=1,
             samples=60000, smoke_samples=256, smoke_epochs=1, textbook_samples=128, data="mnist",
             note="the textbook's full epoch takes about 9 minutes"),
    Workload("mnist1568", "MNIST 784-1568-10 ReLU/softmax (the course's), batch size 1, Adam lr 0.01, 300 steps",
             dict(sizes=[784, 1568, 10], activation="relu", output="softmax"),
             optimizer="adam", lr=0.01, momentum=0.0, batch_size=1, epochs=1,
             samples=300, smoke_samples=3, smoke_epochs=1, textbook_samples=2, data="mnist",
             note="the textbook takes about 0.7 s a step, 3.5 minutes for the 300"),
]}


# ---------------------------------------------------------------- data: the first n rows (X, T), float64
def xor_data(n: int):
    return (np.array([p[0] for p in XOR_PATTERNS], dtype=np.float64)[:n],
            np.array([p[1] for p in XOR_PATTERNS], dtype=np.float64)[:n])


def cubic_data(n: int):
    """The course's function y = x^3 + x^2 - x - 1 at x uniform in [-5, 5) (random.Random(1))."""
    rng = random.Random(1)
    x = np.array([(rng.random() - 0.5) * 10.0 for _ in range(n)])
    return x[:, None], (x**3 + x**2 - x - 1.0)[:, None]


@functools.lru_cache(maxsize=None)
def _digits():
    from bpnn.course.datasets import load_digits
    return load_digits().train


def digits_data(n: int):
    return _digits().first(n).arrays()


@functools.lru_cache(maxsize=None)
def _mnist():
    """MNIST's training part when MNIST_DIRECTORY holds it, else None."""
    from bpnn.course.datasets import load_mnist
    try:
        return load_mnist(MNIST_DIRECTORY).train
    except FileNotFoundError:
        return None


def mnist_data(n: int):
    """The first n MNIST training images (pixel / 255, one-hot labels), or, without the files,
    random data of that shape (uniform inputs in [0, 1), random one-hot labels; numpy seed 2)."""
    train = _mnist()
    if train is not None:
        return train.first(n).arrays()
    generator = np.random.default_rng(2)
    inputs = generator.random((n, 784))
    targets = np.zeros((n, 10))
    targets[np.arange(n), generator.integers(0, 10, n)] = 1.0
    return inputs, targets


def mnist_source() -> str:
    return "real MNIST" if _mnist() is not None else "random data of MNIST's shape"


DATA = {"xor": xor_data, "cubic": cubic_data, "digits": digits_data, "mnist": mnist_data}


def dataset(workload: Workload, n: int):
    """(X, T) for the first n rows of the workload's data, float64 and C-contiguous (made once, shared
    by every run: an implementation must not change them)."""
    return _dataset(workload.data, n)


@functools.lru_cache(maxsize=None)
def _dataset(data: str, n: int):
    inputs, targets = DATA[data](n)
    return np.ascontiguousarray(inputs, dtype=np.float64), np.ascontiguousarray(targets, dtype=np.float64)


def patterns(workload: Workload, n: int):
    """The same rows as the textbook's [[inputs, targets], ...] lists of floats."""
    return _patterns(workload.data, n)


@functools.lru_cache(maxsize=None)
def _patterns(data: str, n: int):
    inputs, targets = _dataset(data, n)
    return [[x, t] for x, t in zip(inputs.tolist(), targets.tolist())]


def textbook_network(workload: Workload) -> NeuralNetwork:
    """A new, untrained network of the workload as the textbook builds it (seed 0): the initial
    weights of every implementation."""
    return NeuralNetwork(**workload.network, seed=0)
