"""bpnn trace: one step of backpropagation, every number shown with its equation (bpnn.course.ch06_trace)."""
import click

from bpnn.course import pages
from bpnn.course.ch06_trace import trace_after_steps
from bpnn.course.ch08_xor import xor_network
from bpnn.course.language import N_, _
from bpnn.course.results import as_data
from bpnn.course.truth_tables import XOR_PATTERNS
from bpnn.optimizers import ADAM_BETA1, ADAM_BETA2, ADAM_EPSILON
from bpnn.validation import shown

from . import main, options
from .language import display_width, fit

ARCHITECTURE = ("hidden", "activation", "output", "loss", "bias", "init", "seed")


def numbers(ctx, param, value):
    """"1,0.5,-2" -> [1.0, 0.5, -2.0]."""
    if value is None:
        return None
    try:
        return [float(part) for part in value.split(",")]
    except ValueError:
        raise click.BadParameter(_("{value} is not a list of numbers like 1,0.5,-2", value=shown(value))) from None


@main.command(short_help=N_("One step of backpropagation, every number shown."))
@options.hidden("2", inputs=2, outputs=1)
@options.activation("tanh")
@options.output("tanh")
@options.loss("half_sse")
@options.bias_nodes()
@options.initial_weights()
@options.seed()
@click.option("--inputs", "--pattern", "inputs", default="0,1", show_default=True, callback=numbers,
              help=N_("The inputs of the traced pattern (--pattern: the same, as XOR's inputs)."))
@click.option("--targets", callback=numbers, help=N_("Its targets (default: XOR's target for XOR's inputs)."))
@click.option("--steps-before", default=1, show_default=True, type=click.IntRange(min=0),
              help=N_("Online steps on the XOR patterns in order (0,0 0,1 1,0 1,1 0,0 ...) before the traced one, "
                      "so that the optimizer has something to remember."))
@options.optimizer("classic")
@options.lr(0.5)
@options.momentum(0.1)
@options.load
@options.save
@options.html
@options.reporting
@click.pass_context
@options.fails_cleanly
def trace(ctx, hidden, activation, output, loss, bias, init, seed, inputs, targets, steps_before, optimizer, lr, momentum,
          load, save, html, as_json, quiet):
    """One forward and one backward pass and the update, every number shown.

    By default the classic 2-2-1 tanh network (bpnn xor's) takes one online step on one XOR
    pattern; any network bpnn builds can be traced (--hidden, --activation, --output, --loss,
    --bias), with any optimizer, or a saved one (--load, with --inputs and --targets of its
    widths). Shows each layer's inputs, weighted sums, outputs, the loss, the deltas from the
    output back, the gradients and the update, each equation with its numbers plugged in.

    Example: bpnn trace --activation sigmoid --output sigmoid --loss bce --bias every --optimizer sgd --lr 1
    """
    if load is not None:
        options.refuse_with_load(ctx, ARCHITECTURE)
        network = options.load_network(load, "python", "trace")
    else:
        network = xor_network(hidden, activation, output, loss, seed, bias=bias, init=init)
    if load is not None and ctx.get_parameter_source("steps_before") != click.core.ParameterSource.COMMANDLINE:
        steps_before = 0  # a saved network brings its own history
    result = trace_after_steps(network, inputs, targets, steps_before, lr, momentum, optimizer)
    if save is not None:
        network.save(save)
    if html is not None:
        pages.write(html, pages.trace_page(result, options.settings_of(ctx)))
    if as_json:
        return options.emit_json({"command": "trace", **as_data(result)})
    if not quiet:
        for line in heading(result, steps_before, load, seed):
            click.echo(line)
    for line in trace_lines(result):
        click.echo(line)
    options.tell_written(quiet, model=save, page=html)


def number(value: float) -> str:
    """Six decimals, or six significant digits for numbers too small or large for them."""
    if value != 0.0 and not 1e-3 <= abs(value) < 1e6:
        return f"{value:.6e}"
    return f"{value + 0.0:.6f}"  # + 0.0 prints -0.0 as 0.000000


def listed(values) -> str:
    return " ".join(f"{value:g}" for value in values)


def heading(result, steps_before: int, load, seed: int):
    activations = sorted({layer.activation for layer in result.layers[:-1]})
    biased = [str(l + 1) for l, has in enumerate(result.bias) if has]
    network = (_("The network in {path}", path=load) if load else
               _("A {sizes} network (seed {seed})", sizes="-".join(map(str, result.sizes)), seed=seed))
    settings = f"lr {result.lr:g}" + (f", momentum {result.momentum:g}" if result.optimizer != "adam" else "")
    yield _("{network}: {activations} hidden units, {output} output, {loss} loss, bias node into layer(s) {biased}.",
            network=network, activations=", ".join(activations) or _("no"), output=result.layers[-1].activation,
            loss=result.loss, biased=", ".join(biased) or _("none"))
    earlier = ", ".join(listed(XOR_PATTERNS[s % len(XOR_PATTERNS)][0]) for s in range(steps_before))
    values = dict(inputs=listed(result.inputs), targets=listed(result.targets), optimizer=result.optimizer,
                  settings=settings, steps=steps_before, earlier=earlier)
    yield (_("Its online step on the pattern {inputs} -> {targets} with the {optimizer} optimizer, {settings}, after "
             "{steps} earlier step(s) on {earlier}.", **values) if steps_before else
           _("Its online step on the pattern {inputs} -> {targets} with the {optimizer} optimizer, {settings}, traced "
             "as it comes.", **values))
    yield _("Notation: layer l reads a_i (its bias node a = 1 last) through weights w_ij (bias row last);")
    yield _("z = weighted sum, y = output, t = target, E = loss, delta = dE/dz, g = dE/dw.")


def trace_lines(result):
    yield ""
    yield _("FORWARD PASS")
    for l, layer in enumerate(result.layers):
        yield from forward_lines(l, layer, result.bias[l])
    yield ""
    yield _("LOSS")
    yield from loss_lines(result)
    yield ""
    yield _("BACKWARD PASS (delta = dE/dz)")
    yield from output_delta_lines(result)
    for l in range(len(result.layers) - 2, -1, -1):
        yield from hidden_delta_lines(l, result.layers[l], result.layers[l + 1])
    yield ""
    yield _("GRADIENTS g_ij = dE/dw_ij = a_i delta_j, AND THE UPDATE")
    yield from update_lines(result)


def forward_lines(l: int, layer, has_bias_node: bool):
    yield _("layer {number} ({activation})", number=l + 1, activation=layer.activation)
    yield ("  " + fit(_("inputs"), 6, "<") + "  " + "  ".join(f"a{i + 1} = {number(a)}" for i, a in enumerate(layer.inputs))
           + ("  " + _("(the last is the bias node)") if has_bias_node else ""))
    for j, z in enumerate(layer.weighted_sums):
        terms = " + ".join(f"{number(a)} x {number(layer.weights[i][j])}" for i, a in enumerate(layer.inputs))
        yield _("  z{j} = sum over i of a_i w_i{j} = {terms} = {z}", j=j + 1, terms=terms, z=number(z))
    if layer.activation == "softmax":
        yield _("  y_k = e^(z_k - m) / (sum over j of e^(z_j - m)), m = the largest z")
        for k, y in enumerate(layer.outputs):
            yield f"  y{k + 1} = softmax(z)_{k + 1} = {number(y)}"
    else:
        for j, y in enumerate(layer.outputs):
            yield f"  y{j + 1} = {layer.activation}(z{j + 1}) = {number(y)}"


def loss_lines(result):
    output = result.layers[-1]
    ys, ts, n = output.outputs, result.targets, len(output.outputs)
    if result.loss == "half_sse":
        terms = " + ".join(f"(1/2) ({t:g} - {number(y)})^2" for y, t in zip(ys, ts))
        yield _("  E = sum over k of (1/2) (t_k - y_k)^2 = {terms} = {error}", terms=terms, error=number(result.error))
    elif result.loss == "mse":
        terms = " + ".join(f"({number(y)} - {t:g})^2" for y, t in zip(ys, ts))
        yield _("  E = (1/n) sum over k of (y_k - t_k)^2 = (1/{n}) ({terms}) = {error}", n=n, terms=terms,
                error=number(result.error))
    elif result.loss == "bce":
        terms = " + ".join(f"{t:g} log {number(y)} + (1 - {t:g}) log(1 - {number(y)})" for y, t in zip(ys, ts))
        yield _("  E = -(1/n) sum over k of [t_k log y_k + (1 - t_k) log(1 - y_k)] = -(1/{n}) ({terms})", n=n,
                terms=terms)
        yield _("    = {error}  (computed from z, as log(1 + e^-|z|) terms, so it never takes log 0)",
                error=number(result.error))
    else:
        terms = " + ".join(f"{t:g} log {number(y)}" for y, t in zip(ys, ts))
        yield _("  E = -sum over k of t_k log y_k = -({terms}) = {error}", terms=terms, error=number(result.error))


DERIVATIVES = {"sigmoid": "y (1 - y)", "tanh": "1 - y^2", "relu": N_("1 if y > 0, else 0"),
               "leaky_relu": N_("1 if y > 0, else 0.01"), "linear": "1"}


def output_delta_lines(result):
    output = result.layers[-1]
    n = len(output.outputs)
    name = output.activation
    if result.loss in ("half_sse", "mse"):
        factor = "(y_k - t_k)" if result.loss == "half_sse" else f"2 (y_k - t_k) / {n}"
        yield _("  output layer: delta_k = f'(y_k) {factor}, f'(y) = {derivative} for {name}", factor=factor,
                derivative=_(DERIVATIVES[name]), name=name)
        for k, (y, t, d, delta) in enumerate(zip(output.outputs, result.targets, output.derivatives, output.deltas)):
            difference = f"({number(y)} - {t:g})" if result.loss == "half_sse" else f"2 ({number(y)} - {t:g}) / {n}"
            yield f"  delta{k + 1} = {number(d)} x {difference} = {number(delta)}"
    elif result.loss == "bce":
        yield _("  output layer: dE/dy_k = (y_k - t_k) / ({n} y_k (1 - y_k)) and f'(y_k) = y_k (1 - y_k) for the "
                "sigmoid, so delta_k = dE/dy_k x f'(y_k) = (y_k - t_k) / {n}: the derivative cancels", n=n)
        for k, (y, t, d, delta) in enumerate(zip(output.outputs, result.targets, output.derivatives, output.deltas)):
            slope = (y - t) / (n * d) if d != 0.0 else float("inf")
            yield (f"  delta{k + 1} = {number(slope)} x {number(d)} = ({number(y)} - {t:g}) / {n} = {number(delta)}")
    else:
        total = 0.0
        for t in result.targets:
            total = total + t
        yield _("  output layer (softmax with cross-entropy): delta_k = y_k (sum over j of t_j) - t_k, which is "
                "y_k - t_k for one-hot targets")
        for k, (y, t, delta) in enumerate(zip(output.outputs, result.targets, output.deltas)):
            yield f"  delta{k + 1} = {number(y)} x {total:g} - {t:g} = {number(delta)}"


def hidden_delta_lines(l: int, layer, above):
    yield _("  layer {number}: delta_i = f'(y_i) (sum over j of w_ij delta_j), w and delta of layer {above}; "
            "f'(y) = {derivative} for {name}", number=l + 1, above=l + 2, derivative=_(DERIVATIVES[layer.activation]),
            name=layer.activation)
    for i, (d, delta) in enumerate(zip(layer.derivatives, layer.deltas)):
        terms = " + ".join(f"{number(above.weights[i][j])} x {number(dj)}" for j, dj in enumerate(above.deltas))
        yield f"  delta{i + 1} = {number(d)} x ({terms}) = {number(delta)}"


def update_lines(result):
    lr, momentum, t = result.lr, result.momentum, result.updates_taken
    if result.optimizer == "classic":
        yield _("  classic momentum: w_ij after = w_ij + lr (-g_ij) + momentum x previous change_ij; "
                "then previous change_ij = -g_ij")
        yield f"  lr = {lr:g}, momentum = {momentum:g}"
        slots, columns = ("previous_change",), (_("previous change"),)
    elif result.optimizer == "sgd":
        yield _("  SGD with momentum: v_ij after = momentum x v_ij + g_ij; w_ij after = w_ij - lr x v_ij after")
        yield f"  lr = {lr:g}, momentum = {momentum:g}"
        slots, columns = ("velocity",), ("v",)
    else:
        step_size = lr / (1.0 - ADAM_BETA1**t)
        root = (1.0 - ADAM_BETA2**t) ** 0.5
        yield _("  Adam at step t = {t}: m after = {beta1:g} m + {one_minus_beta1:g} g; v after = {beta2:g} v + "
                "{one_minus_beta2:.3g} g^2;", t=t, beta1=ADAM_BETA1, one_minus_beta1=1 - ADAM_BETA1, beta2=ADAM_BETA2,
                one_minus_beta2=1 - ADAM_BETA2)
        yield _("  w_ij after = w_ij - step_size x m after / (sqrt(v after) / sqrt(1 - {beta2:g}^t) + {epsilon:g}), "
                "step_size = lr / (1 - {beta1:g}^t) = {step_size}, sqrt(1 - {beta2:g}^t) = {root}", beta1=ADAM_BETA1,
                beta2=ADAM_BETA2, epsilon=ADAM_EPSILON, step_size=number(step_size), root=number(root))
        slots, columns = ("first_moment", "second_moment"), ("m", "v")
    names = ("a_i", "delta_j", "g_ij", "w_ij") + tuple(_("{slot} before", slot=c) for c in columns) \
        + tuple(_("{slot} after", slot=c) for c in columns) + (_("w_ij after"),)
    widths = [max(14, display_width(name) + 2) for name in names]
    for l, layer in enumerate(result.layers):
        yield _("layer {number}", number=l + 1) + "  " + "".join(fit(name, width) for name, width in zip(names, widths))
        for i, a in enumerate(layer.inputs):
            for j, delta in enumerate(layer.deltas):
                values = (a, delta, layer.gradients[i][j], layer.weights[i][j]) \
                    + tuple(layer.state_before[slot][i][j] for slot in slots) \
                    + tuple(layer.state_after[slot][i][j] for slot in slots) + (layer.new_weights[i][j],)
                yield f"  w{i + 1},{j + 1}    " + "".join(f"{number(value):>{width}}" for value, width in zip(values, widths))
