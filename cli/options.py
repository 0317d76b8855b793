"""What the commands share: their options, and the few steps between options and a run.

Every option is a factory that takes the command's own default, so that `bpnn xor` and
`bpnn digits` can spell --lr the same way with different defaults:

    @main.command()
    @options.lr(0.5)
    @options.backend("numba")
    @options.reporting
    @options.fails_cleanly
    def digits(lr, backend, as_json, quiet): ...

Errors (DEVELOPERS.md): a usage error exits 2, a runtime failure exits 1, each with one line and
no traceback; bpnn.cli.main prints them.
"""
import contextlib
import functools
import importlib.util
import json
import os
import stat
import sys
import time

import click

from bpnn import storage
from bpnn.activations import ACTIVATION_NAMES, ACTIVATIONS
from bpnn.course.backends import BACKENDS, network_class
from bpnn.course.language import N_, _
from bpnn.losses import LOSSES
from bpnn.optimizers import OPTIMIZER_SLOTS
from bpnn.validation import LARGEST_SEED, WEIGHT_BYTES, check_fits, count_weights, shown

from .language import library_message, wrap

PLOT_INSTALL = "pip install bpnn[plot]"
MOMENT = 0.5  # seconds; a run that takes longer gets a progress bar
TRAINING = N_("training")   # the progress bar's label


# ---------------------------------------------------------------- the network
def activation(default: str = "tanh"):
    return click.option("--activation", default=default, show_default=True, type=click.Choice(tuple(ACTIVATIONS)),
                        help=N_("Activation of the hidden layers."))


def output(default: str = "sigmoid"):
    return click.option("--output", default=default, show_default=True, type=click.Choice(ACTIVATION_NAMES),
                        help=N_("Activation of the output layer."))


def loss(default: str | None = None):
    return click.option("--loss", default=default, show_default=True, type=click.Choice(tuple(LOSSES)),
                        help=N_("Loss (default: cross_entropy for a softmax output, else half_sse).")
                        if default is None else N_("Loss."))


def checked_by(check):
    """An option callback that runs check(value) (a library check raising ValueError) on a given value."""
    def callback(ctx, param, value):
        if value is not None:
            try:
                check(value)
            except ValueError as error:
                raise click.BadParameter(library_message(str(error))) from None
        return value
    return callback


def widths(text: str) -> tuple[int, ...]:
    """"64,32,16" -> (64, 32, 16); each a whole number of at least 1."""
    try:
        values = tuple(int(part) for part in text.split(","))
    except ValueError:
        raise click.BadParameter(_("{text} is not a width or a list of widths like 64,32,16", text=shown(text))) from None
    if any(value < 1 for value in values):
        raise click.BadParameter(_("every width must be at least 1, got {text}", text=shown(text)))
    return values


def fits(sizes) -> None:
    """Refuse (ValueError) a network of these widths, a bias node into every layer, that this
    machine's memory cannot hold: checked when the options are parsed, before a run allocates it."""
    sizes = list(sizes)
    check_fits(count_weights(sizes, [True] * (len(sizes) - 1)), "weights", WEIGHT_BYTES,
               f"a network of sizes {shown(sizes)}")


def hidden(default: str, several: bool = True, inputs: int = 1, outputs: int = 1):
    """--hidden: one width, or (several=True) a list of widths separated by commas, of a network
    of `inputs` inputs and `outputs` outputs (whose size is checked against the machine's memory)."""
    def parse(ctx, param, value):
        values = widths(value)
        if len(values) > 1 and not several:
            raise click.BadParameter(_("one width, got {value}", value=shown(value)))
        checked_by(fits)(ctx, param, [inputs, *values, outputs])
        return values
    return click.option("--hidden", default=default, show_default=True, callback=parse,
                        help=N_("Hidden layer widths, e.g. 2 or 64,32,16.") if several else N_("Hidden nodes."))


def bias_nodes(default: str = "input"):
    """--bias: where the network has bias nodes (bpnn.course.ch08_xor.BIASES)."""
    from bpnn.course.ch08_xor import BIASES
    return click.option("--bias", default=default, show_default=True, type=click.Choice(BIASES),
                        help=N_("Bias nodes: input (into the first layer only, the classic's), every (into every "
                                "layer, as PyTorch's nn.Linear and tutorial 2's net) or none."))


def initial_weights():
    """--init: the initial weights (bpnn.randomness.initial_weights)."""
    from bpnn.validation import INITS
    return click.option("--init", type=click.Choice(INITS),
                        help=N_("Initial weights: classic (U(-0.2, 0.2), then U(-2, 2)) or pytorch "
                                "(U(+-1/sqrt(fan_in))); default: classic for one hidden width, pytorch for several."))


def seed(default: int = 0):
    return click.option("--seed", default=default, show_default=True, type=click.IntRange(min=0, max=LARGEST_SEED),
                        help=N_("Seed of every random choice (weights, data, shuffles, dropout)."))


def backend(default: str = "python"):
    return click.option("--backend", default=default, show_default=True, type=click.Choice(BACKENDS),
                        callback=_check_backend, help=N_("python: the textbook; numba: the compiled kernels."))


def _check_backend(ctx, param, value):
    try:
        network_class(value)
    except ImportError as error:
        raise click.ClickException(_("the {backend} backend is not available here: {error}", backend=value, error=error)) from None
    return value


# ---------------------------------------------------------------- training
def optimizer(default: str = "classic"):
    return click.option("--optimizer", default=default, show_default=True, type=click.Choice(tuple(OPTIMIZER_SLOTS)),
                        help=N_("classic: bpnn.py's momentum rule; sgd: PyTorch's SGD; adam: Adam."))


def lr(default: float):
    return click.option("--lr", default=default, show_default=True, type=click.FloatRange(min=0.0),
                        help=N_("Learning rate."))


def momentum(default: float = 0.0):
    return click.option("--momentum", default=default, show_default=True, type=click.FloatRange(min=0.0),
                        help=N_("Momentum (classic and sgd optimizers)."))


def epochs(default: int, classic_name: bool = False):
    """--epochs; with classic_name, --iterations too, the classic bpnn.py's (and tutorial 4's) name for them."""
    names = ("--epochs", "--iterations", "epochs") if classic_name else ("--epochs", "epochs")
    return click.option(*names, default=default, show_default=True, type=click.IntRange(min=1),
                        help=N_("Epochs: passes over the training patterns (the classic calls them iterations).")
                        if classic_name else N_("Epochs: passes over the training patterns."))


def batch_size(default: int = 1):
    return click.option("--batch-size", default=default, show_default=True, type=click.IntRange(min=1),
                        help=N_("Patterns per weight update: 1 is online learning."))


def dropout(default: float = 0.0):
    return click.option("--dropout", default=default, show_default=True,
                        type=click.FloatRange(0.0, 1.0, max_open=True), help=N_("Dropout rate of the hidden layers."))


def every(default: int = 100):
    return click.option("--every", default=default, show_default=True, type=click.IntRange(min=1),
                        help=N_("Print the error every N epochs."))


# ---------------------------------------------------------------- files
def _writable_file(ctx, param, value):
    """--save, --plot and --html: checked before the run, so that a bad path loses no trained network:
    a regular file or nothing yet (never a directory, a device such as /dev/null, a FIFO), in a
    directory that exists and where a file can be created (one is, and removed at once)."""
    if value is None:
        return None
    try:
        storage.check_target(value)
    except ValueError as error:
        raise click.BadParameter(library_message(str(error))) from None
    except OSError as error:  # a name too long, a file where a directory should be...
        raise click.BadParameter(_("cannot write {path}: {reason}", path=shown(value, path=True),
                                   reason=error.strerror or error)) from None
    directory = os.path.dirname(os.path.abspath(value))
    if not os.path.isdir(directory):
        raise click.BadParameter(_("the directory of {path} does not exist", path=shown(value, path=True)))
    try:
        descriptor, temporary = storage.temporary_file(value)
    except OSError as error:
        raise click.BadParameter(_("cannot write a file in the directory of {path}: {reason}",
                                   path=shown(value, path=True), reason=error.strerror or error)) from None
    os.close(descriptor)
    os.unlink(temporary)
    return value


def _regular_file(ctx, param, value):
    """--load: a regular file (a device such as /dev/zero never ends; a FIFO waits for a writer)."""
    if value is not None and not stat.S_ISREG(os.stat(value).st_mode):
        raise click.BadParameter(_("{path} is not a regular file", path=shown(value, path=True)))
    return value


def save(function):
    return click.option("--save", metavar="PATH", type=click.Path(dir_okay=False), callback=_writable_file,
                        help=N_("Write the trained network to a JSON model file."))(function)


def load(function):
    return click.option("--load", metavar="PATH", type=click.Path(exists=True, dir_okay=False),
                        callback=_regular_file,
                        help=N_("Start from a network saved with --save (its architecture replaces the options')."))(
                            function)


def plot(function):
    return click.option("--plot", metavar="PATH", type=click.Path(dir_okay=False), callback=_check_plot,
                        help=N_("Draw the run into a PNG file (needs matplotlib: pip install bpnn[plot])."))(function)


def _check_plot(ctx, param, value):
    if value is not None and importlib.util.find_spec("matplotlib") is None:
        raise click.ClickException(_("--plot needs matplotlib: {install}", install=PLOT_INSTALL))
    if value is not None:
        from bpnn.course import plots
        if plots.draws_in_english():
            click.echo(_("no font with Hangul found: the picture's labels are in English (apt-get install "
                         "fonts-noto-cjk)"), err=True)
    return _writable_file(ctx, param, value)


def html(function):
    return click.option("--html", metavar="PATH", type=click.Path(dir_okay=False), callback=_writable_file,
                        help=N_("Write the run as one HTML page that draws the network and replays its training "
                                "(self-contained: open it from disk)."))(function)


def load_network(path: str, backend: str, command: str, inputs: int | None = None, outputs: int | None = None):
    """The network in a model file; a corrupt file is a runtime failure (exit 1), and a network
    whose widths do not fit the command (`inputs` inputs and `outputs` outputs) a usage error."""
    try:
        network = network_class(backend).load(path)
    except ValueError as error:
        raise click.ClickException(library_message(str(error))) from None
    if inputs is not None and (network.sizes[0], network.sizes[-1]) != (inputs, outputs):
        raise click.BadParameter(_("the model in {path} does not fit bpnn {command}: it has {inputs} inputs and "
                                   "{outputs} outputs, bpnn {command} needs {needed_inputs} and {needed_outputs}",
                                   path=shown(path, path=True), command=command, inputs=network.sizes[0],
                                   outputs=network.sizes[-1], needed_inputs=inputs, needed_outputs=outputs),
                                 param_hint="'--load'")
    return network


def refuse_with_load(ctx: click.Context, names: tuple[str, ...]) -> None:
    """A loaded network brings its own architecture: giving one as well is a usage error."""
    given = [name for name in names if ctx.get_parameter_source(name) == click.core.ParameterSource.COMMANDLINE]
    if given:
        flags = ", ".join("--" + name.replace("_", "-") for name in given)
        raise click.UsageError(_("--load brings its own architecture; drop {flags}", flags=flags), ctx)


# ---------------------------------------------------------------- reporting
NOT_SETTINGS = ("name", "gate", "load", "save", "plot", "html", "as_json", "quiet", "every", "directory")


def settings_of(ctx: click.Context) -> dict:
    """The run's settings as a page shows them: every option but the files and how the run prints."""
    shown = {}
    # each setting under its option's name (--points, not n_points), in the order the command declares them
    for param in ctx.command.params:
        name, value = param.name, ctx.params.get(param.name)
        if name in NOT_SETTINGS or value is None:
            continue
        label = param.opts[0].lstrip("-") if isinstance(param, click.Option) else name
        if isinstance(value, (tuple, list)):
            value = ",".join(f"{v:g}" if isinstance(v, float) else str(v) for v in value)
        shown[label.replace("_", " ").replace("-", " ")] = value
    if ctx.params.get("load") is not None:
        shown["loaded from"] = os.path.basename(ctx.params["load"])
    return shown


def json_flag(function):
    return click.option("--json", "as_json", is_flag=True,
                        help=N_("Print one JSON object with the results, nothing else."))(function)


def reporting(function):
    """--json and -q/--quiet; and, unless either is given, a line on stderr while the kernels compile."""
    @functools.wraps(function)
    def run(*args, **kwargs):
        with compile_notice(shown=not (kwargs["as_json"] or kwargs["quiet"])):
            return function(*args, **kwargs)
    return click.option("-q", "--quiet", is_flag=True, help=N_("Print only the results, no progress."))(json_flag(run))


COMPILE_ESTIMATE = N_("about 5 s")  # bench/RESULTS.md: cold starts on 2 cores (4-7 s of compiling)


def compile_notice(shown: bool):
    """A context in which the kernels say on stderr, on one line, that they are being compiled (when
    their cache does not hold what the run needs: a new install, or new kernels), how long that
    takes, and when done how long it took. The numba backend imports the kernels while the options
    are parsed (--backend's check), so a run that can compile has them imported by now."""
    if not shown or "bpnn.kernels" not in sys.modules:
        return contextlib.nullcontext()
    from bpnn.kernels.jit import compilation_told

    def started(cached: bool) -> None:
        if cached:
            what = _("Compiling the kernels for this installation, once ({estimate}; `bpnn compile` does it ahead)").format(
                estimate=_(COMPILE_ESTIMATE))
        else:
            what = _("Compiling the kernels ({estimate}; no cache directory is writable, so every run does)").format(
                estimate=_(COMPILE_ESTIMATE))
        click.echo(f"{what}... ", err=True, nl=False)

    def finished(seconds: float) -> None:
        click.echo(_("done in {seconds:.1f} s.").format(seconds=seconds), err=True)
    return compilation_told(started, finished)


def sampled(errors: list[float], every: int) -> list[tuple[int, float]]:
    """(epoch, error) for epochs 1, 1 + every, 1 + 2 every, ... and the last, as the classic prints."""
    epochs = list(range(1, len(errors) + 1, every))
    if epochs[-1] != len(errors):
        epochs.append(len(errors))
    return [(epoch, errors[epoch - 1]) for epoch in epochs]


def explain(text: str) -> None:
    """A paragraph of explanation, wrapped to the terminal's usual width."""
    click.echo(wrap(text, width=100))


WRITTEN = {"model": N_("model written to {path}"), "plot": N_("plot written to {path}"),
           "page": N_("page written to {path}")}


def tell_written(quiet: bool, **paths) -> None:
    """'model written to PATH' and the like, for each file a run wrote (path not None)."""
    for what, path in paths.items():
        if path is not None and not quiet:
            click.echo(_(WRITTEN[what], path=path))


def emit_json(result: dict) -> None:
    click.echo(json.dumps(result, allow_nan=False))


def fails_cleanly(command):
    """Turn the library's refusals into one-line errors: ValueError means it refused the values
    the user gave (usage, exit 2); FloatingPointError is divergence and OSError a file that could
    not be written (runtime, exit 1). Raise click.ClickException yourself for other runtime
    failures, as load_network does for a corrupt model file."""
    @functools.wraps(command)
    def run(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except ValueError as error:
            raise click.UsageError(library_message(str(error)), click.get_current_context()) from None
        except FloatingPointError as error:
            raise click.ClickException(library_message(str(error))) from None
        except BrokenPipeError:  # `bpnn trace | head`: click ends quietly
            raise
        except OSError as error:
            raise click.ClickException(f"{error.filename or ''}: {error.strerror or error}".lstrip(": ")) from None
    return run


class Progress:
    """click's progress bar, for use as a training callback (each call is one step done).

    The bar appears only when stdout is a terminal, the run is not --quiet or --json, and it has
    lasted more than a moment; otherwise nothing is drawn.
    """

    def __init__(self, length: int, label: str, shown: bool):
        self.length = length
        self.label = _(label)
        self.shown = shown and sys.stdout.isatty()
        self.done = 0
        self.started = time.monotonic()
        self.bar = None

    def __call__(self, *ignored) -> None:
        self.done = self.done + 1
        if self.bar is not None:
            self.bar.update(1)
        elif self.shown and time.monotonic() - self.started > MOMENT:
            self.bar = click.progressbar(length=self.length, label=self.label)
            self.bar.__enter__()
            self.bar.update(self.done)

    def __enter__(self) -> "Progress":
        return self

    def __exit__(self, *exception) -> None:
        if self.bar is not None:
            self.bar.__exit__(*exception)
