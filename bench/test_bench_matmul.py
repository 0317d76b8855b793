"""Matmul alone, at the shapes the course's networks multiply: (m x k)(k x n).

  forward     a w:      (batch x inputs)(inputs x outputs)
  gradients   aᵀ δ:     (inputs x batch)(batch x outputs)
  errors      δ wᵀ:     (batch x outputs)(outputs x inputs)

Implementations: the kernels' exact matmul (every entry summed in k order, no BLAS;
bpnn.kernels.matmul.matmul), NumPy's BLAS matmul in float64, PyTorch's in float32 and
float64, and the textbook's weighted-sum loop in pure Python. The report turns
each median into GFLOP/s, 2 m k n / time.
"""
import time

import numpy as np
import pytest

from implementations import torch_available

SHAPES = {
    # 784-128-10, mini-batch 64
    "64x784x128": (64, 784, 128),     # forward, hidden layer
    "784x64x128": (784, 64, 128),     # gradients of the hidden layer
    "64x128x10": (64, 128, 10),       # forward, output layer
    "64x10x128": (64, 10, 128),       # errors sent back to the hidden layer
    # 784-1568-10, batch size 1
    "1x784x1568": (1, 784, 1568),     # forward, hidden layer
    "784x1x1568": (784, 1, 1568),     # gradients of the hidden layer (an outer product)
    "1x1568x10": (1, 1568, 10),       # forward, output layer
    "1x10x1568": (1, 10, 1568),       # errors sent back to the hidden layer
}
MATMULS = ("textbook", "numba", "numpy", "torch32", "torch64")


def operands(m: int, k: int, n: int):
    """A (m x k) and B (k x n), float64 uniform in [-1, 1), the same for every implementation."""
    generator = np.random.default_rng(m * 1_000_003 + k * 1009 + n)
    return generator.uniform(-1.0, 1.0, (m, k)), generator.uniform(-1.0, 1.0, (k, n))


def textbook_matmul(a: list, b: list) -> list:
    """C = A B with the textbook's weighted-sum loop for every entry: total = total + a_i w_ij, i in order."""
    product = []
    for row in a:
        sums = []
        for j in range(len(b[0])):
            total = 0.0
            for i in range(len(row)):
                total = total + row[i] * b[i][j]
            sums.append(total)
        product.append(sums)
    return product


def exact_matmul():
    """The kernels' matmul as a function C = A B, or None while the kernels do not provide it."""
    try:
        from bpnn.kernels.matmul import matmul
    except ImportError:
        return None

    def product(a, b):
        c = np.empty((a.shape[0], b.shape[1]))
        matmul(a, b, c)
        return c
    return product


def prepare(implementation: str, m: int, k: int, n: int):
    """(function, its arguments), or a skip reason (a string)."""
    a, b = operands(m, k, n)
    if implementation == "textbook":
        return textbook_matmul, (a.tolist(), b.tolist())
    if implementation == "numba":
        product = exact_matmul()
        if product is None:
            return "bpnn.kernels.matmul.matmul is not available"
        return product, (a, b)
    if implementation == "numpy":
        return np.matmul, (a, b)
    if not torch_available():
        return "PyTorch is not installed (pip install torch==2.13.0 takes the CPU build)"
    import torch
    dtype = torch.float32 if implementation == "torch32" else torch.float64
    return torch.mm, (torch.tensor(a, dtype=dtype), torch.tensor(b, dtype=dtype))


@pytest.mark.parametrize("implementation", MATMULS)
@pytest.mark.parametrize("shape", SHAPES)
def test_matmul(benchmark, rounds_for, shape, implementation):
    m, k, n = SHAPES[shape]
    prepared = prepare(implementation, m, k, n)
    if isinstance(prepared, str):
        pytest.skip(prepared)
    function, args = prepared
    rounds, iterations = 1, 1
    if not benchmark.disabled:
        function(*args)  # warm up: compilation or cache load, thread pools
        started = time.perf_counter()
        function(*args)
        seconds = time.perf_counter() - started
        # a round of at least a millisecond, so that the timer's own cost does not count
        iterations = max(1, min(1000, int(1e-3 / max(seconds, 1e-9))))
        rounds = rounds_for(seconds * iterations)
    benchmark.group = f"matmul {shape}"
    benchmark.extra_info.update(kind="matmul", shape=shape, m=m, k=k, n=n, implementation=implementation,
                                flop=2 * m * k * n)
    product = benchmark.pedantic(function, args=args, rounds=rounds, iterations=iterations)

    a, b = operands(m, k, n)
    expected = a @ b
    result = np.array(product.double().numpy() if implementation.startswith("torch") else product, dtype=np.float64)
    tolerance = 1e-5 if implementation == "torch32" else 1e-12  # relative to the largest entry
    assert result.shape == (m, n)
    assert np.max(np.abs(result - expected)) <= tolerance * np.max(np.abs(expected))
    if implementation == "numba":
        # the exact matmul sums as the textbook does: equal to its loop, bit for bit
        assert result.tolist() == textbook_matmul(a.tolist(), b.tolist())
