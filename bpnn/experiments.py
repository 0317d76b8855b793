"""The course's experiments: data, settings, the networks that run them and what they show.

Each experiment returns a small result (a dataclass; as_data() turns it into JSON-ready data).
The commands in bpnn.cli only parse options and print these results, so tests and benchmarks run
exactly the experiments that users run. The settings are the curriculum's (../shared/seeds/):

- xor: the classic bpnn.py network (seed 003: lr 0.1, momentum 0.4, 5000 iterations solve XOR).
- gate: logistic regression learns AND, OR, NAND but not XOR (seed 000: loss stuck at ln 2).
- wired: XOR as AND(NAND, OR) with hand-set weights (seeds 003 and 004).
- gradcheck: backpropagation against finite differences (bpnn.gradcheck).
Three have modules of their own: bpnn.vanish (the deep sigmoid net of seed 000 that fails on XOR,
beside ReLU and tanh), bpnn.approx (a 1-6-1 ReLU net fits a cubic only where it was trained,
seed 002) and bpnn.trace (one step of backpropagation with every number).
"""
import dataclasses
import math
import random
from collections.abc import Callable
from dataclasses import dataclass

from .backends import network_class
from .gradcheck import backprop_gradients, gradient_check
from .network import NeuralNetwork
from .randomness import uniform

XOR_PATTERNS = [[[0, 0], [0]], [[0, 1], [1]], [[1, 0], [1]], [[1, 1], [0]]]
INPUTS = [inputs for inputs, _ in XOR_PATTERNS]
# each gate's target for the inputs 00, 01, 10, 11; a line separates the 0s from the 1s of all but XOR
GATES = {"and": [0, 0, 0, 1], "or": [0, 1, 1, 1], "nand": [1, 1, 1, 0], "xor": [0, 1, 1, 0]}
LINEARLY_SEPARABLE = {"and": True, "or": True, "nand": True, "xor": False}


def as_data(value):
    """JSON-ready data: a result's fields (but not its trained networks) as dicts, lists and numbers."""
    if dataclasses.is_dataclass(value):
        return {field.name: as_data(getattr(value, field.name)) for field in dataclasses.fields(value)
                if field.name != "network"}
    if isinstance(value, dict):
        return {key: as_data(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [as_data(item) for item in value]
    return value.tolist() if hasattr(value, "tolist") else value  # a numpy scalar from the kernels


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


# ---------------------------------------------------------------- xor: the classic network
@dataclass
class XorResult:
    network: object
    sizes: list[int]
    errors: list[float]       # the error of each iteration (half_sse: summed over the four patterns)
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
        momentum=0.1, iterations=1000, batch_size=1, dropout=0.0, seed=0, backend="python", network=None,
        callback: Callable[[int, float], None] | None = None) -> XorResult:
    """Train xor_network(...) (or `network`, e.g. a loaded one) on XOR, online by default, with
    the classic's defaults lr 0.5 and momentum 0.1. callback(iteration, error) after each iteration."""
    if network is None:
        network = xor_network(hidden, activation, output, loss, seed, backend)
    errors = network.train(XOR_PATTERNS, iterations, lr, momentum, batch_size, optimizer=optimizer,
                           dropout=dropout, callback=callback)
    table = truth_table(network, XOR_PATTERNS)
    return XorResult(network, list(network.sizes), list(errors), table, solves(table))


# ---------------------------------------------------------------- gate: logistic regression
@dataclass
class GateResult:
    network: object
    gate: str
    errors: list[float]       # the mean BCE of each epoch, measured while it trained
    loss: float               # the mean BCE of the trained network
    table: list[Row]
    accuracy: float           # the fraction of rows on the right side of 1/2
    linearly_separable: bool


def gate(name: str, epochs=1000, lr=1.0, optimizer="sgd", momentum=0.0, batch_size=4, seed=0, backend="python",
         network=None, callback: Callable[[int, float], None] | None = None) -> GateResult:
    """Logistic regression, as seed 000 trains it: one sigmoid unit on two inputs and a bias
    (sizes [2, 1], PyTorch's initial weights), binary cross-entropy, SGD with lr 1 on the full
    batch of four patterns for 1000 epochs. It learns AND, OR and NAND; on XOR, which no line
    separates, the best it can do is 1/2 everywhere, a loss of ln 2 = 0.6931."""
    if name not in GATES:
        raise ValueError(f"unknown gate {name!r}; choose one of: {', '.join(GATES)}")
    if network is None:
        network = network_class(backend)([2, 1], output="sigmoid", loss="bce", seed=seed)
    patterns = gate_patterns(name)
    errors = network.train(patterns, epochs, lr, momentum, batch_size, optimizer=optimizer, callback=callback)
    loss, _ = network.test(patterns)
    table = truth_table(network, patterns)
    right = 0
    for row in table:
        right = right + ((row.output >= 0.5) == (row.target >= 0.5))
    return GateResult(network, name, list(errors), float(loss), table, right / len(table), LINEARLY_SEPARABLE[name])


# ---------------------------------------------------------------- wired: XOR by hand
# (weights, bias) of each unit, from seed 003: NAND and OR read the inputs, AND reads them both
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
    """A perceptron: 1 if Σ_i w_i x_i + b > 0, else 0 (seed 003's MLP())."""
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
    """XOR = AND(NAND(x), OR(x)) with step units (seed 003) and with sigmoid units (seed 004's
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


# ---------------------------------------------------------------- gradcheck
GRADCHECK_TOLERANCE = 1e-6


@dataclass
class GradcheckResult:
    sizes: list[int]
    activation: str
    output: str
    loss: str
    patterns: int
    worst: list[float]        # per layer: max |backprop - numerical| / max(|backprop|, |numerical|, 1e-6)
    passed: bool              # every layer below GRADCHECK_TOLERANCE


def random_patterns(network, count: int, rng: random.Random) -> list:
    """`count` patterns for `network`: inputs from U(-1, 1); one-hot targets for a softmax
    output, else targets from U(0, 1) (valid for every other output and loss)."""
    patterns = []
    for _ in range(count):
        inputs = [uniform(rng, -1.0, 1.0) for _ in range(network.sizes[0])]
        if network.output == "softmax":
            label = rng.randrange(network.sizes[-1])
            targets = [1.0 if k == label else 0.0 for k in range(network.sizes[-1])]
        else:
            targets = [rng.random() for _ in range(network.sizes[-1])]
        patterns.append([inputs, targets])
    return patterns


def gradcheck(sizes=(2, 4, 3, 1), activation="tanh", output="sigmoid", loss=None, seed=0, n_patterns=4,
              network=None) -> GradcheckResult:
    """Backpropagation's gradient of the mean loss over `n_patterns` random patterns against
    fourth-order central differences (bpnn.gradcheck), for NeuralNetwork(sizes, ...) or `network`."""
    if network is None:
        network = NeuralNetwork(list(sizes), activation, output, loss, seed=seed)
    worst = gradient_check(network, random_patterns(network, n_patterns, random.Random(seed)))
    return GradcheckResult(list(network.sizes), network.activation, network.output, network.loss, n_patterns,
                           worst, all(error < GRADCHECK_TOLERANCE for error in worst))
