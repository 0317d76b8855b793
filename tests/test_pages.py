"""The pages of `--html`: what they hold is the run's exact record, they name no address, they stay
small, a real browser draws them without a JavaScript error, and recording changes no bit of training."""
import json
import pathlib
import re
import shutil
import subprocess

import pytest

from bpnn.course import ch08_xor, ch09_vanish, pages
from test_datasets import MNIST_DIR
from helpers import run

MNIST = pathlib.Path(MNIST_DIR)
CHROMIUM = shutil.which("chromium")
needs_chromium = pytest.mark.skipif(CHROMIUM is None, reason="needs Debian's chromium (apt-get install chromium), "
                                                                "which .ci/run installs")
# the default runs; the slow ones are checked in full by test_every_default_page_stays_small
FAST_DEFAULTS = {"xor": ["xor"], "gate": ["gate", "and"], "approx": ["approx"], "trace": ["trace"],
                 "perceptron": ["perceptron"]}
SLOW_DEFAULTS = {"vanish": ["vanish"], "digits": ["digits"]}
# a page of every type, quickly: the slow defaults with fewer epochs
PAGE_TYPES = {**FAST_DEFAULTS, "gate-xor": ["gate", "xor"], "vanish": ["vanish", "--epochs", "60"],
              "digits": ["digits", "--epochs", "4"], "trace": ["trace"],
              "perceptron-xor": ["perceptron", "xor"], "perceptron-delta": ["perceptron", "and", "--rule", "delta"],
              "digits-too-wide": ["digits", "--hidden", "1200", "--epochs", "2"],   # no weights kept, as MNIST's
              "trace-deep-adam": ["trace", "--hidden", "3,2", "--bias", "every", "--activation", "relu", "--output",
                                  "sigmoid", "--loss", "bce", "--optimizer", "adam", "--steps-before", "3"],
              "trace-sgd-mse": ["trace", "--bias", "none", "--activation", "sigmoid", "--output", "linear", "--loss",
                                "mse", "--optimizer", "sgd", "--momentum", "0.9", "--steps-before", "2"]}


def write_page(tmp_path, arguments, name="page.html", more=()):
    path = tmp_path / name
    result = run(*arguments, "--html", path, "-q", *more)
    assert result.exit_code == 0, result.output
    return path


# ---------------------------------------------------------------- what a page holds
def test_snapshot_epochs_are_few_and_keep_the_ends():
    for total, count in [(1000, 200), (1000, 8), (30, 7), (100, 101), (5, 2), (1, 2)]:
        epochs = pages.snapshot_epochs(total, count)
        assert epochs == sorted(set(epochs)) and len(epochs) <= count
        assert epochs[0] == 0 and epochs[-1] == total
        assert total < 2 or count < 3 or epochs[1] == 1
    assert pages.snapshot_epochs(100, 200) == list(range(101))
    assert len(pages.snapshot_epochs(1000, 200)) >= 190   # nearly all of the slider's positions are used


def test_the_inlined_json_is_the_recorded_run():
    recorder = pages.Recorder(300)
    result = ch08_xor.xor(epochs=300, momentum=0.4, callback=recorder, before_training=recorder.follow)
    text = pages.xor_page(result, recorder, {"epochs": 300})
    data = pages.inlined_data(text)
    snapshots = data["runs"][0]["snapshots"]
    assert [(s["epoch"], s["weights"]) for s in snapshots] == recorder.runs[0]   # every float, exactly
    assert snapshots[-1]["weights"] == result.network.weights
    assert data["runs"][0]["losses"]["training"] == result.errors
    assert [s["epoch"] for s in snapshots] == pages.snapshot_epochs(300, 200)
    # each snapshot's truth table is the textbook's output at those weights
    assert [row[0] for row in snapshots[-1]["outputs"]] == [row.output for row in result.table]


def test_the_cli_page_ends_on_the_saved_network(tmp_path):
    path = write_page(tmp_path, ["xor", "--epochs", 400], more=["--save", tmp_path / "model.json"])
    data = pages.inlined_data(path.read_text(encoding="utf-8"))
    model = json.loads((tmp_path / "model.json").read_text())
    assert data["runs"][0]["snapshots"][-1]["weights"] == model["weights"]
    assert data["runs"][0]["snapshots"][-1]["epoch"] == 400
    assert data["title"].startswith("XOR") and data["settings"]["epochs"] == 400
    text = path.read_text(encoding="utf-8")
    assert "<title>XOR: the 2-2-1 network learns</title>" in text and "epochs 400" in text


def test_a_script_end_inside_the_data_cannot_close_it():
    text = pages.page("</script><b>", {}, "a < b", {"runs": [], "note": "</script>"})
    assert pages.inlined_data(text)["note"] == "</script>"
    assert text.count("</script>") == 3   # the error handler, the data, page.js: none from the data


def assert_no_address(text: str) -> None:
    """Nothing in the page can make a browser fetch anything: no URL with a scheme or //, no
    src or href attribute, no CSS url() or @import, no <link>."""
    assert not re.search(r"https?:|ftp:|//[a-z0-9.-]+\.[a-z]{2,}/", text, re.IGNORECASE)
    assert not re.search(r"\b(src|href)\s*=", text, re.IGNORECASE)
    assert not re.search(r"(?<![A-Za-z])url\(|@import|<link|<iframe|<img|fetch\(|XMLHttpRequest|import\(", text, re.IGNORECASE)


@pytest.mark.parametrize("name", FAST_DEFAULTS)
def test_default_pages_name_no_address_and_stay_small(tmp_path, name):
    text = write_page(tmp_path, FAST_DEFAULTS[name]).read_text(encoding="utf-8")
    assert_no_address(text)
    assert len(text.encode()) < pages.PAGE_LIMIT


@pytest.mark.slow  # vanish (3 x 1000 epochs of a 2-64-32-16-1 net in the textbook) and digits: about 15 s
@pytest.mark.parametrize("name", SLOW_DEFAULTS)
def test_every_default_page_stays_small(tmp_path, name):
    text = write_page(tmp_path, SLOW_DEFAULTS[name]).read_text(encoding="utf-8")
    assert_no_address(text)
    assert len(text.encode()) < pages.PAGE_LIMIT
    snapshots = pages.inlined_data(text)["runs"][0]["snapshots"]
    assert 5 <= len(snapshots) <= pages.MAX_SNAPSHOTS and "weights" in snapshots[-1]


@pytest.mark.slow  # the default MNIST run: about 4 minutes on 2 cores
@pytest.mark.skipif(not MNIST.is_dir(), reason=f"needs the MNIST files in {MNIST}")
def test_the_mnist_page_stays_small_without_its_weights(tmp_path):
    text = write_page(tmp_path, ["mnist", "--data", MNIST]).read_text(encoding="utf-8")
    assert_no_address(text)
    assert len(text.encode()) < pages.PAGE_LIMIT
    snapshots = pages.inlined_data(text)["runs"][0]["snapshots"]
    assert len(snapshots) == 16 and "weights" not in snapshots[-1]
    assert len(snapshots[-1]["predictions"]) == 10000


def test_the_perceptron_page_holds_its_weights_after_every_epoch():
    from bpnn.course import ch01_perceptron
    result = ch01_perceptron.perceptron("xor")
    data = pages.inlined_data(pages.perceptron_page(result, {}))
    snapshots = data["runs"][0]["snapshots"]
    assert [s["epoch"] for s in snapshots] == list(range(len(result.epochs) + 1))
    assert snapshots[0]["weights"] == [[[w] for w in result.initial_weights]]
    assert [s["weights"] for s in snapshots[1:]] == [[[[w] for w in record.weights]] for record in result.epochs]
    assert data["runs"][0]["losses"]["training"] == [record.mistakes for record in result.epochs]
    assert snapshots[-1]["outputs"] == [[float(answer.output)] for answer in result.answers]


def test_the_trace_page_holds_the_traced_step(tmp_path):
    arguments = ["trace", "--hidden", "3", "--optimizer", "adam", "--steps-before", "2"]
    data = pages.inlined_data(write_page(tmp_path, arguments).read_text(encoding="utf-8"))
    result = run(*arguments, "--json")
    traced = json.loads(result.stdout)
    assert data["trace"] == {key: value for key, value in traced.items() if key != "command"}
    before, after = data["runs"][0]["snapshots"][0], data["runs"][0]["snapshots"][-1]
    assert before["weights"] == [layer["weights"] for layer in traced["layers"]]
    assert after["weights"] == [layer["new_weights"] for layer in traced["layers"]]


def test_a_network_too_large_keeps_its_predictions_not_its_weights(tmp_path):
    text = write_page(tmp_path, ["digits", "--hidden", 1200, "--epochs", 2]).read_text(encoding="utf-8")
    assert len(text.encode()) < pages.PAGE_LIMIT
    snapshots = pages.inlined_data(text)["runs"][0]["snapshots"]
    assert [s["epoch"] for s in snapshots] == [0, 1, 2]
    assert all("weights" not in s and len(s["predictions"]) == 359 for s in snapshots)


def test_a_page_keeps_the_misclassified_images_first():
    from bpnn.course import datasets
    test = datasets.load_digits().test
    labels = test.labels.tolist()
    predictions = [(label + 1) % 10 if k % 50 == 7 else label for k, label in enumerate(labels)]
    wrong = [k for k in range(len(labels)) if predictions[k] != labels[k]]
    assert pages.shown_images(test, predictions) == list(range(len(labels)))   # all 359 fit
    per_image = len(json.dumps(test.pixels[0].tolist())) + 2
    kept = pages.shown_images(test, predictions, budget=20 * per_image)
    assert len(kept) == 20 and set(wrong) <= set(kept) and kept == sorted(kept)


# ---------------------------------------------------------------- the command line
def test_html_and_plot_together(tmp_path):
    pytest.importorskip("matplotlib")
    result = run("xor", "--epochs", 50, "--html", tmp_path / "xor.html", "--plot", tmp_path / "xor.png")
    assert result.exit_code == 0, result.output
    assert f"page written to {tmp_path / 'xor.html'}" in result.stdout
    assert (tmp_path / "xor.png").read_bytes().startswith(b"\x89PNG")
    assert pages.inlined_data((tmp_path / "xor.html").read_text(encoding="utf-8"))["runs"][0]["snapshots"]


@pytest.mark.parametrize("where", ["missing/page.html", "directory", "/proc/page.html"])
def test_html_into_a_place_that_cannot_be_written_is_refused_before_training(tmp_path, where):
    (tmp_path / "directory").mkdir()
    path = where if where.startswith("/") else tmp_path / where
    result = run("vanish", "--html", path)   # refused at once: vanish would train for seconds
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: ") and "--html" in lines[0]


# ---------------------------------------------------------------- recording changes nothing
def saved_weights(tmp_path, arguments, with_page: bool):
    model = tmp_path / f"model-{with_page}.json"
    more = ["--html", tmp_path / "page.html"] if with_page else []
    result = run(*arguments, "--save", model, "-q", *more)
    assert result.exit_code == 0, result.output
    return json.loads(model.read_text())["weights"]


@pytest.mark.parametrize("backend", ["python", "numba"])
@pytest.mark.parametrize("arguments", [["xor", "--epochs", 300], ["gate", "or"], ["approx", "--samples", 3000],
                                       ["digits", "--epochs", 2, "--limit", 300, "--hidden", 16]])
def test_a_page_changes_no_bit_of_training(tmp_path, arguments, backend):
    arguments = [*arguments, "--backend", backend]
    assert saved_weights(tmp_path, arguments, True) == saved_weights(tmp_path, arguments, False)


@pytest.mark.parametrize("backend", ["python", "numba"])
def test_recording_vanish_changes_no_bit(backend):
    def weights(recorder):
        result = ch09_vanish.vanish(sizes=(2, 8, 4, 1), epochs=40, backend=backend, callback=recorder,
                                    before_training=recorder and recorder.follow)
        return [run.network.weights for run in result.runs]
    recorder = pages.Recorder(40, runs=3)
    assert weights(recorder) == weights(None)
    assert len(recorder.runs) == 3 and recorder.runs[0][0][1] == recorder.runs[1][0][1]   # the same start


# ---------------------------------------------------------------- a real browser draws them
def render(page: pathlib.Path, tmp_path: pathlib.Path, height: int = 2000):
    """Chromium, headless, with every host name unresolvable: (the screenshot as an RGB array, the DOM).
    The page is opened as page.html#check, which also shows a dozen snapshots and computes every hover
    text at each, so that their errors show too."""
    screenshot = tmp_path / (page.stem + ".png")
    command = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
               "--disable-background-networking", "--disable-component-update", "--disable-sync",
               "--host-resolver-rules=MAP * ~NOTFOUND", f"--user-data-dir={tmp_path / 'profile'}",
               "--hide-scrollbars", "--force-device-scale-factor=1", f"--screenshot={screenshot}", "--dump-dom",
               f"--window-size=1200,{height}", page.resolve().as_uri() + "#check"]
    finished = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert finished.returncode == 0, finished.stderr[-2000:]
    image = pytest.importorskip("matplotlib.image").imread(screenshot)
    return (image[:, :, :3] * 255).round().astype(int), finished.stdout


def inside(image, box):
    left, top, width, height = (int(round(v)) for v in box)
    return image[top:top + height, left:left + width]


def blue_pixels(image, box) -> int:
    """Pixels in box = [left, top, width, height] of the pages' blue (positive), pure or blended with white."""
    red, green, blue = (inside(image, box)[:, :, k] for k in range(3))
    return int(((blue - red > 60) & (blue > green)).sum())


def orange_pixels(image, box) -> int:
    """Pixels in box of the pages' orange (negative), pure or blended with white."""
    red, green, blue = (inside(image, box)[:, :, k] for k in range(3))
    return int(((red - blue > 60) & (red > green) & (green > blue)).sum())


@needs_chromium
@pytest.mark.parametrize("name", PAGE_TYPES)
def test_a_browser_draws_the_page_without_an_error(tmp_path, name):
    page = write_page(tmp_path, PAGE_TYPES[name], name + ".html")
    image, dom = render(page, tmp_path)
    errors = re.search(r'<div id="errors"([^>]*)>(.*?)</div>', dom, re.DOTALL)
    assert errors and "hidden" in errors.group(1) and errors.group(2) == "", errors and errors.group(2)
    snapshots = len(pages.inlined_data(page.read_text(encoding="utf-8"))["runs"][0]["snapshots"])
    assert f'data-drawn="{snapshots}"' in dom   # the script ran to its end
    assert int(re.search(r'data-checked="(\d+)"', dom).group(1)) > 0
    layout = json.loads(re.search(r'data-layout="([^"]*)"', dom).group(1).replace("&quot;", '"'))
    assert len(set(map(tuple, image.reshape(-1, 3)[::97].tolist()))) > 50   # not blank
    # the network: its positive and negative weights drawn in blue and orange where the network is
    assert ("network" in layout) == (name != "digits-too-wide")
    if "network" in layout:
        assert blue_pixels(image, layout["network"]) > 100
        assert orange_pixels(image, layout["network"]) > 100
    if not name.startswith("trace"):
        drawn = (abs(inside(image, layout["loss"]) - 255).sum(axis=2) > 150).sum()
        assert drawn > 400                  # the loss curve and its axes' labels on the white card
    area = layout.get("surface", [0, 0, 1, 1])[2] * layout.get("surface", [0, 0, 1, 1])[3]
    if name in ("xor", "gate", "perceptron", "perceptron-xor", "perceptron-delta"):   # a surface that separates
        assert blue_pixels(image, layout["surface"]) > 0.08 * area
        assert orange_pixels(image, layout["surface"]) > 0.08 * area
    if name == "gate-xor":                  # one unit on XOR: the surface is 1/2, grey, but for the four dots
        assert blue_pixels(image, layout["surface"]) < 0.02 * area
        assert orange_pixels(image, layout["surface"]) < 0.02 * area
    if name == "approx":
        assert blue_pixels(image, layout["curve"]) > 300
    if name.startswith("digits"):
        assert blue_pixels(image, layout["confusion"]) > 2000   # the diagonal
