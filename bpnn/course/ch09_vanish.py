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


@dataclass
class VanishResult:
    sizes: list[int]
    epochs: int
    lr: float
    runs: list[DepthRun]

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
        runs.append(DepthRun(network, activation, norms, list(errors), float(loss)))
    return VanishResult(list(sizes), epochs, lr, runs)
