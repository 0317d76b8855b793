"""bpnn xor and bpnn trace: the classic bpnn.py network, trained and then taken apart."""
import click

from bpnn.validation import INITS

from bpnn.course import ch08_xor, plots, tutorials
from bpnn.course.ch06_trace import classic_trace
from bpnn.course.results import as_data
from bpnn.course.truth_tables import XOR_PATTERNS

from . import main, options, presets

ARCHITECTURE = ("hidden", "activation", "output", "loss", "seed", "bias", "init")


@main.command(short_help="The classic bpnn.py network learns XOR.")
@options.hidden("2")
@options.activation("tanh")
@options.output("tanh")
@options.loss("half_sse")
@click.option("--bias", default="input", show_default=True, type=click.Choice(ch08_xor.BIASES),
              help="input: a bias node into the hidden layer only (the classic's); every: into every layer "
                   "(PyTorch's nn.Linear).")
@click.option("--init", type=click.Choice(INITS),
              help="Initial weights: classic (U(-0.2, 0.2), then U(-2, 2)) or pytorch (U(+-1/sqrt(fan_in))); "
                   "default: classic for one hidden width, pytorch for several.")
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
@presets.tutorial("xor")
@options.reporting
@click.pass_context
@options.fails_cleanly
def xor(ctx, hidden, activation, output, loss, bias, init, optimizer, lr, momentum, epochs, batch_size, dropout,
        seed, every, backend, load, save, plot, tutorial, as_json, quiet):
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
        network = options.load_network(load, backend)
    with options.Progress(epochs, "training", shown=not (quiet or as_json)) as progress:
        result = ch08_xor.xor(hidden, activation, output, loss, optimizer, lr, momentum, epochs, batch_size,
                              dropout, seed, backend, network, callback=progress, bias=bias, init=init)
    comparison = None
    if tutorial is not None:
        comparison = tutorials.compare(tutorials.tutorial_run("xor", tutorial), presets.given_options(ctx))
    if save is not None:
        result.network.save(save)
    if plot is not None:
        plots.training(plot, result.errors, f"{'-'.join(map(str, result.sizes))} network on XOR",
                       result.network, XOR_PATTERNS)
    if as_json:
        return options.emit_json({"command": "xor", **as_data(result), "tutorial": as_data(comparison)})
    if not quiet:
        for epoch, error in options.sampled(result.errors, every):
            click.echo(f"epoch {epoch:>{len(str(epochs))}}  error {error:<.5f}")
    for row in result.table:
        click.echo(f"{row.inputs[0]} xor {row.inputs[1]} = {row.target:g}   network: {row.output: .5f}")
    if result.solved:
        click.echo("solved: every output is on the right side of 1/2")
    else:
        click.echo("not solved yet: try more --epochs, another --seed or tutorial 4's --lr 0.1 --momentum 0.4 "
                   "--epochs 5000")
    if comparison is not None:
        presets.echo_comparison(comparison)
    options.tell_written(quiet, model=save, plot=plot)


def pattern_inputs(ctx, param, value):
    parts = value.split(",")
    if len(parts) != 2 or any(part not in ("0", "1") for part in parts):
        raise click.BadParameter(f"one of XOR's inputs 0,0 0,1 1,0 1,1, got {value!r}")
    return tuple(int(part) for part in parts)


@main.command(short_help="One step of backpropagation, every number shown.")
@options.hidden("2", several=False)
@click.option("--pattern", default="0,1", show_default=True, callback=pattern_inputs,
              help="The XOR inputs of the traced step: 0,0 0,1 1,0 or 1,1.")
@click.option("--steps-before", default=1, show_default=True, type=click.IntRange(min=0),
              help="Online steps on the XOR patterns in order (0,0 0,1 1,0 1,1 0,0 ...) before the traced one, "
                   "so that the momentum term has a previous change to remember.")
@options.lr(0.5)
@options.momentum(0.1)
@options.seed()
@options.reporting
@options.fails_cleanly
def trace(hidden, pattern, steps_before, lr, momentum, seed, as_json, quiet):
    """One forward and one backward pass of the classic network, every number shown.

    The classic 2-HIDDEN-1 tanh network takes one online step on one XOR pattern: inputs,
    weighted sums, activations, output error, deltas, gradients, the momentum term and the
    updated weights, each with the numbers that produce it, to check by hand.

    Example: bpnn trace --pattern 1,0 --steps-before 0
    """
    result = classic_trace(hidden[0], pattern, steps_before, lr, momentum, seed)
    if as_json:
        return options.emit_json({"command": "trace", **as_data(result)})
    for line in trace_lines(result, hidden[0], steps_before, seed):
        click.echo(line)


def number(value: float) -> str:
    return f"{value + 0.0:.6f}"  # + 0.0 prints -0.0 as 0.000000


def trace_lines(result, hidden: int, steps_before: int, seed: int):
    last = len(result.layers) - 1
    inputs = " ".join(f"{x:g}" for x in result.inputs)
    earlier = ", ".join(" ".join(map(str, XOR_PATTERNS[s % len(XOR_PATTERNS)][0])) for s in range(steps_before))
    yield (f"The classic 2-{hidden}-1 network (seed {seed}), lr {result.lr:g}, momentum {result.momentum:g}: "
           f"its online step on the pattern {inputs} -> {result.targets[0]:g}")
    yield f"after {steps_before} earlier step(s) on {earlier}." if steps_before else "as its first step."
    yield "Notation: layer l reads a_i (its bias node a = 1 last) through weights w_ij, bias row last."
    yield ""
    yield "FORWARD PASS"
    for l, layer in enumerate(result.layers):
        yield f"layer {l + 1} ({layer.activation})"
        yield "  inputs  " + "  ".join(f"a{i + 1} = {number(a)}" for i, a in enumerate(layer.inputs))
        for j, (z, y) in enumerate(zip(layer.weighted_sums, layer.outputs)):
            terms = " + ".join(f"{number(a)} x {number(layer.weights[i][j])}" for i, a in enumerate(layer.inputs))
            yield f"  z{j + 1} = {terms} = {number(z)}"
            yield f"  y{j + 1} = {layer.activation}(z{j + 1}) = {number(y)}"
    output = result.layers[last]
    yield ""
    yield "OUTPUT ERROR"
    for k, (y, t) in enumerate(zip(output.outputs, result.targets)):
        yield f"  t{k + 1} - y{k + 1} = {t:g} - {number(y)} = {number(t - y)}"
    yield f"  E = sum of 1/2 (t - y)^2 = {number(result.error)}"
    yield ""
    yield "BACKWARD PASS (deltas: delta = dE/dz; for tanh f'(y) = 1 - y^2)"
    for k, (y, t) in enumerate(zip(output.outputs, result.targets)):
        yield (f"  output delta{k + 1} = f'(y{k + 1}) (y{k + 1} - t{k + 1}) = {number(output.derivatives[k])} "
               f"x ({number(y)} - {t:g}) = {number(output.deltas[k])}")
    for l in range(last - 1, -1, -1):
        layer, above = result.layers[l], result.layers[l + 1]
        for j, delta in enumerate(layer.deltas):
            terms = " + ".join(f"{number(above.weights[j][k])} x {number(d)}" for k, d in enumerate(above.deltas))
            yield (f"  layer {l + 1} delta{j + 1} = f'(layer {l + 1} y{j + 1}) (sum over k of w{j + 1}k x delta_k) = "
                   f"{number(layer.derivatives[j])} x ({terms}) = {number(delta)}")
    yield ""
    yield "GRADIENTS g_ij = dE/dw_ij = a_i delta_j, MOMENTUM TERM AND UPDATE"
    yield "  w_ij after = w_ij + lr x (-g_ij) + momentum term, the momentum term = momentum x previous change_ij"
    columns = ("a_i", "delta_j", "g_ij", "w_ij", "lr x (-g)", "momentum term", "w_ij after")
    for l, layer in enumerate(result.layers):
        yield f"layer {l + 1}  " + "".join(f"{name:>14}" for name in columns)
        for i, a in enumerate(layer.inputs):
            for j, delta in enumerate(layer.deltas):
                g = layer.gradients[i][j]
                values = (a, delta, g, layer.weights[i][j], result.lr * -g,
                          result.momentum * layer.previous_changes[i][j], layer.new_weights[i][j])
                yield f"  w{i + 1}{j + 1}    " + "".join(f"{number(value):>14}" for value in values)
