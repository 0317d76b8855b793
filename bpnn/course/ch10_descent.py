"""Chapter 10: batch, mini-batch and online gradient descent on one problem, with the same samples seen.

Tutorial 5 names the three ways to turn a data set's errors into steps:

    batch gradient descent        the error of the whole data set, then one step; each step is the
                                  best informed, but it costs a pass over all the data
    stochastic gradient descent   a step for each randomly chosen sample: cheap steps, but each
                                  follows one sample's gradient, so the path is noisy (online learning)
    mini-batch gradient descent   the data split into mini-batches, one step per mini-batch along
                                  its mean gradient: between the two

Here one network learns one data set all three ways, from the same initial weights, in the same
order of samples, for the same number of epochs: so each way sees the same samples, and only how
many samples make one step differs. After every step the loss over the whole data set is
measured (outside the timed training), so that the loss can be read against epochs, against
weight updates and against seconds of training, and the noise of each path counted: how often a
step raised the loss over the data set, and by how much at most.

The data set is two interleaved half-moons in the plane, made from the seed: a small two-class
problem that no straight line separates (a hidden layer is needed), whose noise makes the classes
overlap a little, so that the loss cannot fall to zero and the paths' noise stays visible; with
48 points the textbook takes every one of the online path's 2400 measured steps in seconds.
"""
import math
import random
from collections.abc import Callable
from dataclasses import dataclass

from bpnn.randomness import epoch_order
from bpnn.validation import check_count, check_number

from .backends import network_class, training_clock
from .language import N_   # the runs' names, translated where they are shown

Pattern = list[list[float]]


def two_moons(n_points: int = 48, noise: float = 0.25, seed: int = 0) -> list[Pattern]:
    """`n_points` [[x1, x2], [class]] patterns: the even ones on an upper half-moon (class 0),
    the odd ones on a lower half-moon hooked into it (class 1), each moved by Gaussian noise of
    standard deviation `noise` in both directions; all drawn from random.Random(seed).

    upper: (cos θ, sin θ),  lower: (1 - cos θ, 1/2 - sin θ),  θ uniform on [0, π),
    both shifted by (-1/2, -1/4) so that the points centre on the origin.
    """
    check_count(n_points, "number of points", minimum=2)
    if check_number(noise, "noise") < 0.0:
        raise ValueError(f"noise must be at least 0, got {noise}")
    rng = random.Random(seed)
    patterns = []
    # the even points on the upper moon, the odd on the lower, each moved by the noise
    for p in range(n_points):
        label = p % 2
        theta = math.pi * rng.random()
        if label == 0:
            x1, x2 = math.cos(theta), math.sin(theta)
        else:
            x1, x2 = 1.0 - math.cos(theta), 0.5 - math.sin(theta)
        patterns.append([[x1 - 0.5 + noise * rng.gauss(0.0, 1.0), x2 - 0.25 + noise * rng.gauss(0.0, 1.0)],
                         [float(label)]])
    return patterns


def moons_network(hidden: int = 8, seed: int = 0, backend: str = "python"):
    """The network every way of descent starts from: 2-hidden-1, tanh hidden units, a sigmoid
    output, binary cross-entropy, PyTorch's initial weights from `seed`."""
    return network_class(backend)([2, hidden, 1], activation="tanh", output="sigmoid", loss="bce", seed=seed)


@dataclass
class DescentRun:
    network: object
    name: str                    # "full batch", "mini-batch" or "online"
    batch_size: int
    updates_per_epoch: int
    updates: int                 # weight updates in all
    samples_seen: int            # forward and backward passes in all: epochs x points, the same for every run
    losses: list[float]          # mean BCE over the data set before the first update, then after each update
    epoch_losses: list[float]    # the same before the first epoch, then after each epoch
    seconds: list[float]         # seconds of training (measurement and compiling excluded) after each update
    rises: int                   # updates after which the data set's loss was higher than before them
    rise_fraction: float         # rises / updates: 0 for a path that only descends
    largest_rise: float          # the largest such increase (0.0 if the loss never rose)
    final_loss: float
    training_seconds: float      # this run's time; it varies from run to run and machine to machine


@dataclass
class DescentResult:
    n_points: int
    noise: float
    sizes: list[int]
    epochs: int
    lr: float
    seed: int
    runs: list[DescentRun]
    common_updates: int          # the fewest updates of any run (the full batch's): compare the runs after as many

    def losses_after_common_updates(self) -> list[float]:
        """Each run's loss over the data set after `common_updates` updates."""
        return [run.losses[self.common_updates] for run in self.runs]


def descend(network, patterns, batch_size: int, epochs: int, lr: float, seed: int, name: str,
            callback: Callable[[int, float], None] | None = None) -> DescentRun:
    """Plain gradient descent (PyTorch's SGD without momentum) on `patterns`, `batch_size` samples
    a step, for `epochs` epochs; each epoch visits the samples in an order shuffled by
    random.Random(seed), the same orders whatever the batch size. callback(epoch, loss) after each epoch."""
    order_random = random.Random(seed)
    loss, _ = network.test(patterns)
    losses, epoch_losses, seconds = [loss], [loss], []
    rises, largest_rise, elapsed = 0, 0.0, 0.0
    # an epoch: every sample once, in an order shuffled the same way for every batch size
    with training_clock() as clock:
        for epoch in range(1, epochs + 1):
            order = epoch_order(order_random, len(patterns), True)
            # one step per batch: w ← w - lr · (mean of the batch's gradients), then the loss over all the data
            for start in range(0, len(order), batch_size):
                batch = [patterns[p] for p in order[start:start + batch_size]]
                started = clock()
                network.train(batch, 1, lr, 0.0, len(batch), optimizer="sgd")
                elapsed = elapsed + (clock() - started)
                seconds.append(elapsed)
                loss, _ = network.test(patterns)
                if loss > losses[-1]:
                    rises = rises + 1
                    largest_rise = max(largest_rise, loss - losses[-1])
                losses.append(loss)
            epoch_losses.append(losses[-1])
            if callback is not None:
                callback(epoch, losses[-1])
    updates = len(losses) - 1
    return DescentRun(network, name, batch_size, updates // epochs, updates, epochs * len(patterns), losses,
                      epoch_losses, seconds, rises, rises / updates, largest_rise, losses[-1], elapsed)


def descent(n_points: int = 48, noise: float = 0.25, hidden: int = 8, epochs: int = 50, lr: float = 0.5,
            mini_batch: int = 16, seed: int = 0, backend: str = "python",
            callback: Callable[[int, float], None] | None = None,
            before_training: Callable[[object], None] | None = None) -> DescentResult:
    """The same network (moons_network(hidden, seed)) trained on two_moons(n_points, noise, seed)
    full-batch (n_points a step), mini-batch (mini_batch a step) and online (1 a step), each for
    `epochs` epochs at the same learning rate. before_training(network) before each run trains (e.g.
    a page's Recorder.follow), callback(epoch, loss) after each epoch of each run."""
    check_count(epochs, "epochs")
    lr = check_number(lr, "lr")
    patterns = two_moons(n_points, noise, seed)
    check_count(mini_batch, "mini-batch size")
    if not 1 < mini_batch < n_points:
        raise ValueError(f"the mini-batch size must lie between 1 and the {n_points} points (both excluded), "
                         f"got {mini_batch}")
    runs = []
    # the three ways, each from the same initial weights
    for name, batch_size in ((N_("full batch"), n_points), (N_("mini-batch"), mini_batch), (N_("online"), 1)):
        network = moons_network(hidden, seed, backend)
        if before_training is not None:
            before_training(network)
        runs.append(descend(network, patterns, batch_size, epochs, lr, seed, name, callback))
    common_updates = min(run.updates for run in runs)
    return DescentResult(n_points, float(noise), list(runs[0].network.sizes), epochs, lr, seed, runs, common_updates)
