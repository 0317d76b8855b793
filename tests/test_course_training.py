"""Chapters 10-12 (descent, optimizers, dropout): each chapter's claim at its default settings, tutorial
4's sign-flipped momentum run as written, the commands' output and JSON, and both backends' bits."""

import pytest

from bpnn import NeuralNetwork
from bpnn.course import ch10_descent, ch11_optimizers, ch12_dropout
from bpnn.course.results import as_data
from bpnn.course.truth_tables import XOR_PATTERNS
from helpers import run, run_json, numba_or_skip

NEW_COMMANDS = ("descent", "optimizers", "dropout")


def without_seconds(data):
    """A result's JSON data without the measured times, which differ from run to run."""
    if isinstance(data, dict):
        return {key: without_seconds(value) for key, value in data.items() if key not in ("seconds", "training_seconds")}
    if isinstance(data, list):
        return [without_seconds(value) for value in data]
    return data


# ---------------------------------------------------------------- chapter 10: descent
def test_two_moons_is_fixed_by_the_seed_and_balanced():
    points = ch10_descent.two_moons(48, 0.25, seed=0)
    assert points == ch10_descent.two_moons(48, 0.25, seed=0) != ch10_descent.two_moons(48, 0.25, seed=1)
    assert [targets[0] for _, targets in points].count(1.0) == 24
    assert all(len(inputs) == 2 for inputs, _ in points)


def test_descent_three_runs_see_the_same_number_of_samples():
    result = ch10_descent.descent(epochs=3)
    full, mini, online = result.runs
    assert [run.batch_size for run in result.runs] == [48, 16, 1]
    assert [run.updates for run in result.runs] == [3, 9, 144]
    assert full.samples_seen == mini.samples_seen == online.samples_seen == 3 * 48
    for run in result.runs:
        assert len(run.losses) == run.updates + 1 and len(run.seconds) == run.updates
        assert len(run.epoch_losses) == 4 and run.epoch_losses[-1] == run.final_loss == run.losses[-1]
    # the same initial weights: the same loss before the first update
    assert full.losses[0] == mini.losses[0] == online.losses[0]


def test_descent_at_the_defaults():
    """Per epoch online gets furthest; per update the full batch; online's path is the noisiest."""
    result = ch10_descent.descent()
    full, mini, online = result.runs
    assert online.final_loss < mini.final_loss < full.final_loss
    assert result.common_updates == full.updates == 50
    full_loss, mini_loss, online_loss = result.losses_after_common_updates()
    assert full_loss < mini_loss < online_loss
    assert full.rises == 0 and full.largest_rise == 0.0
    assert online.rise_fraction > mini.rise_fraction > 0.0
    assert online.largest_rise > mini.largest_rise


def test_descent_refuses_a_mini_batch_that_is_not_one():
    for size in (1, 48, 60):
        with pytest.raises(ValueError, match="the mini-batch size must lie between 1 and the 48 points"):
            ch10_descent.descent(mini_batch=size, epochs=1)


# ---------------------------------------------------------------- chapter 11: optimizers
def test_optimizers_start_from_the_same_weights_and_momentum_helps():
    result = ch11_optimizers.compare_optimizers(epochs=10)
    sgd, classic, velocity, adam = result.runs
    assert len({run.losses[0] for run in result.runs}) == 1
    assert [(run.optimizer, run.momentum) for run in result.runs] == [("sgd", 0.0), ("classic", 0.9), ("sgd", 0.9),
                                                                      ("adam", 0.0)]
    assert classic.losses[10] < sgd.losses[10] and velocity.losses[10] < sgd.losses[10]
    assert all(len(run.losses) == 11 for run in result.runs)


def test_tutorial_4_update_climbs_by_the_learning_rate_term():
    """After one pattern's backward pass, the tutorial's update moves each weight by + lr g - momentum g_previous
    (g = dE/dw); it keeps the tutorial's gradient, -g, as the previous one."""
    network = NeuralNetwork.classic(2, 2, 1)
    before = [[row[:] for row in layer] for layer in network.weights]
    previous = [[[0.5] * len(row) for row in layer] for layer in network.weights]  # the tutorial's: g_previous = -0.5
    network.forward([1, 0])
    network.backward([1])
    gradients = [[row[:] for row in layer] for layer in network.gradients]
    ch11_optimizers.tutorial_4_momentum_update(network, 0.1, 0.4, previous)
    for l, layer in enumerate(network.weights):
        for i, row in enumerate(layer):
            for j, weight in enumerate(row):
                g = gradients[l][i][j]
                assert weight == pytest.approx(before[l][i][j] + 0.1 * g - 0.4 * -0.5, abs=1e-15)
                assert previous[l][i][j] == -g  # the tutorial's gradient: the downhill direction
    assert all(value == 0.0 for layer in network.gradients for row in layer for value in row)


def test_sign_flipped_momentum_rises_at_0_and_converges_at_0_4():
    result = ch11_optimizers.sign_flipped_momentum()
    climbing, cancelling, converging, correct = result.runs
    assert [run.momentum for run in result.runs] == [0.0, 0.1, 0.4, 0.4]
    # momentum 0: gradient ascent, up to nearly the largest error, every output at -1
    assert climbing.rose and climbing.errors[-1] > 4.99
    assert all(row[3] < -0.99 for row in climbing.table)
    # the tutorial's own setting converges, only because momentum 0.4 outweighs lr 0.1
    assert not converging.rose and converging.errors[-1] < 0.001
    assert all((row[3] >= 0.5) == (row[2] == 1) for row in converging.table)
    assert not correct.rose and correct.errors[-1] < 0.001
    # momentum equal to lr: the two terms cancel, and the error stays near where it started
    assert abs(cancelling.errors[-1] - cancelling.errors[0]) < 0.05
    # all from the classic's initial weights at seed 0
    assert correct.errors == NeuralNetwork.classic(2, 2, 1).train(XOR_PATTERNS, 5000, 0.1, 0.4)
    assert converging.errors == ch11_optimizers.train_tutorial_4(NeuralNetwork.classic(2, 2, 1), XOR_PATTERNS, 5000,
                                                                 0.1, 0.4)


# ---------------------------------------------------------------- chapter 12: dropout
def test_dropout_lowers_the_final_test_loss_at_the_defaults():
    numba_or_skip()
    result = ch12_dropout.dropout(backend="numba")
    plain, dropped = result.runs
    assert (plain.dropout, dropped.dropout) == (0.0, 0.3)
    assert dropped.final_test_loss < 0.6 * plain.final_test_loss
    # overfitting: without dropout the training loss ends below the noise's variance and the test loss rises
    assert plain.final_train_loss < 0.3 ** 2 < plain.final_test_loss
    assert plain.best_test_loss < plain.final_test_loss and plain.best_epoch < result.epochs // 2
    assert plain.epochs_measured == list(range(0, 1001, 10)) == dropped.epochs_measured


def test_dropout_refuses_a_rate_outside_0_1():
    for rate in (0.0, 1.0, -0.5):
        with pytest.raises(ValueError, match="the dropout rate must lie between 0 and 1"):
            ch12_dropout.dropout(rate, epochs=1)


# ---------------------------------------------------------------- both backends
@pytest.mark.parametrize("experiment", [
    lambda backend: ch10_descent.descent(epochs=3, backend=backend),
    lambda backend: ch11_optimizers.compare_optimizers(epochs=5, backend=backend),
    lambda backend: ch11_optimizers.compare_optimizers(epochs=3, batch_size=7, backend=backend),
    lambda backend: ch11_optimizers.sign_flipped_momentum(epochs=30, backend=backend),
    lambda backend: ch12_dropout.dropout(hidden=(8, 6), epochs=40, backend=backend),
], ids=["descent", "optimizers", "optimizers-mini-batch", "sign-flipped", "dropout"])
def test_both_backends_compute_the_same_bits(experiment):
    numba_or_skip()
    assert without_seconds(as_data(experiment("numba"))) == without_seconds(as_data(experiment("python")))


def test_commands_print_the_same_on_both_backends():
    numba_or_skip()
    for command in (("descent", "--epochs", 2), ("dropout", "--epochs", 20, "--hidden", "6,5"),):
        numba, python = (without_seconds(run_json(*command, "--backend", backend)) for backend in ("numba", "python"))
        assert numba == python


# ---------------------------------------------------------------- the commands
def test_descent_command_prints_what_its_json_carries():
    text = run("descent", "--epochs", 4).stdout
    data = run_json("descent", "--epochs", 4)
    assert data["command"] == "descent" and len(data["runs"]) == 3
    for run_data, after in zip(data["runs"], data["losses_after_common_updates"]):
        line = next(line for line in text.splitlines() if line.startswith(f"{run_data['name']:<18}{run_data['batch_size']:>7}"))
        assert f"{after:.4f}" in line and f"{run_data['rise_fraction']:.1%}" in line
        assert f"{run_data['largest_rise']:.4f}" in line
        assert f"{run_data['final_loss']:.4f}" in text
    assert "same 192 samples" in text


def test_optimizers_command_prints_what_its_json_carries():
    result = run("optimizers", "--epochs", 10, "--flip-epochs", 300)
    assert result.exit_code == 0, result.output
    data = run_json("optimizers", "--epochs", 10, "--flip-epochs", 300)
    assert len(data["sign_flipped"]["runs"][0]["errors"]) == 300
    for run_data in data["compared"]["runs"]:
        line = next(line for line in result.stdout.splitlines() if line.startswith(f"{run_data['name']:<22}"))
        assert line.split()[-1] == f"{run_data['final_loss']:.4f}"
    for run_data in data["sign_flipped"]["runs"]:
        assert f"{run_data['errors'][-1]:.6f}" in result.stdout
    words = " ".join(result.stdout.split())
    assert "momentum 0 (gradient ascent): the error rose" in words
    assert "momentum 0.4 (descent): the error fell" in words


def test_dropout_command_prints_what_its_json_carries():
    result = run("dropout", "--epochs", 30, "--hidden", "8,8", "--backend", "python")
    assert result.exit_code == 0, result.output
    data = run_json("dropout", "--epochs", 30, "--hidden", "8,8", "--backend", "python")
    assert data["sizes"] == [1, 8, 8, 1] and len(data["train_points"]) == 20
    for run_data in data["runs"]:
        assert (f"{run_data['final_train_loss']:.4f}" in result.stdout
                and f"{run_data['final_test_loss']:.4f}" in result.stdout)
    assert "1/(1 - 0.3) = 1.4286" in result.stdout


@pytest.mark.parametrize("command", NEW_COMMANDS)
def test_new_commands_have_help_with_an_example(command):
    result = run(command, "--help")
    assert result.exit_code == 0
    assert any(line.strip().startswith(f"Example: bpnn {command}") for line in result.stdout.splitlines())


@pytest.mark.parametrize("arguments, words", [
    (("descent", "--mini-batch", "48"), "the mini-batch size must lie between 1 and the 48 points"),
    (("descent", "--hidden", "4,4"), "one width"),
    (("optimizers", "--lr", "-1"), "-1.0 is not in the range x>=0.0"),
    (("dropout", "--rate", "1"), "1.0 is not in the range 0.0<x<1.0"),
])
def test_usage_errors_are_one_line(arguments, words):
    result = run(*arguments)
    assert result.exit_code == 2 and result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1 and words in result.stderr


@pytest.mark.parametrize("command", [("descent", "--epochs", 2), ("optimizers", "--epochs", 2, "--flip-epochs", 2),
                                     ("dropout", "--epochs", 20, "--hidden", "4,4", "--backend", "python")])
def test_plot_writes_a_png(tmp_path, command):
    pytest.importorskip("matplotlib")
    path = tmp_path / "plot.png"
    result = run(*command, "--plot", path)
    assert result.exit_code == 0, result.output
    assert path.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")

