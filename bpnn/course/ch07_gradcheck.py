"""Chapter 7: backpropagation checked against the slope of the loss, measured by finite differences
(bpnn.gradcheck), on a network of any shape.
"""
import random
from dataclasses import dataclass

from bpnn.gradcheck import gradient_check
from bpnn.network import NeuralNetwork
from bpnn.randomness import uniform
from bpnn.validation import check_count, check_fits


GRADCHECK_TOLERANCE = 1e-6
PATTERN_BYTES = 256  # memory per random pattern, at least, besides its numbers (32 bytes each as floats in lists)


@dataclass
class GradcheckResult:
    sizes: list[int]
    activation: str
    output: str
    loss: str
    patterns: int
    worst: list[float]        # per layer: max |backprop - numerical| / max(|backprop|, |numerical|, 1e-6)
    passed: bool              # every layer below GRADCHECK_TOLERANCE


def check_patterns_fit(count, n_numbers: int = 2) -> int:
    """The number of random patterns, refused (ValueError) if not a whole number of at least 1,
    or if `count` patterns of n_numbers inputs and targets are more than this machine's memory holds."""
    count = check_count(count, "patterns")
    check_fits(count, "patterns", PATTERN_BYTES + 32 * n_numbers, "the random data set")
    return count


def random_patterns(network, count: int, rng: random.Random) -> list:
    """`count` patterns for `network`: inputs from U(-1, 1); one-hot targets for a softmax
    output, else targets from U(0, 1) (valid for every other output and loss)."""
    patterns = []
    for _ in range(count):
        inputs = [uniform(rng, -1.0, 1.0) for _ in range(network.sizes[0])]
        if network.output_activation == "softmax":
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
    check_patterns_fit(n_patterns, network.sizes[0] + network.sizes[-1])
    worst = gradient_check(network, random_patterns(network, n_patterns, random.Random(seed)))
    return GradcheckResult(list(network.sizes), network.activation, network.output_activation, network.loss, n_patterns,
                           worst, all(error < GRADCHECK_TOLERANCE for error in worst))
