"""Every benchmarked implementation computes the textbook's algorithm: checked on small cases.

- Numba kernels: equal to the textbook bit for bit (==), weights and per-epoch errors.
- NumPy and PyTorch float64: within 1e-9 relative. They do the same arithmetic, but BLAS adds each
  matmul's terms in its own order (blocked, vectorised, fused multiply-adds), NumPy and PyTorch
  have their own exp/tanh, PyTorch's Adam updates its first moment by lerp, and its layers add
  the bias through addmm: each step then differs in the last bits, about 1e-16 relative.
- PyTorch float32: within 1e-4 relative. Its unit roundoff is 6e-8: the initial weights and the
  data are rounded to it, and each step adds the rounding of sums of up to 785 float32 terms
  (about √785 · 6e-8 ≈ 2e-6 each, typically). These short runs end 1e-7 to 1e-5 apart (8e-6 at
  most, on XOR); 1e-4 leaves room for that, and still fails on any real difference of algorithm:
  a learning rate off by one part in a thousand moves the weights 3e-4 to 8e-4 on the same runs
  (test_tolerances_can_fail).

Relative difference of two runs: max |w - w'| / max |w'| over each layer's weights (so weights
near zero do not count as large relative errors), and |e - e'| / |e'| for each epoch's error.

Why short runs: training can amplify rounding differences. XOR 2-2-1 classic (lr 0.1, momentum
0.4) is such a case: NumPy agrees with the textbook to 1e-15 for its first 600 iterations, then
the difference grows to 1e-4 by iteration 1300 and stays there, while the Numba kernels, summing
in the textbook's order, stay identical for all 5000 (test_numba_equals_textbook_on_full_xor).
"""
import numpy as np
import pytest

from bpnn import NeuralNetwork
from implementations import numba_network_class, torch_available
from numpy_network import NumpyNetwork
from workloads import WORKLOADS, dataset, patterns, xor_data

FLOAT64_TOLERANCE = 1e-9
FLOAT32_TOLERANCE = 1e-4


def random_data(n_rows, n_inputs, n_outputs, seed, one_hot=False):
    generator = np.random.default_rng(seed)
    inputs = generator.uniform(-1.0, 1.0, (n_rows, n_inputs))
    if one_hot:
        targets = np.eye(n_outputs)[generator.integers(0, n_outputs, n_rows)]
    else:
        targets = generator.uniform(0.0, 1.0, (n_rows, n_outputs))
    return inputs, targets


def rows(name, n):
    return dataset(WORKLOADS[name], n)


# name -> (network, training settings, data (X, T)); every activation, loss and optimizer appears
CASES = {
    "xor-classic": (WORKLOADS["xor"].network, dict(epochs=300, lr=0.1, momentum=0.4, batch_size=1, optimizer="classic"),
                    lambda: xor_data(4)),
    "approx-adam": (WORKLOADS["approx"].network, dict(epochs=1, lr=0.01, momentum=0.0, batch_size=1, optimizer="adam"),
                    lambda: rows("approx", 300)),
    "digits-sgd": (WORKLOADS["digits"].network, dict(epochs=2, lr=0.1, momentum=0.9, batch_size=32, optimizer="sgd"),
                   lambda: rows("digits", 160)),
    "mnist-sgd": (WORKLOADS["mnist128"].network, dict(epochs=1, lr=0.1, momentum=0.9, batch_size=16, optimizer="sgd"),
                  lambda: rows("mnist128", 48)),
    "sigmoid-bce": (dict(sizes=[2, 4, 1], activation="sigmoid", output="sigmoid", loss="bce"),
                    dict(epochs=50, lr=1.0, momentum=0.0, batch_size=4, optimizer="sgd"), lambda: xor_data(4)),
    "leaky-mse-classic": (dict(sizes=[3, 5, 4, 2], activation="leaky_relu", output="sigmoid", loss="mse"),
                          dict(epochs=5, lr=0.5, momentum=0.5, batch_size=3, optimizer="classic"),
                          lambda: random_data(10, 3, 2, seed=5)),
    "tanh-linear-half-sse-adam": (dict(sizes=[4, 6, 3], activation="tanh", output="linear", loss="half_sse",
                                       bias=[False, True]),
                                  dict(epochs=4, lr=0.01, momentum=0.0, batch_size=5, optimizer="adam"),
                                  lambda: random_data(12, 4, 3, seed=6)),
}


def textbook_run(case):
    network_arguments, settings, data = CASES[case]
    inputs, targets = data()
    network = NeuralNetwork(**network_arguments, seed=0)
    errors = network.train([[x, t] for x, t in zip(inputs.tolist(), targets.tolist())], **settings)
    return network.weights, errors


def relative_difference(weights, errors, reference_weights, reference_errors) -> float:
    """The largest relative difference of any layer's weights or any epoch's error."""
    differences = [np.max(np.abs(np.array(w) - np.array(r))) / np.max(np.abs(np.array(r)))
                   for w, r in zip(weights, reference_weights)]
    differences += [abs(e - r) / abs(r) for e, r in zip(errors, reference_errors)]
    return float(max(differences))


@pytest.mark.parametrize("case", CASES)
def test_numba_equals_textbook(case):
    numba_network = numba_network_class()
    if numba_network is None:
        pytest.skip("bpnn.kernels.NumbaNetwork is not available")
    network_arguments, settings, data = CASES[case]
    inputs, targets = data()
    network = numba_network(**network_arguments, seed=0)
    assert [np.asarray(w).tolist() for w in network.weights] == NeuralNetwork(**network_arguments, seed=0).weights
    errors = network.train((inputs, targets), **settings)  # the arrays form, as the benchmarks call it
    reference_weights, reference_errors = textbook_run(case)
    assert [np.asarray(w).tolist() for w in network.weights] == reference_weights
    assert list(errors) == reference_errors


def test_numba_equals_textbook_on_full_xor():
    """The whole benchmarked XOR run (5000 iterations), where NumPy drifts to 1e-4 (see above)."""
    numba_network = numba_network_class()
    if numba_network is None:
        pytest.skip("bpnn.kernels.NumbaNetwork is not available")
    workload = WORKLOADS["xor"]
    settings = dict(epochs=workload.epochs, lr=workload.lr, momentum=workload.momentum,
                    batch_size=workload.batch_size, optimizer=workload.optimizer)
    network = numba_network(**workload.network, seed=0)
    errors = network.train(dataset(workload, 4), **settings)
    textbook = NeuralNetwork(**workload.network, seed=0)
    assert list(errors) == textbook.train(patterns(workload, 4), **settings)
    assert [np.asarray(w).tolist() for w in network.weights] == textbook.weights


@pytest.mark.parametrize("case", CASES)
def test_numpy_agrees_with_textbook(case):
    network_arguments, settings, data = CASES[case]
    network = NumpyNetwork(NeuralNetwork(**network_arguments, seed=0))
    errors = network.train(*data(), **settings)
    assert relative_difference(network.weight_lists(), errors, *textbook_run(case)) <= FLOAT64_TOLERANCE


@pytest.mark.parametrize("dtype", ["float64", "float32"])
@pytest.mark.parametrize("case", CASES)
def test_torch_agrees_with_textbook(case, dtype):
    if not torch_available():
        pytest.skip("PyTorch is not installed (pip install torch==2.13.0 takes the CPU build)")
    import torch
    from torch_network import TorchNetwork
    network_arguments, settings, data = CASES[case]
    network = TorchNetwork(NeuralNetwork(**network_arguments, seed=0), getattr(torch, dtype))
    errors = network.train_arrays(*network.as_tensors(*data()), **settings)
    tolerance = FLOAT64_TOLERANCE if dtype == "float64" else FLOAT32_TOLERANCE
    assert relative_difference(network.weight_lists(), errors, *textbook_run(case)) <= tolerance


@pytest.mark.parametrize("case", ["xor-classic", "digits-sgd"])
def test_tolerances_can_fail(case):
    """The checks above can fail: a learning rate one part in a thousand off moves the weights by
    more than the float32 tolerance, so each tolerance would catch a real difference of algorithm."""
    network_arguments, settings, data = CASES[case]
    network = NumpyNetwork(NeuralNetwork(**network_arguments, seed=0))
    errors = network.train(*data(), **{**settings, "lr": settings["lr"] * 1.001})
    assert relative_difference(network.weight_lists(), errors, *textbook_run(case)) > FLOAT32_TOLERANCE
