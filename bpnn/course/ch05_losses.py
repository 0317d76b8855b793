"""Chapter 5: the losses worked by hand, term by term, and the delta each sends back (tutorials 3 and 5).

Tutorial 3 writes the mean squared error of three points, L = 1/3 Σ_i (y_i - f(x_i))², with no
numbers; here they are three points of its own cubic and a line that guesses them, and the
slope of L that tells the line which way to move.

Tutorial 5 works one example: labels t = [1, 0, 1, 1], predictions p = [0.9, 0.2, 0.8, 0.95].
It computes the terms -t log p as 0.105, 0, 0.223 and 0.051, then prints their total as
0.105 + 0 - 0.223 + 0.051 = -0.067: the third term lost its sign on the way, and its own terms
add up to 0.379 (no term -t log p is negative, so no total can be). It also applies the one-hot
formula -Σ t log p, meant for one probability distribution over classes, to four independent
yes/no labels: that formula ignores every t = 0 example, however wrong its p. Binary
cross-entropy, -Σ [t log p + (1 - t) log(1 - p)], counts it: 0.603 summed, 0.151 averaged.

Then the delta δ = ∂E/∂z each loss sends back into the network, two ways: by the general chain
rule, ∂E/∂y · f'(y) (through softmax's Jacobian for the softmax layer), and as bpnn.losses
computes it. For a sigmoid output with binary cross-entropy and for softmax with cross-entropy
the two are y - t; for the squared error the sigmoid's f'(y) stays in, and there is no shortcut.
Every loss and delta is bpnn.losses' own; only ∂E/∂y, the first factor of the chain rule, is
written out here.
"""
import math
from dataclasses import dataclass

from bpnn.activations import linear_derivative, sigmoid_derivative, softmax
from bpnn.losses import bce, bce_deltas, cross_entropy_deltas, half_sse_deltas, mse, mse_deltas

from .ch04_activations import SOFTMAX_EXAMPLE, softmax_jacobian

# tutorial 3's three points: (x, y) on its cubic y = x³ + x² - x - 1, and a line f(x) = w x + b guessing them
THREE_POINTS = ((-1.0, 0.0), (0.0, -1.0), (1.0, 0.0))
LINE = (2.0, -1.0)
# tutorial 5's example, and its total as printed: the terms as it adds them, the third with a minus sign
LABELS = (1.0, 0.0, 1.0, 1.0)
PREDICTIONS = (0.9, 0.2, 0.8, 0.95)
PRINTED_TERMS = (0.105, 0.0, -0.223, 0.051)
PRINTED_TOTAL = -0.067
PRINTED_PLACES = 3
SOFTMAX_TARGETS = (1.0, 0.0, 0.0)


@dataclass
class ThreePoints:
    points: list[list[float]]   # (x_i, y_i)
    line: list[float]           # w, b of f(x) = w x + b
    predictions: list[float]    # f(x_i)
    terms: list[float]          # (y_i - f(x_i))²
    loss: float                 # L = 1/3 Σ_i (y_i - f(x_i))² (bpnn.losses.mse)
    gradient: list[float]       # ∂L/∂w, ∂L/∂b = Σ_i δ_i x_i, Σ_i δ_i with δ_i = ∂L/∂f_i (bpnn.losses.mse_deltas)


@dataclass
class WorkedExample:
    labels: list[float]
    predictions: list[float]
    squared_errors: list[float]     # (t_i - p_i)²
    mse: float                      # their mean (bpnn.losses.mse)
    one_hot_terms: list[float]      # -t_i log p_i, tutorial 5's terms
    one_hot_total: float            # Σ_i -t_i log p_i
    rounded_total: float            # the terms rounded to 3 places as the tutorial rounds them, added: 0.379
    printed_terms: list[float]      # the terms as the tutorial's total adds them
    printed_total: float            # -0.067
    bce_terms: list[float]          # -[t_i log p_i + (1 - t_i) log(1 - p_i)] (bpnn.losses.bce of each)
    bce_total: float                # 0.603
    bce_mean: float                 # 0.151 (bpnn.losses.bce of the four at once, as PyTorch's BCELoss)


@dataclass
class DeltaRow:
    output: float                   # y
    target: float                   # t
    loss_slope: float               # ∂E/∂y
    derivative: float | None        # f'(y) (a sigmoid output; None for softmax, whose Jacobian is a matrix)
    chain_rule: float               # δ = ∂E/∂y · f'(y), or Σ_j ∂E/∂y_j ∂y_j/∂z_k through softmax
    library: float                  # δ as bpnn.losses computes it
    output_minus_target: float      # y - t


@dataclass
class DeltaComparison:
    output: str                     # the output layer's activation
    loss: str
    rows: list[DeltaRow]
    largest_difference: float       # max |chain rule - bpnn.losses|
    is_output_minus_target: bool    # bpnn.losses' delta is exactly y - t


@dataclass
class LossesResult:
    three_points: ThreePoints
    example: WorkedExample
    deltas: list[DeltaComparison]


def logit(p: float) -> float:
    """The weighted sum z whose sigmoid is p: z = log(p / (1 - p)); bpnn.losses.bce reads z."""
    return math.log(p / (1.0 - p))


def total(values) -> float:
    """Σ values, from 0.0 in order."""
    result = 0.0
    # Σ_i values_i
    for value in values:
        result = result + value
    return result


def three_points(points=THREE_POINTS, line=LINE) -> ThreePoints:
    """Tutorial 3's L = 1/3 Σ_i (y_i - f(x_i))² for a line through three points, and its slope in w and b."""
    w, b = line
    xs, ys = [x for x, _ in points], [y for _, y in points]
    predictions = [w * x + b for x in xs]
    terms = [(y - f) * (y - f) for y, f in zip(ys, predictions)]
    # the three predictions are the outputs of one linear layer of three nodes: bpnn.losses.mse averages over them
    loss = mse(predictions, predictions, ys)
    deltas = mse_deltas(predictions, ys, linear_derivative)
    gradient_w = 0.0
    gradient_b = 0.0
    # ∂L/∂w = Σ_i δ_i x_i and ∂L/∂b = Σ_i δ_i, δ_i = ∂L/∂f(x_i) = 2 (f(x_i) - y_i) / 3
    for delta, x in zip(deltas, xs):
        gradient_w = gradient_w + delta * x
        gradient_b = gradient_b + delta
    return ThreePoints([list(point) for point in points], list(line), predictions, terms, loss, [gradient_w, gradient_b])


def worked_example(labels=LABELS, predictions=PREDICTIONS) -> WorkedExample:
    """Tutorial 5's example: the squared errors, its one-hot cross-entropy terms, its printed total
    beside the right one, and binary cross-entropy of the same labels."""
    labels, predictions = list(labels), list(predictions)
    logits = [logit(p) for p in predictions]
    squared_errors = [(t - p) * (t - p) for t, p in zip(labels, predictions)]
    one_hot_terms = [-t * math.log(p) for t, p in zip(labels, predictions)]
    bce_terms = [bce([z], [p], [t]) for z, p, t in zip(logits, predictions, labels)]
    return WorkedExample(labels, predictions, squared_errors, mse(logits, predictions, labels), one_hot_terms,
                         total(one_hot_terms), total(round(term, PRINTED_PLACES) for term in one_hot_terms),
                         list(PRINTED_TERMS), PRINTED_TOTAL, bce_terms, total(bce_terms),
                         bce(logits, predictions, labels))


def sigmoid_bce_deltas(labels=LABELS, predictions=PREDICTIONS) -> DeltaComparison:
    """Each example as a pattern with one sigmoid output: E = -[t log y + (1 - t) log(1 - y)],
    ∂E/∂y = -t/y + (1 - t)/(1 - y), f'(y) = y (1 - y)."""
    rows = []
    # the chain rule per example: δ = ∂E/∂y · f'(y)
    for y, t in zip(predictions, labels):
        loss_slope = -t / y + (1.0 - t) / (1.0 - y)
        derivative = sigmoid_derivative(y)
        (library,) = bce_deltas([y], [t], sigmoid_derivative)
        rows.append(DeltaRow(y, t, loss_slope, derivative, loss_slope * derivative, library, y - t))
    return comparison("sigmoid", "bce", rows)


def sigmoid_half_sse_deltas(labels=LABELS, predictions=PREDICTIONS) -> DeltaComparison:
    """For contrast, the classic's E = ½ (t - y)² on a sigmoid output: ∂E/∂y = y - t, f'(y) = y (1 - y)."""
    rows = []
    # the chain rule per example: δ = (y - t) · f'(y)
    for y, t in zip(predictions, labels):
        derivative = sigmoid_derivative(y)
        (library,) = half_sse_deltas([y], [t], sigmoid_derivative)
        rows.append(DeltaRow(y, t, y - t, derivative, (y - t) * derivative, library, y - t))
    return comparison("sigmoid", "half_sse", rows)


def softmax_cross_entropy_deltas(weighted_sums=SOFTMAX_EXAMPLE, targets=SOFTMAX_TARGETS) -> DeltaComparison:
    """A softmax layer with E = -Σ_j t_j log y_j: ∂E/∂y_j = -t_j / y_j, and δ_k = Σ_j ∂E/∂y_j ∂y_j/∂z_k
    through softmax's Jacobian ∂y_j/∂z_k = y_j (1[j = k] - y_k) (chapter 4)."""
    outputs = softmax(list(weighted_sums))
    jacobian = softmax_jacobian(outputs)
    loss_slopes = [-t / y for y, t in zip(outputs, targets)]
    library = cross_entropy_deltas(outputs, list(targets), None)
    rows = []
    # one delta per output node k
    for k in range(len(outputs)):
        delta = 0.0
        # the chain rule through every output: δ_k = Σ_j ∂E/∂y_j ∂y_j/∂z_k
        for j in range(len(outputs)):
            delta = delta + loss_slopes[j] * jacobian[j][k]
        rows.append(DeltaRow(outputs[k], targets[k], loss_slopes[k], None, delta, library[k],
                             outputs[k] - targets[k]))
    return comparison("softmax", "cross_entropy", rows)


def comparison(output: str, loss: str, rows: list[DeltaRow]) -> DeltaComparison:
    largest = 0.0
    # max |chain rule - bpnn.losses| over the rows
    for row in rows:
        largest = max(largest, abs(row.chain_rule - row.library))
    return DeltaComparison(output, loss, rows, largest,
                           all(row.library == row.output_minus_target for row in rows))


def losses() -> LossesResult:
    """The worked examples of tutorials 3 and 5 and the deltas of three output-loss pairs."""
    return LossesResult(three_points(), worked_example(),
                        [sigmoid_bce_deltas(), softmax_cross_entropy_deltas(), sigmoid_half_sse_deltas()])
