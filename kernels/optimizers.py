"""bpnn.optimizers, one weight at a time: classic, sgd and adam, with the textbook's names.

Mirrors bpnn/optimizers.py. The textbook's functions loop over a layer's matrix; these update one
entry and return its new values, for the network's sweep over every weight (kernels.network's
weight_update), which is where the loop is.
"""
import math

from bpnn.optimizers import OPTIMIZER_SLOTS

from .jit import jit

CLASSIC, SGD, ADAM = range(3)
CODES = {"classic": CLASSIC, "sgd": SGD, "adam": ADAM}
assert tuple(CODES) == tuple(OPTIMIZER_SLOTS), "bpnn.optimizers gained or reordered an optimizer"


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
    with step_size = lr / (1 - β1^t) and √(1 - β2^t) computed once per step (adam_factors).
    Returns (w, m, v)."""
    beta1, beta2 = constants.adam_beta1, constants.adam_beta2
    first_moment = beta1 * first_moment + (1.0 - beta1) * gradient
    second_moment = beta2 * second_moment + (1.0 - beta2) * (gradient * gradient)
    denominator = math.sqrt(second_moment) / bias_correction2_root + constants.adam_epsilon
    return weight - step_size * (first_moment / denominator), first_moment, second_moment


@jit(inline=True)
def adam_factors(lr, step, constants):
    """(step_size = lr / (1 - β1^t), √(1 - β2^t)) for Adam's step t, as the textbook's adam computes
    them once per call: β^t as CPython computes float ** int, the C library's pow with t a float."""
    step_size = lr / (1.0 - constants.adam_beta1 ** float(step))
    bias_correction2_root = math.sqrt(1.0 - constants.adam_beta2 ** float(step))
    return step_size, bias_correction2_root
