"""Issue 11's defects, each kept fixed: bad input gets one clear line, the same on both paths, and
nothing is lost (a diverged network can be saved, a killed save leaves the old file or the new one).

The fuzz campaign that found them is tests/test_fuzz.py.
"""
import fcntl
import gzip
import json
import math
import os
import random
import signal
import subprocess
import sys
import time
import tracemalloc

import numpy as np
import pytest

from bpnn import NeuralNetwork, validation
from bpnn.course import ch08_xor
from bpnn.course.datasets import load_idx
from bpnn.course.truth_tables import XOR_PATTERNS
from bpnn.kernels import NumbaNetwork
from bpnn.validation import LARGEST_COUNT
from test_kernels_identity import bits, outcome, state
from helpers import run

PATHS = (NeuralNetwork, NumbaNetwork)


def refusal(call, kind=ValueError) -> str:
    with pytest.raises(kind) as error:
        call()
    message = str(error.value)
    assert "\n" not in message and len(message) < 1000, message
    return message


def same_refusal(call, kind=ValueError) -> str:
    """call(network_class) raises `kind` with one message on both paths; returns it."""
    message = refusal(lambda: call(NeuralNetwork), kind)
    assert refusal(lambda: call(NumbaNetwork), kind) == message
    return message


def one_line_error(result, exit_code: int) -> str:
    assert result.exit_code == exit_code, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.stderr
    assert len(lines[0].encode()) < 1024 and "Traceback" not in result.output
    return lines[0]


def model_file(tmp_path, change=None, name="model.json"):
    network = NeuralNetwork([2, 3, 1], seed=1)
    network.train(XOR_PATTERNS, 3, lr=0.1, optimizer="adam", shuffle=True)
    document = json.loads(json.dumps(network.to_dict()))
    if change is not None:
        change(document)
    path = tmp_path / name
    path.write_text(json.dumps(document))
    return path


# ---------------------------------------------------------------- 1. integers beyond int64 never reach Numba
@pytest.mark.parametrize("batch_size", [4, 5, 2**63, 10**20, np.uint64(2**64 - 1)])
def test_a_batch_larger_than_the_data_set_is_the_whole_data_set_on_both_paths(batch_size):
    full = NeuralNetwork([2, 2, 1])
    errors = full.train(XOR_PATTERNS, 3, batch_size=4)
    for cls in PATHS:
        network = cls([2, 2, 1])
        assert bits(network.train(XOR_PATTERNS, 3, batch_size=batch_size)) == bits(errors)
        assert state(network) == state(full)


def test_the_optimizer_step_is_bounded_at_load(tmp_path):
    path = model_file(tmp_path, lambda d: d["optimizer"].update(step=2**64))
    message = same_refusal(lambda cls: cls.load(path))
    assert "optimizer step must be at most 9007199254740992, got 18446744073709551616" in message
    largest = model_file(tmp_path, lambda d: d["optimizer"].update(step=LARGEST_COUNT), "largest.json")
    textbook, kernels = NeuralNetwork.load(largest), NumbaNetwork.load(largest)
    assert outcome(lambda: kernels.train(XOR_PATTERNS, 2, optimizer="adam")) == \
        outcome(lambda: textbook.train(XOR_PATTERNS, 2, optimizer="adam"))
    assert state(kernels) == state(textbook) and textbook.updates_taken == LARGEST_COUNT + 8


def test_a_weight_update_refuses_a_batch_size_beyond_the_largest_count():
    def update(cls):
        network = cls([2, 2, 1])
        network.forward([0, 1])
        network.backward([1])
        network.update_weights(0.1, 0.0, "sgd", 2**63)
    assert "batch size must be at most 9007199254740992" in same_refusal(update)


def test_digits_with_an_enormous_batch_size_trains_full_batch():
    result = run("digits", "--batch-size", "100000000000000000000", "--epochs", 1, "--limit", 20, "-q")
    assert result.exit_code == 0, result.output
    assert "test accuracy" in result.stdout


# ---------------------------------------------------------------- 2, 3. every number in a model file is checked
def test_a_negative_adam_second_moment_is_refused_at_load(tmp_path):
    path = model_file(tmp_path, lambda d: d["optimizer"]["state"]["second_moment"][1][2].__setitem__(0, -1e-9))
    assert "optimizer state second_moment[1] must not be negative, got -1e-09" in same_refusal(
        lambda cls: cls.load(path))


@pytest.mark.parametrize("gauss_next", ["NaN", "Infinity", "-Infinity", "1e999"])
def test_a_non_finite_gauss_next_is_refused_in_a_file(tmp_path, gauss_next):
    path = model_file(tmp_path)
    text = path.read_text()
    assert text.endswith("null]}")
    path.write_text(text[:-len("null]}")] + gauss_next + "]}")
    assert "not a valid bpnn model file" in same_refusal(lambda cls: cls.load(path))


@pytest.mark.parametrize("gauss_next", [math.nan, math.inf, 1])
def test_a_non_finite_gauss_next_is_refused_in_a_document(gauss_next):
    document = NeuralNetwork([2, 2, 1]).to_dict()
    document["random_state"][2] = gauss_next
    assert "random_state must be" in same_refusal(lambda cls: cls.from_dict(document))


def test_a_finite_gauss_next_is_kept():
    network = NeuralNetwork([2, 2, 1])
    network.random.gauss(0.0, 1.0)  # leaves gauss_next set
    assert network.random.getstate()[2] is not None
    for cls in PATHS:
        assert cls.from_dict(json.loads(json.dumps(network.to_dict()))).random.getstate() == network.random.getstate()


# ---------------------------------------------------------------- 4. reads are bounded
def test_loading_a_device_or_a_fifo_is_refused_without_reading_it(tmp_path):
    assert "not a regular file" in same_refusal(lambda cls: cls.load("/dev/zero"))
    fifo = tmp_path / "fifo.json"
    os.mkfifo(fifo)
    assert "not a regular file" in same_refusal(lambda cls: cls.load(fifo))  # (open() would wait for a writer)
    assert "'/dev/zero' is not a regular file" in one_line_error(run("xor", "--load", "/dev/zero"), 2)
    assert "is not a regular file" in one_line_error(run("xor", "--load", fifo), 2)


def test_a_model_file_beyond_the_cap_is_refused_before_it_is_read(tmp_path, monkeypatch):
    path = model_file(tmp_path)
    size = path.stat().st_size
    monkeypatch.setattr(validation, "memory_size", lambda: 4 * (size - 1))
    assert f"larger than {size - 1} bytes" in same_refusal(lambda cls: cls.load(path))
    monkeypatch.setattr(validation, "memory_size", lambda: 4 * size)
    assert NeuralNetwork.load(path).sizes == [2, 3, 1]


def gzip_bomb(path, label_bytes: int = 1, members: int = 1024, member_zeros: int = 2**22):
    """An IDX label file that declares `label_bytes` labels; its gzip stream inflates to
    members x member_zeros bytes more (concatenated gzip members: 4 GiB from about 4 MB)."""
    header = b"\x00\x00\x08\x01" + label_bytes.to_bytes(4, "big") + b"\x00" * label_bytes
    member = gzip.compress(b"\x00" * member_zeros, compresslevel=9)
    with open(path, "wb") as file:
        file.write(gzip.compress(header))
        for _ in range(members):
            file.write(member)
    return str(path)


def test_a_gzip_bomb_stops_just_past_the_declared_size(tmp_path):
    path = gzip_bomb(tmp_path / "train-labels-idx1-ubyte.gz")
    assert os.path.getsize(path) < 5 * 2**20
    tracemalloc.start()
    try:
        with pytest.raises(ValueError) as error:
            load_idx(path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert str(error.value) == (f"{path}: more than 1048576 bytes after the data; the header (1 uint8) promises 1")
    assert peak < 8 * 2**20, f"{peak} bytes allocated to read a file that declares 1 byte"


def test_an_idx_header_promising_more_than_memory_is_refused_before_reading(tmp_path):
    path = tmp_path / "huge.idx"
    path.write_bytes(b"\x00\x00\x0e\x03" + (2**32 - 1).to_bytes(4, "big") * 3 + b"\x00" * 64)
    message = refusal(lambda: load_idx(str(path)))
    assert message.startswith(f"{path}: the header (4294967295 x 4294967295 x 4294967295 float64) promises: ")
    assert "more than this machine's memory can hold" in message


# ---------------------------------------------------------------- 5. sizes no machine can hold
@pytest.mark.parametrize("arguments, option", [
    (("approx", "--hidden", "99999999999999999999"), "--hidden"),
    (("xor", "--hidden", "100000000000"), "--hidden"),
    (("xor", "--hidden", "2,100000000000"), "--hidden"),
    (("approx", "--samples", "99999999999999999999999"), "--samples"),
    (("trace", "--hidden", "100000000"), "--hidden"),
    (("vanish", "--hidden", "64,32,100000000000"), "--hidden"),
    (("digits", "--hidden", "100000000000"), "--hidden"),
    (("gradcheck", "--sizes", "2,99999999999,1"), "--sizes"),
    (("gradcheck", "--patterns", "100000000000000000"), "--patterns"),
])
def test_absurd_sizes_are_refused_when_the_options_are_parsed(arguments, option):
    line = one_line_error(run(*arguments), 2)
    assert f"Invalid value for '{option}'" in line and "more than this machine's memory can hold" in line


@pytest.mark.parametrize("sizes", [[2, 10**11, 1], [2, 10**8, 1], [10**6, 10**6]])
def test_the_library_refuses_a_network_too_large_before_allocating_it(sizes):
    tracemalloc.start()
    try:
        message = same_refusal(lambda cls: cls(sizes))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert message.startswith(f"a network of sizes {sizes}: ") and "more than this machine's memory" in message
    assert peak < 2**20


def test_a_memory_error_is_one_line_exit_1(monkeypatch):
    def exhausted(*arguments, **settings):
        raise MemoryError
    monkeypatch.setattr(ch08_xor, "xor", exhausted)
    assert "out of memory" in one_line_error(run("xor"), 1)


# ---------------------------------------------------------------- 6. values in messages are cut short
@pytest.mark.parametrize("call", [
    lambda cls: cls([2, 1], bias=[0.5] * 10**6),
    lambda cls: cls([2, 1], activation="x" * 10**6),
    lambda cls: cls([2, 2, 1]).train([[[0.0] * 10**6, [1.0]]], 1),
    lambda cls: cls([2, 2, 1]).train([[["y" * 10**6, 0], [1.0]]], 1),
    lambda cls: cls([2, 2, 1]).predict("z" * 10**6),
    lambda cls: cls([2, 2, 1]).train(XOR_PATTERNS, 1, optimizer=[0] * 10**6),
    lambda cls: cls([2, 2, 1], seed=10**5000),
])
def test_a_huge_bad_value_gets_a_short_message(call):
    assert len(same_refusal(call)) < 300


def test_a_huge_bias_in_a_model_file_gets_a_short_message(tmp_path):
    path = model_file(tmp_path, lambda d: d.update(bias=[0.5] * 10**6))
    assert len(same_refusal(lambda cls: cls.load(path))) < len(str(path)) + 300


def test_a_huge_option_value_gets_a_short_line(tmp_path):
    for arguments in (("xor", "--lr", "x" * 10**5), ("xor", "--hidden", "2," * 10**5 + "x"),
                      ("xor", "--save", tmp_path / ("d" * 5000) / "m.json"), ("gate", "q" * 10**5)):
        one_line_error(run(*arguments), 2)


# ---------------------------------------------------------------- 7, 8. --save and --plot targets
@pytest.mark.parametrize("target, words", [
    ("", "the path is empty"),
    ("{tmp}/", "is a directory"),
    ("{tmp}/new_dir/", "names a directory"),
    ("{tmp}/missing_dir/m.json", "the directory of '{tmp}/missing_dir/m.json' does not exist"),
    ("/proc/m.json", "cannot write a file in the directory of '/proc/m.json'"),
    ("/dev/null", "'/dev/null' is not a regular file"),
    ("{tmp}/fifo", "'{tmp}/fifo' is not a regular file"),
])
@pytest.mark.parametrize("option", ["--save", "--plot"])
def test_a_bad_target_is_refused_before_training(tmp_path, target, words, option):
    os.mkfifo(tmp_path / "fifo")
    target, words = target.format(tmp=tmp_path), words.format(tmp=tmp_path)
    # 10**9 epochs: if the check came after training, this would not end
    line = one_line_error(run("xor", "--epochs", 10**9, option, target), 2)
    assert f"Invalid value for '{option}'" in line and words in line and ".bpnn-" not in line
    assert os.path.exists("/dev/null") and not os.path.isfile("/dev/null")
    assert sorted(os.listdir(tmp_path)) == ["fifo"]


def test_the_library_refuses_to_replace_a_device_or_a_fifo(tmp_path):
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    for cls in PATHS:
        assert "is not a regular file" in refusal(lambda: cls([2, 2, 1]).save(fifo))
        assert "names a directory" in refusal(lambda: cls([2, 2, 1]).save(str(tmp_path) + "/"))
    assert not fifo.is_file() and fifo.exists()


def test_a_failed_write_names_the_users_path_not_the_temporary_file(tmp_path):
    target = tmp_path / "missing" / "m.json"
    with pytest.raises(FileNotFoundError) as error:
        NeuralNetwork([2, 2, 1]).save(target)
    assert error.value.filename == str(target) and ".bpnn-" not in str(error.value)


# ---------------------------------------------------------------- leftovers of interrupted saves
def test_the_next_save_removes_the_leftovers_of_killed_saves_of_the_same_target(tmp_path):
    target = tmp_path / "model.json"
    dead = tmp_path / ".bpnn-model.json-abcd1234.tmp"  # a killed save's: nobody holds its lock
    alive = tmp_path / ".bpnn-model.json-efgh5678.tmp"  # a save in progress: locked
    other = tmp_path / ".bpnn-other.json-abcd1234.tmp"  # another target's
    for path in (dead, alive, other):
        path.write_text("{")
    with open(alive) as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        NeuralNetwork([2, 2, 1]).save(target)
        assert sorted(os.listdir(tmp_path)) == sorted([alive.name, other.name, target.name])
    assert NeuralNetwork.load(target).sizes == [2, 2, 1]


SAVER = """
import sys
from bpnn import NeuralNetwork
path, first = sys.argv[1], NeuralNetwork([200, 1000, 10], seed=1)
second = NeuralNetwork([200, 1000, 10], seed=2)
print("ready", flush=True)
while True:
    second.save(path)
    first.save(path)
"""


def saved_versions(path):
    """Kill a process saving two networks in turn over `path` at random moments; yield what is left."""
    rng = random.Random(3)
    while True:
        process = subprocess.Popen([sys.executable, "-c", SAVER, str(path)], stdout=subprocess.PIPE)
        assert process.stdout.readline() == b"ready\n"
        time.sleep(rng.uniform(0.0, 1.0))
        process.send_signal(signal.SIGKILL)
        process.wait()
        yield path


def check_kills(tmp_path, kills: int):
    path = tmp_path / "model.json"
    versions = {json.dumps(NeuralNetwork([200, 1000, 10], seed=seed).weights) for seed in (1, 2)}
    NeuralNetwork([200, 1000, 10], seed=1).save(path)
    left = set()
    for _, path in zip(range(kills), saved_versions(path)):
        weights = json.dumps(NeuralNetwork.load(path).weights)  # never half a file
        assert weights in versions
        left.add(weights)
    NeuralNetwork([2, 2, 1]).save(path)
    assert os.listdir(tmp_path) == ["model.json"], "a killed save's temporary file outlived the next save"


def test_a_save_killed_midway_leaves_the_old_file_or_the_new_one(tmp_path):
    check_kills(tmp_path, 3)


@pytest.mark.slow
def test_a_save_killed_midway_leaves_the_old_file_or_the_new_one_many(tmp_path):
    check_kills(tmp_path, 60)


def test_ctrl_c_exits_130_with_one_line(tmp_path):
    process = subprocess.Popen([sys.executable, "-c", "from bpnn.cli import main; main()", "xor", "--epochs",
                                "1000000000", "-q", "--save", str(tmp_path / "m.json")],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    time.sleep(3.0)
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 130 and stderr.decode().strip() == "Interrupted."
    assert os.listdir(tmp_path) == []


# ---------------------------------------------------------------- 9, 10. exception types and messages
@pytest.mark.parametrize("inputs", [None, 5, 2.5, "ab", {0: 1}])
def test_predict_of_a_non_list_is_a_value_error(inputs):
    assert "inputs must be a list of vectors of 2 numbers" in same_refusal(lambda cls: cls([2, 2, 1]).predict(inputs))


@pytest.mark.parametrize("seed", [np.int64(5), np.uint8(5), np.int32(5)])
def test_integer_like_seeds_are_taken_as_ints_on_both_paths(seed, tmp_path):
    for cls in PATHS:
        network = cls([2, 2, 1], seed=seed)
        assert network.seed == 5 and type(network.seed) is int
        assert network.weights == NeuralNetwork([2, 2, 1], seed=5).weights
        network.save(tmp_path / "m.json")


@pytest.mark.parametrize("seed", [np.float64(5.0), -1, 2**64, np.int64(-3)])
def test_other_seeds_are_refused_alike(seed):
    assert "seed must be" in same_refusal(lambda cls: cls([2, 2, 1], seed=seed))


def test_a_huge_finite_target_is_a_floating_point_error_in_test_and_back_propagate():
    patterns = [[[0.0, 1.0], [1e300]]]
    assert same_refusal(lambda cls: cls([2, 2, 1], output="linear").test(patterns), FloatingPointError) == \
        "the loss of pattern 0 is too large for a float: its outputs are too far from its targets"

    def step(cls):
        network = cls([2, 2, 1], output="linear")
        network.forward([0.0, 1.0])
        network.back_propagate([1e300])
    assert "the loss of the pattern is too large for a float" in same_refusal(step, FloatingPointError)


@pytest.mark.parametrize("bad, dtype, where", [(math.nan, float, "2[1]"), (-math.inf, float, "2[1]"),
                                               (True, bool, "0[0]"), (1 + 0j, complex, "0[0]"), (1 + 0j, object, "2[1]"),
                                               ("1", object, "2[1]"), (10**400, object, "2[1]")])
def test_bad_numpy_rows_get_one_message_naming_row_and_column(bad, dtype, where):
    inputs = np.zeros((3, 2), dtype=dtype)
    inputs[2, 1] = bad
    assert same_refusal(lambda cls: cls([2, 2, 1]).predict(inputs)).startswith(f"inputs of pattern {where} ")


# ---------------------------------------------------------------- 11. a diverged update is undone
DIVERGING = dict(sizes=[1, 4, 1], activation="linear", output="sigmoid", loss="bce", seed=0)
PATTERNS = [[[1.0], [1.0]], [[-1.0], [0.0]], [[2.0], [0.0]]]


def diverging(cls, **settings):
    network = cls(**DIVERGING)
    with pytest.raises(FloatingPointError) as error:
        network.train(PATTERNS, 3000, **settings)
    return network, str(error.value)


@pytest.mark.parametrize("settings", [dict(lr=100.0, optimizer="sgd", momentum=0.9),
                                      dict(lr=100.0, optimizer="classic", momentum=0.9),
                                      dict(lr=1e300, optimizer="adam")])
def test_a_diverged_update_is_undone_alike_and_the_network_can_be_saved(settings, tmp_path):
    """Full batch, an epoch is one update: after it diverges at epoch e, the network is the one
    trained for e - 1 epochs (its gradient sums cleared), on both paths, to the bit."""
    textbook, message = diverging(NeuralNetwork, batch_size=3, **settings)
    kernels, kernels_message = diverging(NumbaNetwork, batch_size=3, **settings)
    assert kernels_message == message and "was undone" in message
    assert state(kernels) == state(textbook)
    epoch = int(message.split("epoch ")[1].split(":")[0])
    before = NeuralNetwork(**DIVERGING)
    if epoch > 1:
        before.train(PATTERNS, epoch - 1, batch_size=3, **settings)
    assert bits(textbook.to_dict()) == bits(before.to_dict())
    assert all(g == 0.0 for matrix in textbook.gradients for row in matrix for g in row)
    textbook.save(tmp_path / "textbook.json")
    kernels.save(tmp_path / "kernels.json")
    assert (tmp_path / "textbook.json").read_bytes() == (tmp_path / "kernels.json").read_bytes()


@pytest.mark.parametrize("callback", [None, lambda epoch, error: None])
def test_an_update_diverging_in_the_middle_of_an_epoch_is_undone_alike(callback):
    settings = dict(lr=100.0, optimizer="sgd", momentum=1.2, shuffle=True, dropout=0.2, callback=callback)
    textbook, message = diverging(NeuralNetwork, **settings)
    kernels, kernels_message = diverging(NumbaNetwork, **settings)
    assert kernels_message == message and "was undone" in message
    assert state(kernels) == state(textbook)
    assert textbook.holds_finite_numbers()


def test_a_diverging_update_weights_changes_nothing():
    def step(cls):
        network = cls([1, 2, 1], output="linear", loss="mse")
        network.forward([1.0])
        network.backward([1e200])
        return network
    for cls in PATHS:
        network = step(cls)
        weights = json.loads(json.dumps(network.weights))
        with pytest.raises(FloatingPointError, match="the update diverged: a weight update would have made"):
            network.update_weights(1e200, 0.0, "sgd", 1)
        assert network.weights == weights and network.optimizer is None and network.updates_taken == 0
        assert all(g == 0.0 for matrix in network.gradients for row in matrix for g in row)


def test_load_of_a_model_that_does_not_fit_the_command_says_so(tmp_path):
    path = tmp_path / "digits.json"
    NeuralNetwork([64, 8, 10], output="softmax").save(path)
    for command in (("xor",), ("gate", "or"), ("approx",)):
        line = one_line_error(run(*command, "--load", path), 2)
        assert f"the model in '{path}' does not fit bpnn {command[0]}: it has 64 inputs and 10 outputs" in line
