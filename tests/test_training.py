"""Online, mini-batch and full-batch training; shuffling and dropout drawn from the network's seed."""
import random

import pytest

from bpnn import NeuralNetwork, optimizers
from bpnn.gradcheck import backprop_gradients
from bpnn.randomness import dropout_masks

PATTERNS = [[[0.3 * i - 1.0, (i % 3) / 2.0], [float(i % 2)]] for i in range(7)]


def network(seed=5):
    return NeuralNetwork([2, 4, 1], activation="tanh", output="sigmoid", loss="bce", seed=seed)


def test_full_batch_step_moves_by_the_averaged_gradient():
    trained, by_hand = network(), network()
    gradients = backprop_gradients(by_hand, PATTERNS)
    for matrix, gradient in zip(by_hand.weights, gradients):
        optimizers.sgd(matrix, gradient, [[0.0] * len(row) for row in matrix], lr=0.5, momentum=0.0)
    trained.train(PATTERNS, 1, lr=0.5, momentum=0.0, batch_size=len(PATTERNS), optimizer="sgd")
    assert trained.weights == by_hand.weights


@pytest.mark.parametrize("batch_size", [1, 3, 7, 100])
def test_each_batch_size_takes_one_step_per_batch(batch_size):
    net = network()
    net.train(PATTERNS, 2, lr=0.1, batch_size=batch_size, optimizer="adam")
    assert net.updates_taken == 2 * -(-len(PATTERNS) // batch_size)


def test_the_batch_size_changes_the_result():
    results = []
    for batch_size in (1, 3, 7):
        net = network()
        net.train(PATTERNS, 5, lr=0.5, batch_size=batch_size)
        results.append(net.weights)
    assert results[0] != results[1] != results[2] != results[0]


def test_same_seed_same_run_different_seed_different_run():
    settings = dict(epochs=5, lr=0.2, batch_size=2, shuffle=True, dropout=0.3, optimizer="sgd", momentum=0.9)
    first, second, other = network(1), network(1), network(2)
    assert first.train(PATTERNS, **settings) == second.train(PATTERNS, **settings)
    assert first.weights == second.weights
    other.weights = [[row[:] for row in matrix] for matrix in network(1).weights]  # same start, other draws
    other.train(PATTERNS, **settings)
    assert other.weights != first.weights


def test_shuffle_and_dropout_each_change_the_run():
    plain = network()
    plain.train(PATTERNS, 3, lr=0.2)
    for settings in (dict(shuffle=True), dict(dropout=0.5)):
        varied = network()
        varied.train(PATTERNS, 3, lr=0.2, **settings)
        assert varied.weights != plain.weights


def test_dropout_masks_are_inverted_and_keep_the_expected_share():
    masks = dropout_masks(random.Random(0), [1000, 500], 0.25)
    assert [len(mask) for mask in masks] == [1000, 500]
    values = [value for mask in masks for value in mask]
    assert set(values) == {0.0, 1.0 / 0.75}
    kept = values.count(1.0 / 0.75) / len(values)
    assert 0.72 < kept < 0.78


def test_prediction_never_drops_out():
    net = network()
    net.train(PATTERNS, 3, lr=0.2, dropout=0.5)
    inputs = [p[0] for p in PATTERNS]
    assert net.predict(inputs) == net.predict(inputs)
    assert net.test(PATTERNS)[1] == net.predict(inputs)


def test_callback_sees_every_epoch():
    seen = []
    errors = network().train(PATTERNS, 4, callback=lambda epoch, error: seen.append((epoch, error)))
    assert seen == list(enumerate(errors, start=1))
