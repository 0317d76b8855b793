"""bpnn.network's equations, compiled: forward_pass, backward_pass, weight_update and the training
loop (train), with the textbook's names and in its order.

The textbook handles one pattern at a time; these kernels handle a batch of patterns at a time,
one row per pattern, with the textbook's names, one matrix per layer:

    layer_inputs    a: the layer's inputs, the bias node's 1.0 as the last column
    weighted_sums   z = a w    (kernels.matmul: each z_j summed over i in order, from 0.0)
    outputs         y = f(z)
    deltas          δ = ∂E/∂z

Working a batch at once reorders nothing: within a batch the weights do not move, so every
pattern's forward and backward pass reads the same weights as in the textbook, and each sum
over the patterns (the gradient sums, the epoch's total error) still runs in processing order.
What batching does change is when each step runs: the textbook runs forward, backward and the
loss for one pattern, then for the next; here each runs for the whole batch before the next
step starts. Only a divergence could tell the difference (the textbook stops at the pattern
whose loss overflows), and train() stops at that same pattern.

Compiled code: NumbaNetwork calls train for training, and the passes and the update themselves
for the textbook's one-pattern steps and for test and predict (the very functions that train
calls: nothing is compiled twice). They take two more arguments, `tiles` and `threads`, from
paths(): which of matmul's paths the network's products can reach; the update takes one more,
`decaying`, from decaying_state(): whether the optimizer's state can decay through the subnormal
numbers. They decide only which code is compiled (a 2-2-1 network never needs the tiles or
threads, classic momentum never the subnormal fast path), never a result bit.

Memory: every array is allocated by the Python side (NumbaNetwork) and handed in; the kernels
work on `unmanaged` views of it (see kernels.views). The weights, their gradient sums and the
optimizer's state are flat arrays, all layers one after another, so that the optimizer sweeps a
whole network in one loop; a workspace holds, per layer, `capacity` rows of each quantity.
"""
import inspect
import math
from typing import NamedTuple

import numpy as np
from numba import prange, types

from . import subnormals
from .activations import activate_rows, derivative
from .jit import jit
from .losses import loss_value, output_deltas
from .matmul import PARALLEL_WORK, TINY_WORK, matmul, matmul_accumulate, matmul_transposed
from .optimizers import ADAM, CLASSIC, SGD, adam, adam_factors, classic, sgd
from .subnormals import BLOCK
from .views import matrix, stack_integers, unmanaged


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
    """What the passes compute for up to `capacity` patterns; per layer, capacity rows of each."""
    layer_inputs: np.ndarray  # flat: per layer capacity x (sizes[l] + bias[l]), the bias column 1.0
    weighted_sums: np.ndarray  # flat: per layer capacity x sizes[l + 1]
    outputs: np.ndarray  # flat, as weighted_sums
    deltas: np.ndarray  # flat, as weighted_sums
    masks: np.ndarray  # capacity x (all hidden widths): each pattern's dropout masks; no columns without dropout
    targets: np.ndarray  # capacity x sizes[-1]
    losses: np.ndarray  # capacity: each pattern's loss
    transposed_weights: np.ndarray  # flat: per layer sizes[l + 1] x sizes[l], scratch for wᵀ
    at_rest: np.ndarray  # int16, laid out as the weights: the optimizer's state entries at rest (kernels.subnormals)
    rest_state: np.ndarray  # int64, two: the bound entries rest under, and 1 if any may rest (kernels.subnormals)


def new_workspace(sizes: list[int], bias: list[bool], capacity: int, hidden_width: int,
                  at_rest: bool = True) -> Workspace:
    """A workspace for `capacity` patterns, with hidden_width columns of dropout masks (0: none);
    with an empty at_rest (nothing rests) where the weights are updated one call at a time."""
    input_widths = [sizes[l] + bias[l] for l in range(len(sizes) - 1)]
    layer_inputs = np.zeros(capacity * sum(input_widths))
    offset = 0
    for l, width in enumerate(input_widths):
        if bias[l]:  # the bias node, fixed at 1.0; the kernels never write this column
            layer_inputs[offset:offset + capacity * width].reshape(capacity, width)[:, -1] = 1.0
        offset += capacity * width
    node_rows = capacity * sum(sizes[1:])
    return Workspace(layer_inputs, np.zeros(node_rows), np.zeros(node_rows), np.zeros(node_rows),
                     np.zeros((capacity, hidden_width)), np.zeros((capacity, sizes[-1])), np.zeros(capacity),
                     np.zeros(sum(sizes[l + 1] * sizes[l] for l in range(len(sizes) - 1))),
                     np.zeros(sum(sizes[l + 1] * (sizes[l] + bias[l]) for l in range(len(sizes) - 1)) if at_rest else 0,
                              dtype=np.int16), np.zeros(2, dtype=np.int64))


PARALLEL_WEIGHTS = 1 << 18  # weights from which the update is shared out over threads
CHUNK = 1 << 14  # weights per thread's share (a multiple of subnormals.BLOCK)


def paths(sizes: list[int], bias: list[bool], capacity: int) -> tuple:
    """(tiles, threads) for the passes over batches of up to `capacity` patterns and for the update:
    True where some product (or the update) of this network is large enough to take that path of
    kernels.matmul (of weight_update), None where none is. Numba compiles a kernel without the
    branches that test an argument typed None, so a small network's run compiles neither the
    tiles nor the threaded code. Every path computes the same bits: this decides only what is
    compiled (and a larger network could run with all of it)."""
    shapes = [(sizes[l] + bias[l], sizes[l + 1]) for l in range(len(sizes) - 1)]
    work = max(capacity * rows * columns for rows, columns in shapes)  # the largest product's multiply-adds
    threads = True if work >= PARALLEL_WORK or sum(rows * columns for rows, columns in shapes) >= PARALLEL_WEIGHTS \
        else None
    tiles = True if work > TINY_WORK or threads else None
    return tiles, threads


# the three sets of paths a network can need (bpnn compile builds them all)
VERSIONS = {"tiny": (None, None), "tiles": (True, None), "threads": (True, True)}


def decaying_state(optimizer: int):
    """True for an optimizer whose state can decay through the subnormal numbers (sgd's velocity,
    adam's first moment), which weight_update then takes through kernels.subnormals' fast path;
    None for classic, whose state (the last change, -g) never decays: Numba then compiles the
    update without that path (1.7 s of a cold XOR run's 8.2 s of compiling, when it was always
    compiled). Like paths, this decides only what is compiled, never a result bit."""
    return None if optimizer == CLASSIC else True


@jit(inline=True)
def unmanaged_network(network):
    return NetworkArrays(unmanaged(network.sizes), unmanaged(network.bias), unmanaged(network.activations),
                         network.loss, unmanaged(network.weights), unmanaged(network.gradients),
                         unmanaged(network.optimizer_state))


@jit(inline=True)
def unmanaged_workspace(workspace):
    return Workspace(unmanaged(workspace.layer_inputs), unmanaged(workspace.weighted_sums),
                     unmanaged(workspace.outputs), unmanaged(workspace.deltas), unmanaged(workspace.masks),
                     unmanaged(workspace.targets), unmanaged(workspace.losses),
                     unmanaged(workspace.transposed_weights), unmanaged(workspace.at_rest),
                     unmanaged(workspace.rest_state))


# ---------------------------------------------------------------- one layer's matrix in a flat array
@jit(step=True, internal=True)
def weight_matrix(network, flat, l):
    """Layer l's (sizes[l] + bias[l]) x sizes[l + 1] matrix in a flat array laid out as the weights."""
    offset = 0
    for m in range(l):
        offset += (network.sizes[m] + network.bias[m]) * network.sizes[m + 1]
    return matrix(flat, offset, network.sizes[l] + network.bias[l], network.sizes[l + 1])


@jit(step=True, internal=True)
def input_matrix(network, flat, capacity, l, rows):
    """The first `rows` rows of layer l's capacity x (sizes[l] + bias[l]) matrix of layer inputs in a
    workspace (a view made with its rows, cheaper than slicing one made with all of them)."""
    offset = 0
    for m in range(l):
        offset += capacity * (network.sizes[m] + network.bias[m])
    return matrix(flat, offset, rows, network.sizes[l] + network.bias[l])


@jit(step=True, internal=True)
def node_matrix(network, flat, capacity, l, rows):
    """The first `rows` rows of layer l's capacity x sizes[l + 1] matrix of weighted sums, outputs
    or deltas in a workspace."""
    offset = 0
    for m in range(l):
        offset += capacity * network.sizes[m + 1]
    return matrix(flat, offset, rows, network.sizes[l + 1])


@jit(step=True, internal=True)
def transposed_matrix(network, flat, l):
    """Scratch for layer l's weights without the bias row, transposed: sizes[l + 1] x sizes[l]."""
    offset = 0
    for m in range(l):
        offset += network.sizes[m + 1] * network.sizes[m]
    return matrix(flat, offset, network.sizes[l + 1], network.sizes[l])


# ---------------------------------------------------------------- the equations, for `rows` patterns
@jit(step=True)
def forward_pass(network, workspace, masks, rows, constants, tiles, threads):
    """The forward pass of the first `rows` patterns of a workspace, their inputs in layer_inputs of layer 0.

    With dropout (masks has columns), hidden layer l's outputs reach the next layer as y_j · mask_j;
    a row of masks holds one pattern's masks of all hidden layers side by side. A pattern's pass
    reads only its own row: it computes the same bits in any batch, or alone. tiles, threads: see paths.
    """
    capacity = workspace.targets.shape[0]
    n_layers = network.sizes.shape[0] - 1
    mask_column = 0
    for l in range(n_layers):
        layer_inputs = input_matrix(network, workspace.layer_inputs, capacity, l, rows)
        weighted_sums = node_matrix(network, workspace.weighted_sums, capacity, l, rows)
        outputs = node_matrix(network, workspace.outputs, capacity, l, rows)
        # weighted sums: z_j = Σ_i a_i w_ij
        matmul(layer_inputs, weight_matrix(network, network.weights, l), weighted_sums, tiles, threads)
        # outputs: y_j = f(z_j), or for a softmax layer y = softmax(z)
        activate_rows(network.activations[l], weighted_sums, outputs, constants)
        if l < n_layers - 1:
            # dropout (inverted): the next layer reads y_j · mask_j; without dropout, y_j
            next_inputs = input_matrix(network, workspace.layer_inputs, capacity, l + 1, capacity)
            width = network.sizes[l + 1]
            if masks.shape[1] > 0:
                for p in range(rows):
                    for j in range(width):
                        next_inputs[p, j] = outputs[p, j] * masks[p, mask_column + j]
            else:
                for p in range(rows):
                    for j in range(width):
                        next_inputs[p, j] = outputs[p, j]
            mask_column += width


@jit(step=True)
def backward_pass(network, workspace, masks, rows, constants, tiles, threads):
    """Backpropagate the first `rows` patterns after their forward pass: their deltas (kept in the
    workspace), their gradients a_i δ_j added to the sums pattern after pattern (the weights do not
    move yet). Their losses, which the textbook's backward_pass returns, are pattern_losses'
    (train calls it right after: a kernel of its own is compiled once, for test too).
    """
    capacity = workspace.targets.shape[0]
    last = network.sizes.shape[0] - 2
    # output deltas: δ_k = ∂E/∂z_k
    outputs = node_matrix(network, workspace.outputs, capacity, last, capacity)
    deltas = node_matrix(network, workspace.deltas, capacity, last, capacity)
    for p in range(rows):
        output_deltas(network.loss, network.activations[last], outputs[p], workspace.targets[p], deltas[p],
                      constants)
    mask_column = masks.shape[1]
    for l in range(last, -1, -1):
        layer_inputs = input_matrix(network, workspace.layer_inputs, capacity, l, rows)
        deltas = node_matrix(network, workspace.deltas, capacity, l, rows)
        # gradients: ∂E/∂w_ij = a_i δ_j, added to the batch's sums: g_ij += Σ_p a_pi δ_pj, p in order
        matmul_accumulate(layer_inputs.T, deltas, weight_matrix(network, network.gradients, l), tiles, threads)
        if l == 0:
            break
        # hidden deltas: δ_i = f'(y_i) Σ_j w_ij δ_j (the bias row sends nothing back), through dropout's mask
        width = network.sizes[l]
        mask_column -= width
        hidden_deltas = node_matrix(network, workspace.deltas, capacity, l - 1, rows)
        # Σ_j δ_j w_ij, kept in hidden_deltas for now
        matmul_transposed(deltas, weight_matrix(network, network.weights, l)[:width], hidden_deltas,
                          transposed_matrix(network, workspace.transposed_weights, l), tiles, threads)
        hidden_outputs = node_matrix(network, workspace.outputs, capacity, l - 1, capacity)
        for p in range(rows):
            for i in range(width):
                error = hidden_deltas[p, i]
                if masks.shape[1] > 0:
                    error = error * masks[p, mask_column + i]
                hidden_deltas[p, i] = derivative(network.activations[l - 1], hidden_outputs[p, i], constants) * error


@jit(step=True)
def pattern_losses(network, workspace, rows, constants):
    """Each pattern's loss E(y, t) into workspace.losses, after its forward pass, its targets in
    workspace.targets. Returns how many patterns precede and include the first whose half_sse
    overflows (where CPython raises OverflowError), or rows + 1 if none does."""
    capacity = workspace.targets.shape[0]
    last = network.sizes.shape[0] - 2
    weighted_sums = node_matrix(network, workspace.weighted_sums, capacity, last, capacity)
    outputs = node_matrix(network, workspace.outputs, capacity, last, capacity)
    # each pattern's loss E(y, t)
    for q in range(rows):
        value, overflowed = loss_value(network.loss, weighted_sums[q], outputs[q], workspace.targets[q], constants)
        workspace.losses[q] = value
        if overflowed:
            return q + 1
    return rows + 1


@jit(inline=True)
def weight_update_block(weights, gradients, first_slot, second_slot, optimizer, lr, momentum, step_size,
                        bias_correction2_root, batch_size, constants, decaying, decay, put_back_bits, at_rest,
                        rest_state):
    """weight_update for one block of entries, as 1-D views indexed from 0 (first_slot and
    second_slot: the block's entries of the optimizer's state, at_rest its entries of at_rest);
    returns whether every weight and optimizer state entry it wrote is finite. Around the
    textbook's loop, the exact fast path through subnormal state (kernels.subnormals): a state
    entry that decays through the subnormals is set aside (+0 for the loop, its new bits computed
    in integers) and put back after the loop, or, at a fixed point, rests (stays +0 until it wakes)."""
    # the optimizer's state by the textbook's names (bpnn.optimizers.OPTIMIZER_SLOTS)
    previous_change = velocity = first_moment = first_slot
    second_moment = second_slot
    # set aside: Adam's m, SGD's v (the first slot) that decay through the subnormals (none in most blocks,
    # most of the time; and not for a few on their way down)
    set_aside = 0
    if (decaying is not None and (optimizer == ADAM or optimizer == SGD)
            and subnormals.worth_setting_aside(first_slot, decay.fixed_significand)):
        set_aside = subnormals.set_aside(weights, gradients, first_slot, second_slot, optimizer == ADAM, decay,
                                         put_back_bits)
    finite = True
    for i in range(weights.shape[0]):
        # average over the batch: g_ij = (Σ_batch a_i δ_j) / batch_size
        g = gradients[i] / batch_size
        # the optimizer's step (kernels.optimizers)
        if optimizer == CLASSIC:
            weights[i], previous_change[i] = classic(weights[i], g, previous_change[i], lr, momentum)
        elif optimizer == SGD:
            weights[i], velocity[i] = sgd(weights[i], g, velocity[i], lr, momentum)
        else:
            weights[i], first_moment[i], second_moment[i] = adam(weights[i], g, first_moment[i], second_moment[i],
                                                                 step_size, bias_correction2_root, constants)
            finite &= math.isfinite(second_moment[i])
        finite &= math.isfinite(weights[i])
        # clear: the next batch starts its sums from 0.0
        gradients[i] = 0.0
    # wake: the resting entries whose gradient was not zero take the textbook's new state
    if decaying is not None and rest_state[1] != 0 and subnormals.waking(first_slot, at_rest):
        subnormals.wake(first_slot, at_rest)
    # put back: the new state of the entries set aside, over the loop's +0 (or they rest)
    if decaying is not None and set_aside > 0:
        if subnormals.put_back(first_slot, put_back_bits, weights, at_rest, decay.fixed_significand,
                               rest_state[0]) > 0:
            rest_state[1] = 1  # (threads may write it at once: all write 1)
    return finite


@jit(inline=True)
def weight_update_range(weights, gradients, optimizer_state, optimizer, lr, momentum, step_size,
                        bias_correction2_root, batch_size, constants, decaying, decay, at_rest, rest_state, start,
                        end):
    """weight_update for the entries start..end-1 of the flat arrays; returns whether every
    weight and optimizer state entry it wrote is finite.

    The textbook runs three loops over each layer's matrix: average the sums, let the optimizer
    move each weight, clear the sums. Each entry's three steps read and write only that entry, so
    one loop over all the network's weights doing them entry by entry gives every weight exactly
    the textbook's value, reading the memory once instead of three times. Whether the new values
    are finite is noted on the way (the values are in registers then), for train to stop at an
    update that diverged. The weights and Adam's v tell for the whole state: with lr ≥ 0, a
    non-finite change, velocity or first moment makes its weight non-finite too (lr · inf is inf,
    0 · inf NaN), while a v of inf only makes a step m / (√v / √(1 - β2^t) + ε) of 0. The loop
    runs block by block (weight_update_block), each block's entries from index 0, which the
    compiler can vectorise (from a start that is not a constant, Numba's loop is not vectorised).
    """
    put_back_bits = stack_integers(BLOCK)  # set_aside's notes (kernels.subnormals), block by block
    finite = True
    for block in range(start, end, BLOCK):
        stop = min(block + BLOCK, end)
        finite &= weight_update_block(weights[block:stop], gradients[block:stop], optimizer_state[0, block:stop],
                                      optimizer_state[1, block:stop], optimizer, lr, momentum, step_size,
                                      bias_correction2_root, batch_size, constants, decaying, decay, put_back_bits,
                                      at_rest[block:stop], rest_state)
    return finite


@jit(parallel=True, internal=True)
def weight_update_parallel(weights, gradients, optimizer_state, optimizer, lr, momentum, step_size,
                           bias_correction2_root, batch_size, constants, decaying, decay, at_rest, rest_state):
    """weight_update_range over all the entries, shared out over threads in chunks (each entry is
    still updated by one thread, with the same operations); returns whether all are finite."""
    n = weights.shape[0]
    chunks_not_finite = 0
    for chunk in prange((n + CHUNK - 1) // CHUNK):
        if not weight_update_range(weights, gradients, optimizer_state, optimizer, lr, momentum, step_size,
                                   bias_correction2_root, batch_size, constants, decaying, decay, at_rest, rest_state,
                                   chunk * CHUNK, min(chunk * CHUNK + CHUNK, n)):
            chunks_not_finite += 1
    return chunks_not_finite == 0


@jit(step=True)
def weight_update(network, optimizer, lr, momentum, updates_taken, batch_size, constants, threads, decaying,
                  at_rest, rest_state):
    """Average the batch's gradient sums, let the optimizer move every weight (updates_taken is
    Adam's t, this update's number), and clear the sums. optimizer_state[0] and [1] are the
    optimizer's slots (bpnn.optimizers.OPTIMIZER_SLOTS), flat as the weights. Returns whether
    every weight and state entry is finite after the update. threads: see paths; decaying: see
    decaying_state. at_rest and rest_state: the training call's entries at rest, the bound they rest
    under and whether any may rest (kernels.subnormals), left for the next update; at_rest empty for
    an update on its own (nothing rests)."""
    step_size, bias_correction2_root = 0.0, 1.0
    if optimizer == ADAM:
        step_size, bias_correction2_root = adam_factors(lr, updates_taken, constants)
    # the step's constants of the fast path (kernels.subnormals)
    decay = subnormals.no_decay()
    if decaying is not None:
        decay = subnormals.sgd_decay(lr, momentum)
        if optimizer == ADAM:
            decay = subnormals.adam_decay(step_size, bias_correction2_root, constants)
    # the entries at rest rest under the bound of the updates before (Fact 5): if this one's is higher, all wake
    if decaying is not None and at_rest.shape[0] > 0:
        if subnormals.rest_exponent_of(decay) > rest_state[0]:
            subnormals.wake_all(network.optimizer_state[0], at_rest, rest_state)
        rest_state[0] = subnormals.rest_exponent_of(decay)
    if threads is not None and network.weights.shape[0] >= PARALLEL_WEIGHTS:
        return weight_update_parallel(network.weights, network.gradients, network.optimizer_state, optimizer, lr,
                                      momentum, step_size, bias_correction2_root, batch_size, constants, decaying,
                                      decay, at_rest, rest_state)
    return weight_update_range(network.weights, network.gradients, network.optimizer_state, optimizer, lr, momentum,
                               step_size, bias_correction2_root, batch_size, constants, decaying, decay, at_rest,
                               rest_state, 0, network.weights.shape[0])


@jit(inline=True)
def leave(network, workspace, decaying):
    """What train leaves when it returns: every state entry at rest given its state back (the
    optimizer's state is the textbook's again, kernels.subnormals). The last pattern's passes stay
    in the workspace (see train)."""
    if decaying is not None:
        subnormals.wake_all(network.optimizer_state[0], workspace.at_rest, workspace.rest_state)


# ---------------------------------------------------------------- whole calls
def train_callees(signature: tuple) -> list:
    """The kernels train calls after its passes, with the types it calls them with, given train's
    argument types: a second process compiles them while this one compiles the passes (on a cold
    start: see kernels.background), in the order train calls them."""
    train_types = dict(zip(inspect.signature(train.py_func).parameters, signature))
    network, workspace, constants = train_types["network"], train_types["workspace"], train_types["constants"]
    threads, decaying = train_types["threads"], train_types["decaying"]
    workspace_types = dict(zip(workspace.fields, workspace.types))
    at_rest, rest_state = workspace_types["at_rest"], workspace_types["rest_state"]
    callees = [(pattern_losses, (network, workspace, types.int64, constants))]
    if decaying != types.none:  # leave()
        callees.append((subnormals.wake_all, (types.float64[::1], at_rest, rest_state)))
    callees.append((weight_update, (network, types.int64, types.float64, types.float64, types.int64, types.int64,
                                    constants, threads, decaying, at_rest, rest_state)))
    return callees


@jit(callees=train_callees)
def train(network, inputs, targets, orders, masks, epochs, optimizer, reset, updates_taken, lr, momentum, batch_size,
          updates_allowed, totals, workspace, constants, tiles, threads, decaying):
    """`epochs` epochs of the textbook's training loop (its train_epoch, epoch after epoch), over
    the rows of inputs and targets.

    orders[e] is epoch e's processing order (orders[0] for every epoch if it has one row), and
    masks[e, q] the dropout masks of its q-th pattern (masks has no columns without dropout);
    both were drawn from the network's random.Random by bpnn.randomness. totals[e] receives the
    epoch's total loss. `reset`: the optimizer changed, so its state restarts from zeros (and its
    count of updates from 0) at the first update, as in the textbook's weight_update. `workspace`
    holds batch_size patterns (or all of them, if fewer); the last pattern's passes are left in it, in
    row (patterns run in the last epoch - 1) mod batch_size, where NumbaNetwork takes them (a copy
    that costs more to compile than to run in Python). tiles, threads: see paths; decaying: see
    decaying_state.

    Stops after the epoch whose total is not finite; or (as CPython raises OverflowError) right
    after the pattern whose half_sse overflows, with that total set to inf; or right after an
    update that made a weight or state entry NaN or infinite. NumbaNetwork then runs the call
    again from the same state with updates_allowed, the number of updates made before that one
    (-1: no limit), and this stops before that update: the weights as they were, the batch's
    sums cleared. Returns (epochs run, patterns run in the last of them, updates taken, whether
    the reset is still pending, the number of the update (counted from 1 in this call) that
    diverged or, run again, was not made; 0 if none).
    """
    network, workspace = unmanaged_network(network), unmanaged_workspace(workspace)
    inputs, targets, orders, masks, totals = unmanaged(inputs), unmanaged(targets), unmanaged(orders), \
        unmanaged(masks), unmanaged(totals)
    n_patterns, n_inputs = inputs.shape
    n_outputs = targets.shape[1]
    capacity = workspace.targets.shape[0]
    first_inputs = input_matrix(network, workspace.layer_inputs, capacity, 0, capacity)
    updates_made = 0
    for epoch in range(epochs):
        order = orders[epoch % orders.shape[0]]
        epoch_masks = masks[epoch % masks.shape[0]]
        total = 0.0
        for start in range(0, n_patterns, batch_size):
            rows = min(batch_size, n_patterns - start)
            # the batch's patterns, in processing order
            for q in range(rows):
                p = order[start + q]
                for i in range(n_inputs):
                    first_inputs[q, i] = inputs[p, i]
                for k in range(n_outputs):
                    workspace.targets[q, k] = targets[p, k]
                for h in range(epoch_masks.shape[1]):
                    workspace.masks[q, h] = epoch_masks[start + q, h]
            forward_pass(network, workspace, workspace.masks, rows, constants, tiles, threads)
            backward_pass(network, workspace, workspace.masks, rows, constants, tiles, threads)
            stop = pattern_losses(network, workspace, rows, constants)
            if stop <= rows:  # CPython's OverflowError: the textbook stops right here
                network.gradients[:] = 0.0  # and clears the abandoned batch's sums
                totals[epoch] = math.inf
                leave(network, workspace, decaying)
                return epoch + 1, start + stop, updates_taken, reset, 0
            for q in range(rows):
                total = total + workspace.losses[q]
            if updates_made == updates_allowed:  # the update that diverged, when run again: not made
                network.gradients[:] = 0.0
                leave(network, workspace, decaying)
                return epoch + 1, start + rows, updates_taken, reset, updates_made + 1
            if reset:
                network.optimizer_state[:] = 0.0
                updates_taken = 0
                reset = False
            updates_taken += 1
            updates_made += 1
            if not weight_update(network, optimizer, lr, momentum, updates_taken, rows, constants, threads, decaying,
                                 workspace.at_rest, workspace.rest_state):
                leave(network, workspace, decaying)
                return epoch + 1, start + rows, updates_taken, reset, updates_made
        totals[epoch] = total
        if not math.isfinite(total):
            leave(network, workspace, decaying)
            return epoch + 1, n_patterns, updates_taken, reset, 0
    leave(network, workspace, decaying)
    return epochs, n_patterns, updates_taken, reset, 0

