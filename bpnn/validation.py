"""Checks of everything a user hands the network; each failure is a ValueError naming the problem.

Both paths (this textbook and bpnn.kernels) call these same functions, so they accept and refuse
exactly the same things with the same messages.
"""
import math
import numbers
import os
import re
import reprlib
from collections.abc import Mapping, Sequence, Set

from .activations import ACTIVATIONS, ACTIVATION_NAMES
from .losses import LOSSES
from .optimizers import OPTIMIZER_SLOTS

INITS = ("pytorch", "classic")

# The largest count both paths hold alike: a float64 holds every whole number up to 2**53
# exactly, and the kernels count in int64. (A million updates a second reach it in 285 years.)
LARGEST_COUNT = 2**53
LARGEST_SEED = 2**64 - 1
# The memory a network takes per weight, at least: building one took 92 bytes a weight in the
# textbook's lists (a float object and a pointer per weight, a pointer per gradient sum), 133 on
# the kernels' path (which builds the textbook's network first, then float64 arrays); training
# takes more (Adam, in the textbook: 365). Measured on CPython 3.11, 64-bit.
WEIGHT_BYTES = 96
# A value in a message is cut to about this many characters (reprlib), however long it is.
SHOWN = reprlib.Repr()
SHOWN.maxstring = SHOWN.maxother = 60
SHOWN.maxlong = 40
SHOWN.maxlist = SHOWN.maxtuple = SHOWN.maxset = SHOWN.maxfrozenset = SHOWN.maxdeque = SHOWN.maxarray = 8
SHOWN.maxdict = 4
SHOWN.maxlevel = 3
SHOWN_PATH = reprlib.Repr()  # a file's path: longer, since the user wants to recognise it
SHOWN_PATH.maxstring = SHOWN_PATH.maxother = 240


def shown(value, path: bool = False) -> str:
    """repr(value) for a message, on one line and cut short: a list of a million numbers or a
    megabyte of text shows its start, then '...'. A path (path=True) is cut at 240 characters."""
    try:
        return re.sub(r"\n\s*", " ", (SHOWN_PATH if path else SHOWN).repr(value))  # a numpy array's repr has lines
    except ValueError:  # an int of more digits than Python converts to text (sys.set_int_max_str_digits)
        return f"<{type(value).__name__} too long to show>"


def clipped(message: str, limit: int = 800) -> str:
    """A whole message cut to at most `limit` bytes of UTF-8: its start and its end, '...' between."""
    data = message.encode("utf-8", "replace")
    if len(data) <= limit:
        return message
    half = (limit - 3) // 2
    return data[:half].decode("utf-8", "ignore") + "..." + data[-half:].decode("utf-8", "ignore")


def memory_size() -> int:
    """This machine's memory in bytes, as the system reports it; 2**40 (1 TiB) where it does not."""
    try:
        return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (AttributeError, ValueError, OSError):
        return 2**40


def check_fits(count: int, things: str, bytes_each: int, holder: str) -> None:
    """Refuse, before anything is allocated, a holder of `count` things (weights, samples) of at
    least bytes_each bytes each, if this machine's memory cannot hold them."""
    memory = memory_size()
    if count * bytes_each > memory:
        raise ValueError(f"{holder}: {count} {things}, more than this machine's memory can hold "
                         f"({memory / 2**30:.1f} GiB: at most {memory // bytes_each} {things})")


def check_choice(value, allowed, what: str) -> str:
    if value not in allowed:
        raise ValueError(f"unknown {what} {shown(value)}; choose one of: {', '.join(allowed)}")
    return value


def check_number(value, what: str) -> float:
    """A finite real number (int or float), returned as a float."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise ValueError(f"{what} must be a number, got {shown(value)}")
    try:
        finite = math.isfinite(value)
    except OverflowError:  # an int beyond float's range
        raise ValueError(f"{what} is too large for a float") from None
    if not finite:
        raise ValueError(f"{what} must be finite, got {float(value)}")
    return float(value)


def check_count(value, what: str, minimum: int = 1, maximum: int | None = None) -> int:
    """A whole number (an int, or an integer-like such as numpy.int64) from minimum to maximum, as an int."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise ValueError(f"{what} must be a whole number, got {shown(value)}")
    if value < minimum:
        raise ValueError(f"{what} must be at least {minimum}, got {shown(int(value))}")
    if maximum is not None and value > maximum:
        raise ValueError(f"{what} must be at most {maximum}, got {shown(int(value))}")
    return int(value)


def check_vector(values, length: int, what: str) -> list[float]:
    """A sequence of `length` finite numbers, returned as a list of floats."""
    if isinstance(values, (str, bytes, Mapping, Set)) or not hasattr(values, "__len__"):
        raise ValueError(f"{what} must be a list of {length} numbers, got {shown(values)}")
    if len(values) != length:
        raise ValueError(f"{what} has {len(values)} values, the network expects {length}")
    return [check_number(v, f"{what}[{i}]") for i, v in enumerate(values)]


def check_vectors(vectors, length: int, what: str) -> list[list[float]]:
    """A list of input vectors (predict's), each checked as check_vector checks one; vector p is
    named "{what} of pattern p", as check_patterns names it."""
    if isinstance(vectors, (str, bytes, Mapping, Set)) or not hasattr(vectors, "__len__"):
        raise ValueError(f"{what} must be a list of vectors of {length} numbers, got {shown(vectors)}")
    return [check_vector(vector, length, f"{what} of pattern {p}") for p, vector in enumerate(vectors)]


def check_patterns(patterns, n_inputs: int, n_outputs: int) -> list[tuple[list[float], list[float]]]:
    """A non-empty list of [inputs, targets] pairs of the network's widths."""
    if isinstance(patterns, (str, bytes)) or not isinstance(patterns, Sequence) or len(patterns) == 0:
        raise ValueError("patterns must be a non-empty list of [inputs, targets] pairs")
    checked = []
    for p, pattern in enumerate(patterns):
        if isinstance(pattern, (str, bytes)) or not hasattr(pattern, "__len__") or len(pattern) != 2:
            raise ValueError(f"pattern {p} must be a pair [inputs, targets], got {shown(pattern)}")
        checked.append((check_vector(pattern[0], n_inputs, f"inputs of pattern {p}"),
                        check_vector(pattern[1], n_outputs, f"targets of pattern {p}")))
    return checked


def check_architecture(sizes, activation: str, output: str, loss, bias, init: str, seed):
    """Validate the constructor's arguments; returns (sizes, bias per layer, loss name, seed).

    A network whose weights this machine's memory cannot hold is refused here, before any is made.
    """
    if isinstance(sizes, (str, bytes)) or not isinstance(sizes, Sequence) or len(sizes) < 2:
        raise ValueError(f"sizes must list at least an input and an output width, got {shown(sizes)}")
    sizes = [check_count(width, f"layer width sizes[{l}]") for l, width in enumerate(sizes)]
    if activation == "softmax":
        raise ValueError("softmax can only be the output activation, not a hidden layer's")
    check_choice(activation, tuple(ACTIVATIONS), "activation")
    check_choice(output, ACTIVATION_NAMES, "output activation")
    if loss is None:
        loss = "cross_entropy" if output == "softmax" else "half_sse"
    check_choice(loss, tuple(LOSSES), "loss")
    if output == "softmax" and loss != "cross_entropy":
        raise ValueError(f"a softmax output needs the cross_entropy loss, not {shown(loss)}")
    if loss == "cross_entropy" and output != "softmax":
        raise ValueError(f"the cross_entropy loss needs a softmax output, not {shown(output)}")
    if loss == "bce" and output != "sigmoid":
        raise ValueError(f"the bce loss needs a sigmoid output, not {shown(output)}")
    n_layers = len(sizes) - 1
    if isinstance(bias, bool):
        bias = [bias] * n_layers
    elif (isinstance(bias, Sequence) and len(bias) == n_layers and all(isinstance(b, bool) for b in bias)):
        bias = list(bias)
    else:
        raise ValueError(f"bias must be True, False or one bool per layer ({n_layers}), got {shown(bias)}")
    check_choice(init, INITS, "init")
    seed = check_count(seed, "seed", minimum=0, maximum=LARGEST_SEED)
    check_fits(count_weights(sizes, bias), "weights", WEIGHT_BYTES, f"a network of sizes {shown(sizes)}")
    return sizes, bias, loss, seed


def weight_shapes(sizes: list[int], bias: list[bool]) -> list[tuple[int, int]]:
    """(rows, columns) of each layer's matrix: one row per input node, plus the bias row."""
    return [(sizes[l] + bias[l], sizes[l + 1]) for l in range(len(sizes) - 1)]


def count_weights(sizes: list[int], bias: list[bool]) -> int:
    """How many weights a network of these widths has: Σ_l (sizes[l] + bias[l]) · sizes[l + 1]."""
    count = 0
    for rows, columns in weight_shapes(sizes, bias):
        count = count + rows * columns
    return count


def check_training(epochs, lr, momentum, batch_size, optimizer: str, dropout,
                   largest_batch: int | None = None) -> tuple[float, float, int, float]:
    """Validate the training settings; returns (lr, momentum, batch_size, dropout), the numbers
    as Python floats and int, so that a numpy float32 learning rate cannot turn the arithmetic
    into float32. largest_batch: refuse a larger batch size (train takes any, and clamps it to
    the number of patterns; a weight update divides by it, and is refused above LARGEST_COUNT)."""
    check_count(epochs, "epochs")
    lr = check_number(lr, "learning rate")
    if lr < 0.0:
        raise ValueError(f"learning rate must not be negative, got {lr}")
    momentum = check_number(momentum, "momentum")
    if momentum < 0.0:
        raise ValueError(f"momentum must not be negative, got {momentum}")
    batch_size = check_count(batch_size, "batch size", maximum=largest_batch)
    check_choice(optimizer, tuple(OPTIMIZER_SLOTS), "optimizer")
    dropout = check_number(dropout, "dropout")
    if not 0.0 <= dropout < 1.0:
        raise ValueError(f"dropout must be in [0, 1), got {dropout}")
    return lr, momentum, batch_size, dropout


def check_forward_pass(done: bool) -> None:
    if not done:
        raise ValueError("backward() needs a forward pass first: call forward(inputs)")


def check_epoch_error(epoch: int, error: float) -> float:
    """An epoch's error, if finite; training that diverged stops with FloatingPointError."""
    if not math.isfinite(error):
        raise FloatingPointError(f"training diverged at epoch {epoch}: the error is {error}; "
                                 "try a smaller learning rate")
    return error


def check_update(finite: bool, epoch: int | None = None) -> None:
    """After a weight update was undone because it made a weight or the optimizer's state NaN or
    infinite (finite False): FloatingPointError, naming the epoch when training."""
    if not finite:
        where = f"training diverged at epoch {epoch}" if epoch is not None else "the update diverged"
        raise FloatingPointError(f"{where}: a weight update would have made a weight or the optimizer's state "
                                 "infinite or NaN, and was undone; try a smaller learning rate")


def check_loss(finite: bool, pattern: int | None = None) -> None:
    """A pattern's loss too large for a float (CPython's ** raises OverflowError where the
    kernels would give inf): FloatingPointError, as training raises."""
    if not finite:
        which = f"pattern {pattern}" if pattern is not None else "the pattern"
        raise FloatingPointError(f"the loss of {which} is too large for a float: its outputs are too far from "
                                 "its targets")
