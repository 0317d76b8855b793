"""The course's experiments (bpnn.experiments, bpnn.vanish, bpnn.approx, bpnn.trace) show what the
tutorials claim, at the tutorials' settings."""
import json
import math

import pytest

from bpnn import NeuralNetwork
from bpnn.course import ch02_gates, ch03_wired, ch07_gradcheck, ch08_xor
from bpnn.activations import sigmoid
from bpnn.course.ch13_approx import approx
from bpnn.course.results import as_data
from bpnn.course.truth_tables import XOR_PATTERNS
from bpnn.course.ch06_trace import classic_trace, trace
from bpnn.course.ch09_vanish import vanish
from helpers import numba_or_skip

LN2 = math.log(2.0)


# ---------------------------------------------------------------- xor
def test_seeds_setting_solves_xor():
    """Tutorial 4: lr 0.1, momentum 0.4, 5000 epochs (with the classic's correct momentum sign)."""
    result = ch08_xor.xor(lr=0.1, momentum=0.4, epochs=5000)
    assert result.solved
    assert len(result.errors) == 5000 and result.errors[-1] < 0.001
    for row in result.table:
        assert abs(row.output - row.target) < 0.05


def test_default_with_momentum_0_4_solves_xor():
    result = ch08_xor.xor(hidden=(2,), momentum=0.4)
    assert result.solved and result.errors[-1] < result.errors[0] / 100


def test_one_width_is_exactly_the_classic_network():
    assert ch08_xor.xor_network((3,), seed=5).weights == NeuralNetwork.classic(2, 3, 1, seed=5).weights
    classic = NeuralNetwork.classic(2, 2, 1)
    classic.train(XOR_PATTERNS, 50, 0.5, 0.1)
    assert ch08_xor.xor(epochs=50).network.weights == classic.weights


def test_a_deeper_tanh_net_of_the_same_style_solves_xor():
    result = ch08_xor.xor(hidden=(4, 3))
    assert result.sizes == [2, 4, 3, 1]
    assert result.network.bias == [True, False, False]
    assert result.solved


def test_an_unsolved_run_says_so():
    result = ch08_xor.xor(epochs=1)
    assert not result.solved


# ---------------------------------------------------------------- gate
@pytest.mark.parametrize("name, seed_loss", [("and", 0.017431), ("or", 0.009317), ("nand", None)])
def test_logistic_regression_learns_the_separable_gates(name, seed_loss):
    result = ch02_gates.gate(name)
    assert result.accuracy == 1.0
    assert result.linearly_separable
    assert result.loss < 0.02
    if seed_loss is not None:  # the seed printed these at epoch 1000 (PyTorch, another initial draw)
        assert abs(result.errors[-1] - seed_loss) < 0.001


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_logistic_regression_is_stuck_at_ln2_on_xor(seed):
    result = ch02_gates.gate("xor", seed=seed)
    assert not result.linearly_separable
    assert abs(result.loss - LN2) < 0.01
    assert result.accuracy <= 0.75
    for row in result.table:
        assert abs(row.output - 0.5) < 0.01


def test_unknown_gate_is_refused():
    with pytest.raises(ValueError, match="unknown gate 'xnor'"):
        ch02_gates.gate("xnor")


# ---------------------------------------------------------------- wired
def test_wired_step_units_give_xor_exactly():
    result = ch03_wired.wired()
    assert [row.inputs for row in result.step] == [[0, 0], [0, 1], [1, 0], [1, 1]]
    assert [row.n1 for row in result.step] == [1.0, 1.0, 1.0, 0.0]     # NAND
    assert [row.n2 for row in result.step] == [0.0, 1.0, 1.0, 1.0]     # OR
    assert [row.output for row in result.step] == [0.0, 1.0, 1.0, 0.0]  # AND(n1, n2) = XOR
    assert result.step_solved


def test_wired_sigmoid_units_by_hand():
    """n1 = σ(-2 x1 - 2 x2 + 3), n2 = σ(2 x1 + 2 x2 - 1), y = σ(n1 + n2 - 1)."""
    result = ch03_wired.wired()
    for row in result.sigmoid:
        x1, x2 = row.inputs
        n1, n2 = sigmoid(-2 * x1 - 2 * x2 + 3.0), sigmoid(2 * x1 + 2 * x2 - 1.0)
        assert (row.n1, row.n2) == (n1, n2)
        assert row.output == sigmoid(n1 + n2 - 1.0)
    # the same, as numbers: σ(3), σ(-1), σ(1) and the outputs
    assert [round(row.n1, 6) for row in result.sigmoid] == [0.952574, 0.731059, 0.731059, 0.268941]
    assert [round(row.output, 6) for row in result.sigmoid] == [0.555154, 0.613516, 0.613516, 0.555154]
    assert not result.sigmoid_solved  # all four above 1/2: σ(0) = 1/2 cannot break the AND unit's tie


# ---------------------------------------------------------------- vanish
def test_sigmoid_net_gradient_vanishes_towards_the_inputs():
    result = vanish(epochs=200)
    runs = {run.activation: run for run in result.runs}
    sigmoid_norms, relu_norms = runs["sigmoid"].gradient_norms, runs["relu"].gradient_norms
    assert len(sigmoid_norms) == 4
    # each sigmoid layer passes back at most 1/4: the norms grow layer by layer towards the output
    assert sigmoid_norms[0] < sigmoid_norms[1] < sigmoid_norms[2] < sigmoid_norms[3]
    assert sigmoid_norms[0] * 500 < sigmoid_norms[3]      # observed: 563 times smaller
    # observed at seed 0: the ReLU net's first layer gets a 102 times larger gradient (tanh: 100)
    assert sigmoid_norms[0] * 50 < relu_norms[0]
    assert sigmoid_norms[0] * 50 < runs["tanh"].gradient_norms[0]
    assert abs(runs["sigmoid"].loss - LN2) < 0.001
    assert runs["relu"].loss < 0.01 and runs["tanh"].loss < 0.05


@pytest.mark.slow
def test_vanish_at_the_seeds_setting():
    """1000 epochs: tutorial 1's sigmoid net ended at 0.693046; ReLU and tanh learn XOR."""
    result = vanish()
    runs = {run.activation: run for run in result.runs}
    assert abs(runs["sigmoid"].loss - LN2) < 0.001
    assert runs["relu"].loss < 0.001 and runs["tanh"].loss < 0.001


def test_gradient_norms_leave_the_network_unchanged():
    from bpnn.course.ch09_vanish import gradient_norms
    network = NeuralNetwork([2, 3, 1], activation="sigmoid", loss="bce")
    before = network.to_dict()
    norms = gradient_norms(network, XOR_PATTERNS)
    assert network.to_dict() == before
    assert len(norms) == 2 and all(norm > 0.0 for norm in norms)


# ---------------------------------------------------------------- approx
@pytest.mark.parametrize("seed", [0, 1, 2, 3])
def test_approx_fits_only_inside_the_interval(seed):
    """Observed rmse inside [-5, 5]: 4.6, 4.2, 2.7, 6.7 (y spans -96..144 there); outside 16 to 30 times more."""
    result = approx(seed=seed)
    assert result.sizes == [1, 6, 1] and len(result.errors) == 100
    assert result.rmse_inside < 10.0
    assert result.rmse_outside > 5.0 * result.rmse_inside
    assert result.errors[-1] < result.errors[0] / 10


def test_approx_curve_covers_both_sides():
    result = approx(samples=200)
    xs = [x for x, _, _ in result.curve]
    assert xs == sorted(xs) and xs[0] == -7.0 and xs[-1] == 7.0 and len(xs) == 281
    with pytest.raises(ValueError, match="low < high"):
        approx(samples=10, interval=(1.0, -1.0))


# ---------------------------------------------------------------- trace
def flat(matrix):
    return [value for row in matrix for value in row]


def test_trace_matches_a_hand_calculation():
    """The classic 2-2-1 with hand-set weights and a remembered previous change, pattern 1 0 -> 1."""
    network = NeuralNetwork.classic(2, 2, 1)
    network.weights = [[[0.5, -0.5], [0.25, 0.75], [0.1, -0.2]], [[1.0], [-1.0]]]
    previous = [[[0.1, -0.1], [0.0, 0.2], [0.3, 0.0]], [[0.05], [-0.05]]]
    network.optimizer, network.updates_taken = "classic", 1
    network.optimizer_state = {"previous_change": [[list(row) for row in matrix] for matrix in previous]}
    lr, momentum = 0.5, 0.1
    result = trace(network, [1, 0], [1], lr, momentum)
    hidden, output = result.layers

    # forward: z = Σ a w, y = tanh z
    assert hidden.inputs == [1.0, 0.0, 1.0]
    assert hidden.weighted_sums == pytest.approx([0.6, -0.7], abs=1e-15)
    y1, y2 = math.tanh(0.6), math.tanh(-0.7)
    assert hidden.outputs == pytest.approx([0.537050, -0.604368], abs=1e-6)
    assert hidden.outputs == pytest.approx([y1, y2], rel=1e-15)
    assert output.inputs == hidden.outputs  # no bias node after the hidden layer
    zo = y1 * 1.0 + y2 * -1.0
    yo = math.tanh(zo)
    assert output.weighted_sums == pytest.approx([1.141417], abs=1e-6)
    assert output.outputs == pytest.approx([0.814891], abs=1e-6)
    assert result.error == pytest.approx(0.5 * (1 - yo) ** 2, rel=1e-14)
    assert result.error == pytest.approx(0.017133, abs=1e-6)

    # backward: δo = (1 - y²)(y - t); δh = (1 - yh²) w δo
    delta_o = (1 - yo ** 2) * (yo - 1)
    assert output.deltas == pytest.approx([-0.062188], abs=1e-6)
    assert output.deltas == pytest.approx([delta_o], rel=1e-14)
    delta_1, delta_2 = (1 - y1 ** 2) * (1.0 * delta_o), (1 - y2 ** 2) * (-1.0 * delta_o)
    assert hidden.deltas == pytest.approx([-0.044252, 0.039473], abs=1e-6)
    assert hidden.deltas == pytest.approx([delta_1, delta_2], rel=1e-14)
    assert hidden.derivatives == pytest.approx([1 - y1 ** 2, 1 - y2 ** 2], rel=1e-15)

    # gradients a_i δ_j, then w + lr (-g) + momentum · previous change
    assert flat(output.gradients) == pytest.approx([y1 * delta_o, y2 * delta_o], rel=1e-14)
    assert flat(hidden.gradients) == pytest.approx([delta_1, delta_2, 0.0, 0.0, delta_1, delta_2], rel=1e-14)
    assert output.state_before == {"previous_change": previous[1]}
    assert hidden.state_before == {"previous_change": previous[0]}
    assert flat(output.new_weights) == pytest.approx([1.0 + lr * -(y1 * delta_o) + momentum * 0.05,
                                                      -1.0 + lr * -(y2 * delta_o) + momentum * -0.05], rel=1e-14)
    assert flat(output.new_weights) == pytest.approx([1.021699, -1.023792], abs=1e-6)
    assert flat(hidden.new_weights) == pytest.approx([0.532126, -0.529737, 0.25, 0.77, 0.152126, -0.219737], abs=1e-6)
    assert hidden.weights == [[0.5, -0.5], [0.25, 0.75], [0.1, -0.2]]  # the weights before the step
    assert network.weights == [hidden.new_weights, output.new_weights]


def test_classic_trace_is_the_classic_online_step():
    """Tracing changes nothing: the traced network ends where back_propagate takes it."""
    result = classic_trace(pattern=(1, 1), steps_before=2, seed=3)
    network = NeuralNetwork.classic(2, 2, 1, seed=3)
    for inputs, targets in XOR_PATTERNS[:2] + [[[1, 1], [0]]]:
        network.forward(inputs)
        network.back_propagate(targets, 0.5, 0.1)
    assert [layer.new_weights for layer in result.layers] == network.weights
    assert result.inputs == [1.0, 1.0] and result.targets == [0.0]
    assert any(value != 0.0 for row in result.layers[0].state_before["previous_change"] for value in row)


def test_first_step_has_no_momentum_term():
    result = classic_trace(steps_before=0)
    for layer in result.layers:
        assert all(value == 0.0 for row in layer.state_before["previous_change"] for value in row)


def test_trace_refuses_what_it_cannot_show():
    with pytest.raises(ValueError, match="pattern must be one of"):
        classic_trace(pattern=(2, 0))
    with pytest.raises(ValueError, match="inputs has 3 values"):
        trace(NeuralNetwork([2, 2, 1], bias=False), [0, 1, 1], [1])


# ---------------------------------------------------------------- gradcheck and JSON
@pytest.mark.parametrize("settings", [
    {}, {"sizes": (3, 5, 2), "output": "softmax"},
    {"sizes": (2, 3, 1), "activation": "sigmoid", "output": "sigmoid", "loss": "bce"}])
def test_gradcheck_agrees_below_1e_6(settings):
    result = ch07_gradcheck.gradcheck(**settings)
    assert result.passed
    assert len(result.worst) == len(result.sizes) - 1
    assert max(result.worst) < 1e-6


def test_every_result_is_json_data():
    for result in (ch08_xor.xor(epochs=2), ch02_gates.gate("and", epochs=2), ch03_wired.wired(),
                   vanish(sizes=(2, 3, 1), epochs=2), approx(samples=100), classic_trace(),
                   ch07_gradcheck.gradcheck()):
        data = json.loads(json.dumps(as_data(result), allow_nan=False))
        assert "network" not in data


# ---------------------------------------------------------------- both backends
@pytest.mark.parametrize("experiment", [
    lambda backend: ch08_xor.xor(epochs=200, backend=backend),
    lambda backend: ch08_xor.xor(hidden=(4, 3), epochs=50, dropout=0.1, backend=backend),
    lambda backend: ch02_gates.gate("and", epochs=100, backend=backend),
    lambda backend: vanish(sizes=(2, 8, 4, 1), epochs=20, backend=backend),
    lambda backend: approx(samples=500, backend=backend),
    lambda backend: approx(samples=500, batch_size=5, backend=backend),
], ids=["xor", "deep-xor-dropout", "gate", "vanish", "approx", "approx-batch"])
def test_both_backends_compute_the_same_bits(experiment):
    numba_or_skip()
    assert as_data(experiment("numba")) == as_data(experiment("python"))
