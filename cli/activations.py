"""bpnn activations: each activation function and its derivative, where it saturates, and softmax's Jacobian."""
import click

from bpnn.course import ch04_activations, pages, plots
from bpnn.course.language import N_, _
from bpnn.course.results import as_data
from bpnn.validation import shown

from . import main, options
from .language import fit


def numbers(ctx, param, value) -> tuple[float, ...]:
    """"-4,-2,0,2,4" -> (-4.0, -2.0, 0.0, 2.0, 4.0)."""
    try:
        return tuple(float(part) for part in value.split(","))
    except ValueError:
        raise click.BadParameter(_("{value} is not a list of numbers like -4,-2,0,2,4", value=shown(value))) from None


@main.command(short_help=N_("Activation functions, their derivatives, softmax's Jacobian."))
@click.option("--at", "points", default=",".join(f"{z:g}" for z in ch04_activations.POINTS), show_default=True,
              callback=numbers, help=N_("The weighted sums z at which each function is shown."))
@click.option("--threshold", default=ch04_activations.SATURATION, show_default=True,
              type=click.FloatRange(min=0.0, min_open=True), help=N_("A unit is saturated where f'(z) is below this."))
@click.option("--softmax", "weighted_sums", default=",".join(f"{z:g}" for z in ch04_activations.SOFTMAX_EXAMPLE),
              show_default=True, callback=numbers, help=N_("The weighted sums softmax is shown on."))
@options.plot
@options.html
@options.json_flag
@click.pass_context
@options.fails_cleanly
def activations(ctx, points, threshold, weighted_sums, plot, html, as_json):
    """Each activation function of the chapter and its derivative, side by side.

    sigmoid, tanh, ReLU, leaky ReLU and linear (bpnn.activations) at the points --at: y = f(z),
    the derivative f' computed from y as backpropagation computes it, and the slope measured by
    central differences; where each saturates (f' below --threshold) and its largest derivative;
    softmax on an example with its Jacobian diag(y) - y y^T (tutorials 4 and 5). Nothing is
    trained, so there is no --backend: it is the textbook's functions only.

    Example: bpnn activations --at -6,-3,0,3,6 --plot activations.png
    """
    result = ch04_activations.activations(points, threshold, weighted_sums)
    if plot is not None:
        plots.activations(plot, result)
    if html is not None:
        pages.write(html, pages.activations_page(result, options.settings_of(ctx)))
    if as_json:
        return options.emit_json({"command": "activations", **as_data(result)})
    click.echo(_("y = f(z); f'(z) from y, as backpropagation computes it; the slope measured by central differences "
                 "(h = {step:g}),", step=ch04_activations.SLOPE_STEP))
    click.echo(_("which differs only where f has a kink (two slopes: the measured one is their average)"))
    for profile in result.activations:
        function, derivative = ch04_activations.FORMULAS[profile.name]
        click.echo("")
        click.echo(f"{profile.name}: {_(function)}, {_(derivative)}")
        click.echo("       z            y           f' " + fit(_("measured"), 12))
        for point in profile.points:
            click.echo(f"{point.z:8.3f} {point.y:12.6f} {point.derivative:12.6f} {point.slope:12.6f}"
                       + ("   " + _("<- they differ") if abs(point.derivative - point.slope) > 1e-6 else ""))
        click.echo(f"  {saturation_line(profile, threshold)}; {largest_line(profile)}")
    example = result.softmax
    click.echo("")
    click.echo(_("softmax: y_j = e^z_j / sum_k e^z_k on z = ({sums}): y = ({outputs})",
                 sums=", ".join(f"{z:g}" for z in example.weighted_sums),
                 outputs=", ".join(f"{y:.6f}" for y in example.outputs)))
    click.echo(_("its Jacobian dy_j/dz_k = y_j (1[j = k] - y_k), that is diag(y) - y y^T:"))
    width = len(example.outputs)
    click.echo("     " + "".join(f"{f'k={k + 1}':>12}" for k in range(width)) + "   " + _("row total"))
    for j, (row, total) in enumerate(zip(example.jacobian, example.row_totals)):
        click.echo(f"j={j + 1:<3}" + "".join(f"{entry:12.6f}" for entry in row) + f"   {total:9.2g}")
    sigmoid = next(profile for profile in result.activations if profile.name == "sigmoid")
    options.explain(_("The sigmoid's derivative is at most {largest:g}, at z = 0: every sigmoid layer a delta passes "
                      "back through multiplies it by {largest:g} or less, so after four layers at most 1/4^4 = 1/256 "
                      "of it is left, the root of the vanishing gradient (bpnn vanish). tanh's derivative reaches 1 "
                      "and ReLU's is 1 wherever the unit is on, but a saturated unit (f' near 0: a large |z| for "
                      "sigmoid and tanh, z < 0 for ReLU) passes almost nothing back. softmax's outputs add up to 1, so "
                      "each column of its Jacobian adds up to 0 (and each row, as it is symmetric): raising one z "
                      "gives its y exactly the probability it takes from the others.",
                      largest=sigmoid.largest_derivative))
    options.tell_written(False, plot=plot, page=html)


def saturation_line(profile, threshold: float) -> str:
    sides = []
    # 0.0: saturated from z = 0 on, as ReLU is (its f'(0) is 0)
    if profile.saturated_below is not None:
        sides.append("z <= 0" if profile.saturated_below == 0.0 else f"z < {profile.saturated_below:.3f}")
    if profile.saturated_above is not None:
        sides.append("z >= 0" if profile.saturated_above == 0.0 else f"z > {profile.saturated_above:.3f}")
    if not sides:
        return _("never saturated (f' >= {threshold:g} for every z)", threshold=threshold)
    return _("saturated (f' < {threshold:g}) for {sides}", threshold=threshold, sides=_(" and ").join(sides))


def largest_line(profile) -> str:
    if profile.largest_from == profile.largest_to:
        return _("largest f' = {largest:g} at z = {z:g}", largest=profile.largest_derivative, z=profile.largest_from)
    return _("largest f' = {largest:g} for z from {low:g} to {high:g} (as far as searched)",
             largest=profile.largest_derivative, low=profile.largest_from, high=profile.largest_to)
