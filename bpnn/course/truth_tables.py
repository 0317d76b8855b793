"""The truth tables the course learns: XOR and the logic gates, and how a network's answers are read.

A network answers a truth table when each output is on the right side of 1/2 (rounded, it gives
the table). Over the plane around the unit square its output is a surface; its decision boundary
is where that surface crosses 1/2, and a surface flat to rounding (as logistic regression's on
XOR, 0.5 give or take 1e-16 everywhere) has none.
"""
from dataclasses import dataclass

XOR_PATTERNS = [[[0, 0], [0]], [[0, 1], [1]], [[1, 0], [1]], [[1, 1], [0]]]
INPUTS = [inputs for inputs, _ in XOR_PATTERNS]
# each gate's target for the inputs 00, 01, 10, 11; a line separates the 0s from the 1s of all but XOR
GATES = {"and": [0, 0, 0, 1], "or": [0, 1, 1, 1], "nand": [1, 1, 1, 0], "xor": [0, 1, 1, 0]}
LINEARLY_SEPARABLE = {"and": True, "or": True, "nand": True, "xor": False}
GRID = 61             # points per side of the grid the output surface is computed on
EXTENT = (-0.5, 1.5)  # the square of that grid, around the corners of the unit square
FLAT = 1e-6           # a surface whose outputs all lie within this of each other is flat: no boundary


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


@dataclass
class Surface:
    """The network's output on a GRID x GRID grid over EXTENT x EXTENT: outputs[row][column] at
    (x1, x2) = (coordinates[column], coordinates[row])."""
    coordinates: list[float]
    outputs: list[list[float]]
    low: float                # the smallest output on the grid
    high: float               # the largest

    @property
    def flat(self) -> bool:
        """Every output within FLAT of every other: the surface has no 1/2 contour worth the name."""
        return self.high - self.low < FLAT


def output_surface(network) -> Surface:
    low, high = EXTENT
    coordinates = [low + (high - low) * k / (GRID - 1) for k in range(GRID)]
    outputs = [[float(network.forward([x1, x2])[0]) for x1 in coordinates] for x2 in coordinates]
    values = [value for row in outputs for value in row]
    return Surface(coordinates, outputs, min(values), max(values))
