"""The product calls its five source texts "the tutorials" (tutorial 1 to 5), never "seeds": users have
no such files, and the word is the option --seed's."""
import pathlib
import re

from click.testing import CliRunner

from bpnn.cli import main

ROOT = pathlib.Path(__file__).resolve().parent.parent
SEED_FOR_A_TUTORIAL = re.compile(r"seeds?\s+00[0-4]|seeds'|\bthe\s+seeds\b|seed's\s+(setting|function|weights|net|table)"
                                 r"|shared/seeds", re.IGNORECASE)


def user_facing_files():
    for folder in ("bpnn", "cli", "kernels"):
        yield from sorted((ROOT / folder).rglob("*.py"))
        yield from sorted((ROOT / folder).rglob("*.md"))
    yield from sorted(ROOT.glob("README*.md"))


def test_no_source_text_calls_a_tutorial_a_seed():
    found = [f"{path.relative_to(ROOT)}:{number}: {line.strip()}" for path in user_facing_files()
             for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
             if SEED_FOR_A_TUTORIAL.search(line)]
    assert not found, "\n".join(found)


def test_no_help_calls_a_tutorial_a_seed():
    runner = CliRunner()
    texts = {"bpnn": runner.invoke(main, ["--help"]).output}
    for name in main.commands:
        texts[name] = runner.invoke(main, [name, "--help"]).output
    assert all("Usage:" in text for text in texts.values())
    found = [name for name, text in texts.items() if SEED_FOR_A_TUTORIAL.search(text)]
    assert not found, f"the help of {found} calls a tutorial a seed"


def test_the_pattern_finds_what_it_looks_for():
    for text in ("as seed 000 trains it", "the seeds' setting", "Seed 003's weights", "../shared/seeds/"):
        assert SEED_FOR_A_TUTORIAL.search(text), text
    for text in ("--seed 0", "seed=0", "the same seed gives the same weights", "random.Random(seed)"):
        assert not SEED_FOR_A_TUTORIAL.search(text), text
