"""bpnn course: the table of contents, and each chapter's guide."""
import dataclasses

import click

from bpnn.course import contents

from . import main, options


def tutorials_text(tutorials: tuple[int, ...]) -> str:
    if not tutorials:
        return "no tutorial"
    return ("tutorial " if len(tutorials) == 1 else "tutorials ") + ", ".join(map(str, tutorials))


def chapter_data(chapter: contents.Chapter) -> dict:
    return {**dataclasses.asdict(chapter), "module": chapter.module, "command_names": list(chapter.command_names)}


@main.command(short_help="The course's table of contents, and each chapter's guide.")
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
            click.echo(f"{chapter.number:>2}  {chapter.title}  ({tutorials_text(chapter.tutorials)})")
            first = [next(command for command in chapter.commands if command.split()[1] == name)
                     for name in chapter.command_names]
            click.echo(f"    run: {'; '.join(first)}")
            click.echo(f"    read: {chapter.module}")
        click.echo("")
        click.echo("bpnn course N prints chapter N's guide: what to read, run, look for, and compare.")
        return
    chapter = contents.chapter(number)
    if as_json:
        return options.emit_json({"command": "course", "chapter": chapter_data(chapter)})
    click.echo(f"Chapter {chapter.number}: {chapter.title}")
    click.echo(f"follows {tutorials_text(chapter.tutorials)}; module {chapter.module}")
    for heading, items in (("Read", chapter.read), ("Run", chapter.commands), ("Look for", chapter.look_for),
                           ("Compare with the tutorials", chapter.compare)):
        click.echo("")
        click.echo(f"{heading}:")
        for item in items:
            click.echo(click.wrap_text(item, width=100, initial_indent="  ", subsequent_indent="    "))
