"""Chapter 3: XOR wired by hand as AND(NAND(x), OR(x)), with no learning at all.

Tutorial 4 wires it from three step units (perceptrons); tutorial 5 computes the same table
through sigmoid units, and gets it wrong: with these weights all four outputs lie above 1/2.

Tutorial 5 also writes the pass in batch (matrix) form, all four patterns at once as the rows of
X: (4x2)(2x2) -> 4x2, then (4x2)(2x1) -> 4x1. batch_pass computes it with plain lists beside the
network's per-pattern loops; a matrix product is the same sums, one row per pattern, so the
numbers are the same to the last bit.
"""
from dataclasses import dataclass

from bpnn.activations import sigmoid
from bpnn.network import NeuralNetwork

from .ch01_perceptron import step, weighted_sum, with_bias
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


Matrix = list[list[float]]


@dataclass
class BatchPass:
    inputs: Matrix            # X: one row per pattern
    hidden_weights: Matrix    # W1: w[i][j] from input i to hidden unit j
    hidden_bias: list[float]  # b1
    hidden_sums: Matrix       # Z1 = X W1 + b1
    hidden_outputs: Matrix    # N = σ(Z1): n1, n2 of each pattern
    output_weights: Matrix    # W2
    output_bias: list[float]  # b2
    output_sums: Matrix       # Z2 = N W2 + b2
    outputs: Matrix           # Y = σ(Z2)
    shapes: dict              # each matrix's (rows, columns), each bias's (length,)
    same_as_loops: bool       # N and Y equal the per-pattern loops' n1, n2, y bit for bit


@dataclass
class WiredResult:
    units: dict
    step: list[WiredRow]
    sigmoid: list[WiredRow]
    step_solved: bool
    sigmoid_solved: bool
    batch: BatchPass


def step_unit(inputs, weights, bias) -> float:
    """A perceptron (chapter 1): 1 if Σ_i w_i x_i + b > 0, else 0 (tutorial 4's MLP())."""
    return float(step(weighted_sum(list(weights) + [bias], with_bias(inputs))))


def wired_network() -> NeuralNetwork:
    """The same three units as a 2-2-1 sigmoid network: w[i][j] from input i to unit j, bias row last."""
    network = NeuralNetwork([2, 2, 1], activation="sigmoid", output="sigmoid")
    (nand, nand_bias), (or_, or_bias), (and_, and_bias) = WIRED_UNITS["nand"], WIRED_UNITS["or"], WIRED_UNITS["and"]
    network.weights = [[[nand[0], or_[0]], [nand[1], or_[1]], [nand_bias, or_bias]],
                       [[and_[0]], [and_[1]], [and_bias]]]
    return network


def matrix_product(left: Matrix, right: Matrix) -> Matrix:
    """(A B)_pj = Σ_k A_pk B_kj, each sum from 0.0 in the order of k."""
    product = []
    # (A B)_pj = Σ_k A_pk B_kj: row p of the product is the weighted sums of pattern p
    for row in left:
        product_row = []
        for j in range(len(right[0])):
            total = 0.0
            for k in range(len(row)):
                total = total + row[k] * right[k][j]
            product_row.append(total)
        product.append(product_row)
    return product


def plus_bias(sums: Matrix, bias: list[float]) -> Matrix:
    """Z + b: the bias added to every row (every pattern), as the network adds its bias node's weight last."""
    return [[z + b for z, b in zip(row, bias)] for row in sums]


def shape(value) -> list[int]:
    return [len(value), len(value[0])] if isinstance(value[0], list) else [len(value)]


def batch_pass(network: NeuralNetwork, loops: list[WiredRow]) -> BatchPass:
    """The forward pass of the 2-2-1 network on all patterns at once, with plain lists:
    Z1 = X W1 + b1, N = σ(Z1), Z2 = N W2 + b2, Y = σ(Z2) (W1, b1, W2, b2: the network's weights,
    bias row last), compared with the per-pattern loops' rows."""
    inputs = [[float(x) for x in row.inputs] for row in loops]
    (*hidden_weights, hidden_bias), (*output_weights, output_bias) = network.weights
    hidden_sums = plus_bias(matrix_product(inputs, hidden_weights), hidden_bias)
    hidden_outputs = [[sigmoid(z) for z in row] for row in hidden_sums]
    output_sums = plus_bias(matrix_product(hidden_outputs, output_weights), output_bias)
    outputs = [[sigmoid(z) for z in row] for row in output_sums]
    matrices = dict(inputs=inputs, hidden_weights=hidden_weights, hidden_bias=list(hidden_bias),
                    hidden_sums=hidden_sums, hidden_outputs=hidden_outputs, output_weights=output_weights,
                    output_bias=list(output_bias), output_sums=output_sums, outputs=outputs)
    same = (hidden_outputs == [[row.n1, row.n2] for row in loops] and outputs == [[row.output] for row in loops])
    return BatchPass(**matrices, shapes={name: shape(value) for name, value in matrices.items()}, same_as_loops=same)


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
    return WiredResult(units, step_rows, sigmoid_rows, solves(step_rows), solves(sigmoid_rows),
                       batch_pass(network, sigmoid_rows))
