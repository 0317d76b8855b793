"""Optimizers: how a layer's weights w move, given the batch-averaged gradient g = ∂E/∂w.

Each function updates one layer's weight matrix in place, entry by entry, and keeps its memory
(the optimizer state) in matrices of the same shape. The network calls it once per layer per step.
"""
import math

Matrix = list[list[float]]

ADAM_BETA1 = 0.9
ADAM_BETA2 = 0.999
ADAM_EPSILON = 1e-8

# name -> the state matrices it keeps per layer
OPTIMIZER_SLOTS = {
    "classic": ("previous_change",),
    "sgd": ("velocity",),
    "adam": ("first_moment", "second_moment"),
}


def classic(weights: Matrix, gradients: Matrix, previous_change: Matrix, lr: float, momentum: float) -> None:
    """The classic bpnn.py rule, with change = -g (this step's downhill direction):

        w ← w + lr · change + momentum · previous_change,    previous_change ← change

    The momentum term looks back exactly one step (it is not a running velocity).
    """
    for i in range(len(weights)):
        for j in range(len(weights[i])):
            change = -gradients[i][j]
            weights[i][j] = weights[i][j] + lr * change + momentum * previous_change[i][j]
            previous_change[i][j] = change


def sgd(weights: Matrix, gradients: Matrix, velocity: Matrix, lr: float, momentum: float) -> None:
    """PyTorch's SGD (no dampening, no Nesterov), momentum μ as a velocity:

        v ← μ · v + g,    w ← w - lr · v

    With μ = 0 this is plain gradient descent, w ← w - lr · g.
    """
    for i in range(len(weights)):
        for j in range(len(weights[i])):
            velocity[i][j] = momentum * velocity[i][j] + gradients[i][j]
            weights[i][j] = weights[i][j] - lr * velocity[i][j]


def adam(weights: Matrix, gradients: Matrix, first_moment: Matrix, second_moment: Matrix,
         lr: float, step: int) -> None:
    """Adam (Kingma & Ba) with PyTorch's equations and defaults, at step t = 1, 2, ...:

        m ← β1 m + (1 - β1) g            running mean of g
        v ← β2 v + (1 - β2) g²           running mean of g²
        w ← w - (lr / (1 - β1^t)) · m / (√v / √(1 - β2^t) + ε)

    The two (1 - β^t) factors undo the bias of m and v toward their zero start. (PyTorch updates m
    as a lerp and groups the last line differently: the same equations, rounded differently.)
    """
    step_size = lr / (1.0 - ADAM_BETA1**step)
    bias_correction2_root = math.sqrt(1.0 - ADAM_BETA2**step)
    for i in range(len(weights)):
        for j in range(len(weights[i])):
            g = gradients[i][j]
            first_moment[i][j] = ADAM_BETA1 * first_moment[i][j] + (1.0 - ADAM_BETA1) * g
            second_moment[i][j] = ADAM_BETA2 * second_moment[i][j] + (1.0 - ADAM_BETA2) * (g * g)
            denominator = math.sqrt(second_moment[i][j]) / bias_correction2_root + ADAM_EPSILON
            weights[i][j] = weights[i][j] - step_size * (first_moment[i][j] / denominator)
