"""bpnn.network's forward pass, backward pass and training loop, compiled.

The textbook handles one pattern at a time; these kernels handle a batch of patterns at a time,
one row per pattern, with the textbook's names, one matrix per layer:

    layer_inputs[l]    a: the layer's inputs, the bias node's 1.0 as the last column
    weighted_sums[l]   z = a w    (kernels.matmul: each z_j summed over i in order, from 0.0)
    outputs[l]         y = f(z)
    deltas[l]          δ = ∂E/∂z

Working a batch at once reorders nothing: within a batch the weights do not move, so every
pattern's forward and backward pass reads the same weights as in the textbook, and each sum
over the patterns (the gradient sums, the epoch's total error) still runs in processing order.

The weights, their gradient sums and the optimizer's state are flat arrays, all layers one
after another (so that the optimizer sweeps a whole network in one loop), viewed as one matrix
per layer; so are the workspaces, which hold every layer's rows for `capacity` patterns.
"""
import math
from typing import NamedTuple

import numpy as np

from .activations import activate_rows, derivative
from .jit import jit
from .losses import loss_value, output_deltas
from .matmul import matmul_accumulate, transpose
from .optimizers import update_weights


class NetworkArrays(NamedTuple):
    """A network as the kernels see it: numpy arrays, shared with NumbaNetwork and updated in place."""
    sizes: np.ndarray  # int64: the layer widths, input layer first
    bias: np.ndarray  # int64: 1 where layer l has a bias node
    activations: np.ndarray  # int64: each layer's activation code (kernels.activations)
    loss: int  # kernels.losses code
    weights: np.ndarray  # float64: each layer's (sizes[l] + bias[l]) x sizes[l + 1] matrix, flattened, in turn
    gradients: np.ndarray  # float64: the batch's gradient sums, laid out as the weights
    optimizer_state: np.ndarray  # float64: 2 x len(weights), the optimizer's state matrices (slot 0, slot 1)


class Workspace(NamedTuple):
    """Flat arrays for what the passes compute for up to `capacity` patterns (see `layers`)."""
    layer_inputs: np.ndarray
    weighted_sums: np.ndarray
    outputs: np.ndarray
    deltas: np.ndarray
    masks: np.ndarray  # capacity x (all hidden widths): each pattern's dropout masks; no columns without dropout
    targets: np.ndarray  # capacity x output width


class Layers(NamedTuple):
    """A workspace viewed as one capacity x width matrix per layer, and scratch for wᵀ."""
    layer_inputs: list
    weighted_sums: list
    outputs: list
    deltas: list
    transposed_weights: list


@jit
def views(flat, rows, widths):
    """One rows x widths[l] matrix per layer, viewing a flat array in which they lie one after another."""
    matrices = []
    offset = 0
    for width in widths:
        matrices.append(flat[offset:offset + rows * width].reshape((rows, width)))
        offset += rows * width
    return matrices


@jit
def input_widths(network):
    """The width of each layer's inputs: its input nodes and its bias node."""
    return network.sizes[:-1] + network.bias


@jit
def weight_matrices(network, flat):
    """The per-layer matrices of a flat array laid out as the weights."""
    rows = input_widths(network)
    matrices = []
    offset = 0
    for l in range(rows.shape[0]):
        size = rows[l] * network.sizes[l + 1]
        matrices.append(flat[offset:offset + size].reshape((rows[l], network.sizes[l + 1])))
        offset += size
    return matrices


@jit
def new_workspace(network, capacity, hidden_width):
    """A workspace for `capacity` patterns, with hidden_width columns of dropout masks (0: no dropout)."""
    inputs_size = capacity * np.sum(input_widths(network))
    outputs_size = capacity * np.sum(network.sizes[1:])
    return Workspace(np.zeros(inputs_size), np.zeros(outputs_size), np.zeros(outputs_size), np.zeros(outputs_size),
                     np.zeros((capacity, hidden_width)), np.zeros((capacity, network.sizes[-1])))


@jit
def layer_matrices(network, workspace):
    """The workspace's matrices per layer; the bias column of each layer_inputs matrix is set to 1.0."""
    capacity = workspace.masks.shape[0]
    layer_inputs = views(workspace.layer_inputs, capacity, input_widths(network))
    for l in range(len(layer_inputs)):
        if network.bias[l]:
            layer_inputs[l][:, network.sizes[l]] = 1.0
    transposed_weights = [np.empty((network.sizes[l + 1], network.sizes[l])) for l in range(len(layer_inputs))]
    return Layers(layer_inputs, views(workspace.weighted_sums, capacity, network.sizes[1:]),
                  views(workspace.outputs, capacity, network.sizes[1:]),
                  views(workspace.deltas, capacity, network.sizes[1:]), transposed_weights)


@jit
def forward(network, weights, layers, masks, rows, constants):
    """The forward pass of the first `rows` patterns, whose inputs are in layers.layer_inputs[0].

    With dropout (masks has columns), hidden layer l's outputs reach the next layer as y_j · mask_j;
    a row of masks holds one pattern's masks of all hidden layers side by side.
    """
    last = len(weights) - 1
    mask_column = 0
    for l in range(len(weights)):
        # weighted sums: z_j = Σ_i a_i w_ij
        z = layers.weighted_sums[l][:rows]
        z[:] = 0.0
        matmul_accumulate(layers.layer_inputs[l][:rows], weights[l], z)
        # outputs: y_j = f(z_j)
        y = layers.outputs[l][:rows]
        activate_rows(network.activations[l], z, y, constants)
        if l < last:
            # dropout while training, hidden layers only: the next layer reads y_j · mask_j
            next_inputs = layers.layer_inputs[l + 1]
            width = network.sizes[l + 1]
            for p in range(rows):
                for j in range(width):
                    if masks.shape[1] > 0:
                        next_inputs[p, j] = y[p, j] * masks[p, mask_column + j]
                    else:
                        next_inputs[p, j] = y[p, j]
            mask_column += width


@jit
def backward(network, weights, gradients, layers, masks, targets, rows, constants):
    """Backpropagate the first `rows` patterns after their forward pass: add their gradients a_i δ_j
    to the sums, pattern after pattern (the weights do not move yet)."""
    last = len(weights) - 1
    # output deltas: δ_k = ∂E/∂z_k
    for p in range(rows):
        output_deltas(network.loss, network.activations[last], layers.outputs[last][p], targets[p],
                      layers.deltas[last][p], constants)
    mask_column = masks.shape[1]
    for l in range(last, -1, -1):
        # gradients: ∂E/∂w_ij = a_i δ_j, added to the batch's sums: g_ij += Σ_p a_pi δ_pj, p in order
        matmul_accumulate(layers.layer_inputs[l][:rows].T, layers.deltas[l][:rows], gradients[l])
        if l == 0:
            break
        # hidden deltas: δ_i = f'(y_i) Σ_j w_ij δ_j, through dropout's mask if there was one
        width = network.sizes[l]
        mask_column -= width
        transpose(weights[l][:width], layers.transposed_weights[l])
        errors = layers.deltas[l - 1][:rows]
        errors[:] = 0.0
        matmul_accumulate(layers.deltas[l][:rows], layers.transposed_weights[l], errors)  # Σ_j δ_j w_ij
        y = layers.outputs[l - 1]
        for p in range(rows):
            for i in range(width):
                error = errors[p, i]
                if masks.shape[1] > 0:
                    error = error * masks[p, mask_column + i]
                errors[p, i] = derivative(network.activations[l - 1], y[p, i], constants) * error


@jit
def keep_row(source, row, destination):
    """Copy row `row` of each layer's matrix in `source` into the one-row matrices of `destination`."""
    for l in range(len(source)):
        destination[l][0, :] = source[l][row, :]


@jit
def keep_pattern(network, layers, masks, row, pattern):
    """Leave one pattern's passes in the one-pattern workspace `pattern`, as the textbook leaves its
    layer_inputs, weighted_sums, outputs and dropout masks after a pass."""
    kept = layer_matrices(network, pattern)
    keep_row(layers.layer_inputs, row, kept.layer_inputs)
    keep_row(layers.weighted_sums, row, kept.weighted_sums)
    keep_row(layers.outputs, row, kept.outputs)
    if masks.shape[1] > 0 and pattern.masks.shape[1] == masks.shape[1]:
        pattern.masks[0, :] = masks[row, :]


@jit
def train(network, inputs, targets, orders, masks, epochs, optimizer, reset, step, lr, momentum, batch_size,
          totals, pattern, constants):
    """`epochs` epochs of the textbook's training loop, over the rows of inputs and targets.

    orders[e] is epoch e's processing order (orders[0] for every epoch if it has one row), and
    masks[e, q] the dropout masks of its q-th pattern (masks has no columns without dropout);
    both were drawn from the network's random.Random by bpnn.randomness. totals[e] receives the
    epoch's total loss. `reset`: the optimizer changed, so its state restarts from zeros (and its
    step from 0) at the first update, as in the textbook's update_weights.

    Stops after the epoch whose total is not finite, or (as CPython raises OverflowError) right
    after the pattern whose half_sse overflows, with that total set to inf. Returns (epochs run,
    patterns run in the last of them, the optimizer's step, whether the reset is still pending).
    """
    weights = weight_matrices(network, network.weights)
    gradients = weight_matrices(network, network.gradients)
    n_patterns = inputs.shape[0]
    n_inputs = inputs.shape[1]
    capacity = min(batch_size, n_patterns)
    workspace = new_workspace(network, capacity, masks.shape[2])
    batch = layer_matrices(network, workspace)
    last = len(weights) - 1
    losses = np.empty(capacity)
    rows = 0
    for epoch in range(epochs):
        order = orders[epoch % orders.shape[0]]
        epoch_masks = masks[epoch % masks.shape[0]]
        total = 0.0
        for start in range(0, n_patterns, batch_size):
            rows = min(batch_size, n_patterns - start)
            # the batch's patterns, in processing order
            for q in range(rows):
                batch.layer_inputs[0][q, :n_inputs] = inputs[order[start + q]]
                workspace.targets[q] = targets[order[start + q]]
                workspace.masks[q] = epoch_masks[start + q]
            forward(network, weights, batch, workspace.masks, rows, constants)
            # each pattern's loss (the textbook computes it after the pattern's backward pass)
            overflowed = False
            for q in range(rows):
                value, overflowed = loss_value(network.loss, batch.weighted_sums[last][q], batch.outputs[last][q],
                                               workspace.targets[q], constants)
                losses[q] = value
                if overflowed:
                    rows = q + 1
                    break
            backward(network, weights, gradients, batch, workspace.masks, workspace.targets, rows, constants)
            if overflowed:
                totals[epoch] = math.inf
                keep_pattern(network, batch, workspace.masks, rows - 1, pattern)
                return epoch + 1, start + rows, step, reset
            for q in range(rows):
                total = total + losses[q]
            if reset:
                network.optimizer_state[:] = 0.0
                step = 0
                reset = False
            step += 1
            update_weights(network.weights, network.gradients, network.optimizer_state, optimizer, lr, momentum,
                           step, rows, constants)
        totals[epoch] = total
        if not math.isfinite(total):
            keep_pattern(network, batch, workspace.masks, rows - 1, pattern)
            return epoch + 1, n_patterns, step, reset
    keep_pattern(network, batch, workspace.masks, rows - 1, pattern)
    return epochs, n_patterns, step, reset


@jit
def forward_pattern(network, pattern, masks, constants):
    """The textbook's forward pass of one pattern, whose inputs are in the one-pattern workspace."""
    forward(network, weight_matrices(network, network.weights), layer_matrices(network, pattern), masks, 1,
            constants)


@jit
def backward_pattern(network, pattern, masks, constants):
    """The textbook's backward(targets) after forward_pattern, targets in pattern.targets[0]:
    adds the pattern's gradients to the sums; returns (its loss, whether CPython would overflow)."""
    one = layer_matrices(network, pattern)
    backward(network, weight_matrices(network, network.weights), weight_matrices(network, network.gradients),
             one, masks, pattern.targets, 1, constants)
    last = len(one.outputs) - 1
    return loss_value(network.loss, one.weighted_sums[last][0], one.outputs[last][0], pattern.targets[0], constants)


EVALUATION_ROWS = 256  # patterns per forward pass in evaluate


@jit
def evaluate(network, inputs, targets, outputs, pattern, constants):
    """The textbook's test (or, without targets rows, predict): the forward pass of every row of
    inputs; outputs receives the last layer's outputs. Returns (the total of the patterns' losses,
    added in order, and the row whose half_sse overflows, where the textbook raises; else -1)."""
    weights = weight_matrices(network, network.weights)
    n_patterns = inputs.shape[0]
    capacity = min(EVALUATION_ROWS, n_patterns)
    workspace = new_workspace(network, capacity, 0)
    batch = layer_matrices(network, workspace)
    last = len(weights) - 1
    total = 0.0
    rows = 0
    for start in range(0, n_patterns, capacity):
        rows = min(capacity, n_patterns - start)
        batch.layer_inputs[0][:rows, :inputs.shape[1]] = inputs[start:start + rows]
        forward(network, weights, batch, workspace.masks, rows, constants)
        outputs[start:start + rows] = batch.outputs[last][:rows]
        for q in range(rows if targets.shape[0] > 0 else 0):
            value, overflowed = loss_value(network.loss, batch.weighted_sums[last][q], batch.outputs[last][q],
                                           targets[start + q], constants)
            if overflowed:
                keep_pattern(network, batch, workspace.masks, q, pattern)
                return math.inf, start + q
            total = total + value
    keep_pattern(network, batch, workspace.masks, rows - 1, pattern)
    return total, -1
