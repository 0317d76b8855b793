"""The `bpnn` command: each experiment's outcome as a user sees it, its JSON, and every error path
(usage errors exit 2, runtime failures exit 1, each one line on stderr, never a traceback)."""
import importlib.util
import io
import json
import math
import os
import shutil
import subprocess
import sys

import pytest

from bpnn import NeuralNetwork, __version__
from bpnn.course import ch08_xor, truth_tables
from bpnn.cli import options
from helpers import run

COMMANDS = ("xor", "gate", "wired", "vanish", "approx", "trace", "gradcheck")


def run_json(*arguments):
    result = run(*arguments, "--json")
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    return json.loads(result.stdout)  # one object, nothing else on stdout


def assert_one_line_error(result, exit_code: int, words: str):
    assert result.exit_code == exit_code, result.output
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("Error: ") and words in lines[0]
    assert "Traceback" not in result.output


# ---------------------------------------------------------------- outcomes
@pytest.mark.parametrize("epochs", ["--epochs", "--iterations"])  # --iterations: the classic's name
def test_xor_at_tutorial_4s_setting_is_solved(epochs):
    result = run("xor", "--lr", 0.1, "--momentum", 0.4, epochs, 5000)
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].startswith("epoch    1  error ") and lines[-6].startswith("epoch 5000  error ")
    table = lines[-5:-1]
    for line, (inputs, (target,)) in zip(table, truth_tables.XOR_PATTERNS):
        assert line.startswith(f"{inputs[0]} xor {inputs[1]} = {target}   network: ")
        assert abs(float(line.split("network:")[1]) - target) < 0.05
    assert lines[-1] == "solved: every output is on the right side of 1/2"


def test_xor_default_with_momentum_0_4_is_solved():
    data = run_json("xor", "--hidden", 2, "--momentum", 0.4)
    assert data["command"] == "xor" and data["sizes"] == [2, 2, 1] and data["solved"]
    assert len(data["errors"]) == 1000
    assert [row["target"] for row in data["table"]] == [0, 1, 1, 0]


def test_xor_deeper_list_and_every():
    result = run("xor", "--hidden", "4,3", "--every", 400)
    assert result.exit_code == 0
    assert [line.split()[1] for line in result.stdout.splitlines() if line.startswith("epoch")] == \
        ["1", "401", "801", "1000"]
    assert "solved" in result.stdout.splitlines()[-1]


def test_xor_quiet_prints_only_the_table():
    lines = run("xor", "-q").stdout.splitlines()
    assert len(lines) == 5 and lines[0].startswith("0 xor 0 = 0")


@pytest.mark.parametrize("gate", ["and", "or", "nand"])
def test_gate_learns_the_separable_gates(gate):
    result = run("gate", gate)
    assert result.exit_code == 0
    assert "accuracy 100%" in result.stdout
    data = run_json("gate", gate)
    assert data["accuracy"] == 1.0 and data["loss"] < 0.02 and data["linearly_separable"]


def test_gate_xor_is_stuck_at_ln2_and_says_why():
    result = run("gate", "xor")
    assert result.exit_code == 0
    text = " ".join(result.stdout.split())
    assert "not linearly separable" in text and "bpnn xor --hidden 2 --momentum 0.4" in text
    data = run_json("gate", "xor")
    assert abs(data["loss"] - math.log(2)) < 0.01
    assert not data["linearly_separable"]


def test_wired_prints_the_seeds_table():
    result = run("wired")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    step = lines.index("step units: 1 if the weighted sum z > 0, else 0")
    assert [line.split() for line in lines[step + 2:step + 6]] == [
        ["0", "0", "|", "1", "0", "|", "0", "|", "0"],
        ["0", "1", "|", "1", "1", "|", "1", "|", "1"],
        ["1", "0", "|", "1", "1", "|", "1", "|", "1"],
        ["1", "1", "|", "0", "1", "|", "0", "|", "0"]]
    sigmoid = lines.index("sigmoid units: 1 / (1 + e^-z)")
    assert lines[sigmoid + 2].split() == ["0", "0", "|", "0.952574", "0.268941", "|", "0.555154", "|", "0"]
    data = run_json("wired")
    assert [row["output"] for row in data["step"]] == [0.0, 1.0, 1.0, 0.0]
    assert data["step_solved"] and not data["sigmoid_solved"]


def test_vanish_shows_the_sigmoid_gradient_vanishing():
    data = run_json("vanish", "--epochs", 150)
    runs = {run["activation"]: run for run in data["runs"]}
    assert data["sizes"] == [2, 64, 32, 16, 1]
    # observed at seed 0: the ReLU net's first-layer gradient norm is 102 times the sigmoid net's
    assert runs["relu"]["gradient_norms"][0] > 50 * runs["sigmoid"]["gradient_norms"][0]
    assert abs(runs["sigmoid"]["loss"] - math.log(2)) < 0.001
    assert runs["relu"]["loss"] < 0.01
    result = run("vanish", "--epochs", 5, "--hidden", "8,4")
    assert result.exit_code == 0
    assert result.stdout.startswith("2-8-4-1 on XOR")
    assert "times smaller than the ReLU net's" in " ".join(result.stdout.split())


def test_approx_error_is_small_inside_and_large_outside():
    data = run_json("approx")
    assert data["sizes"] == [1, 6, 1] and data["samples"] == 10000
    assert data["rmse_inside"] < 10.0                       # observed 4.61 (y spans -96..144)
    assert data["rmse_outside"] > 5 * data["rmse_inside"]   # observed 86.2
    result = run("approx", "-q")
    lines = result.stdout.splitlines()
    assert lines[2].split() == ["-7.00", "-288.000", lines[2].split()[2]]  # x, the cubic, the network
    assert lines[-3].startswith("rmse inside [-5, 5]: ")


def test_trace_prints_every_number_of_the_step():
    data = run_json("trace", "--pattern", "1,0", "--steps-before", 0)
    assert data["inputs"] == [1.0, 0.0] and data["targets"] == [1.0]
    result = run("trace", "--pattern", "1,0", "--steps-before", 0)
    assert result.exit_code == 0
    for heading in ("FORWARD PASS", "LOSS", "BACKWARD PASS", "AND THE UPDATE"):
        assert heading in result.stdout
    hidden, output = data["layers"]
    # the printed numbers are the network's, rounded to 6 places
    assert f"y1 = tanh(z1) = {hidden['outputs'][0]:.6f}" in result.stdout
    assert f"= {output['deltas'][0]:.6f}" in result.stdout
    w31 = next(line for line in result.stdout.splitlines() if line.strip().startswith("w3,1"))
    assert w31.split()[-1] == f"{hidden['new_weights'][2][0]:.6f}"


def test_gradcheck_passes_below_1e_6():
    result = run("gradcheck")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[-1] == "passed: every layer below 1e-06"
    data = run_json("gradcheck", "--sizes", "3,5,2", "--output", "softmax")
    assert data["loss"] == "cross_entropy" and max(data["worst"]) < 1e-6 and len(data["worst"]) == 2


def test_gradcheck_failure_exits_1(tmp_path):
    """ReLU units whose weighted sums are all exactly 0 sit on the kink: finite differences see a
    slope of 1/2 there where backpropagation takes ReLU'(0) = 0."""
    network = NeuralNetwork([2, 3, 1], activation="relu", output="linear", loss="mse")
    network.weights = [[[0.0] * 3 for _ in range(3)], [[1.0], [1.0], [1.0], [0.0]]]
    network.save(tmp_path / "kink.json")
    result = run("gradcheck", "--load", tmp_path / "kink.json")
    assert result.exit_code == 1
    assert "layer 1: worst relative error" in result.stdout
    assert result.stderr.strip().splitlines() == [
        "Error: backpropagation and finite differences disagree in layer(s) 1 (worst relative error above 1e-06)"]


# ---------------------------------------------------------------- files
def test_save_and_load_continue_training(tmp_path):
    path = tmp_path / "xor.json"
    first = run_json("xor", "--hidden", 3, "--iterations", 300, "--save", path)
    loaded = NeuralNetwork.load(path)
    assert loaded.sizes == [2, 3, 1] and loaded.to_dict()["weights"] == loaded.weights
    second = run_json("xor", "--load", path, "--iterations", 700, "--momentum", 0.1)
    straight = run_json("xor", "--hidden", 3, "--iterations", 1000)
    assert first["errors"] + second["errors"] == straight["errors"]  # resumed exactly where it stopped
    for command in (("gate", "and"), ("approx", "--samples", 200)):
        model = tmp_path / f"{command[0]}.json"
        assert run(*command, "--save", model, "-q").exit_code == 0
        assert run(*command, "--load", model, "-q").exit_code == 0


def test_interrupt_stops_cleanly_and_keeps_the_old_model(tmp_path, monkeypatch):
    path = tmp_path / "model.json"
    NeuralNetwork.classic(2, 2, 1).save(path)
    before = path.read_bytes()

    def interrupted(*arguments, **settings):
        raise KeyboardInterrupt
    monkeypatch.setattr(ch08_xor, "xor", interrupted)
    result = run("xor", "--save", path)
    assert result.exit_code == 130
    assert result.stderr.strip() == "Interrupted."
    assert path.read_bytes() == before


@pytest.mark.skipif(importlib.util.find_spec("matplotlib") is None, reason="needs matplotlib (bpnn[plot])")
@pytest.mark.parametrize("command", [("xor",), ("gate", "or"), ("approx", "--samples", 500),
                                     ("vanish", "--epochs", 3, "--hidden", "4,3")])
def test_plot_writes_a_png(tmp_path, command):
    path = tmp_path / "plot.png"
    result = run(*command, "--plot", path)
    assert result.exit_code == 0, result.output
    data = path.read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) > 10000
    assert f"plot written to {path}" in result.stdout


def test_plot_without_matplotlib_says_how_to_install(tmp_path, monkeypatch):
    find_spec = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *rest: None if name == "matplotlib"
                        else find_spec(name, *rest))
    result = run("xor", "--plot", tmp_path / "x.png")
    assert_one_line_error(result, 1, "pip install bpnn[plot]")
    assert not (tmp_path / "x.png").exists()


# ---------------------------------------------------------------- errors
@pytest.mark.parametrize("arguments, words", [
    (("xor", "--lr", "-1"), "'--lr': -1.0 is not in the range x>=0.0"),
    (("xor", "--hidden", "2,a"), "'2,a' is not a width"),
    (("xor", "--hidden", "0"), "every width must be at least 1"),
    (("xor", "--loss", "bce"), "the bce loss needs a sigmoid output, not 'tanh'"),
    (("xor", "--activation", "sofmax"), "'sofmax' is not one of"),
    (("xor", "--load", "no-such-file.json"), "does not exist"),
    (("xor", "--save", "no-such-directory/model.json"), "does not exist"),
    (("xor", "--bogus",), "No such option '--bogus'"),
    (("gate", "xnor"), "'xnor' is not one of 'and', 'or', 'nand', 'xor'"),
    (("gate",), "Missing argument 'NAME'. Choose from: and, or, nand, xor (see 'bpnn gate --help')"),
    (("trace", "--pattern", "2,0"), "one of XOR's 0,0 0,1 1,0 1,1"),
    (("trace", "--inputs", "1,2,3"), "inputs has 3 values, the network expects 2"),
    (("trace", "--inputs", "1,x"), "'1,x' is not a list of numbers"),
    (("gradcheck", "--sizes", "3"), "sizes must list at least an input and an output width"),
    (("approx", "--samples", "0"), "0 is not in the range x>=1"),
    (("vanish", "--epochs", "x"), "'x' is not a valid integer"),
    (("nothing",), "No such command 'nothing'"),
])
def test_usage_errors_exit_2_with_one_line(arguments, words):
    assert_one_line_error(run(*arguments), 2, words)


def test_load_refuses_a_second_architecture(tmp_path):
    path = tmp_path / "m.json"
    NeuralNetwork.classic(2, 2, 1).save(path)
    assert_one_line_error(run("xor", "--load", path, "--hidden", 3), 2,
                          "--load brings its own architecture; drop --hidden")


def test_runtime_failures_exit_1_with_one_line(tmp_path):
    assert_one_line_error(run("approx", "--optimizer", "sgd", "--lr", 1), 1, "training diverged between samples 1 and 100")
    corrupt = tmp_path / "corrupt.json"
    corrupt.write_text('{"format": "bpnn-model", "version": 1, "sizes": [2, 2')
    assert_one_line_error(run("xor", "--load", corrupt), 1, "not a valid bpnn model file")
    wrong = tmp_path / "wrong.json"
    wrong.write_text(json.dumps({**NeuralNetwork.classic(2, 2, 1).to_dict(), "weights": [[[1.0]]]}))
    assert_one_line_error(run("gate", "and", "--load", wrong), 1, "weights must be a list of 2 matrices")


def test_an_unavailable_backend_is_one_line(monkeypatch):
    def missing(name):
        raise ImportError("cannot import name 'NumbaNetwork' from 'bpnn.kernels'")
    monkeypatch.setattr(options, "network_class", missing)
    assert_one_line_error(run("xor", "--backend", "numba"), 1, "the numba backend is not available here")


def test_numba_backend_prints_the_same_results():
    from bpnn.course.backends import network_class
    try:
        network_class("numba")
    except ImportError as error:
        pytest.skip(f"bpnn.kernels.NumbaNetwork is not available: {error}")
    for command in (("xor",), ("gate", "or"), ("approx", "--samples", 300), ("vanish", "--epochs", 5, "--hidden", "6,4")):
        assert run(*command, "--backend", "numba").stdout == run(*command).stdout


# ---------------------------------------------------------------- help, version, progress
@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_with_an_example(command):
    result = run(command, "--help")
    assert result.exit_code == 0
    example = next(line.strip() for line in result.stdout.splitlines() if "Example: bpnn" in line)
    assert example.startswith(f"Example: bpnn {command}")


def test_version():
    result = run("--version")
    assert result.exit_code == 0 and result.stdout == f"bpnn, version {__version__}\n"


def test_no_progress_bar_when_stdout_is_not_a_terminal():
    result = run("vanish", "--epochs", 2, "--hidden", "3")
    assert "[#" not in result.stdout and "%" not in result.stdout and "[-" not in result.stdout


def test_progress_bar_on_a_terminal_after_a_moment(monkeypatch):
    class Terminal(io.StringIO):
        def isatty(self):
            return True
    terminal = Terminal()
    monkeypatch.setattr(sys, "stdout", terminal)
    monkeypatch.setattr(options, "MOMENT", 0.0)
    with options.Progress(4, "training", shown=True) as progress:
        for epoch in range(4):
            progress(epoch + 1, 0.5)
    assert "training" in terminal.getvalue() and "100%" in terminal.getvalue()
    terminal = Terminal()
    monkeypatch.setattr(sys, "stdout", terminal)
    with options.Progress(4, "training", shown=False) as progress:  # --quiet or --json
        progress(1, 0.5)
    assert terminal.getvalue() == ""


# ---------------------------------------------------------------- the installed entry point
def installed_bpnn() -> str:
    script = os.path.join(os.path.dirname(sys.executable), "bpnn")
    return script if os.path.exists(script) else shutil.which("bpnn")


def test_the_installed_bpnn_command():
    bpnn = installed_bpnn()
    assert bpnn is not None, "the bpnn entry point is not installed"
    version = subprocess.run([bpnn, "--version"], capture_output=True, text=True, timeout=60)
    assert version.returncode == 0 and version.stdout.strip() == f"bpnn, version {__version__}"
    gate = subprocess.run([bpnn, "gate", "and", "--json"], capture_output=True, text=True, timeout=60)
    assert gate.returncode == 0 and json.loads(gate.stdout)["accuracy"] == 1.0
    bad = subprocess.run([bpnn, "xor", "--lr", "fast"], capture_output=True, text=True, timeout=60)
    assert bad.returncode == 2 and bad.stdout == ""
    assert bad.stderr.count("\n") == 1 and "'fast' is not a valid float" in bad.stderr
