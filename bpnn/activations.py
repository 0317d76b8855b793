"""Activation functions y = f(z) and their derivatives f'.

A node adds up its weighted inputs into z and passes z through f. Backpropagation needs f'(z);
for the classic functions it is cheapest in terms of the output y, which the forward pass has
already stored: sigmoid' = y (1 - y) and tanh' = 1 - y**2. ReLU's derivative (1 or 0) can also be
read off y, since y > 0 exactly when z > 0. So every derivative below takes y, not z.

Exactness: the compiled kernels (bpnn.kernels) repeat each line below with the same operations in
the same order, so both paths round identically. tanh' keeps the classic's `y**2` (the C
library's pow, which differs from y*y in the last bit about once in a thousand).
"""
import math
from typing import Callable, NamedTuple

LEAKY_SLOPE = 0.01


def sigmoid(z: float) -> float:
    """σ(z) = 1 / (1 + e^-z), for z < 0 written as e^z / (1 + e^z) so that e^-z cannot overflow."""
    if z >= 0.0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)


def sigmoid_derivative(y: float) -> float:
    """σ'(z) = σ(z) (1 - σ(z)) = y (1 - y)."""
    return y * (1.0 - y)


def tanh(z: float) -> float:
    """tanh(z) = (e^z - e^-z) / (e^z + e^-z), the classic bpnn.py's 'sigmoid'."""
    return math.tanh(z)


def tanh_derivative(y: float) -> float:
    """tanh'(z) = 1 - tanh(z)² = 1 - y**2, written as the classic writes it."""
    return 1.0 - y**2


def relu(z: float) -> float:
    """max(0, z); a NaN passes through, so that a diverging network shows it."""
    return 0.0 if z <= 0.0 else z


def relu_derivative(y: float) -> float:
    """1 where the node is on (y > 0), else 0."""
    return 0.0 if y <= 0.0 else 1.0


def leaky_relu(z: float) -> float:
    """z for z > 0, else 0.01 z: a small slope keeps 'dead' nodes learning."""
    return LEAKY_SLOPE * z if z <= 0.0 else z


def leaky_relu_derivative(y: float) -> float:
    """1 for y > 0, else the slope 0.01 (y has the sign of z)."""
    return LEAKY_SLOPE if y <= 0.0 else 1.0


def linear(z: float) -> float:
    """The identity: a linear output node, for regression."""
    return z


def linear_derivative(y: float) -> float:
    """d z / d z = 1."""
    return 1.0


def softmax(weighted_sums: list[float]) -> list[float]:
    """y_k = e^(z_k - m) / Σ_j e^(z_j - m), m = max_j z_j (subtracting m changes nothing but overflow).

    Output layer only: each y_k depends on every z_j, so it has no per-node derivative; its
    only partner is the cross-entropy loss, whose delta y_k - t_k already contains it.
    """
    largest = weighted_sums[0]
    for z in weighted_sums:
        if z > largest:
            largest = z
    # exponentials and their total, added up in node order
    exponentials = [math.exp(z - largest) for z in weighted_sums]
    total = 0.0
    for e in exponentials:
        total = total + e
    return [e / total for e in exponentials]


class Activation(NamedTuple):
    """A per-node activation: y = function(z), and f'(z) = derivative(y)."""
    function: Callable[[float], float]
    derivative: Callable[[float], float]


# softmax is a whole-layer function with no per-node derivative: the network handles it by name.
ACTIVATIONS = {
    "sigmoid": Activation(sigmoid, sigmoid_derivative),
    "tanh": Activation(tanh, tanh_derivative),
    "relu": Activation(relu, relu_derivative),
    "leaky_relu": Activation(leaky_relu, leaky_relu_derivative),
    "linear": Activation(linear, linear_derivative),
}
ACTIVATION_NAMES = tuple(ACTIVATIONS) + ("softmax",)
