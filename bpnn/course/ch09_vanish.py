"""The vanishing gradient: why the deep sigmoid net of tutorial 1 cannot learn XOR.

On the way back, backpropagation multiplies the deltas at every layer by the weights and by f'(y).
The sigmoid's derivative y (1 - y) is at most 1/4, so with weights of PyTorch's initial size
(about 1/√fan_in) each sigmoid layer shrinks the deltas passing through it (here by 4 to 26 times
a layer), and after three of them the first layer's gradient is tiny and it hardly moves. tanh's
derivative is near 1 for small weighted sums and ReLU's is 1 where a node is on; the same net with
either keeps its gradients and learns XOR at the same setting.

The setting is tutorial 1's: sizes 2-64-32-16-1 with a sigmoid output, PyTorch's initial weights,
binary cross-entropy, SGD with lr 1 on the full batch of the four XOR patterns, 1000 epochs
(the tutorial's sigmoid net ended at loss 0.693046, still ln 2).

The sigmoid net does not fail for good, as tutorial 1 concludes: it sits on a plateau near ln 2,
the loss of answering 1/2 everywhere, whose slope is small but not zero, and it leaves it with
more epochs (at seed 0 its loss falls below 0.5 in epoch 2819, and is 0.00036 after 5000). Each run records the
first epoch whose loss falls below PLATEAU_EXIT.
"""
import math
from collections.abc import Callable
from dataclasses import dataclass

from bpnn.gradcheck import backprop_gradients
from bpnn.network import NeuralNetwork

from .backends import network_class
from .truth_tables import XOR_PATTERNS

SIZES = (2, 64, 32, 16, 1)
ACTIVATIONS = ("sigmoid", "relu", "tanh")
PLATEAU_EXIT = 0.5   # a loss clearly below ln 2 = 0.693: the net has left the plateau of answering 1/2


def gradient_norms(network, patterns) -> list[float]:
    """‖∂E/∂W‖ of each layer, first layer first (bias row included, E the loss averaged over
    the patterns): the size of the step that gradient descent would take there. Computed by the
    textbook on a copy, so that the network (of either backend) is left as it was."""
    textbook = NeuralNetwork.from_dict(network.to_dict())
    norms = []
    for layer in backprop_gradients(textbook, patterns):
        total = 0.0
        for row in layer:
            for g in row:
                total = total + g * g
        norms.append(math.sqrt(total))
    return norms


@dataclass
class DepthRun:
    network: object
    activation: str
    gradient_norms: list[float]   # per layer, at the initial weights (the first epoch's gradient)
    errors: list[float]           # the mean BCE of each epoch, measured while it trained
    loss: float                   # the mean BCE of the trained network
    left_plateau: int | None      # the first epoch whose error is below PLATEAU_EXIT; None if none is


def first_epoch_below(errors: list[float], threshold: float) -> int | None:
    """The first epoch (counted from 1) whose error is below `threshold`, or None."""
    for epoch, error in enumerate(errors, 1):
        if error < threshold:
            return epoch
    return None


@dataclass
class VanishResult:
    sizes: list[int]
    epochs: int
    lr: float
    runs: list[DepthRun]
    plateau_exit: float = PLATEAU_EXIT

    def first_layer_ratio(self, larger: str = "relu", smaller: str = "sigmoid") -> float:
        """How many times the `larger` net's first-layer gradient norm exceeds the `smaller` net's."""
        norms = {run.activation: run.gradient_norms[0] for run in self.runs}
        return norms[larger] / norms[smaller]


def vanish(activations=ACTIVATIONS, sizes=SIZES, epochs=1000, lr=1.0, seed=0, backend="python",
           callback: Callable[[int, float], None] | None = None,
           before_training: Callable[[object], None] | None = None) -> VanishResult:
    """Train the same net with each hidden activation (the same seed, so the same initial weights)
    and measure each layer's gradient norm before training. before_training(network) before each run
    trains, callback(epoch, error) after each epoch of each run."""
    runs = []
    for activation in activations:
        network = network_class(backend)(list(sizes), activation=activation, output="sigmoid", loss="bce", seed=seed)
        norms = gradient_norms(network, XOR_PATTERNS)
        if before_training is not None:
            before_training(network)
        errors = network.train(XOR_PATTERNS, epochs, lr, 0.0, len(XOR_PATTERNS), optimizer="sgd", callback=callback)
        loss, _ = network.test(XOR_PATTERNS)
        runs.append(DepthRun(network, activation, norms, list(errors), float(loss),
                             first_epoch_below(errors, PLATEAU_EXIT)))
    return VanishResult(list(sizes), epochs, lr, runs)
