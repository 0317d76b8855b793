"""Pictures of the experiments, as PNG files: loss curves, decision boundaries, fitted curves.

Needs matplotlib, an optional extra (pip install bpnn[plot]), imported only when a plot is drawn.
Figures are drawn on matplotlib's Figure directly (no pyplot, so no window and no global state);
a PNG is written by the Agg renderer.
"""
GRID = 61             # points per side of a decision boundary's grid
EXTENT = (-0.5, 1.5)  # the square the boundary is drawn on, around the corners of the unit square


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
    """The network's output over the plane, with its 1/2 contour and the patterns on top."""
    low, high = EXTENT
    coordinates = [low + (high - low) * k / (GRID - 1) for k in range(GRID)]
    outputs = [[float(network.forward([x, y])[0]) for x in coordinates] for y in coordinates]
    shading = axes.contourf(coordinates, coordinates, outputs, levels=20, cmap="RdBu_r")
    axes.contour(coordinates, coordinates, outputs, levels=[0.5], colors="black", linewidths=1.5)
    axes.figure.colorbar(shading, ax=axes, label="output")
    for inputs, (target,) in patterns:
        axes.scatter([inputs[0]], [inputs[1]], s=120, c="white" if target < 0.5 else "black", edgecolors="black")
    axes.set_xlabel("x1")
    axes.set_ylabel("x2")
    axes.set_title("decision boundary (output = 1/2)")


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


def approx_sweep(path, result) -> None:
    """The cubic and each width's fit, the training interval shaded, and the rmse inside per width."""
    figure = _figure(2)
    curve, errors = figure.subplots(1, 2)
    first = result.runs[0]
    xs = [point[0] for point in first.curve]
    curve.axvspan(*first.interval, color="0.9", label="trained on")
    curve.plot(xs, [point[1] for point in first.curve], color="black", label="y = x³ + x² - x - 1")
    for width, run in zip(result.widths, result.runs):
        curve.plot(xs, [point[2] for point in run.curve], label=f"{width} hidden units")
    curve.set_xlabel("x")
    curve.set_ylabel("y")
    curve.legend()
    curve.set_title("one hidden layer, several widths")
    errors.plot(result.widths, [run.rmse_inside for run in result.runs], marker="o")
    errors.set_xscale("log")
    errors.set_yscale("log")
    errors.set_xlabel("hidden units")
    errors.set_ylabel("rmse inside the interval")
    errors.grid(True, alpha=0.3)
    figure.savefig(path, dpi=100)
