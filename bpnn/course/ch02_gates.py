"""Chapter 2: logistic regression (one sigmoid unit) learns AND, OR and NAND, but not XOR.

Tutorial 1 trains it in PyTorch: binary cross-entropy, SGD with lr 1 on the full batch of the
four patterns, 1000 epochs; AND and OR reach 100% (loss 0.017431 for AND), XOR stays at
ln 2 = 0.693147, the loss of answering 1/2 everywhere: no line separates XOR's classes.
"""
from collections.abc import Callable
from dataclasses import dataclass

from bpnn.validation import check_choice

from .backends import network_class
from .truth_tables import GATES, LINEARLY_SEPARABLE, Row, gate_patterns, output_surface, truth_table


@dataclass
class GateResult:
    network: object
    gate: str
    errors: list[float]       # the mean BCE of each epoch, measured while it trained
    loss: float               # the mean BCE of the trained network
    table: list[Row]
    accuracy: float           # the fraction of rows on the right side of 1/2
    linearly_separable: bool
    output_low: float         # the smallest and largest output over the plane around the unit square
    output_high: float        # (truth_tables.output_surface)
    flat: bool                # those two within truth_tables.FLAT: the output is flat, there is no boundary


def gate(name: str, epochs=1000, lr=1.0, optimizer="sgd", momentum=0.0, batch_size=4, seed=0, backend="python",
         network=None, callback: Callable[[int, float], None] | None = None,
         before_training: Callable[[object], None] | None = None) -> GateResult:
    """Logistic regression, as tutorial 1 trains it: one sigmoid unit on two inputs and a bias
    (sizes [2, 1], PyTorch's initial weights), binary cross-entropy, SGD with lr 1 on the full
    batch of four patterns for 1000 epochs. It learns AND, OR and NAND; on XOR, which no line
    separates, the best it can do is 1/2 everywhere, a loss of ln 2 = 0.6931. before_training(network)
    before training, callback(epoch, error) after each epoch."""
    check_choice(name, tuple(GATES), "gate")
    if network is None:
        network = network_class(backend)([2, 1], output="sigmoid", loss="bce", seed=seed)
    if before_training is not None:
        before_training(network)
    patterns = gate_patterns(name)
    errors = network.train(patterns, epochs, lr, momentum, batch_size, optimizer=optimizer, callback=callback)
    loss, _ = network.test(patterns)
    table = truth_table(network, patterns)
    right = 0
    for row in table:
        right = right + ((row.output >= 0.5) == (row.target >= 0.5))
    surface = output_surface(network)
    return GateResult(network, name, list(errors), float(loss), table, right / len(table), LINEARLY_SEPARABLE[name],
                      surface.low, surface.high, surface.flat)
