"""Chapter 15, the errata: each tutorial's bug run as written shows its measured effect, and the
corrected version does not; bpnn errata's JSON carries every number it prints."""
import json
import math

import pytest

from bpnn.course import ch15_errata, datasets, plots
from bpnn.network import NeuralNetwork
from test_course_a import assert_text_numbers_in_json
from test_datasets import write_mnist
from helpers import run


@pytest.fixture(scope="module")
def digits():
    return datasets.load_digits()


@pytest.fixture(scope="module")
def result(digits):
    """Every erratum at the command's defaults, computed once: the deep nets on the kernels (the same
    bits as the textbook, which the slow tests check), tutorial 4's many small calls on the textbook."""
    return ch15_errata.ErrataResult(
        list(ch15_errata.TUTORIALS), {tutorial: list(bugs) for tutorial, bugs in ch15_errata.BUGS.items()},
        ch15_errata.tutorial_1(backend="numba"), ch15_errata.tutorial_2(),
        ch15_errata.Tutorial3(ch15_errata.tutorial_3_evaluation(digits, backend="numba"),
                              ch15_errata.unregistered_layers()),
        ch15_errata.tutorial_4(backend="python"), ch15_errata.tutorial_5())


# ---------------------------------------------------------------- tutorial 1
def test_tutorial_1_the_deep_sigmoid_net_sits_on_a_plateau_then_leaves_it(result):
    plateau = result.tutorial_1.plateau
    assert plateau.stopped_at == 1000 and plateau.printed_loss == 0.693046
    # where the tutorial stopped, ours too is at ln 2 and answers about 1/2 everywhere
    assert abs(plateau.loss_at_stop - math.log(2.0)) < 1e-3
    assert plateau.farthest_from_half < 0.01
    # trained on, it leaves the plateau (epoch 2819 at seed 0) and learns XOR
    assert plateau.left_plateau is not None and 2000 <= plateau.left_plateau <= 3000
    assert plateau.errors[plateau.left_plateau - 1] < plateau.plateau_exit <= plateau.errors[plateau.left_plateau - 2]
    assert plateau.final_loss < 1e-3 and ch15_errata.accuracy(plateau.final_outputs) == 1.0


def test_tutorial_1_accuracy_at_ln_2_is_rounding_noise(result):
    noise = result.tutorial_1.rounding_noise
    assert noise.loss == pytest.approx(math.log(2.0), abs=1e-12)
    assert all(abs(deviation) < 1e-15 for deviation in noise.outputs_minus_half)
    # the same answer, 1/2, read as 25% here and as 50% by the tutorial
    assert noise.accuracy != noise.printed_accuracy[1000]


# ---------------------------------------------------------------- tutorial 2
def test_tutorial_2_as_written_climbs_and_corrected_learns_xor(result):
    part = result.tutorial_2
    written, corrected = part.as_written, part.corrected
    assert written.first_loss == corrected.first_loss   # the same initial weights
    costs = [cost for _, cost in written.printed]
    assert costs[-1] > 10.0 * costs[0] and costs[-1] > 13.0
    assert all(later >= earlier for earlier, later in zip(costs[1:], costs[2:]))   # climbing, after its first 100
    # the measurement, reproduced at seed 1: 0.70 -> 13.4, and 0.0003 with the sign fixed
    assert round(written.first_loss, 2) == 0.70 and round(written.final_loss, 1) == 13.4
    assert round(corrected.final_loss, 4) == 0.0003
    assert ch15_errata.accuracy(corrected.outputs) == 1.0 and ch15_errata.accuracy(written.outputs) == 0.5
    assert [step for step, _ in written.printed] == list(range(0, 10001, 100))


def test_tutorial_2_with_the_mean_is_the_textbooks_gradient_descent(result):
    """Corrected and averaged, the tutorial's lines are bpnn's backpropagation, up to its + 1e-7."""
    part = result.tutorial_2
    assert part.textbook_loss == pytest.approx(part.mean_gradient.final_loss, rel=1e-4)
    short = ch15_errata.tutorial_2_backprop("corrected", "mean", seed=1, steps=201)
    network = NeuralNetwork([2, 2, 1], activation="sigmoid", output="sigmoid", loss="bce", seed=1)
    errors = network.train([[[0, 0], [0]], [[0, 1], [1]], [[1, 0], [1]], [[1, 1], [0]]], 201, 1.0, 0.0, 4,
                           optimizer="sgd")
    assert [cost for _, cost in short.printed] == pytest.approx([errors[0], errors[100], errors[200]], rel=1e-6)
    # the sign as written is minus that gradient: its first 100 steps raise the cost, the corrected ones lower it
    up = ch15_errata.tutorial_2_backprop("as written", "sum", seed=1, steps=101)
    down = ch15_errata.tutorial_2_backprop("corrected", "sum", seed=1, steps=101)
    assert up.printed[1][1] > up.printed[0][1] == down.printed[0][1] > down.printed[1][1]
    # the initial weights are those of bpnn's network at the same seed
    first, second = NeuralNetwork([2, 2, 1], seed=1).weights
    assert ch15_errata.tutorial_2_weights(1) == (first[:2], first[2], second[:2], second[2])


def test_tutorial_2_from_zero_weights_nothing_moves(result):
    zeros = result.tutorial_2.zeros
    assert zeros.initial == "zeros" and zeros.outputs == [0.5, 0.5, 0.5, 0.5]
    assert all(cost == math.log(2.0) for _, cost in zeros.printed)


def test_tutorial_2_refuses_unknown_choices():
    with pytest.raises(ValueError, match="unknown sign"):
        ch15_errata.tutorial_2_backprop("backwards")
    with pytest.raises(ValueError, match="unknown weight gradient"):
        ch15_errata.tutorial_2_backprop("corrected", "median")


# ---------------------------------------------------------------- tutorial 3
def test_tutorial_3_training_on_the_test_images_inflates_the_accuracy(result):
    run = result.tutorial_3.evaluation
    assert (run.dataset, run.sizes, run.n_train, run.n_test) == ("digits", [64, 128, 10], 1438, 359)
    assert run.loop_hits > run.plain_hits          # counted while training on them: inflated
    assert run.after_hits > run.loop_hits          # the network it leaves has learnt the test images
    assert run.plain_percentage == run.plain_hits / 359 * 100.0 and run.loop_percentage == run.loop_hits / 359 * 100.0


def test_tutorial_3_divides_by_one_less(result):
    run, layers = result.tutorial_3.evaluation, result.tutorial_3.layers
    assert run.printed_percentage == run.loop_hits / 358 * 100.0 > run.loop_percentage
    assert ch15_errata.printed_percentage(3500, 5000) == pytest.approx(70.014002800560112)
    assert layers.divisor_effect == 5000 / 4999 and layers.true_percentage == pytest.approx(69.986)


def test_tutorial_3_unregistered_layers_arithmetic(result):
    layers = result.tutorial_3.layers
    assert layers.trained_parameters == 784 * 1568 + 1568 + 1568 * 10 + 10
    assert layers.untrained_parameters == 1568 * 1568 + 1568
    assert layers.untrained_percentage > 50.0
    assert (layers.hidden_layers_in_text, layers.hidden_layers_in_code) == (1, 2)


def test_tutorial_3_needs_two_test_images(digits):
    with pytest.raises(ValueError, match="at least 2 test images"):
        ch15_errata.tutorial_3_evaluation(digits, n_train=10, n_test=1)


# ---------------------------------------------------------------- tutorial 4
def test_tutorial_4_sign_flipped_momentum_climbs_at_momentum_0(result):
    runs = {(run.rule, run.momentum): run for run in result.tutorial_4.momentum.runs}
    assert runs["tutorial 4 (sign flipped)", 0.0].rose
    assert runs["tutorial 4 (sign flipped)", 0.0].errors[-1] > 4.0 * runs["tutorial 4 (sign flipped)", 0.0].errors[0]
    assert not runs["classic (correct)", 0.4].rose and runs["classic (correct)", 0.4].errors[-1] < 1e-3


def test_tutorial_4_comment_is_not_tanhs_derivative(result):
    for row in result.tutorial_4.tanh:
        assert row.derivative == pytest.approx(row.slope, abs=1e-8)       # 1 - y^2, its code
        assert abs(row.comment - row.slope) > 0.03                         # y (1 - y), its comment
        assert row.comment == row.y * (1.0 - row.y) and row.derivative == 1.0 - row.y ** 2


# ---------------------------------------------------------------- tutorial 5
def test_tutorial_5_sigmoid_table_is_wrong_and_step_table_right(result):
    part = result.tutorial_5
    assert not part.sigmoid_solved and all(row.output > 0.5 for row in part.sigmoid)
    assert part.lowest_output > 0.5
    assert [row.output for row in part.step] == [0.0, 1.0, 1.0, 0.0]


def test_tutorial_5_total_printed_wrong_and_bce(result):
    example = result.tutorial_5.example
    assert example.printed_total == -0.067 and round(example.rounded_total, 3) == 0.379
    assert round(example.bce_total, 3) == 0.603 and round(example.bce_mean, 3) == 0.151


# ---------------------------------------------------------------- the command
@pytest.mark.parametrize("arguments", [(), (1,), (2,), (3,), (4,), (5,)])
def test_errata_json_carries_every_number_printed(monkeypatch, result, arguments):
    def cached(tutorials, *ignored, **ignored_too):
        chosen = list(tutorials)
        return ch15_errata.ErrataResult(chosen, {t: result.bugs[t] for t in chosen},
                                        *[getattr(result, f"tutorial_{t}") if t in chosen else None
                                          for t in ch15_errata.TUTORIALS])
    monkeypatch.setattr(ch15_errata, "errata", cached)
    text = run("errata", *arguments)
    assert text.exit_code == 0, text.output
    document = run("errata", *arguments, "--json")
    data = json.loads(document.stdout)
    assert data["command"] == "errata" and data["tutorials"] == (list(arguments) or [1, 2, 3, 4, 5])
    for tutorial in data["tutorials"]:
        assert f"=== tutorial {tutorial} ===" in text.stdout
    assert_text_numbers_in_json(text.stdout, data)


def test_errata_5_runs_for_real_and_bad_numbers_are_refused():
    data = json.loads(run("errata", 5, "--json").stdout)
    assert data["tutorial_5"]["lowest_output"] > 0.5 and data["tutorial_1"] is None
    assert data["bugs"]["5"] == list(ch15_errata.BUGS[5])
    refused = run("errata", 6)
    assert refused.exit_code == 2 and "6 is not in the range 1<=x<=5" in refused.stderr


def test_errata_help_and_options_of_tutorial_3_only():
    assert "Example: bpnn errata" in run("errata", "--help").stdout
    refused = run("errata", 2, "--limit", 10)
    assert refused.exit_code == 2 and "options of tutorial 3's evaluation" in refused.stderr


def test_errata_3_on_mnist_files(tmp_path):
    write_mnist(tmp_path, "-", False, n_train=7, n_test=4)
    data = json.loads(run("errata", 3, "--data", tmp_path, "--backend", "python", "--json").stdout)
    run_3 = data["tutorial_3"]["evaluation"]
    assert (run_3["dataset"], run_3["sizes"], run_3["n_train"], run_3["n_test"]) == ("mnist", [12, 24, 10], 7, 4)
    missing = run("errata", 3, "--data", tmp_path / "nowhere")
    assert missing.exit_code == 2 and "--data" in missing.stderr


def test_errata_plot(tmp_path, result):
    path = tmp_path / "errata.png"
    plots.errata(path, result)
    assert path.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    written = run("errata", 5, "--plot", tmp_path / "five.png")
    assert written.exit_code == 0 and f"plot written to {tmp_path / 'five.png'}" in written.stdout


# ---------------------------------------------------------------- the two paths
@pytest.mark.slow
def test_tutorials_1_and_3_the_same_bits_on_the_textbook(result, digits):
    textbook = ch15_errata.tutorial_1(backend="python")
    assert textbook.plateau.errors == result.tutorial_1.plateau.errors
    assert textbook.plateau.outputs_at_stop == result.tutorial_1.plateau.outputs_at_stop
    assert ch15_errata.tutorial_3_evaluation(digits, backend="python") == result.tutorial_3.evaluation
