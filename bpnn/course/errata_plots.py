"""The errata's picture (chapter 15): each tutorial's bug beside its correction, a panel or two a tutorial.

Drawn with the helpers of bpnn.course.plots (matplotlib, imported only when a plot is drawn).
"""
import math

from bpnn.activations import sigmoid_derivative, tanh, tanh_derivative

from .plots import _loss_curve


def errata(path, result) -> None:
    """One row of panels per tutorial in `result` (a ch15_errata.ErrataResult)."""
    from matplotlib.figure import Figure
    drawers = [(tutorial, DRAWERS[tutorial]) for tutorial in result.tutorials]
    columns = max(panels for _, (_, panels) in drawers)
    figure = Figure(figsize=(6.0 * columns, 4.5 * len(drawers)), layout="constrained")
    rows = figure.subfigures(len(drawers), 1) if len(drawers) > 1 else [figure]
    for row, (tutorial, (draw, panels)) in zip(rows, drawers):
        axes = row.subplots(1, panels)
        draw(*(axes if panels > 1 else [axes]), getattr(result, f"tutorial_{tutorial}"))
    figure.savefig(path, dpi=100)


def _tutorial_1(axes, part) -> None:
    """The deep sigmoid net's loss: the plateau at ln 2, where the tutorial stopped, where it ends."""
    plateau = part.plateau
    _loss_curve(axes, plateau.errors, label="-".join(map(str, plateau.sizes)) + " sigmoid")
    axes.axhline(math.log(2.0), color="grey", linestyle=":", label="ln 2: answering 1/2 everywhere")
    axes.axvline(plateau.stopped_at, color="black", linestyle="--", label="tutorial 1 stopped here: \"it fails\"")
    if plateau.left_plateau is not None:
        axes.axvline(plateau.left_plateau, color="tab:green", linestyle="--",
                     label=f"epoch {plateau.left_plateau}: it leaves the plateau")
    axes.set_ylabel("binary cross-entropy")
    axes.set_title("tutorial 1: a plateau, not a failure")
    axes.legend(fontsize="small")


def _tutorial_2(axes, part) -> None:
    """The cost of its hand-written backpropagation at each printed step, as written and corrected."""
    for run, label in ((part.as_written, "as written: d_Y_pred = (Y - Y_pred) / ..."),
                       (part.corrected, "corrected: (Y_pred - Y) / ..."),
                       (part.mean_gradient, "corrected, d_w the batch's mean")):
        axes.plot([step for step, _ in run.printed], [cost for _, cost in run.printed], label=label)
    axes.set_yscale("log")
    axes.set_xlabel("step")
    axes.set_ylabel("cost (its mean binary cross-entropy)")
    axes.grid(True, alpha=0.3)
    axes.set_title(f"tutorial 2's backpropagation, initial weights seed {part.seed}")
    axes.legend(fontsize="small")


def _tutorial_3(axes, part) -> None:
    """The three accuracies on the same test images: plain, counted while training, after training on them."""
    run = part.evaluation
    names = ["plain test", "the tutorial's loop\n(trains on each)", "its printed %\n(hits / (n - 1))",
             "after the loop\n(tested on what it learnt)"]
    values = [run.plain_percentage, run.loop_percentage, run.printed_percentage, run.after_percentage]
    bars = axes.bar(names, values, color=["tab:blue", "tab:orange", "tab:orange", "tab:red"])
    axes.bar_label(bars, fmt="%.2f%%")
    axes.set_ylim(min(values) - 10.0, min(100.0, max(values) + 5.0))
    axes.set_ylabel(f"accuracy on {run.n_test} test images (%)")
    axes.set_title(f"tutorial 3's evaluation on {run.dataset}, {'-'.join(map(str, run.sizes))}")


def _tutorial_4(climbing, derivative, part) -> None:
    """The momentum runs' errors; tanh's derivative against its comment's y (1 - y)."""
    for run in part.momentum.runs:
        _loss_curve(climbing, run.errors, label=f"{run.rule}, momentum {run.momentum:g}")
    climbing.set_title(f"tutorial 4's momentum update on XOR, lr {part.momentum.lr:g}")
    climbing.legend(fontsize="small")
    zs = [k / 50.0 for k in range(-150, 151)]
    ys = [tanh(z) for z in zs]
    derivative.plot(zs, [tanh_derivative(y) for y in ys], label="1 - y^2 (its code; tanh's derivative)")
    derivative.plot(zs, [sigmoid_derivative(y) for y in ys], label="y (1 - y) (its comment: the sigmoid's)")
    derivative.scatter([row.z for row in part.tanh], [row.slope for row in part.tanh], color="black", zorder=3,
                       label="measured slope")
    derivative.axhline(0.0, color="grey", linewidth=0.5)
    derivative.set_xlabel("z")
    derivative.set_ylabel("dy/dz, y = tanh z")
    derivative.grid(True, alpha=0.3)
    derivative.set_title("tutorial 4's comment on tanh's derivative")
    derivative.legend(fontsize="small")


def _tutorial_5(axes, part) -> None:
    """Its sigmoid XOR table against 1/2, beside the step units' exact one."""
    labels = ["".join(str(x) for x in row.inputs) for row in part.sigmoid]
    positions = range(len(labels))
    axes.bar([p - 0.2 for p in positions], [row.output for row in part.step], 0.4, label="step units")
    axes.bar([p + 0.2 for p in positions], [row.output for row in part.sigmoid], 0.4, label="sigmoid units")
    axes.axhline(0.5, color="black", linestyle="--", label="1/2")
    axes.set_xticks(list(positions), labels)
    axes.set_xlabel("x1 x2 (XOR: 0 1 1 0)")
    axes.set_ylabel("output")
    axes.set_title("tutorial 5's XOR table: every sigmoid output above 1/2")
    axes.legend(fontsize="small")


# tutorial -> (its drawing, its number of panels)
DRAWERS = {1: (_tutorial_1, 1), 2: (_tutorial_2, 1), 3: (_tutorial_3, 1), 4: (_tutorial_4, 2), 5: (_tutorial_5, 1)}
