"""Bad input: the kernels' path refuses exactly what the textbook refuses, with the same message."""
import json
import math

import numpy as np
import pytest

from bpnn import NeuralNetwork
from bpnn.course.truth_tables import XOR_PATTERNS
from bpnn.kernels import NumbaNetwork


def message(make):
    with pytest.raises(ValueError) as error:
        make()
    return str(error.value)


def assert_same_refusal(call):
    """call(network_class) raises the same ValueError on both paths."""
    assert message(lambda: call(NumbaNetwork)) == message(lambda: call(NeuralNetwork))


@pytest.mark.parametrize("arguments", [
    dict(sizes=[2]), dict(sizes="23"), dict(sizes=[2, 0, 1]), dict(sizes=[2, 1.5]), dict(sizes=[2, True]),
    dict(sizes=[2, 1], activation="softmax"), dict(sizes=[2, 1], activation="swish"),
    dict(sizes=[2, 1], output="gelu"), dict(sizes=[2, 1], loss="hinge"),
    dict(sizes=[2, 1], output="softmax", loss="mse"), dict(sizes=[2, 1], loss="cross_entropy"),
    dict(sizes=[2, 1], output="tanh", loss="bce"), dict(sizes=[2, 3, 1], bias=[True]),
    dict(sizes=[2, 1], bias="yes"), dict(sizes=[2, 1], init="xavier"), dict(sizes=[2, 1], seed=-1),
    dict(sizes=[2, 1], seed=1.5),
])
def test_constructor(arguments):
    assert_same_refusal(lambda cls: cls(**arguments))


@pytest.mark.parametrize("training", [
    dict(epochs=0), dict(epochs=2.5), dict(lr=-0.1), dict(lr=math.nan), dict(lr="fast"), dict(momentum=-1.0),
    dict(momentum=math.inf), dict(batch_size=0), dict(batch_size=True), dict(optimizer="rmsprop"),
    dict(dropout=1.0), dict(dropout=-0.5),
])
def test_training_settings(training):
    assert_same_refusal(lambda cls: cls([2, 2, 1]).train(XOR_PATTERNS, **training))


@pytest.mark.parametrize("patterns", [
    [], "xor", None, [[[0, 0]]], [[[0, 0], [0], [1]]], [[[0], [0]]], [[[0, 0], [0, 1]]], [[[0, math.nan], [0]]],
    [[[0, 0], [math.inf]]], [[[0, "1"], [0]]], [[[0, True], [0]]], [[0, 0]], [[[0, 0], 0]],
    XOR_PATTERNS + [[[1, 1], [math.nan]]],
])
def test_patterns(patterns):
    assert_same_refusal(lambda cls: cls([2, 2, 1]).train(patterns, epochs=1))
    assert_same_refusal(lambda cls: cls([2, 2, 1]).test(patterns))


@pytest.mark.parametrize("inputs", [[0], [0, 0, 0], [0, math.nan], "ab", 3, [0, None]])
def test_one_pattern(inputs):
    assert_same_refusal(lambda cls: cls([2, 2, 1]).forward(inputs))
    assert_same_refusal(lambda cls: cls([2, 2, 1]).predict([[0, 0], inputs]))


@pytest.mark.parametrize("targets", [[0, 0], [math.inf], "a"])
def test_back_propagate(targets):
    def step(cls):
        network = cls([2, 2, 1])
        network.forward([0, 1])
        network.back_propagate(targets)
    assert_same_refusal(step)


def test_back_propagate_settings():
    def step(cls):
        network = cls([2, 2, 1])
        network.forward([0, 1])
        network.back_propagate([1], lr=-1.0)
    assert_same_refusal(step)


@pytest.mark.parametrize("document", [
    {}, {"format": "bpnn-model", "version": 99}, None,
])
def test_model_documents(document):
    assert_same_refusal(lambda cls: cls.from_dict(document))


def test_model_files(tmp_path):
    good = NeuralNetwork([2, 2, 1]).to_dict()
    cases = {"garbage.json": "{not json", "truncated.json": '{"format": "bpnn-model"',
             "shape.json": json.dumps(dict(good, weights=[[[0.0]], [[0.0]]])),
             "nan.json": json.dumps(good).replace(repr(good["weights"][0][0][0]), "NaN", 1)}
    for name, text in cases.items():
        path = tmp_path / name
        path.write_text(text)
        assert_same_refusal(lambda cls: cls.load(path))
    with pytest.raises(FileNotFoundError):
        NumbaNetwork.load(tmp_path / "missing.json")


def arrays():
    return np.array([p[0] for p in XOR_PATTERNS], dtype=float), np.array([p[1] for p in XOR_PATTERNS], dtype=float)


def test_non_finite_arrays_are_refused_as_the_same_lists_are():
    """The first NaN or infinity pattern by pattern, inputs before targets: the textbook's message."""
    inputs, targets = arrays()
    inputs[2, 1] = math.nan
    targets[1, 0] = math.inf
    as_lists = [[list(x), list(t)] for x, t in zip(inputs.tolist(), targets.tolist())]
    expected = message(lambda: NeuralNetwork([2, 2, 1]).train(as_lists, 1))
    assert expected == "targets of pattern 1[0] must be finite, got inf"
    assert message(lambda: NumbaNetwork([2, 2, 1]).train((inputs, targets), 1)) == expected
    assert message(lambda: NumbaNetwork([2, 2, 1]).test((inputs, targets))) == expected


@pytest.mark.parametrize("change, expected", [
    (lambda x, t: (x[0], t), "inputs must be a 2-D array with one pattern per row, got shape (2,)"),
    (lambda x, t: (x, t.tolist()), None),  # not a pair of arrays: read as a list of patterns
    (lambda x, t: (x[:, :1], t), "inputs of pattern 0 has 1 values, the network expects 2"),
    (lambda x, t: (x, np.hstack([t, t])), "targets of pattern 0 has 2 values, the network expects 1"),
    (lambda x, t: (x[:3], t), "inputs has 3 rows and targets 4; they must hold one row per pattern each"),
    (lambda x, t: (x[:0], t[:0]), "inputs and targets must hold at least one pattern"),
    (lambda x, t: (x > 0, t), "inputs of pattern 0[0] must be a number, got np.False_"),
    (lambda x, t: (x, t.astype(complex)), "targets of pattern 0[0] must be a number, got np.complex128(0j)"),
    (lambda x, t: (x.astype(np.longdouble) * np.longdouble(10) ** 400, t),
     "inputs of pattern 1[1] must be finite, got inf"),  # finite as a long double, not as a float
])
def test_bad_arrays(change, expected):
    data = change(*arrays())
    refusal = message(lambda: NumbaNetwork([2, 2, 1]).train(data, 1))
    if expected is None:  # the textbook's own refusal of the same object
        assert refusal == message(lambda: NeuralNetwork([2, 2, 1]).train(data, 1))
    else:
        assert refusal == expected
        if " of pattern " in expected:  # a bad row: the textbook's message for the same rows as a list
            as_patterns = [[list(inputs), list(targets)] for inputs, targets in zip(*data)]
            assert message(lambda: NeuralNetwork([2, 2, 1]).train(as_patterns, 1)) == expected


def test_arrays_of_python_numbers_are_taken_as_the_textbook_takes_them():
    inputs, targets = arrays()
    textbook, kernels = NeuralNetwork([2, 2, 1]), NumbaNetwork([2, 2, 1])
    as_patterns = [[list(x), list(t)] for x, t in zip(inputs.astype(object), targets)]
    assert kernels.train((inputs.astype(object), targets), 3) == textbook.train(as_patterns, 3)
    assert kernels.weights == textbook.weights


@pytest.mark.parametrize("change", [
    lambda x: np.where(x > 0, math.nan, x), lambda x: x > 0, lambda x: x.astype(complex), lambda x: x[:, :1],
    lambda x: x.astype(str), lambda x: np.hstack([x, x]), lambda x: np.where(x > 0, -math.inf, x),
])
def test_predict_refuses_bad_arrays_as_the_textbook_does(change):
    """The textbook's predict reads a 2-D array row by row; the kernels refuse it with the same message."""
    inputs = change(arrays()[0])
    expected = message(lambda: NeuralNetwork([2, 2, 1]).predict(inputs))
    assert message(lambda: NumbaNetwork([2, 2, 1]).predict(inputs)) == expected
    assert expected.startswith("inputs of pattern ")


def test_a_refused_call_changes_nothing():
    network = NumbaNetwork([2, 2, 1])
    before = network.to_dict()
    with pytest.raises(ValueError):
        network.train(XOR_PATTERNS + [[[0, 0], [math.nan]]], 5, shuffle=True)
    assert network.to_dict() == before
