"""Function approximation (tutorial 3): a network fits a curve only where it has seen it.

The universal approximation theorem (Cybenko 1989, Hornik 1991; tutorial 3 states it): a network
with one hidden layer of enough units, of a non-polynomial activation such as the sigmoid or ReLU,
and a linear output can approximate any continuous function on a bounded interval as closely as
wanted. It says such weights exist for some width, not that training finds them, nor anything
outside the interval.

A 1-6-1 net of ReLU units and a linear output is a broken line with at most six bends. Trained
with Adam (lr 0.01, MSE) on 10000 single samples x drawn uniformly from [-5, 5], y = x³ + x² - x - 1,
it follows the cubic inside the interval; outside it goes on as a straight line while the cubic
bends away, so its error there is many times larger. sweep() trains one such net per width: more
units, more bends, a closer fit (at seed 0 the RMSE inside is 20.5 with 2 units, 4.6 with 6, 1.3
with 24), until the training rather than the width limits it (1.9 with 96: single samples and
Adam's steps of about 0.01 keep the weights jittering).
"""
import math
import random
from collections.abc import Callable
from dataclasses import dataclass

from bpnn.randomness import uniform
from bpnn.validation import check_count, check_fits, check_number

from .backends import network_class

INTERVAL = (-5.0, 5.0)
BEYOND = 2.0               # the error outside is measured this far past each end of the interval
UPDATES_PER_ERROR = 100    # errors[k] is the mean loss of the k-th 100 weight updates
GRID = 200                 # points of the inside grid; each outside stretch gets GRID / 5
SAMPLE_BYTES = 256         # memory per sample, at least: x and y as floats, in [[x], [y]] lists (CPython, 64-bit)


def cubic(x: float) -> float:
    """y = x³ + x² - x - 1, tutorial 3's function."""
    return x * x * x + x * x - x - 1.0


@dataclass
class ApproxResult:
    network: object
    sizes: list[int]
    samples: int
    errors: list[float]
    interval: list[float]
    beyond: float
    rmse_inside: float         # root mean squared error on an even grid over the interval
    rmse_outside: float        # the same on both stretches of width `beyond` outside it
    curve: list[list[float]]   # [x, y, the network's y] over both, left to right


def check_samples(samples) -> int:
    """The number of samples, refused (ValueError) if not a whole number of at least 1, or more
    than this machine's memory can hold, before any is drawn."""
    samples = check_count(samples, "samples")
    check_fits(samples, "samples", SAMPLE_BYTES, "the data set")
    return samples


def fitted_points(network, xs) -> list[list[float]]:
    return [[x, cubic(x), float(network.forward([x])[0])] for x in xs]


def rmse(points) -> float:
    total = 0.0
    for _, y, fitted in points:
        total = total + (fitted - y) * (fitted - y)
    return math.sqrt(total / len(points))


def approx(hidden=6, activation="relu", optimizer="adam", lr=0.01, momentum=0.0, samples=10000, batch_size=1,
           seed=0, interval=INTERVAL, beyond=BEYOND, backend="python", network=None,
           callback: Callable[[int, float], None] | None = None,
           before_training: Callable[[object], None] | None = None) -> ApproxResult:
    """Train a 1-hidden-1 net (or `network`) with a linear output and the MSE loss on `samples`
    points (x, cubic(x)), x uniform on `interval` from random.Random(seed), each seen once in
    order, `batch_size` per update. before_training(network) before training, callback(k, error) after each
    UPDATES_PER_ERROR updates."""
    low, high = (check_number(end, "interval end") for end in interval)
    if not low < high:
        raise ValueError(f"the interval must have low < high, got {interval}")
    if check_number(beyond, "beyond") <= 0.0:
        raise ValueError(f"beyond must be positive, got {beyond}")
    check_samples(samples)
    check_count(batch_size, "batch size")
    if network is None:
        network = network_class(backend)([1, hidden, 1], activation, output="linear", loss="mse", seed=seed)
    if before_training is not None:
        before_training(network)
    data = random.Random(seed)
    xs = [uniform(data, low, high) for _ in range(samples)]
    patterns = [[[x], [cubic(x)]] for x in xs]
    errors = []
    chunk = UPDATES_PER_ERROR * batch_size
    for start in range(0, samples, chunk):
        try:
            (error,) = network.train(patterns[start:start + chunk], 1, lr, momentum, batch_size, optimizer=optimizer)
        except FloatingPointError:  # train counts this chunk as "epoch 1": name the samples instead
            raise FloatingPointError(f"training diverged between samples {start + 1} and "
                                     f"{min(start + chunk, samples)}; try a smaller learning rate") from None
        errors.append(error)
        if callback is not None:
            callback(len(errors), error)
    inside = fitted_points(network, [low + (high - low) * k / GRID for k in range(GRID + 1)])
    stretch = GRID // 5
    left = fitted_points(network, [low - beyond * k / stretch for k in range(stretch, 0, -1)])
    right = fitted_points(network, [high + beyond * k / stretch for k in range(1, stretch + 1)])
    return ApproxResult(network, list(network.sizes), samples, errors, [low, high], beyond, rmse(inside),
                        rmse(left + right), left + inside + right)


@dataclass
class ApproxSweep:
    widths: list[int]
    runs: list[ApproxResult]   # one per width, each trained from its own seeded initial weights on the same samples


def sweep(widths=(6, 24, 96), activation="relu", optimizer="adam", lr=0.01, momentum=0.0, samples=10000,
          batch_size=1, seed=0, interval=INTERVAL, beyond=BEYOND, backend="python",
          callback: Callable[[int, float], None] | None = None) -> ApproxSweep:
    """approx(width, ...) for each width, on the same samples: how the fit improves with the width."""
    widths = [check_count(width, "hidden width") for width in widths]
    runs = [approx(width, activation, optimizer, lr, momentum, samples, batch_size, seed, interval, beyond,
                   backend, callback=callback) for width in widths]
    return ApproxSweep(widths, runs)
