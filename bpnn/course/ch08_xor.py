"""Chapter 8: the classic bpnn.py network learns XOR.

Neil Schemenauer's bpnn.py, which tutorial 4 copies: a 2-2-1 tanh network, half the sum of
squared errors, online learning with the classic's momentum rule. Tutorial 4's setting, lr 0.1,
momentum 0.4, 5000 epochs, solves XOR (with the classic's correct momentum sign).
"""
from collections.abc import Callable
from dataclasses import dataclass

from .backends import network_class
from .truth_tables import XOR_PATTERNS, Row, solves, truth_table


@dataclass
class XorResult:
    network: object
    sizes: list[int]
    errors: list[float]       # the error of each epoch (half_sse: summed over the four patterns)
    table: list[Row]
    solved: bool


def xor_network(hidden=(2,), activation="tanh", output="tanh", loss="half_sse", seed=0, backend="python"):
    """The classic bpnn.py network for XOR: inputs with a bias node, tanh units, no bias after
    the input layer, half the sum of squared errors. One hidden width gives exactly
    NeuralNetwork.classic(2, width, 1) with the classic's initial weights U(-0.2, 0.2) and
    U(-2, 2); several widths give the same style deeper, with PyTorch's U(±1/√fan_in) instead
    (U(-2, 2) into a layer of 64 tanh units saturates them all, and nothing learns)."""
    hidden = list(hidden)
    init = "classic" if len(hidden) == 1 else "pytorch"
    return network_class(backend)([2, *hidden, 1], activation, output, loss, bias=[True] + [False] * len(hidden),
                                  init=init, seed=seed)


def xor(hidden=(2,), activation="tanh", output="tanh", loss="half_sse", optimizer="classic", lr=0.5,
        momentum=0.1, epochs=1000, batch_size=1, dropout=0.0, seed=0, backend="python", network=None,
        callback: Callable[[int, float], None] | None = None, before_training: Callable[[object], None] | None = None
        ) -> XorResult:
    """Train xor_network(...) (or `network`, e.g. a loaded one) on XOR, online by default, with
    the classic's defaults lr 0.5 and momentum 0.1. before_training(network) first (e.g. a page's
    Recorder.follow), callback(epoch, error) after each epoch."""
    if network is None:
        network = xor_network(hidden, activation, output, loss, seed, backend)
    if before_training is not None:
        before_training(network)
    errors = network.train(XOR_PATTERNS, epochs, lr, momentum, batch_size, optimizer=optimizer,
                           dropout=dropout, callback=callback)
    table = truth_table(network, XOR_PATTERNS)
    return XorResult(network, list(network.sizes), list(errors), table, solves(table))
