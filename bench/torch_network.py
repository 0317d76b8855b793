"""The textbook's algorithm as a PyTorch user writes it: nn.Linear layers, autograd, torch.optim.

Built from a textbook network (its configuration and current weights: nn.Linear's weight is the
transpose of the textbook's rows without the bias row, its bias the bias row), in float32 or
float64. Each loss is reduced so that its gradient is the batch average of the per-pattern
gradients, as in the textbook: half_sse as ½ Σ (t - y)² / batch size, mse as F.mse_loss, bce as
F.binary_cross_entropy_with_logits and cross_entropy as F.cross_entropy (mean over the batch).
Optimizers: torch.optim.SGD (momentum, no dampening, no Nesterov) and torch.optim.Adam (β 0.9,
0.999, ε 1e-8) are the textbook's sgd and adam; the classic bpnn.py rule has no torch.optim
twin, so ClassicMomentum below writes it out.

Not covered (the benchmarks do not use them): shuffle and dropout.
"""
import math

import numpy as np
import torch
import torch.nn.functional as F

from bpnn.losses import LOSSES
from bpnn.optimizers import ADAM_BETA1, ADAM_BETA2, ADAM_EPSILON

ACTIVATIONS = {
    "sigmoid": torch.sigmoid,
    "tanh": torch.tanh,
    "relu": torch.relu,
    "leaky_relu": lambda z: F.leaky_relu(z, 0.01),
    "linear": lambda z: z,
}


class ClassicMomentum(torch.optim.Optimizer):
    """bpnn.py's rule: change = -g; w ← w + lr · change + momentum · previous_change."""

    def __init__(self, params, lr, momentum):
        super().__init__(params, {"lr": lr, "momentum": momentum})

    @torch.no_grad()
    def step(self):
        for group in self.param_groups:
            for parameter in group["params"]:
                state = self.state[parameter]
                if not state:
                    state["previous_change"] = torch.zeros_like(parameter)
                previous_change = state["previous_change"]
                change = parameter.grad.neg()
                parameter.add_(change, alpha=group["lr"]).add_(previous_change, alpha=group["momentum"])
                previous_change.copy_(change)


class TorchNetwork(torch.nn.Module):
    def __init__(self, network, dtype=torch.float32):
        super().__init__()
        self.dtype = dtype
        self.loss_name = network.loss
        self.activations = network.layer_activations
        self.layers = torch.nn.ModuleList()
        for l, rows in enumerate(network.weights):
            weights = torch.tensor(rows, dtype=torch.float64)
            fan_in = network.sizes[l]
            layer = torch.nn.Linear(fan_in, network.sizes[l + 1], bias=network.bias[l], dtype=dtype)
            with torch.no_grad():
                layer.weight.copy_(weights[:fan_in].T)
                if network.bias[l]:
                    layer.bias.copy_(weights[fan_in])
            self.layers.append(layer)
        self.optimizer = None

    def logits(self, x):
        """The output layer's weighted sums z (the activation of every layer before it applied)."""
        for l, layer in enumerate(self.layers):
            z = layer(x)
            if l < len(self.layers) - 1:
                x = ACTIVATIONS[self.activations[l]](z)
        return z

    def forward(self, x):
        z = self.logits(x)
        output = self.activations[-1]
        return torch.softmax(z, dim=1) if output == "softmax" else ACTIVATIONS[output](z)

    def batch_loss(self, x, targets):
        """The batch average of the per-pattern losses (its gradient: the average gradient)."""
        z = self.logits(x)
        if self.loss_name == "cross_entropy":
            return F.cross_entropy(z, targets)
        if self.loss_name == "bce":
            return F.binary_cross_entropy_with_logits(z, targets)
        y = ACTIVATIONS[self.activations[-1]](z)
        if self.loss_name == "mse":
            return F.mse_loss(y, targets)
        return 0.5 * ((targets - y) ** 2).sum() / len(x)

    def make_optimizer(self, optimizer, lr, momentum):
        if optimizer == "adam":
            return torch.optim.Adam(self.parameters(), lr=lr, betas=(ADAM_BETA1, ADAM_BETA2), eps=ADAM_EPSILON)
        if optimizer == "sgd":
            return torch.optim.SGD(self.parameters(), lr=lr, momentum=momentum)
        return ClassicMomentum(self.parameters(), lr=lr, momentum=momentum)

    def as_tensors(self, inputs, targets):
        """The data as this network's dtype; one-hot targets of cross_entropy become class indices."""
        x = torch.tensor(np.asarray(inputs), dtype=self.dtype)
        t = torch.tensor(np.asarray(targets), dtype=self.dtype)
        if self.loss_name == "cross_entropy" and bool(((t == 0) | (t == 1)).all()) and bool((t.sum(1) == 1).all()):
            t = t.argmax(dim=1)
        return x, t

    def train_arrays(self, x, t, epochs=1, lr=0.5, momentum=0.1, batch_size=1, optimizer="classic"):
        """Train on tensors made by as_tensors, rows in order; returns each epoch's error (bpnn.losses)."""
        if self.optimizer is None:
            self.optimizer = self.make_optimizer(optimizer, lr, momentum)
        summed = LOSSES[self.loss_name].summed_over_patterns
        n = len(x)
        errors = []
        for epoch in range(1, epochs + 1):
            total = torch.zeros((), dtype=torch.float64)
            for start in range(0, n, batch_size):
                batch_x, batch_t = x[start:start + batch_size], t[start:start + batch_size]
                self.optimizer.zero_grad()
                loss = self.batch_loss(batch_x, batch_t)
                loss.backward()
                self.optimizer.step()
                total += loss.detach() * len(batch_x)
            error = float(total) if summed else float(total) / n
            if not math.isfinite(error):
                raise FloatingPointError(f"training diverged at epoch {epoch}: the error is {error}")
            errors.append(error)
        return errors

    def weight_lists(self):
        """The weights as the textbook holds them, in float64: rows w[i][j], the bias row last."""
        layers = []
        for layer in self.layers:
            w = layer.weight.detach().to(torch.float64).T
            if layer.bias is not None:
                w = torch.cat([w, layer.bias.detach().to(torch.float64)[None, :]])
            layers.append(w.tolist())
        return layers
