"""PyTorch as an oracle: the textbook's losses, initial-weight layout, SGD and Adam follow PyTorch's
semantics, so the same start gives the same weights after training (to float64 rounding, since
PyTorch sums in its own order). Skipped when torch is not installed (pip install torch==2.13.0)."""
import random

import pytest

from bpnn import NeuralNetwork

torch = pytest.importorskip("torch")

ACTIVATIONS = {"sigmoid": torch.nn.Sigmoid, "tanh": torch.nn.Tanh, "relu": torch.nn.ReLU,
               "leaky_relu": lambda: torch.nn.LeakyReLU(0.01), "linear": torch.nn.Identity}


def torch_twin(network: NeuralNetwork) -> torch.nn.Sequential:
    """nn.Linear layers holding the textbook's weights: w[i][j] is weight[j, i], the last row the bias."""
    layers = []
    for l, matrix in enumerate(network.weights):
        linear = torch.nn.Linear(network.sizes[l], network.sizes[l + 1], dtype=torch.float64)
        with torch.no_grad():
            linear.weight.copy_(torch.tensor(matrix[:-1], dtype=torch.float64).T)
            linear.bias.copy_(torch.tensor(matrix[-1], dtype=torch.float64))
        layers.append(linear)
        name = network.layer_activations[l]
        if l < len(network.weights) - 1 or name not in ("sigmoid", "softmax"):
            layers.append(ACTIVATIONS[name]())
    return torch.nn.Sequential(*layers)


def torch_loss(name, last, targets):
    """PyTorch's loss on the last layer's output (logits where PyTorch's stable losses want them)."""
    if name == "half_sse":
        return 0.5 * ((last - targets) ** 2).sum(dim=1).mean()
    if name == "mse":
        return torch.nn.functional.mse_loss(last, targets)
    if name == "bce":
        return torch.nn.functional.binary_cross_entropy_with_logits(last, targets)
    return torch.nn.functional.cross_entropy(last, targets)


def torch_weights(model):
    linears = [layer for layer in model if isinstance(layer, torch.nn.Linear)]
    return [torch.cat([linear.weight.T, linear.bias[None, :]]).tolist() for linear in linears]


@pytest.mark.parametrize("activation, output, loss", [
    ("tanh", "linear", "half_sse"), ("relu", "linear", "mse"), ("sigmoid", "sigmoid", "bce"),
    ("leaky_relu", "softmax", "cross_entropy"), ("tanh", "tanh", "mse")])
@pytest.mark.parametrize("optimizer, momentum", [("sgd", 0.0), ("sgd", 0.9), ("adam", 0.0)])
def test_training_matches_pytorch(activation, output, loss, optimizer, momentum):
    rng = random.Random(11)
    network = NeuralNetwork([3, 5, 4, 3], activation, output, loss, seed=2)
    patterns = []
    for _ in range(10):
        label = rng.randrange(3)
        targets = [float(k == label) for k in range(3)] if loss in ("cross_entropy", "bce") else \
            [rng.uniform(-1, 1) for _ in range(3)]
        patterns.append([[rng.uniform(-1, 1) for _ in range(3)], targets])
    model = torch_twin(network)
    lr = 0.01 if optimizer == "adam" else 0.1
    if optimizer == "adam":
        torch_optimizer = torch.optim.Adam(model.parameters(), lr=lr)
    else:
        torch_optimizer = torch.optim.SGD(model.parameters(), lr=lr, momentum=momentum)
    batch_size, epochs = 4, 5
    for _ in range(epochs):
        for start in range(0, len(patterns), batch_size):
            batch = patterns[start:start + batch_size]
            inputs = torch.tensor([p[0] for p in batch], dtype=torch.float64)
            targets = torch.tensor([p[1] for p in batch], dtype=torch.float64)
            torch_optimizer.zero_grad()
            torch_loss(loss, model(inputs), targets).backward()
            torch_optimizer.step()
    network.train(patterns, epochs, lr=lr, momentum=momentum, batch_size=batch_size, optimizer=optimizer)
    for ours, theirs in zip(network.weights, torch_weights(model)):
        for our_row, their_row in zip(ours, theirs):
            assert our_row == pytest.approx(their_row, rel=1e-9, abs=1e-12)


def test_pytorch_initialisation_bounds():
    """nn.Linear draws U(-1/√fan_in, 1/√fan_in); ours uses the same bound for weights and biases."""
    network = NeuralNetwork([16, 64, 4], seed=0)
    for l, matrix in enumerate(network.weights):
        bound = 1.0 / network.sizes[l] ** 0.5
        values = [value for row in matrix for value in row]
        assert max(abs(value) for value in values) <= bound
        assert max(abs(value) for value in values) > 0.9 * bound
