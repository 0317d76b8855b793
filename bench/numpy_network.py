"""The textbook's algorithm, vectorised over a batch with NumPy (float64, BLAS matmul).

Same network as bpnn.NeuralNetwork: each layer's weights are one matrix w[i][j] with the bias
row last, copied from a textbook network; the same activations, losses (bpnn.losses), batch
averaging and optimizers (bpnn.optimizers), in the same order of operations wherever an
elementwise formula allows. What differs is the order of the sums: a batch's weighted sums,
gradients and back-propagated errors are BLAS matmuls, which add in their own (blocked,
vectorised) order, and NumPy's exp/tanh are its own SIMD routines, not the C library's. So the
results agree with the textbook to about 1e-12 relative, not bit for bit (bench/test_bench_agreement.py).

Not covered (the benchmarks do not use them): shuffle and dropout.
"""
import math

import numpy as np

from bpnn.losses import LOSSES
from bpnn.optimizers import ADAM_BETA1, ADAM_BETA2, ADAM_EPSILON, OPTIMIZER_SLOTS

LEAKY_SLOPE = 0.01


# ---------------------------------------------------------------- activations y = f(z), f'(y)
def sigmoid(z):
    # e^-|z| never overflows: 1 / (1 + e^-z) for z >= 0, e^z / (1 + e^z) below, as the textbook
    e = np.exp(-np.abs(z))
    return np.where(z >= 0.0, 1.0 / (1.0 + e), e / (1.0 + e))


def softmax(z):
    exponentials = np.exp(z - z.max(axis=1, keepdims=True))
    return exponentials / exponentials.sum(axis=1, keepdims=True)


ACTIVATIONS = {
    "sigmoid": (sigmoid, lambda y: y * (1.0 - y)),
    "tanh": (np.tanh, lambda y: 1.0 - y**2),
    "relu": (lambda z: np.where(z <= 0.0, 0.0, z), lambda y: np.where(y <= 0.0, 0.0, 1.0)),
    "leaky_relu": (lambda z: np.where(z <= 0.0, LEAKY_SLOPE * z, z), lambda y: np.where(y <= 0.0, LEAKY_SLOPE, 1.0)),
    "linear": (lambda z: z, lambda y: np.ones_like(y)),
    "softmax": (softmax, None),
}


# ---------------------------------------------------------------- losses: per-pattern values, output deltas
def loss_values(loss: str, z, y, t):
    """E of each pattern (a vector over the batch), as bpnn.losses computes it for one pattern."""
    n = y.shape[1]
    if loss == "half_sse":
        return (0.5 * (t - y) ** 2).sum(axis=1)
    if loss == "mse":
        return ((y - t) * (y - t)).sum(axis=1) / n
    if loss == "bce":
        return (np.maximum(z, 0.0) - z * t + np.log(1.0 + np.exp(-np.abs(z)))).sum(axis=1) / n
    largest = z.max(axis=1, keepdims=True)
    log_total = np.log(np.exp(z - largest).sum(axis=1, keepdims=True))
    return -(t * ((z - largest) - log_total)).sum(axis=1)


def output_deltas(loss: str, y, t, derivative):
    """δ_k = ∂E/∂z_k for each pattern of the batch (bpnn.losses)."""
    n = y.shape[1]
    if loss == "half_sse":
        return derivative(y) * (y - t)
    if loss == "mse":
        return derivative(y) * (2.0 * (y - t) / n)
    if loss == "bce":
        return (y - t) / n
    return y * t.sum(axis=1, keepdims=True) - t


class NumpyNetwork:
    """A copy of a textbook network (configuration and current weights) that trains on arrays."""

    def __init__(self, network):
        self.sizes = list(network.sizes)
        self.bias = list(network.bias)
        self.loss = network.loss
        self.activations = network.layer_activations
        self.hidden_derivative = ACTIVATIONS[network.activation][1]
        self.output_derivative = ACTIVATIONS[network.output_activation][1]
        self.weights = [np.array(w, dtype=np.float64) for w in network.weights]
        self.gradients = [np.zeros_like(w) for w in self.weights]
        self.scratch = [np.zeros_like(w) for w in self.weights]
        self.optimizer = None
        self.step = 0
        self.state = []

    def _forward(self, inputs):
        """Outputs of every layer for a batch (rows), and each layer's input a (without the bias node)."""
        layer_inputs, outputs = [], []
        a = inputs
        for l, weights in enumerate(self.weights):
            layer_inputs.append(a)
            # weighted sums z = a w, the bias row added last (as the textbook's bias node 1.0 is last)
            z = a @ weights[:-1] + weights[-1] if self.bias[l] else a @ weights
            a = ACTIVATIONS[self.activations[l]][0](z)
            outputs.append(a)
        return layer_inputs, z, outputs

    def forward(self, inputs):
        return self._forward(np.asarray(inputs, dtype=np.float64))[2][-1]

    def _backward(self, layer_inputs, outputs, targets):
        """Sum each layer's gradients a_i δ_j over the batch into self.gradients."""
        deltas = output_deltas(self.loss, outputs[-1], targets, self.output_derivative)
        for l in range(len(self.weights) - 1, -1, -1):
            weights, gradients = self.weights[l], self.gradients[l]
            rows = self.sizes[l]
            # gradients: Σ_batch a_i δ_j; the bias node's a is 1.0, so its row is Σ_batch δ_j
            np.matmul(layer_inputs[l].T, deltas, out=gradients[:rows])
            if self.bias[l]:
                gradients[rows] = deltas.sum(axis=0)
            if l > 0:
                # hidden deltas: δ_i = f'(y_i) Σ_j w_ij δ_j
                deltas = self.hidden_derivative(outputs[l - 1]) * (deltas @ weights[:rows].T)

    def _update(self, lr, momentum, optimizer, batch_size):
        if self.optimizer != optimizer:
            self.optimizer, self.step = optimizer, 0
            self.state = [[np.zeros_like(w) for w in self.weights] for _ in OPTIMIZER_SLOTS[optimizer]]
        self.step += 1
        if optimizer == "adam":
            step_size = lr / (1.0 - ADAM_BETA1**self.step)
            bias_correction2_root = math.sqrt(1.0 - ADAM_BETA2**self.step)
        for l, (weights, gradients) in enumerate(zip(self.weights, self.gradients)):
            # average over the batch
            gradients /= batch_size
            scratch = self.scratch[l]
            if optimizer == "classic":
                # change = -g;  w ← w + lr change + momentum previous_change;  previous_change ← change
                previous_change = self.state[0][l]
                np.multiply(gradients, -lr, out=scratch)
                weights += scratch
                previous_change *= momentum
                weights += previous_change
                np.negative(gradients, out=previous_change)
            elif optimizer == "sgd":
                # v ← μ v + g;  w ← w - lr v
                velocity = self.state[0][l]
                velocity *= momentum
                velocity += gradients
                np.multiply(velocity, lr, out=scratch)
                weights -= scratch
            else:
                # in place, each line one rounding of the textbook's formula (a * b == b * a exactly):
                # m ← β1 m + (1 - β1) g;  v ← β2 v + (1 - β2) (g g);  w ← w - step_size (m / (√v / √bc2 + ε))
                first_moment, second_moment = self.state[0][l], self.state[1][l]
                first_moment *= ADAM_BETA1
                np.multiply(gradients, 1.0 - ADAM_BETA1, out=scratch)
                first_moment += scratch
                second_moment *= ADAM_BETA2
                np.multiply(gradients, gradients, out=scratch)
                scratch *= 1.0 - ADAM_BETA2
                second_moment += scratch
                np.sqrt(second_moment, out=scratch)
                scratch /= bias_correction2_root
                scratch += ADAM_EPSILON
                np.divide(first_moment, scratch, out=scratch)
                scratch *= step_size
                weights -= scratch

    def train(self, inputs, targets, epochs=1, lr=0.5, momentum=0.1, batch_size=1, optimizer="classic"):
        """Train on the rows of inputs and targets in order; returns each epoch's error (bpnn.losses)."""
        inputs = np.asarray(inputs, dtype=np.float64)
        targets = np.asarray(targets, dtype=np.float64)
        errors = []
        for epoch in range(1, epochs + 1):
            total = 0.0
            for start in range(0, len(inputs), batch_size):
                batch_inputs = inputs[start:start + batch_size]
                batch_targets = targets[start:start + batch_size]
                layer_inputs, z, outputs = self._forward(batch_inputs)
                total += float(loss_values(self.loss, z, outputs[-1], batch_targets).sum())
                self._backward(layer_inputs, outputs, batch_targets)
                self._update(lr, momentum, optimizer, len(batch_inputs))
            error = total if LOSSES[self.loss].summed_over_patterns else total / len(inputs)
            if not math.isfinite(error):
                raise FloatingPointError(f"training diverged at epoch {epoch}: the error is {error}")
            errors.append(error)
        return errors

    def weight_lists(self):
        """The weights as the textbook holds them: one list of rows per layer, the bias row last."""
        return [w.tolist() for w in self.weights]
