"""The language the course speaks: English, unless the `bpnn` command installs a translation.

Every sentence, heading and label the course shows a reader (the commands' output, `bpnn course`,
the pictures and the pages) is written in English in the source and marked in one of two ways:

    _("loss after {epochs} epochs", epochs=epochs)   translated and filled in where it is shown
    N_("Logic gates: one unit learns AND ...")        only marked: a table of text (contents.py,
                                                      tutorials.py) keeps its English, and the
                                                      code that prints it calls gettext() on it

pybabel finds both markers and extracts the English into the catalog's template
(bpnn/cli/locale/bpnn.pot); the Korean lives in bpnn/cli/locale/ko/LC_MESSAGES/bpnn.po, compiled
to bpnn.mo. bpnn.cli.language chooses the language and calls install(); without it, as when
bpnn is imported as a library, the translation is gettext's NullTranslations and everything
stays English. --json output never goes through here: its keys and values are the same in
every language.
"""
import gettext as _gettext

_translation: _gettext.NullTranslations = _gettext.NullTranslations()


def install(translation: _gettext.NullTranslations) -> None:
    """Speak `translation`'s language from now on (gettext.NullTranslations(): English)."""
    global _translation
    _translation = translation


def current() -> _gettext.NullTranslations:
    """The translation spoken now (to put back later: install(current()))."""
    return _translation


def language() -> str:
    """The code of the language spoken now: "en", or the catalog's own ("ko")."""
    return _translation.info().get("language", "en") or "en"


def N_(message: str) -> str:
    """Mark `message` for extraction and return it unchanged; it is translated where it is shown."""
    return message


def gettext(message: str) -> str:
    """`message` in the language spoken now (itself when the catalog has no translation of it)."""
    return _translation.gettext(message)


def _(message: str, /, **values) -> str:
    """`message` in the language spoken now, its {placeholders} filled in from `values`
    (str.format, so a placeholder may carry a format spec: {loss:.6f})."""
    text = _translation.gettext(message)
    return text.format(**values) if values else text
