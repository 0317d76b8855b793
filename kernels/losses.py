"""bpnn.losses for one pattern (one row of a batch): the output deltas and the loss value."""
import math

from bpnn.losses import LOSSES

from .activations import derivative
from .jit import jit

HALF_SSE, MSE, BCE, CROSS_ENTROPY = range(4)
CODES = {"half_sse": HALF_SSE, "mse": MSE, "bce": BCE, "cross_entropy": CROSS_ENTROPY}
assert tuple(CODES) == tuple(LOSSES), "bpnn.losses gained or reordered a loss"


@jit(inline=True)
def output_deltas(loss, output_code, outputs, targets, deltas, constants):
    """δ_k = ∂E/∂z_k of one pattern, written into `deltas`."""
    n = outputs.shape[0]
    if loss == HALF_SSE:
        # δ_k = f'(y_k) (y_k - t_k)
        for k in range(n):
            deltas[k] = derivative(output_code, outputs[k], constants) * (outputs[k] - targets[k])
    elif loss == MSE:
        # δ_k = f'(y_k) · 2 (y_k - t_k) / n
        for k in range(n):
            deltas[k] = derivative(output_code, outputs[k], constants) * (2.0 * (outputs[k] - targets[k]) / n)
    elif loss == BCE:
        # δ_k = (y_k - t_k) / n
        for k in range(n):
            deltas[k] = (outputs[k] - targets[k]) / n
    else:
        # δ_k = y_k Σ_j t_j - t_k
        target_total = 0.0
        for k in range(n):
            target_total = target_total + targets[k]
        for k in range(n):
            deltas[k] = outputs[k] * target_total - targets[k]


@jit(inline=True)
def loss_value(loss, weighted_sums, outputs, targets, constants):
    """(E of one pattern, whether CPython would have raised OverflowError computing it).

    Only half_sse's `(t - y)**2` can overflow (when the outputs are unbounded); CPython raises
    OverflowError there, where pow returns inf. The caller then stops just where the textbook stops.
    """
    n = outputs.shape[0]
    error = 0.0
    if loss == HALF_SSE:
        for k in range(n):
            difference = targets[k] - outputs[k]
            square = difference**constants.square  # the C library's pow, as the textbook's **2
            if math.isinf(square) and math.isfinite(difference):
                return math.inf, True
            error = error + 0.5 * square
        return error, False
    if loss == MSE:
        for k in range(n):
            difference = outputs[k] - targets[k]
            error = error + difference * difference
        return error / n, False
    if loss == BCE:
        # max(z, 0) - z t + log(1 + e^-|z|), from the weighted sums z
        for k in range(n):
            z = weighted_sums[k]
            positive_part = z if z > 0.0 else 0.0
            error = error + ((positive_part - z * targets[k]) + math.log(1.0 + math.exp(-abs(z))))
        return error / n, False
    # cross-entropy by log-sum-exp: -Σ_k t_k ((z_k - m) - log Σ_j e^(z_j - m))
    largest = weighted_sums[0]
    for z in weighted_sums:
        if z > largest:
            largest = z
    total = 0.0
    for z in weighted_sums:
        total = total + math.exp(z - largest)
    log_total = math.log(total)
    for k in range(n):
        error = error - targets[k] * ((weighted_sums[k] - largest) - log_total)
    return error, False
