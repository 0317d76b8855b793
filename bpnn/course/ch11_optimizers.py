"""Chapter 11: SGD, momentum and Adam on one problem from the same initial weights; and tutorial 4's
momentum update, whose learning-rate term has the wrong sign, run as written.

The optimizers (bpnn.optimizers), with g = ∂E/∂w the batch's mean gradient:

    SGD                   w ← w - lr · g
    classic momentum      w ← w - lr · g - momentum · g_previous     (bpnn.py: a one-step look-back)
    momentum as velocity  v ← momentum · v + g,  w ← w - lr · v      (PyTorch's SGD with momentum)
    Adam                  a step of about lr per weight, along the running mean of g divided by
                          the running root mean square of g

When g changes slowly, the classic rule steps (lr + momentum) · g and the velocity lr / (1 - momentum)
· g, both 1.0 · g at lr 0.1 and momentum 0.9: ten times plain SGD's step, which is why both get
down faster; Adam's step does not grow with g at all.

Tutorial 4 writes the classic network (its bpnn.py-style code) with `gradient` = δ_k y_j where
δ_k = f'(y_k) (t_k - y_k): that is -∂E/∂w, the downhill direction, as the classic's `change`. Its
update v = mo · previous_gradient - lr · gradient, w ← w + v then subtracts the downhill
direction: in terms of g it is w ← w + lr · g - mo · g_previous. The learning-rate term climbs
the error surface; the momentum term, which kept the classic's sign, descends. While consecutive
gradients are alike the step is about -(mo - lr) · g: with momentum 0 it is gradient ascent (the
error rises to its largest value), with momentum equal to lr the two cancel, and at the
tutorial's lr 0.1 and momentum 0.4 it converges, as plain descent at rate 0.3 would, only
because the momentum term outweighs the learning-rate term.
"""
import copy
from collections.abc import Callable
from dataclasses import dataclass

from bpnn.network import NeuralNetwork, zeros
from bpnn.validation import check_count, check_number, weight_shapes

from .backends import network_class
from .ch10_descent import moons_network, two_moons
from .language import N_   # the runs' names, translated where they are shown
from .truth_tables import XOR_PATTERNS

# name -> (bpnn optimizer, whether it uses the momentum); "sgd" with momentum 0 is plain gradient descent
OPTIMIZERS = {"sgd": ("sgd", False), N_("classic momentum"): ("classic", True),
              N_("momentum as velocity"): ("sgd", True), "adam": ("adam", False)}


@dataclass
class OptimizerRun:
    network: object
    name: str                  # a key of OPTIMIZERS
    optimizer: str             # bpnn's name for it
    lr: float
    momentum: float
    losses: list[float]        # the mean BCE over the data set before training, then after each epoch
    final_loss: float


@dataclass
class OptimizersResult:
    n_points: int
    noise: float
    sizes: list[int]
    epochs: int
    batch_size: int
    seed: int
    runs: list[OptimizerRun]


def compare_optimizers(epochs: int = 200, lr: float = 0.1, momentum: float = 0.9, adam_lr: float = 0.01,
                       n_points: int = 48, noise: float = 0.25, hidden: int = 8, batch_size: int | None = None,
                       seed: int = 0, backend: str = "python",
                       callback: Callable[[int, float], None] | None = None,
                       before_training: Callable[[object], None] | None = None) -> OptimizersResult:
    """Each optimizer of OPTIMIZERS trains moons_network(hidden, seed) on two_moons(n_points, noise,
    seed), full batch unless batch_size is given, for `epochs` epochs: SGD and both momentum rules
    at `lr` (the two with `momentum`), Adam at `adam_lr`. The data set's loss is measured before
    training and after each epoch. before_training(network) before each run trains (e.g. a page's
    Recorder.follow), callback(epoch, loss) after each epoch of each run."""
    check_count(epochs, "epochs")
    patterns = two_moons(n_points, noise, seed)
    batch_size = n_points if batch_size is None else check_count(batch_size, "batch size")
    runs = []
    # every optimizer from the same initial weights (the same seed), with the same shuffles
    for name, (optimizer, uses_momentum) in OPTIMIZERS.items():
        network = moons_network(hidden, seed, backend)
        run_lr = check_number(adam_lr if optimizer == "adam" else lr, "lr")
        run_momentum = momentum if uses_momentum else 0.0
        losses = [network.test(patterns)[0]]
        if before_training is not None:
            before_training(network)

        def after_epoch(epoch: int, error: float) -> None:
            losses.append(network.test(patterns)[0])
            if callback is not None:
                callback(epoch, losses[-1])
        network.train(patterns, epochs, run_lr, run_momentum, batch_size, shuffle=True, optimizer=optimizer,
                      callback=after_epoch)
        runs.append(OptimizerRun(network, name, optimizer, run_lr, float(run_momentum), losses, losses[-1]))
    return OptimizersResult(n_points, float(noise), list(runs[0].network.sizes), epochs, batch_size, seed, runs)


# ---------------------------------------------------------------- tutorial 4's sign-flipped momentum
def tutorial_4_momentum_update(network, lr: float, momentum: float, previous_gradient: list) -> None:
    """TUTORIAL 4'S BUGGY UPDATE, AS WRITTEN (never use it): after backward(), move every weight by

        gradient = -g_ij                                   (the tutorial's δ y, the downhill direction)
        v = momentum · previous_gradient - lr · gradient   (the bug: - lr · gradient climbs)
        w_ij ← w_ij + v,    previous_gradient ← gradient

    then clear the gradient sums. The classic (and bpnn's "classic" optimizer) adds lr · gradient.
    `previous_gradient` holds the tutorial's previous gradients (one matrix per layer, updated in
    place). Works on either backend: it reads and writes the network's weights and gradients."""
    weights, gradients = network.weights, network.gradients
    # the tutorial's update, weight by weight: v = mo · previous_gradient - lr · gradient,  w ← w + v
    for l, layer in enumerate(weights):
        for i in range(len(layer)):
            for j in range(len(layer[i])):
                gradient = -gradients[l][i][j]
                change = momentum * previous_gradient[l][i][j] - lr * gradient
                layer[i][j] = layer[i][j] + change
                previous_gradient[l][i][j] = gradient
    network.weights = weights
    network.gradients = zeros(weight_shapes(network.sizes, network.bias))


def train_tutorial_4(network, patterns, epochs: int, lr: float, momentum: float,
                     callback: Callable[[int, float], None] | None = None) -> list[float]:
    """Tutorial 4's train(): online, the patterns in order, its buggy update after each pattern;
    returns each epoch's error, the sum over the patterns of ½ (t - y)², each measured before its
    update (as the tutorial prints it every 500 iterations)."""
    check_count(epochs, "epochs")
    lr, momentum = check_number(lr, "lr"), check_number(momentum, "momentum")
    previous_gradient = zeros(weight_shapes(network.sizes, network.bias))
    errors = []
    for epoch in range(1, epochs + 1):
        # online, in order: forward, backward (the gradients a_i δ_j), the buggy update; E summed over the patterns
        error = 0.0
        for inputs, targets in patterns:
            network.forward(inputs)
            error = error + network.backward(targets)
            tutorial_4_momentum_update(network, lr, momentum, previous_gradient)
        errors.append(error)
        if callback is not None:
            callback(epoch, error)
    return errors


@dataclass
class MomentumRun:
    network: object
    rule: str                  # "tutorial 4 (sign flipped)" or "classic (correct)"
    momentum: float
    errors: list[float]        # each epoch's error, ½ (t - y)² summed over the four XOR patterns
    table: list[list[float]]   # [x1, x2, target, output] after training

    @property
    def rose(self) -> bool:
        """Whether the error ended higher than it started: the update climbed the error surface."""
        return self.errors[-1] > self.errors[0]


@dataclass
class SignFlipResult:
    lr: float
    epochs: int
    seed: int
    runs: list[MomentumRun]    # the tutorial's update at each momentum, then the correct rule


def sign_flipped_momentum(momenta=(0.0, 0.1, 0.4), lr: float = 0.1, epochs: int = 5000, correct_momentum: float = 0.4,
                          seed: int = 0, backend: str = "python",
                          callback: Callable[[int, float], None] | None = None) -> SignFlipResult:
    """Tutorial 4's setting: the classic 2-2-1 tanh network (NeuralNetwork.classic(2, 2, 1, seed)),
    XOR online in order, lr 0.1, 5000 epochs. Trains it with the tutorial's update at each
    momentum in `momenta`, then with the classic's correct rule at `correct_momentum`, all from the
    same initial weights. callback(epoch, error) after each epoch of each run."""
    start = NeuralNetwork.classic(2, 2, 1, seed=seed).to_dict()
    runs = []
    # each rule from a copy of the same classic network
    for rule, momentum in [(N_("tutorial 4 (sign flipped)"), m) for m in momenta] + [(N_("classic (correct)"),
                                                                                       correct_momentum)]:
        network = network_class(backend).from_dict(copy.deepcopy(start))
        if rule == "classic (correct)":
            errors = network.train(XOR_PATTERNS, epochs, lr, momentum, 1, optimizer="classic", callback=callback)
        else:
            errors = train_tutorial_4(network, XOR_PATTERNS, epochs, lr, momentum, callback)
        table = [[*inputs, targets[0], float(network.forward(inputs)[0])] for inputs, targets in XOR_PATTERNS]
        runs.append(MomentumRun(network, rule, float(momentum), list(errors), table))
    return SignFlipResult(float(lr), epochs, seed, runs)
