"""bpnn gate and bpnn wired: logic gates learnt by one unit, and XOR wired by hand."""
import math

import click

from bpnn.course import ch02_gates, ch03_wired, pages, plots, truth_tables, tutorials
from bpnn.course.language import N_, _
from bpnn.course.results import as_data

from . import main, options, presets
from .language import fit


@main.command(short_help=N_("Logistic regression on AND, OR, NAND or XOR."))
@click.argument("name", metavar="NAME", type=click.Choice(tuple(truth_tables.GATES)))
@options.epochs(1000)
@options.lr(1.0)
@options.optimizer("sgd")
@options.momentum(0.0)
@options.batch_size(4)
@options.seed()
@options.every(100)
@options.backend()
@options.load
@options.save
@options.plot
@options.html
@presets.tutorial("gate")
@options.reporting
@click.pass_context
@options.fails_cleanly
def gate(ctx, name, epochs, lr, optimizer, momentum, batch_size, seed, every, backend, load, save, plot, html, tutorial,
         as_json, quiet):
    """Logistic regression (one sigmoid unit) learns the gate NAME: and, or, nand or xor.

    Tutorial 1's setting: binary cross-entropy, SGD with lr 1 on the full batch of four patterns,
    1000 epochs. AND, OR and NAND reach 100%; XOR cannot be learnt by one unit and its loss
    stays at ln 2 = 0.6931. --tutorial 1 prints the losses tutorial 1 printed beside ours.

    Example: bpnn gate xor
    """
    run = tutorials.tutorial_run("gate", tutorial, name) if tutorial is not None else None
    network = None
    if load is not None:
        options.refuse_with_load(ctx, ("seed",))
        network = options.load_network(load, backend, "gate", inputs=2, outputs=1)
    with options.Progress(epochs, "training", shown=not (quiet or as_json)) as progress:
        recorder = pages.Recorder(epochs, then=progress) if html else None
        result = ch02_gates.gate(name, epochs, lr, optimizer, momentum, batch_size, seed, backend, network,
                                 callback=recorder or progress, before_training=recorder and recorder.follow)
    if save is not None:
        result.network.save(save)
    if plot is not None:
        plots.training(plot, result.errors, N_("logistic regression on {gate}"), result.network,
                       truth_tables.gate_patterns(name), gate=name.upper())
    if html is not None:
        pages.write(html, pages.gate_page(result, recorder, options.settings_of(ctx)))
    comparison = None
    if run is not None:
        comparison = tutorials.compare(run, presets.given_options(ctx), result.errors, result.loss, result.accuracy)
    if as_json:
        return options.emit_json({"command": "gate", **as_data(result), "tutorial": as_data(comparison)})
    if not quiet:
        for epoch, error in options.sampled(result.errors, every):
            click.echo(_("epoch {epoch:>{width}}  loss {loss:.6f}", epoch=epoch, width=len(str(epochs)), loss=error))
    click.echo(f"x1 x2  {name.upper():>4}  " + fit(_("output"), 8, "<") + "  " + _("predicted"))
    for row in result.table:
        click.echo(f" {row.inputs[0]}  {row.inputs[1]}  {row.target:>4g}  {row.output:.6f}  {int(row.output >= 0.5)}")
    click.echo(_("accuracy {accuracy:.0%}, loss {loss:.6f}", accuracy=result.accuracy, loss=result.loss))
    if result.flat:
        low, high = truth_tables.EXTENT
        options.explain(_("no decision boundary: over the whole square [{low:g}, {high:g}]^2 the output lies "
                          "between {output_low:.17g} and {output_high:.17g}, flat to rounding, so the predicted "
                          "column is rounding noise.", low=low, high=high, output_low=result.output_low,
                          output_high=result.output_high))
    if not result.linearly_separable:
        options.explain(_("The loss is stuck near ln 2 = {ln2:.6f}, the loss of answering 1/2 everywhere: "
                          "XOR is not linearly separable (no line puts 01 and 10 on one side and 00 and 11 on the "
                          "other), and one unit can only draw a line. A hidden layer solves it: "
                          "bpnn xor --hidden 2 --momentum 0.4", ln2=math.log(2)))
    if comparison is not None:
        presets.echo_comparison(comparison)
    options.tell_written(quiet, model=save, plot=plot, page=html)


@main.command(short_help=N_("XOR wired by hand from three perceptrons."))
@options.html
@options.json_flag
@options.fails_cleanly
def wired(html, as_json):
    """XOR wired by hand as AND(NAND(x1, x2), OR(x1, x2)), no learning.

    Tutorial 4's weights through step units, then through sigmoid units (tutorial 5's
    table): the hidden values n1 = NAND, n2 = OR and the output y for each input. Then the
    sigmoid pass in batch form, as tutorial 5 writes it: the four patterns as the rows of X,
    X (4x2) W1 (2x2) + b1 -> 4x2, then (4x2) W2 (2x1) + b2 -> 4x1, each matrix with its shape.

    Example: bpnn wired
    """
    result = ch03_wired.wired()
    if html is not None:
        pages.write(html, pages.wired_page(result, {}))
    if as_json:
        return options.emit_json({"command": "wired", **as_data(result)})
    names = {"nand": "n1 = NAND", "or": "n2 = OR", "and": "y  = AND"}
    for name, unit in result.units.items():
        (w1, w2), bias = unit["weights"], unit["bias"]
        inputs = ("n1", "n2") if name == "and" else ("x1", "x2")
        click.echo(f"{names[name]:<10} unit({w1:g} {inputs[0]} {'+' if w2 >= 0 else '-'} {abs(w2):g} {inputs[1]} "
                   f"{'+' if bias >= 0 else '-'} {abs(bias):g})")
    for title, rows, shown in ((N_("step units: 1 if the weighted sum z > 0, else 0"), result.step, "8.0f"),
                               (N_("sigmoid units: 1 / (1 + e^-z)"), result.sigmoid, "8.6f")):
        click.echo("")
        click.echo(_(title))
        click.echo("x1 x2 |       n1       n2 |        y | XOR")
        for row in rows:
            click.echo(f" {row.inputs[0]}  {row.inputs[1]} | {row.n1:{shown}} {row.n2:{shown}} | {row.output:{shown}} |"
                       f"   {row.target}")
    click.echo("")
    click.echo(_("step units: XOR, exactly.") if result.step_solved else _("step units: not XOR."))
    if not result.sigmoid_solved:
        options.explain(_("sigmoid units: the XOR = 1 rows score higher, but all four outputs lie above 1/2. The "
                          "weights are small, so the sigmoid hidden units stay short of 0 and 1, and the AND unit's "
                          "bias -1 sits exactly on a tie: even for n1 = 1 and n2 = 0 its weighted sum n1 + n2 - 1 "
                          "would be 0, which the step unit answers with 0 (z <= 0) and the sigmoid with "
                          "1/(1 + e^0) = 1/2."))
    batch_lines(result.batch)
    options.tell_written(False, page=html)


def batch_lines(batch) -> None:
    """The sigmoid pass in matrix form, each matrix's shape beside its numbers."""
    def size(name: str) -> str:
        return "x".join(map(str, batch.shapes[name]))

    def matrix(rows) -> str:
        return "[" + ", ".join("[" + ", ".join(f"{value:g}" for value in row) + "]" for row in rows) + "]"
    click.echo("")
    click.echo(_("the sigmoid pass in batch (matrix) form, as tutorial 5 writes it: the four patterns are the rows of X"))
    click.echo(f"Z1 = X ({size('inputs')}) W1 ({size('hidden_weights')}) + b1 ({size('hidden_bias')}) -> "
               f"{size('hidden_sums')},  N = sigmoid(Z1) -> {size('hidden_outputs')}")
    click.echo(f"Z2 = N ({size('hidden_outputs')}) W2 ({size('output_weights')}) + b2 ({size('output_bias')}) -> "
               f"{size('output_sums')},  Y = sigmoid(Z2) -> {size('outputs')}")
    click.echo(f"W1 = {matrix(batch.hidden_weights)}, b1 = {matrix([batch.hidden_bias])[1:-1]}, "
               f"W2 = {matrix(batch.output_weights)}, b2 = {matrix([batch.output_bias])[1:-1]}")
    click.echo(f"{'X':<5}| {'Z1 = X W1 + b1':^21} | {'N = sigmoid(Z1)':^21} | {'Z2':^9} | {'Y':^8}".rstrip())
    click.echo(f"{size('inputs'):<5}| {size('hidden_sums'):^21} | {size('hidden_outputs'):^21} | "
               f"{size('output_sums'):^9} | {size('outputs'):^8}".rstrip())
    for x, z1, n, z2, y in zip(batch.inputs, batch.hidden_sums, batch.hidden_outputs, batch.output_sums,
                               batch.outputs):
        click.echo(f"{x[0]:g}  {x[1]:g} | {z1[0]:10.6f} {z1[1]:10.6f} | {n[0]:10.6f} {n[1]:10.6f} | {z2[0]:9.6f} | "
                   f"{y[0]:8.6f}")
    if batch.same_as_loops:
        click.echo(_("N and Y are the per-pattern loops' n1, n2 and y above, bit for bit:"))
        click.echo(_("a matrix product is the same sums, one row per pattern."))
    else:
        click.echo(_("N and Y differ from the per-pattern loops' numbers."))
