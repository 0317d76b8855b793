"""bpnn losses: the tutorials' loss examples worked term by term, and the delta each loss sends back."""
import click

from bpnn.course import ch05_losses, pages, plots
from bpnn.course.language import N_, _
from bpnn.course.results import as_data

from . import main, options
from .language import fit

DELTA_TITLES = {
    ("sigmoid", "bce"): N_("sigmoid output, binary cross-entropy E = -[t log y + (1 - t) log(1 - y)], one output "
                           "per example:\n  dE/dy = -t/y + (1 - t)/(1 - y), f'(y) = y (1 - y)"),
    ("softmax", "cross_entropy"): N_("softmax output, cross-entropy E = -sum_j t_j log y_j:\n  dE/dy_j = -t_j / y_j, "
                                     "delta_k = sum_j dE/dy_j * dy_j/dz_k through softmax's Jacobian"),
    ("sigmoid", "half_sse"): N_("for contrast, a sigmoid output with the classic's E = 1/2 (t - y)^2:\n  dE/dy = y - t, "
                                "f'(y) = y (1 - y)"),
}


@main.command(short_help=N_("The tutorials' loss examples by hand; each loss's delta two ways."))
@options.plot
@options.html
@options.json_flag
@options.fails_cleanly
def losses(plot, html, as_json):
    """The tutorials' loss examples worked term by term, and the delta each loss sends back.

    Tutorial 3's mean squared error of three points (its formula; the points and the line are
    ours, stated in the output); tutorial 5's example, labels [1, 0, 1, 1] and predictions
    [0.9, 0.2, 0.8, 0.95]: its squared errors, its cross-entropy terms and the sign slip in its
    printed total, and binary cross-entropy, the loss its independent labels call for. Then the
    output delta dE/dz of three output-loss pairs, by the general chain rule and as bpnn.losses
    computes it, side by side. Nothing is trained, so there is no --backend: it is the
    textbook's functions only.

    Example: bpnn losses
    """
    result = ch05_losses.losses()
    if plot is not None:
        plots.losses(plot, result)
    if html is not None:
        pages.write(html, pages.losses_page(result, {}))
    if as_json:
        return options.emit_json({"command": "losses", **as_data(result)})
    three_points_lines(result.three_points)
    click.echo("")
    example_lines(result.example)
    click.echo("")
    click.echo(_("the delta each loss sends back, delta = dE/dz: by the chain rule dE/dy * f'(y), and by bpnn.losses"))
    for comparison in result.deltas:
        delta_lines(comparison)
    options.explain(_("Tutorial 5's labels are four independent yes/no answers, not one distribution over classes "
                      "(they add up to 3): the one-hot formula counts only the t = 1 terms, so the second example's "
                      "p = 0.2 costs nothing however wrong it were, where binary cross-entropy charges it -log(1 - p). "
                      "For a sigmoid output with binary cross-entropy, and for softmax with cross-entropy, the chain "
                      "rule's product collapses to y - t: the 1 / (y (1 - y)) in dE/dy cancels the sigmoid's "
                      "derivative, and softmax's Jacobian folds the same way. bpnn.losses computes the short form, "
                      "which agrees with the long one to rounding. With the squared error the sigmoid's f'(y) stays "
                      "in the delta, so a confidently wrong output (y near 0 or 1) sends back almost nothing: that "
                      "is why classifiers pair sigmoid and softmax outputs with cross-entropy."))
    options.tell_written(False, plot=plot, page=html)


def three_points_lines(part) -> None:
    w, b = part.line
    click.echo(_("tutorial 3: L = 1/3 ((y1 - f(x1))^2 + (y2 - f(x2))^2 + (y3 - f(x3))^2), its formula without "
                 "numbers;"))
    line = f"{w:g} x {'+' if b >= 0 else '-'} {abs(b):g}"
    click.echo(_("here three points of its cubic y = x^3 + x^2 - x - 1 and a line guessing them, f(x) = {line}",
                 line=line))
    click.echo("     x      y   f(x)  (y - f(x))^2")
    for (x, y), prediction, term in zip(part.points, part.predictions, part.terms):
        click.echo(f"{x:6g} {y:6g} {prediction:6g} {term:13.6f}")
    click.echo(f"L = ({' + '.join(f'{term:g}' for term in part.terms)}) / 3 = {part.loss:.6f} (bpnn.losses.mse)")
    click.echo(_("its slope: dL/dw = {dw:.6f}, dL/db = {db:.6f}", dw=part.gradient[0], db=part.gradient[1]))
    click.echo(_("(L is a quadratic in w and b, and gradient descent steps against its slope)"))


def example_lines(example) -> None:
    click.echo(_("tutorial 5: labels t = {labels}, predictions p = {predictions}",
                 labels="[" + ", ".join(f"{t:g}" for t in example.labels) + "]",
                 predictions="[" + ", ".join(f"{p:g}" for p in example.predictions) + "]"))
    click.echo("   t     p   (t - p)^2   -t log p   -[t log p + (1 - t) log(1 - p)]")
    for t, p, squared, one_hot, binary in zip(example.labels, example.predictions, example.squared_errors,
                                              example.one_hot_terms, example.bce_terms):
        click.echo(f"{t:4g} {p:5g} {squared:11.6f} {one_hot + 0.0:10.6f} {binary:12.6f}")
    rounded = [round(term, ch05_losses.PRINTED_PLACES) for term in example.one_hot_terms]
    click.echo(_("mean squared error: {mse:.6f} (bpnn.losses.mse)", mse=example.mse))
    click.echo(_("the one-hot formula -sum t log p: {terms} = {total:.3f} (unrounded {unrounded:.6f})",
                 terms=" + ".join(f"{term:g}" for term in rounded), total=example.rounded_total,
                 unrounded=example.one_hot_total))
    printed = " ".join(f"{'-' if term < 0 else '+'} {abs(term):g}" for term in example.printed_terms)
    click.echo(_("tutorial 5 prints {terms} = {total:g}: the third term entered with a minus sign;",
                 terms=printed.lstrip("+ "), total=example.printed_total))
    click.echo(_("every term -t log p is >= 0, so no total can be negative"))
    click.echo(_("binary cross-entropy: {summed:.3f} summed, {averaged:.3f} averaged (bpnn.losses.bce; PyTorch's "
                 "BCELoss averages)", summed=example.bce_total, averaged=example.bce_mean))


def delta_lines(comparison) -> None:
    click.echo("")
    click.echo(_(DELTA_TITLES[comparison.output, comparison.loss]))
    softmax = comparison.output == "softmax"
    click.echo("          y     t      dE/dy  " + ("            " if softmax else "     f'(y)")
               + "  " + fit(_("chain rule"), 10) + "  bpnn.losses      y - t")
    for row in comparison.rows:
        derivative = "            " if row.derivative is None else f"{row.derivative:10.6f}"
        click.echo(f"{row.output:11.6f} {row.target:5g} {row.loss_slope + 0.0:10.6f}  {derivative}  "
                   f"{row.chain_rule:10.6f}   {row.library:10.6f} {row.output_minus_target:10.6f}")
    verdict = (_("bpnn.losses' delta is y - t") if comparison.is_output_minus_target
               else _("it is the chain rule itself, not y - t"))
    click.echo(_("chain rule and bpnn.losses agree within {difference:.1e}; {verdict}",
                 difference=comparison.largest_difference, verdict=verdict))
