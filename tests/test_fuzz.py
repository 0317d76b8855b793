"""A fuzz campaign, kept: hostile input to both paths, the loaders and the command line.

Properties: the library raises only ValueError or FloatingPointError (or returns), with the same
type and message on both paths and the same state after; a message is one line of under 1 KB;
a file is read with memory bounded by what it declares, not by what it claims; the command line
exits 0, 1 or 2, with one line under 1 KB on stderr for 1 and 2. Each test runs a few dozen
examples in the default run; its `_many` twin (marked slow) runs thousands.
"""
import gzip
import json
import math
import os
import tempfile
import tracemalloc
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, Phase, find, given, settings, strategies as st

from bpnn import NeuralNetwork
from bpnn.cli import main
from bpnn.course.datasets import load_idx
from bpnn.course.truth_tables import XOR_PATTERNS
from bpnn.kernels import NumbaNetwork
from test_kernels_identity import bits, state

FEW = settings(max_examples=100, deadline=None, suppress_health_check=list(HealthCheck))
MANY = settings(max_examples=1500, deadline=None, suppress_health_check=list(HealthCheck))
KB = 1024


def outcome(call):
    """(result as bits, None) or (None, (exception type, message)); anything but ValueError and
    FloatingPointError fails the test, and so does a message of several lines or 1 KB."""
    try:
        result = call()
        return bits(result.tolist() if isinstance(result, np.ndarray) else result), None  # predict of an array
    except (ValueError, FloatingPointError) as error:
        message = str(error)
        assert "\n" not in message and len(message.encode()) < KB, message[:2000]
        return None, (type(error), message)


def both(call):
    """call(NeuralNetwork) and call(NumbaNetwork) end alike; returns the outcome."""
    textbook = outcome(lambda: call(NeuralNetwork))
    assert outcome(lambda: call(NumbaNetwork)) == textbook
    return textbook


# ---------------------------------------------------------------- values a hostile user hands over
NUMBERS = st.one_of(st.integers(-3, 3), st.sampled_from([2**31, 2**53 + 1, 2**63, 2**64, -2**63, 10**30, 10**400]),
                    st.floats(allow_nan=True, allow_infinity=True), st.sampled_from([1e308, -1e-320, -0.0, 1e154]),
                    st.sampled_from([np.int64(2), np.uint64(2**64 - 1), np.float32(0.5), np.float64(math.nan),
                                     np.bool_(True), np.complex128(1)]))
ODD = st.one_of(st.none(), st.booleans(), st.text(max_size=8), st.binary(max_size=4), NUMBERS)
JSON_VALUES = st.recursive(st.one_of(st.none(), st.booleans(), st.integers(-2**70, 2**70), st.floats(width=64),
                                     st.text(max_size=6)),
                           lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=5),
                                                                                              children, max_size=3),
                           max_leaves=8)


@st.composite
def mostly(draw, good, bad):
    """Four times in five a value of `good`, else one of `bad`."""
    return draw(good if draw(st.integers(0, 4)) > 0 else bad)


def anything(depth: int = 2):
    """A value of any shape: numbers, odd objects, lists of them, numpy arrays."""
    if depth == 0:
        return ODD
    return st.one_of(ODD, st.lists(anything(depth - 1), max_size=4),
                     st.builds(np.array, st.lists(st.lists(NUMBERS, min_size=2, max_size=2), max_size=3)))


# ---------------------------------------------------------------- model files on both paths
def documents():
    """A few real model files: without an optimizer, and after classic, sgd and Adam training."""
    found = [NeuralNetwork([2, 3, 1], seed=1).to_dict()]
    for optimizer in ("classic", "sgd", "adam"):
        network = NeuralNetwork([2, 3, 2], activation="relu", seed=2)
        network.train(XOR_PATTERNS_2, 2, lr=0.1, optimizer=optimizer, shuffle=True, dropout=0.2)
        network.random.gauss(0.0, 1.0)  # gauss_next set
        found.append(json.loads(json.dumps(network.to_dict())))
    return found


XOR_PATTERNS_2 = [[inputs, targets * 2] for inputs, targets in XOR_PATTERNS]
DOCUMENTS = documents()


@st.composite
def mutated_model_texts(draw):
    """A model file's text after one to three mutations: a value replaced somewhere in the JSON
    tree, a key removed or added, or the text cut, a character changed, a constant spliced in."""
    document = json.loads(json.dumps(draw(st.sampled_from(DOCUMENTS))))
    for _ in range(draw(st.integers(1, 3))):
        node, key = document, None
        while isinstance(node, (dict, list)) and node and draw(st.booleans()):
            key = draw(st.sampled_from(sorted(node) if isinstance(node, dict) else range(len(node))))
            if not isinstance(node[key], (dict, list)) or not node[key]:
                break
            node, key = node[key], None
        if key is None and isinstance(node, (dict, list)) and node:
            key = draw(st.sampled_from(sorted(node) if isinstance(node, dict) else range(len(node))))
        if key is None:
            continue
        action = draw(st.sampled_from(["replace", "replace", "replace", "remove", "add"]))
        if action == "replace":
            node[key] = draw(JSON_VALUES)
        elif action == "remove":
            del node[key]
        elif isinstance(node, dict):
            node[draw(st.text(max_size=5))] = draw(JSON_VALUES)
        else:
            node.append(draw(JSON_VALUES))
    text = json.dumps(document, allow_nan=True)
    edit = draw(st.sampled_from(["none", "none", "cut", "character", "constant"]))
    if edit != "none" and text:
        at = draw(st.integers(0, len(text) - 1))
        if edit == "cut":
            text = text[:at]
        elif edit == "character":
            text = text[:at] + draw(st.characters()) + text[at + 1:]
        else:
            text = text[:at] + draw(st.sampled_from(["NaN", "Infinity", "-Infinity", "1e999", "-1e999", "1" * 5000,
                                                     "[" * 5000, "\u0000", '"\udcff"'])) + text[at:]
    return text


def check_mutated_model(tmp_path, text):
    path = tmp_path / "model.json"
    path.write_bytes(text.encode("utf-8", "surrogatepass"))
    tracemalloc.start()
    try:
        loaded = outcome(lambda: NeuralNetwork.load(path).to_dict())
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 50 * len(text) + 2**22, f"{peak} bytes to read a model file of {len(text)} bytes"
    assert outcome(lambda: NumbaNetwork.load(path).to_dict()) == loaded
    if loaded[1] is not None:
        assert loaded[1][0] is ValueError and loaded[1][1].startswith(f"{path}: not a valid bpnn model file: ")
        return
    textbook, kernels = NeuralNetwork.load(path), NumbaNetwork.load(path)
    patterns = [[[0.5] * textbook.sizes[0], [0.25] * textbook.sizes[-1]]] * 3
    for call in (lambda network: network.train(patterns, 2, lr=0.1, shuffle=True, dropout=0.1, optimizer="adam"),
                 lambda network: network.predict([p[0] for p in patterns]), lambda network: network.test(patterns)):
        assert outcome(lambda: call(kernels)) == outcome(lambda: call(textbook))
        assert state(kernels) == state(textbook)
    textbook.save(tmp_path / "again.json")  # whatever training did, the network can be saved


@FEW
@given(mutated_model_texts())
def test_mutated_model_files(tmp_path_factory, text):
    check_mutated_model(tmp_path_factory.mktemp("model"), text)


@pytest.mark.slow
@MANY
@given(mutated_model_texts())
def test_mutated_model_files_many(tmp_path_factory, text):
    check_mutated_model(tmp_path_factory.mktemp("model"), text)


# ---------------------------------------------------------------- IDX headers and gzip streams
IDX_TYPES = {0x08: np.uint8, 0x09: np.int8, 0x0B: np.dtype(">i2"), 0x0C: np.dtype(">i4"), 0x0D: np.dtype(">f4"),
             0x0E: np.dtype(">f8")}


@st.composite
def mutated_idx_files(draw):
    """(content, gzipped) of a small IDX file with its header, data or gzip stream damaged."""
    type_byte = draw(st.sampled_from(sorted(IDX_TYPES)))
    dims = draw(st.lists(st.integers(1, 6), min_size=1, max_size=3))
    array = np.arange(int(np.prod(dims)), dtype=np.int64).astype(IDX_TYPES[type_byte]).reshape(dims)
    content = bytearray(bytes([0, 0, type_byte, len(dims)]) + b"".join(d.to_bytes(4, "big") for d in dims)
                        + array.tobytes())
    for _ in range(draw(st.integers(0, 2))):
        action = draw(st.sampled_from(["header byte", "dimension", "cut", "append"]))
        if action == "header byte" and content:
            content[draw(st.integers(0, min(len(content), 4 + 4 * len(dims)) - 1))] = draw(st.integers(0, 255))
        elif action == "dimension" and len(content) >= 8:
            at = 4 + 4 * draw(st.integers(0, (min(len(content), 4 + 4 * len(dims)) - 4) // 4 - 1))
            content[at:at + 4] = draw(st.sampled_from([0, 1, 2**16, 2**31, 2**32 - 1])).to_bytes(4, "big")
        elif action == "cut":
            del content[draw(st.integers(0, len(content))):]
        else:
            content += draw(st.binary(min_size=1, max_size=20))
    gzipped = draw(st.booleans())
    if gzipped:
        content = bytearray(gzip.compress(bytes(content)))
        for _ in range(draw(st.integers(0, 2))):
            action = draw(st.sampled_from(["flip", "cut", "append"]))
            if action == "flip" and content:
                content[draw(st.integers(0, len(content) - 1))] ^= draw(st.integers(1, 255))
            elif action == "cut":
                del content[draw(st.integers(0, len(content))):]
            else:
                content += draw(st.binary(min_size=1, max_size=20))
    return bytes(content), gzipped


def check_idx(tmp_path, content: bytes, gzipped: bool):
    path = str(tmp_path / ("data.idx" + (".gz" if gzipped else "")))
    with open(path, "wb") as file:
        file.write(content)
    tracemalloc.start()
    try:
        result = outcome(lambda: load_idx(path))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 3 * 2**20 + 10 * len(content), f"{peak} bytes allocated to read {len(content)} bytes"
    if result[1] is not None:
        assert result[1][0] is ValueError and result[1][1].startswith(f"{path}: ")
        return
    array = load_idx(path)
    raw = gzip.decompress(content) if gzipped else content
    assert raw[:2] == b"\x00\x00" and array.size * array.itemsize == len(raw) - 4 - 4 * raw[3]


@FEW
@given(mutated_idx_files())
def test_mutated_idx_files(tmp_path_factory, file):
    check_idx(tmp_path_factory.mktemp("idx"), *file)


@pytest.mark.slow
@MANY
@given(mutated_idx_files())
def test_mutated_idx_files_many(tmp_path_factory, file):
    check_idx(tmp_path_factory.mktemp("idx"), *file)


# ---------------------------------------------------------------- random option values
COUNT_VALUES = st.one_of(st.integers(-3, 6).map(str), st.sampled_from(["100000000000000000000", "2.5", "x", "", "1e3",
                                                                         "99999999999999999999999999"]))
FLOAT_VALUES = st.one_of(st.sampled_from(["0", "0.1", "-1", "nan", "inf", "-inf", "1e308", "1e-320", "x", "", "2",
                                          "1e999"]), st.floats().map(str))
TEXT_VALUES = st.one_of(st.text(max_size=12), st.sampled_from(["relu", "tanh", "sigmoid", "softmax", "linear", "adam",
                                                               "sgd", "classic", "bce", "mse", "half_sse",
                                                               "cross_entropy", "numba", "python"]))
WIDTH_VALUES = st.one_of(st.sampled_from(["1", "3", "2,3", "0", "-1", "", ",", "1,,2", "99999999999999999999",
                                          "3,100000000000", "1e3", "x"]), st.text(max_size=8))
PATH_VALUES = st.sampled_from(["", "{tmp}/", "{tmp}/missing/m.json", "{tmp}/fifo", "/dev/null", "/dev/zero",
                               "{tmp}/good.json", "{tmp}/corrupt.json", "{tmp}/digits.json", "{tmp}/new.json",
                               "/proc/m.json", "{tmp}/" + "d" * 300, "{tmp}/new.png", "{tmp}/new.html"])
# what each option may be given (counts that run for ever when huge, such as --epochs, stay small)
OPTIONS = {
    "--hidden": WIDTH_VALUES, "--activation": TEXT_VALUES, "--output": TEXT_VALUES, "--loss": TEXT_VALUES,
    "--optimizer": TEXT_VALUES, "--lr": FLOAT_VALUES, "--momentum": FLOAT_VALUES, "--dropout": FLOAT_VALUES,
    "--epochs": st.sampled_from(["0", "-1", "1", "2", "x", "2.5"]), "--batch-size": COUNT_VALUES,
    "--seed": COUNT_VALUES, "--every": COUNT_VALUES, "--backend": TEXT_VALUES, "--load": PATH_VALUES,
    "--save": PATH_VALUES, "--plot": PATH_VALUES, "--samples": st.sampled_from(["0", "1", "7", "x", "1e20",
                                                                                "99999999999999999999999"]),
    "--limit": COUNT_VALUES, "--pattern": st.sampled_from(["0,1", "1,1", "2,0", "", "0", "1,1,1"]),
    "--steps-before": st.sampled_from(["0", "1", "-1", "x"]), "--sizes": WIDTH_VALUES,
    "--patterns": st.sampled_from(["1", "0", "3", "100000000000000000", "x"]),
    "--html": PATH_VALUES, "--bias": TEXT_VALUES | st.sampled_from(["input", "every", "none"]),
    "--inputs": st.sampled_from(["0,1", "1,1", "0", "1,2,3", "nan,1", "1e999,0", "x", ""]),
    "--targets": st.sampled_from(["1", "0,1", "nan", "1e300", "x", ""]),
    "--rule": TEXT_VALUES | st.sampled_from(["perceptron", "delta"]),
    "--at": st.sampled_from(["-4,0,4", "nan", "1e999", "x", "", "0," * 1000 + "1"]),
    "--threshold": FLOAT_VALUES, "--softmax": st.sampled_from(["1,2,3", "1e308,1e308", "nan", "x", ""]),
}
COMMANDS = {  # a quick run of each command, and the options it takes
    ("xor", "--epochs", "3"): ["--hidden", "--activation", "--output", "--loss", "--optimizer", "--lr", "--momentum",
                               "--epochs", "--batch-size", "--dropout", "--seed", "--every", "--backend", "--load",
                               "--save", "--plot", "--html"],
    ("gate", "or", "--epochs", "3"): ["--epochs", "--lr", "--optimizer", "--momentum", "--batch-size", "--seed",
                                      "--every", "--backend", "--load", "--save", "--html"],
    ("approx", "--samples", "30"): ["--hidden", "--activation", "--optimizer", "--lr", "--momentum", "--samples",
                                    "--batch-size", "--seed", "--backend", "--load", "--save"],
    ("trace",): ["--hidden", "--activation", "--output", "--loss", "--bias", "--seed", "--inputs", "--targets",
                 "--pattern", "--steps-before", "--optimizer", "--lr", "--momentum", "--load", "--save", "--html"],
    ("perceptron", "--epochs", "5"): ["--rule", "--lr", "--epochs", "--seed", "--every", "--plot", "--html"],
    ("activations",): ["--at", "--threshold", "--softmax", "--plot", "--html"],
    ("losses",): ["--plot", "--html"],
    ("wired",): ["--html"],
    ("vanish", "--epochs", "1", "--hidden", "3,2"): ["--epochs", "--lr", "--seed", "--backend"],
    ("gradcheck", "--patterns", "1", "--sizes", "2,2,1"): ["--sizes", "--activation", "--output", "--loss", "--seed",
                                                           "--patterns", "--load"],
    ("digits", "--epochs", "1", "--limit", "20", "--hidden", "4"): ["--limit", "--hidden", "--activation", "--epochs",
                                                                    "--batch-size", "--optimizer", "--lr",
                                                                    "--momentum", "--dropout", "--seed", "--backend",
                                                                    "--load", "--save"],
}


@st.composite
def command_lines(draw):
    command = draw(st.sampled_from(sorted(COMMANDS)))
    names = draw(st.lists(st.sampled_from(COMMANDS[command]), min_size=1, max_size=3, unique=True))
    if "--hidden" in names and command[0] == "vanish":
        names.remove("--hidden")
    return list(command) + [part for name in names for part in (name, draw(OPTIONS[name]))]


def prepared(tmp_path):
    os.mkfifo(tmp_path / "fifo")
    NeuralNetwork([2, 2, 1], output="tanh", loss="half_sse").save(tmp_path / "good.json")
    NeuralNetwork([64, 4, 10], output="softmax").save(tmp_path / "digits.json")
    (tmp_path / "corrupt.json").write_text('{"format": "bpnn-model", "version": 1, "sizes": [2')
    return sorted(os.listdir(tmp_path))


def check_command_line(tmp_path, arguments):
    before = prepared(tmp_path)
    arguments = [argument.replace("{tmp}", str(tmp_path)) for argument in arguments]
    result = CliRunner().invoke(main, arguments, prog_name="bpnn")
    assert result.exception is None or isinstance(result.exception, SystemExit), (arguments, result.exception)
    assert result.exit_code in (0, 1, 2), (arguments, result.output)
    if result.exit_code != 0:
        lines = result.stderr.splitlines()
        assert len(lines) == 1 and lines[0].startswith("Error: "), (arguments, result.stderr[:2000])
        assert len(lines[0].encode("utf-8", "surrogateescape")) < KB and "Traceback" not in result.output
    left = sorted(os.listdir(tmp_path))
    assert not [name for name in left if name.startswith(".bpnn-")], left  # no temporary file left behind
    assert set(left) - set(before) <= {"new.json", "new.png", "new.html", "d" * 300}, (arguments, left)
    assert os.path.exists("/dev/null") and not os.path.isfile("/dev/null")


@FEW
@given(command_lines())
def test_random_option_values(tmp_path_factory, arguments):
    check_command_line(tmp_path_factory.mktemp("cli"), arguments)


@pytest.mark.slow
@MANY
@given(command_lines())
def test_random_option_values_many(tmp_path_factory, arguments):
    check_command_line(tmp_path_factory.mktemp("cli"), arguments)


# ---------------------------------------------------------------- paired library calls
ACTIVATIONS = st.sampled_from(["tanh", "sigmoid", "relu", "leaky_relu", "linear", "softmax", "swish"])


@st.composite
def constructions(draw):
    """The constructor's arguments: mostly valid, sometimes not."""
    if draw(st.integers(0, 4)) > 0:  # mostly valid, so that the calls get to run
        sizes = draw(st.lists(st.integers(1, 4), min_size=2, max_size=4))
        output = draw(st.sampled_from(["tanh", "sigmoid", "relu", "linear", "softmax"]))
        activation = draw(st.sampled_from(["tanh", "sigmoid", "relu", "leaky_relu", "linear"]))
        loss = "cross_entropy" if output == "softmax" else draw(st.sampled_from(["half_sse", "mse"]))
        return dict(sizes=sizes, activation=activation, output=output, loss=loss, bias=draw(st.booleans()),
                    seed=draw(st.one_of(st.integers(0, 99), st.sampled_from([np.int64(3), np.uint8(4)]))))
    sizes = draw(st.one_of(st.lists(st.integers(1, 4), min_size=2, max_size=4), anything(1),
                           st.lists(st.sampled_from([np.int64(2), 2**63, 0, 1.0, True, 10**11]), min_size=2,
                                    max_size=3)))
    output = draw(ACTIVATIONS)
    loss = draw(st.one_of(st.none(), st.sampled_from(["half_sse", "mse", "bce", "cross_entropy", "hinge"])))
    seed = draw(st.one_of(st.integers(0, 99), st.sampled_from([np.int64(3), np.uint8(4), -1, 2**64, 1.5, None])))
    return dict(sizes=sizes, activation=draw(ACTIVATIONS), output=output, loss=loss,
                bias=draw(st.one_of(st.booleans(), anything(1))), seed=seed)


def good_vectors(width):
    return st.lists(st.floats(-3, 3), min_size=width, max_size=width)


def vectors(width):
    """A vector for a layer of `width`: mostly a good one, else numbers that may be huge or bad, or anything."""
    return mostly(good_vectors(width), st.lists(NUMBERS, min_size=width, max_size=width) | anything())


@st.composite
def calls(draw, sizes):
    """One call of the network's API with arguments of any kind."""
    widths = isinstance(sizes, list) and len(sizes) >= 2 and all(type(w) is int and 1 <= w <= 8 for w in sizes)
    n_in, n_out = (sizes[0], sizes[-1]) if widths else (2, 1)
    good = st.lists(st.tuples(good_vectors(n_in), good_vectors(n_out)).map(list), min_size=1, max_size=4)
    patterns = draw(mostly(good, st.lists(st.tuples(vectors(n_in), vectors(n_out)).map(list), min_size=1,
                                          max_size=4) | anything(2)))
    valid = draw(st.integers(0, 4)) > 0  # mostly valid settings, some diverging
    training = dict(epochs=draw(st.integers(1, 4) if valid else st.sampled_from([0, 2.0, np.int64(2)])),
                    lr=draw(st.sampled_from([0.1, 1.0, 1e3, 1e30, 1e300, 1e300]) if valid else NUMBERS),
                    momentum=draw(st.sampled_from([0.0, 0.9, 1.5]) if valid else NUMBERS),
                    batch_size=draw(st.integers(1, 5) if valid else NUMBERS), shuffle=draw(st.booleans()),
                    optimizer=draw(st.sampled_from(["classic", "sgd", "adam"] + ([] if valid else ["rmsprop"]))),
                    dropout=draw(st.sampled_from([0.0, 0.3]) if valid else NUMBERS))
    kind = draw(st.sampled_from(["train", "train", "train", "test", "predict", "forward", "backward", "step", "update",
                                 "dict"]))
    if kind == "train":
        return kind, lambda network: network.train(patterns, **training)
    if kind == "test":
        return kind, lambda network: network.test(patterns)
    if kind == "predict":
        arrays = st.builds(np.array, st.lists(st.lists(NUMBERS, min_size=n_in, max_size=n_in), min_size=1,
                                              max_size=3))
        inputs = draw(mostly(st.lists(good_vectors(n_in), max_size=3),
                             st.lists(vectors(n_in), max_size=3) | anything(2) | arrays))
        return kind, lambda network: network.predict(inputs)
    if kind == "forward":
        inputs = draw(vectors(n_in))
        return kind, lambda network: network.forward(inputs)
    if kind == "backward":
        targets = draw(vectors(n_out))
        return kind, lambda network: network.backward(targets)
    if kind == "step":
        inputs, targets = draw(vectors(n_in)), draw(vectors(n_out))
        return kind, lambda network: (network.forward(inputs), network.back_propagate(
            targets, training["lr"], training["momentum"], training["optimizer"]))
    if kind == "update":
        return kind, lambda network: network.update_weights(training["lr"], training["momentum"],
                                                            training["optimizer"], training["batch_size"])
    return kind, lambda network: type(network).from_dict(network.to_dict()).to_dict()


@st.composite
def sessions(draw):
    arguments = draw(constructions())
    return arguments, [draw(calls(arguments["sizes"])) for _ in range(draw(st.integers(1, 4)))]


def check_session(arguments, session):
    built = both(lambda cls: cls(**arguments).to_dict())
    if built[1] is not None:
        return
    textbook, kernels = NeuralNetwork(**arguments), NumbaNetwork(**arguments)
    for _, call in session:
        assert outcome(lambda: call(kernels)) == outcome(lambda: call(textbook))
        assert state(kernels) == state(textbook)
    assert outcome(lambda: json.dumps(textbook.to_dict(), allow_nan=False))[1] is None  # it can always be saved


@FEW
@given(sessions())
def test_paired_library_calls(session):
    check_session(*session)


@pytest.mark.slow
@MANY
@given(sessions())
def test_paired_library_calls_many(session):
    check_session(*session)


def ends(call) -> str:
    try:
        result = call()
        return result if isinstance(result, str) else "returned"
    except (ValueError, FloatingPointError, RecursionError) as error:
        return type(error).__name__


@pytest.mark.parametrize("strategy, run, ending", [
    (mutated_model_texts(), lambda text: NeuralNetwork.from_dict(json.loads(text)), "returned"),
    (mutated_model_texts(), lambda text: NeuralNetwork.from_dict(json.loads(text)), "ValueError"),
    (mutated_idx_files(), lambda file: load_idx_bytes(*file), "returned"),
    (mutated_idx_files(), lambda file: load_idx_bytes(*file), "ValueError"),
    (sessions(), lambda session: [call(NeuralNetwork(**session[0])) for _, call in session[1]], "returned"),
    (sessions(), lambda session: [call(NeuralNetwork(**session[0])) for _, call in session[1]], "ValueError"),
    (sessions(), lambda session: [call(NeuralNetwork(**session[0])) for _, call in session[1]], "FloatingPointError"),
    (command_lines(), lambda arguments: exit_code(arguments), "exit 0"),
    # a runtime failure (exit 1: a corrupt --load, a diverging run) takes about 2000 random command lines to meet
    pytest.param(command_lines(), lambda arguments: exit_code(arguments), "exit 1", marks=pytest.mark.slow),
    (command_lines(), lambda arguments: exit_code(arguments), "exit 2"),
])
def test_the_fuzzers_reach_every_ending(strategy, run, ending):
    """The strategies are not all refusals: each reaches each ending its property covers."""
    find(strategy, lambda example: ends(lambda: run(example)) == ending,
         settings=settings(max_examples=3000 if ending == "exit 1" else 1000, deadline=None, database=None,
                           phases=[Phase.generate],  # no shrinking
                           derandomize=True, suppress_health_check=list(HealthCheck)))  # the same examples each run


def exit_code(arguments) -> str:
    with tempfile.TemporaryDirectory() as directory:
        prepared(Path(directory))
        arguments = [argument.replace("{tmp}", directory) for argument in arguments]
        return f"exit {CliRunner().invoke(main, arguments, prog_name='bpnn').exit_code}"


def load_idx_bytes(content: bytes, gzipped: bool):
    with tempfile.TemporaryDirectory() as directory:
        path = os.path.join(directory, "data.idx" + (".gz" if gzipped else ""))
        with open(path, "wb") as file:
            file.write(content)
        return load_idx(path)
