"""bpnn gate and bpnn wired: logic gates learnt by one unit, and XOR wired by hand."""
import math

import click

from bpnn.course import ch02_gates, ch03_wired, plots, truth_tables, tutorials
from bpnn.course.results import as_data

from . import main, options, presets


@main.command(short_help="Logistic regression on AND, OR, NAND or XOR.")
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
@presets.tutorial("gate")
@options.reporting
@click.pass_context
@options.fails_cleanly
def gate(ctx, name, epochs, lr, optimizer, momentum, batch_size, seed, every, backend, load, save, plot, tutorial,
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
        network = options.load_network(load, backend)
    with options.Progress(epochs, "training", shown=not (quiet or as_json)) as progress:
        result = ch02_gates.gate(name, epochs, lr, optimizer, momentum, batch_size, seed, backend, network,
                                  callback=progress)
    if save is not None:
        result.network.save(save)
    if plot is not None:
        plots.training(plot, result.errors, f"logistic regression on {name.upper()}", result.network,
                       truth_tables.gate_patterns(name))
    comparison = None
    if run is not None:
        comparison = tutorials.compare(run, presets.given_options(ctx), result.errors, result.loss, result.accuracy)
    if as_json:
        return options.emit_json({"command": "gate", **as_data(result), "tutorial": as_data(comparison)})
    if not quiet:
        for epoch, error in options.sampled(result.errors, every):
            click.echo(f"epoch {epoch:>{len(str(epochs))}}  loss {error:.6f}")
    click.echo(f"x1 x2  {name.upper():>4}  output    predicted")
    for row in result.table:
        click.echo(f" {row.inputs[0]}  {row.inputs[1]}  {row.target:>4g}  {row.output:.6f}  {int(row.output >= 0.5)}")
    click.echo(f"accuracy {result.accuracy:.0%}, loss {result.loss:.6f}")
    if not result.linearly_separable:
        options.explain(f"The loss is stuck near ln 2 = {math.log(2):.6f}, the loss of answering 1/2 everywhere: "
                        "XOR is not linearly separable (no line puts 01 and 10 on one side and 00 and 11 on the "
                        "other), and one unit can only draw a line. A hidden layer solves it: "
                        "bpnn xor --hidden 2 --momentum 0.4")
    if comparison is not None:
        presets.echo_comparison(comparison)
    options.tell_written(quiet, model=save, plot=plot)


@main.command(short_help="XOR wired by hand from three perceptrons.")
@options.json_flag
def wired(as_json):
    """XOR wired by hand as AND(NAND(x1, x2), OR(x1, x2)), no learning.

    Tutorial 4's weights through step units, then through sigmoid units (tutorial 5's
    table): the hidden values n1 = NAND, n2 = OR and the output y for each input.

    Example: bpnn wired
    """
    result = ch03_wired.wired()
    if as_json:
        return options.emit_json({"command": "wired", **as_data(result)})
    names = {"nand": "n1 = NAND", "or": "n2 = OR", "and": "y  = AND"}
    for name, unit in result.units.items():
        (w1, w2), bias = unit["weights"], unit["bias"]
        inputs = ("n1", "n2") if name == "and" else ("x1", "x2")
        click.echo(f"{names[name]:<10} unit({w1:g} {inputs[0]} {'+' if w2 >= 0 else '-'} {abs(w2):g} {inputs[1]} "
                   f"{'+' if bias >= 0 else '-'} {abs(bias):g})")
    for title, rows, shown in (("step units: 1 if the weighted sum z > 0, else 0", result.step, "8.0f"),
                               ("sigmoid units: 1 / (1 + e^-z)", result.sigmoid, "8.6f")):
        click.echo("")
        click.echo(title)
        click.echo("x1 x2 |       n1       n2 |        y | XOR")
        for row in rows:
            click.echo(f" {row.inputs[0]}  {row.inputs[1]} | {row.n1:{shown}} {row.n2:{shown}} | {row.output:{shown}} |"
                       f"   {row.target}")
    click.echo("")
    click.echo(f"step units: {'XOR, exactly' if result.step_solved else 'not XOR'}.")
    if not result.sigmoid_solved:
        options.explain("sigmoid units: the XOR = 1 rows score higher, but all four outputs lie above 1/2. The "
                        "weights are small, so the sigmoid hidden units stay short of 0 and 1, and the AND unit's "
                        "bias -1 sits exactly on a tie: even for n1 = 1 and n2 = 0 its weighted sum n1 + n2 - 1 "
                        "would be 0, which the step unit answers with 0 (z <= 0) and the sigmoid with 1/(1 + e^0) = 1/2.")
