"""Model files: a round trip keeps every bit; broken files are refused with a message naming the problem."""
import json
import re
import os

import pytest

from bpnn import NeuralNetwork
from bpnn.course.truth_tables import XOR_PATTERNS


@pytest.fixture
def trained(tmp_path):
    network = NeuralNetwork([2, 3, 1], activation="tanh", output="sigmoid", loss="bce", seed=3)
    network.train(XOR_PATTERNS, 20, lr=0.1, optimizer="adam", shuffle=True, dropout=0.2)
    path = tmp_path / "model.json"
    network.save(path)
    return network, path


def test_round_trip_keeps_weights_state_and_predictions(trained):
    network, path = trained
    loaded = NeuralNetwork.load(path)
    assert loaded.weights == network.weights
    assert loaded.optimizer_state == network.optimizer_state and loaded.updates_taken == network.updates_taken
    assert loaded.predict([p[0] for p in XOR_PATTERNS]) == network.predict([p[0] for p in XOR_PATTERNS])


def test_resumed_training_equals_uninterrupted_training(trained):
    """The file keeps the optimizer's and the random generator's state, so shuffles and dropout go on."""
    network, path = trained
    loaded = NeuralNetwork.load(path)
    settings = dict(lr=0.1, optimizer="adam", shuffle=True, dropout=0.2)
    assert loaded.train(XOR_PATTERNS, 10, **settings) == network.train(XOR_PATTERNS, 10, **settings)
    assert loaded.weights == network.weights


def test_save_is_atomic_and_leaves_no_temporary_files(trained, tmp_path):
    network, path = trained
    before = path.read_bytes()
    network.weights[0][0][0] = float("nan")  # JSON cannot hold it: the write fails half-way
    with pytest.raises(ValueError):
        network.save(path)
    assert path.read_bytes() == before
    assert os.listdir(tmp_path) == ["model.json"]


def test_saved_files_get_the_usual_permissions(trained):
    _, path = trained
    umask = os.umask(0)
    os.umask(umask)
    assert path.stat().st_mode & 0o777 == 0o666 & ~umask


def rewrite(path, change):
    document = json.loads(path.read_text())
    change(document)
    path.write_text(json.dumps(document))


@pytest.mark.parametrize("change, message", [
    (lambda d: d.update(version=2), "format version 2"),
    (lambda d: d.update(format="other"), "format field"),
    (lambda d: d.pop("weights"), "missing field"),
    (lambda d: d["weights"][0].pop(), "weights[0] must be a 3 x 3 matrix"),
    (lambda d: d["weights"][1][0].__setitem__(0, "1.0"), "must be a number"),
    (lambda d: d.update(sizes=[2, 0, 1]), "at least 1"),
    (lambda d: d.update(activation="swish"), "unknown activation 'swish'"),
    (lambda d: d["optimizer"].update(name="rmsprop"), "unknown optimizer"),
    (lambda d: d["optimizer"]["state"].pop("second_moment"), "state must hold"),
    (lambda d: d["optimizer"]["state"]["first_moment"][0][0].__setitem__(0, 1e400), "must be finite"),
    (lambda d: d.update(random_state=[3, "words", None]), "random_state"),
    (lambda d: d.update(random_state=[3, [1, 2, 3], None]), "random_state is not a random.Random state"),
])
def test_tampered_files_are_refused(trained, change, message):
    _, path = trained
    rewrite(path, change)
    with pytest.raises(ValueError, match=re.escape(message)) as error:
        NeuralNetwork.load(path)
    assert str(path) in str(error.value) and "\n" not in str(error.value)


def test_truncated_and_non_json_files_are_refused(trained):
    _, path = trained
    path.write_text(path.read_text()[:100])
    with pytest.raises(ValueError, match="not a valid bpnn model file"):
        NeuralNetwork.load(path)
    path.write_bytes(b"\x80\x04\x95 pickle")
    with pytest.raises(ValueError, match="not a valid bpnn model file"):
        NeuralNetwork.load(path)


@pytest.mark.parametrize("text, message", [
    ('{"weights": ' + "[" * 100000 + "]" * 100000 + "}", "not a valid bpnn model file"),
])
def test_deeply_nested_json_is_refused(tmp_path, text, message):
    path = tmp_path / "deep.json"
    path.write_text(text)
    with pytest.raises(ValueError, match=message):
        NeuralNetwork.load(path)


@pytest.mark.parametrize("change, message", [
    (lambda d: d["random_state"][1].__setitem__(0, -1), "random_state must be"),
    (lambda d: d["random_state"].__setitem__(2, "x"), "random_state must be"),
    (lambda d: d["weights"][0][0].__setitem__(0, 10**400), "too large for a float"),
])
def test_values_that_would_overflow_are_refused(trained, change, message):
    _, path = trained
    rewrite(path, change)
    with pytest.raises(ValueError, match=message):
        NeuralNetwork.load(path)
