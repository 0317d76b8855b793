"""The pages of chapters 3, 4, 5, 10, 11 and 12 (--html on wired, activations, losses, descent, optimizers
and dropout): they hold the run's exact record, name no address, stay small, a real browser draws them
without a JavaScript error and with their colours, and recording changes no bit of training."""
import json
import math
import re

import pytest

from bpnn.course import (ch03_wired, ch04_activations, ch05_losses, ch10_descent, ch11_optimizers, ch12_dropout,
                         pages)
from bpnn.course.results import as_data
from test_pages import assert_no_address, blue_pixels, inside, needs_chromium, orange_pixels, render, run

# the defaults that run in a moment, and those that train for seconds (checked in the slow run)
FAST_DEFAULTS = {"wired": ["wired"], "activations": ["activations"], "losses": ["losses"]}
SLOW_DEFAULTS = {"descent": ["descent"], "optimizers": ["optimizers"], "dropout": ["dropout"]}
# a page of every new type, quickly
PAGE_TYPES = {**FAST_DEFAULTS, "descent": ["descent", "--epochs", 10],
              "optimizers": ["optimizers", "--epochs", 20, "--flip-epochs", 300],
              "dropout": ["dropout", "--epochs", 200, "--hidden", "8,8", "--backend", "python"]}


def write_page(tmp_path, arguments, name="page.html"):
    """The page of `bpnn ARGUMENTS --html PATH` (wired, activations and losses have no -q)."""
    path = tmp_path / name
    result = run(*arguments, "--html", path)
    assert result.exit_code == 0, result.output
    return path


def page_data(text: str) -> dict:
    return pages.inlined_data(text)


def kept(runs):
    """Each run's snapshots as (epoch, weights), as the Recorder keeps them."""
    return [[(s["epoch"], s["weights"]) for s in data["snapshots"]] for data in runs]


# ---------------------------------------------------------------- what a page holds
def test_the_descent_page_holds_each_run_update_by_update():
    recorder = pages.Recorder(12, runs=3)
    result = ch10_descent.descent(epochs=12, mini_batch=16, callback=recorder, before_training=recorder.follow)
    data = page_data(pages.descent_page(result, recorder, {"epochs": 12}))
    assert kept(data["runs"]) == recorder.runs and len(recorder.runs) == 3
    assert [s["epoch"] for s in data["runs"][0]["snapshots"]] == list(range(13))
    assert data["patterns"] == ch10_descent.two_moons(48, 0.25, 0)
    for page_run, descent_run in zip(data["runs"], result.runs):
        assert page_run["snapshots"][-1]["weights"] == descent_run.network.weights
        assert page_run["losses"]["training"] == descent_run.epoch_losses[1:]
        assert page_run["updates"] == {"per_epoch": descent_run.updates_per_epoch, "losses": descent_run.losses,
                                       "seconds": descent_run.seconds}
    low, high = data["plane"]
    assert all(low < x < high for inputs, _ in data["patterns"] for x in inputs)


def test_the_optimizers_page_holds_the_four_runs_and_tutorial_4s():
    recorder = pages.Recorder(15, runs=4)
    compared = ch11_optimizers.compare_optimizers(epochs=15, callback=recorder, before_training=recorder.follow)
    flipped = ch11_optimizers.sign_flipped_momentum(epochs=40)
    data = page_data(pages.optimizers_page(compared, flipped, recorder, {}))
    assert kept(data["runs"]) == recorder.runs and len(recorder.runs) == 4
    assert [run["name"] for run in data["runs"]] == list(ch11_optimizers.OPTIMIZERS)
    for page_run, optimizer_run in zip(data["runs"], compared.runs):
        assert page_run["snapshots"][-1]["weights"] == optimizer_run.network.weights
        assert page_run["losses"]["training"] == optimizer_run.losses[1:]
        assert (page_run["lr"], page_run["momentum"]) == (optimizer_run.lr, optimizer_run.momentum)
    flip = data["sign_flipped"]
    assert (flip["lr"], flip["epochs"]) == (flipped.lr, 40)
    assert [(r["rule"], r["momentum"], r["errors"], r["table"], r["weights"]) for r in flip["runs"]] == [
        (r.rule, r.momentum, r.errors, r.table, r.network.weights) for r in flipped.runs]
    assert flip["network"]["sizes"] == [2, 2, 1] and flip["network"]["activations"] == ["tanh", "tanh"]


def test_the_dropout_page_keeps_snapshots_at_measured_epochs():
    recorder = pages.Recorder(95, runs=2, every=ch12_dropout.MEASURE_EVERY)
    result = ch12_dropout.dropout(hidden=(6, 6), epochs=95, callback=recorder, before_training=recorder.follow)
    data = page_data(pages.dropout_page(result, recorder, {}))
    assert kept(data["runs"]) == recorder.runs
    epochs = [s["epoch"] for s in data["runs"][0]["snapshots"]]
    assert epochs == [0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 95]   # every measurement, the last one short
    for page_run, dropout_run in zip(data["runs"], result.runs):
        assert page_run["snapshots"][-1]["weights"] == dropout_run.network.weights
        assert page_run["losses"] == {"training": dropout_run.train_losses, "test": dropout_run.test_losses,
                                      "epochs": dropout_run.epochs_measured}
    assert [run["name"] for run in data["runs"]] == ["no dropout", "dropout 0.3"]
    assert data["fit"]["points"] == result.train_points
    assert data["fit"]["truth"] == [[x, y] for x, y, _ in result.runs[0].curve]
    assert data["fit"]["final"] == [[[x, y] for x, _, y in run.curve] for run in result.runs]
    assert data["loss_floor"]["value"] == 0.3 * 0.3


def test_a_recorder_every_ten_epochs_keeps_few_of_many_measurements():
    recorder = pages.Recorder(5000, runs=1, every=10)
    recorder.follow(ch10_descent.moons_network(2))
    assert all(epoch % 10 == 0 for epoch in recorder.kept) and 5000 in recorder.kept
    assert len(recorder.kept) <= pages.MAX_SNAPSHOTS


def test_the_activations_page_holds_the_textbooks_functions():
    result = ch04_activations.activations(points=(-2.0, 0.0, 3.0), threshold=0.05)
    data = page_data(pages.activations_page(result, {}))["activations"]
    assert data["threshold"] == 0.05 and data["range"] == [-6.0, 6.0]
    assert data["softmax"] == as_data(result.softmax)
    for function, profile in zip(data["functions"], result.activations):
        assert function["name"] == profile.name
        assert function["formulas"] == list(ch04_activations.FORMULAS[profile.name])
        assert (function["saturated_below"], function["saturated_above"]) == (profile.saturated_below,
                                                                              profile.saturated_above)
        assert function["points"] == as_data(profile.points)
        assert len(function["curve"]) == pages.ACTIVATION_GRID + 1
        for z, y, derivative in function["curve"][::37]:
            sample = ch04_activations.point(profile.name, z)
            assert (y, derivative) == (sample.y, sample.derivative)


def test_the_activations_page_widens_its_range_to_the_points_asked_for():
    result = ch04_activations.activations(points=(-9.0, 1e300))
    assert page_data(pages.activations_page(result, {}))["activations"]["range"] == [-9.0, ch04_activations.REACH]


def test_the_losses_page_holds_the_worked_examples():
    result = ch05_losses.losses()
    data = page_data(pages.losses_page(result, {}))
    assert data["losses"] == as_data(result)
    example = data["losses"]["example"]
    assert example["printed_total"] == -0.067 and round(example["rounded_total"], 3) == 0.379
    p, log_p, log_not_p, _, _ = data["curves"][0]
    assert (log_p, log_not_p) == (-math.log(p), -math.log(1.0 - p))


def test_the_wired_page_holds_tutorial_4s_weights():
    result = ch03_wired.wired()
    data = page_data(pages.wired_page(result, {}))
    assert data["wired"] == as_data(result)
    step, sigmoid = data["runs"]
    assert step["network"]["activations"] == ["step", "step"] and sigmoid["network"]["activations"] == ["sigmoid"] * 2
    assert step["snapshots"][0]["weights"] == sigmoid["snapshots"][0]["weights"] == ch03_wired.wired_network().weights
    assert [row[0] for row in step["snapshots"][0]["outputs"]] == [row.output for row in result.step]
    assert [row[0] for row in sigmoid["snapshots"][0]["outputs"]] == [row.output for row in result.sigmoid]


# ---------------------------------------------------------------- the command line
def test_the_page_is_titled_with_the_run_and_its_settings(tmp_path):
    text = write_page(tmp_path, ["descent", "--epochs", 3, "--mini-batch", 8, "--points", 24]).read_text(encoding="utf-8")
    data = page_data(text)
    assert data["title"] == "Gradient descent three ways: a 2-8-1 net on two half-moons"
    assert data["settings"]["points"] == 24 and data["settings"]["mini batch"] == 8 and data["settings"]["epochs"] == 3
    assert "points 24, noise 0.25, hidden 8, epochs 3" in text
    assert data["explanation"] and "<title>Gradient descent three ways" in text


@pytest.mark.parametrize("name", FAST_DEFAULTS)
def test_default_pages_name_no_address_and_stay_small(tmp_path, name):
    text = write_page(tmp_path, FAST_DEFAULTS[name]).read_text(encoding="utf-8")
    assert_no_address(text)
    assert len(text.encode()) < pages.PAGE_LIMIT


@pytest.mark.slow  # descent, optimizers and dropout at their defaults: about 5 s each
@pytest.mark.parametrize("name", SLOW_DEFAULTS)
def test_every_default_page_stays_small(tmp_path, name):
    text = write_page(tmp_path, SLOW_DEFAULTS[name]).read_text(encoding="utf-8")
    assert_no_address(text)
    assert len(text.encode()) < pages.PAGE_LIMIT
    snapshots = page_data(text)["runs"][0]["snapshots"]
    assert 20 <= len(snapshots) <= pages.MAX_SNAPSHOTS and "weights" in snapshots[-1]


@pytest.mark.parametrize("command", ["descent", "optimizers", "dropout", "activations", "losses", "wired"])
def test_html_into_a_place_that_cannot_be_written_is_refused(tmp_path, command):
    result = run(command, "--html", tmp_path / "missing" / "page.html")
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: ") and "--html" in lines[0]


def test_html_plot_and_json_together(tmp_path):
    pytest.importorskip("matplotlib")
    arguments = ["dropout", "--epochs", 30, "--hidden", "4,4", "--backend", "python"]
    result = run(*arguments, "--html", tmp_path / "d.html", "--plot", tmp_path / "d.png", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["command"] == "dropout"
    assert (tmp_path / "d.png").read_bytes().startswith(b"\x89PNG")
    assert page_data((tmp_path / "d.html").read_text(encoding="utf-8"))["runs"][1]["name"] == "dropout 0.3"
    printed = run("wired", "--html", tmp_path / "w.html").stdout
    assert printed.splitlines()[-1] == f"page written to {tmp_path / 'w.html'}"


# ---------------------------------------------------------------- recording changes nothing
@pytest.mark.parametrize("backend", ["python", "numba"])
def test_recording_descent_optimizers_and_dropout_changes_no_bit(backend):
    def descent(recorder):
        result = ch10_descent.descent(n_points=16, hidden=3, epochs=4, mini_batch=4, backend=backend,
                                      callback=recorder, before_training=recorder and recorder.follow)
        return [(run.network.weights, run.losses) for run in result.runs]

    def optimizers(recorder):
        result = ch11_optimizers.compare_optimizers(epochs=6, n_points=16, hidden=3, backend=backend,
                                                    callback=recorder, before_training=recorder and recorder.follow)
        return [(run.network.weights, run.losses) for run in result.runs]

    def dropout(recorder):
        result = ch12_dropout.dropout(hidden=(5, 4), epochs=40, backend=backend, callback=recorder,
                                      before_training=recorder and recorder.follow)
        return [(run.network.weights, run.test_losses) for run in result.runs]
    assert descent(pages.Recorder(4, runs=3)) == descent(None)
    assert optimizers(pages.Recorder(6, runs=4)) == optimizers(None)
    assert dropout(pages.Recorder(40, runs=2, every=ch12_dropout.MEASURE_EVERY)) == dropout(None)


@pytest.mark.parametrize("backend", ["python", "numba"])
@pytest.mark.parametrize("arguments", [["descent", "--epochs", 3, "--points", 16, "--mini-batch", 4],
                                       ["optimizers", "--epochs", 5, "--flip-epochs", 20, "--points", 16],
                                       ["dropout", "--epochs", 30, "--hidden", "4,4"]])
def test_a_page_changes_no_number_the_command_prints(tmp_path, arguments, backend):
    def printed(with_page: bool) -> dict:
        more = ["--html", tmp_path / "page.html"] if with_page else []
        result = run(*arguments, "--backend", backend, "--json", *more)
        assert result.exit_code == 0, result.output
        data = json.loads(result.stdout)
        for descent_run in data.get("runs", []) if data["command"] == "descent" else []:
            del descent_run["seconds"], descent_run["training_seconds"]   # this machine's timing, not the run's
        return data
    assert printed(True) == printed(False)
    weights = [s["weights"] for s in page_data((tmp_path / "page.html").read_text(encoding="utf-8"))["runs"][0]
               ["snapshots"]]
    assert weights[0] != weights[-1]   # the page followed a run that trained


# ---------------------------------------------------------------- a real browser draws them
def coloured(image, box, colour, tolerance=40) -> int:
    """Pixels in box within `tolerance` of `colour` in each of red, green and blue."""
    part = inside(image, box)
    return int((abs(part - colour) <= tolerance).all(axis=2).sum())


PURPLE, GREEN = (123, 50, 148), (27, 158, 119)   # page.js's RUN_COLOURS[1] and [2]


@needs_chromium
@pytest.mark.parametrize("name", PAGE_TYPES)
def test_a_browser_draws_the_page_without_an_error(tmp_path, name):
    page = write_page(tmp_path, PAGE_TYPES[name], name + ".html")
    image, dom = render(page, tmp_path, height=3000)
    errors = re.search(r'<div id="errors"([^>]*)>(.*?)</div>', dom, re.DOTALL)
    assert errors and "hidden" in errors.group(1) and errors.group(2) == "", errors and errors.group(2)
    runs = page_data(page.read_text(encoding="utf-8"))["runs"]
    assert f'data-drawn="{len(runs[0]["snapshots"]) if runs else 0}"' in dom   # the script ran to its end
    assert int(re.search(r'data-checked="(\d+)"', dom).group(1)) > 0
    layout = json.loads(re.search(r'data-layout="([^"]*)"', dom).group(1).replace("&quot;", '"'))
    assert len(set(map(tuple, image.reshape(-1, 3)[::97].tolist()))) > 50   # not blank
    if name in ("descent", "optimizers", "dropout", "wired"):
        assert blue_pixels(image, layout["network"]) > 100
        assert orange_pixels(image, layout["network"]) > 100
    if name in ("descent", "optimizers", "wired"):         # the first run's surface splits the plane
        area = layout["surface"][2] * layout["surface"][3]
        assert blue_pixels(image, layout["surface"]) > 0.08 * area
        assert orange_pixels(image, layout["surface"]) > 0.08 * area
    if name in ("descent", "optimizers", "dropout"):
        assert coloured(image, layout["loss"], PURPLE) > 100 and coloured(image, layout["loss"], GREEN) > 100
    if name == "descent":
        assert coloured(image, layout["updates"], PURPLE) > 20 and coloured(image, layout["updates"], GREEN) > 50
    if name == "optimizers":                              # the climbing run in orange, the correct rule in blue
        assert orange_pixels(image, layout["flip"]) > 300 and blue_pixels(image, layout["flip"]) > 300
    if name == "dropout":                                 # each run's fitted curve, and sin(πx) in grey
        assert coloured(image, layout["curve"], PURPLE) > 100 and coloured(image, layout["curve"], GREEN) > 100
        assert coloured(image, layout["curve"], (153, 153, 153), 12) > 300
    if name == "activations":                             # the sigmoid: f' in blue, its saturated ends shaded
        assert blue_pixels(image, layout["activation"]) > 300
        assert orange_pixels(image, layout["activation"]) > 2000
        assert blue_pixels(image, layout["jacobian"]) > 1000 and orange_pixels(image, layout["jacobian"]) > 1000
    if name == "losses":                                  # the slip in orange, the right total in blue
        assert orange_pixels(image, layout["example"]) > 300 and blue_pixels(image, layout["example"]) > 300
        assert orange_pixels(image, layout["loss-curves"]) > 300 and blue_pixels(image, layout["loss-curves"]) > 300
    if name == "wired":
        assert layout["matrices"][2] > 300
        assert 'type="range"' not in dom and 'id="controls" style="display: none;"' in dom   # nothing to step
