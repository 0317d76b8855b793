"""Chapter 8: the classic bpnn.py network learns XOR.

Neil Schemenauer's bpnn.py, which tutorial 4 copies: a 2-2-1 tanh network, half the sum of
squared errors, online learning with the classic's momentum rule. Tutorial 4's setting, lr 0.1,
momentum 0.4, 5000 epochs, solves XOR (with the classic's correct momentum sign).

Tutorial 2's network is built here too: 2-2-1 sigmoid units with a bias into every layer
(bias="every"), PyTorch's initial weights, binary cross-entropy, SGD with lr 1 on the full batch
for 10001 steps (`bpnn xor --tutorial 2`, bpnn.course.tutorials).
"""
from collections.abc import Callable
from dataclasses import dataclass

from bpnn.validation import check_choice

from .backends import network_class
from .truth_tables import XOR_PATTERNS, Row, solves, truth_table


@dataclass
class XorResult:
    network: object
    sizes: list[int]
    errors: list[float]       # the error of each epoch (half_sse: summed over the four patterns)
    table: list[Row]
    solved: bool


BIASES = ("input", "every", "none")  # bias nodes: into the first layer only, into every layer, none


def xor_network(hidden=(2,), activation="tanh", output="tanh", loss="half_sse", seed=0, backend="python",
                bias="input", init=None):
    """The classic bpnn.py network for XOR: inputs with a bias node, tanh units, no bias after
    the input layer, half the sum of squared errors. One hidden width gives exactly
    NeuralNetwork.classic(2, width, 1) with the classic's initial weights U(-0.2, 0.2) and
    U(-2, 2); several widths give the same style deeper, with PyTorch's U(±1/√fan_in) instead
    (U(-2, 2) into a layer of 64 tanh units saturates them all, and nothing learns).

    bias "every" puts a bias node into every layer, as PyTorch's nn.Linear has (tutorial 2's
    net), "none" into none; init "classic" or "pytorch" chooses the initial weights whatever the depth."""
    hidden = list(hidden)
    bias = check_choice(bias, BIASES, "bias")
    if init is None:
        init = "classic" if len(hidden) == 1 else "pytorch"
    biases = {"input": [True] + [False] * len(hidden), "every": [True] * (len(hidden) + 1),
              "none": [False] * (len(hidden) + 1)}[bias]
    return network_class(backend)([2, *hidden, 1], activation, output, loss, bias=biases, init=init, seed=seed)


def xor(hidden=(2,), activation="tanh", output="tanh", loss="half_sse", optimizer="classic", lr=0.5,
        momentum=0.1, epochs=1000, batch_size=1, dropout=0.0, seed=0, backend="python", network=None,
        callback: Callable[[int, float], None] | None = None, bias="input", init=None,
        before_training: Callable[[object], None] | None = None) -> XorResult:
    """Train xor_network(...) (or `network`, e.g. a loaded one) on XOR, online by default, with
    the classic's defaults lr 0.5 and momentum 0.1. before_training(network) first (e.g. a page's
    Recorder.follow), callback(epoch, error) after each epoch."""
    if network is None:
        network = xor_network(hidden, activation, output, loss, seed, backend, bias, init)
    if before_training is not None:
        before_training(network)
    errors = network.train(XOR_PATTERNS, epochs, lr, momentum, batch_size, optimizer=optimizer,
                           dropout=dropout, callback=callback)
    table = truth_table(network, XOR_PATTERNS)
    return XorResult(network, list(network.sizes), list(errors), table, solves(table))
