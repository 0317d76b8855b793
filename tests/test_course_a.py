"""Chapters 1, 3 (matrix form), 4 and 5, the flat surface of chapter 2, and the course's table of
contents: each chapter's claim at its default settings, and each command's JSON against its text."""
import ast
import importlib.util
import math
import pathlib
import re

import pytest

from bpnn.activations import ACTIVATIONS, sigmoid, softmax
from bpnn.cli import main
from bpnn.course import ch01_perceptron, ch02_gates, ch03_wired, ch04_activations, ch05_losses, contents, truth_tables
from bpnn.losses import bce, cross_entropy
from helpers import run, run_json

ROOT = pathlib.Path(__file__).resolve().parent.parent
# commands of `main` that run no experiment of the course, so no chapter lists them
NOT_EXPERIMENTS = {"course", "compile"}  # commands that are not an experiment of the course
NUMBER = re.compile(r"-?\d+\.\d+(?:e[-+]?\d+)?")


def json_numbers(data) -> list[float]:
    if isinstance(data, dict):
        return [number for value in data.values() for number in json_numbers(value)]
    if isinstance(data, list):
        return [number for value in data for number in json_numbers(value)]
    if isinstance(data, (int, float)) and not isinstance(data, bool):
        return [float(data)]
    return []


def assert_text_numbers_in_json(text: str, data) -> None:
    """Every decimal number the text prints is one of the JSON's numbers, rounded as printed."""
    numbers = json_numbers(data)
    for printed in NUMBER.findall(text):
        value = float(printed)
        if "e" in printed:
            mantissa = printed.split("e")[0]
            places = len(mantissa.split(".")[1])
            tolerance = 0.5 * 10.0 ** -places * abs(value) / max(abs(float(mantissa)), 1e-300) * 1.0001
        else:
            tolerance = 0.5 * 10.0 ** -len(printed.split(".")[1]) + 1e-12
        assert any(abs(number - value) <= tolerance for number in numbers), f"{printed} is printed but not in the JSON"


# ---------------------------------------------------------------- chapter 1: the perceptron
@pytest.mark.parametrize("gate", ["and", "or", "nand"])
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_rosenblatt_converges_on_the_separable_gates(gate, seed):
    result = ch01_perceptron.perceptron(gate, seed=seed)
    assert result.converged and result.cycle_start is None
    assert result.epochs[-1].mistakes == 0 and len(result.epochs) <= 20   # observed: at most 12 epochs
    assert all(answer.output == answer.target for answer in result.answers)


@pytest.mark.parametrize("lr", [0.1, 0.5, 1.0])
@pytest.mark.parametrize("seed", [0, 1, 2, 3])
def test_rosenblatt_cycles_on_xor_and_the_cycle_is_real(lr, seed):
    result = ch01_perceptron.perceptron("xor", lr=lr, seed=seed)
    assert not result.converged and result.cycle_start is not None and result.cycle_length >= 1
    # from the weights at the cycle's start, the same epochs bring the same weights back, with mistakes
    weights = list(result.initial_weights if result.cycle_start == 0 else result.epochs[result.cycle_start - 1].weights)
    patterns = [(ch01_perceptron.with_bias(inputs), target)
                for inputs, target in zip(truth_tables.INPUTS, truth_tables.GATES["xor"])]
    start = list(weights)
    for _ in range(result.cycle_length):
        assert ch01_perceptron.rosenblatt_epoch(weights, patterns, lr) > 0
    assert ch01_perceptron.same_weights(start, weights, lr)


def test_rosenblatt_rule_by_hand():
    """From w = 0 on AND, only 11 is wrong (z = 0 answers 0): w <- w + lr (1 - 0) (1, 1, 1)."""
    weights = [0.0, 0.0, 0.0]
    patterns = [(ch01_perceptron.with_bias(inputs), target)
                for inputs, target in zip(truth_tables.INPUTS, truth_tables.GATES["and"])]
    assert ch01_perceptron.rosenblatt_epoch(weights, patterns, 0.25) == 1
    assert weights == [0.25, 0.25, 0.25]


@pytest.mark.parametrize("gate, minimum", [("and", 0.125), ("or", 0.125), ("nand", 0.125), ("xor", 0.5)])
def test_delta_rule_loss_falls_to_the_least_squares_minimum(gate, minimum):
    result = ch01_perceptron.perceptron(gate, rule="delta")
    losses = [result.initial_loss] + [record.loss for record in result.epochs]
    assert all(later <= earlier + 1e-15 for earlier, later in zip(losses, losses[1:]))
    assert losses[-1] < losses[0]
    assert abs(losses[-1] - minimum) < 1e-3    # least squares: E = 1/8 for AND, OR, NAND; 1/2 for XOR
    assert result.converged == (gate != "xor")


def test_delta_rule_steps_against_the_gradient_of_e():
    """One delta-rule epoch moves w by -lr ∂E/∂w, ∂E/∂w measured by central differences."""
    patterns = [(ch01_perceptron.with_bias(inputs), target)
                for inputs, target in zip(truth_tables.INPUTS, truth_tables.GATES["nand"])]
    weights = [0.3, -0.2, 0.1]
    moved = list(weights)
    ch01_perceptron.delta_epoch(moved, patterns, 0.1)
    for i in range(3):
        up, down = list(weights), list(weights)
        up[i] += 1e-6
        down[i] -= 1e-6
        slope = (ch01_perceptron.squared_error(up, patterns) - ch01_perceptron.squared_error(down, patterns)) / 2e-6
        assert abs((moved[i] - weights[i]) - (-0.1 * slope)) < 1e-9


@pytest.mark.parametrize("arguments, error", [(("xnor",), "unknown gate"), (("and", "bogus"), "unknown rule"),
                                              (("and", "perceptron", 0.0), "learning rate must be positive"),
                                              (("and", "perceptron", 0.1, 0), "epochs must be at least 1")])
def test_perceptron_refuses_bad_input(arguments, error):
    with pytest.raises(ValueError, match=error):
        ch01_perceptron.perceptron(*arguments)


def test_perceptron_command_says_converged_or_cycle():
    converged = " ".join(run("perceptron", "nand").stdout.split())
    assert "converged at epoch 12" in converged
    text = " ".join(run("perceptron", "xor").stdout.split())
    data = run_json("perceptron", "xor")
    assert (f"cycle: the weights at the end of epoch {data['epochs'][-1]['epoch']} are those at the end of epoch "
            f"{data['cycle_start']}") in text and "never converges" in text
    delta = " ".join(run("perceptron", "and", "--rule", "delta").stdout.split())
    assert "E = 1/2 (t - z)^2 dE/dw_i = dE/dz * dz/dw_i = -(t - z) x_i" in delta
    assert delta.count("dE/dw_i = dE/dz") == 1          # the derivation, printed once
    assert run("perceptron", "and", "--lr", 0).exit_code == 2


# ---------------------------------------------------------------- chapter 4: activations
KINKS = {"relu": 0.0, "leaky_relu": 0.0}


@pytest.mark.parametrize("name", list(ACTIVATIONS))
def test_derivatives_equal_finite_differences(name):
    function = ACTIVATIONS[name].function
    for k in range(-24, 25):
        z = k / 4.0
        if KINKS.get(name) == z:
            continue
        measured = (function(z + 1e-6) - function(z - 1e-6)) / 2e-6
        assert abs(ch04_activations.derivative_at(name, z) - measured) < 1e-7, (name, z)


def test_the_table_flags_only_the_kinks():
    result = ch04_activations.activations()
    for profile in result.activations:
        for point in profile.points:
            at_kink = KINKS.get(profile.name) == point.z
            assert (abs(point.derivative - point.slope) > 1e-6) == at_kink, (profile.name, point.z)


def test_saturation_and_the_largest_derivatives():
    profiles = {profile.name: profile for profile in ch04_activations.activations().activations}
    # σ' = y (1 - y) = 0.01 at y = (1 + √0.96) / 2; tanh' = 1 - y² = 0.01 at y = √0.99
    y = (1.0 + math.sqrt(0.96)) / 2.0
    assert abs(profiles["sigmoid"].saturated_above - math.log(y / (1.0 - y))) < 1e-9
    assert abs(profiles["sigmoid"].saturated_below + math.log(y / (1.0 - y))) < 1e-9
    assert abs(profiles["tanh"].saturated_above - math.atanh(math.sqrt(0.99))) < 1e-9
    assert (profiles["relu"].saturated_below, profiles["relu"].saturated_above) == (0.0, None)
    for name in ("leaky_relu", "linear"):
        assert (profiles[name].saturated_below, profiles[name].saturated_above) == (None, None)
    assert (profiles["sigmoid"].largest_derivative, profiles["sigmoid"].largest_from,
            profiles["sigmoid"].largest_to) == (0.25, 0.0, 0.0)
    assert (profiles["tanh"].largest_derivative, profiles["tanh"].largest_from) == (1.0, 0.0)
    assert profiles["relu"].largest_derivative == 1.0 and profiles["relu"].largest_from > 0.0


def test_softmax_jacobian_equals_finite_differences():
    example = ch04_activations.softmax_example((2.0, 1.0, 0.1, -1.5))
    for k in range(4):
        up, down = list(example.weighted_sums), list(example.weighted_sums)
        up[k] += 1e-6
        down[k] -= 1e-6
        for j in range(4):
            measured = (softmax(up)[j] - softmax(down)[j]) / 2e-6
            assert abs(example.jacobian[j][k] - measured) < 1e-8
            assert example.jacobian[j][k] == example.jacobian[k][j]
    assert all(abs(total) < 1e-15 for total in example.row_totals)


# ---------------------------------------------------------------- chapter 5: losses
def test_tutorial_3s_three_points():
    part = ch05_losses.three_points()
    assert part.predictions == [-3.0, -1.0, 1.0] and part.terms == [9.0, 0.0, 1.0]
    assert abs(part.loss - 10.0 / 3.0) < 1e-15
    for i, expected in enumerate((8.0 / 3.0, -4.0 / 3.0)):   # the slope of L in w and in b, measured
        up, down = list(ch05_losses.LINE), list(ch05_losses.LINE)
        up[i] += 1e-6
        down[i] -= 1e-6
        measured = (ch05_losses.three_points(line=up).loss - ch05_losses.three_points(line=down).loss) / 2e-6
        assert abs(part.gradient[i] - expected) < 1e-12 and abs(measured - expected) < 1e-6


def test_tutorial_5s_worked_example():
    example = ch05_losses.worked_example()
    assert [round(term, 3) for term in example.one_hot_terms] == [0.105, 0.0, 0.223, 0.051]   # the tutorial's terms
    assert abs(example.rounded_total - 0.379) < 1e-12               # the terms it printed, added right
    assert abs(example.one_hot_total - (-math.log(0.9) - math.log(0.8) - math.log(0.95))) < 1e-15
    printed = 0.0
    for term in example.printed_terms:
        printed = printed + term
    assert abs(printed - example.printed_total) < 1e-12 and example.printed_total == -0.067  # the slip reproduces it
    hand = [-(t * math.log(p) + (1.0 - t) * math.log(1.0 - p)) for t, p in zip(example.labels, example.predictions)]
    assert all(abs(term - by_hand) < 1e-12 for term, by_hand in zip(example.bce_terms, hand))
    assert round(example.bce_total, 3) == 0.603 and round(example.bce_mean, 3) == 0.151
    assert abs(example.mse - 0.023125) < 1e-15


def test_the_delta_two_ways():
    result = ch05_losses.losses()
    pairs = {(comparison.output, comparison.loss): comparison for comparison in result.deltas}
    for comparison in result.deltas:
        assert comparison.largest_difference < 1e-15
    assert pairs["sigmoid", "bce"].is_output_minus_target and pairs["softmax", "cross_entropy"].is_output_minus_target
    assert not pairs["sigmoid", "half_sse"].is_output_minus_target
    # and both equal dE/dz, measured: E as a function of the weighted sums
    for row in pairs["sigmoid", "bce"].rows:
        z = ch05_losses.logit(row.output)
        measured = (bce([z + 1e-6], [sigmoid(z + 1e-6)], [row.target])
                    - bce([z - 1e-6], [sigmoid(z - 1e-6)], [row.target])) / 2e-6
        assert abs(row.chain_rule - measured) < 1e-8
    weighted_sums = list(ch05_losses.SOFTMAX_EXAMPLE)
    for k, row in enumerate(pairs["softmax", "cross_entropy"].rows):
        up, down = list(weighted_sums), list(weighted_sums)
        up[k] += 1e-6
        down[k] -= 1e-6
        targets = list(ch05_losses.SOFTMAX_TARGETS)
        measured = (cross_entropy(up, softmax(up), targets) - cross_entropy(down, softmax(down), targets)) / 2e-6
        assert abs(row.chain_rule - measured) < 1e-8


def test_losses_command_names_the_slip():
    text = " ".join(run("losses").stdout.split())
    assert "0.105 + 0 + 0.223 + 0.051 = 0.379" in text
    assert "tutorial 5 prints 0.105 + 0 - 0.223 + 0.051 = -0.067: the third term entered with a minus sign" in text
    assert "binary cross-entropy: 0.603 summed, 0.151 averaged" in text


# ---------------------------------------------------------------- chapter 3: the matrix form
def test_wired_batch_form_has_the_tutorials_shapes_and_the_loops_numbers():
    result = ch03_wired.wired()
    batch = result.batch
    assert batch.shapes["inputs"] == [4, 2] and batch.shapes["hidden_weights"] == [2, 2]
    assert batch.shapes["hidden_outputs"] == [4, 2] and batch.shapes["output_weights"] == [2, 1]
    assert batch.shapes["outputs"] == [4, 1]
    network = ch03_wired.wired_network()
    for (inputs, _), n, y in zip(truth_tables.XOR_PATTERNS, batch.hidden_outputs, batch.outputs):
        assert network.forward(inputs) == y and network.outputs[0] == n   # bit for bit
    assert batch.same_as_loops
    text = run("wired").stdout
    assert "Z1 = X (4x2) W1 (2x2) + b1 (2) -> 4x2" in text and "Z2 = N (4x2) W2 (2x1) + b2 (1) -> 4x1" in text


# ---------------------------------------------------------------- chapter 2: no boundary on XOR
def test_gate_xor_has_a_flat_output_and_no_boundary():
    xor, gate_and = ch02_gates.gate("xor"), ch02_gates.gate("and")
    assert xor.flat and xor.output_high - xor.output_low < 1e-12    # observed: 2.8e-16
    assert not gate_and.flat and gate_and.output_low < 0.5 < gate_and.output_high
    assert "no decision boundary" in " ".join(run("gate", "xor").stdout.split())
    assert "no decision boundary" not in run("gate", "and").stdout
    assert run_json("gate", "xor")["flat"] is True


@pytest.mark.skipif(importlib.util.find_spec("matplotlib") is None, reason="needs matplotlib (bpnn[plot])")
def test_the_flat_surface_is_drawn_without_a_contour():
    from matplotlib.figure import Figure
    from bpnn.course import plots
    for name, flat in (("xor", True), ("and", False)):
        axes = Figure().subplots()
        plots._decision_boundary(axes, ch02_gates.gate(name).network, truth_tables.gate_patterns(name))
        assert axes.get_title().startswith("no decision boundary") == flat
        assert len(axes.collections) == (1 if flat else 2) + 4     # shading (+ the 1/2 contour), four patterns


# ---------------------------------------------------------------- the JSON carries what is printed
@pytest.mark.parametrize("arguments", [("perceptron", "and"), ("perceptron", "xor"), ("perceptron", "nand"),
                                       ("perceptron", "xor", "--rule", "delta"),
                                       ("perceptron", "or", "--rule", "delta", "--every", 7),
                                       ("activations",), ("activations", "--at", "-1.5,0,2.25", "--softmax", "1,2"),
                                       ("losses",), ("wired",)])
def test_json_parses_and_carries_the_numbers_printed(arguments):
    text = run(*arguments)
    assert text.exit_code == 0, text.output
    data = run_json(*arguments)
    assert data["command"] == arguments[0]
    assert_text_numbers_in_json(text.stdout, data)


@pytest.mark.skipif(importlib.util.find_spec("matplotlib") is None, reason="needs matplotlib (bpnn[plot])")
@pytest.mark.parametrize("arguments", [("perceptron", "xor"), ("perceptron", "and", "--rule", "delta"),
                                       ("activations",), ("losses",), ("gate", "xor")])
def test_new_plots_write_a_png(tmp_path, arguments):
    path = tmp_path / "plot.png"
    result = run(*arguments, "--plot", path)
    assert result.exit_code == 0, result.output
    assert path.read_bytes().startswith(b"\x89PNG\r\n\x1a\n") and f"plot written to {path}" in result.stdout


@pytest.mark.parametrize("command", ["perceptron", "activations", "losses", "course"])
def test_new_commands_have_help_with_an_example(command):
    help_text = run(command, "--help").stdout
    assert next(line.strip() for line in help_text.splitlines() if "Example: bpnn" in line).startswith(
        f"Example: bpnn {command}")


# ---------------------------------------------------------------- the table of contents
def test_course_lists_every_experiment_command_exactly_once():
    listed = [name for chapter in contents.CHAPTERS for name in chapter.command_names]
    experiments = set(main.commands) - NOT_EXPERIMENTS
    assert sorted(listed) == sorted(experiments), "each experiment command belongs to exactly one chapter"
    text = run("course").stdout
    for name in experiments:
        assert len(re.findall(rf"\bbpnn {name}\b", text)) == 1, name


def test_chapters_are_in_order_and_their_files_and_functions_exist():
    numbers = [chapter.number for chapter in contents.CHAPTERS]
    assert numbers == sorted(set(numbers)) and numbers[0] == 1
    for chapter in contents.CHAPTERS:
        assert (ROOT / chapter.module).is_file(), chapter.module
        assert chapter.title and chapter.commands and chapter.read and chapter.look_for and chapter.compare
        assert all(1 <= tutorial <= 5 for tutorial in chapter.tutorials)
        for entry in chapter.read:
            path, names = entry.split(": ", 1)
            defined = defined_names(ROOT / path)
            while re.search(r"\([^()]*\)", names):   # drop the remarks in parentheses
                names = re.sub(r"\([^()]*\)", "", names)
            for name in (part.strip() for part in names.split(",")):
                assert name in defined, f"chapter {chapter.number}: {path} defines no {name}"


def defined_names(path: pathlib.Path) -> set[str]:
    """The functions, classes and methods (as Class.method) a Python file defines at its top level."""
    names = set()
    for node in ast.parse(path.read_text()).body:
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            names.add(node.name)
        if isinstance(node, ast.ClassDef):
            names.update(f"{node.name}.{item.name}" for item in node.body if isinstance(item, ast.FunctionDef))
    return names


def test_course_chapter_guide_and_json():
    data = run_json("course")
    assert [chapter["number"] for chapter in data["chapters"]] == [chapter.number for chapter in contents.CHAPTERS]
    assert data["chapters"][0]["module"] == "bpnn/course/ch01_perceptron.py"
    guide = run("course", 5).stdout
    for heading in ("Read:", "Run:", "Look for:", "Compare with the tutorials:"):
        assert heading in guide
    assert "bpnn losses" in guide
    assert run_json("course", 5)["chapter"]["commands"] == list(contents.chapter(5).commands)
    missing = run("course", 10) if 10 not in [chapter.number for chapter in contents.CHAPTERS] else run("course", 99)
    assert missing.exit_code == 2 and "there is no chapter" in missing.stderr


def readme_guide_rows() -> list[list[str]]:
    """The rows of the Markdown table under README.md's heading 'Reading guide', cells stripped of backticks."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## Reading guide", 1)[1].split("\n## ", 1)[0]
    rows = [[cell.strip().strip("`") for cell in line.strip().strip("|").split("|")]
            for line in section.splitlines() if line.startswith("|")]
    assert rows, "README.md's reading guide has no table"
    return [row for row in rows[2:]]   # after the header and the |---| line


def test_readme_reading_guide_agrees_with_the_contents():
    expected = [[str(chapter.number), chapter.title, ", ".join(map(str, chapter.tutorials)) or "-",
                 chapter.commands[0], chapter.module] for chapter in contents.CHAPTERS]
    assert readme_guide_rows() == expected, "README.md's reading guide should list, in this order:\n" + "\n".join(
        f"| {number} | {title} | {tutorials} | `{command}` | `{module}` |"
        for number, title, tutorials, command, module in expected)
