"""The tiled, vectorised, threaded matmul sums every entry exactly as the textbook's loop does."""
import random

import numpy as np
import pytest

from bpnn.kernels.matmul import (COLUMNS, PARALLEL_WORK, ROWS, TINY_WORK, matmul, matmul_accumulate, matmul_parallel,
                                 matmul_serial, matmul_transposed, transpose)


def naive(a: list, b: list, c: list) -> list:
    """The textbook's weighted-sum loop for every entry: c_pj, then + a_pk b_kj for k in order."""
    result = []
    for p in range(len(a)):
        row = []
        for j in range(len(b[0])):
            total = c[p][j]
            for k in range(len(b)):
                total = total + a[p][k] * b[k][j]
            row.append(total)
        result.append(row)
    return result


def random_matrix(rng: random.Random, rows: int, columns: int) -> np.ndarray:
    # mixed magnitudes, so that a reordered sum would round differently
    return np.array([[rng.uniform(-1, 1) * 10.0 ** rng.randint(-8, 8) for _ in range(columns)] for _ in range(rows)])


SHAPES = [(1, 1, 1), (1, 7, 1), (2, 3, 5), (3, 1, 4), (ROWS, 4, COLUMNS), (ROWS + 1, 5, COLUMNS + 1),
          (5, 13, 67), (7, 3, 129), (13, 17, 64), (11, 2, 3), (31, 29, 37), (1, 785, 10),
          (53, 211, 197),  # large enough for threads
          ]


@pytest.mark.parametrize("m, k, n", SHAPES)
def test_tiled_matmul_equals_the_naive_loop(m, k, n):
    rng = random.Random(m * 10007 + k * 101 + n)
    a, b, c = random_matrix(rng, m, k), random_matrix(rng, k, n), random_matrix(rng, m, n)
    expected = naive(a.tolist(), b.tolist(), c.tolist())
    for product in (matmul_accumulate, matmul_serial, matmul_parallel):
        result = c.copy()
        product(a, b, result)
        assert result.tolist() == expected, product.__name__
    # from 0.0: a plain product, as the forward pass uses it (whatever c held before)
    from_zero = naive(a.tolist(), b.tolist(), np.zeros((m, n)).tolist())
    result = c.copy()
    matmul(a, b, result)
    assert result.tolist() == from_zero
    # with the right-hand matrix transposed, as the hidden deltas use it
    result = c.copy()
    matmul_transposed(a, np.ascontiguousarray(b.T), result, np.empty((k, n)))
    assert result.tolist() == from_zero


def test_the_shapes_take_every_path():
    work = [m * k * n for m, k, n in SHAPES]
    assert min(work) <= TINY_WORK  # the plain loop
    assert any(TINY_WORK < w < PARALLEL_WORK for w in work)  # the tiles on one thread
    m, k, n = SHAPES[-1]
    assert m > ROWS and m * k * n >= PARALLEL_WORK  # the tiles on threads


@pytest.mark.parametrize("m, k, n", [(1, 1, 1), (9, 6, 70), (40, 64, 33), (211, 53, 197)])
def test_a_transposed_view_is_read_in_place(m, k, n):
    """The gradient sums use aᵀ δ with aᵀ a transposed view (not a copy) of the layer inputs."""
    rng = random.Random(k)
    a_t, b = random_matrix(rng, k, m), random_matrix(rng, k, n)
    result = np.zeros((m, n))
    matmul_accumulate(a_t.T, b, result)
    assert result.tolist() == naive(a_t.T.tolist(), b.tolist(), np.zeros((m, n)).tolist())


def test_transpose():
    a = random_matrix(random.Random(1), 5, 3)
    out = np.empty((3, 5))
    transpose(a, out)
    assert out.tolist() == a.T.tolist()
