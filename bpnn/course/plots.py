"""Pictures of the experiments, as PNG files: the network, loss curves, decision boundaries, fitted curves.

Needs matplotlib, an optional extra (pip install bpnn[plot]), imported only when a plot is drawn.
Figures are drawn on matplotlib's Figure directly (no pyplot, so no window and no global state);
a PNG is written by the Agg renderer.
"""
import contextlib
import functools
import math

from bpnn.activations import sigmoid_derivative, tanh, tanh_derivative

from .language import _, language
from .truth_tables import EXTENT, output_surface

POSITIVE, NEUTRAL, NEGATIVE = "#0877bd", "#e8eaeb", "#f59322"   # the colours of the pages (bpnn.course.pages)
NODE_LIMIT = 64       # layers up to this width are drawn as nodes and edges, wider ones as heatmaps


# fonts with Hangul, in the order tried; DejaVu Sans (matplotlib's own) stays first for Latin and maths,
# and matplotlib falls back glyph by glyph to the Hangul font (Noto Sans CJK: SIL Open Font License 1.1)
HANGUL_FONTS = ("Noto Sans CJK KR", "Noto Sans KR", "Noto Sans CJK JP", "NanumGothic", "Source Han Sans KR",
                "UnDotum", "Baekmuk Gulim")


def _known_hangul_font(font_manager) -> str | None:
    for family in HANGUL_FONTS:
        try:
            font_manager.findfont(font_manager.FontProperties(family=family), fallback_to_default=False)
        except ValueError:
            continue
        return family
    return None


@functools.lru_cache(maxsize=None)
def hangul_font() -> str | None:
    """The first of HANGUL_FONTS that matplotlib finds on this machine, or None. A font installed
    after matplotlib cached its list of fonts is not in that list: the system's font files that
    the list lacks are added (to this process's list; the cache on disk is left alone)."""
    from matplotlib import font_manager
    found = _known_hangul_font(font_manager)
    if found is None:
        known = {entry.fname for entry in font_manager.fontManager.ttflist}
        for path in font_manager.findSystemFonts():
            if path not in known:
                try:
                    font_manager.fontManager.addfont(path)
                except (OSError, RuntimeError, ValueError):   # a file FreeType cannot read
                    continue
        found = _known_hangul_font(font_manager)
    return found


def draws_in_english() -> bool:
    """Whether the pictures stay English although Korean is spoken: no Hangul font was found."""
    return language() != "en" and hangul_font() is None


@contextlib.contextmanager
def _lettering():
    """The pictures' labels in the language spoken, with a font that has its letters; Korean without a
    Hangul font draws English labels instead (the command says so), never empty boxes."""
    import matplotlib
    from . import language as spoken
    if language() == "en":
        yield
        return
    if hangul_font() is None:
        import gettext
        korean = spoken.current()
        spoken.install(gettext.NullTranslations())
        try:
            yield
        finally:
            spoken.install(korean)
        return
    with matplotlib.rc_context({"font.family": ["DejaVu Sans", hangul_font()], "axes.unicode_minus": False}):
        yield


def lettered(draw):
    """A picture function that draws its labels as _lettering() says."""
    @functools.wraps(draw)
    def drawn(*args, **kwargs):
        with _lettering():
            return draw(*args, **kwargs)
    return drawn


def _figure(panels: int):
    from matplotlib.figure import Figure
    return Figure(figsize=(5.0 * panels, 4.0), layout="constrained")


def _loss_curve(axes, errors, label=None, xlabel=None) -> None:
    axes.plot(range(1, len(errors) + 1), errors, label=label)
    axes.set_xlabel(_("epoch") if xlabel is None else xlabel)
    axes.set_ylabel(_("error"))
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
        axes.set_title(_("no decision boundary: the output is {middle:.6f}\neverywhere (to within {spread:.0e})",
                         middle=middle, spread=surface.high - surface.low))
    else:
        shading = axes.contourf(surface.coordinates, surface.coordinates, surface.outputs, levels=20, cmap="RdBu_r")
        axes.contour(surface.coordinates, surface.coordinates, surface.outputs, levels=[0.5], colors="black",
                     linewidths=1.5)
        axes.set_title(_("decision boundary (output = 1/2)"))
    axes.figure.colorbar(shading, ax=axes, label=_("output"))
    for inputs, (target,) in patterns:
        axes.scatter([inputs[0]], [inputs[1]], s=120, c="white" if target < 0.5 else "black", edgecolors="black")
    axes.set_xlabel("x1")
    axes.set_ylabel("x2")


def colour_scale(matrix) -> float:
    """The |w| that gets the full colour in a heatmap: the largest, but at most 2.5 times the root mean
    square, so that one large weight does not wash out the others (the pages do the same)."""
    total = 0.0
    largest = 0.0
    count = 0
    for row in matrix:
        for w in row:
            total = total + w * w
            largest = max(largest, abs(w))
            count = count + 1
    return min(largest, 2.5 * math.sqrt(total / count)) or 1.0


def _network(axes, network, title: str | None = None) -> None:
    """The network as the pages draw it: a line per weight (width by |w|, blue positive, orange
    negative) between layers of nodes, the bias node a square; when a layer is wider than
    NODE_LIMIT, each layer's weight matrix as a heatmap instead (inputs down, nodes across)."""
    from matplotlib.collections import LineCollection
    from matplotlib.colors import LinearSegmentedColormap
    weights = network.weights
    largest = 0.0
    for matrix in weights:
        for row in matrix:
            for w in row:
                largest = max(largest, abs(w))
    largest = largest or 1.0
    axes.set_axis_off()
    title = _("the network") if title is None else title
    axes.set_title(title + ": " + "-".join(map(str, network.sizes)))
    if max(network.sizes) > NODE_LIMIT:
        colours = LinearSegmentedColormap.from_list("weights", [NEGATIVE, NEUTRAL, POSITIVE])
        for l, matrix in enumerate(weights):
            scale = colour_scale(matrix)
            axes.imshow(matrix, cmap=colours, vmin=-scale, vmax=scale, aspect="auto", interpolation="nearest",
                        extent=(1.2 * l, 1.2 * l + 1.0, 0.0, 1.0))
            axes.text(1.2 * l + 0.5, -0.06, _("layer {number}: {rows} x {columns}", number=l + 1, rows=len(matrix),
                                              columns=len(matrix[0])), ha="center",
                      va="top", fontsize=8)
        axes.set_xlim(-0.1, 1.2 * len(weights))
        axes.set_ylim(-0.15, 1.05)
        return
    # each layer's nodes, the bias node last, spread over the height
    counts = [size + (1 if l < len(weights) and network.bias[l] else 0) for l, size in enumerate(network.sizes)]
    tallest = max(counts)
    positions = [[(l, (count - 1) / 2 - k) for k in range(count)] for l, count in enumerate(counts)]
    # one line per weight w_ij, from node i of layer l to node j of layer l + 1
    segments, colours, widths = [], [], []
    for l, matrix in enumerate(weights):
        for i, row in enumerate(matrix):
            for j, w in enumerate(row):
                segments.append([positions[l][i], positions[l + 1][j]])
                colours.append(POSITIVE if w >= 0.0 else NEGATIVE)
                widths.append(0.3 + 5.0 * min(1.0, abs(w) / largest) * min(1.0, 6.0 / tallest))
    axes.add_collection(LineCollection(segments, colors=colours, linewidths=widths, alpha=0.8, zorder=1))
    size = max(12.0, 250.0 / tallest)
    for l, layer in enumerate(positions):
        nodes = layer[:network.sizes[l]]
        axes.scatter([x for x, _ in nodes], [y for _, y in nodes], s=size * 4, c="white", edgecolors="black",
                     zorder=2)
        if len(layer) > network.sizes[l]:
            axes.scatter([layer[-1][0]], [layer[-1][1]], s=size * 4, marker="s", c="0.95", edgecolors="0.4",
                         zorder=2)
    axes.set_xlim(-0.3, len(network.sizes) - 0.7)
    axes.set_ylim(-tallest / 2 - 0.3, tallest / 2)
    axes.text(0, -tallest / 2 - 0.1, _("inputs"), ha="center", va="top", fontsize=8)
    axes.text(len(network.sizes) - 1, -tallest / 2 - 0.1, _("output"), ha="center", va="top", fontsize=8)


@lettered
def training(path, errors, title: str, network=None, patterns=None, **title_values) -> None:
    """The error curve, the network beside it, and the decision boundary when the network has two
    inputs and one output. The title is English with {placeholders} filled from title_values,
    translated here (so that it stays English when no Hangul font draws Korean)."""
    boundary = network is not None and patterns is not None and network.sizes[0] == 2 and network.sizes[-1] == 1
    count = 1 + (network is not None) + boundary
    figure = _figure(count)
    panels = list(figure.subplots(1, count)) if count > 1 else [figure.subplots()]
    _loss_curve(panels[0], errors)
    panels[0].set_title(_(title, **title_values))
    if network is not None:
        _network(panels[1], network)
    if boundary:
        _decision_boundary(panels[2], network, patterns)
    figure.savefig(path, dpi=100)


@lettered
def vanish(path, result) -> None:
    """Each layer's gradient norm (log scale) per activation, and the three error curves; below, each
    trained network."""
    from matplotlib.figure import Figure
    runs = len(result.runs)
    figure = Figure(figsize=(5.0 * max(2, runs), 8.0), layout="constrained")
    top, bottom = figure.subfigures(2, 1)
    norms, losses = top.subplots(1, 2)
    for run, axes in zip(result.runs, bottom.subplots(1, runs) if runs > 1 else [bottom.subplots()]):
        _network(axes, run.network, _("{activation}, trained", activation=run.activation))
    layers = list(range(1, len(result.sizes)))
    width = 0.8 / len(result.runs)
    for r, run in enumerate(result.runs):
        norms.bar([layer + (r - (len(result.runs) - 1) / 2) * width for layer in layers], run.gradient_norms,
                  width, label=run.activation)
        _loss_curve(losses, run.errors, label=run.activation)
    norms.set_yscale("log")
    norms.set_xticks(layers)
    norms.set_xlabel(_("layer (1 = the first, next to the inputs)"))
    norms.set_ylabel(_("gradient norm at the initial weights"))
    norms.set_title(_("{sizes} on XOR", sizes="-".join(map(str, result.sizes))))
    norms.legend()
    losses.set_title(_("binary cross-entropy"))
    losses.legend()
    figure.savefig(path, dpi=100)


@lettered
def approx(path, result) -> None:
    """The cubic and the network's fit, the training interval shaded, the error curve and the network."""
    figure = _figure(3)
    curve, losses, drawing = figure.subplots(1, 3)
    _network(drawing, result.network)
    xs = [point[0] for point in result.curve]
    curve.axvspan(*result.interval, color="0.9", label=_("trained on"))
    curve.plot(xs, [point[1] for point in result.curve], label="y = x³ + x² - x - 1")
    curve.plot(xs, [point[2] for point in result.curve], label=_("network"))
    curve.set_xlabel("x")
    curve.set_ylabel("y")
    curve.legend()
    curve.set_title(_("rmse {inside:.3g} inside, {outside:.3g} outside", inside=result.rmse_inside,
                      outside=result.rmse_outside))
    _loss_curve(losses, result.errors, xlabel=_("hundred updates"))
    losses.set_title(_("mean squared error"))
    figure.savefig(path, dpi=100)


def _line(axes, weights, threshold: float, **style) -> None:
    """The line w1 x1 + w2 x2 + b = threshold across the picture (none when w1 = w2 = 0)."""
    w1, w2, b = weights
    low, high = EXTENT
    if w2 != 0.0:
        axes.plot([low, high], [(threshold - b - w1 * low) / w2, (threshold - b - w1 * high) / w2], **style)
    elif w1 != 0.0:
        axes.plot([(threshold - b) / w1] * 2, [low, high], **style)


@lettered
def perceptron(path, result) -> None:
    """The mistakes per epoch (the delta rule: its loss), and the unit's line after each epoch,
    faint for the early epochs and bold for the last, over the gate's four patterns."""
    figure = _figure(2)
    progress, plane = figure.subplots(1, 2)
    epochs = [record.epoch for record in result.epochs]
    if result.rule == "delta":
        progress.plot([0] + epochs, [result.initial_loss] + [record.loss for record in result.epochs])
        progress.set_ylabel(_("E = ½ Σ (t - z)² at the epoch's end"))
    else:
        progress.bar(epochs, [record.mistakes for record in result.epochs], color="0.6")
        progress.yaxis.get_major_locator().set_params(integer=True)
        progress.set_ylabel(_("mistakes in the epoch"))
    progress.set_xlabel(_("epoch"))
    progress.set_title(_("Rosenblatt rule on {gate}", gate=result.gate.upper()) if result.rule == "perceptron"
                       else _("delta rule on {gate}", gate=result.gate.upper()))
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
    plane.set_title(_("the line z = {threshold:g} after each epoch (last in black)", threshold=result.threshold))
    figure.savefig(path, dpi=100)


@lettered
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
    derivatives.axhline(0.25, color="0.5", linestyle="--", linewidth=0.8, label=_("1/4, the sigmoid's largest"))
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


@lettered
def losses(path, result) -> None:
    """One label's loss against its prediction p, with tutorial 5's four examples marked, and
    the four examples' terms under each formula side by side."""
    figure = _figure(2)
    curves, bars = figure.subplots(1, 2)
    ps = [k / 200.0 for k in range(2, 199)]
    curves.plot(ps, [-math.log(p) for p in ps], label=_("t = 1: -log p (both formulas)"))
    curves.plot(ps, [-math.log(1.0 - p) for p in ps], label=_("t = 0: -log(1 - p) (binary cross-entropy)"))
    curves.plot(ps, [0.0 for p in ps], label=_("t = 0: 0 (the one-hot formula)"), linestyle="--")
    example = result.example
    curves.scatter(example.predictions, example.bce_terms, color="black", zorder=3, label=_("tutorial 5's examples"))
    curves.set_xlabel(_("prediction p"))
    curves.set_ylabel(_("loss of one example"))
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
    bars.set_title(_("one-hot total {total:.3f} (printed: {printed:g})\nbinary cross-entropy {summed:.3f} summed, "
                     "{averaged:.3f} averaged", total=example.rounded_total, printed=example.printed_total,
                     summed=example.bce_total, averaged=example.bce_mean), fontsize="medium")
    bars.set_ylim(0.0, 0.32)
    bars.legend(fontsize="small", loc="upper right")
    figure.savefig(path, dpi=100)


@lettered
def approx_sweep(path, result) -> None:
    """The cubic and each width's fit, the training interval shaded, and the rmse inside per width."""
    figure = _figure(2)
    curve, errors = figure.subplots(1, 2)
    first = result.runs[0]
    xs = [point[0] for point in first.curve]
    curve.axvspan(*first.interval, color="0.9", label=_("trained on"))
    curve.plot(xs, [point[1] for point in first.curve], color="black", label="y = x³ + x² - x - 1")
    for width, run in zip(result.widths, result.runs):
        curve.plot(xs, [point[2] for point in run.curve], label=_("{width} hidden units", width=width))
    curve.set_xlabel("x")
    curve.set_ylabel("y")
    curve.legend()
    curve.set_title(_("one hidden layer, several widths"))
    errors.plot(result.widths, [run.rmse_inside for run in result.runs], marker="o")
    errors.set_xscale("log")
    errors.set_yscale("log")
    errors.set_xlabel(_("hidden units"))
    errors.set_ylabel(_("rmse inside the interval"))
    errors.grid(True, alpha=0.3)
    figure.savefig(path, dpi=100)


@lettered
def descent(path, result) -> None:
    """The loss over the data set of each way of descent, against epochs, weight updates and seconds."""
    figure = _figure(3)
    by_epoch, by_update, by_second = figure.subplots(1, 3)
    for run in result.runs:
        label = _("{name} ({batch} a step)", name=_(run.name), batch=run.batch_size)
        by_epoch.plot(range(len(run.epoch_losses)), run.epoch_losses, label=label)
        by_update.plot(range(len(run.losses)), run.losses, label=label, linewidth=0.8)
        by_second.plot([0.0, *run.seconds], run.losses, label=label, linewidth=0.8)
    for axes, xlabel in ((by_epoch, _("epoch (the same samples seen)")), (by_update, _("weight update")),
                         (by_second, _("seconds of training"))):
        axes.set_xlabel(xlabel)
        axes.set_ylabel(_("binary cross-entropy over the data set"))
        axes.set_yscale("log")
        axes.grid(True, alpha=0.3)
        axes.legend()
    by_update.set_xscale("log")
    by_epoch.set_title(_("{sizes} on {points} points of two half-moons", sizes="-".join(map(str, result.sizes)),
                         points=result.n_points))
    by_update.set_title(_("per update: a batch's mean gradient steps better"))
    by_second.set_title(_("per second (this machine, this run)"))
    figure.savefig(path, dpi=100)


@lettered
def optimizers(path, compared, flipped) -> None:
    """The optimizers' loss curves side by side, and tutorial 4's sign-flipped momentum beside the correct rule."""
    figure = _figure(2)
    losses, climbing = figure.subplots(1, 2)
    for run in compared.runs:
        momentum = _(", momentum {momentum:g}", momentum=run.momentum) if run.momentum else ""
        losses.plot(range(len(run.losses)), run.losses,
                    label=f"{_(run.name)} (lr {run.lr:g}{momentum})")
    losses.set_xlabel(_("epoch"))
    losses.set_ylabel(_("binary cross-entropy over the data set"))
    losses.set_yscale("log")
    losses.grid(True, alpha=0.3)
    losses.legend()
    losses.set_title(_("{sizes} on two half-moons, the same initial weights", sizes="-".join(map(str, compared.sizes))))
    for run in flipped.runs:
        _loss_curve(climbing, run.errors, label=_("{rule}, momentum {momentum:g}", rule=_(run.rule),
                                                   momentum=run.momentum))
    climbing.set_title(_("tutorial 4's update on XOR, lr {lr:g}", lr=flipped.lr))
    climbing.legend()
    figure.savefig(path, dpi=100)


@lettered
def dropout(path, result) -> None:
    """Training and test loss of the runs with and without dropout, and the curves they fitted."""
    figure = _figure(2)
    losses, curves = figure.subplots(1, 2)
    for run in result.runs:
        name = _("dropout {rate:g}", rate=run.dropout) if run.dropout else _("no dropout")
        line, = losses.plot(run.epochs_measured, run.test_losses, label=_("{name}: test", name=name))
        losses.plot(run.epochs_measured, run.train_losses, linestyle="--", color=line.get_color(),
                    label=_("{name}: training", name=name))
        curves.plot([point[0] for point in run.curve], [point[2] for point in run.curve], color=line.get_color(),
                    label=name)
    losses.set_xlabel(_("epoch"))
    losses.set_ylabel(_("mean squared error"))
    losses.set_yscale("log")
    losses.grid(True, alpha=0.3)
    losses.legend()
    losses.set_title(_("{sizes} on {points} noisy points", sizes="-".join(map(str, result.sizes)), points=result.n_train))
    curves.plot([point[0] for point in result.runs[0].curve], [point[1] for point in result.runs[0].curve],
                color="black", label="sin(πx)")
    curves.scatter([point[0] for point in result.train_points], [point[1] for point in result.train_points],
                   color="black", s=15, label=_("training points"))
    curves.set_xlabel("x")
    curves.set_ylabel("y")
    curves.legend()
    curves.set_title(_("what each network learnt"))
    figure.savefig(path, dpi=100)


@lettered
def errata(path, result) -> None:
    """One row of panels per tutorial in `result` (a ch15_errata.ErrataResult)."""
    from matplotlib.figure import Figure
    drawers = [(tutorial, DRAWERS[tutorial]) for tutorial in result.tutorials]
    columns = max(panels for _tutorial, (_draw, panels) in drawers)
    figure = Figure(figsize=(6.0 * columns, 4.5 * len(drawers)), layout="constrained")
    rows = figure.subfigures(len(drawers), 1) if len(drawers) > 1 else [figure]
    for row, (tutorial, (draw, panels)) in zip(rows, drawers):
        axes = row.subplots(1, panels)
        draw(*(axes if panels > 1 else [axes]), getattr(result, f"tutorial_{tutorial}"))
    figure.savefig(path, dpi=100)


def _tutorial_1(axes, part) -> None:
    """The deep sigmoid net's loss: the plateau at ln 2, where the tutorial stopped, where it ends."""
    plateau = part.plateau
    _loss_curve(axes, plateau.errors, label=_("{sizes} sigmoid", sizes="-".join(map(str, plateau.sizes))))
    axes.axhline(math.log(2.0), color="grey", linestyle=":", label=_("ln 2: answering 1/2 everywhere"))
    axes.axvline(plateau.stopped_at, color="black", linestyle="--", label=_("tutorial 1 stopped here: \"it fails\""))
    if plateau.left_plateau is not None:
        axes.axvline(plateau.left_plateau, color="tab:green", linestyle="--",
                     label=_("epoch {epoch}: it leaves the plateau", epoch=plateau.left_plateau))
    axes.set_ylabel(_("binary cross-entropy"))
    axes.set_title(_("tutorial 1: a plateau, not a failure"))
    axes.legend(fontsize="small")


def _tutorial_2(axes, part) -> None:
    """The cost of its hand-written backpropagation at each printed step, as written and corrected."""
    for run, label in ((part.as_written, _("as written: d_Y_pred = (Y - Y_pred) / ...")),
                       (part.corrected, _("corrected: (Y_pred - Y) / ...")),
                       (part.mean_gradient, _("corrected, d_w the batch's mean"))):
        axes.plot([step for step, _cost in run.printed], [cost for _step, cost in run.printed], label=label)
    axes.set_yscale("log")
    axes.set_xlabel(_("step"))
    axes.set_ylabel(_("cost (its mean binary cross-entropy)"))
    axes.grid(True, alpha=0.3)
    axes.set_title(_("tutorial 2's backpropagation, initial weights seed {seed}", seed=part.seed))
    axes.legend(fontsize="small")


def _tutorial_3(axes, part) -> None:
    """The three accuracies on the same test images: plain, counted while training, after training on them."""
    run = part.evaluation
    names = [_("plain test"), _("the tutorial's loop\n(trains on each)"), _("its printed %\n(hits / (n - 1))"),
             _("after the loop\n(tested on what it learnt)")]
    values = [run.plain_percentage, run.loop_percentage, run.printed_percentage, run.after_percentage]
    bars = axes.bar(names, values, color=["tab:blue", "tab:orange", "tab:orange", "tab:red"])
    axes.bar_label(bars, fmt="%.2f%%")
    axes.set_ylim(min(values) - 10.0, min(100.0, max(values) + 5.0))
    axes.set_ylabel(_("accuracy on {n_test} test images (%)", n_test=run.n_test))
    axes.set_title(_("tutorial 3's evaluation on {dataset}, {sizes}", dataset=run.dataset,
                     sizes="-".join(map(str, run.sizes))))


def _tutorial_4(climbing, derivative, part) -> None:
    """The momentum runs' errors; tanh's derivative against its comment's y (1 - y)."""
    for run in part.momentum.runs:
        _loss_curve(climbing, run.errors, label=_("{rule}, momentum {momentum:g}", rule=_(run.rule),
                                                   momentum=run.momentum))
    climbing.set_title(_("tutorial 4's momentum update on XOR, lr {lr:g}", lr=part.momentum.lr))
    climbing.legend(fontsize="small")
    zs = [k / 50.0 for k in range(-150, 151)]
    ys = [tanh(z) for z in zs]
    derivative.plot(zs, [tanh_derivative(y) for y in ys], label=_("1 - y^2 (its code; tanh's derivative)"))
    derivative.plot(zs, [sigmoid_derivative(y) for y in ys], label=_("y (1 - y) (its comment: the sigmoid's)"))
    derivative.scatter([row.z for row in part.tanh], [row.slope for row in part.tanh], color="black", zorder=3,
                       label=_("measured slope"))
    derivative.axhline(0.0, color="grey", linewidth=0.5)
    derivative.set_xlabel("z")
    derivative.set_ylabel("dy/dz, y = tanh z")
    derivative.grid(True, alpha=0.3)
    derivative.set_title(_("tutorial 4's comment on tanh's derivative"))
    derivative.legend(fontsize="small")


def _tutorial_5(axes, part) -> None:
    """Its sigmoid XOR table against 1/2, beside the step units' exact one."""
    labels = ["".join(str(x) for x in row.inputs) for row in part.sigmoid]
    positions = range(len(labels))
    axes.bar([p - 0.2 for p in positions], [row.output for row in part.step], 0.4, label=_("step units"))
    axes.bar([p + 0.2 for p in positions], [row.output for row in part.sigmoid], 0.4, label=_("sigmoid units"))
    axes.axhline(0.5, color="black", linestyle="--", label="1/2")
    axes.set_xticks(list(positions), labels)
    axes.set_xlabel("x1 x2 (XOR: 0 1 1 0)")
    axes.set_ylabel(_("output"))
    axes.set_title(_("tutorial 5's XOR table: every sigmoid output above 1/2"))
    axes.legend(fontsize="small")


# tutorial -> (its drawing, its number of panels)
DRAWERS = {1: (_tutorial_1, 1), 2: (_tutorial_2, 1), 3: (_tutorial_3, 1), 4: (_tutorial_4, 2), 5: (_tutorial_5, 1)}
