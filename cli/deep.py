"""bpnn vanish and bpnn approx: what depth costs, and where a fit holds."""
import math

import click

from bpnn.course import ch09_vanish as vanishing, ch13_approx as approximation, pages, plots
from bpnn.course.results import as_data

from . import main, options


@main.command(short_help="The vanishing gradient of a deep sigmoid net.")
@options.hidden("64,32,16", inputs=2, outputs=1)
@options.epochs(1000)
@options.lr(1.0)
@options.seed()
@options.backend()
@options.plot
@options.html
@options.reporting
@click.pass_context
@options.fails_cleanly
def vanish(ctx, hidden, epochs, lr, seed, backend, plot, html, as_json, quiet):
    """The vanishing gradient: a deep sigmoid net on XOR beside ReLU and tanh.

    Tutorial 1's net 2-64-32-16-1 (sigmoid output, binary cross-entropy, SGD with lr 1 on the
    full batch, 1000 epochs) with sigmoid, ReLU and tanh hidden units from the same initial
    weights: each layer's gradient norm before training, and the loss after it.

    Example: bpnn vanish --epochs 300
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
    if as_json:
        return options.emit_json({"command": "vanish", **as_data(result)})
    n_layers = len(result.sizes) - 1
    click.echo(f"{'-'.join(map(str, result.sizes))} on XOR: binary cross-entropy, SGD lr {lr:g}, full batch, "
               f"{epochs} epochs, seed {seed}")
    click.echo("gradient norm of each layer at the initial weights (layer 1 reads the inputs), and the loss after "
               "training")
    click.echo("activation " + "".join(f"{f'layer {l + 1}':>11}" for l in range(n_layers)) + "   final loss")
    for run in result.runs:
        click.echo(f"{run.activation:<10} " + "".join(f"{norm:>11.3e}" for norm in run.gradient_norms)
                   + f"   {run.loss:.6f}")
    factor = result.first_layer_ratio("relu", "sigmoid")
    options.explain(f"The sigmoid net's first layer gets a gradient {factor:.0f} times smaller than the ReLU net's: "
                    "on the way back every layer multiplies the deltas by f'(y), and the sigmoid's y (1 - y) is at most "
                    "1/4, where tanh's and ReLU's are near 1. "
                    f"ln 2 = {math.log(2):.6f} is the loss of answering 1/2 everywhere.")
    options.tell_written(quiet, plot=plot, page=html)


@main.command(short_help="A net fits a cubic only where it was trained.")
@options.hidden("6", several=False, inputs=1, outputs=1)
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
@options.reporting
@click.pass_context
@options.fails_cleanly
def approx(ctx, hidden, activation, optimizer, lr, momentum, samples, batch_size, seed, backend, load, save, plot,
           html, as_json, quiet):
    """A 1-HIDDEN-1 net fits y = x^3 + x^2 - x - 1, but only where it was trained.

    Tutorial 3's setting: six ReLU units and a linear output, Adam with lr 0.01, the mean squared
    error, 10000 single samples with x uniform on [-5, 5]. Prints the fit at whole x from -7
    to 7 and the error inside the interval and outside it.

    Example: bpnn approx --plot approx.png
    """
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
    if as_json:
        return options.emit_json({"command": "approx", **as_data(result)})
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
    options.tell_written(quiet, model=save, plot=plot, page=html)
