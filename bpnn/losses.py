"""Loss functions: how wrong one pattern's outputs y are against its targets t.

Each loss gives two things:
- its value E for one pattern (from the weighted sums z and outputs y of the output layer), and
- the output deltas δ_k = ∂E/∂z_k with which backpropagation starts.

By the chain rule δ_k = ∂E/∂y_k · ∂y_k/∂z_k = ∂E/∂y_k · f'(y_k). For sigmoid with binary
cross-entropy and softmax with cross-entropy the product collapses to (nearly) y_k - t_k, which
is both cheaper and more accurate than dividing by y(1 - y); so those pairs always use it.

Reduction: the value of one pattern is described in each docstring. Over an epoch (or a test set)
half_sse is summed over the patterns, as the classic bpnn.py reports its error; the other three
are averaged over the patterns, as PyTorch's losses are. Either way the gradient of a mini-batch
step is the average over the batch of the per-pattern gradients.
"""
import math
from typing import Callable, NamedTuple

Vector = list[float]


def half_sse(weighted_sums: Vector, outputs: Vector, targets: Vector) -> float:
    """E = Σ_k ½ (t_k - y_k)², summed (not averaged) over the output nodes: the classic's error,
    computed as the classic writes it, with `**2` (the C library's pow)."""
    error = 0.0
    for k in range(len(outputs)):
        error = error + 0.5 * (targets[k] - outputs[k]) ** 2
    return error


def half_sse_deltas(outputs: Vector, targets: Vector, derivative: Callable[[float], float]) -> Vector:
    """∂E/∂y_k = y_k - t_k, so δ_k = f'(y_k) (y_k - t_k)."""
    return [derivative(y) * (y - t) for y, t in zip(outputs, targets)]


def mse(weighted_sums: Vector, outputs: Vector, targets: Vector) -> float:
    """E = (1/n) Σ_k (y_k - t_k)², averaged over the n output nodes (PyTorch's MSELoss)."""
    error = 0.0
    for k in range(len(outputs)):
        difference = outputs[k] - targets[k]
        error = error + difference * difference
    return error / len(outputs)


def mse_deltas(outputs: Vector, targets: Vector, derivative: Callable[[float], float]) -> Vector:
    """∂E/∂y_k = 2 (y_k - t_k) / n, so δ_k = f'(y_k) · 2 (y_k - t_k) / n."""
    n = len(outputs)
    return [derivative(y) * (2.0 * (y - t) / n) for y, t in zip(outputs, targets)]


def bce(weighted_sums: Vector, outputs: Vector, targets: Vector) -> float:
    """E = -(1/n) Σ_k [t_k log y_k + (1 - t_k) log(1 - y_k)], y_k = σ(z_k), averaged over n outputs.

    Computed from z as max(z, 0) - z t + log(1 + e^-|z|), which equals the line above but never
    takes log(0), even when σ(z) rounds to exactly 0 or 1 (PyTorch's BCEWithLogitsLoss).
    """
    error = 0.0
    for k in range(len(weighted_sums)):
        z = weighted_sums[k]
        positive_part = z if z > 0.0 else 0.0
        error = error + ((positive_part - z * targets[k]) + math.log(1.0 + math.exp(-abs(z))))
    return error / len(weighted_sums)


def bce_deltas(outputs: Vector, targets: Vector, derivative: Callable[[float], float]) -> Vector:
    """Chain rule: ∂E/∂y_k = (y_k - t_k) / (n y_k (1 - y_k)) and ∂y_k/∂z_k = y_k (1 - y_k), so
    δ_k = (y_k - t_k) / n: the sigmoid's derivative cancels, and nothing is divided by y(1 - y).
    `derivative` is unused on purpose: the cancelled f' is already in this formula."""
    n = len(outputs)
    return [(y - t) / n for y, t in zip(outputs, targets)]


def cross_entropy(weighted_sums: Vector, outputs: Vector, targets: Vector) -> float:
    """E = -Σ_k t_k log y_k with y = softmax(z), summed over the classes (PyTorch's CrossEntropyLoss).

    log y_k = (z_k - m) - log Σ_j e^(z_j - m) with m = max z (log-sum-exp), so no log(0).
    """
    largest = weighted_sums[0]
    for z in weighted_sums:
        if z > largest:
            largest = z
    total = 0.0
    for z in weighted_sums:
        total = total + math.exp(z - largest)
    log_total = math.log(total)
    error = 0.0
    for k in range(len(weighted_sums)):
        error = error - targets[k] * ((weighted_sums[k] - largest) - log_total)
    return error


def cross_entropy_deltas(outputs: Vector, targets: Vector, derivative: Callable[[float], float]) -> Vector:
    """Chain rule through softmax: ∂E/∂y_j = -t_j / y_j and ∂y_j/∂z_k = y_j (1[j = k] - y_k), so
    δ_k = Σ_j (-t_j / y_j) y_j (1[j = k] - y_k) = y_k Σ_j t_j - t_k, which is y_k - t_k for
    one-hot (or any probability) targets. `derivative` is unused on purpose (the network passes
    None): softmax's Jacobian is already in this formula."""
    target_total = 0.0
    for t in targets:
        target_total = target_total + t
    return [y * target_total - t for y, t in zip(outputs, targets)]


class Loss(NamedTuple):
    """A loss: value(z, y, t) = E of one pattern; deltas(y, t, f') = δ = ∂E/∂z of its output layer
    (f' the output activation's derivative in terms of y); summed_over_patterns: how an epoch's
    error is reduced (epoch_error)."""
    value: Callable[[Vector, Vector, Vector], float]
    deltas: Callable[[Vector, Vector, Callable[[float], float]], Vector]
    summed_over_patterns: bool


LOSSES = {
    "half_sse": Loss(half_sse, half_sse_deltas, summed_over_patterns=True),
    "mse": Loss(mse, mse_deltas, summed_over_patterns=False),
    "bce": Loss(bce, bce_deltas, summed_over_patterns=False),
    "cross_entropy": Loss(cross_entropy, cross_entropy_deltas, summed_over_patterns=False),
}


def epoch_error(loss_name: str, total: float, n_patterns: int) -> float:
    """The error of an epoch or test set from the total of its patterns' losses (see the module docstring)."""
    return total if LOSSES[loss_name].summed_over_patterns else total / n_patterns
