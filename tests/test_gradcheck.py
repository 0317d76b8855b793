"""Backpropagation's gradient equals the finite-difference slope of the loss, for every allowed
activation x output x loss combination and random depths up to three hidden layers."""
import random

import pytest
from hypothesis import assume, given, settings, strategies as st

from bpnn import NeuralNetwork
from bpnn.activations import ACTIVATIONS
from bpnn.gradcheck import gradient_check

HIDDEN = sorted(ACTIVATIONS)
OUTPUTS_AND_LOSSES = ([(output, loss) for output in sorted(ACTIVATIONS) for loss in ("half_sse", "mse")]
                      + [("sigmoid", "bce"), ("softmax", "cross_entropy")])
KINKED = ("relu", "leaky_relu")


def random_case(rng: random.Random, output: str, loss: str, hidden_layers: int):
    n_outputs = rng.randint(2, 4) if output == "softmax" else rng.randint(1, 3)
    sizes = [rng.randint(1, 4)] + [rng.randint(1, 6) for _ in range(hidden_layers)] + [n_outputs]
    patterns = []
    for _ in range(3):
        if loss == "cross_entropy":
            label = rng.randrange(n_outputs)
            targets = [1.0 if k == label else 0.0 for k in range(n_outputs)]
        else:
            targets = [rng.random() for _ in range(n_outputs)]
        patterns.append([[rng.uniform(-1.0, 1.0) for _ in range(sizes[0])], targets])
    return sizes, patterns


def distance_to_kinks(network: NeuralNetwork, patterns) -> float:
    """How close any weighted sum comes to ReLU's kink at 0 (finite differences must not cross it)."""
    closest = float("inf")
    for inputs, _ in patterns:
        network.forward(inputs)
        for layer in network.weighted_sums:
            for z in layer:
                closest = min(closest, abs(z))
    return closest


@pytest.mark.parametrize("output, loss", OUTPUTS_AND_LOSSES)
@pytest.mark.parametrize("activation", HIDDEN)
@settings(max_examples=10, deadline=None)
@given(hidden_layers=st.integers(0, 3), seed=st.integers(0, 2**32 - 1))
def test_backprop_matches_finite_differences(activation, output, loss, hidden_layers, seed):
    rng = random.Random(seed)
    sizes, patterns = random_case(rng, output, loss, hidden_layers)
    network = NeuralNetwork(sizes, activation, output, loss, seed=seed)
    if activation in KINKED or output in KINKED:
        assume(distance_to_kinks(network, patterns) > 0.02)
    worst = gradient_check(network, patterns)
    assert len(worst) == len(sizes) - 1
    assert max(worst) < 1e-6


def test_gradient_check_catches_a_wrong_derivative(monkeypatch):
    """The check can fail: with sigmoid' replaced by y (forgetting the 1 - y), it does."""
    import bpnn.activations as activations
    monkeypatch.setitem(activations.ACTIVATIONS, "sigmoid", activations.Activation(activations.sigmoid, lambda y: y))
    rng = random.Random(1)
    sizes, patterns = random_case(rng, "linear", "mse", 1)
    network = NeuralNetwork(sizes, "sigmoid", "linear", "mse", seed=1)
    assert max(gradient_check(network, patterns)) > 1e-2
