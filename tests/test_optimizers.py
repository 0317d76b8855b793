"""Each optimizer's step, checked by hand on one weight, and SGD without momentum equal to the classic rule."""
import math

import pytest

from bpnn import NeuralNetwork, optimizers


def test_classic_step_uses_the_previous_change_once():
    weights, previous_change = [[1.0]], [[0.25]]
    optimizers.classic(weights, [[0.5]], previous_change, lr=0.1, momentum=0.4)
    # change = -0.5; w = 1 + 0.1·(-0.5) + 0.4·0.25 = 1.05
    assert weights[0][0] == pytest.approx(1.05, rel=1e-15)
    assert previous_change == [[-0.5]]
    optimizers.classic(weights, [[0.0]], previous_change, lr=0.1, momentum=0.4)
    # change = 0; w = 1.05 + 0 + 0.4·(-0.5) = 0.85, and the look-back is now 0, not a velocity
    assert weights[0][0] == pytest.approx(0.85, rel=1e-15)
    assert previous_change == [[0.0]]


def test_sgd_step_keeps_a_velocity():
    weights, velocity = [[1.0]], [[0.0]]
    optimizers.sgd(weights, [[0.5]], velocity, lr=0.1, momentum=0.9)
    assert (weights[0][0], velocity[0][0]) == (pytest.approx(0.95, rel=1e-15), 0.5)
    optimizers.sgd(weights, [[0.0]], velocity, lr=0.1, momentum=0.9)
    # v = 0.9·0.5 + 0 = 0.45; w = 0.95 - 0.045 = 0.905: the velocity keeps moving the weight
    assert (weights[0][0], velocity[0][0]) == (pytest.approx(0.905, rel=1e-15), pytest.approx(0.45, rel=1e-15))


def test_adam_first_steps():
    weights, first, second = [[1.0]], [[0.0]], [[0.0]]
    optimizers.adam(weights, [[0.5]], first, second, lr=0.01, step=1)
    # m = 0.05, v = 0.00025; m̂ = 0.5, v̂ = 0.25: w = 1 - 0.01·0.5/(0.5 + 1e-8)
    assert first[0][0] == pytest.approx(0.05, rel=1e-15)
    assert second[0][0] == pytest.approx(0.00025, rel=1e-13)
    assert weights[0][0] == pytest.approx(1.0 - 0.01 * 0.5 / (0.5 + 1e-8), rel=1e-15)


def test_adam_second_step_value():
    weights, first, second = [[1.0]], [[0.0]], [[0.0]]
    optimizers.adam(weights, [[0.5]], first, second, lr=0.01, step=1)
    after_one = weights[0][0]
    optimizers.adam(weights, [[-0.5]], first, second, lr=0.01, step=2)
    m, v = 0.9 * 0.05 - 0.1 * 0.5, 0.999 * 0.00025 + 0.001 * 0.25
    expected = after_one - 0.01 * (m / (1 - 0.9**2)) / (math.sqrt(v / (1 - 0.999**2)) + 1e-8)
    assert (first[0][0], second[0][0]) == (pytest.approx(m, rel=1e-14), pytest.approx(v, rel=1e-14))
    assert weights[0][0] == pytest.approx(expected, rel=1e-13)


@pytest.mark.parametrize("batch_size", [1, 3])
def test_plain_sgd_equals_classic_without_momentum(batch_size):
    patterns = [[[0.1 * i, -0.2 * i], [0.3 * (i % 2)]] for i in range(5)]
    runs = []
    for optimizer in ("sgd", "classic"):
        network = NeuralNetwork([2, 3, 1], activation="tanh", output="sigmoid", seed=4)
        errors = network.train(patterns, 50, lr=0.3, momentum=0.0, batch_size=batch_size, optimizer=optimizer)
        runs.append((network.weights, errors))
    assert runs[0] == runs[1]
