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


def descent(path, result) -> None:
    """The loss over the data set of each way of descent, against epochs, weight updates and seconds."""
    figure = _figure(3)
    by_epoch, by_update, by_second = figure.subplots(1, 3)
    for run in result.runs:
        label = f"{run.name} ({run.batch_size} a step)"
        by_epoch.plot(range(len(run.epoch_losses)), run.epoch_losses, label=label)
        by_update.plot(range(len(run.losses)), run.losses, label=label, linewidth=0.8)
        by_second.plot([0.0, *run.seconds], run.losses, label=label, linewidth=0.8)
    for axes, xlabel in ((by_epoch, "epoch (the same samples seen)"), (by_update, "weight update"),
                         (by_second, "seconds of training")):
        axes.set_xlabel(xlabel)
        axes.set_ylabel("binary cross-entropy over the data set")
        axes.set_yscale("log")
        axes.grid(True, alpha=0.3)
        axes.legend()
    by_update.set_xscale("log")
    by_epoch.set_title(f"{'-'.join(map(str, result.sizes))} on {result.n_points} points of two half-moons")
    by_update.set_title("per update: a batch's mean gradient steps better")
    by_second.set_title("per second (this machine, this run)")
    figure.savefig(path, dpi=100)


def optimizers(path, compared, flipped) -> None:
    """The optimizers' loss curves side by side, and tutorial 4's sign-flipped momentum beside the correct rule."""
    figure = _figure(2)
    losses, climbing = figure.subplots(1, 2)
    for run in compared.runs:
        momentum = f", momentum {run.momentum:g}" if run.momentum else ""
        losses.plot(range(len(run.losses)), run.losses, label=f"{run.name} (lr {run.lr:g}{momentum})")
    losses.set_xlabel("epoch")
    losses.set_ylabel("binary cross-entropy over the data set")
    losses.set_yscale("log")
    losses.grid(True, alpha=0.3)
    losses.legend()
    losses.set_title(f"{'-'.join(map(str, compared.sizes))} on two half-moons, the same initial weights")
    for run in flipped.runs:
        _loss_curve(climbing, run.errors, label=f"{run.rule}, momentum {run.momentum:g}")
    climbing.set_title(f"tutorial 4's update on XOR, lr {flipped.lr:g}")
    climbing.legend()
    figure.savefig(path, dpi=100)


def dropout(path, result) -> None:
    """Training and test loss of the runs with and without dropout, and the curves they fitted."""
    figure = _figure(2)
    losses, curves = figure.subplots(1, 2)
    for run in result.runs:
        name = f"dropout {run.dropout:g}" if run.dropout else "no dropout"
        line, = losses.plot(run.epochs_measured, run.test_losses, label=f"{name}: test")
        losses.plot(run.epochs_measured, run.train_losses, linestyle="--", color=line.get_color(),
                    label=f"{name}: training")
        curves.plot([point[0] for point in run.curve], [point[2] for point in run.curve], color=line.get_color(),
                    label=name)
    losses.set_xlabel("epoch")
    losses.set_ylabel("mean squared error")
    losses.set_yscale("log")
    losses.grid(True, alpha=0.3)
    losses.legend()
    losses.set_title(f"{'-'.join(map(str, result.sizes))} on {result.n_train} noisy points")
    curves.plot([point[0] for point in result.runs[0].curve], [point[1] for point in result.runs[0].curve],
                color="black", label="sin(πx)")
    curves.scatter([point[0] for point in result.train_points], [point[1] for point in result.train_points],
                   color="black", s=15, label="training points")
    curves.set_xlabel("x")
    curves.set_ylabel("y")
    curves.legend()
    curves.set_title("what each network learnt")
    figure.savefig(path, dpi=100)
