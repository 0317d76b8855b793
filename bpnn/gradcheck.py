"""Gradient checking: backpropagation's ∂E/∂w against the slope of E measured by nudging w.

For each weight, the fourth-order central difference

    ∂E/∂w ≈ [8 (E(w + h) - E(w - h)) - (E(w + 2h) - E(w - 2h))] / 12h

has an error of order h⁴ (the plain (E(w + h) - E(w - h)) / 2h has h²), so a fairly large h keeps
rounding small too. E is the loss averaged over the patterns, whose gradient is exactly what
backward() accumulates and update_weights() averages.
"""
from .losses import LOSSES
from .network import NeuralNetwork
from .validation import check_patterns

STEP = 1e-3
SMALLEST_SCALE = 1e-6  # below this a gradient counts as zero: relative errors compare to it instead


def backprop_gradients(network: NeuralNetwork, patterns) -> list:
    """∂E/∂w for every weight, averaged over the patterns, by backpropagation (weights unchanged)."""
    patterns = check_patterns(patterns, network.sizes[0], network.sizes[-1])
    for inputs, targets in patterns:
        network.forward_pass(inputs)
        network.backward(targets)
    averaged = [[[g / len(patterns) for g in row] for row in matrix] for matrix in network.gradients]
    network.clear_gradients()
    return averaged


def mean_loss(network: NeuralNetwork, patterns) -> float:
    loss = LOSSES[network.loss]
    total = 0.0
    for inputs, targets in patterns:
        outputs = network.forward_pass(inputs)
        total = total + loss.value(network.weighted_sums[-1], outputs, targets)
    return total / len(patterns)


def numerical_gradients(network: NeuralNetwork, patterns, step: float = STEP) -> list:
    """∂E/∂w for every weight by the fourth-order central difference above."""
    patterns = check_patterns(patterns, network.sizes[0], network.sizes[-1])
    gradients = []
    for matrix in network.weights:
        layer = []
        for row in matrix:
            slopes = []
            for j, original in enumerate(row):
                losses = []
                for offset in (step, -step, 2 * step, -2 * step):
                    row[j] = original + offset
                    losses.append(mean_loss(network, patterns))
                row[j] = original
                slopes.append((8.0 * (losses[0] - losses[1]) - (losses[2] - losses[3])) / (12.0 * step))
            layer.append(slopes)
        gradients.append(layer)
    return gradients


def gradient_check(network: NeuralNetwork, patterns) -> list[float]:
    """The worst relative error |backprop - numerical| / max(|backprop|, |numerical|, 1e-6) per layer."""
    analytic = backprop_gradients(network, patterns)
    numeric = numerical_gradients(network, patterns)
    worst = []
    for analytic_layer, numeric_layer in zip(analytic, numeric):
        layer_worst = 0.0
        for analytic_row, numeric_row in zip(analytic_layer, numeric_layer):
            for a, n in zip(analytic_row, numeric_row):
                error = abs(a - n) / max(abs(a), abs(n), SMALLEST_SCALE)
                layer_worst = max(layer_worst, error)
        worst.append(layer_worst)
    return worst
