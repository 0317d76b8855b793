"""`bpnn digits` and `bpnn mnist`: a network learns to read handwritten digits (bpnn.course.ch14_digits)."""
import click

from bpnn.course import ch14_digits as classify, datasets, pages, plots, tutorials
from bpnn.course.language import N_, _
from bpnn.course.results import as_data

from . import main, options, presets
from .language import fit, library_message


def experiment_options(name: str):
    """The options of both commands, with data set `name`'s defaults (bpnn.course.ch14_digits.DEFAULTS)."""
    defaults = classify.DEFAULTS[name]
    inputs = {"digits": 8 * 8, "mnist": 28 * 28}[name]  # pixels per image (the library checks other MNIST sizes)
    decorators = [
        click.option("--limit", type=click.IntRange(min=1), metavar="N",
                     help=N_("Use only the first N training and the first N test images.")),
        options.hidden(",".join(map(str, defaults.hidden)), inputs=inputs, outputs=classify.N_CLASSES),
        options.activation(defaults.activation),
        options.epochs(defaults.epochs),
        options.batch_size(defaults.batch_size),
        options.optimizer(defaults.optimizer),
        options.lr(defaults.lr),
        options.momentum(defaults.momentum),
        options.dropout(defaults.dropout),
        options.seed(defaults.seed),
        options.backend("numba"),
        options.load,
        options.save,
        options.plot,
        options.html,
        options.reporting,
        click.pass_context,
    ]

    def decorate(command):
        for decorator in reversed(decorators):
            command = decorator(command)
        return command
    return decorate


@main.command(short_help=N_("The 8x8 handwritten digits shipped with bpnn."))
@experiment_options("digits")
@options.fails_cleanly
def digits(ctx, **given):
    """Classify the 8x8 handwritten digits shipped with bpnn (1797 images, UCI, CC BY 4.0).

    Trains on 1438 images, tests on the other 359 after every epoch, and prints the loss, the
    test accuracy and the time of each epoch, then the confusion matrix.

    Example: bpnn digits --hidden 64 --epochs 20
    """
    run(ctx, datasets.load_digits(), "digits", **given)


@main.command(short_help=N_("MNIST's handwritten digits, from your copy of its files."))
@click.option("--data", "directory", required=True, metavar="DIR",
              type=click.Path(exists=True, file_okay=False), help=N_("Folder with the four MNIST IDX files."))
@experiment_options("mnist")
@presets.tutorial("mnist")
@options.fails_cleanly
def mnist(ctx, directory, **given):
    """Classify MNIST's 28x28 handwritten digits, read from your copy of its four IDX files.

    DIR holds train-images, train-labels, t10k-images and t10k-labels, spelled
    train-images-idx3-ubyte or train-images.idx3-ubyte, gzipped (.gz) or not. Nothing is downloaded.
    Trains on the 60000 training images and tests on the 10000 test images after every epoch;
    the defaults reach 98.3%, in about 4 minutes on 2 cores. The textbook (--backend python)
    needs --limit: it takes most of an hour per full epoch. --tutorial 3 is tutorial 3's run:
    784-1568-10, Adam lr 0.01, 50000 single images (the first 50000, each once), beside its 70%.

    Example: bpnn mnist --data ~/mnist --backend python --limit 1000 --hidden 64 --epochs 3
    """
    try:
        data = datasets.load_mnist(directory)
    except FileNotFoundError as error:
        raise click.BadParameter(str(error), param_hint="--data") from None
    except ValueError as error:  # a corrupt file is a runtime failure, not a bad option
        raise click.ClickException(library_message(str(error))) from None
    run(ctx, data, "mnist", **given)


def run(ctx: click.Context, data: datasets.Dataset, name: str, limit, hidden, activation, epochs, batch_size,
        optimizer, lr, momentum, dropout, seed, backend, load, save, plot, html, as_json, quiet, tutorial=None) -> None:
    """Train and test with the options given, printing as the options ask."""
    network = None
    if load is not None:
        options.refuse_with_load(ctx, ("hidden", "activation", "seed"))
        network = options.load_network(load, backend, name, inputs=data.n_inputs, outputs=classify.N_CLASSES)
    data = data.limit(limit)
    settings = classify.settings_for(name, hidden=hidden, activation=activation, epochs=epochs,
                                     batch_size=batch_size, optimizer=optimizer, lr=lr, momentum=momentum,
                                     dropout=dropout, seed=seed)
    if network is None:
        network = classify.classifier(data, settings, backend)
    talk = not (quiet or as_json)
    if talk:
        click.echo(describe(data, settings, network, backend))
    with options.Progress(settings.epochs, "training", shown=talk) as progress:
        recorder = pages.Recorder(settings.epochs) if html else None

        def after_epoch(report: classify.EpochReport) -> None:
            if recorder is not None:
                recorder(report.epoch)
            progress()
            if talk and not progress.shown:  # no bar (stdout is not a terminal): a line per epoch as it ends
                click.echo(epoch_line(report, settings.epochs))

        result = classify.classify(data, settings, backend, callback=after_epoch, network=network,
                                   before_training=recorder and recorder.follow)
    if save is not None:
        result.network.save(save)
    if plot is not None:
        plots.training(plot, [report.loss for report in result.epochs], N_("{sizes} on {data}: training loss"),
                       result.network, sizes="-".join(map(str, result.sizes)), data=name)
    if html is not None:
        pages.write(html, pages.classifier_page(result, recorder, data, options.settings_of(ctx)))
    comparison = None
    if tutorial is not None:
        comparison = tutorials.compare(tutorials.tutorial_run(name, tutorial), presets.given_options(ctx),
                                       accuracy=result.accuracy)
    if as_json:
        return options.emit_json({"command": name, **result.to_dict(), "tutorial": as_data(comparison)})
    if talk and progress.shown:  # the bar has gone: the epochs' lines now
        for report in result.epochs:
            click.echo(epoch_line(report, settings.epochs))
    if not quiet:
        click.echo(confusion_table(result.confusion))
    click.echo(summary(result))
    if comparison is not None:
        presets.echo_comparison(comparison)
    options.tell_written(quiet, model=save, plot=plot, page=html)


def describe(data: datasets.Dataset, settings: classify.Settings, network, backend: str) -> str:
    """Two lines: the data, and the network (new, or loaded with its own architecture) and its training."""
    rows, columns = data.image_shape
    dropout = _(", dropout {rate}", rate=settings.dropout) if settings.dropout > 0.0 else ""
    momentum = _(", momentum {momentum}", momentum=settings.momentum) if settings.optimizer != "adam" else ""
    return (_("{data}: {train} training and {test} test images of {rows}x{columns} pixels", data=data.name,
              train=len(data.train), test=len(data.test), rows=rows, columns=columns) + "\n"
            + _("network {sizes} ({activation}, {output}, {loss}), {optimizer} lr {lr:g}{momentum}, batch {batch}"
                "{dropout}, {epochs} epochs, seed {seed}, {backend} backend", sizes="-".join(map(str, network.sizes)),
                activation=network.activation, output=network.output_activation, loss=network.loss,
                optimizer=settings.optimizer, lr=settings.lr, momentum=momentum, batch=settings.batch_size,
                dropout=dropout, epochs=settings.epochs, seed=settings.seed, backend=backend))


def epoch_line(report: classify.EpochReport, epochs: int) -> str:
    width = len(str(epochs))
    return _("epoch {epoch:>{width}}/{epochs}  loss {loss:.4f}  test loss {test_loss:.4f}  test accuracy "
             "{accuracy:6.2f}%  {seconds:6.2f} s", epoch=report.epoch, width=width, epochs=epochs, loss=report.loss,
             test_loss=report.test_loss, accuracy=100 * report.accuracy, seconds=report.seconds)


def confusion_table(confusion: list[list[int]]) -> str:
    width = max(4, len(str(max(max(row) for row in confusion))) + 1)
    header = fit(_("true \\ predicted"), 16) + "".join(f"{k:>{width}}" for k in range(len(confusion)))
    lines = [header] + [f"{label:>16}" + "".join(f"{count:>{width}}" for count in row)
                        for label, row in enumerate(confusion)]
    return "\n".join(lines)


def summary(result: classify.Result) -> str:
    right = round(result.accuracy * result.n_test)
    training = sum(report.seconds for report in result.epochs)
    return _("test accuracy {accuracy:.2f}% ({right} of {total}) after {epochs} epochs; training {training:.1f} s "
             "({per_epoch:.2f} s per epoch), whole run {seconds:.1f} s", accuracy=100 * result.accuracy, right=right,
             total=result.n_test, epochs=len(result.epochs), training=training,
             per_epoch=training / len(result.epochs), seconds=result.seconds)
