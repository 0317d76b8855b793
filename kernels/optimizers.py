"""bpnn.optimizers over a whole network at once.

The textbook updates layer by layer, entry by entry; every entry's update reads only that
entry, so running over all the network's weights as one flat array (and letting LLVM vectorise
the loop) gives every weight exactly the textbook's value.
"""
import math

from bpnn.optimizers import OPTIMIZER_SLOTS

from .jit import jit

CLASSIC, SGD, ADAM = range(3)
CODES = {"classic": CLASSIC, "sgd": SGD, "adam": ADAM}
assert tuple(CODES) == tuple(OPTIMIZER_SLOTS), "bpnn.optimizers gained or reordered an optimizer"


@jit
def classic(weights, gradients, previous_change, lr, momentum):
    """w ← w + lr · change + momentum · previous_change, change = -g;  previous_change ← change."""
    for i in range(weights.shape[0]):
        change = -gradients[i]
        weights[i] = weights[i] + lr * change + momentum * previous_change[i]
        previous_change[i] = change


@jit
def sgd(weights, gradients, velocity, lr, momentum):
    """v ← μ · v + g,  w ← w - lr · v."""
    for i in range(weights.shape[0]):
        velocity[i] = momentum * velocity[i] + gradients[i]
        weights[i] = weights[i] - lr * velocity[i]


@jit
def adam(weights, gradients, first_moment, second_moment, lr, step, constants):
    """m ← β1 m + (1 - β1) g,  v ← β2 v + (1 - β2) g²,  w ← w - (lr / (1 - β1^t)) · m / (√v / √(1 - β2^t) + ε)."""
    beta1, beta2 = constants.adam_beta1, constants.adam_beta2
    # β^t as CPython computes float ** int: the C library's pow with t converted to a float
    step_size = lr / (1.0 - beta1 ** float(step))
    bias_correction2_root = math.sqrt(1.0 - beta2 ** float(step))
    for i in range(weights.shape[0]):
        g = gradients[i]
        first_moment[i] = beta1 * first_moment[i] + (1.0 - beta1) * g
        second_moment[i] = beta2 * second_moment[i] + (1.0 - beta2) * (g * g)
        denominator = math.sqrt(second_moment[i]) / bias_correction2_root + constants.adam_epsilon
        weights[i] = weights[i] - step_size * (first_moment[i] / denominator)


@jit
def update_weights(weights, gradients, state, optimizer, lr, momentum, step, batch_size, constants):
    """One step of the network's update_weights: average the summed gradients over the batch, let
    the optimizer move the weights (step is this step's number, for Adam), clear the sums."""
    # average over the batch: g_ij = (Σ_batch a_i δ_j) / batch_size
    for i in range(gradients.shape[0]):
        gradients[i] = gradients[i] / batch_size
    if optimizer == CLASSIC:
        classic(weights, gradients, state[0], lr, momentum)
    elif optimizer == SGD:
        sgd(weights, gradients, state[0], lr, momentum)
    else:
        adam(weights, gradients, state[0], state[1], lr, step, constants)
    # clear: the next batch starts its sums from 0.0
    for i in range(gradients.shape[0]):
        gradients[i] = 0.0
