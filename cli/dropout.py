"""bpnn dropout: a network that overfits a few noisy points, trained with and without dropout (bpnn.course.ch12_dropout)."""
import click

from bpnn.course import ch12_dropout, pages, plots
from bpnn.course.results import as_data

from . import main, options


@main.command(short_help="Dropout against overfitting.")
@click.option("--rate", default=0.3, show_default=True, type=click.FloatRange(0.0, 1.0, min_open=True, max_open=True),
              help="Dropout rate of the hidden layers in the run with dropout.")
@options.hidden("32,32")
@options.epochs(1000)
@options.lr(0.01)
@click.option("--points", "n_train", default=20, show_default=True, type=click.IntRange(min=1),
              help="Noisy training points.")
@click.option("--test-points", "n_test", default=200, show_default=True, type=click.IntRange(min=1),
              help="Fresh noisy points to test on.")
@click.option("--noise", default=0.3, show_default=True, type=click.FloatRange(min=0.0),
              help="Standard deviation of the noise added to sin(pi x).")
@options.every(100)
@options.seed()
@options.backend("numba")
@options.plot
@options.html
@options.reporting
@click.pass_context
@options.fails_cleanly
def dropout(ctx, rate, hidden, epochs, lr, n_train, n_test, noise, every, seed, backend, plot, html, as_json, quiet):
    """A 1-HIDDEN-1 tanh net overfits 20 noisy points of sin(pi x); dropout keeps it from it.

    The same net (linear output, mean squared error, Adam, full batch) from the same initial
    weights, trained without dropout and with --rate in every hidden layer: the loss on the
    training points and on fresh test points as training goes on, and the fitted curves
    (--plot). About a second with the kernels; --backend python gives the same numbers in
    about 15 seconds.

    Example: bpnn dropout --plot dropout.png
    """
    with options.Progress(2 * -(-epochs // ch12_dropout.MEASURE_EVERY), "training",
                          shown=not (quiet or as_json)) as progress:
        recorder = pages.Recorder(epochs, runs=2, then=progress, every=ch12_dropout.MEASURE_EVERY) if html else None
        result = ch12_dropout.dropout(rate, hidden, epochs, lr, n_train, n_test, noise, seed=seed, backend=backend,
                                      callback=recorder or progress, before_training=recorder and recorder.follow)
    if plot is not None:
        plots.dropout(plot, result)
    if html is not None:
        pages.write(html, pages.dropout_page(result, recorder, options.settings_of(ctx)))
    if as_json:
        return options.emit_json({"command": "dropout", **as_data(result)})
    plain, dropped = result.runs
    click.echo(f"{'-'.join(map(str, result.sizes))} tanh net, linear output, mean squared error, on {n_train} points "
               f"of sin(pi x) with noise {noise:g}, tested on {n_test} fresh ones; Adam lr {lr:g}, full batch, "
               f"seed {seed}")
    if not quiet:
        click.echo(f"{'epoch':>6}  {'no dropout: train':>17} {'test':>8}   {f'dropout {rate:g}: train':>18} {'test':>8}")
        for k, epoch in enumerate(plain.epochs_measured):
            if epoch % every == 0 or epoch == epochs:
                click.echo(f"{epoch:>6}  {plain.train_losses[k]:>17.4f} {plain.test_losses[k]:>8.4f}   "
                           f"{dropped.train_losses[k]:>18.4f} {dropped.test_losses[k]:>8.4f}")
    click.echo(f"{'dropout':>8} {'train loss':>11} {'test loss':>10}   lowest test loss (epoch)")
    for run in result.runs:
        click.echo(f"{run.dropout:>8g} {run.final_train_loss:>11.4f} {run.final_test_loss:>10.4f}   "
                   f"{run.best_test_loss:.4f} ({run.best_epoch})")
    options.explain(
        f"Without dropout the training loss falls to {plain.final_train_loss:.4f}, below the noise's variance "
        f"{noise * noise:.4f} (the loss of the true curve): the net learns the noise, and its test loss, lowest at "
        f"epoch {plain.best_epoch} ({plain.best_test_loss:.4f}), ends at {plain.final_test_loss:.4f}. With dropout "
        f"{rate:g} each hidden node is off for a pattern with probability {rate:g}, so no node can rely on the "
        f"others to fit a single point: the test loss ends at {dropped.final_test_loss:.4f}. Inverted dropout "
        f"scales a kept node's output by 1/(1 - {rate:g}) = {1 / (1 - rate):.4f} while training, so that its "
        "expected value is the output the network gives when testing, without masks or rescaling.")
    options.tell_written(quiet, plot=plot, page=html)
