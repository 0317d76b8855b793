"""Pictures of the experiments, as PNG files: loss curves, decision boundaries, fitted curves.

Needs matplotlib, an optional extra (pip install bpnn[plot]), imported only when a plot is drawn.
Figures are drawn on matplotlib's Figure directly (no pyplot, so no window and no global state);
a PNG is written by the Agg renderer.
"""
import math

from .truth_tables import EXTENT, output_surface


def _figure(panels: int):
    from matplotlib.figure import Figure
    return Figure(figsize=(5.0 * panels, 4.0), layout="constrained")


def _loss_curve(axes, errors, label=None, xlabel="epoch") -> None:
    axes.plot(range(1, len(errors) + 1), errors, label=label)
    axes.set_xlabel(xlabel)
    axes.set_ylabel("error")
    if min(errors) > 0.0:
        axes.set_yscale("log")
    axes.grid(True, alpha=0.3)


def _decision_boundary(axes, network, patterns) -> None:
    """The network's output over the plane, with its 1/2 contour and the patterns on top; a flat
    output (within truth_tables.FLAT everywhere) is said to have no boundary, and none is drawn."""
    surface = output_surface(network)
    if surface.flat:
        middle = 0.5 * (surface.low + surface.high)
        shading = axes.contourf(surface.coordinates, surface.coordinates, surface.outputs,
                                levels=[middle - 0.5, middle + 0.5], cmap="RdBu_r")
        axes.set_title(f"no decision boundary: the output is {middle:.6f}\n"
                       f"everywhere (to within {surface.high - surface.low:.0e})")
    else:
        shading = axes.contourf(surface.coordinates, surface.coordinates, surface.outputs, levels=20, cmap="RdBu_r")
        axes.contour(surface.coordinates, surface.coordinates, surface.outputs, levels=[0.5], colors="black",
                     linewidths=1.5)
        axes.set_title("decision boundary (output = 1/2)")
    axes.figure.colorbar(shading, ax=axes, label="output")
    for inputs, (target,) in patterns:
        axes.scatter([inputs[0]], [inputs[1]], s=120, c="white" if target < 0.5 else "black", edgecolors="black")
    axes.set_xlabel("x1")
    axes.set_ylabel("x2")


def training(path, errors, title: str, network=None, patterns=None) -> None:
    """The error curve, and beside it the decision boundary when the network has two inputs and one output."""
    boundary = network is not None and patterns is not None and network.sizes[0] == 2 and network.sizes[-1] == 1
    figure = _figure(2 if boundary else 1)
    panels = figure.subplots(1, 2) if boundary else [figure.subplots()]
    _loss_curve(panels[0], errors)
    panels[0].set_title(title)
    if boundary:
        _decision_boundary(panels[1], network, patterns)
    figure.savefig(path, dpi=100)


def vanish(path, result) -> None:
    """Each layer's gradient norm (log scale) per activation, and the three error curves."""
    figure = _figure(2)
    norms, losses = figure.subplots(1, 2)
    layers = list(range(1, len(result.sizes)))
    width = 0.8 / len(result.runs)
    for r, run in enumerate(result.runs):
        norms.bar([layer + (r - (len(result.runs) - 1) / 2) * width for layer in layers], run.gradient_norms,
                  width, label=run.activation)
        _loss_curve(losses, run.errors, label=run.activation)
    norms.set_yscale("log")
    norms.set_xticks(layers)
    norms.set_xlabel("layer (1 = the first, next to the inputs)")
    norms.set_ylabel("gradient norm at the initial weights")
    norms.set_title("-".join(map(str, result.sizes)) + " on XOR")
    norms.legend()
    losses.set_title("binary cross-entropy")
    losses.legend()
    figure.savefig(path, dpi=100)


def approx(path, result) -> None:
    """The cubic and the network's fit, the training interval shaded, and the error curve."""
    figure = _figure(2)
    curve, losses = figure.subplots(1, 2)
    xs = [point[0] for point in result.curve]
    curve.axvspan(*result.interval, color="0.9", label="trained on")
    curve.plot(xs, [point[1] for point in result.curve], label="y = x³ + x² - x - 1")
    curve.plot(xs, [point[2] for point in result.curve], label="network")
    curve.set_xlabel("x")
    curve.set_ylabel("y")
    curve.legend()
    curve.set_title(f"rmse {result.rmse_inside:.3g} inside, {result.rmse_outside:.3g} outside")
    _loss_curve(losses, result.errors, xlabel="hundred updates")
    losses.set_title("mean squared error")
    figure.savefig(path, dpi=100)


def _line(axes, weights, threshold: float, **style) -> None:
    """The line w1 x1 + w2 x2 + b = threshold across the picture (none when w1 = w2 = 0)."""
    w1, w2, b = weights
    low, high = EXTENT
    if w2 != 0.0:
        axes.plot([low, high], [(threshold - b - w1 * low) / w2, (threshold - b - w1 * high) / w2], **style)
    elif w1 != 0.0:
        axes.plot([(threshold - b) / w1] * 2, [low, high], **style)


def perceptron(path, result) -> None:
    """The mistakes per epoch (the delta rule: its loss), and the unit's line after each epoch,
    faint for the early epochs and bold for the last, over the gate's four patterns."""
    figure = _figure(2)
    progress, plane = figure.subplots(1, 2)
    epochs = [record.epoch for record in result.epochs]
    if result.rule == "delta":
        progress.plot([0] + epochs, [result.initial_loss] + [record.loss for record in result.epochs])
        progress.set_ylabel("E = ½ Σ (t - z)² at the epoch's end")
    else:
        progress.bar(epochs, [record.mistakes for record in result.epochs], color="0.6")
        progress.yaxis.get_major_locator().set_params(integer=True)
        progress.set_ylabel("mistakes in the epoch")
    progress.set_xlabel("epoch")
    progress.set_title(f"{'Rosenblatt' if result.rule == 'perceptron' else 'delta'} rule on {result.gate.upper()}")
    for record in result.epochs[:-1]:
        _line(plane, record.weights, result.threshold, color="0.8", linewidth=0.8)
    _line(plane, result.epochs[-1].weights, result.threshold, color="black", linewidth=2.0)
    for answer in result.answers:
        plane.scatter([answer.inputs[0]], [answer.inputs[1]], s=120, c="white" if answer.target == 0 else "black",
                      edgecolors="black")
    plane.set_xlim(*EXTENT)
    plane.set_ylim(*EXTENT)
    plane.set_xlabel("x1")
    plane.set_ylabel("x2")
    plane.set_title(f"the line z = {result.threshold:g} after each epoch (last in black)")
    figure.savefig(path, dpi=100)


def activations(path, result) -> None:
    """Each activation and its derivative over z in [-6, 6], the saturation threshold marked,
    and softmax's Jacobian on the example as a table of colours."""
    from . import ch04_activations
    figure = _figure(3)
    functions, derivatives, jacobian = figure.subplots(1, 3)
    grid = [k / 20.0 for k in range(-120, 121)]
    styles = {"relu": {"linewidth": 3.0}, "linear": {"linestyle": "--"}}  # ReLU, leaky ReLU and linear share f' = 1
    for profile in result.activations:
        points = [ch04_activations.point(profile.name, z) for z in grid]
        style = styles.get(profile.name, {})
        functions.plot(grid, [point.y for point in points], label=profile.name, **style)
        derivatives.plot(grid, [point.derivative for point in points], label=profile.name, **style)
    functions.set_ylim(-1.5, 2.0)
    derivatives.axhline(result.threshold, color="0.5", linestyle=":", label=f"f' = {result.threshold:g}")
    derivatives.axhline(0.25, color="0.5", linestyle="--", linewidth=0.8, label="1/4, the sigmoid's largest")
    for axes, title in ((functions, "y = f(z)"), (derivatives, "f'(z)")):
        axes.set_xlabel("z")
        axes.set_title(title)
        axes.grid(True, alpha=0.3)
        axes.legend(fontsize="small")
    example = result.softmax
    size = len(example.outputs)
    image = jacobian.imshow(example.jacobian, cmap="RdBu_r", vmin=-0.25, vmax=0.25)
    for j in range(size):
        for k in range(size):
            jacobian.text(k, j, f"{example.jacobian[j][k]:.3f}", ha="center", va="center", fontsize="small")
    jacobian.set_xticks(range(size), [f"z{k + 1} = {z:g}" for k, z in enumerate(example.weighted_sums)])
    jacobian.set_yticks(range(size), [f"y{j + 1} = {y:.3f}" for j, y in enumerate(example.outputs)])
    jacobian.set_title("softmax: ∂y_j/∂z_k = diag(y) - y yᵀ")
    figure.colorbar(image, ax=jacobian)
    figure.savefig(path, dpi=100)


def losses(path, result) -> None:
    """One label's loss against its prediction p, with tutorial 5's four examples marked, and
    the four examples' terms under each formula side by side."""
    figure = _figure(2)
    curves, bars = figure.subplots(1, 2)
    ps = [k / 200.0 for k in range(2, 199)]
    curves.plot(ps, [-math.log(p) for p in ps], label="t = 1: -log p (both formulas)")
    curves.plot(ps, [-math.log(1.0 - p) for p in ps], label="t = 0: -log(1 - p) (binary cross-entropy)")
    curves.plot(ps, [0.0 for _ in ps], label="t = 0: 0 (the one-hot formula)", linestyle="--")
    example = result.example
    curves.scatter(example.predictions, example.bce_terms, color="black", zorder=3, label="tutorial 5's examples")
    curves.set_xlabel("prediction p")
    curves.set_ylabel("loss of one example")
    curves.set_ylim(-0.1, 3.0)
    curves.legend(fontsize="small")
    curves.grid(True, alpha=0.3)
    positions = range(len(example.labels))
    width = 0.27
    for offset, terms, label in ((-width, example.squared_errors, "(t - p)²"),
                                 (0.0, example.one_hot_terms, "-t log p"),
                                 (width, example.bce_terms, "-[t log p + (1 - t) log(1 - p)]")):
        bars.bar([k + offset for k in positions], terms, width, label=label)
    bars.set_xticks(list(positions), [f"t = {t:g}, p = {p:g}" for t, p in zip(example.labels, example.predictions)])
    bars.set_title(f"one-hot total {example.rounded_total:.3f} (printed: {example.printed_total:g})\n"
                   f"binary cross-entropy {example.bce_total:.3f} summed, {example.bce_mean:.3f} averaged",
                   fontsize="medium")
    bars.set_ylim(0.0, 0.32)
    bars.legend(fontsize="small", loc="upper right")
    figure.savefig(path, dpi=100)
