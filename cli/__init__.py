"""The `bpnn` command: each experiment of the course as a subcommand.

Commands only parse options and print; the experiments live in bpnn.experiments.
"""
import click

from bpnn import __version__, experiments


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="bpnn")
def main():
    """Backpropagation, from the perceptron to handwritten digits."""


@main.command()
@click.option("--hidden", default=2, show_default=True, type=click.IntRange(min=1), help="Hidden nodes.")
@click.option("--lr", default=0.5, show_default=True, type=click.FloatRange(min=0.0), help="Learning rate N.")
@click.option("--momentum", default=0.1, show_default=True, type=click.FloatRange(min=0.0), help="Momentum M.")
@click.option("--iterations", default=1000, show_default=True, type=click.IntRange(min=1),
              help="Passes over the four patterns.")
@click.option("--seed", default=0, show_default=True, type=click.IntRange(min=0), help="Seed of the network.")
@click.option("--every", default=100, show_default=True, type=click.IntRange(min=1),
              help="Print the error every N iterations.")
def xor(hidden, lr, momentum, iterations, seed, every):
    """The classic bpnn.py: a 2-HIDDEN-1 tanh network learns XOR.

    Example: bpnn xor --hidden 2 --momentum 0.4
    """
    def report(iteration, error):
        if (iteration - 1) % every == 0:
            click.echo(f"error {error:<.5f}")

    try:
        network, _ = experiments.xor(hidden, lr, momentum, iterations, seed, callback=report)
    except FloatingPointError as error:
        raise click.ClickException(str(error))
    for inputs, targets in experiments.XOR_PATTERNS:
        (output,) = network.forward(inputs)
        click.echo(f"{inputs[0]} xor {inputs[1]} = {targets[0]}   network: {output: .5f}")
from . import digits  # noqa: E402,F401
