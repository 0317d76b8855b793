"""Checks of everything a user hands the network; each failure is a ValueError naming the problem.

Both paths (this textbook and bpnn.kernels) call these same functions, so they accept and refuse
exactly the same things with the same messages.
"""
import math
import numbers
from collections.abc import Mapping, Sequence, Set

from .activations import ACTIVATIONS, ACTIVATION_NAMES
from .losses import LOSSES
from .optimizers import OPTIMIZER_SLOTS

INITS = ("pytorch", "classic")


def check_choice(value, allowed, what: str) -> str:
    if value not in allowed:
        raise ValueError(f"unknown {what} {value!r}; choose one of: {', '.join(allowed)}")
    return value


def check_number(value, what: str) -> float:
    """A finite real number (int or float), returned as a float."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise ValueError(f"{what} must be a number, got {value!r}")
    try:
        finite = math.isfinite(value)
    except OverflowError:  # an int beyond float's range
        raise ValueError(f"{what} is too large for a float") from None
    if not finite:
        raise ValueError(f"{what} must be finite, got {value!r}")
    return float(value)


def check_count(value, what: str, minimum: int = 1) -> int:
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise ValueError(f"{what} must be a whole number, got {value!r}")
    if value < minimum:
        raise ValueError(f"{what} must be at least {minimum}, got {value}")
    return int(value)


def check_vector(values, length: int, what: str) -> list[float]:
    """A sequence of `length` finite numbers, returned as a list of floats."""
    if isinstance(values, (str, bytes, Mapping, Set)) or not hasattr(values, "__len__"):
        raise ValueError(f"{what} must be a list of {length} numbers, got {values!r}")
    if len(values) != length:
        raise ValueError(f"{what} has {len(values)} values, the network expects {length}")
    return [check_number(v, f"{what}[{i}]") for i, v in enumerate(values)]


def check_patterns(patterns, n_inputs: int, n_outputs: int) -> list[tuple[list[float], list[float]]]:
    """A non-empty list of [inputs, targets] pairs of the network's widths."""
    if isinstance(patterns, (str, bytes)) or not isinstance(patterns, Sequence) or len(patterns) == 0:
        raise ValueError("patterns must be a non-empty list of [inputs, targets] pairs")
    checked = []
    for p, pattern in enumerate(patterns):
        if isinstance(pattern, (str, bytes)) or not hasattr(pattern, "__len__") or len(pattern) != 2:
            raise ValueError(f"pattern {p} must be a pair [inputs, targets], got {pattern!r}")
        checked.append((check_vector(pattern[0], n_inputs, f"inputs of pattern {p}"),
                        check_vector(pattern[1], n_outputs, f"targets of pattern {p}")))
    return checked


def check_architecture(sizes, activation: str, output: str, loss, bias, init: str, seed):
    """Validate the constructor's arguments; returns (sizes, bias per layer, loss name)."""
    if isinstance(sizes, (str, bytes)) or not isinstance(sizes, Sequence) or len(sizes) < 2:
        raise ValueError(f"sizes must list at least an input and an output width, got {sizes!r}")
    sizes = [check_count(width, f"layer width sizes[{l}]") for l, width in enumerate(sizes)]
    if activation == "softmax":
        raise ValueError("softmax can only be the output activation, not a hidden layer's")
    check_choice(activation, tuple(ACTIVATIONS), "activation")
    check_choice(output, ACTIVATION_NAMES, "output activation")
    if loss is None:
        loss = "cross_entropy" if output == "softmax" else "half_sse"
    check_choice(loss, tuple(LOSSES), "loss")
    if output == "softmax" and loss != "cross_entropy":
        raise ValueError(f"a softmax output needs the cross_entropy loss, not {loss!r}")
    if loss == "cross_entropy" and output != "softmax":
        raise ValueError(f"the cross_entropy loss needs a softmax output, not {output!r}")
    if loss == "bce" and output != "sigmoid":
        raise ValueError(f"the bce loss needs a sigmoid output, not {output!r}")
    n_layers = len(sizes) - 1
    if isinstance(bias, bool):
        bias = [bias] * n_layers
    elif (isinstance(bias, Sequence) and len(bias) == n_layers and all(isinstance(b, bool) for b in bias)):
        bias = list(bias)
    else:
        raise ValueError(f"bias must be True, False or one bool per layer ({n_layers}), got {bias!r}")
    check_choice(init, INITS, "init")
    check_count(seed, "seed", minimum=0)
    return sizes, bias, loss


def weight_shapes(sizes: list[int], bias: list[bool]) -> list[tuple[int, int]]:
    """(rows, columns) of each layer's matrix: one row per input node, plus the bias row."""
    return [(sizes[l] + bias[l], sizes[l + 1]) for l in range(len(sizes) - 1)]


def check_training(epochs, lr, momentum, batch_size, optimizer: str, dropout) -> tuple[float, float, float]:
    """Validate the training settings; returns (lr, momentum, dropout) as Python floats, so that a
    numpy float32 learning rate cannot turn the arithmetic into float32."""
    check_count(epochs, "epochs")
    lr = check_number(lr, "learning rate")
    if lr < 0.0:
        raise ValueError(f"learning rate must not be negative, got {lr}")
    momentum = check_number(momentum, "momentum")
    if momentum < 0.0:
        raise ValueError(f"momentum must not be negative, got {momentum}")
    check_count(batch_size, "batch size")
    check_choice(optimizer, tuple(OPTIMIZER_SLOTS), "optimizer")
    dropout = check_number(dropout, "dropout")
    if not 0.0 <= dropout < 1.0:
        raise ValueError(f"dropout must be in [0, 1), got {dropout}")
    return lr, momentum, dropout


def check_forward_pass(done: bool) -> None:
    if not done:
        raise ValueError("backward() needs a forward pass first: call forward(inputs)")


def check_epoch_error(epoch: int, error: float) -> float:
    """An epoch's error, if finite; training that diverged stops with FloatingPointError."""
    if not math.isfinite(error):
        raise FloatingPointError(f"training diverged at epoch {epoch}: the error is {error}; "
                                 "try a smaller learning rate")
    return error
