"""Bad input raises ValueError with a message naming the problem; divergence stops training."""
import math
import re

import pytest

from bpnn import NeuralNetwork
from bpnn.course.truth_tables import XOR_PATTERNS


@pytest.mark.parametrize("arguments, message", [
    (dict(sizes=[2]), "at least an input and an output width"),
    (dict(sizes="2,1"), "at least an input and an output width"),
    (dict(sizes=[2, 0, 1]), "layer width sizes[1] must be at least 1, got 0"),
    (dict(sizes=[2, -3]), "must be at least 1"),
    (dict(sizes=[2, 1.5]), "must be a whole number"),
    (dict(sizes=[2, 1], activation="swish"), "unknown activation 'swish'"),
    (dict(sizes=[2, 1], output="swish"), "unknown output activation 'swish'"),
    (dict(sizes=[2, 1], loss="hinge"), "unknown loss 'hinge'"),
    (dict(sizes=[2, 3, 1], activation="softmax"), "softmax can only be the output activation"),
    (dict(sizes=[2, 3], output="softmax", loss="mse"), "a softmax output needs the cross_entropy loss"),
    (dict(sizes=[2, 3], output="sigmoid", loss="cross_entropy"), "cross_entropy loss needs a softmax output"),
    (dict(sizes=[2, 1], output="tanh", loss="bce"), "bce loss needs a sigmoid output"),
    (dict(sizes=[2, 1], bias=[True, False]), "one bool per layer (1)"),
    (dict(sizes=[2, 1], init="xavier"), "unknown init 'xavier'"),
    (dict(sizes=[2, 1], seed=-1), "seed must be at least 0"),
])
def test_bad_constructor_arguments(arguments, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        NeuralNetwork(**arguments)


@pytest.mark.parametrize("settings, message", [
    (dict(lr=-0.1), "learning rate must not be negative"),
    (dict(lr=math.inf), "learning rate must be finite"),
    (dict(lr="0.1"), "learning rate must be a number"),
    (dict(momentum=-0.5), "momentum must not be negative"),
    (dict(dropout=1.0), "dropout must be in [0, 1)"),
    (dict(dropout=-0.1), "dropout must be in [0, 1)"),
    (dict(batch_size=0), "batch size must be at least 1"),
    (dict(epochs=0), "epochs must be at least 1"),
    (dict(optimizer="rmsprop"), "unknown optimizer 'rmsprop'"),
])
def test_bad_training_settings(settings, message):
    network = NeuralNetwork.classic(2, 2, 1)
    before = [[row[:] for row in matrix] for matrix in network.weights]
    with pytest.raises(ValueError, match=re.escape(message)):
        network.train(XOR_PATTERNS, **{"epochs": 1, **settings})
    assert network.weights == before  # refused before anything was touched


@pytest.mark.parametrize("patterns, message", [
    ([], "patterns must be a non-empty list"),
    ([[[0, 0]]], "pattern 0 must be a pair"),
    ([[[0, 0], [0]], [[0, 1, 1], [1]]], "inputs of pattern 1 has 3 values, the network expects 2"),
    ([[[0, 0], [0, 1]]], "targets of pattern 0 has 2 values, the network expects 1"),
    ([[[0, math.nan], [0]]], "inputs of pattern 0[1] must be finite, got nan"),
    ([[[0, 0], [math.inf]]], "targets of pattern 0[0] must be finite"),
    ([[[0, "1"], [0]]], "inputs of pattern 0[1] must be a number, got '1'"),
    ([[[0, None], [0]]], "must be a number, got None"),
    ([[5, [0]]], "inputs of pattern 0 must be a list of 2 numbers"),
])
def test_bad_patterns(patterns, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        NeuralNetwork.classic(2, 2, 1).train(patterns, 1)


def test_bad_vectors_for_the_per_step_api():
    network = NeuralNetwork.classic(2, 2, 1)
    with pytest.raises(ValueError, match=re.escape("inputs has 3 values, the network expects 2")):
        network.forward([1, 2, 3])
    network.forward([1, 0])
    with pytest.raises(ValueError, match=re.escape("targets has 0 values, the network expects 1")):
        network.back_propagate([])
    with pytest.raises(ValueError, match="must be finite"):
        network.predict([[0.0, math.nan]])


def test_divergence_stops_training_and_names_the_epoch():
    network = NeuralNetwork([1, 4, 1], activation="relu", output="linear", loss="mse", seed=0)
    patterns = [[[x], [1000.0 * x]] for x in (1.0, 2.0, 3.0)]
    with pytest.raises(FloatingPointError, match=r"training diverged at epoch \d+: the error is (nan|inf)"):
        network.train(patterns, 100, lr=10.0, momentum=0.9, optimizer="sgd")


def test_numpy_float_settings_train_like_python_floats():
    """A numpy float32 learning rate must not turn the textbook's arithmetic into float32."""
    numpy = pytest.importorskip("numpy")
    runs = []
    for lr in (0.5, numpy.float32(0.5), numpy.float64(0.5)):
        network = NeuralNetwork.classic(2, 2, 1)
        network.train(XOR_PATTERNS, 3, lr=lr, momentum=numpy.float32(0.25))
        assert all(type(value) is float for matrix in network.weights for row in matrix for value in row)
        runs.append(network.weights)
    assert runs[0] == runs[1] == runs[2]


@pytest.mark.parametrize("inputs, message", [
    ({0: 1.0, 1: 2.0}, "inputs must be a list of 2 numbers"),
    ({1.0, 2.0}, "inputs must be a list of 2 numbers"),
    ([10**400, 0], "inputs[0] is too large for a float"),
])
def test_odd_input_containers_and_huge_ints(inputs, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        NeuralNetwork.classic(2, 2, 1).forward(inputs)


def test_backward_needs_a_forward_pass_and_a_known_optimizer():
    network = NeuralNetwork.classic(2, 2, 1)
    with pytest.raises(ValueError, match="needs a forward pass first"):
        network.backward([1.0])
    network.forward([0, 1])
    network.backward([1.0])
    with pytest.raises(ValueError, match="unknown optimizer 'rmsprop'"):
        network.update_weights(0.1, 0.0, "rmsprop", 1)


def test_divergence_by_overflow_leaves_no_pending_gradients():
    network = NeuralNetwork([1, 1], output="linear", loss="half_sse", seed=0)
    with pytest.raises(FloatingPointError, match="training diverged at epoch"):
        network.train([[[1.0], [1e300]]], 5, lr=1.0, momentum=0.0, optimizer="sgd")
    assert network.gradients == [[[0.0], [0.0]]]
