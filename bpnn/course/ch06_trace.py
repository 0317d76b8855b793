"""One step of backpropagation with every number written down, to check by hand.

The step is the classic bpnn.py's online step on one pattern (NeuralNetwork.back_propagate):
the forward pass, the output error, the deltas from the output back, the gradients, and the
classic update w ← w + lr · (-g) + momentum · previous change. Every number is read from the
network as it computes it (layer_inputs, weighted_sums, outputs, gradients, weights, the
optimizer's memory); nothing is computed twice. The deltas come from the same equations:
the output layer's from the loss (bpnn.losses), a hidden layer's from the gradient of its bias
weight, which is 1.0 · δ_j = δ_j.
"""
import copy
from dataclasses import dataclass

from bpnn.activations import ACTIVATIONS
from bpnn.losses import LOSSES
from bpnn.network import NeuralNetwork, zeros
from bpnn.validation import check_vector, weight_shapes

from .truth_tables import XOR_PATTERNS

Matrix = list[list[float]]


@dataclass
class LayerTrace:
    activation: str
    inputs: list[float]          # a_i, then the bias node's 1.0 if the layer has one
    weights: Matrix              # w_ij before the step, bias row last
    weighted_sums: list[float]   # z_j = Σ_i a_i w_ij
    outputs: list[float]         # y_j = f(z_j)
    derivatives: list[float]     # f'(y_j)
    deltas: list[float]          # δ_j = ∂E/∂z_j
    gradients: Matrix            # ∂E/∂w_ij = a_i δ_j
    previous_changes: Matrix     # the previous step's change -g (zero before the first)
    new_weights: Matrix          # w_ij + lr · (-g_ij) + momentum · previous_ij


@dataclass
class Trace:
    inputs: list[float]
    targets: list[float]
    loss: str
    error: float                 # E of this pattern, before the step
    lr: float
    momentum: float
    layers: list[LayerTrace]


def trace(network: NeuralNetwork, inputs, targets, lr: float = 0.5, momentum: float = 0.1) -> Trace:
    """Take one classic online step of `network` on (inputs, targets) and return every number.

    The network must have a bias node into every layer but the last (as the classic has), since
    a hidden layer's deltas are read off its bias weights' gradients.
    """
    inputs = check_vector(inputs, network.sizes[0], "inputs")
    targets = check_vector(targets, network.sizes[-1], "targets")
    last = len(network.weights) - 1
    if not all(network.bias[:last]):
        raise ValueError("trace needs a bias node into every layer but the last, to read the hidden deltas")
    weights = copy.deepcopy(network.weights)
    if network.optimizer == "classic":
        previous = copy.deepcopy(network.optimizer_state["previous_change"])
    else:  # update_weights starts the classic's memory from zero
        previous = zeros(weight_shapes(network.sizes, network.bias))
    network.forward(inputs)
    error = network.backward(targets)
    gradients = copy.deepcopy(network.gradients)
    network.update_weights(lr, momentum, "classic", 1)
    layers = []
    for l, name in enumerate(network.layer_activations):
        outputs = network.outputs[l]
        derivative = ACTIVATIONS[name].derivative if name in ACTIVATIONS else None
        if l == last:
            deltas = LOSSES[network.loss].deltas(outputs, targets, derivative)
        else:
            deltas = list(gradients[l][-1])
        layers.append(LayerTrace(name, list(network.layer_inputs[l]), weights[l], list(network.weighted_sums[l]),
                                 list(outputs), [derivative(y) for y in outputs] if derivative else [],
                                 deltas, gradients[l], previous[l], copy.deepcopy(network.weights[l])))
    return Trace(inputs, targets, network.loss, error, lr, momentum, layers)


def classic_trace(hidden: int = 2, pattern=(0, 1), steps_before: int = 1, lr: float = 0.5, momentum: float = 0.1,
                  seed: int = 0) -> Trace:
    """NeuralNetwork.classic(2, hidden, 1) takes `steps_before` online steps on the XOR patterns
    in order (00, 01, 10, 11, 00, ...), so that its momentum term has something to remember,
    then its step on the XOR pattern whose inputs are `pattern` is traced."""
    targets = {tuple(p[0]): p[1] for p in XOR_PATTERNS}
    key = tuple(pattern)
    if key not in targets:
        raise ValueError(f"pattern must be one of XOR's inputs 0,0 0,1 1,0 1,1, got {','.join(map(str, key))}")
    network = NeuralNetwork.classic(2, hidden, 1, seed=seed)
    for step in range(steps_before):
        earlier_inputs, earlier_targets = XOR_PATTERNS[step % len(XOR_PATTERNS)]
        network.forward(earlier_inputs)
        network.back_propagate(earlier_targets, lr, momentum)
    return trace(network, list(key), targets[key], lr, momentum)
