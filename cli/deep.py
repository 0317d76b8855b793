"""bpnn vanish and bpnn approx: what depth costs, and where a fit holds."""
import math

import click

from bpnn.course import ch09_vanish as vanishing, ch13_approx as approximation, pages, plots, tutorials
from bpnn.course.results import as_data

from . import main, options, presets


@main.command(short_help="The vanishing gradient of a deep sigmoid net.")
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
    click.echo(f"{'-'.join(map(str, result.sizes))} on XOR: binary cross-entropy, SGD lr {lr:g}, full batch, "
               f"{epochs} epochs, seed {seed}")
    click.echo("gradient norm of each layer at the initial weights (layer 1 reads the inputs), and the loss after "
               "training")
    click.echo("activation " + "".join(f"{f'layer {l + 1}':>11}" for l in range(n_layers))
               + f"   final loss   loss < {result.plateau_exit:g} from epoch")
    for run in result.runs:
        left = "not yet" if run.left_plateau is None else str(run.left_plateau)
        click.echo(f"{run.activation:<10} " + "".join(f"{norm:>11.3e}" for norm in run.gradient_norms)
                   + f"   {run.loss:.6f}   {left:>10}")
    factor = result.first_layer_ratio("relu", "sigmoid")
    options.explain(f"The sigmoid net's first layer gets a gradient {factor:.0f} times smaller than the ReLU net's: "
                    "on the way back every layer multiplies the deltas by f'(y), and the sigmoid's y (1 - y) is at most "
                    "1/4, where tanh's and ReLU's are near 1. "
                    f"ln 2 = {math.log(2):.6f} is the loss of answering 1/2 everywhere.")
    sigmoid = next((run for run in result.runs if run.activation == "sigmoid"), None)
    if sigmoid is not None:
        options.explain(plateau_text(sigmoid, epochs))
    if comparison is not None:
        presets.echo_comparison(comparison)
    options.tell_written(quiet, plot=plot, page=html)


def plateau_text(sigmoid, epochs: int) -> str:
    """What the sigmoid net's run says about the plateau: where it left it, or that it is still on it and sloping."""
    if sigmoid.left_plateau is not None:
        return (f"The sigmoid net did not fail: it sat on a plateau near ln 2, where the small gradients move it "
                f"slowly, and left it at epoch {sigmoid.left_plateau} (loss {sigmoid.loss:.6f} after {epochs}). "
                "Vanishing gradients make a deep sigmoid net slow, not unable.")
    first, last = sigmoid.errors[0], sigmoid.errors[-1]
    return (f"The sigmoid net has not failed for good: it sits on a plateau near ln 2, and its loss is still falling, "
            f"slowly ({first:.6f} in epoch 1, {last:.6f} in epoch {epochs}). With more epochs it leaves the plateau: "
            "bpnn vanish --epochs 5000 --backend numba.")


@main.command(short_help="A net fits a cubic only where it was trained.")
@options.hidden("6", inputs=1, outputs=1)
@options.activation("relu")
@options.optimizer("adam")
@options.lr(0.01)
@options.momentum(0.0)
@click.option("--samples", default=10000, show_default=True, type=click.IntRange(min=1),
              callback=options.checked_by(approximation.check_samples), help="Training samples, each seen once.")
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
                raise click.UsageError(f"--{name} takes one network; a sweep of --hidden {','.join(map(str, hidden))} "
                                       "trains one per width", ctx)
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
    click.echo(f"{'-'.join(map(str, result.sizes))} {activation} net, {optimizer} lr {lr:g}, mean squared error, "
               f"{samples} samples x ~ U({low:g}, {high:g}), seed {seed}")
    if not quiet:
        per = approximation.UPDATES_PER_ERROR
        for k, error in options.sampled(result.errors, 10):
            click.echo(f"updates {(k - 1) * per + 1:>6}-{k * per:<6} mean loss {error:.3f}")
    click.echo("     x          y    network")
    for x, y, fitted in result.curve[::(len(result.curve) - 1) // 14]:
        click.echo(f"{x:6.2f} {y:10.3f} {fitted:10.3f}")
    click.echo(f"rmse inside [{low:g}, {high:g}]: {result.rmse_inside:.3f}")
    options.explain(f"rmse outside (within {result.beyond:g} of either end): {result.rmse_outside:.3f}, "
                    f"{result.rmse_outside / result.rmse_inside:.0f} times larger: the net fits only where it was "
                    "trained.")
    if comparison is not None:
        presets.echo_comparison(comparison)
    options.tell_written(quiet, model=save, plot=plot, page=html)


def approx_comparison(ctx, tutorial):
    if tutorial is None:
        return None
    return tutorials.compare(tutorials.tutorial_run("approx", tutorial), presets.given_options(ctx))


UNIVERSAL_APPROXIMATION = ("The universal approximation theorem (tutorial 3): one hidden layer of enough units (sigmoid, "
                           "ReLU or any non-polynomial activation) and a linear output can approximate any continuous "
                           "function on a bounded interval as closely as wanted. It promises that the weights exist "
                           "for some width, not that training finds them, and nothing outside the interval.")


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
    click.echo(f"1-WIDTH-1 {activation} nets, {optimizer} lr {lr:g}, mean squared error, {samples} samples "
               f"x ~ U({low:g}, {high:g}), seed {seed}")
    click.echo(f"{'width':>6} {'rmse inside':>12} {'rmse outside':>13}")
    for width, run in zip(result.widths, result.runs):
        click.echo(f"{width:>6} {run.rmse_inside:>12.3f} {run.rmse_outside:>13.3f}")
    options.explain(UNIVERSAL_APPROXIMATION)
    options.explain(sweep_text(result))
    if comparison is not None:
        presets.echo_comparison(comparison)
    options.tell_written(quiet, plot=plot)


def sweep_text(result) -> str:
    """What the sweep shows: where the fit inside improved with width, and where it stopped improving."""
    inside = [run.rmse_inside for run in result.runs]
    best = min(range(len(inside)), key=inside.__getitem__)
    text = (f"Here the rmse inside falls from {inside[0]:.2f} with {result.widths[0]} units to {inside[best]:.2f} "
            f"with {result.widths[best]}" if best > 0 else
            f"Here the narrowest net, {result.widths[0]} units, fits best (rmse {inside[0]:.2f})")
    if best < len(inside) - 1:
        text += (f"; the wider nets do not fit better ({', '.join(f'{value:.2f}' for value in inside[best + 1:])}): "
                 "here the training, not the width, limits the fit (try more --samples or a smaller --lr)")
    outside = [run.rmse_outside for run in result.runs]
    return text + (f". Outside the interval every width is far off (rmse {min(outside):.1f} to {max(outside):.1f}): "
                   "the theorem promises nothing there.")
