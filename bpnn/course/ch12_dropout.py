"""Chapter 12: dropout against overfitting (tutorial 5).

A network with far more weights than it has training points learns the points' noise: its
training loss keeps falling while its loss on fresh points from the same source, after an early
low, rises again. Dropout switches each hidden node off at random for each training pattern, so
that no node can count on any other being there, and the network cannot build the delicate
combinations that fit noise.

Inverted dropout (bpnn.randomness.dropout_masks, applied in NeuralNetwork.forward_pass): while
training with rate p, each hidden node's output y_j reaches the next layer as y_j · mask_j, where
mask_j = 1 / (1 - p) with probability 1 - p and 0 otherwise; the backward pass sends the error back
through the same mask. The expected value of y_j · mask_j is (1 - p) · y_j / (1 - p) = y_j, the
output the node gives when testing, with no mask: so the trained network is used as it is, and
nothing needs rescaling at test time.

The data: a sine wave y = sin(πx) on [-1, 1] sampled at 20 points with Gaussian noise of standard
deviation 0.3, and 200 fresh points from the same source to test on, all from the seed; the network
1-32-32-1 (tanh, a linear output, mean squared error, 1153 weights) trained full batch with Adam.
The best a network can do on the test points is the noise's variance, 0.09.
"""
import math
import random
from collections.abc import Callable
from dataclasses import dataclass

from bpnn.validation import check_count, check_number

from .backends import network_class

MEASURE_EVERY = 10   # epochs between two measurements of the training and test losses


def noisy_sine(n_points: int, noise: float, rng: random.Random) -> list:
    """`n_points` [[x], [y]] patterns: x uniform on [-1, 1), y = sin(πx) plus Gaussian noise of
    standard deviation `noise`, drawn from rng."""
    patterns = []
    # y = sin(πx) + noise at x uniform on [-1, 1)
    for _ in range(n_points):
        x = 2.0 * rng.random() - 1.0
        patterns.append([[x], [math.sin(math.pi * x) + noise * rng.gauss(0.0, 1.0)]])
    return patterns


@dataclass
class DropoutRun:
    network: object
    dropout: float
    epochs_measured: list[int]   # the epochs after which both losses were measured (0: before training)
    train_losses: list[float]    # MSE on the training points, measured without dropout
    test_losses: list[float]     # MSE on the test points
    final_train_loss: float
    final_test_loss: float
    best_test_loss: float        # the lowest test loss measured, and the epoch it was measured at
    best_epoch: int
    curve: list[list[float]]     # [x, sin(πx), the network's y] on an even grid over [-1, 1]


@dataclass
class DropoutResult:
    sizes: list[int]
    n_train: int
    n_test: int
    noise: float
    epochs: int
    lr: float
    seed: int
    train_points: list[list[float]]   # [x, y] of each training point
    runs: list[DropoutRun]            # without dropout, then with it


def dropout(rate: float = 0.3, hidden=(32, 32), epochs: int = 1000, lr: float = 0.01, n_train: int = 20,
            n_test: int = 200, noise: float = 0.3, every: int = MEASURE_EVERY, seed: int = 0, backend: str = "python",
            callback: Callable[[int, float], None] | None = None,
            before_training: Callable[[object], None] | None = None) -> DropoutResult:
    """The same network, NeuralNetwork([1, *hidden, 1], tanh, linear output, MSE, seed), trained on
    the same n_train noisy points full batch with Adam at `lr` for `epochs` epochs: once without
    dropout and once with dropout `rate` in every hidden layer. Both losses are measured before
    training and every `every` epochs. before_training(network) before each run trains (e.g. a page's
    Recorder.follow), callback(epoch, test loss) after each measurement of each run."""
    check_count(epochs, "epochs")
    check_count(every, "every")
    check_count(n_train, "number of training points")
    check_count(n_test, "number of test points")
    rate = check_number(rate, "dropout")
    if not 0.0 < rate < 1.0:
        raise ValueError(f"the dropout rate must lie between 0 and 1 (both excluded), got {rate}")
    if check_number(noise, "noise") < 0.0:
        raise ValueError(f"noise must be at least 0, got {noise}")
    data = random.Random(seed)
    train = noisy_sine(n_train, noise, data)
    test = noisy_sine(n_test, noise, data)
    grid = [-1.0 + 2.0 * k / 100 for k in range(101)]
    runs = []
    # the same network twice, from the same initial weights: without dropout, then with it
    for run_rate in (0.0, rate):
        network = network_class(backend)([1, *hidden, 1], activation="tanh", output="linear", loss="mse", seed=seed)
        epochs_measured = [0]
        train_losses, test_losses = [network.test(train)[0]], [network.test(test)[0]]
        if before_training is not None:
            before_training(network)
        done = 0
        # train `every` epochs at a time (the optimizer and the random draws carry on between calls), then measure
        while done < epochs:
            chunk = min(every, epochs - done)
            network.train(train, chunk, lr, 0.0, n_train, optimizer="adam", dropout=run_rate)
            done = done + chunk
            epochs_measured.append(done)
            train_losses.append(network.test(train)[0])
            test_losses.append(network.test(test)[0])
            if callback is not None:
                callback(done, test_losses[-1])
        best = min(range(len(test_losses)), key=test_losses.__getitem__)
        curve = [[x, math.sin(math.pi * x), float(network.forward([x])[0])] for x in grid]
        runs.append(DropoutRun(network, run_rate, epochs_measured, train_losses, test_losses, train_losses[-1],
                               test_losses[-1], test_losses[best], epochs_measured[best], curve))
    return DropoutResult(list(runs[0].network.sizes), n_train, n_test, float(noise), epochs, float(lr), seed,
                         [[inputs[0], targets[0]] for inputs, targets in train], runs)
