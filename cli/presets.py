"""--tutorial N: a tutorial's own setting as the defaults of a command's options, and its printed
numbers beside ours (the table is bpnn.course.tutorials).

The preset fills click's default map before the other options are read (the option is eager), so
every option the user gives still wins; one that leaves the tutorial's setting is named in the
output, with the tutorial's value, and the tutorial's numbers are then for a different run.
"""
import click

from bpnn.course import tutorials

from . import options


def tutorial(command: str):
    """The --tutorial option of `command`, offering the tutorials that ran its experiment."""
    numbers = [str(number) for number in tutorials.runs_for(command)]

    def preset(ctx, param, value):
        if value is None:
            return None
        setting = tutorials.setting_for(command, int(value))
        defaults = {name: ",".join(map(str, given)) if isinstance(given, tuple) else given
                    for name, given in setting.items()}
        ctx.default_map = {**(ctx.default_map or {}), **defaults}
        return int(value)
    return click.option("--tutorial", type=click.Choice(numbers), is_eager=True, callback=preset,
                        help=f"Tutorial {' or '.join(numbers)}'s own setting as the defaults (options you give "
                             "still win), and the numbers it printed beside ours.")


def given_options(ctx: click.Context) -> dict:
    """The options the user typed: name -> value after parsing."""
    return {name: value for name, value in ctx.params.items()
            if ctx.get_parameter_source(name) == click.core.ParameterSource.COMMANDLINE}


def flag(name: str) -> str:
    return "--" + name.replace("_", "-")


def shown(value) -> str:
    return ",".join(map(str, value)) if isinstance(value, (list, tuple)) else f"{value:g}" \
        if isinstance(value, float) else str(value)


def echo_comparison(comparison: tutorials.Comparison) -> None:
    """The tutorial's run, its printed numbers beside ours, the options changed and why the numbers differ."""
    click.echo("")
    options.explain(f"tutorial {comparison.tutorial}: {comparison.what}")
    if comparison.departures:
        changed = ", ".join(f"{flag(name)} {shown(ours)} (the tutorial's: {shown(theirs)})"
                            for name, (ours, theirs) in comparison.departures.items())
        options.explain(f"your options leave its setting: {changed}"
                        + ("; its numbers are for its own setting" if comparison.rows or comparison.accuracy else ""))
    if comparison.rows:
        click.echo(f"{'updates':>8} {'tutorial ' + str(comparison.tutorial):>12} {'bpnn':>12}")
        for updates, printed, ours in comparison.rows:
            click.echo(f"{updates:>8} {printed:>12.6f} {ours:>12.6f}")
    if comparison.accuracy is not None:
        printed, ours = comparison.accuracy
        click.echo(f"accuracy: tutorial {comparison.tutorial} {printed:.0%}, bpnn {ours:.2%}")
    options.explain(comparison.printed_note + ".")
    click.echo("why the numbers differ:" if comparison.rows or comparison.accuracy else "where bpnn differs:")
    for reason in comparison.differences:
        click.echo(click.wrap_text(reason, width=100, initial_indent="  - ", subsequent_indent="    "))
