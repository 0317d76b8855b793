"""The implementations compared, each behind the same two calls:

    setup, train = prepare(implementation, workload, n, epochs)
    network, errors = train(*setup())

setup() builds a fresh network with the workload's initial weights (those of the textbook's
network with seed 0) and hands it the first n rows of the workload's data, already in the form
that implementation takes; train() is the part that is timed. weights(implementation, network)
then gives the trained weights as float64 arrays, the bias row last, as the textbook holds them.
"""
import importlib.util

import numpy as np

from workloads import Workload, dataset, patterns, textbook_network

IMPLEMENTATIONS = ("textbook", "numba", "numpy", "torch32", "torch64")
LABELS = {
    "textbook": "textbook (pure Python)",
    "numba": "Numba kernels (bpnn.kernels)",
    "numpy": "NumPy (BLAS matmul, float64)",
    "torch32": "PyTorch CPU float32",
    "torch64": "PyTorch CPU float64",
}
# implementations with a first-call cost (JIT compilation, library start-up) to pay before timing
COMPILED = ("numba", "torch32", "torch64")


def torch_available() -> bool:
    return importlib.util.find_spec("torch") is not None


def numba_network_class():
    """bpnn.kernels.NumbaNetwork, or None while the kernels do not provide it."""
    try:
        from bpnn.kernels import NumbaNetwork
    except ImportError:
        return None
    return NumbaNetwork


def unavailable(implementation: str) -> str | None:
    """Why this implementation cannot run here (a skip reason), or None when it can."""
    if implementation.startswith("torch") and not torch_available():
        return "PyTorch is not installed (pip install torch==2.13.0 takes the CPU build)"
    if implementation == "numba" and numba_network_class() is None:
        return "bpnn.kernels.NumbaNetwork is not available"
    return None


def torch_dtype(implementation: str):
    import torch
    return torch.float32 if implementation == "torch32" else torch.float64


_torch_data = {}


def torch_data(workload: Workload, n: int, network):
    """The rows as tensors of the network's dtype, made once per workload, size and dtype."""
    key = (workload.name, n, str(network.dtype))
    if key not in _torch_data:
        _torch_data[key] = network.as_tensors(*dataset(workload, n))
    return _torch_data[key]


def prepare(implementation: str, workload: Workload, n: int, epochs: int):
    """(setup, train) for one run of the workload on its first n rows (see the module docstring)."""
    settings = dict(epochs=epochs, lr=workload.lr, momentum=workload.momentum,
                    batch_size=workload.batch_size, optimizer=workload.optimizer)

    if implementation == "textbook":
        def setup():
            return (textbook_network(workload), patterns(workload, n)), {}

        def train(network, rows):
            return network, network.train(rows, **settings)

    elif implementation == "numba":
        numba_network = numba_network_class()

        def setup():
            return (numba_network(**workload.network, seed=0), dataset(workload, n)), {}

        def train(network, arrays):
            return network, network.train(arrays, **settings)

    elif implementation == "numpy":
        from numpy_network import NumpyNetwork

        def setup():
            return (NumpyNetwork(textbook_network(workload)), *dataset(workload, n)), {}

        def train(network, inputs, targets):
            return network, network.train(inputs, targets, **settings)

    elif implementation.startswith("torch"):
        from torch_network import TorchNetwork
        dtype = torch_dtype(implementation)

        def setup():
            network = TorchNetwork(textbook_network(workload), dtype)
            return (network, *torch_data(workload, n, network)), {}

        def train(network, inputs, targets):
            return network, network.train_arrays(inputs, targets, **settings)

    else:
        raise ValueError(f"unknown implementation {implementation!r}; choose one of {', '.join(IMPLEMENTATIONS)}")
    return setup, train


def weights(implementation: str, network) -> list[np.ndarray]:
    """The network's weights as float64 arrays (rows w[i][j], the bias row last)."""
    if implementation.startswith("torch"):
        layers = network.weight_lists()
    else:
        layers = network.weights
    return [np.array(layer, dtype=np.float64) for layer in layers]


def warm_up(implementation: str, workload: Workload) -> None:
    """Pay the first-call costs (Numba's compilation or cache load, PyTorch's start-up) on two
    batches of the same network, so that they are not timed."""
    n = min(workload.samples, 2 * workload.batch_size)
    setup, train = prepare(implementation, workload, n, 1)
    args, kwargs = setup()
    train(*args, **kwargs)
