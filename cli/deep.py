"""bpnn vanish and bpnn approx: what depth costs, and where a fit holds."""
import math

import click

from bpnn.course import ch09_vanish as vanishing, ch13_approx as approximation, pages, plots, tutorials
from bpnn.course.language import N_, _
from bpnn.course.results import as_data

from . import main, options, presets
from .language import fit


@main.command(short_help=N_("The vanishing gradient of a deep sigmoid net."))
@options.hidden("64,32,16", inputs=2, outputs=1)
@options.epochs(1000)
@options.lr(1.0)
@options.seed()
@options.backend()
@options.plot
@options.html
@presets.tutorial("vanish")
@options.reporting
@click.pass_context
@options.fails_cleanly
def vanish(ctx, hidden, epochs, lr, seed, backend, plot, html, tutorial, as_json, quiet):
    """The vanishing gradient: a deep sigmoid net on XOR beside ReLU and tanh.

    Tutorial 1's net 2-64-32-16-1 (sigmoid output, binary cross-entropy, SGD with lr 1 on the
    full batch, 1000 epochs) with sigmoid, ReLU and tanh hidden units from the same initial
    weights: each layer's gradient norm before training, the loss after it, and the epoch at
    which each net leaves the plateau at ln 2 (its loss falls below 0.5). The sigmoid net's
    "failure" is a plateau: --epochs 5000 shows where it ends.

    Example: bpnn vanish --epochs 5000 --backend numba
    """
    runs = len(vanishing.ACTIVATIONS)
    with options.Progress(runs * epochs, "training", shown=not (quiet or as_json)) as progress:
        recorder = pages.Recorder(epochs, runs=runs, then=progress) if html else None
        result = vanishing.vanish(vanishing.ACTIVATIONS, [2, *hidden, 1], epochs, lr, seed, backend,
                                  callback=recorder or progress, before_training=recorder and recorder.follow)
    if plot is not None:
        plots.vanish(plot, result)
    if html is not None:
        pages.write(html, pages.vanish_page(result, recorder, options.settings_of(ctx)))
    comparison = None
    if tutorial is not None:
        sigmoid = next(run for run in result.runs if run.activation == "sigmoid")
        comparison = tutorials.compare(tutorials.tutorial_run("vanish", tutorial), presets.given_options(ctx),
                                       sigmoid.errors, sigmoid.loss)
    if as_json:
        return options.emit_json({"command": "vanish", **as_data(result), "tutorial": as_data(comparison)})
    n_layers = len(result.sizes) - 1
    click.echo(_("{sizes} on XOR: binary cross-entropy, SGD lr {lr:g}, full batch, {epochs} epochs, seed {seed}",
                 sizes="-".join(map(str, result.sizes)), lr=lr, epochs=epochs, seed=seed))
    click.echo(_("gradient norm of each layer at the initial weights (layer 1 reads the inputs), and the loss after "
                 "training"))
    click.echo(fit(_("activation"), 10, "<") + " " + "".join(fit(_("layer {number}", number=l + 1), 11)
                                                             for l in range(n_layers))
               + "   " + _("final loss   loss < {plateau:g} from epoch", plateau=result.plateau_exit))
    for run in result.runs:
        left = _("not yet") if run.left_plateau is None else str(run.left_plateau)
        click.echo(f"{run.activation:<10} " + "".join(f"{norm:>11.3e}" for norm in run.gradient_norms)
                   + f"   {run.loss:.6f}   {fit(left, 10)}")
    factor = result.first_layer_ratio("relu", "sigmoid")
    options.explain(_("The sigmoid net's first layer gets a gradient {factor:.0f} times smaller than the ReLU net's: "
                      "on the way back every layer multiplies the deltas by f'(y), and the sigmoid's y (1 - y) is at "
                      "most 1/4, where tanh's and ReLU's are near 1. ln 2 = {ln2:.6f} is the loss of answering 1/2 "
                      "everywhere.", factor=factor, ln2=math.log(2)))
    sigmoid = next((run for run in result.runs if run.activation == "sigmoid"), None)
    if sigmoid is not None:
        options.explain(plateau_text(sigmoid, epochs))
    if comparison is not None:
        presets.echo_comparison(comparison)
    options.tell_written(quiet, plot=plot, page=html)


def plateau_text(sigmoid, epochs: int) -> str:
    """What the sigmoid net's run says about the plateau: where it left it, or that it is still on it and sloping."""
    if sigmoid.left_plateau is not None:
        return _("The sigmoid net did not fail: it sat on a plateau near ln 2, where the small gradients move it "
                 "slowly, and left it at epoch {epoch} (loss {loss:.6f} after {epochs}). Vanishing gradients make a "
                 "deep sigmoid net slow, not unable.", epoch=sigmoid.left_plateau, loss=sigmoid.loss, epochs=epochs)
    first, last = sigmoid.errors[0], sigmoid.errors[-1]
    return _("The sigmoid net has not failed for good: it sits on a plateau near ln 2, and its loss is still falling, "
             "slowly ({first:.6f} in epoch 1, {last:.6f} in epoch {epochs}). With more epochs it leaves the plateau: "
             "bpnn vanish --epochs 5000 --backend numba.", first=first, last=last, epochs=epochs)


@main.command(short_help=N_("A net fits a cubic only where it was trained."))
@options.hidden("6", inputs=1, outputs=1)
@options.activation("relu")
@options.optimizer("adam")
@options.lr(0.01)
@options.momentum(0.0)
@click.option("--samples", default=10000, show_default=True, type=click.IntRange(min=1),
              callback=options.checked_by(approximation.check_samples), help=N_("Training samples, each seen once."))
@options.batch_size(1)
@options.seed()
@options.backend()
@options.load
@options.save
@options.plot
@options.html
@presets.tutorial("approx")
@options.reporting
@click.pass_context
@options.fails_cleanly
def approx(ctx, hidden, activation, optimizer, lr, momentum, samples, batch_size, seed, backend, load, save, plot,
           html, tutorial, as_json, quiet):
    """A 1-HIDDEN-1 net fits y = x^3 + x^2 - x - 1, but only where it was trained.

    Tutorial 3's setting: six ReLU units and a linear output, Adam with lr 0.01, the mean squared
    error, 10000 single samples with x uniform on [-5, 5]. Prints the fit at whole x from -7
    to 7 and the error inside the interval and outside it. A list of widths, such as
    --hidden 6,24,96, is a sweep: one 1-WIDTH-1 net per width (not a deeper net), to see the
    fit improve with the width, as the universal approximation theorem promises.

    Example: bpnn approx --plot approx.png
    """
    if len(hidden) > 1:
        for name, value in (("load", load), ("save", save), ("html", html)):
            if value is not None:
                raise click.UsageError(_("--{name} takes one network; a sweep of --hidden {widths} trains one per "
                                         "width", name=name, widths=",".join(map(str, hidden))), ctx)
        return approx_sweep(ctx, hidden, activation, optimizer, lr, momentum, samples, batch_size, seed, backend,
                            plot, tutorial, as_json, quiet)
    network = None
    if load is not None:
        options.refuse_with_load(ctx, ("hidden", "activation"))
        network = options.load_network(load, backend, "approx", inputs=1, outputs=1)
    chunks = -(-samples // (approximation.UPDATES_PER_ERROR * batch_size))
    with options.Progress(chunks, "training", shown=not (quiet or as_json)) as progress:
        recorder = pages.Recorder(chunks, then=progress) if html else None
        result = approximation.approx(hidden[0], activation, optimizer, lr, momentum, samples, batch_size, seed,
                                      backend=backend, network=network, callback=recorder or progress,
                                      before_training=recorder and recorder.follow)
    if save is not None:
        result.network.save(save)
    if plot is not None:
        plots.approx(plot, result)
    if html is not None:
        pages.write(html, pages.approx_page(result, recorder, options.settings_of(ctx)))
    comparison = approx_comparison(ctx, tutorial)
    if as_json:
        return options.emit_json({"command": "approx", **as_data(result), "tutorial": as_data(comparison)})
    low, high = result.interval
    click.echo(_("{sizes} {activation} net, {optimizer} lr {lr:g}, mean squared error, {samples} samples "
                 "x ~ U({low:g}, {high:g}), seed {seed}", sizes="-".join(map(str, result.sizes)), activation=activation,
                 optimizer=optimizer, lr=lr, samples=samples, low=low, high=high, seed=seed))
    if not quiet:
        per = approximation.UPDATES_PER_ERROR
        for k, error in options.sampled(result.errors, 10):
            click.echo(_("updates {first:>6}-{last:<6} mean loss {loss:.3f}", first=(k - 1) * per + 1, last=k * per,
                         loss=error))
    click.echo("     x          y " + fit(_("network"), 10))
    for x, y, fitted in result.curve[::(len(result.curve) - 1) // 14]:
        click.echo(f"{x:6.2f} {y:10.3f} {fitted:10.3f}")
    click.echo(_("rmse inside [{low:g}, {high:g}]: {rmse:.3f}", low=low, high=high, rmse=result.rmse_inside))
    options.explain(_("rmse outside (within {beyond:g} of either end): {rmse:.3f}, {factor:.0f} times larger: the net "
                      "fits only where it was trained.", beyond=result.beyond, rmse=result.rmse_outside,
                      factor=result.rmse_outside / result.rmse_inside))
    if comparison is not None:
        presets.echo_comparison(comparison)
    options.tell_written(quiet, model=save, plot=plot, page=html)


def approx_comparison(ctx, tutorial):
    if tutorial is None:
        return None
    return tutorials.compare(tutorials.tutorial_run("approx", tutorial), presets.given_options(ctx))


UNIVERSAL_APPROXIMATION = N_("The universal approximation theorem (tutorial 3): one hidden layer of enough units "
                             "(sigmoid, ReLU or any non-polynomial activation) and a linear output can approximate any "
                             "continuous function on a bounded interval as closely as wanted. It promises that the "
                             "weights exist for some width, not that training finds them, and nothing outside the "
                             "interval.")


def approx_sweep(ctx, hidden, activation, optimizer, lr, momentum, samples, batch_size, seed, backend, plot, tutorial,
                 as_json, quiet):
    """--hidden W1,W2,...: one 1-W-1 net per width on the same samples, and the fit of each."""
    chunks = len(hidden) * -(-samples // (approximation.UPDATES_PER_ERROR * batch_size))
    with options.Progress(chunks, "training", shown=not (quiet or as_json)) as progress:
        result = approximation.sweep(hidden, activation, optimizer, lr, momentum, samples, batch_size, seed,
                                     backend=backend, callback=progress)
    if plot is not None:
        plots.approx_sweep(plot, result)
    comparison = approx_comparison(ctx, tutorial)
    if as_json:
        return options.emit_json({"command": "approx", **as_data(result), "tutorial": as_data(comparison)})
    low, high = result.runs[0].interval
    click.echo(_("1-WIDTH-1 {activation} nets, {optimizer} lr {lr:g}, mean squared error, {samples} samples "
                 "x ~ U({low:g}, {high:g}), seed {seed}", activation=activation, optimizer=optimizer, lr=lr,
                 samples=samples, low=low, high=high, seed=seed))
    click.echo(fit(_("width"), 6) + " " + fit(_("rmse inside"), 12) + " " + fit(_("rmse outside"), 13))
    for width, run in zip(result.widths, result.runs):
        click.echo(f"{width:>6} {run.rmse_inside:>12.3f} {run.rmse_outside:>13.3f}")
    options.explain(_(UNIVERSAL_APPROXIMATION))
    options.explain(sweep_text(result))
    if comparison is not None:
        presets.echo_comparison(comparison)
    options.tell_written(quiet, plot=plot)


def sweep_text(result) -> str:
    """What the sweep shows: where the fit inside improved with width, and where it stopped improving."""
    inside = [run.rmse_inside for run in result.runs]
    best = min(range(len(inside)), key=inside.__getitem__)
    text = (_("Here the rmse inside falls from {first:.2f} with {narrowest} units to {best:.2f} with {width}",
              first=inside[0], narrowest=result.widths[0], best=inside[best], width=result.widths[best]) if best > 0
            else _("Here the narrowest net, {width} units, fits best (rmse {rmse:.2f})", width=result.widths[0],
                   rmse=inside[0]))
    if best < len(inside) - 1:
        text += _("; the wider nets do not fit better ({rmses}): here the training, not the width, limits the fit "
                  "(try more --samples or a smaller --lr)", rmses=", ".join(f"{value:.2f}" for value in inside[best + 1:]))
    outside = [run.rmse_outside for run in result.runs]
    return text + _(". Outside the interval every width is far off (rmse {low:.1f} to {high:.1f}): the theorem "
                    "promises nothing there.", low=min(outside), high=max(outside))
