"""The `bpnn` command: each experiment of the course as a subcommand.

Commands only parse options and print; the experiments live in the course's chapters
(bpnn.course), the shared options in bpnn.cli.options.
Each command module adds itself to `main` when it is imported, at the end of this file.
"""
import sys

import click

from bpnn import __version__
from bpnn.validation import clipped


class Main(click.Group):
    """click's group, with every error on one line (of at most about 900 bytes, however long the
    value it names): a usage error (bad value, unknown name, missing file) exits 2, a runtime
    failure 1 (running out of memory too), Ctrl-C 130; never a traceback for either."""

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode, **extra)
        try:
            code = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except click.exceptions.NoArgsIsHelpError as error:  # plain `bpnn`: the help, as click shows it
            error.show()
            sys.exit(error.exit_code)
        except click.ClickException as error:
            where = ""
            if isinstance(error, click.UsageError) and error.ctx is not None:
                where = f" (see '{error.ctx.command_path} --help')"
            click.echo(f"Error: {clipped(' '.join(error.format_message().split()))}{clipped(where, 100)}", err=True)
            sys.exit(error.exit_code)
        except click.Abort:
            click.echo("Interrupted.", err=True)
            sys.exit(130)
        except MemoryError:
            click.echo("Error: out of memory: this run needs more memory than this machine has free", err=True)
            sys.exit(1)
        sys.exit(code if isinstance(code, int) else 0)


@click.group(cls=Main, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="bpnn")
def main():
    """Backpropagation, from the perceptron to handwritten digits.

    Each command runs one experiment of the course in seconds and prints what it
    shows; `bpnn COMMAND --help` tells what it teaches and gives an example.
    """


from . import classic, gates, deep, check  # noqa: E402,F401  (each adds its commands to main)
from . import digits, trace  # noqa: E402,F401
from . import perceptron, activations, losses  # noqa: E402,F401
from . import course  # noqa: E402,F401
from . import descent, dropout  # noqa: E402,F401
from . import errata  # noqa: E402,F401
