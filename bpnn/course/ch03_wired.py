"""Chapter 3: XOR wired by hand as AND(NAND(x), OR(x)), with no learning at all.

Tutorial 4 wires it from three step units (perceptrons); tutorial 5 computes the same table
through sigmoid units, and gets it wrong: with these weights all four outputs lie above 1/2.
"""
from dataclasses import dataclass

from bpnn.network import NeuralNetwork

from .truth_tables import XOR_PATTERNS, solves


# (weights, bias) of each unit, from tutorial 4: NAND and OR read the inputs, AND reads them both
WIRED_UNITS = {"nand": ([-2.0, -2.0], 3.0), "or": ([2.0, 2.0], -1.0), "and": ([1.0, 1.0], -1.0)}


@dataclass
class WiredRow:
    inputs: list[int]
    n1: float                 # the NAND unit
    n2: float                 # the OR unit
    output: float             # the AND unit on (n1, n2)
    target: int


@dataclass
class WiredResult:
    units: dict
    step: list[WiredRow]
    sigmoid: list[WiredRow]
    step_solved: bool
    sigmoid_solved: bool


def step_unit(inputs, weights, bias) -> float:
    """A perceptron: 1 if Σ_i w_i x_i + b > 0, else 0 (tutorial 4's MLP())."""
    total = 0.0
    for x, w in zip(inputs, weights):
        total = total + x * w
    return 1.0 if total + bias > 0.0 else 0.0


def wired_network() -> NeuralNetwork:
    """The same three units as a 2-2-1 sigmoid network: w[i][j] from input i to unit j, bias row last."""
    network = NeuralNetwork([2, 2, 1], activation="sigmoid", output="sigmoid")
    (nand, nand_bias), (or_, or_bias), (and_, and_bias) = WIRED_UNITS["nand"], WIRED_UNITS["or"], WIRED_UNITS["and"]
    network.weights = [[[nand[0], or_[0]], [nand[1], or_[1]], [nand_bias, or_bias]],
                       [[and_[0]], [and_[1]], [and_bias]]]
    return network


def wired() -> WiredResult:
    """XOR = AND(NAND(x), OR(x)) with step units (tutorial 4) and with sigmoid units (tutorial 5's
    table). With step units it is exact. With sigmoid units the same weights keep the order
    (the XOR = 1 rows score higher) but not the threshold: all four outputs lie above 1/2. The
    weights are small, so the sigmoid hidden units do not reach 0 and 1 (n1 = 0.953, n2 = 0.269 on
    0 0), and the AND unit's bias -1 sits exactly on a tie: even for n1 = 1, n2 = 0 its weighted sum
    would be 0, which the step unit answers with 0 and the sigmoid with σ(0) = 1/2."""
    step_rows, sigmoid_rows = [], []
    network = wired_network()
    for inputs, (target,) in XOR_PATTERNS:
        n1 = step_unit(inputs, *WIRED_UNITS["nand"])
        n2 = step_unit(inputs, *WIRED_UNITS["or"])
        step_rows.append(WiredRow(inputs, n1, n2, step_unit([n1, n2], *WIRED_UNITS["and"]), target))
        (output,) = network.forward(inputs)
        n1, n2 = network.outputs[0]
        sigmoid_rows.append(WiredRow(inputs, n1, n2, output, target))
    units = {name: {"weights": weights, "bias": bias} for name, (weights, bias) in WIRED_UNITS.items()}
    return WiredResult(units, step_rows, sigmoid_rows, solves(step_rows), solves(sigmoid_rows))
