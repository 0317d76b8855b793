"""Chapter 1: the perceptron, Rosenblatt's learning rule, and adaline's delta rule beside it.

A perceptron (tutorials 1 and 4) is one step unit: it adds up its weighted inputs,
z = w1 x1 + w2 x2 + b · 1 (the bias b is the weight of an input fixed at 1), and answers
y = 1 if z > 0, else 0. Rosenblatt's rule (1957) teaches it one pattern at a time:

    w_i ← w_i + lr (t - y) x_i

A right answer (t = y) changes nothing; a wrong one moves the line z = 0 towards the pattern.
If a line separates the 0s from the 1s, the rule finds one after finitely many mistakes (the
perceptron convergence theorem): AND, OR and NAND take a few epochs. XOR has no such line, so
some pattern is always wrong and the weights never settle; and since the inputs are 0 or 1,
every update moves a weight by a whole multiple of lr: the weights stay on a grid inside a
bounded region, so they must come back to where they were at an earlier epoch's end, and from
there (the same weights, the same patterns in the same order) repeat the same epochs forever.

Adaline's delta rule (Widrow and Hoff, 1960; tutorial 4) keeps the update's form but puts the
linear output z where the step's y was, and so becomes gradient descent on the squared error:

    E = ½ Σ_p (t_p - z_p)²       ∂E/∂w_i = -Σ_p (t_p - z_p) x_pi       w_i ← w_i + lr Σ_p (t_p - z_p) x_pi

Here it is taken over the whole batch of four patterns, one update per epoch (as adaline is
usually written), which is exactly a step down the slope of E: for a small enough lr, E falls
every epoch. On XOR it converges too, to the least-squares line z = 1/2 everywhere (E = 0.5),
which answers nothing. The step unit has no slope to descend (its derivative is 0 wherever it
exists), which is why the networks of the later chapters use smooth units.

A perceptron is not a NeuralNetwork: a few floats and loops, on the textbook's path only.
"""
import random
from dataclasses import dataclass

from bpnn.randomness import uniform
from bpnn.validation import check_choice, check_count, check_number

from .truth_tables import GATES, INPUTS, LINEARLY_SEPARABLE

RULES = ("perceptron", "delta")
INITIAL_RANGE = (-0.5, 0.5)   # each initial weight from U(-0.5, 0.5), drawn w1, w2, b
REPEAT_TOLERANCE = 1e-6       # weights within 1e-6 lr of an earlier epoch's are the same weights
# the output that counts as answering 1: the step unit's z > 0; the linear output's z > 1/2,
# halfway between the targets 0 and 1
THRESHOLDS = {"perceptron": 0.0, "delta": 0.5}


@dataclass
class Epoch:
    epoch: int
    weights: list[float]      # w1, w2, b at the end of the epoch
    mistakes: int             # perceptron rule: the wrong answers (updates) during the epoch;
                              # delta rule: the wrong answers of the weights at the epoch's end
    loss: float | None        # delta rule: E = ½ Σ_p (t_p - z_p)² of the weights at the epoch's end


@dataclass
class Answer:
    inputs: list[int]
    target: int
    weighted_sum: float       # z = w1 x1 + w2 x2 + b
    output: int               # 1 if z is above the rule's threshold, else 0


@dataclass
class PerceptronResult:
    gate: str
    rule: str
    lr: float
    threshold: float
    initial_range: list[float]  # the initial weights are drawn from U(low, high)
    initial_weights: list[float]
    initial_mistakes: int     # the wrong answers of the initial weights
    initial_loss: float | None  # delta rule: E of the initial weights
    epochs: list[Epoch]
    answers: list[Answer]     # the final weights' answer to each pattern
    converged: bool           # perceptron rule: an epoch without a mistake; delta rule: every answer right
    cycle_start: int | None   # perceptron rule: the earlier epoch whose end-of-epoch weights came back
    cycle_length: int | None  # epochs from there to the repeat
    linearly_separable: bool


def with_bias(inputs) -> list[float]:
    """x1, x2 and the bias input 1.0."""
    return [float(x) for x in inputs] + [1.0]


def weighted_sum(weights: list[float], inputs: list[float]) -> float:
    """z = Σ_i w_i x_i over x1, x2 and the bias input."""
    total = 0.0
    # z = w1 x1 + w2 x2 + b · 1
    for w, x in zip(weights, inputs):
        total = total + w * x
    return total


def step(z: float) -> int:
    """The perceptron's unit (tutorial 4's MLP()): 1 if z > 0, else 0."""
    return 1 if z > 0.0 else 0


def squared_error(weights: list[float], patterns) -> float:
    """E = ½ Σ_p (t_p - z_p)², the delta rule's loss, summed over the patterns in order."""
    error = 0.0
    # E = ½ Σ_p (t_p - z_p)², patterns in order
    for inputs, target in patterns:
        difference = target - weighted_sum(weights, inputs)
        error = error + 0.5 * difference * difference
    return error


def same_weights(first: list[float], second: list[float], lr: float) -> bool:
    """Two states on the grid of whole lr steps are either equal up to rounding or at least lr apart."""
    return all(abs(a - b) <= REPEAT_TOLERANCE * lr for a, b in zip(first, second))


def rosenblatt_epoch(weights: list[float], patterns, lr: float) -> int:
    """One pass of Rosenblatt's rule over the patterns, in order; updates `weights` in place and
    returns the number of mistakes made."""
    mistakes = 0
    # one pattern at a time, in order: answer, then learn from the answer
    for inputs, target in patterns:
        output = step(weighted_sum(weights, inputs))
        mistakes = mistakes + (output != target)
        # Rosenblatt's rule: w_i ← w_i + lr (t - y) x_i
        for i in range(len(weights)):
            weights[i] = weights[i] + lr * (target - output) * inputs[i]
    return mistakes


def delta_epoch(weights: list[float], patterns, lr: float) -> None:
    """One step of gradient descent on E over the whole batch; updates `weights` in place."""
    # the negative gradient: -∂E/∂w_i = Σ_p (t_p - z_p) x_pi, patterns in order
    descent = [0.0] * len(weights)
    for inputs, target in patterns:
        z = weighted_sum(weights, inputs)
        for i in range(len(weights)):
            descent[i] = descent[i] + (target - z) * inputs[i]
    # the delta rule: w_i ← w_i - lr ∂E/∂w_i
    for i in range(len(weights)):
        weights[i] = weights[i] + lr * descent[i]


def answers(weights: list[float], patterns, threshold: float) -> list[Answer]:
    """What the unit answers to each pattern: 1 where z is above the threshold."""
    answered = []
    # y_p = 1 if z_p > threshold, for each pattern p
    for inputs, target in patterns:
        z = weighted_sum(weights, inputs)
        answered.append(Answer([int(x) for x in inputs[:2]], target, z, int(z > threshold)))
    return answered


def wrong(answered: list[Answer]) -> int:
    """How many answers differ from their targets."""
    return len([answer for answer in answered if answer.output != answer.target])


def perceptron(gate: str, rule="perceptron", lr=0.1, epochs=100, seed=0) -> PerceptronResult:
    """Teach one unit the gate's truth table with Rosenblatt's rule (online, patterns in order)
    or the delta rule (full batch), from weights drawn from U(-0.5, 0.5) by random.Random(seed).

    Rosenblatt's rule stops at the first epoch without a mistake (converged), or when the
    weights at an epoch's end equal those at an earlier epoch's end (a cycle: it would repeat
    forever), or after `epochs`. The delta rule runs all its epochs."""
    check_choice(gate, tuple(GATES), "gate")
    check_choice(rule, RULES, "rule")
    lr = check_number(lr, "learning rate")
    if lr <= 0.0:
        raise ValueError(f"learning rate must be positive, got {lr}")
    check_count(epochs, "epochs")
    rng = random.Random(seed)
    weights = [uniform(rng, *INITIAL_RANGE) for _ in range(3)]
    initial_weights = list(weights)
    patterns = [(with_bias(inputs), target) for inputs, target in zip(INPUTS, GATES[gate])]
    threshold = THRESHOLDS[rule]
    history = [list(weights)]          # the weights at the end of epoch 0, 1, 2, ...
    records, converged, cycle_start = [], False, None
    # the epochs: a pass of the rule, then (Rosenblatt's) the checks for convergence and for a cycle
    for epoch in range(1, epochs + 1):
        if rule == "delta":
            delta_epoch(weights, patterns, lr)
            records.append(Epoch(epoch, list(weights), wrong(answers(weights, patterns, threshold)),
                                 squared_error(weights, patterns)))
            continue
        mistakes = rosenblatt_epoch(weights, patterns, lr)
        records.append(Epoch(epoch, list(weights), mistakes, None))
        if mistakes == 0:
            converged = True
            break
        cycle_start = next((earlier for earlier, seen in enumerate(history) if same_weights(seen, weights, lr)), None)
        if cycle_start is not None:
            break
        history.append(list(weights))
    final = answers(weights, patterns, threshold)
    if rule == "delta":
        converged = wrong(final) == 0
    initial_mistakes = wrong(answers(initial_weights, patterns, threshold))
    initial_loss = squared_error(initial_weights, patterns) if rule == "delta" else None
    cycle_length = None if cycle_start is None else records[-1].epoch - cycle_start
    return PerceptronResult(gate, rule, lr, threshold, list(INITIAL_RANGE), initial_weights, initial_mistakes, initial_loss, records, final, converged,
                            cycle_start, cycle_length, LINEARLY_SEPARABLE[gate])
