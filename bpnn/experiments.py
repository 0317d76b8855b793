"""The course's experiments: data, settings and the network that runs them.

The commands in bpnn.cli only parse options and print what these functions return, so tests and
benchmarks run exactly the experiments that users run.
"""
from .network import NeuralNetwork

XOR_PATTERNS = [[[0, 0], [0]], [[0, 1], [1]], [[1, 0], [1]], [[1, 1], [0]]]


def xor(hidden: int = 2, lr: float = 0.5, momentum: float = 0.1, iterations: int = 1000, seed: int = 0,
        callback=None) -> tuple[NeuralNetwork, list[float]]:
    """The classic bpnn.py demo: a 2-hidden-1 tanh network learns XOR online with momentum.
    Returns the trained network and the error of each iteration (one pass over the four patterns)."""
    network = NeuralNetwork.classic(2, hidden, 1, seed=seed)
    errors = network.train(XOR_PATTERNS, iterations, lr, momentum, callback=callback)
    return network, errors
