"""bpnn perceptron: Rosenblatt's rule learns a gate, or goes round in circles on XOR; adaline's delta rule beside it."""
import click

from bpnn.course import ch01_perceptron, pages, plots, truth_tables
from bpnn.course.language import N_, _
from bpnn.course.results import as_data

from . import main, options
from .language import fit

DERIVATION = N_("""\
the delta rule is gradient descent on the squared error of the linear output z = w1 x1 + w2 x2 + b:
  one pattern:     E = 1/2 (t - z)^2      dE/dw_i = dE/dz * dz/dw_i = -(t - z) x_i
  the batch:       E = 1/2 sum_p (t_p - z_p)^2      dE/dw_i = -sum_p (t_p - z_p) x_pi
  a step downhill: w_i <- w_i - lr dE/dw_i = w_i + lr sum_p (t_p - z_p) x_pi   (one update per epoch)""")


@main.command(short_help=N_("Rosenblatt's perceptron rule, and adaline's delta rule."))
@click.argument("gate", metavar="[GATE]", default="and", type=click.Choice(tuple(truth_tables.GATES)))
@click.option("--rule", default="perceptron", show_default=True, type=click.Choice(ch01_perceptron.RULES),
              help=N_("perceptron: Rosenblatt's rule on the step unit; delta: adaline's rule on the linear output."))
@options.lr(0.1)
@options.epochs(100)
@options.seed()
@click.option("--every", type=click.IntRange(min=1), default=None,
              help=N_("Print the weights every N epochs (default: every epoch for the perceptron rule, every 10th for "
                      "the delta rule)."))
@options.plot
@options.html
@options.reporting
@click.pass_context
@options.fails_cleanly
def perceptron(ctx, gate, rule, lr, epochs, seed, every, plot, html, as_json, quiet):
    """One perceptron learns the gate GATE (and, or, nand or xor; default and) by Rosenblatt's rule.

    A step unit y = 1 if z = w1 x1 + w2 x2 + b > 0, else 0, from weights drawn from
    U(-0.5, 0.5), learns the four patterns one at a time, in order, by w <- w + lr (t - y) x
    (tutorials 1 and 4). Prints the weights and the mistakes of each epoch. It stops at the
    first epoch without a mistake, or when the weights come back to those of an earlier
    epoch's end: then it would repeat the same epochs forever, which is what XOR does.

    --rule delta: adaline's delta rule (tutorial 4), gradient descent on E = 1/2 sum (t - z)^2 of
    the linear output z over the whole batch: the derivation, and the loss falling epoch by
    epoch. A perceptron is a few floats, not a network: it runs on the textbook's path only
    (no --backend).

    Example: bpnn perceptron xor
    """
    result = ch01_perceptron.perceptron(gate, rule, lr, epochs, seed)
    if plot is not None:
        plots.perceptron(plot, result)
    if html is not None:
        pages.write(html, pages.perceptron_page(result, options.settings_of(ctx)))
    if as_json:
        return options.emit_json({"command": "perceptron", **as_data(result)})
    name = gate.upper()
    if rule == "perceptron":
        click.echo(_("Rosenblatt's rule on {gate}: w <- w + lr (t - y) x, y = 1 if z = w1 x1 + w2 x2 + b > 0 else 0",
                     gate=name))
    else:
        click.echo(_("adaline's delta rule on {gate}: w <- w + lr sum_p (t_p - z_p) x_p on the linear output z",
                     gate=name))
    low, high = result.initial_range
    click.echo(_("lr {lr:g}, initial weights from U({low:g}, {high:g}) with seed {seed}, the patterns in the order "
                 "00 01 10 11", lr=lr, low=low, high=high, seed=seed))
    if rule == "delta":
        click.echo(_(DERIVATION))
    if not quiet:
        click.echo(epoch_lines(result, every or (1 if rule == "perceptron" else 10)))
    click.echo(f"x1 x2  {name:>4}          z  y")
    for answer in result.answers:
        click.echo(f" {answer.inputs[0]}  {answer.inputs[1]}  {answer.target:>4}  {answer.weighted_sum:9.6f}  "
                   f"{answer.output}")
    if rule == "perceptron":
        options.explain(rosenblatt_outcome(result))
        options.explain(rosenblatt_explanation(result))
    else:
        options.explain(_("loss E = 1/2 sum_p (t_p - z_p)^2: {initial:.6f} at the initial weights, {final:.6f} "
                          "after epoch {epoch}; every answer right (y = 1 where z > 1/2).", initial=result.initial_loss,
                          final=result.epochs[-1].loss, epoch=result.epochs[-1].epoch) if result.converged else
                        _("loss E = 1/2 sum_p (t_p - z_p)^2: {initial:.6f} at the initial weights, {final:.6f} "
                          "after epoch {epoch}; not every answer right (y = 1 where z > 1/2).",
                          initial=result.initial_loss, final=result.epochs[-1].loss, epoch=result.epochs[-1].epoch))
        options.explain(delta_explanation(result))
    options.tell_written(quiet, plot=plot, page=html)


def epoch_lines(result, every: int) -> str:
    """The initial weights, then every `every`-th epoch's weights and mistakes (and the last epoch's)."""
    delta = result.rule == "delta"
    lines = [fit(_("epoch"), 5, "<") + "         w1         w2          b  " + fit(_("mistakes"), 8)
             + ("  " + _("loss E") if delta else "")]
    w1, w2, b = result.initial_weights
    initial = f"{0:>5} {w1:10.6f} {w2:10.6f} {b:10.6f}"
    if delta:
        initial = initial + f" {result.initial_mistakes:>9}  {result.initial_loss:.6f}"
    lines.append(initial)
    for epoch, _mistakes in options.sampled([record.mistakes for record in result.epochs], every):
        record = result.epochs[epoch - 1]
        w1, w2, b = record.weights
        line = f"{epoch:>5} {w1:10.6f} {w2:10.6f} {b:10.6f} {record.mistakes:>9}"
        lines.append(line + (f"  {record.loss:.6f}" if delta else ""))
    return "\n".join(lines)


def rosenblatt_outcome(result) -> str:
    last = result.epochs[-1]
    if result.converged:
        return _("converged at epoch {epoch}: an epoch without a mistake, so the weights no longer change.",
                 epoch=last.epoch)
    if result.cycle_start is not None:
        mistakes = [str(record.mistakes) for record in result.epochs[result.cycle_start:]]
        if result.cycle_length == 1:
            return _("cycle: the weights at the end of epoch {epoch} are those at the end of epoch {start}; from "
                     "there the same epoch repeats forever, with {mistakes} mistakes each time: it never converges.",
                     epoch=last.epoch, start=result.cycle_start, mistakes=mistakes[0])
        return _("cycle: the weights at the end of epoch {epoch} are those at the end of epoch {start}; from there "
                 "the same {length} epochs repeat forever, with {mistakes} mistakes: it never converges.",
                 epoch=last.epoch, start=result.cycle_start, length=result.cycle_length, mistakes=", ".join(mistakes))
    return _("not converged after {epochs} epochs, and no weights repeated yet: try more --epochs.", epochs=last.epoch)


def rosenblatt_explanation(result) -> str:
    if result.linearly_separable:
        return _("A line separates this gate's 0s from its 1s, and Rosenblatt's rule finds one after finitely many "
                 "mistakes (the perceptron convergence theorem): every mistake moves the line z = 0 towards the "
                 "pattern it got wrong, and a right answer changes nothing.")
    return _("No line separates XOR's 0s (00, 11) from its 1s (01, 10), so every epoch gets some pattern wrong and "
             "the weights never settle. Each update moves a weight by a whole multiple of lr (the inputs are 0 or "
             "1), so the weights stay on a grid in a bounded region and must come back to an earlier state; from "
             "there the same patterns in the same order repeat the same epochs. A hidden layer gets out: "
             "bpnn wired, bpnn xor.")


def delta_explanation(result) -> str:
    ending = (_("The least-squares line of XOR is z = 1/2 everywhere (E = 0.5): the best straight fit answers "
                "nothing, the same verdict as the perceptron's and logistic regression's (bpnn gate xor).")
              if not result.linearly_separable else
              _("At the bottom of E the line still answers every pattern right when it is read at z = 1/2."))
    return _("The update has the perceptron's form, with the linear output z where the step's y was; because z "
             "has a slope in w, the update is a step of size lr down the gradient of E, and for a small enough lr "
             "E falls every epoch to its least-squares minimum. The step unit has no slope (its derivative is 0 "
             "wherever it exists), so Rosenblatt's rule descends nothing; smooth units and gradient descent are "
             "what the rest of the course builds on.") + " " + ending
