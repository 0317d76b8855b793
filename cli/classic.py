"""bpnn xor: the classic bpnn.py network learns XOR (bpnn.course.ch08_xor)."""
import click

from bpnn.course import ch08_xor, pages, plots, tutorials
from bpnn.course.language import N_, _
from bpnn.course.results import as_data
from bpnn.course.truth_tables import XOR_PATTERNS

from . import main, options, presets

ARCHITECTURE = ("hidden", "activation", "output", "loss", "seed", "bias", "init")


@main.command(short_help=N_("The classic bpnn.py network learns XOR."))
@options.hidden("2", inputs=2, outputs=1)
@options.activation("tanh")
@options.output("tanh")
@options.loss("half_sse")
@options.bias_nodes()
@options.initial_weights()
@options.optimizer("classic")
@options.lr(0.5)
@options.momentum(0.1)
@options.epochs(1000, classic_name=True)
@options.batch_size(1)
@options.dropout()
@options.seed()
@options.every(100)
@options.backend()
@options.load
@options.save
@options.plot
@options.html
@presets.tutorial("xor")
@options.reporting
@click.pass_context
@options.fails_cleanly
def xor(ctx, hidden, activation, output, loss, bias, init, optimizer, lr, momentum, epochs, batch_size, dropout,
        seed, every, backend, load, save, plot, html, tutorial, as_json, quiet):
    """The classic bpnn.py: a 2-HIDDEN-1 tanh network learns XOR.

    One hidden width builds Neil Schemenauer's network exactly (its initial weights, tanh units,
    half the squared error, online learning, its momentum rule); a list such as 64,32,16 builds
    the same style deeper. Prints the error every --every epochs, then the truth table.
    --tutorial 4 is tutorial 4's setting (lr 0.1, momentum 0.4, 5000 epochs); --tutorial 2 is
    tutorial 2's 2-2-1 sigmoid net with a bias into every layer, BCE, SGD lr 1 on the full batch,
    10001 steps (add --hidden 10,10,10 for its deeper net).

    Example: bpnn xor --hidden 2 --momentum 0.4
    """
    network = None
    if load is not None:
        options.refuse_with_load(ctx, ARCHITECTURE)
        network = options.load_network(load, backend, "xor", inputs=2, outputs=1)
    with options.Progress(epochs, "training", shown=not (quiet or as_json)) as progress:
        recorder = pages.Recorder(epochs, then=progress) if html else None
        result = ch08_xor.xor(hidden, activation, output, loss, optimizer, lr, momentum, epochs, batch_size,
                              dropout, seed, backend, network, callback=recorder or progress,
                              before_training=recorder and recorder.follow, bias=bias, init=init)
    comparison = None
    if tutorial is not None:
        comparison = tutorials.compare(tutorials.tutorial_run("xor", tutorial), presets.given_options(ctx))
    if save is not None:
        result.network.save(save)
    if plot is not None:
        plots.training(plot, result.errors, N_("{sizes} network on XOR"), result.network, XOR_PATTERNS,
                       sizes="-".join(map(str, result.sizes)))
    if html is not None:
        pages.write(html, pages.xor_page(result, recorder, options.settings_of(ctx)))
    if as_json:
        return options.emit_json({"command": "xor", **as_data(result), "tutorial": as_data(comparison)})
    if not quiet:
        for epoch, error in options.sampled(result.errors, every):
            click.echo(_("epoch {epoch:>{width}}  error {error:<.5f}", epoch=epoch, width=len(str(epochs)), error=error))
    for row in result.table:
        click.echo(_("{x1} xor {x2} = {target:g}   network: {output: .5f}", x1=row.inputs[0], x2=row.inputs[1],
                     target=row.target, output=row.output))
    if result.solved:
        click.echo(_("solved: every output is on the right side of 1/2"))
    else:
        click.echo(_("not solved yet: try more --epochs, another --seed or tutorial 4's --lr 0.1 --momentum 0.4 "
                     "--epochs 5000"))
    if comparison is not None:
        presets.echo_comparison(comparison)
    options.tell_written(quiet, model=save, plot=plot, page=html)

