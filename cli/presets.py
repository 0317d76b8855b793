"""--tutorial N: a tutorial's own setting as the defaults of a command's options, and its printed
numbers beside ours (the table is bpnn.course.tutorials).

The preset fills click's default map before the other options are read (the option is eager), so
every option the user gives still wins; one that leaves the tutorial's setting is named in the
output, with the tutorial's value, and the tutorial's numbers are then for a different run.
"""
import click

from bpnn.course import tutorials
from bpnn.course.language import N_, _, gettext

from . import options
from .language import Option, fit, wrap


TUTORIAL_HELP = N_("Tutorial {numbers}'s own setting as the defaults (options you give still win), and the numbers "
                   "it printed beside ours.")


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
    return click.option("--tutorial", type=click.Choice(numbers), is_eager=True, callback=preset, cls=Option,
                        help=TUTORIAL_HELP, help_values=lambda: {"numbers": _(" or ").join(numbers)})


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
    options.explain(_("tutorial {number}: {what}", number=comparison.tutorial, what=gettext(comparison.what)))
    if comparison.departures:
        changed = ", ".join(_("{flag} {ours} (the tutorial's: {theirs})", flag=flag(name), ours=shown(ours),
                              theirs=shown(theirs)) for name, (ours, theirs) in comparison.departures.items())
        options.explain(_("your options leave its setting: {changed}; its numbers are for its own setting",
                          changed=changed) if comparison.rows or comparison.accuracy else
                        _("your options leave its setting: {changed}", changed=changed))
    if comparison.rows:
        click.echo(fit(_("updates"), 8) + " " + fit(_("tutorial {number}", number=comparison.tutorial), 12)
                   + " " + fit("bpnn", 12))
        for updates, printed, ours in comparison.rows:
            click.echo(f"{updates:>8} {printed:>12.6f} {ours:>12.6f}")
    if comparison.accuracy is not None:
        printed, ours = comparison.accuracy
        click.echo(_("accuracy: tutorial {number} {printed:.0%}, bpnn {ours:.2%}", number=comparison.tutorial,
                     printed=printed, ours=ours))
    options.explain(gettext(comparison.printed_note) + ".")
    click.echo(_("why the numbers differ:") if comparison.rows or comparison.accuracy else _("where bpnn differs:"))
    for reason in comparison.differences:
        click.echo(wrap(gettext(reason), width=100, initial_indent="  - ", subsequent_indent="    "))
