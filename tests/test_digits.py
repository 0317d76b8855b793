"""bpnn.classify and the `bpnn digits` / `bpnn mnist` commands."""
import json
import os

import numpy as np
import pytest
from click.testing import CliRunner

from bpnn import NeuralNetwork
from bpnn.course.ch14_digits import (DEFAULTS, accuracy_of, classify, confusion_matrix, predicted_classes,
                           settings_for)
from bpnn.cli import main
from bpnn.course.datasets import load_digits, load_mnist

from test_datasets import GOOD, MNIST_DIR, idx_bytes, write, write_mnist



def as_lists(network) -> list:
    """A network's weights as nested lists of floats, whichever path made it."""
    return [np.asarray(matrix).tolist() for matrix in network.weights]


# ---------------------------------------------------------------- the pieces
def test_predictions_confusion_and_accuracy():
    outputs = [[0.1, 0.7, 0.2] + [0.0] * 7, [0.5, 0.5] + [0.0] * 8, [0.0] * 9 + [1.0]]
    assert predicted_classes(outputs) == [1, 0, 9]  # a tie goes to the first
    assert predicted_classes(np.array(outputs)) == [1, 0, 9]
    confusion = confusion_matrix([1, 2, 9], [1, 0, 9])
    assert confusion[1][1] == 1 and confusion[2][0] == 1 and confusion[9][9] == 1
    assert sum(map(sum, confusion)) == 3
    assert accuracy_of(confusion) == 2 / 3


def test_settings_for_keeps_defaults_unless_given():
    assert settings_for("digits") == DEFAULTS["digits"]
    changed = settings_for("mnist", epochs=2, hidden=(8, 4), lr=None)
    assert changed.epochs == 2 and changed.hidden == (8, 4) and changed.lr == DEFAULTS["mnist"].lr


# ---------------------------------------------------------------- the experiment
def test_textbook_learns_digits_subset():
    reports = []
    result = classify(load_digits().limit(300), settings_for("digits", hidden=(32,), epochs=8, lr=0.01), backend="python",
                      callback=reports.append)
    assert [report.epoch for report in reports] == list(range(1, 9)) and reports == result.epochs
    assert result.sizes == [64, 32, 10] and (result.n_train, result.n_test) == (300, 300)
    assert reports[-1].loss < reports[0].loss / 10
    assert result.accuracy >= 0.8 and result.accuracy == reports[-1].accuracy
    assert sum(map(sum, result.confusion)) == 300
    json.dumps(result.to_dict(), allow_nan=False)


def test_same_seed_same_run():
    data = load_digits().limit(60)
    settings = settings_for("digits", hidden=(8,), epochs=2, dropout=0.25)
    first, again = (classify(data, settings, backend="python") for _ in range(2))
    assert as_lists(first.network) == as_lists(again.network)
    assert [r.loss for r in first.epochs] == [r.loss for r in again.epochs]


def test_textbook_and_kernels_give_identical_weights():
    data = load_digits().limit(120)
    settings = settings_for("digits", hidden=(24, 12), epochs=3, batch_size=7, dropout=0.1)
    textbook = classify(data, settings, backend="python")
    kernels = classify(data, settings, backend="numba")
    assert as_lists(kernels.network) == as_lists(textbook.network)
    assert [r.loss for r in kernels.epochs] == [r.loss for r in textbook.epochs]
    assert [r.test_loss for r in kernels.epochs] == [r.test_loss for r in textbook.epochs]
    assert kernels.confusion == textbook.confusion


def test_digits_defaults_reach_97_percent():
    result = classify(load_digits(), DEFAULTS["digits"], backend="numba")
    assert result.accuracy >= 0.97, f"{result.accuracy:.2%}"


@pytest.mark.slow  # about 4 to 6 minutes on 2 shared cores: pytest -m slow tests/test_digits.py
@pytest.mark.skipif(not os.path.isdir(MNIST_DIR), reason="../shared/data/mnist is absent")
def test_mnist_defaults_reach_98_percent():
    result = classify(load_mnist(MNIST_DIR), DEFAULTS["mnist"], backend="numba")
    assert (result.n_train, result.n_test) == (60000, 10000)
    assert result.accuracy >= 0.98, f"{result.accuracy:.2%}"


# ---------------------------------------------------------------- the commands
SMALL = ["--backend", "python", "--limit", "100", "--epochs", "2", "--hidden", "16"]


def test_digits_command():
    result = CliRunner().invoke(main, ["digits", *SMALL])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "digits: 100 training and 100 test images of 8x8 pixels"
    assert "network 64-16-10 (relu, softmax, cross_entropy), adam lr 0.003, batch 32" in lines[1]
    assert lines[2].startswith("epoch 1/2  loss ") and lines[3].startswith("epoch 2/2  loss ")
    assert lines[4].startswith("true \\ predicted")
    assert lines[-1].startswith("test accuracy ") and "after 2 epochs" in lines[-1]
    assert "█" not in result.output and "#" not in result.output  # no progress bar: not a terminal


def test_digits_json_and_save(tmp_path):
    path = str(tmp_path / "digits.json")
    result = CliRunner().invoke(main, ["digits", *SMALL, "--hidden", "16,8", "--json", "--save", path])
    assert result.exit_code == 0, result.output
    document = json.loads(result.output)  # nothing but the one object
    assert document["command"] == "digits" and document["sizes"] == [64, 16, 8, 10]
    assert len(document["epochs"]) == 2 and 0.0 <= document["accuracy"] <= 1.0
    assert NeuralNetwork.load(path).sizes == [64, 16, 8, 10]


def test_digits_load_continues_training(tmp_path):
    path = str(tmp_path / "model.json")
    first = CliRunner().invoke(main, ["digits", *SMALL, "--json", "--save", path])
    again = CliRunner().invoke(main, ["digits", *SMALL[:6], "--json", "--load", path])
    assert first.exit_code == 0 and again.exit_code == 0, again.output
    first, again = json.loads(first.output), json.loads(again.output)
    assert again["sizes"] == [64, 16, 10] and again["settings"]["hidden"] == [16]
    assert again["epochs"][0]["loss"] < first["epochs"][-1]["loss"]  # it went on from where it stopped


def test_load_refuses_architecture_and_wrong_widths(tmp_path):
    path = str(tmp_path / "model.json")
    NeuralNetwork([20, 4, 10], output="softmax").save(path)
    result = CliRunner().invoke(main, ["digits", *SMALL[:6], "--load", path])
    assert result.exit_code == 2 and "does not fit bpnn digits: it has 20 inputs and 10 outputs, bpnn digits needs 64 " \
        "and 10" in result.output
    result = CliRunner().invoke(main, ["digits", *SMALL, "--load", path])
    assert result.exit_code == 2 and "--load brings its own" in result.output and "drop --hidden" in result.output


def test_digits_plot(tmp_path):
    pytest.importorskip("matplotlib")
    path = tmp_path / "loss.png"
    result = CliRunner().invoke(main, ["digits", *SMALL, "--plot", str(path)])
    assert result.exit_code == 0, result.output
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and f"plot written to {path}" in result.output


def test_digits_quiet_prints_only_the_result():
    result = CliRunner().invoke(main, ["digits", *SMALL, "-q"])
    assert result.exit_code == 0 and len(result.output.splitlines()) == 1
    assert result.output.startswith("test accuracy ")


def test_mnist_command_on_small_files(tmp_path):
    write_mnist(tmp_path, ".", True, n_train=30, n_test=10, rows=5, columns=4)
    result = CliRunner().invoke(main, ["mnist", "--data", str(tmp_path), *SMALL[:2], "--epochs", "3",
                                       "--hidden", "6"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("mnist: 30 training and 10 test images of 5x4 pixels\n"
                                    "network 20-6-10 (relu, softmax, cross_entropy), adam lr 0.001, batch 128, dropout 0.3")
    assert "epoch 3/3  loss " in result.output
    assert result.output.splitlines()[-1].startswith("test accuracy ") and " of 10) after 3 epochs" in result.output


@pytest.mark.parametrize("arguments, code, message", [
    (["digits", "--hidden", "0"], 2, "every width must be at least 1"),
    (["digits", "--hidden", "x"], 2, "'x' is not a width"),
    (["digits", "--limit", "0"], 2, "--limit"),
    (["digits", "--backend", "cuda"], 2, "--backend"),
    (["digits", *SMALL, "--lr", "1e300"], 1, "training diverged"),
    (["mnist"], 2, "Missing option '--data'"),
])
def test_command_errors(arguments, code, message):
    result = CliRunner().invoke(main, arguments)
    assert result.exit_code == code, result.output
    assert message in result.output and "Traceback" not in result.output


def test_mnist_missing_file_is_a_usage_error(tmp_path):
    write_mnist(tmp_path, "-", False)
    os.remove(tmp_path / "train-images-idx3-ubyte")
    result = CliRunner().invoke(main, ["mnist", "--data", str(tmp_path), "--backend", "python"])
    assert result.exit_code == 2
    assert "no train-images file; looked for train-images-idx3-ubyte" in result.output


def test_mnist_corrupt_file_is_a_runtime_error(tmp_path):
    write_mnist(tmp_path, "-", False)
    write(tmp_path / "t10k-labels-idx1-ubyte", GOOD[:-1])
    result = CliRunner().invoke(main, ["mnist", "--data", str(tmp_path), "--backend", "python"])
    assert result.exit_code == 1
    assert result.output.count("\n") == 1 and "t10k-labels-idx1-ubyte: truncated" in result.output


def test_mnist_counts_that_do_not_match(tmp_path):
    write_mnist(tmp_path, "-", False)
    write(tmp_path / "t10k-labels-idx1-ubyte", idx_bytes(np.zeros(2, np.uint8), 0x08))
    result = CliRunner().invoke(main, ["mnist", "--data", str(tmp_path), "--backend", "python"])
    assert result.exit_code == 1 and "2 labels for the 3 images" in result.output
