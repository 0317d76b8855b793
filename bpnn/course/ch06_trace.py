"""Chapter 6: one step of backpropagation with every number written down, to check by hand.

Tutorial 2 derives backpropagation for a 2-2-1 sigmoid network with the chain rule, and tutorial
4 for the classic tanh network; this chapter takes one such step on any network bpnn builds (any
depth, activation, output, loss, optimizer, with or without bias nodes): the forward pass, the
loss, the deltas from the output back, the gradients, and the optimizer's update. Every number is
read from the network as it computes it (its layer_inputs, weighted_sums, outputs, deltas,
gradients, weights and optimizer state); nothing is computed twice, so the trace is the step that
NeuralNetwork.train would take on that one pattern.
"""
import copy
from dataclasses import dataclass

from bpnn.activations import ACTIVATIONS
from bpnn.network import NeuralNetwork, zeros
from bpnn.optimizers import OPTIMIZER_SLOTS
from bpnn.validation import check_choice, check_training, check_vector, weight_shapes

from .truth_tables import XOR_PATTERNS

Matrix = list[list[float]]


@dataclass
class LayerTrace:
    """One layer's part of the step, in the chapter's notation (bpnn.network)."""
    activation: str
    inputs: list[float]          # a_i, then the bias node's 1.0 if the layer has one
    weights: Matrix              # w_ij before the step, bias row last
    weighted_sums: list[float]   # z_j = Σ_i a_i w_ij
    outputs: list[float]         # y_j = f(z_j)
    derivatives: list[float]     # f'(y_j) (none for a softmax layer)
    deltas: list[float]          # δ_j = ∂E/∂z_j
    gradients: Matrix            # ∂E/∂w_ij = a_i δ_j
    state_before: dict           # the optimizer's memory of this layer before the step, by slot
    state_after: dict            # and after it
    new_weights: Matrix          # w_ij after the step


@dataclass
class Trace:
    """The whole step: the network's settings, the pattern, its loss, the update's settings, each layer."""
    sizes: list[int]
    bias: list[bool]
    loss: str
    inputs: list[float]
    targets: list[float]
    error: float                 # E of this pattern, before the step
    optimizer: str
    lr: float
    momentum: float
    updates_taken: int           # the optimizer's count of updates after this one (Adam's t)
    layers: list[LayerTrace]

    @classmethod
    def from_data(cls, data: dict) -> "Trace":
        """A Trace from its JSON data (bpnn.course.results.as_data of one)."""
        return cls(**dict(data, layers=[LayerTrace(**layer) for layer in data["layers"]]))


def trace(network: NeuralNetwork, inputs, targets, lr: float = 0.5, momentum: float = 0.1,
          optimizer: str = "classic") -> Trace:
    """Take one online step of `network` on (inputs, targets) with `optimizer`, and return every number.

    The step is back_propagate: forward, backward, weight_update with a batch of one. It continues
    the optimizer's memory if the network's optimizer is `optimizer` (a new one starts from zeros).
    """
    inputs = check_vector(inputs, network.sizes[0], "inputs")
    targets = check_vector(targets, network.sizes[-1], "targets")
    lr, momentum, _, _ = check_training(1, lr, momentum, 1, optimizer, 0.0)
    if any(value != 0.0 for matrix in network.gradients for row in matrix for value in row):
        raise ValueError("the network has a batch's gradient sums pending; trace it between weight updates")
    weights = copy.deepcopy(network.weights)
    if network.optimizer == optimizer:
        before = copy.deepcopy(network.optimizer_state)
    else:  # weight_update starts a new optimizer's memory from zeros
        before = {slot: zeros(weight_shapes(network.sizes, network.bias)) for slot in OPTIMIZER_SLOTS[optimizer]}
    network.forward(inputs)
    error = network.backward(targets)
    gradients = copy.deepcopy(network.gradients)
    network.update_weights(lr, momentum, optimizer, 1)
    layers = []
    for l, name in enumerate(network.layer_activations):
        derivative = ACTIVATIONS[name].derivative if name in ACTIVATIONS else None
        outputs = list(network.outputs[l])
        layers.append(LayerTrace(
            name, list(network.layer_inputs[l]), weights[l], list(network.weighted_sums[l]), outputs,
            [derivative(y) for y in outputs] if derivative else [], list(network.deltas[l]), gradients[l],
            {slot: before[slot][l] for slot in before},
            {slot: copy.deepcopy(network.optimizer_state[slot][l]) for slot in network.optimizer_state},
            copy.deepcopy(network.weights[l])))
    return Trace(list(network.sizes), list(network.bias), network.loss, inputs, targets, error, optimizer, lr,
                 momentum, network.updates_taken, layers)


def xor_targets(inputs) -> list[float]:
    """XOR's target for two inputs 0 or 1."""
    for pattern_inputs, pattern_targets in XOR_PATTERNS:
        if list(pattern_inputs) == list(inputs):
            return pattern_targets
    raise ValueError(f"the inputs must be one of XOR's 0,0 0,1 1,0 1,1 to take XOR's target; got "
                     f"{','.join(f'{x:g}' for x in inputs)}: give the targets too")


def trace_after_steps(network: NeuralNetwork, inputs, targets=None, steps_before: int = 1, lr: float = 0.5,
                      momentum: float = 0.1, optimizer: str = "classic") -> Trace:
    """`network` first takes `steps_before` online steps on the XOR patterns in order (00, 01, 10,
    11, 00, ...), so that the optimizer has something to remember, then its step on (inputs,
    targets) is traced; targets default to XOR's for the inputs."""
    inputs = check_vector(inputs, network.sizes[0], "inputs")
    if targets is None:
        targets = xor_targets(inputs)
    if steps_before > 0 and (network.sizes[0], network.sizes[-1]) != (2, 1):
        raise ValueError(f"steps before the traced one are taken on XOR's patterns, which need 2 inputs and 1 "
                         f"output; this network has {network.sizes[0]} and {network.sizes[-1]}")
    for step in range(steps_before):
        earlier_inputs, earlier_targets = XOR_PATTERNS[step % len(XOR_PATTERNS)]
        network.forward(earlier_inputs)
        network.back_propagate(earlier_targets, lr, momentum, optimizer)
    return trace(network, inputs, targets, lr, momentum, optimizer)


def classic_trace(hidden: int = 2, pattern=(0, 1), steps_before: int = 1, lr: float = 0.5, momentum: float = 0.1,
                  seed: int = 0) -> Trace:
    """NeuralNetwork.classic(2, hidden, 1) traced on the XOR pattern whose inputs are `pattern`,
    after `steps_before` online steps (trace_after_steps)."""
    if tuple(pattern) not in {tuple(inputs) for inputs, _ in XOR_PATTERNS}:
        raise ValueError(f"pattern must be one of XOR's inputs 0,0 0,1 1,0 1,1, got {','.join(map(str, pattern))}")
    return trace_after_steps(NeuralNetwork.classic(2, hidden, 1, seed=seed), list(pattern), None, steps_before,
                             lr, momentum)
