"""bpnn in Korean beside English: complete catalogs that match their sources and compiled copies, the
glossary's terms in every translation, the language chosen as gettext would, the same numbers and the
same --json in both languages, Korean help and usage errors, and pictures and pages that draw Hangul."""
import hashlib
import inspect
import json
import pathlib
import re
import shutil
import string
import warnings

import click
import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po
from click.testing import CliRunner

from bpnn import NeuralNetwork, storage
from bpnn.cli import language, main
from bpnn.course import contents, language as spoken, tutorials
from bpnn.course.ch06_trace import xor_targets
from bpnn.course.ch10_descent import descent
from bpnn.validation import check_epoch_error, check_fits, check_update

ROOT = pathlib.Path(__file__).resolve().parent.parent
LOCALE = ROOT / "cli" / "locale"
DOMAINS = ("bpnn", "click")
HANGUL = re.compile("[\uac00-\ud7a3]")
EXTRACTION = "pybabel extract (the commands in bpnn/cli/language.py's docstring), then pybabel update and compile"


def po(domain: str):
    with open(LOCALE / "ko" / "LC_MESSAGES" / f"{domain}.po", "rb") as file:
        return read_po(file, locale="ko")


def messages(catalog) -> dict:
    """msgid -> msgstr (tuples for plural messages), without the header."""
    as_key = lambda text: tuple(text) if isinstance(text, list) else text  # noqa: E731
    return {as_key(message.id): as_key(message.string) for message in catalog if message.id}


def extracted(domain: str) -> set:
    """The msgids pybabel extracts now from the sources (bpnn's own: bpnn/ and cli/ with
    cli/locale/babel.cfg; click's: the installed click)."""
    if domain == "bpnn":
        from babel.messages.frontend import parse_mapping_cfg
        with open(LOCALE / "babel.cfg") as file:
            method_map, options_map = parse_mapping_cfg(file)
        keywords = {"_": None, "N_": None, "tr": None}
        found = set()
        for folder in ("bpnn", "cli"):
            for _path, _line, message, _comments, _context in extract_from_dir(
                    ROOT / folder, method_map, options_map, keywords=keywords):
                found.add(message)
        return found
    directory = pathlib.Path(click.__file__).parent
    return {message for _path, _line, message, _comments, _context in extract_from_dir(directory)}


# ---------------------------------------------------------------- the catalogs
@pytest.mark.parametrize("domain", DOMAINS)
def test_every_message_in_the_sources_has_a_korean_translation(domain):
    """A string marked in the sources (or a command's docstring) without a translation fails here,
    and so does a translation whose English the sources no longer have."""
    translated = messages(po(domain))
    now = extracted(domain)
    untranslated = sorted(str(m) for m in now if not translated.get(m) or translated[m] in ("", ("",)))
    stale = sorted(str(m) for m in translated if m not in now)
    assert not untranslated, f"{len(untranslated)} messages without a Korean translation ({EXTRACTION}): " \
        + "; ".join(m[:80] for m in untranslated[:20])
    assert not stale, f"{len(stale)} translations of messages the sources no longer have: " \
        + "; ".join(m[:80] for m in stale[:20])


def test_no_text_to_translate_hides_inside_an_f_string():
    """pybabel cannot see into an f-string: a _("...") there would never reach the catalog (a
    _(name) of a text marked elsewhere is fine)."""
    import ast
    hidden = []
    for path in sorted((ROOT / "bpnn").rglob("*.py")) + sorted((ROOT / "cli").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.JoinedStr):
                hidden += [f"{path.relative_to(ROOT)}:{call.lineno}" for call in ast.walk(node)
                           if isinstance(call, ast.Call) and getattr(call.func, "id", "") in ("_", "N_", "gettext")
                           and call.args and isinstance(call.args[0], ast.Constant)]
    assert not hidden, hidden


@pytest.mark.parametrize("domain", DOMAINS)
def test_the_template_is_the_sources(domain):
    with open(LOCALE / f"{domain}.pot", "rb") as file:
        template = {message.id for message in read_po(file) if message.id}
    assert template == extracted(domain), f"{domain}.pot is stale: {EXTRACTION}"


@pytest.mark.parametrize("domain", DOMAINS)
def test_each_compiled_catalog_is_its_po(domain):
    with open(LOCALE / "ko" / "LC_MESSAGES" / f"{domain}.mo", "rb") as file:
        compiled = messages(read_mo(file))
    assert compiled == messages(po(domain)), f"{domain}.mo differs from {domain}.po: pybabel compile"


def fields(text: str) -> set:
    """The {placeholders} of a str.format string, and the %(name)s of a %-format one."""
    names = {name for _literal, name, _spec, _conversion in string.Formatter().parse(text) if name is not None}
    return names | set(re.findall(r"%\((\w+)\)", text))


@pytest.mark.parametrize("domain", DOMAINS)
def test_placeholders_match_between_english_and_korean(domain):
    wrong = []
    for msgid, msgstr in messages(po(domain)).items():
        if isinstance(msgid, tuple):   # Korean has one plural form, for both English ones
            if not fields(msgstr[0]) <= fields(msgid[0]) | fields(msgid[1]):
                wrong.append(msgid[1])
        elif fields(msgstr) != fields(msgid):
            wrong.append(msgid)
    assert not wrong, wrong


# the translations with no Hangul in them: formulas, separators and click's names, the same in Korean
LATIN_ONLY = {"{heading}:", "; ", "d", "Choice({choices})"}


@pytest.mark.parametrize("domain", DOMAINS)
def test_every_translation_is_korean(domain):
    latin = [msgid for msgid, msgstr in messages(po(domain)).items()
             if not HANGUL.search(msgstr if isinstance(msgstr, str) else msgstr[0]) and msgid not in LATIN_ONLY]
    assert not latin, latin


# ---------------------------------------------------------------- the glossary
def glossary() -> dict:
    """English term -> the Korean renderings docs/glossary.md allows (its table's first two columns;
    '(...)' explains, ' / ' separates forms)."""
    terms = {}
    for line in (ROOT / "docs" / "glossary.md").read_text(encoding="utf-8").splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) < 3 or not line.startswith("| ") or cells[0] in ("English term", "---"):
            continue
        english = re.sub(r"\s*\(.*\)", "", cells[0].replace("\\|", ""))
        for term in english.split(" / "):
            terms.setdefault(term.strip().lower(), set()).update(k.strip() for k in cells[1].split(" / "))
    return terms


# where the glossary's term is not the right word, and why
GLOSSARY_EXCEPTIONS = {
    "Step through the epochs: the confusion matrix fills its diagonal as the test accuracy climbs, and the "
    "misclassified digits that remain are the hard ones.": "'step through' is a verb here: 넘겨 보다",
    "no font with Hangul found: the picture's labels are in English (apt-get install fonts-noto-cjk)":
        "a picture's labels are its words (글자), not a data set's labels (레이블)",
}
# tokens that are code, options or formulas, not words: --options, names with _ . ( [ / ^ or =, {placeholders}
CODE = re.compile(r"--[\w-]+(?: [\w,.-]+)?|\{[^}]*\}|\S*[_./(=^\[]\S*")


def missing_terms(msgid: str, msgstr: str, terms: dict) -> list:
    """The glossary's English terms in msgid (as words, longest first, each occurrence used once)
    whose Korean is not in msgstr; a term left in Latin in msgstr is code (an option's value, a name)."""
    text = CODE.sub(" ", msgid)
    missing = []
    for term in sorted(terms, key=len, reverse=True):
        pattern = re.compile(r"\b" + re.escape(term) + r"(?:s|es)?\b", re.IGNORECASE)
        if not pattern.search(text):
            continue
        text = pattern.sub(" ", text)
        latin = re.compile(r"(?<![A-Za-z])" + re.escape(term) + r"(?:s|es)?(?![A-Za-z])", re.IGNORECASE)
        if not any(korean in msgstr for korean in terms[term]) and not latin.search(msgstr):
            missing.append(f"{term} -> {' / '.join(sorted(terms[term]))}")
    return missing


def test_the_glossary_has_the_terms_the_issue_names():
    terms = glossary()
    for english, korean in (("weight", "가중치"), ("loss", "손실"), ("learning rate", "학습률"),
                            ("backpropagation", "역전파"), ("gradient descent", "경사 하강법"),
                            ("activation function", "활성화 함수"), ("hidden layer", "은닉층")):
        assert korean in terms[english], english


def test_every_translation_uses_the_glossarys_terms():
    terms = glossary()
    wrong = {}
    for domain in DOMAINS:
        for msgid, msgstr in messages(po(domain)).items():
            if isinstance(msgid, tuple):
                msgid, msgstr = msgid[0], msgstr[0]
            if msgid in GLOSSARY_EXCEPTIONS:
                continue
            missing = missing_terms(msgid, msgstr, terms)
            if missing:
                wrong[msgid[:70]] = missing
    assert not wrong, json.dumps(wrong, ensure_ascii=False, indent=1)


def test_the_glossary_check_finds_a_wrong_term():
    terms = glossary()
    assert missing_terms("the gradient of each layer", "각 레이어의 그래디언트", terms) == \
        ["gradient -> 기울기", "layer -> 계층"]
    assert missing_terms("the hidden layer's bias", "은닉층의 편향", terms) == []
    assert missing_terms("--optimizer sgd and the seed", "--optimizer sgd와 시드", terms) == []


# ---------------------------------------------------------------- choosing the language
@pytest.mark.parametrize("environ, chosen", [
    ({}, "en"), ({"LANG": "ko_KR.UTF-8"}, "ko"), ({"LANG": "C"}, "en"), ({"LANG": "en_US.UTF-8"}, "en"),
    ({"LC_MESSAGES": "ko_KR", "LANG": "C"}, "ko"), ({"LC_ALL": "C", "LC_MESSAGES": "ko_KR"}, "en"),
    ({"LC_ALL": "ko_KR.UTF-8", "LANG": "en_US"}, "ko"), ({"LANGUAGE": "ko:en", "LANG": "C"}, "ko"),
    ({"LANGUAGE": "en", "LC_ALL": "ko_KR"}, "en"), ({"LANGUAGE": "", "LANG": "ko"}, "ko")])
def test_the_locale_chooses_the_language_in_gettexts_order(environ, chosen):
    assert language.from_environment(environ) == chosen


def run(arguments, env=None):
    result = CliRunner().invoke(main, [str(argument) for argument in arguments], prog_name="bpnn", env=env)
    assert result.exit_code == 0, result.output
    return result.output


KOREAN = {"LANG": "ko_KR.UTF-8"}


def test_lang_wins_over_the_locale():
    assert not HANGUL.search(run(["--lang", "en", "wired"], env=KOREAN))
    assert HANGUL.search(run(["--lang", "ko", "wired"], env={"LANG": "C"}))
    assert HANGUL.search(run(["wired"], env=KOREAN))
    assert not HANGUL.search(run(["wired"]))
    assert HANGUL.search(run(["--help", "--lang", "ko"]))   # however late on the line


def test_a_run_in_korean_leaves_english_behind_it():
    run(["--lang", "ko", "gate", "and"])
    assert spoken.language() == "en" and spoken.gettext("Loss") == "Loss"
    assert CliRunner().invoke(main, ["gate", "nor"]).output.startswith("Error: Invalid value for 'NAME'")
    assert spoken.language() == "en" and not HANGUL.search(run(["gate", "and"]))


# ---------------------------------------------------------------- the same numbers, in Korean
NUMBER = re.compile(r"-?\d+(?:\.\d+)?(?:e[-+]?\d+)?%?")
# quick runs of every command without a clock in their output (digits and descent print seconds)
RUNS = {
    "course": ["course"], "course-3": ["course", "3"], "course-11": ["course", "11"],
    "perceptron": ["perceptron", "xor"], "perceptron-delta": ["perceptron", "and", "--rule", "delta"],
    "gate": ["gate", "and", "--tutorial", "1"], "gate-xor": ["gate", "xor"], "wired": ["wired"],
    "activations": ["activations"], "losses": ["losses"],
    "trace": ["trace"], "trace-adam": ["trace", "--optimizer", "adam", "--loss", "bce", "--output", "sigmoid",
                                       "--hidden", "3,2", "--bias", "every"],
    "trace-mse": ["trace", "--output", "sigmoid", "--loss", "mse", "--inputs", "1,0", "--optimizer", "sgd",
                  "--momentum", "0.9", "--bias", "none"],
    "gradcheck": ["gradcheck"], "xor": ["xor", "--tutorial", "4", "--epochs", "300"],
    "vanish": ["vanish", "--hidden", "8,4", "--epochs", "40", "--tutorial", "1"],
    "approx": ["approx", "--samples", "2000"], "approx-sweep": ["approx", "--hidden", "2,6", "--samples", "1500"],
    "optimizers": ["optimizers", "--epochs", "12", "--flip-epochs", "40"],
    "dropout": ["dropout", "--epochs", "60", "--hidden", "8", "--backend", "python"],
}


def numbers(text: str) -> list:
    return sorted(NUMBER.findall(text))


@pytest.mark.parametrize("name", RUNS)
def test_each_command_in_korean_prints_hangul_and_the_same_numbers(name):
    english = run(RUNS[name])
    by_locale = run(RUNS[name], env=KOREAN)
    by_option = run(["--lang", "ko", *RUNS[name]])
    assert by_locale == by_option
    assert len(HANGUL.findall(by_locale)) > 10
    assert numbers(by_locale) == numbers(english)


JSON_RUNS = {name: arguments for name, arguments in RUNS.items() if name not in ("course-3", "course-11")}
JSON_RUNS.update({"course-3": ["course", "3"], "descent": ["descent", "--epochs", "3"]})


@pytest.mark.parametrize("name", JSON_RUNS)
def test_json_is_byte_identical_in_both_languages(name):
    arguments = [*JSON_RUNS[name], "--json"]
    english = run(arguments)
    if name == "descent":   # the one run whose --json holds the clock's seconds: compare all else
        english, korean = (json.loads(text) for text in (english, run(["--lang", "ko", *arguments])))
        for data in (english, korean):
            for run_data in data["runs"]:
                run_data.pop("seconds"), run_data.pop("training_seconds")
        assert english == korean
        return
    assert run(arguments, env=KOREAN) == english
    assert run(["--lang", "ko", *arguments]) == english
    assert not HANGUL.search(english)


# ---------------------------------------------------------------- help and errors
@pytest.mark.parametrize("command", sorted(main.commands))
def test_every_commands_help_is_korean(command):
    text = run(["--lang", "ko", command, "--help"])
    assert text.startswith("사용법: bpnn")
    assert "옵션:" in text and "예:" in text
    language.install("ko")
    help_text = spoken.gettext(inspect.cleandoc(main.commands[command].help))
    language.install("en")
    assert HANGUL.search(help_text) and help_text.split()[0] in text
    # every option's help, in Korean (its first word is shown, however the line is wrapped)
    language.install("ko")
    try:
        for param in main.commands[command].params:
            if getattr(param, "help", None):
                translated = spoken.gettext(param.help)
                assert HANGUL.search(translated), f"--{param.name}: {param.help}"
                assert translated.split()[0].split("(")[0] in text, param.name
    finally:
        language.install("en")


def test_the_groups_help_and_listing_are_korean():
    text = run(["--lang", "ko", "--help"])
    assert "명령:" in text and "이 도움말을 보이고 끝낸다." in text and "버전을 보이고 끝낸다." in text
    language.install("ko")
    try:
        shorts = {name: spoken.gettext(command.short_help) for name, command in main.commands.items()}
    finally:
        language.install("en")
    for name, short in shorts.items():
        assert HANGUL.search(short), name
        assert f"  {name}" in text and short.split()[0] in text, name


@pytest.mark.parametrize("arguments, words", [
    (["xor", "--lr", "-1"], "범위"), (["gate", "nor"], "가운데 하나여야"), (["xor", "--bogus"], "그런 옵션은 없습니다"),
    (["gate"], "빠진 인자"), (["course", "99"], "99장은 없습니다"), (["xor", "--hidden", "2,x"], "너비"),
    (["trace", "--inputs", "0.5,1"], "목푯값도 주십시오"), (["xor", "--output", "softmax"], "cross_entropy 손실"),
    (["gate", "and", "--tutorial", "2"], "'1' 가운데 하나여야"), (["--lang", "fr"], "가운데 하나여야"),
    (["nosuchcommand"], "그런 명령은 없습니다")])
def test_a_usage_error_in_korean_exits_2_with_one_line(arguments, words):
    result = CliRunner().invoke(main, arguments, prog_name="bpnn", env=KOREAN)
    assert result.exit_code == 2, result.output
    assert result.output.count("\n") == 1 and result.output.startswith("오류: "), result.output
    assert words in result.output and "--help' 참고)" in result.output


def test_a_runtime_failure_in_korean_exits_1_with_one_line(tmp_path):
    model = tmp_path / "model.json"
    model.write_text("{not json")
    result = CliRunner().invoke(main, ["--lang", "ko", "xor", "--load", model], prog_name="bpnn")
    assert result.exit_code == 1 and result.output.count("\n") == 1
    assert "올바른 bpnn 모델 파일이 아닙니다" in result.output


# ---------------------------------------------------------------- the library's messages
def raised(call) -> str:
    with pytest.raises((ValueError, FloatingPointError)) as error:
        call()
    return str(error.value)


def library_errors(tmp_path):
    """A real message of the library for each of bpnn.cli.language.LIBRARY_MESSAGES, in order."""
    corrupt = tmp_path / "corrupt.json"
    corrupt.write_text("[]")
    network = NeuralNetwork([2, 2, 1])
    return [
        raised(lambda: contents.chapter(99)),
        raised(lambda: storage.check_target("")),
        raised(lambda: storage.check_target(str(tmp_path))),
        raised(lambda: storage.check_target("/dev/null")),
        raised(lambda: NeuralNetwork.load(corrupt)),
        raised(lambda: check_fits(10**18, "weights", 8, "a network of sizes [2, 1]")),
        raised(lambda: NeuralNetwork([2, 2, 1], output="softmax", loss="half_sse")),
        raised(lambda: NeuralNetwork([2, 2, 1], output="sigmoid", loss="cross_entropy")),
        raised(lambda: NeuralNetwork([2, 2, 1], output="tanh", loss="bce")),
        raised(lambda: network.forward([1.0, 2.0, 3.0])),
        raised(lambda: check_epoch_error(3, float("nan"))),
        raised(lambda: check_update(False, 3)),
        raised(lambda: descent(n_points=48, mini_batch=48, epochs=1)),
        raised(lambda: xor_targets([0.5, 1.0])),
        raised(lambda: tutorials.tutorial_run("gate", 1, "nand")),
        raised(lambda: tutorials.tutorial_run("gate", 3)),
    ]


def test_the_library_messages_the_cli_translates_are_the_librarys_own(tmp_path):
    """Each msgid of LIBRARY_MESSAGES matches a message the library really raises (a change of the
    library's wording fails here), and comes out in Korean with the library's values in it."""
    errors = library_errors(tmp_path)
    assert len(errors) == len(language.LIBRARY_MESSAGES)
    language.install("ko")
    try:
        for message, msgid in zip(errors, language.LIBRARY_MESSAGES):
            assert language._pattern(msgid).match(message), (msgid, message)
            korean = language.library_message(message)
            assert HANGUL.search(korean), message
            assert numbers(korean) == numbers(message) or msgid.startswith("{holder}"), (message, korean)
    finally:
        language.install("en")
    assert language.library_message(errors[0]) == errors[0]   # English: as the library wrote it


# ---------------------------------------------------------------- pictures and pages
def test_a_hangul_font_is_found_for_the_pictures():
    pytest.importorskip("matplotlib")
    from bpnn.course import plots
    assert plots.hangul_font() is not None, "no Hangul font: apt-get install fonts-noto-cjk (.ci/run does)"


@pytest.mark.parametrize("arguments", [["xor", "--epochs", "50"], ["perceptron", "xor"], ["activations"],
                                       ["losses"], ["approx", "--samples", "500"]])
def test_a_korean_plot_draws_every_letter(tmp_path, arguments):
    """matplotlib warns "Glyph ... missing from font(s)" for every letter it draws as an empty box."""
    pytest.importorskip("matplotlib")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        run(["--lang", "ko", *arguments, "--plot", tmp_path / "plot.png"])
    missing = [str(warning.message) for warning in caught if "missing from" in str(warning.message)]
    assert not missing, missing[:3]
    assert (tmp_path / "plot.png").stat().st_size > 10_000


def test_without_a_hangul_font_the_picture_is_english_and_says_so(tmp_path, monkeypatch):
    pytest.importorskip("matplotlib")
    from bpnn.course import plots
    monkeypatch.setattr(plots, "hangul_font", lambda: None)
    titles = []
    original = plots._loss_curve

    def recording(axes, *args, **kwargs):
        original(axes, *args, **kwargs)
        titles.append(axes.get_ylabel())
    monkeypatch.setattr(plots, "_loss_curve", recording)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = CliRunner().invoke(main, ["--lang", "ko", "xor", "--epochs", "20", "--plot", tmp_path / "x.png"])
    assert result.exit_code == 0
    assert "한글 글꼴이 없어 그림의 글자는 영어로 씁니다" in result.output
    assert titles == ["error"] and not [w for w in caught if "missing from" in str(w.message)]
    assert HANGUL.search(result.output.splitlines()[-1])   # the run itself still speaks Korean


def test_a_korean_page_holds_korean_words(tmp_path):
    path = tmp_path / "xor.html"
    run(["--lang", "ko", "xor", "--epochs", "30", "--html", path, "-q"])
    text = path.read_text(encoding="utf-8")
    assert '<html lang="ko">' in text and "<title>XOR: 2-2-1 신경망이 학습한다</title>" in text
    from bpnn.course import pages
    data = pages.inlined_data(text)
    assert data["words"]["The network"] == "신경망" and data["epoch_name"] == "에폭"
    english = tmp_path / "english.html"
    run(["xor", "--epochs", "30", "--html", english, "-q"])
    assert '<html lang="en">' in english.read_text() and "words" not in pages.inlined_data(english.read_text())


def test_the_pages_words_are_the_ones_pybabel_extracts():
    """pages.page_words() finds page.js's tr("...") texts by a regular expression: the same ones."""
    from bpnn.course import pages
    language.install("ko")
    try:
        words = pages.page_words()
    finally:
        language.install("en")
    with open(LOCALE / "bpnn.pot", "rb") as file:
        from_script = {m.id for m in read_po(file) if any("page.js" in where for where, _ in m.locations)}
    assert set(words) == from_script


CHROMIUM = shutil.which("chromium")


@pytest.mark.skipif(CHROMIUM is None, reason="needs Debian's chromium (apt-get install chromium), which .ci/run installs")
@pytest.mark.parametrize("arguments", [["xor", "--epochs", "60"], ["trace"], ["perceptron", "and"]])
def test_a_browser_draws_a_korean_pages_hangul(tmp_path, arguments):
    """The page's font stack has a font with Hangul: page.html#check draws 가, 나 and a character no
    font has (U+E000) on a canvas in the page's font; empty boxes would all be alike."""
    from test_pages import render
    page = tmp_path / "page.html"
    run(["--lang", "ko", *arguments, "--html", page, "-q"])
    _image, dom = render(page, tmp_path)
    assert 'data-hangul="drawn"' in dom
    errors = re.search(r'<div id="errors"([^>]*)>(.*?)</div>', dom, re.DOTALL)
    assert "hidden" in errors.group(1) and errors.group(2) == ""
    assert "신경망" in dom


# ---------------------------------------------------------------- README.ko.md
README, KOREAN_README = ROOT / "README.md", ROOT / "README.ko.md"
RECORDED = re.compile(r"<!-- translates README\.md sha256 ([0-9a-f]{64}) -->")


def code_blocks(text: str) -> list:
    return re.findall(r"```[a-z]*\n(.*?)```", text, re.DOTALL)


def commands(text: str) -> list:
    """Every bpnn command the file shows, in code blocks and in `code` spans, in order."""
    found = []
    for block in code_blocks(text):
        found += [line.split("#")[0].strip() for line in block.splitlines() if line.strip().startswith("bpnn ")]
    return found + re.findall(r"`(bpnn [^`]*)`", re.sub(r"```.*?```", "", text, flags=re.DOTALL))


def test_the_korean_readme_is_linked_from_the_top_of_the_readme():
    assert "README.ko.md" in "\n".join(README.read_text(encoding="utf-8").splitlines()[:5])
    assert "README.md" in "\n".join(KOREAN_README.read_text(encoding="utf-8").splitlines()[:5])


def test_the_korean_readme_translates_the_current_readme():
    recorded = RECORDED.search(KOREAN_README.read_text(encoding="utf-8"))
    current = hashlib.sha256(README.read_bytes()).hexdigest()
    assert recorded and recorded.group(1) == current, (
        "README.md changed since README.ko.md translated it: bring the change into README.ko.md, then record "
        f"README.md's new hash in its first lines: <!-- translates README.md sha256 {current} -->")


def test_both_readmes_show_the_same_commands_and_code():
    english, korean = README.read_text(encoding="utf-8"), KOREAN_README.read_text(encoding="utf-8")
    assert commands(korean) == commands(english)
    # the code blocks, but for their comments (a '#' at a line's start or after a space, to the line's end)
    strip = lambda block: [re.sub(r"(^|\s)#.*", "", line).rstrip() for line in block.splitlines()]  # noqa: E731
    assert [strip(block) for block in code_blocks(korean)] == [strip(block) for block in code_blocks(english)]
