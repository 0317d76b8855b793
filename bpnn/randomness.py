"""Every random number a network uses, drawn from its own seeded random.Random.

The textbook and the kernels both draw through these functions, in the same order (the initial
weights at construction; then per epoch the shuffled order, then per pattern the dropout masks),
so one seed gives the same draws everywhere, and the same bits on both paths of one machine
(the trained weights also depend on the C library's exp, tanh, log and pow, which may round
differently on another platform).
"""
import math
import random


def uniform(rng: random.Random, low: float, high: float) -> float:
    """A number in [low, high), written as the classic bpnn.py's rand(a, b) = (b - a) random() + a."""
    return (high - low) * rng.random() + low


def initial_weights(sizes: list[int], bias: list[bool], init: str, rng: random.Random) -> list:
    """One matrix per layer, w[i][j] from input node i to output node j, the bias row last.

    init "pytorch": nn.Linear's default, every weight and bias from U(-1/√fan_in, 1/√fan_in).
    init "classic": bpnn.py's, U(-0.2, 0.2) for the first layer and U(-2, 2) after it.
    Either way drawn row by row, layer by layer.
    """
    weights = []
    for layer in range(len(sizes) - 1):
        fan_in, fan_out = sizes[layer], sizes[layer + 1]
        if init == "classic":
            bound = 0.2 if layer == 0 else 2.0
        else:
            bound = 1.0 / math.sqrt(fan_in)
        rows = fan_in + 1 if bias[layer] else fan_in
        weights.append([[uniform(rng, -bound, bound) for _ in range(fan_out)] for _ in range(rows)])
    return weights


def epoch_order(rng: random.Random, n_patterns: int, shuffle: bool) -> list[int]:
    """The order in which an epoch visits the patterns: as given, or shuffled."""
    order = list(range(n_patterns))
    if shuffle:
        rng.shuffle(order)
    return order


def dropout_masks(rng: random.Random, hidden_sizes: list[int], rate: float) -> list[list[float]]:
    """Inverted dropout: each hidden node is kept with probability 1 - rate and then scaled by
    1 / (1 - rate), so that a layer's expected output is the same in training and in testing."""
    keep_scale = 1.0 / (1.0 - rate)
    return [[keep_scale if rng.random() >= rate else 0.0 for _ in range(width)] for width in hidden_sizes]
