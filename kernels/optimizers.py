"""bpnn.optimizers and the network's update_weights, over a whole network in one sweep.

The textbook updates layer by layer, in three loops over each matrix: average the gradient sums
over the batch, let the optimizer move each weight, clear the sums. Every entry's update reads
and writes only that entry, so one loop over all the network's weights as a flat array, doing
the three steps entry by entry, gives every weight exactly the textbook's value, while reading
the memory once instead of three times. Large networks share the sweep out over threads (each
entry is still updated by one thread, with the same operations).
"""
import math

from numba import prange

from bpnn.optimizers import OPTIMIZER_SLOTS

from .jit import jit

CLASSIC, SGD, ADAM = range(3)
CODES = {"classic": CLASSIC, "sgd": SGD, "adam": ADAM}
assert tuple(CODES) == tuple(OPTIMIZER_SLOTS), "bpnn.optimizers gained or reordered an optimizer"
PARALLEL_WEIGHTS = 1 << 18  # weights from which the update is shared out over threads
CHUNK = 1 << 14  # weights per thread's share


@jit(inline=True)
def classic(weight, gradient, previous_change, lr, momentum):
    """change = -g;  w ← w + lr · change + momentum · previous_change.  Returns (w, change)."""
    change = -gradient
    return weight + lr * change + momentum * previous_change, change


@jit(inline=True)
def sgd(weight, gradient, velocity, lr, momentum):
    """v ← μ · v + g;  w ← w - lr · v.  Returns (w, v)."""
    velocity = momentum * velocity + gradient
    return weight - lr * velocity, velocity


@jit(inline=True)
def adam(weight, gradient, first_moment, second_moment, step_size, bias_correction2_root, constants):
    """m ← β1 m + (1 - β1) g;  v ← β2 v + (1 - β2) g²;  w ← w - step_size · m / (√v / √(1 - β2^t) + ε)
    with step_size = lr / (1 - β1^t) and √(1 - β2^t) computed once per step (update_weights).
    Returns (w, m, v)."""
    beta1, beta2 = constants.adam_beta1, constants.adam_beta2
    first_moment = beta1 * first_moment + (1.0 - beta1) * gradient
    second_moment = beta2 * second_moment + (1.0 - beta2) * (gradient * gradient)
    denominator = math.sqrt(second_moment) / bias_correction2_root + constants.adam_epsilon
    return weight - step_size * (first_moment / denominator), first_moment, second_moment


@jit(inline=True)
def update_range(weights, gradients, state, optimizer, lr, momentum, step_size, bias_correction2_root,
                 batch_size, constants, start, end):
    """update_weights for the entries start..end-1."""
    for i in range(start, end):
        # average over the batch: g_ij = (Σ_batch a_i δ_j) / batch_size
        g = gradients[i] / batch_size
        if optimizer == CLASSIC:
            weights[i], state[0, i] = classic(weights[i], g, state[0, i], lr, momentum)
        elif optimizer == SGD:
            weights[i], state[0, i] = sgd(weights[i], g, state[0, i], lr, momentum)
        else:
            weights[i], state[0, i], state[1, i] = adam(weights[i], g, state[0, i], state[1, i], step_size,
                                                        bias_correction2_root, constants)
        # clear: the next batch starts its sums from 0.0
        gradients[i] = 0.0


@jit(parallel=True)
def update_parallel(weights, gradients, state, optimizer, lr, momentum, step_size, bias_correction2_root,
                    batch_size, constants):
    n = weights.shape[0]
    for chunk in prange((n + CHUNK - 1) // CHUNK):
        update_range(weights, gradients, state, optimizer, lr, momentum, step_size, bias_correction2_root,
                     batch_size, constants, chunk * CHUNK, min(chunk * CHUNK + CHUNK, n))


@jit(inline=True)
def update_weights(weights, gradients, state, optimizer, lr, momentum, step, batch_size, constants):
    """The network's update_weights: average the summed gradients over the batch, let the optimizer
    move the weights (`step` is this step's number, for Adam), clear the sums. state[0] and
    state[1] are the optimizer's slots (bpnn.optimizers.OPTIMIZER_SLOTS), flat as the weights."""
    step_size, bias_correction2_root = 0.0, 1.0
    if optimizer == ADAM:
        # β^t as CPython computes float ** int: the C library's pow, with t converted to a float
        step_size = lr / (1.0 - constants.adam_beta1 ** float(step))
        bias_correction2_root = math.sqrt(1.0 - constants.adam_beta2 ** float(step))
    if weights.shape[0] >= PARALLEL_WEIGHTS:
        update_parallel(weights, gradients, state, optimizer, lr, momentum, step_size, bias_correction2_root,
                        batch_size, constants)
    else:
        update_range(weights, gradients, state, optimizer, lr, momentum, step_size, bias_correction2_root,
                     batch_size, constants, 0, weights.shape[0])
