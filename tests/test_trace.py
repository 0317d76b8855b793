"""bpnn trace on any network: its numbers are the step NeuralNetwork takes, its gradients the slopes
of the loss, its JSON every number; tutorial 2's hand derivation, number for number."""
import copy
import json
import math
import random

import pytest
from hypothesis import HealthCheck, assume, given, settings, strategies as st

from bpnn import NeuralNetwork
from bpnn.activations import ACTIVATIONS
from bpnn.course.ch06_trace import Trace, trace, trace_after_steps
from bpnn.course.ch08_xor import xor_network
from bpnn.course.results import as_data
from bpnn.gradcheck import numerical_gradients

from test_cli import run, run_json

OUTPUTS_AND_LOSSES = [(output, loss) for output in ACTIVATIONS for loss in ("half_sse", "mse")] \
    + [("sigmoid", "bce"), ("softmax", "cross_entropy")]


@st.composite
def traced_steps(draw):
    """A random small network, a pattern for it, and an optimizer step, all from one seed."""
    rng = random.Random(draw(st.integers(0, 2**32 - 1)))
    output, loss = draw(st.sampled_from(OUTPUTS_AND_LOSSES))
    sizes = [rng.randint(1, 4) for _ in range(rng.randint(2, 4))]
    if output == "softmax":
        sizes[-1] = max(2, sizes[-1])
    bias = [rng.random() < 0.7 for _ in range(len(sizes) - 1)]
    network = NeuralNetwork(sizes, draw(st.sampled_from(sorted(ACTIVATIONS))), output, loss, bias=bias,
                            seed=rng.randrange(1000))
    inputs = [rng.uniform(-1.0, 1.0) for _ in range(sizes[0])]
    if output == "softmax":
        label = rng.randrange(sizes[-1])
        targets = [1.0 if k == label else 0.0 for k in range(sizes[-1])]
    else:
        targets = [rng.random() for _ in range(sizes[-1])]
    optimizer = draw(st.sampled_from(["classic", "sgd", "adam"]))
    return network, inputs, targets, optimizer, rng.uniform(0.01, 1.0), rng.uniform(0.0, 0.9)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(traced_steps())
def test_a_trace_is_the_training_step_and_its_gradients_the_slopes(case):
    network, inputs, targets, optimizer, lr, momentum = case
    trained, before = copy.deepcopy(network), copy.deepcopy(network)
    result = trace(network, inputs, targets, lr, momentum, optimizer)
    # the traced step is one step of train(), bit for bit
    errors = trained.train([[inputs, targets]], 1, lr, momentum, 1, optimizer=optimizer)
    assert errors == [result.error]
    assert [layer.new_weights for layer in result.layers] == trained.weights == network.weights
    assert [{slot: layer.state_after[slot] for slot in layer.state_after} for layer in result.layers] == \
        [{slot: trained.optimizer_state[slot][l] for slot in trained.optimizer_state} for l in range(len(result.layers))]
    # its gradients are the slopes of the pattern's loss, away from ReLU's kink
    kinked = network.activation in ("relu", "leaky_relu") or network.output_activation in ("relu", "leaky_relu")
    assume(not kinked or all(abs(z) > 0.01 for layer in result.layers for z in layer.weighted_sums))
    numeric = numerical_gradients(before, [[inputs, targets]])
    for layer, slopes in zip(result.layers, numeric):
        for row, slope_row in zip(layer.gradients, slopes):
            for g, slope in zip(row, slope_row):
                assert abs(g - slope) <= 1e-6 * max(abs(g), abs(slope), 1e-6)
    # the JSON carries every number, exactly
    data = json.loads(json.dumps(as_data(result)))
    assert Trace.from_data(data) == result


def test_a_trace_shows_the_network_as_it_computed():
    network = NeuralNetwork([3, 4, 2], "relu", "softmax", seed=4)
    result = trace(network, [0.5, -1.0, 2.0], [0.0, 1.0], 0.1, 0.0, "adam")
    for l, layer in enumerate(result.layers):
        assert layer.inputs == network.layer_inputs[l] and layer.deltas == network.deltas[l]
        assert layer.weighted_sums == network.weighted_sums[l] and layer.outputs == network.outputs[l]
    assert result.layers[-1].derivatives == []  # softmax: none per node
    assert result.updates_taken == 1 and set(result.layers[0].state_after) == {"first_moment", "second_moment"}


def test_the_kernels_trace_the_same_numbers():
    from bpnn.kernels import NumbaNetwork
    arguments = dict(sizes=[2, 3, 3, 1], activation="sigmoid", output="sigmoid", loss="bce", seed=2)
    textbook = trace_after_steps(NeuralNetwork(**arguments), [1, 0], steps_before=3, lr=1.0, optimizer="sgd",
                                 momentum=0.5)
    kernels = trace_after_steps(NumbaNetwork(**arguments), [1, 0], steps_before=3, lr=1.0, optimizer="sgd",
                                momentum=0.5)
    assert json.dumps(as_data(kernels)) == json.dumps(as_data(textbook))


def sigmoid(z):
    return 1.0 / (1.0 + math.exp(-z))


def test_tutorial_2s_network_traces_like_its_hand_derivation():
    """Tutorial 2 derives backpropagation for a 2-2-1 sigmoid network with binary cross-entropy:
    l1 = x w1 + b1, a1 = σ(l1), l2 = a1 w2 + b2, y = σ(l2), then by the chain rule (its sign fixed:
    dE/dy = (y - t) / (y (1 - y))) d_l2 = dE/dy σ'(l2), d_w2 = a1 d_l2, d_b2 = d_l2, d_a1 = d_l2 w2,
    d_l1 = d_a1 σ'(l1), d_w1 = x d_l1, d_b1 = d_l1; and SGD w ← w - lr d_w with lr 1."""
    network = xor_network((2,), "sigmoid", "sigmoid", "bce", seed=1, bias="every", init="pytorch")
    w1 = [row[:] for row in network.weights[0][:2]]
    b1 = network.weights[0][2][:]
    w2 = [row[0] for row in network.weights[1][:2]]
    b2 = network.weights[1][2][0]
    x, t = [0.0, 1.0], 1.0
    # the tutorial's forward pass
    l1 = [x[0] * w1[0][j] + x[1] * w1[1][j] + b1[j] for j in range(2)]
    a1 = [sigmoid(z) for z in l1]
    l2 = a1[0] * w2[0] + a1[1] * w2[1] + b2
    y = sigmoid(l2)
    # its backward pass, by the chain rule
    d_y = (y - t) / (y * (1.0 - y))
    d_l2 = d_y * y * (1.0 - y)
    d_w2 = [a1[j] * d_l2 for j in range(2)]
    d_a1 = [d_l2 * w2[j] for j in range(2)]
    d_l1 = [d_a1[j] * a1[j] * (1.0 - a1[j]) for j in range(2)]
    d_w1 = [[x[i] * d_l1[j] for j in range(2)] for i in range(2)]

    result = trace(network, x, [t], lr=1.0, momentum=0.0, optimizer="sgd")
    hidden, output = result.layers
    near = lambda value: pytest.approx(value, rel=1e-12, abs=1e-15)  # noqa: E731  the shortcut y - t rounds once less
    assert hidden.weighted_sums == near(l1) and hidden.outputs == near(a1)
    assert output.weighted_sums == near([l2]) and output.outputs == near([y])
    assert result.error == near(-math.log(y))
    assert output.deltas == near([d_l2]) and hidden.deltas == near(d_l1)
    assert [row[0] for row in output.gradients] == near(d_w2 + [d_l2])
    assert hidden.gradients == [near(row) for row in d_w1 + [d_l1]]
    assert [row[0] for row in output.new_weights] == near([w2[0] - d_w2[0], w2[1] - d_w2[1], b2 - d_l2])


def test_trace_command_any_network_with_every_number(tmp_path):
    data = run_json("trace", "--activation", "sigmoid", "--output", "sigmoid", "--loss", "bce", "--bias", "every",
                    "--optimizer", "sgd", "--lr", 1, "--momentum", 0, "--hidden", "3,2", "--steps-before", 2)
    assert data["sizes"] == [2, 3, 2, 1] and data["bias"] == [True, True, True] and data["optimizer"] == "sgd"
    assert data.pop("command") == "trace"
    assert Trace.from_data(data).layers[1].deltas == data["layers"][1]["deltas"]
    text = run("trace", "--optimizer", "adam", "--lr", 0.01).stdout
    assert "Adam at step t = 2" in text and "m before" in text and "v after" in text
    text = run("trace", "--activation", "relu", "--output", "linear", "--loss", "mse", "--bias", "none").stdout
    assert "bias node into layer(s) none" in text and "E = (1/n) sum over k of (y_k - t_k)^2" in text


def test_trace_a_saved_network_and_save_the_step(tmp_path):
    model, after = tmp_path / "model.json", tmp_path / "after.json"
    network = NeuralNetwork([3, 4, 2], "tanh", "softmax", seed=5)
    network.save(model)
    data = run_json("trace", "--load", model, "--inputs", "0.5,-1,2", "--targets", "0,1", "--optimizer", "adam",
                    "--lr", 0.01, "--save", after)
    assert data["sizes"] == [3, 4, 2] and data["loss"] == "cross_entropy"
    network.forward([0.5, -1, 2])
    network.back_propagate([0, 1], 0.01, 0.1, "adam")
    assert NeuralNetwork.load(after).to_dict() == network.to_dict()
    result = run("trace", "--load", model, "--hidden", "3")
    assert result.exit_code == 2 and "--load brings its own architecture; drop --hidden" in result.stderr
