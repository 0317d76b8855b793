"""bpnn dropout: a network that overfits a few noisy points, trained with and without dropout (bpnn.course.ch12_dropout)."""
import click

from bpnn.course import ch12_dropout, pages, plots
from bpnn.course.language import N_, _
from bpnn.course.results import as_data

from . import main, options
from .language import fit


@main.command(short_help=N_("Dropout against overfitting."))
@click.option("--rate", default=0.3, show_default=True, type=click.FloatRange(0.0, 1.0, min_open=True, max_open=True),
              help=N_("Dropout rate of the hidden layers in the run with dropout."))
@options.hidden("32,32")
@options.epochs(1000)
@options.lr(0.01)
@click.option("--points", "n_train", default=20, show_default=True, type=click.IntRange(min=1),
              help=N_("Noisy training points."))
@click.option("--test-points", "n_test", default=200, show_default=True, type=click.IntRange(min=1),
              help=N_("Fresh noisy points to test on."))
@click.option("--noise", default=0.3, show_default=True, type=click.FloatRange(min=0.0),
              help=N_("Standard deviation of the noise added to sin(pi x)."))
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
    click.echo(_("{sizes} tanh net, linear output, mean squared error, on {train} points of sin(pi x) with noise "
                 "{noise:g}, tested on {test} fresh ones; Adam lr {lr:g}, full batch, seed {seed}",
                 sizes="-".join(map(str, result.sizes)), train=n_train, noise=noise, test=n_test, lr=lr, seed=seed))
    if not quiet:
        click.echo(fit(_("epoch"), 6) + "  " + fit(_("no dropout: train"), 17) + " " + fit(_("test"), 8) + "   "
                   + fit(_("dropout {rate:g}: train", rate=rate), 18) + " " + fit(_("test"), 8))
        for k, epoch in enumerate(plain.epochs_measured):
            if epoch % every == 0 or epoch == epochs:
                click.echo(f"{epoch:>6}  {plain.train_losses[k]:>17.4f} {plain.test_losses[k]:>8.4f}   "
                           f"{dropped.train_losses[k]:>18.4f} {dropped.test_losses[k]:>8.4f}")
    click.echo(fit(_("dropout"), 8) + " " + fit(_("train loss"), 11) + " " + fit(_("test loss"), 10) + "   "
               + _("lowest test loss (epoch)"))
    for run in result.runs:
        click.echo(f"{run.dropout:>8g} {run.final_train_loss:>11.4f} {run.final_test_loss:>10.4f}   "
                   f"{run.best_test_loss:.4f} ({run.best_epoch})")
    options.explain(_(
        "Without dropout the training loss falls to {train_loss:.4f}, below the noise's variance {variance:.4f} (the "
        "loss of the true curve): the net learns the noise, and its test loss, lowest at epoch {best_epoch} "
        "({best_loss:.4f}), ends at {test_loss:.4f}. With dropout {rate:g} each hidden node is off for a pattern with "
        "probability {rate:g}, so no node can rely on the others to fit a single point: the test loss ends at "
        "{dropped_loss:.4f}. Inverted dropout scales a kept node's output by 1/(1 - {rate:g}) = {scale:.4f} while "
        "training, so that its expected value is the output the network gives when testing, without masks or "
        "rescaling.", train_loss=plain.final_train_loss, variance=noise * noise, best_epoch=plain.best_epoch,
        best_loss=plain.best_test_loss, test_loss=plain.final_test_loss, rate=rate,
        dropped_loss=dropped.final_test_loss, scale=1 / (1 - rate)))
    options.tell_written(quiet, plot=plot, page=html)
