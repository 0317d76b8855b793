"""NeuralNetwork.classic against Neil Schemenauer's bpnn.py (tests/classic_bpnn.py), and by hand."""
import random

import pytest

from bpnn import NeuralNetwork
from bpnn.course.truth_tables import XOR_PATTERNS

import classic_bpnn


@pytest.mark.parametrize("seed", [0, 1, 7])
@pytest.mark.parametrize("hidden, iterations, lr, momentum", [(2, 1000, 0.5, 0.1), (2, 5000, 0.1, 0.4),
                                                               (5, 300, 0.5, 0.1)])
def test_weights_and_errors_bitwise_equal_the_classic_program(seed, hidden, iterations, lr, momentum):
    classic = classic_bpnn.NN(2, hidden, 1, random.Random(seed))
    classic_errors = classic.train(XOR_PATTERNS, iterations, lr, momentum)
    network = NeuralNetwork.classic(2, hidden, 1, seed=seed)
    errors = network.train(XOR_PATTERNS, iterations, lr, momentum)
    assert network.weights == [classic.wi, classic.wo]
    assert errors == classic_errors


def test_per_step_api_matches_the_classic_update_and_back_propagate():
    classic = classic_bpnn.NN(3, 4, 2, random.Random(3))
    network = NeuralNetwork.classic(3, 4, 2, seed=3)
    patterns = [[[0.1, -0.5, 0.9], [0.2, -0.7]], [[1.0, 0.0, -1.0], [-0.3, 0.4]]]
    for inputs, targets in patterns * 3:
        assert network.forward(inputs) == classic.update(inputs)
        assert network.back_propagate(targets, 0.5, 0.1) == classic.backPropagate(targets, 0.5, 0.1)
    assert network.weights == [classic.wi, classic.wo]


def test_classic_solves_xor_and_its_error_falls():
    network = NeuralNetwork.classic(2, 2, 1)
    errors = network.train(XOR_PATTERNS)
    for inputs, (target,) in XOR_PATTERNS:
        (output,) = network.forward(inputs)
        assert abs(output - 0.5) >= 0.4 and (output > 0.5) == (target == 1)
    assert errors[-1] < errors[0] / 100
    assert max(errors[len(errors) // 2:]) < errors[0] / 10


def test_one_training_step_matches_a_hand_calculation():
    """A 1-1-1 sigmoid net with biases, x = 1, t = 1, half_sse, lr 0.5, no momentum. By hand (40 digits):
    z1 = 1·0.5 + 0.1 = 0.6, h = σ(0.6) = 0.645656306225795; z2 = h·(-0.3) + 0.2 = 0.006303108132261,
    y = σ(z2) = 0.501575771816060; E = ½(1 - y)² = 0.124213355620378;
    δ2 = y(1 - y)(y - t) = -0.124604819430308; δ1 = h(1 - h)·δ2·(-0.3) = 0.008552285691181;
    ∂E/∂w1 = x δ1, ∂E/∂b1 = δ1, ∂E/∂w2 = h δ2 = -0.080451887451305, ∂E/∂b2 = δ2; w ← w - 0.5 ∂E/∂w."""
    network = NeuralNetwork([1, 1, 1], activation="sigmoid", output="sigmoid", loss="half_sse")
    network.weights = [[[0.5], [0.1]], [[-0.3], [0.2]]]
    (y,) = network.forward([1.0])
    assert network.weighted_sums == [[pytest.approx(0.6, rel=1e-15)], [pytest.approx(0.0063031081322613641, rel=1e-12)]]
    assert y == pytest.approx(0.5015757718160596527, rel=1e-14)
    error = network.back_propagate([1.0], lr=0.5, momentum=0.0)
    assert error == pytest.approx(0.1242133556203783176, rel=1e-14)
    expected = [[[0.4957238571544097113], [0.0957238571544097113]], [[-0.2597740562743475903], [0.2623024097151539458]]]
    for layer, expected_layer in zip(network.weights, expected):
        for row, expected_row in zip(layer, expected_layer):
            assert row == [pytest.approx(value, rel=1e-14) for value in expected_row]
    assert network.optimizer_state["previous_change"][1][0][0] == pytest.approx(0.08045188745130481939, rel=1e-13)


def test_python_m_bpnn_prints_the_classic_demo():
    """`python -m bpnn` is the classic's demo(): the error every 100 epochs, then each pattern's output,
    the numbers of the classic program run with random.seed(0)."""
    import subprocess
    import sys
    classic = classic_bpnn.NN(2, 2, 1, random.Random(0))
    errors = classic.train(XOR_PATTERNS)
    expected = [f"error {error:<.5f}" for error in errors[::100]]
    expected += [f"{inputs} -> {classic.update(inputs)}" for inputs, _ in XOR_PATTERNS]
    result = subprocess.run([sys.executable, "-m", "bpnn"], capture_output=True, text=True, check=True)
    assert result.stdout.splitlines() == expected
