"""bpnn.activations, one element (or, for softmax, one row) at a time.

Each activation has a code (the index of its name in bpnn.activations.ACTIVATION_NAMES), so a
compiled loop can pick it at run time. The lines are the textbook's, operation for operation.
"""
import math

from bpnn.activations import ACTIVATION_NAMES

from .jit import jit

SIGMOID, TANH, RELU, LEAKY_RELU, LINEAR, SOFTMAX = range(6)
CODES = {"sigmoid": SIGMOID, "tanh": TANH, "relu": RELU, "leaky_relu": LEAKY_RELU, "linear": LINEAR,
         "softmax": SOFTMAX}
assert tuple(CODES) == ACTIVATION_NAMES, "bpnn.activations gained or reordered an activation"


@jit(inline=True)
def activate(code, z, constants):
    """y = f(z)."""
    if code == SIGMOID:
        # σ(z) = 1 / (1 + e^-z), for z < 0 as e^z / (1 + e^z)
        if z >= 0.0:
            return 1.0 / (1.0 + math.exp(-z))
        e = math.exp(z)
        return e / (1.0 + e)
    if code == TANH:
        return math.tanh(z)
    if code == RELU:
        return 0.0 if z <= 0.0 else z
    if code == LEAKY_RELU:
        return constants.leaky_slope * z if z <= 0.0 else z
    return z  # linear


@jit(step=True)
def derivative(code, y, constants):
    """f'(z) in terms of y = f(z)."""
    if code == SIGMOID:
        return y * (1.0 - y)
    if code == TANH:
        return 1.0 - y**constants.square  # the C library's pow, as the textbook's y**2
    if code == RELU:
        return 0.0 if y <= 0.0 else 1.0
    if code == LEAKY_RELU:
        return constants.leaky_slope if y <= 0.0 else 1.0
    return 1.0  # linear


@jit(internal=True)
def softmax(weighted_sums, outputs):
    """y_k = e^(z_k - m) / Σ_j e^(z_j - m), m = max_j z_j, for one row."""
    largest = weighted_sums[0]
    for z in weighted_sums:
        if z > largest:
            largest = z
    # exponentials and their total, added up in node order
    total = 0.0
    for k in range(weighted_sums.shape[0]):
        outputs[k] = math.exp(weighted_sums[k] - largest)
        total = total + outputs[k]
    for k in range(weighted_sums.shape[0]):
        outputs[k] = outputs[k] / total


@jit(inline=True)
def activate_rows(code, weighted_sums, outputs, constants):
    """outputs = f(weighted_sums) for every row (pattern) of a batch."""
    for p in range(weighted_sums.shape[0]):
        if code == SOFTMAX:
            softmax(weighted_sums[p], outputs[p])
        else:
            for j in range(weighted_sums.shape[1]):
                outputs[p, j] = activate(code, weighted_sums[p, j], constants)
