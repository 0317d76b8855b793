"""The kernels compute the textbook's bits: the same training gives == weights, state and errors.

Floats are compared through float.hex, so that even the sign of a zero must agree (and a NaN,
should one appear, equals a NaN).
"""
import math
import random

import numba
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from bpnn import NeuralNetwork
from bpnn.activations import ACTIVATIONS
from bpnn.course.truth_tables import XOR_PATTERNS
from bpnn.kernels import NumbaNetwork


def bits(value):
    """Every float in a nested structure as float.hex, so that == compares bit patterns."""
    if isinstance(value, float):
        return value.hex()
    if isinstance(value, (list, tuple)):
        return [bits(item) for item in value]
    if isinstance(value, dict):
        return {key: bits(item) for key, item in value.items()}
    return value


def state(network) -> dict:
    """Everything a network is: its file contents, pending gradient sums and its last pass."""
    return bits(dict(network.to_dict(), gradients=network.gradients, layer_inputs=network.layer_inputs,
                     weighted_sums=network.weighted_sums, outputs=network.outputs, deltas=network.deltas,
                     dropout_masks=network.dropout_masks))


def outcome(call):
    """(result, None) or (None, (exception type, message)): both paths must end alike either way."""
    try:
        return bits(call()), None
    except (FloatingPointError, OverflowError) as error:
        return None, (type(error), str(error))


def random_patterns(rng: random.Random, n: int, n_inputs: int, n_outputs: int, spread: float = 2.0) -> list:
    return [[[rng.uniform(-spread, spread) for _ in range(n_inputs)], [rng.random() for _ in range(n_outputs)]]
            for _ in range(n)]


def assert_same_training(arguments: dict, patterns: list, **training):
    textbook, kernels = NeuralNetwork(**arguments), NumbaNetwork(**arguments)
    assert state(textbook) == state(kernels)
    textbook_outcome = outcome(lambda: textbook.train(patterns, **training))
    assert outcome(lambda: kernels.train(patterns, **training)) == textbook_outcome
    assert state(kernels) == state(textbook)
    assert outcome(lambda: kernels.test(patterns)) == outcome(lambda: textbook.test(patterns))
    assert state(kernels) == state(textbook)
    return textbook_outcome


def test_numba_does_not_use_intel_svml():
    """SVML's vectorised exp/log/tanh are not the C library's: with it, the bits would differ."""
    assert numba.config.USING_SVML is False, "Numba uses Intel SVML: the kernels cannot match the textbook"


def test_classic_xor_5000_iterations():
    textbook, kernels = NeuralNetwork.classic(2, 2, 1), NumbaNetwork.classic(2, 2, 1)
    errors = textbook.train(XOR_PATTERNS, 5000, 0.1, 0.4)
    assert bits(kernels.train(XOR_PATTERNS, 5000, 0.1, 0.4)) == bits(errors)
    assert errors[-1] < 0.01  # it learned XOR (so the comparison is not of two untrained networks)
    assert state(kernels) == state(textbook)
    assert bits(kernels.predict([p[0] for p in XOR_PATTERNS])) == bits(textbook.predict([p[0] for p in XOR_PATTERNS]))


def test_deep_sigmoid_2_64_32_16_1():
    rng = random.Random(1)
    patterns = [[[x, y], [1.0 if x * y > 0 else 0.0]] for x, y in
                ((rng.uniform(-1, 1), rng.uniform(-1, 1)) for _ in range(40))]
    assert_same_training(dict(sizes=[2, 64, 32, 16, 1], activation="sigmoid", output="sigmoid", seed=3),
                         patterns, epochs=6, lr=0.5, momentum=0.5)


@pytest.mark.parametrize("optimizer", ["sgd", "adam"])
def test_softmax_cross_entropy_64_32_10_mini_batch(optimizer):
    rng = random.Random(2)
    patterns = []
    for _ in range(100):
        label = rng.randrange(10)
        patterns.append([[rng.uniform(0, 1) for _ in range(64)], [1.0 if k == label else 0.0 for k in range(10)]])
    assert_same_training(dict(sizes=[64, 32, 10], activation="tanh", output="softmax", seed=4), patterns,
                         epochs=3, lr=0.05, momentum=0.9, batch_size=16, shuffle=True, optimizer=optimizer)


def test_large_layers_on_threads():
    """Products and an update large enough for threads (kernels.matmul.PARALLEL_WORK,
    kernels.network.PARALLEL_WEIGHTS), on the network's own views."""
    from bpnn.kernels.matmul import PARALLEL_WORK
    from bpnn.kernels.network import PARALLEL_WEIGHTS
    sizes, batch_size = [2100, 130, 3], 16
    assert batch_size * (sizes[0] + 1) * sizes[1] >= PARALLEL_WORK
    assert (sizes[0] + 1) * sizes[1] >= PARALLEL_WEIGHTS
    patterns = random_patterns(random.Random(3), batch_size, sizes[0], sizes[-1], spread=0.1)
    assert_same_training(dict(sizes=sizes, activation="relu", output="sigmoid", loss="bce", seed=5), patterns,
                         epochs=2, lr=0.1, batch_size=batch_size, optimizer="adam")


def test_tanh_derivative_is_the_c_librarys_pow():
    """1 - y**2 (pow) differs from 1 - y*y for some y; the kernels must give the pow result."""
    from bpnn.activations import tanh_derivative
    from bpnn.kernels.activations import TANH, derivative
    from bpnn.kernels.constants import textbook_constants
    constants = textbook_constants()
    rng = random.Random(0)
    ys = [rng.uniform(-1.0, 1.0) for _ in range(20000)]
    assert any(1.0 - y * y != tanh_derivative(y) for y in ys), "the sample cannot tell pow from y*y"
    assert [derivative(TANH, y, constants) for y in ys] == [tanh_derivative(y) for y in ys]


def test_half_sse_is_the_c_librarys_pow():
    """0.5 (t - y)**2 with pow, as the textbook's half_sse."""
    import numpy as np
    from bpnn.losses import half_sse
    from bpnn.kernels.constants import textbook_constants
    from bpnn.kernels.losses import HALF_SSE, loss_value
    constants = textbook_constants()
    rng = random.Random(1)
    pairs = [(rng.uniform(-3.0, 3.0), rng.uniform(-1.0, 1.0)) for _ in range(20000)]
    assert any(0.5 * (t - y) * (t - y) != half_sse([], [y], [t]) for y, t in pairs)
    for y, t in pairs:
        value, overflowed = loss_value(HALF_SSE, np.zeros(1), np.array([y]), np.array([t]), constants)
        assert value == half_sse([], [y], [t]) and not overflowed


def test_adam_step_after_step():
    """Thousands of Adam steps on one weight: β^t is pow(β, t), as CPython's float ** int."""
    import numpy as np
    from bpnn import optimizers as textbook
    from bpnn.kernels import network, optimizers, subnormals
    from bpnn.kernels.constants import textbook_constants
    constants = textbook_constants()
    rng = random.Random(2)
    weights, first_moment, second_moment = [[0.3]], [[0.0]], [[0.0]]
    flat_weights, flat_gradients, state = np.array([0.3]), np.zeros(1), np.zeros((2, 1))
    for step in range(1, 3001):
        gradient = rng.uniform(-1.0, 1.0)
        textbook.adam(weights, [[gradient]], first_moment, second_moment, 0.01, step)
        flat_gradients[0] = gradient
        step_size, bias_correction2_root = optimizers.adam_factors(0.01, step, constants)
        decay = subnormals.adam_decay(step_size, bias_correction2_root, constants)
        network.weight_update_range(flat_weights, flat_gradients, state, optimizers.ADAM, 0.01, 0.0, step_size,
                                    bias_correction2_root, 1, constants, network.decaying_state(optimizers.ADAM), decay,
                                    np.zeros(0, np.int16), np.zeros(2, np.int64), 0, 1)
        assert (flat_weights[0], state[0, 0], state[1, 0]) == (weights[0][0], first_moment[0][0], second_moment[0][0])


OUTPUT_LOSSES = {"softmax": ["cross_entropy"], "sigmoid": ["half_sse", "mse", "bce"]}


@st.composite
def training_runs(draw):
    """A random network, data set and training: every activation, loss, optimizer and option."""
    sizes = draw(st.lists(st.integers(1, 40), min_size=2, max_size=5))
    output = draw(st.sampled_from(list(ACTIVATIONS) + ["softmax"]))
    arguments = dict(sizes=sizes, activation=draw(st.sampled_from(list(ACTIVATIONS))), output=output,
                     loss=draw(st.sampled_from(OUTPUT_LOSSES.get(output, ["half_sse", "mse"]))),
                     bias=draw(st.one_of(st.booleans(), st.lists(st.booleans(), min_size=len(sizes) - 1,
                                                                   max_size=len(sizes) - 1))),
                     init=draw(st.sampled_from(["pytorch", "classic"])), seed=draw(st.integers(0, 2**32)))
    n_patterns = draw(st.integers(1, 10))
    patterns = random_patterns(random.Random(draw(st.integers(0, 2**32))), n_patterns, sizes[0], sizes[-1])
    training = dict(epochs=draw(st.integers(1, 3)), lr=draw(st.sampled_from([0.001, 0.05, 0.3])),
                    momentum=draw(st.sampled_from([0.0, 0.5, 0.9])), batch_size=draw(st.integers(1, n_patterns + 2)),
                    shuffle=draw(st.booleans()), optimizer=draw(st.sampled_from(["classic", "sgd", "adam"])),
                    dropout=draw(st.sampled_from([0.0, 0.0, 0.25, 0.5])))
    return arguments, patterns, training


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(training_runs())
def test_any_training_is_bitwise_identical(run):
    arguments, patterns, training = run
    assert_same_training(arguments, patterns, **training)


@pytest.mark.slow
@settings(max_examples=2000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(training_runs())
def test_any_training_is_bitwise_identical_many(run):
    arguments, patterns, training = run
    assert_same_training(arguments, patterns, **training)


@pytest.mark.parametrize("dropout, lr", [(0.0, 5.0), (0.3, 2.0)])
def test_divergence_stops_alike_even_in_the_middle_of_an_epoch(dropout, lr):
    """Where CPython's (t - y)**2 overflows, the textbook stops mid-epoch (the abandoned batch's
    gradient sums cleared, fewer masks drawn); the kernels stop at the same pattern, with the same
    error and state."""
    rng = random.Random(7)
    patterns = [[[rng.uniform(-1, 1) for _ in range(3)], [rng.uniform(-1, 1)]] for _ in range(12)]
    arguments = dict(sizes=[3, 8, 1], activation="leaky_relu", output="linear", loss="half_sse", seed=1)
    error = assert_same_training(arguments, patterns, epochs=200, lr=lr, momentum=0.9, batch_size=5, shuffle=True,
                                 dropout=dropout)[1]
    assert error is not None and error[0] is FloatingPointError and "training diverged at epoch" in error[1]
    textbook = NeuralNetwork(**arguments)
    with pytest.raises(FloatingPointError):
        textbook.train(patterns, epochs=200, lr=lr, momentum=0.9, batch_size=5, shuffle=True, dropout=dropout)
    assert abs(textbook.outputs[-1][0]) > 1e154, "the textbook's last pass did not overflow (t - y)**2: " \
        "this test no longer covers the overflow"
    assert all(g == 0.0 for matrix in textbook.gradients for row in matrix for g in row), \
        "the textbook keeps the abandoned batch's gradient sums"


@pytest.mark.parametrize("arguments, lr", [
    (dict(sizes=[2, 5, 2], activation="linear", output="linear", loss="mse"), 1.0),  # to NaN
    (dict(sizes=[2, 5, 2], activation="relu", output="linear", loss="mse"), 1000.0),  # to inf
    (dict(sizes=[2, 5, 2], activation="leaky_relu", output="softmax"), 1000.0),  # to NaN, after 28 epochs
])
def test_divergence_at_the_end_of_an_epoch_stops_alike(arguments, lr):
    patterns = random_patterns(random.Random(8), 6, 2, 2)
    error = assert_same_training(dict(arguments, seed=2), patterns, epochs=300, lr=lr, momentum=0.9, batch_size=2,
                                 optimizer="sgd")[1]
    assert error is not None and error[0] is FloatingPointError


def test_errors_reach_the_callback_epoch_by_epoch():
    seen = {"python": [], "numba": []}
    textbook, kernels = NeuralNetwork([2, 3, 1], seed=5), NumbaNetwork([2, 3, 1], seed=5)
    textbook.train(XOR_PATTERNS, 7, shuffle=True, dropout=0.2, callback=lambda e, x: seen["python"].append((e, x)))
    kernels.train(XOR_PATTERNS, 7, shuffle=True, dropout=0.2, callback=lambda e, x: seen["numba"].append((e, x)))
    assert bits(seen["numba"]) == bits(seen["python"]) and len(seen["numba"]) == 7
    assert state(kernels) == state(textbook)


def test_many_epochs_in_chunks_equal_the_textbook(monkeypatch):
    """Without a callback, epochs run in chunks, their random draws made ahead: same bits."""
    from bpnn.kernels import numba_network
    monkeypatch.setattr(numba_network, "CHUNK_DRAWS", 40)
    rng = random.Random(9)
    patterns = random_patterns(rng, 5, 3, 2)
    assert_same_training(dict(sizes=[3, 4, 2], activation="tanh", output="sigmoid", seed=6), patterns, epochs=23,
                         lr=0.2, batch_size=2, shuffle=True, dropout=0.4, optimizer="adam")


def test_outputs_are_finite_floats():
    network = NumbaNetwork([2, 2, 1])
    assert all(isinstance(y, float) and math.isfinite(y) for y in network.forward([0.5, -0.5]))
