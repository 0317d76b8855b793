"""bpnn descent and bpnn optimizers: how a network turns gradients into steps (bpnn.course.ch10_descent, ch11_optimizers)."""
import click

from bpnn.course import ch10_descent, ch11_optimizers, pages, plots
from bpnn.course.language import N_, _
from bpnn.course.results import as_data

from . import main, options
from .language import fit


def problem_options(command):
    """--points, --noise and --hidden: the two half-moons and the network both chapters train."""
    command = options.hidden("8", several=False)(command)
    command = click.option("--noise", default=0.25, show_default=True, type=click.FloatRange(min=0.0),
                           help=N_("Standard deviation of the noise added to each point."))(command)
    return click.option("--points", "n_points", default=48, show_default=True, type=click.IntRange(min=2),
                        help=N_("Points of the two half-moons (half of each class)."))(command)


def losses_at(values: list[float], points: list[int]) -> str:
    return "".join(f"{values[point]:>10.4f}" for point in points)


def epochs_shown(epochs: int) -> list[int]:
    """Epochs 1, 10, a quarter, a half and the last (each once, in order)."""
    return sorted({point for point in (1, 10, epochs // 4, epochs // 2, epochs) if 1 <= point <= epochs})


TUTORIAL_5_DEFINITIONS = (
    N_("tutorial 5's three ways of gradient descent:"),
    N_("  full batch (batch gradient descent): one step per pass, along the mean gradient of all {n_points} samples"),
    N_("  mini-batch: the data split into mini-batches of {mini_batch}, one step along each one's mean gradient"),
    N_("  online (stochastic gradient descent): one step per sample, the samples in a random order"),
)


@main.command(short_help=N_("Full-batch, mini-batch and online gradient descent compared."))
@problem_options
@options.epochs(50)
@options.lr(0.5)
@click.option("--mini-batch", default=16, show_default=True, type=click.IntRange(min=2),
              help=N_("Samples per step of the mini-batch run (between 1 and --points)."))
@options.seed()
@options.backend()
@options.plot
@options.html
@options.reporting
@click.pass_context
@options.fails_cleanly
def descent(ctx, n_points, noise, hidden, epochs, lr, mini_batch, seed, backend, plot, html, as_json, quiet):
    """Batch, mini-batch and stochastic (online) gradient descent, as tutorial 5 defines them.

    One 2-HIDDEN-1 net (tanh, sigmoid output, binary cross-entropy) learns two half-moons
    three ways from the same initial weights, with plain gradient descent at the same lr:
    all --points samples a step, --mini-batch a step, and one a step. Each sees the same
    samples in the same order for the same epochs. Prints the loss over the data set against
    epochs and against updates, the seconds of training, and how noisy each path is.

    Example: bpnn descent --plot descent.png
    """
    with options.Progress(3 * epochs, "training", shown=not (quiet or as_json)) as progress:
        recorder = pages.Recorder(epochs, runs=3, then=progress) if html else None
        result = ch10_descent.descent(n_points, noise, hidden[0], epochs, lr, mini_batch, seed, backend,
                                      callback=recorder or progress, before_training=recorder and recorder.follow)
    if plot is not None:
        plots.descent(plot, result)
    if html is not None:
        pages.write(html, pages.descent_page(result, recorder, options.settings_of(ctx)))
    if as_json:
        return options.emit_json({"command": "descent", **as_data(result),
                                  "losses_after_common_updates": result.losses_after_common_updates()})
    full, mini, online = result.runs
    if not quiet:
        for line in TUTORIAL_5_DEFINITIONS:
            click.echo(_(line, n_points=n_points, mini_batch=mini_batch))
    click.echo(_("{sizes} net (tanh, sigmoid output, binary cross-entropy) on {points} points of two half-moons "
                 "(noise {noise:g}), plain gradient descent lr {lr:g}, seed {seed}: each way sees the same {samples} "
                 "samples in the same order", sizes="-".join(map(str, result.sizes)), points=n_points, noise=noise,
                 lr=lr, seed=seed, samples=full.samples_seen))
    shown = epochs_shown(epochs)
    click.echo(fit(_("loss after epoch"), 18, "<") + "".join(f"{epoch:>10}" for epoch in shown))
    for run in result.runs:
        click.echo(fit(_(run.name), 18, "<") + losses_at(run.epoch_losses, shown))
    updates = result.common_updates
    click.echo(" " * 18 + fit(_("batch"), 7) + fit(_("updates"), 9) + "  "
               + _("loss after {updates} updates  seconds  rising updates  largest rise", updates=updates))
    for run, loss in zip(result.runs, result.losses_after_common_updates()):
        click.echo(f"{fit(_(run.name), 18, '<')}{run.batch_size:>7}{run.updates:>9}  {loss:>23.4f}  "
                   f"{run.training_seconds:>7.3f}  {run.rise_fraction:>14.1%}  {run.largest_rise:>12.4f}")
    full_loss, mini_loss, online_loss = result.losses_after_common_updates()
    options.explain(_(
        "Per epoch, online learning gets furthest (loss {online_final:.4f} after {epochs} epochs, against "
        "{mini_final:.4f} and {full_final:.4f}): it takes {online_steps} steps for the full batch's one. Per update, "
        "a batch's mean gradient makes the better informed step: after {updates} updates the full batch is at "
        "{full_loss:.4f}, the mini-batch, having seen {mini_batch}/{full_batch} as many samples, at {mini_loss:.4f}, "
        "online at {online_loss:.4f}. Each online step follows one sample's gradient, so the path is noisy: "
        "{online_rises:.0%} of its steps raised the loss over the data set (by up to {online_rise:.3f}), "
        "{mini_rises:.0%} of the mini-batch's and {full_rises:.0%} of the full batch's. The seconds are this run's "
        "on this machine ({backend} backend): a sample costs about the same either way, and each update adds its "
        "own cost.", online_final=online.final_loss, epochs=epochs, mini_final=mini.final_loss,
        full_final=full.final_loss, online_steps=online.updates_per_epoch, updates=updates, full_loss=full_loss,
        mini_batch=mini.batch_size, full_batch=full.batch_size, mini_loss=mini_loss, online_loss=online_loss,
        online_rises=online.rise_fraction, online_rise=online.largest_rise, mini_rises=mini.rise_fraction,
        full_rises=full.rise_fraction, backend=backend))
    options.tell_written(quiet, plot=plot, page=html)


@main.command(short_help=N_("SGD, momentum and Adam; tutorial 4's sign-flipped momentum."))
@problem_options
@options.epochs(200)
@options.lr(0.1)
@options.momentum(0.9)
@click.option("--adam-lr", default=0.01, show_default=True, type=click.FloatRange(min=0.0),
              help=N_("Adam's learning rate."))
@click.option("--batch-size", type=click.IntRange(min=1), help=N_("Patterns per update (default: all, full batch)."))
@click.option("--flip-epochs", default=5000, show_default=True, type=click.IntRange(min=1),
              help=N_("Epochs of the runs of tutorial 4's update (tutorial 4's own: 5000)."))
@options.seed()
@options.backend()
@options.plot
@options.html
@options.reporting
@click.pass_context
@options.fails_cleanly
def optimizers(ctx, n_points, noise, hidden, epochs, lr, momentum, adam_lr, batch_size, flip_epochs, seed, backend,
               plot, html, as_json, quiet):
    """SGD, classic momentum, momentum as a velocity and Adam on one problem; and tutorial 4's
    momentum update, which climbs the error surface, run as written.

    The 2-HIDDEN-1 net of bpnn descent learns the two half-moons from the same initial weights
    with each optimizer; prints the loss over the data set epoch by epoch, side by side. Then
    the classic 2-2-1 tanh net learns XOR at tutorial 4's setting (online, lr 0.1, 5000 epochs)
    with the tutorial's update, v = mo * previous - lr * gradient, at momentum 0, 0.1 and 0.4,
    and with the classic's correct rule, all from the same initial weights.

    Example: bpnn optimizers --plot optimizers.png
    """
    with options.Progress(4 * epochs + 4 * flip_epochs, "training", shown=not (quiet or as_json)) as progress:
        recorder = pages.Recorder(epochs, runs=len(ch11_optimizers.OPTIMIZERS), then=progress) if html else None
        compared = ch11_optimizers.compare_optimizers(epochs, lr, momentum, adam_lr, n_points, noise, hidden[0],
                                                      batch_size, seed, backend, callback=recorder or progress,
                                                      before_training=recorder and recorder.follow)
        flipped = ch11_optimizers.sign_flipped_momentum(epochs=flip_epochs, seed=seed, backend=backend,
                                                        callback=progress)
    if plot is not None:
        plots.optimizers(plot, compared, flipped)
    if html is not None:
        pages.write(html, pages.optimizers_page(compared, flipped, recorder, options.settings_of(ctx)))
    if as_json:
        return options.emit_json({"command": "optimizers", "compared": as_data(compared),
                                  "sign_flipped": as_data(flipped)})
    click.echo(_("{sizes} net on {points} points of two half-moons, {batch} patterns an update, seed {seed}: the loss "
                 "over the data set", sizes="-".join(map(str, compared.sizes)), points=n_points,
                 batch=compared.batch_size, seed=seed))
    shown = sorted({0, *epochs_shown(epochs)})
    click.echo(fit(_("optimizer"), 22, "<") + fit("lr", 6) + fit(_("momentum"), 10)
               + "".join(fit(_("epoch {epoch}", epoch=epoch), 10) for epoch in shown))
    for run in compared.runs:
        click.echo(fit(_(run.name), 22, "<") + f"{run.lr:>6g}{run.momentum:>10g}" + losses_at(run.losses, shown))
    sgd, classic, velocity, adam = compared.runs
    early = min(10, epochs)
    velocity_factor = (_("{factor:.3g} times", factor=1 / (1 - momentum)) if momentum < 1.0 else _("ever more"))
    options.explain(_(
        "While the gradient g keeps its direction, the classic rule steps (lr + momentum) g, {classic_factor:.3g} "
        "times plain SGD's lr g, and the velocity lr g / (1 - momentum), {velocity_factor} SGD's; Adam scales each "
        "weight's step to about its own lr whatever the size of g. After {early} epochs the loss is {sgd_early:.4f} "
        "with SGD, {classic_early:.4f} with classic momentum, {velocity_early:.4f} with the velocity and "
        "{adam_early:.4f} with Adam; after {epochs}: {sgd_final:.4f}, {classic_final:.4f}, {velocity_final:.4f} and "
        "{adam_final:.4f}.", classic_factor=(lr + momentum) / lr, velocity_factor=velocity_factor, early=early,
        sgd_early=sgd.losses[early], classic_early=classic.losses[early], velocity_early=velocity.losses[early],
        adam_early=adam.losses[early], epochs=epochs, sgd_final=sgd.final_loss, classic_final=classic.final_loss,
        velocity_final=velocity.final_loss, adam_final=adam.final_loss))
    click.echo("")
    click.echo(_("tutorial 4's momentum update, run as written: the classic 2-2-1 tanh net on XOR, online, lr {lr:g}, "
                 "{epochs} epochs, the same initial weights (seed {seed})", lr=flipped.lr, epochs=flipped.epochs,
                 seed=seed))
    click.echo(fit(_("rule"), 27, "<") + fit(_("momentum"), 9) + fit(_("error epoch 1"), 15)
               + fit(_("epoch {epoch}", epoch=flipped.epochs), 12) + "   " + _("outputs for 00 01 10 11"))
    for run in flipped.runs:
        outputs = " ".join(f"{row[3]:7.3f}" for row in run.table)
        click.echo(f"{fit(_(run.rule), 27, '<')}{run.momentum:>9g}{run.errors[0]:>15.6f}{run.errors[-1]:>12.6f}"
                   f"   {outputs}")
    options.explain(
        _("The tutorial's update is w <- w + lr g - momentum g_previous (g = dE/dw): its learning-rate term climbs "
          "and its momentum term descends, so while consecutive gradients are alike it moves by -(momentum - lr) g.")
        + " " + _("; ").join(flip_outcome(run, flipped.lr) for run in flipped.runs if run.rule.startswith("tutorial"))
        + _(". At the tutorial's setting it converges only because momentum 0.4 outweighs lr {lr:g}.", lr=flipped.lr))
    options.tell_written(quiet, plot=plot, page=html)


def flip_outcome(run, lr: float) -> str:
    """What one run of the tutorial's update did, from its errors."""
    if run.momentum < lr:
        effect = _("gradient ascent") if run.momentum == 0.0 else _("ascent")
    elif run.momentum == lr:
        effect = _("the two terms cancel")
    else:
        effect = _("descent")
    values = dict(momentum=run.momentum, effect=effect, first=run.errors[0], last=run.errors[-1])
    if run.rose:
        return _("momentum {momentum:g} ({effect}): the error rose from {first:.4f} to {last:.6f}", **values)
    return _("momentum {momentum:g} ({effect}): the error fell from {first:.4f} to {last:.6f}", **values)
