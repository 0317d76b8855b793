"""The truth tables the course learns: XOR and the logic gates, and how a network's answers are read.

A network answers a truth table when each output is on the right side of 1/2 (rounded, it gives
the table).
"""
from dataclasses import dataclass

XOR_PATTERNS = [[[0, 0], [0]], [[0, 1], [1]], [[1, 0], [1]], [[1, 1], [0]]]
INPUTS = [inputs for inputs, _ in XOR_PATTERNS]
# each gate's target for the inputs 00, 01, 10, 11; a line separates the 0s from the 1s of all but XOR
GATES = {"and": [0, 0, 0, 1], "or": [0, 1, 1, 1], "nand": [1, 1, 1, 0], "xor": [0, 1, 1, 0]}
LINEARLY_SEPARABLE = {"and": True, "or": True, "nand": True, "xor": False}


def gate_patterns(gate: str) -> list:
    """The four [inputs, [target]] patterns of a logic gate."""
    return [[inputs, [target]] for inputs, target in zip(INPUTS, GATES[gate])]


@dataclass
class Row:
    """One line of a truth table: the inputs, the wanted output, what the network gave."""
    inputs: list[int]
    target: float
    output: float


def truth_table(network, patterns) -> list[Row]:
    return [Row(inputs, targets[0], float(network.forward(inputs)[0])) for inputs, targets in patterns]


def solves(table) -> bool:
    """Every output on the right side of 1/2: rounded, the network gives the truth table."""
    return all((row.output >= 0.5) == (row.target >= 0.5) for row in table)
