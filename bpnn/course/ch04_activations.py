"""Chapter 4: the activation functions and their derivatives, side by side (tutorials 4 and 5).

Every function and derivative here is the chapter's own (bpnn.activations): y = f(z), and
f'(z) computed from y, as backpropagation computes it. Beside each derivative stands the slope
measured by central differences, (f(z + h) - f(z - h)) / 2h, which agrees everywhere except at a
kink: at ReLU's and leaky ReLU's z = 0 the measured slope is the average of the two sides, and
the textbook takes the left side's (y = 0 counts as off).

What to see: where each function saturates (f' below 0.01: the unit passes almost no gradient
back), and the largest derivative. The sigmoid's is 1/4, at z = 0: every sigmoid layer a delta
passes back through multiplies it by 1/4 or less, the root of the vanishing gradient (chapter
9). tanh's is 1, ReLU's 1 wherever the unit is on. softmax is a whole layer's function: each
y_j depends on every z_k, so its derivative is a Jacobian, ∂y_j/∂z_k = y_j (1[j = k] - y_k),
that is diag(y) - y yᵀ.
"""
from dataclasses import dataclass

from bpnn.activations import ACTIVATIONS, softmax
from bpnn.validation import check_number
from .language import N_   # marks the formulas' words for translation where they are printed

POINTS = (-4.0, -3.0, -2.0, -1.0, 0.0, 1.0, 2.0, 3.0, 4.0)
SATURATION = 0.01           # a unit whose f'(z) is below this passes almost no gradient back
REACH = 50.0                # how far out on each side saturation is looked for
BISECTIONS = 100            # halvings of the interval in which the saturation point lies
SLOPE_STEP = 1e-5           # h of the central difference
PEAK_GRID = [k / 100.0 for k in range(-1000, 1001)]  # z from -10 to 10 by 0.01, where the largest f' is looked for
SOFTMAX_EXAMPLE = (2.0, 1.0, 0.1)
# each function and its derivative as bpnn.activations writes them, for the printed tables
FORMULAS = {
    "sigmoid": ("y = 1 / (1 + e^-z)", "f' = y (1 - y)"),
    "tanh": ("y = tanh z", "f' = 1 - y^2"),
    "relu": ("y = max(0, z)", N_("f' = 1 if y > 0, else 0")),
    "leaky_relu": (N_("y = z if z > 0, else 0.01 z"), N_("f' = 1 if y > 0, else 0.01")),
    "linear": ("y = z", "f' = 1"),
}

Matrix = list[list[float]]


@dataclass
class Point:
    z: float
    y: float                  # f(z)
    derivative: float         # f'(z), computed from y as backpropagation does
    slope: float              # (f(z + h) - f(z - h)) / 2h, measured


@dataclass
class Profile:
    name: str
    points: list[Point]
    saturated_below: float | None   # f'(z) < SATURATION for every z below this (None: nowhere on that side)
    saturated_above: float | None   # ... for every z above this
    largest_derivative: float       # the largest f'(z) on PEAK_GRID
    largest_from: float             # the first z of PEAK_GRID where it is reached
    largest_to: float               # the last


@dataclass
class SoftmaxExample:
    weighted_sums: list[float]
    outputs: list[float]            # y = softmax(z); they add up to 1
    jacobian: Matrix                # ∂y_j/∂z_k = y_j (1[j = k] - y_k), row j, column k
    row_totals: list[float]         # Σ_k ∂y_j/∂z_k: 0, since raising every z alike changes nothing


@dataclass
class ActivationsResult:
    threshold: float
    activations: list[Profile]
    softmax: SoftmaxExample


def derivative_at(name: str, z: float) -> float:
    """f'(z) as backpropagation computes it: the derivative of the output y = f(z)."""
    function, derivative = ACTIVATIONS[name]
    return derivative(function(z))


def point(name: str, z: float) -> Point:
    function = ACTIVATIONS[name].function
    slope = (function(z + SLOPE_STEP) - function(z - SLOPE_STEP)) / (2.0 * SLOPE_STEP)
    return Point(z, function(z), derivative_at(name, z), slope)


def saturation(name: str, side: float, threshold: float) -> float | None:
    """The z on one side (side -1.0 or 1.0) beyond which f'(z) < threshold, found by bisection on
    the distance from 0 (f' falls monotonically away from 0 for every activation here); 0.0 if
    it is saturated right from 0, None if it never saturates within REACH."""
    def saturated(distance: float) -> bool:
        return derivative_at(name, side * distance) < threshold
    if not saturated(REACH):
        return None
    if saturated(0.0):
        return 0.0
    inside, outside = 0.0, REACH
    # bisection: saturated(outside) holds, saturated(inside) does not
    for _ in range(BISECTIONS):
        middle = 0.5 * (inside + outside)
        if saturated(middle):
            outside = middle
        else:
            inside = middle
    return side * outside


def largest_derivative(name: str) -> tuple[float, float, float]:
    """The largest f'(z) over PEAK_GRID, and the first and last z of the grid where it is reached."""
    best, first, last = derivative_at(name, PEAK_GRID[0]), PEAK_GRID[0], PEAK_GRID[0]
    # max_z f'(z) over the grid, left to right
    for z in PEAK_GRID:
        value = derivative_at(name, z)
        if value > best:
            best, first = value, z
        if value == best:
            last = z
    return best, first, last


def profile(name: str, points=POINTS, threshold=SATURATION) -> Profile:
    return Profile(name, [point(name, z) for z in points], saturation(name, -1.0, threshold),
                   saturation(name, 1.0, threshold), *largest_derivative(name))


def softmax_jacobian(outputs: list[float]) -> Matrix:
    """∂y_j/∂z_k = y_j (1[j = k] - y_k): diag(y) - y yᵀ."""
    return [[y_j * ((1.0 if j == k else 0.0) - y_k) for k, y_k in enumerate(outputs)]
            for j, y_j in enumerate(outputs)]


def softmax_example(weighted_sums=SOFTMAX_EXAMPLE) -> SoftmaxExample:
    weighted_sums = [check_number(z, "weighted sum") for z in weighted_sums]
    if not weighted_sums:
        raise ValueError("softmax needs at least one weighted sum")
    outputs = softmax(weighted_sums)
    jacobian = softmax_jacobian(outputs)
    row_totals = []
    # the rows' totals: Σ_k ∂y_j/∂z_k
    for row in jacobian:
        total = 0.0
        for entry in row:
            total = total + entry
        row_totals.append(total)
    return SoftmaxExample(weighted_sums, outputs, jacobian, row_totals)


def activations(points=POINTS, threshold=SATURATION, weighted_sums=SOFTMAX_EXAMPLE) -> ActivationsResult:
    """Each activation of bpnn.activations at `points` with its derivative and measured slope,
    where it saturates (f' < threshold) and its largest derivative; softmax on `weighted_sums`
    with its Jacobian."""
    points = [check_number(z, "point") for z in points]
    threshold = check_number(threshold, "threshold")
    if threshold <= 0.0:
        raise ValueError(f"threshold must be positive, got {threshold}")
    return ActivationsResult(threshold, [profile(name, points, threshold) for name in ACTIVATIONS],
                             softmax_example(weighted_sums))
