"""Which language `bpnn` speaks, and how click's help and messages come to speak it.

The choice: `bpnn --lang ko|en` wins; without it, the locale of the environment as gettext reads
it, the first of LANGUAGE, LC_ALL, LC_MESSAGES and LANG that is set (LANGUAGE may list several,
"ko:en": its first counts); Korean if that starts with "ko", English otherwise (LANG=C too).

The catalogs are standard gettext catalogs: bpnn/cli/locale/ko/LC_MESSAGES/bpnn.po (the source
of truth for bpnn's own words) and click.po (click's messages: "Usage:", "Missing argument",
"No such option"...), each compiled to a .mo beside it that the package ships; tests check that
each .mo is its .po compiled, and that every marked string in the sources has a translation.
Regenerate the templates from the sources, merge them into the .po files and compile:

    pybabel extract -F cli/locale/babel.cfg -k tr --add-location=file --sort-output -o cli/locale/bpnn.pot bpnn cli
    pybabel extract --no-location --sort-output -o cli/locale/click.pot "$(python -c 'import click, os; print(os.path.dirname(click.__file__))')"
    pybabel update -i cli/locale/bpnn.pot -d cli/locale -D bpnn -l ko --no-fuzzy-matching
    pybabel update -i cli/locale/click.pot -d cli/locale -D click -l ko --no-fuzzy-matching
    pybabel compile -d cli/locale -D bpnn -l ko && pybabel compile -d cli/locale -D click -l ko

How click's words are translated (documented here, as the cli's one mechanism for it):
- click's own messages call `gettext.gettext` (imported into each click module as `_`), which
  would read the environment and gettext's global domain. install() binds those names in click's
  modules to the chosen catalog's gettext and ngettext, so that --lang wins over the environment
  and nothing global (the process's text domain, os.environ) changes; English restores them.
- Help text is fixed when the commands are defined (at import, before the language is known):
  the docstrings and the help= strings stay English on the objects, and the classes below
  translate them at the moment click renders the help (Translated.format_help and
  get_short_help_str swap in the translation for that call only). A docstring's msgid is the
  docstring as click shows it (inspect.cleandoc); cli/extract.py extracts the commands' docstrings.
- The library's messages (ValueError, FloatingPointError) stay English in bpnn/; the few that
  users meet most are translated here, by library_message(), from msgids with placeholders
  (LIBRARY_MESSAGES) whose English must match the library's wording exactly (a test raises each).
"""
import contextlib
import functools
import gettext
import inspect
import os
import re
import sys
from importlib import resources

import click

from bpnn.course import language as spoken
from bpnn.course.language import N_, _

LANGUAGES = ("en", "ko")
ENVIRONMENT = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")   # gettext's order
_CLICK_ORIGINALS: dict = {}


def from_environment(environ=None) -> str:
    """'ko' if the first locale variable set (gettext's order) starts with ko, else 'en'."""
    environ = os.environ if environ is None else environ
    for name in ENVIRONMENT:
        value = environ.get(name)
        if value:
            return "ko" if value.split(":")[0].lower().startswith("ko") else "en"
    return "en"


@functools.lru_cache(maxsize=None)
def catalog(domain: str, language: str) -> gettext.NullTranslations:
    """The compiled catalog of `domain` ("bpnn" or "click") for `language`; English: none. bpnn's
    falls back to click's, so that the help of click's own options (--help, --version) translates."""
    if language == "en":
        return gettext.NullTranslations()
    path = resources.files("bpnn.cli").joinpath("locale", language, "LC_MESSAGES", f"{domain}.mo")
    with path.open("rb") as file:
        translation = gettext.GNUTranslations(file)
    if domain == "bpnn":   # the help of click's own options (--help, --version) is click's message
        translation.add_fallback(catalog("click", language))
    return translation


def install(language: str) -> None:
    """Speak `language` ("en" or "ko") from now on: bpnn's own words and click's."""
    global _click_translation
    spoken.install(catalog("bpnn", language))
    _click_translation = catalog("click", language) if language != "en" else None
    bind_click(_click_translation)


_click_translation = None


@contextlib.contextmanager
def restoring():
    """Whatever language a block installs, the one spoken before it is spoken after it (a command
    run in-process, `main([...], standalone_mode=False)` or a test's, leaves no language behind)."""
    global _click_translation
    before = (spoken.current(), _click_translation)
    try:
        yield
    finally:
        spoken.install(before[0])
        _click_translation = before[1]
        bind_click(before[1])


def bind_click(translation) -> None:
    """Point the `_` and `ngettext` of click's modules at `translation` (None: back to gettext's)."""
    for name, module in list(sys.modules.items()):
        if name != "click" and not name.startswith("click."):
            continue
        for attribute, original, method in (("_", gettext.gettext, "gettext"),
                                            ("ngettext", gettext.ngettext, "ngettext")):
            if (name, attribute) not in _CLICK_ORIGINALS:
                if getattr(module, attribute, None) is not original:
                    continue    # a click module that does not translate, or names something else so
                _CLICK_ORIGINALS[name, attribute] = original
            setattr(module, attribute, original if translation is None else getattr(translation, method))


# ---------------------------------------------------------------- help, translated when it is shown
# Hangul and the other East Asian wide characters take two columns of a terminal, where textwrap
# (and so click) counts one. widened() follows each with WIDTH_MARK, a zero-width character that
# textwrap takes for part of the word, so that a wrapped line is as wide as it looks; narrowed()
# takes the marks out again. (Neither click nor the standard library wraps by display width.)
WIDTH_MARK = "\u200b"
WIDE = re.compile("([\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6])")


def widened(text: str) -> str:
    return WIDE.sub("\\1" + WIDTH_MARK, text)


def narrowed(text: str) -> str:
    return text.replace(WIDTH_MARK, "")


def display_width(text: str) -> int:
    """The columns `text` takes in a terminal."""
    return len(widened(text))


def fit(text: str, columns: int, align: str = ">") -> str:
    """`text` padded with spaces to `columns` terminal columns: right-aligned (">"), left ("<") or centred ("^")."""
    room = max(0, columns - display_width(text))
    left = {">": room, "<": 0, "^": room // 2}[align]
    return " " * left + text + " " * (room - left)


def wrap(text: str, width: int = 100, **indents) -> str:
    """click.wrap_text, counting a wide character as the two columns it takes."""
    return narrowed(click.wrap_text(widened(text), width=width, **indents))


@contextlib.contextmanager
def translated_help(*holders):
    """For the duration of the block, each holder's .help (and .short_help) in the spoken language,
    widened for click's wrapping (HelpFormatter narrows what it wrote)."""
    saved = []
    for holder in holders:
        for attribute in ("help", "short_help"):
            text = getattr(holder, attribute, None)
            if isinstance(text, str) and text:
                saved.append((holder, attribute, text))
                values = getattr(holder, "help_values", None)
                text = spoken.gettext(inspect.cleandoc(text))
                setattr(holder, attribute, widened(text.format(**values()) if values else text))
    try:
        yield
    finally:
        for holder, attribute, text in saved:
            setattr(holder, attribute, text)


class HelpFormatter(click.HelpFormatter):
    """click's help formatter; the help it wrote without the marks that made it wrap by width."""

    def getvalue(self) -> str:
        return narrowed(super().getvalue())


class Context(click.Context):
    formatter_class = HelpFormatter


class Translated:
    """A click command whose help, options' help and short help are translated as they are shown."""

    context_class = Context

    def format_help(self, ctx, formatter):
        with translated_help(self, *self.get_params(ctx)):
            super().format_help(ctx, formatter)

    def get_short_help_str(self, limit: int = 45) -> str:
        with translated_help(self):   # widened: the group's listing wraps it, and its formatter narrows it
            return super().get_short_help_str(limit)


class Command(Translated, click.Command):
    pass


class Option(click.Option):
    """An option whose help has {placeholders}, filled when it is shown: help_values() gives them."""

    def __init__(self, *args, help_values=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.help_values = help_values


# ---------------------------------------------------------------- the library's messages
LIBRARY_MESSAGES = (
    N_("there is no chapter {number}; the chapters are {numbers}"),
    N_("the path is empty"),
    N_("{path} names a directory, not a file"),
    N_("{path} is not a regular file (a device, FIFO or socket); bpnn writes only regular files"),
    N_("{path}: not a valid bpnn model file: {reason}"),
    N_("{holder}: {count} {things}, more than this machine's memory can hold ({size} GiB: at most {most} {same})"),
    N_("a softmax output needs the cross_entropy loss, not {loss}"),
    N_("the cross_entropy loss needs a softmax output, not {output}"),
    N_("the bce loss needs a sigmoid output, not {output}"),
    N_("{what} has {count} values, the network expects {length}"),
    N_("training diverged at epoch {epoch}: the error is {error}; try a smaller learning rate"),
    N_("training diverged at epoch {epoch}: a weight update would have made a weight or the optimizer's state "
       "infinite or NaN, and was undone; try a smaller learning rate"),
    N_("the mini-batch size must lie between 1 and the {points} points (both excluded), got {size}"),
    N_("the inputs must be one of XOR's 0,0 0,1 1,0 1,1 to take XOR's target; got {inputs}: give the targets too"),
    N_("tutorial {tutorial} ran {command} on {cases}, not on {case}"),
    N_("tutorial {tutorial} has no run of {command}; tutorials with one: {numbers}"),
)


def _pattern(msgid: str) -> re.Pattern:
    """The English message `msgid` as a regular expression, each {placeholder} a named group."""
    parts = re.split(r"\{(\w+)\}", msgid)
    pattern = "".join(re.escape(part) if k % 2 == 0 else f"(?P<{part}>.+?)" for k, part in enumerate(parts))
    return re.compile(pattern + r"\Z", re.DOTALL)


_PATTERNS = [(msgid, _pattern(msgid)) for msgid in LIBRARY_MESSAGES]


def library_message(message: str) -> str:
    """A message of the library (English, with its values in it) in the spoken language, when it
    is one of LIBRARY_MESSAGES; any other stays as the library wrote it."""
    for msgid, pattern in _PATTERNS:
        found = pattern.match(message)
        if found:
            return _(msgid, **found.groupdict())
    return message
