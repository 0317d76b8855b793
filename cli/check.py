"""bpnn gradcheck: backpropagation against the slope of the loss, measured."""
import click

from bpnn.course import ch07_gradcheck
from bpnn.course.language import N_, _
from bpnn.course.results import as_data
from bpnn.gradcheck import STEP

from . import main, options


@main.command(short_help=N_("Backpropagation against finite differences."))
@click.option("--sizes", default="2,4,3,1", show_default=True, callback=lambda ctx, param, value: options.checked_by(
              options.fits)(ctx, param, options.widths(value)), help=N_("Layer widths, inputs first, outputs last."))
@options.activation("tanh")
@options.output("sigmoid")
@options.loss()
@options.seed()
@click.option("--patterns", "n_patterns", default=4, show_default=True, type=click.IntRange(min=1),
              callback=options.checked_by(ch07_gradcheck.check_patterns_fit),
              help=N_("Random patterns the loss is averaged over."))
@options.load
@options.json_flag
@click.pass_context
@options.fails_cleanly
def gradcheck(ctx, sizes, activation, output, loss, seed, n_patterns, load, as_json):
    """Backpropagation against central finite differences, layer by layer.

    For every weight, the gradient that backpropagation computes is compared with the slope of
    the mean loss measured by nudging that weight (4th-order central differences); prints
    the worst relative error of each layer and fails (exit 1) above 1e-6. ReLU's kink can show
    as a large error when a weighted sum lies within 0.002 of 0.

    Example: bpnn gradcheck --sizes 3,5,2 --output softmax
    """
    network = None
    if load is not None:
        options.refuse_with_load(ctx, ("sizes", "activation", "output", "loss"))
        network = options.load_network(load, "python", "gradcheck")
    result = ch07_gradcheck.gradcheck(sizes, activation, output, loss, seed, n_patterns, network)
    if as_json:
        options.emit_json({"command": "gradcheck", **as_data(result)})
    else:
        click.echo(_("{sizes} net ({activation} hidden, {output} output, {loss} loss), {patterns} random patterns, "
                     "seed {seed}", sizes="-".join(map(str, result.sizes)), activation=result.activation,
                     output=result.output, loss=result.loss, patterns=result.patterns, seed=seed))
        click.echo(_("backpropagation against 4th-order central differences (h = {step:g})", step=STEP))
        for l, error in enumerate(result.worst):
            click.echo(_("layer {number}: worst relative error {error:.2e}", number=l + 1, error=error))
    if not result.passed:
        failing = [str(l + 1) for l, error in enumerate(result.worst) if error >= ch07_gradcheck.GRADCHECK_TOLERANCE]
        raise click.ClickException(_("backpropagation and finite differences disagree in layer(s) {layers} (worst "
                                     "relative error above {tolerance:g})", layers=", ".join(failing),
                                     tolerance=ch07_gradcheck.GRADCHECK_TOLERANCE))
    if not as_json:
        click.echo(_("passed: every layer below {tolerance:g}", tolerance=ch07_gradcheck.GRADCHECK_TOLERANCE))
