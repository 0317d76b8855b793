"""bpnn: backpropagation as a readable textbook, with a compiled twin that computes the same bits.

Read in this order: activations.py, losses.py, network.py, optimizers.py; then randomness.py,
validation.py and storage.py for how a run stays reproducible, checked and saved. The compiled
path is bpnn.kernels (needs numpy and numba, imported only when used); the commands are bpnn.cli.
"""
from .network import NeuralNetwork

__version__ = "0.1.0"
__all__ = ["NeuralNetwork", "__version__"]
