"""bpnn course: the table of contents, and each chapter's guide."""
import dataclasses

import click

from bpnn.course import contents
from bpnn.course.language import N_, _, gettext

from . import main, options
from .language import wrap


def tutorials_text(tutorials: tuple[int, ...]) -> str:
    if not tutorials:
        return _("no tutorial")
    numbers = ", ".join(map(str, tutorials))
    return _("tutorial {numbers}", numbers=numbers) if len(tutorials) == 1 else _("tutorials {numbers}", numbers=numbers)


def chapter_data(chapter: contents.Chapter) -> dict:
    return {**dataclasses.asdict(chapter), "module": chapter.module, "command_names": list(chapter.command_names)}


@main.command(short_help=N_("The course's table of contents, and each chapter's guide."))
@click.argument("number", metavar="[N]", required=False, type=int)
@options.json_flag
@options.fails_cleanly
def course(number, as_json):
    """The course, chapter by chapter, in the order of the tutorials' topics.

    Without N: every chapter with its number, title, the tutorials it follows, the commands
    to run and the file to read. With N: chapter N's guide: what to read (files and
    functions), what to run, what to look for in the output and the picture, and the
    tutorial's own numbers to compare with.

    Example: bpnn course 1
    """
    if number is None:
        if as_json:
            return options.emit_json({"command": "course",
                                      "chapters": [chapter_data(chapter) for chapter in contents.CHAPTERS]})
        for chapter in contents.CHAPTERS:
            click.echo(f"{chapter.number:>2}  {gettext(chapter.title)}  ({tutorials_text(chapter.tutorials)})")
            first = [next(command for command in chapter.commands if command.split()[1] == name)
                     for name in chapter.command_names]
            click.echo(_("    run: {commands}", commands="; ".join(first)))
            click.echo(_("    read: {module}", module=chapter.module))
        click.echo("")
        click.echo(_("bpnn course N prints chapter N's guide: what to read, run, look for, and compare."))
        return
    chapter = contents.chapter(number)
    if as_json:
        return options.emit_json({"command": "course", "chapter": chapter_data(chapter)})
    click.echo(_("Chapter {number}: {title}", number=chapter.number, title=gettext(chapter.title)))
    click.echo(_("follows {tutorials}; module {module}", tutorials=tutorials_text(chapter.tutorials),
                 module=chapter.module))
    for heading, items in ((N_("Read"), chapter.read), (N_("Run"), chapter.commands), (N_("Look for"), chapter.look_for),
                           (N_("Compare with the tutorials"), chapter.compare)):
        click.echo("")
        click.echo(_("{heading}:", heading=_(heading)))
        for item in items:
            click.echo(wrap(gettext(item), width=100, initial_indent="  ", subsequent_indent="    "))
