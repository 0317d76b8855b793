"""One network, two paths: switching between them, files, the one-pattern steps, array data."""
import json
import random

import numpy as np
import pytest

from bpnn import NeuralNetwork
from bpnn.course.backends import network_class
from bpnn.course.truth_tables import XOR_PATTERNS
from bpnn.kernels import NumbaNetwork
from test_kernels_identity import bits, random_patterns, state

ARGUMENTS = dict(sizes=[3, 6, 5, 2], activation="tanh", output="sigmoid", loss="bce", seed=11)
TRAINING = dict(lr=0.1, momentum=0.5, batch_size=4, shuffle=True, optimizer="adam", dropout=0.3)


def patterns():
    return random_patterns(random.Random(12), 10, 3, 2)


def test_the_numba_backend_is_numba_network():
    assert network_class("numba") is NumbaNetwork


def test_switching_paths_mid_training_equals_staying_on_one():
    data = patterns()
    staying = NeuralNetwork(**ARGUMENTS)
    errors = staying.train(data, epochs=9, **TRAINING)
    first = NeuralNetwork(**ARGUMENTS)
    switched = first.train(data, epochs=3, **TRAINING)
    second = NumbaNetwork.from_network(first)
    assert state(second) == state(first)
    switched += second.train(data, epochs=4, **TRAINING)
    third = second.to_network()
    assert state(third) == state(second)
    switched += third.train(data, epochs=2, **TRAINING)
    assert bits(switched) == bits(errors)
    assert state(third) == state(staying)


def test_switching_with_gradient_sums_pending():
    """Mid-batch: a forward and backward pass on one path, the update on the other."""
    textbook, kernels = NeuralNetwork(**ARGUMENTS), NumbaNetwork(**ARGUMENTS)
    inputs, targets = patterns()[0]
    for network in (textbook, kernels):
        network.forward(inputs)
        network.backward(targets)
    assert state(kernels) == state(textbook)
    converted_textbook, converted_kernels = NumbaNetwork.from_network(textbook), kernels.to_network()
    for network in (textbook, kernels, converted_textbook, converted_kernels):
        network.update_weights(0.3, 0.2, "sgd", 1)
    assert state(converted_textbook) == state(textbook) == state(converted_kernels) == state(kernels)


def test_the_one_pattern_steps_match():
    textbook, kernels = NeuralNetwork.classic(2, 3, 1, seed=4), NumbaNetwork.classic(2, 3, 1, seed=4)
    for inputs, targets in XOR_PATTERNS * 3:
        assert bits(kernels.forward(inputs)) == bits(textbook.forward(inputs))
        assert bits(kernels.back_propagate(targets, 0.4, 0.2)) == bits(textbook.back_propagate(targets, 0.4, 0.2))
    assert state(kernels) == state(textbook)


def test_backward_after_training_with_dropout_uses_its_masks():
    textbook, kernels = NeuralNetwork(**ARGUMENTS), NumbaNetwork(**ARGUMENTS)
    for network in (textbook, kernels):
        network.train(patterns(), epochs=1, **TRAINING)
    assert textbook.dropout_masks is not None and bits(kernels.dropout_masks) == bits(textbook.dropout_masks)
    assert bits(kernels.backward([0.2, 0.9])) == bits(textbook.backward([0.2, 0.9]))
    assert state(kernels) == state(textbook)


@pytest.mark.parametrize("saver, loader", [(NeuralNetwork, NumbaNetwork), (NumbaNetwork, NeuralNetwork)])
def test_a_file_saved_on_one_path_loads_on_the_other(tmp_path, saver, loader):
    path = tmp_path / "model.json"
    original = saver(**ARGUMENTS)
    original.train(patterns(), epochs=2, **TRAINING)
    original.save(path)
    loaded = loader.load(path)
    continued = saver.load(path)
    errors = continued.train(patterns(), epochs=2, **TRAINING)
    assert bits(loaded.train(patterns(), epochs=2, **TRAINING)) == bits(errors)
    assert bits(loaded.to_dict()) == bits(continued.to_dict())


def test_files_are_the_same_bytes_on_both_paths(tmp_path):
    textbook, kernels = NeuralNetwork(**ARGUMENTS), NumbaNetwork(**ARGUMENTS)
    for network, name in ((textbook, "python.json"), (kernels, "numba.json")):
        network.train(patterns(), epochs=2, **TRAINING)
        network.save(tmp_path / name)
    assert (tmp_path / "python.json").read_bytes() == (tmp_path / "numba.json").read_bytes()
    assert json.loads((tmp_path / "numba.json").read_text())["optimizer"]["name"] == "adam"


def test_arrays_train_and_test_as_the_lists_do():
    data = patterns()
    inputs = np.array([p[0] for p in data])
    targets = np.array([p[1] for p in data])
    from_lists, from_arrays = NumbaNetwork(**ARGUMENTS), NumbaNetwork(**ARGUMENTS)
    assert bits(from_arrays.train((inputs, targets), epochs=3, **TRAINING)) == \
        bits(from_lists.train(data, epochs=3, **TRAINING))
    error, outputs = from_arrays.test((inputs, targets))
    list_error, list_outputs = from_lists.test(data)
    assert isinstance(outputs, np.ndarray) and bits(outputs.tolist()) == bits(list_outputs)
    assert bits(error) == bits(list_error)
    predicted = from_arrays.predict(inputs)
    assert isinstance(predicted, np.ndarray) and bits(predicted.tolist()) == bits(list_outputs)
    assert bits(from_lists.predict([p[0] for p in data])) == bits(list_outputs)
    assert state(from_arrays) == state(from_lists)


def test_integer_arrays_are_taken_as_floats():
    inputs = np.array([p[0] for p in XOR_PATTERNS])
    targets = np.array([p[1] for p in XOR_PATTERNS])
    assert inputs.dtype.kind == "i"
    a, b = NumbaNetwork.classic(2, 2, 1), NumbaNetwork.classic(2, 2, 1)
    assert bits(a.train((inputs, targets), 20)) == bits(b.train(XOR_PATTERNS, 20))


def test_weight_arrays_are_live_and_weights_are_copies():
    network = NumbaNetwork([2, 3, 1])
    network.weight_arrays[0][0, 0] = 0.25
    assert network.weights[0][0][0] == 0.25
    copy = network.weights
    copy[0][0][0] = 0.5
    assert network.weights[0][0][0] == 0.25
    network.weights = copy
    assert network.weights[0][0][0] == 0.5


def test_predict_of_nothing_is_nothing():
    assert NumbaNetwork([2, 1]).predict([]) == NeuralNetwork([2, 1]).predict([]) == []
