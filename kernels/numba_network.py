"""NumbaNetwork: bpnn.NeuralNetwork's interface, run by the compiled kernels, to the same bits.

Everything that is not arithmetic is the textbook's own code: a NumbaNetwork is built by
building a NeuralNetwork (the same validation, the same initial weights from the same seed) and
taking over its state; it is saved by handing its state back to a NeuralNetwork. What it keeps
itself are float64 numpy arrays, which the kernels update in place.
"""
import random

import numpy as np

from bpnn.losses import epoch_error
from bpnn.network import NeuralNetwork
from bpnn.optimizers import OPTIMIZER_SLOTS
from bpnn.validation import (LARGEST_COUNT, check_epoch_error, check_forward_pass, check_loss, check_patterns,
                             check_training, check_update, check_vector, check_vectors, weight_shapes)

from . import activations, losses, network as kernels, optimizers
from .constants import textbook_constants
from .network import NetworkArrays, decaying_state, new_workspace, paths
from .randomness import draw_epochs, draws_anything
from .validation import check_input_array, check_pattern_arrays

CHUNK_WORK = 10**8  # multiply-adds per compiled call when epochs run back to back (a fraction of a second)
CHUNK_DRAWS = 10**6  # random numbers drawn ahead at most (shuffled orders and dropout masks)
EVALUATION_ROWS = 128  # patterns per forward pass in test and predict (digits' 64-128-10 then needs no threads)


def is_array_pair(patterns) -> bool:
    """Whether a data set is given as (inputs, targets), two numpy arrays, rather than a list of pairs."""
    return (isinstance(patterns, (tuple, list)) and len(patterns) == 2
            and all(isinstance(array, np.ndarray) for array in patterns))


# what a network is beyond its architecture: its state, handed over between the two paths
STATE = ("weights", "gradients", "optimizer", "updates_taken", "optimizer_state",
         "layer_inputs", "weighted_sums", "outputs", "deltas", "dropout_masks")


class NumbaNetwork:
    """bpnn.NeuralNetwork on compiled kernels: the same arguments, methods, results and files.

    train and test also take a data set as a pair of 2-D arrays (inputs, targets), one pattern
    per row; predict also takes a 2-D array and then returns one. The attributes weights,
    gradients, optimizer_state, layer_inputs, weighted_sums, outputs, deltas and dropout_masks are
    copies as nested lists, as the textbook's (assign to them to change the network);
    weight_arrays are the live float64 matrices the kernels update.
    """

    def __init__(self, sizes, activation="tanh", output="sigmoid", loss=None, bias=True, init="pytorch", seed=0):
        self._take_over(NeuralNetwork(sizes, activation, output, loss, bias, init, seed))

    @classmethod
    def classic(cls, ni: int, nh: int, no: int, seed: int = 0) -> "NumbaNetwork":
        """Neil Schemenauer's bpnn.py (see NeuralNetwork.classic)."""
        return cls.from_network(NeuralNetwork.classic(ni, nh, no, seed))

    @classmethod
    def from_network(cls, network) -> "NumbaNetwork":
        """A NumbaNetwork in exactly the state of `network` (a NeuralNetwork or a NumbaNetwork):
        weights, pending gradient sums, optimizer and its state, random generator, last pass."""
        numba_network = cls.__new__(cls)
        numba_network._take_over(network)
        return numba_network

    def to_network(self) -> NeuralNetwork:
        """The textbook network in exactly this network's state."""
        network = NeuralNetwork(self.sizes, self.activation, self.output_activation, self.loss, self.bias,
                                seed=self.seed)
        for name in STATE:
            setattr(network, name, getattr(self, name))
        network.random.setstate(self.random.getstate())
        return network

    def _take_over(self, network) -> None:
        self.sizes, self.bias, self.loss = list(network.sizes), list(network.bias), network.loss
        self.activation, self.output_activation, self.seed = network.activation, network.output_activation, network.seed
        self.random = random.Random()
        self.random.setstate(network.random.getstate())
        n_weights = sum(rows * columns for rows, columns in weight_shapes(self.sizes, self.bias))
        self._arrays = NetworkArrays(
            np.array(self.sizes, dtype=np.int64), np.array(self.bias, dtype=np.int64),
            np.array([activations.CODES[name] for name in self.layer_activations], dtype=np.int64),
            losses.CODES[self.loss], np.zeros(n_weights), np.zeros(n_weights), np.zeros((2, n_weights)))
        self._constants = textbook_constants()
        # the last forward pass (the textbook's layer_inputs, weighted_sums, outputs, dropout_masks), and
        # where train left it until it is copied there (see _pattern)
        self._one_pattern = new_workspace(self.sizes, self.bias, 1, sum(self.sizes[1:-1]), at_rest=False)
        self._left_by_train = None
        self._no_masks = np.zeros((1, 0))
        self._workspaces = {}
        self._passed = False
        self._backpropagated = False
        self._masked = False
        for name in STATE:
            setattr(self, name, getattr(network, name))

    layer_activations = NeuralNetwork.layer_activations  # the textbook's own property

    # ---------------------------------------------------------------- state as the textbook's lists
    def _matrices(self, flat) -> list:
        matrices, offset = [], 0
        for rows, columns in weight_shapes(self.sizes, self.bias):
            matrices.append(flat[offset:offset + rows * columns].reshape(rows, columns))
            offset += rows * columns
        return matrices

    def _set_matrices(self, flat, matrices, what: str) -> None:
        shapes = weight_shapes(self.sizes, self.bias)
        if len(matrices) != len(shapes):
            raise ValueError(f"{what} must be a list of {len(shapes)} matrices")
        targets, values = self._matrices(flat), [np.asarray(matrix, dtype=np.float64) for matrix in matrices]
        for l, (target, value) in enumerate(zip(targets, values)):
            if value.shape != target.shape:
                raise ValueError(f"{what}[{l}] must be a {target.shape[0]} x {target.shape[1]} matrix")
        for target, value in zip(targets, values):  # all checked first: a refused value changes nothing
            target[...] = value

    @property
    def weight_arrays(self) -> list:
        """The live weight matrices (float64 views; writing to them changes the network)."""
        return self._matrices(self._arrays.weights)

    @property
    def weights(self) -> list:
        return [matrix.tolist() for matrix in self._matrices(self._arrays.weights)]

    @weights.setter
    def weights(self, matrices) -> None:
        self._set_matrices(self._arrays.weights, matrices, "weights")

    @property
    def gradients(self) -> list:
        return [matrix.tolist() for matrix in self._matrices(self._arrays.gradients)]

    @gradients.setter
    def gradients(self, matrices) -> None:
        self._set_matrices(self._arrays.gradients, matrices, "gradients")

    @property
    def optimizer_state(self) -> dict:
        if self.optimizer is None:
            return {}
        return {slot: [matrix.tolist() for matrix in self._matrices(self._arrays.optimizer_state[s])]
                for s, slot in enumerate(OPTIMIZER_SLOTS[self.optimizer])}

    @optimizer_state.setter
    def optimizer_state(self, state: dict) -> None:
        """The state of self.optimizer (set that first), one list of matrices per slot."""
        self._arrays.optimizer_state[...] = 0.0
        slots = OPTIMIZER_SLOTS[self.optimizer] if self.optimizer is not None else ()
        if sorted(state) != sorted(slots):
            raise ValueError(f"the optimizer state must hold {', '.join(slots) or 'nothing'}, got {', '.join(state)}")
        for s, slot in enumerate(slots):
            self._set_matrices(self._arrays.optimizer_state[s], state[slot], f"optimizer state {slot}")

    def _layer_rows(self, flat, widths, done=None) -> list:
        if not (self._passed if done is None else done):
            return [[] for _ in widths]
        rows, offset = [], 0
        for width in widths:
            rows.append(flat[offset:offset + width].tolist())
            offset += width
        return rows

    def _set_layer_rows(self, flat, rows, widths, what: str) -> bool:
        """Copy the textbook's per-layer lists into flat; returns whether they hold a pass (not all empty)."""
        if all(len(row) == 0 for row in rows):  # the textbook's state before any pass
            return False
        if [len(row) for row in rows] != list(widths):
            raise ValueError(f"{what} must hold one list per layer, of widths {list(widths)}")
        flat[:] = np.concatenate([np.asarray(row, dtype=np.float64) for row in rows])
        return True

    def _input_widths(self) -> list[int]:
        return [self.sizes[l] + self.bias[l] for l in range(len(self.sizes) - 1)]

    @property
    def layer_inputs(self) -> list:
        return self._layer_rows(self._pattern.layer_inputs, self._input_widths())

    @layer_inputs.setter
    def layer_inputs(self, rows) -> None:
        self._passed = self._set_layer_rows(self._pattern.layer_inputs, rows, self._input_widths(), "layer_inputs")

    @property
    def weighted_sums(self) -> list:
        return self._layer_rows(self._pattern.weighted_sums, self.sizes[1:])

    @weighted_sums.setter
    def weighted_sums(self, rows) -> None:
        self._passed = self._set_layer_rows(self._pattern.weighted_sums, rows, self.sizes[1:], "weighted_sums")

    @property
    def outputs(self) -> list:
        return self._layer_rows(self._pattern.outputs, self.sizes[1:])

    @outputs.setter
    def outputs(self, rows) -> None:
        self._passed = self._set_layer_rows(self._pattern.outputs, rows, self.sizes[1:], "outputs")

    @property
    def deltas(self) -> list:
        return self._layer_rows(self._pattern.deltas, self.sizes[1:], self._backpropagated)

    @deltas.setter
    def deltas(self, rows) -> None:
        self._backpropagated = self._set_layer_rows(self._pattern.deltas, rows, self.sizes[1:], "deltas")

    @property
    def dropout_masks(self):
        """The masks of the last pattern trained with dropout (one list per hidden layer), or None."""
        if not self._masked:
            return None
        masks, offset = [], 0
        for width in self.sizes[1:-1]:
            masks.append(self._pattern.masks[0, offset:offset + width].tolist())
            offset += width
        return masks

    @dropout_masks.setter
    def dropout_masks(self, masks) -> None:
        self._masked = masks is not None
        if masks is not None and self.sizes[1:-1]:
            self._pattern.masks[0] = np.concatenate([np.asarray(mask, dtype=np.float64) for mask in masks])

    @property
    def _pattern(self):
        """The one-pattern workspace: the textbook's layer_inputs, weighted_sums, outputs, deltas and
        dropout masks after its last step. After train, that is the last pattern's row of train's
        workspace (_left_by_train), copied here when first needed: most training calls (one per
        epoch, with a callback) are followed by another, and the copy would cost each a few µs."""
        self._take_left_pattern()
        return self._one_pattern

    def _take_left_pattern(self) -> None:
        """Copy the last pattern train ran (its row of train's workspace) into the one-pattern workspace,
        if that is still to be done."""
        if self._left_by_train is None:
            return
        workspace, row = self._left_by_train
        self._left_by_train = None
        capacity = len(workspace.targets)
        for name, widths in (("layer_inputs", self._input_widths()), ("weighted_sums", self.sizes[1:]),
                             ("outputs", self.sizes[1:]), ("deltas", self.sizes[1:])):
            batch, kept = getattr(workspace, name), getattr(self._one_pattern, name)
            batch_offset = kept_offset = 0
            for width in widths:
                start = batch_offset + row * width
                kept[kept_offset:kept_offset + width] = batch[start:start + width]
                batch_offset, kept_offset = batch_offset + capacity * width, kept_offset + width
        if workspace.masks.shape[1] > 0:
            self._one_pattern.masks[0] = workspace.masks[row]

    def _masks(self):
        """The one-pattern dropout masks for the kernels: the kept masks, or none (no columns)."""
        return self._pattern.masks if self._masked else self._no_masks

    def _paths(self, capacity: int) -> tuple:
        """(tiles, threads) for the kernels' passes over up to `capacity` patterns (kernels.network.paths)."""
        return paths(self.sizes, self.bias, capacity)

    def _workspace(self, capacity: int, hidden_width: int):
        """A workspace for batches of `capacity` patterns (kept for the next call)."""
        self._take_left_pattern()  # before a kernel overwrites it
        key = (capacity, hidden_width)
        if key not in self._workspaces:
            if len(self._workspaces) >= 4:
                self._workspaces.clear()
            self._workspaces[key] = new_workspace(self.sizes, self.bias, capacity, hidden_width)
        return self._workspaces[key]

    # ---------------------------------------------------------------- the textbook's steps, one pattern
    def forward(self, inputs) -> list[float]:
        """The outputs for one input vector (the classic calls this update)."""
        self._forward_pattern(check_vector(inputs, self.sizes[0], "inputs"), self._paths(1))
        return self.outputs[-1]

    def _forward_pattern(self, inputs, tiles_threads: tuple) -> None:
        """The forward pass of one pattern (without dropout), left in the one-pattern workspace as
        the textbook leaves its last pass; tiles_threads from kernels.network.paths."""
        self._pattern.layer_inputs[:self.sizes[0]] = inputs
        self._masked = False
        kernels.forward_pass(self._arrays, self._pattern, self._no_masks, 1, self._constants, *tiles_threads)
        self._passed = True

    def backward(self, targets) -> float:
        """Backpropagate one pattern after its forward pass: add its gradients to the batch's sums
        (the weights do not move yet); returns the pattern's loss."""
        check_forward_pass(self._passed)
        self._pattern.targets[0] = check_vector(targets, self.sizes[-1], "targets")
        kernels.backward_pass(self._arrays, self._pattern, self._masks(), 1, self._constants, *self._paths(1))
        stop = kernels.pattern_losses(self._arrays, self._pattern, 1, self._constants)
        self._backpropagated = True
        check_loss(stop > 1)  # else its half_sse overflowed
        return float(self._pattern.losses[0])

    def update_weights(self, lr: float, momentum: float, optimizer: str, batch_size: int) -> None:
        """Average the summed gradients over the batch, let the optimizer move the weights, clear
        the sums; an update that would make a number NaN or infinite is undone (NeuralNetwork.update_weights)."""
        lr, momentum, batch_size, _ = check_training(1, lr, momentum, batch_size, optimizer, 0.0,
                                                     largest_batch=LARGEST_COUNT)
        before = self.training_state()
        if not self.weight_update(lr, momentum, optimizer, batch_size):
            self.restore_training_state(before)
            check_update(False)

    def weight_update(self, lr: float, momentum: float, optimizer: str, batch_size: int) -> bool:
        """The textbook's weight_update (no checks): a new optimizer starts with no memory.
        Returns whether every weight and optimizer state entry is finite after it."""
        if self.optimizer != optimizer:
            self.optimizer = optimizer
            self.updates_taken = 0
            self._arrays.optimizer_state[...] = 0.0
        self.updates_taken = self.updates_taken + 1
        code = optimizers.CODES[optimizer]
        return kernels.weight_update(self._arrays, code, lr, momentum, self.updates_taken, batch_size, self._constants,
                                     self._paths(1)[1], decaying_state(code), self._pattern.at_rest,
                                     self._pattern.rest_state)

    def training_state(self) -> tuple:
        """A copy of what a weight update changes (NeuralNetwork.training_state, without the random state)."""
        return (self._arrays.weights.copy(), self._arrays.gradients.copy(), self.optimizer, self.updates_taken,
                self._arrays.optimizer_state.copy())

    def restore_training_state(self, state: tuple, keep_gradients: bool = False) -> None:
        """Go back to a training_state(): the gradient sums are cleared unless keep_gradients."""
        weights, gradients, self.optimizer, self.updates_taken, optimizer_state = state
        self._arrays.weights[:] = weights
        self._arrays.gradients[:] = gradients if keep_gradients else 0.0
        self._arrays.optimizer_state[:] = optimizer_state

    back_propagate = NeuralNetwork.back_propagate  # the textbook's own: backward, then update_weights

    # ---------------------------------------------------------------- training and testing
    def _data_set(self, patterns):
        """(inputs, targets) as float64 arrays, from a list of [inputs, targets] pairs or a pair of arrays."""
        if is_array_pair(patterns):
            return check_pattern_arrays(patterns[0], patterns[1], self.sizes[0], self.sizes[-1])
        checked = check_patterns(patterns, self.sizes[0], self.sizes[-1])
        inputs = np.array([pattern[0] for pattern in checked], dtype=np.float64).reshape(len(checked), -1)
        targets = np.array([pattern[1] for pattern in checked], dtype=np.float64).reshape(len(checked), -1)
        return inputs, targets

    def train(self, patterns, epochs: int = 1000, lr: float = 0.5, momentum: float = 0.1, batch_size: int = 1,
              shuffle: bool = False, optimizer: str = "classic", dropout: float = 0.0, callback=None) -> list[float]:
        """NeuralNetwork.train, whole epochs at a time in compiled code; the same errors, weights and
        state, also after a divergence (see NeuralNetwork.train).

        Without a callback, many epochs run in one compiled call (a fraction of a second's work
        each); with one, one epoch per call, and callback(epoch, error) after each. An update that
        diverges stops the call; it is then run again from a copy of the state it started from,
        up to that update, which is not made.
        """
        lr, momentum, batch_size, dropout = check_training(epochs, lr, momentum, batch_size, optimizer, dropout)
        inputs, targets = self._data_set(patterns)
        n_patterns = len(inputs)
        batch_size = min(batch_size, n_patterns)  # a batch larger than the data set is all of it
        hidden_sizes = self.sizes[1:-1]
        drawing = draws_anything(shuffle, hidden_sizes, dropout)
        per_chunk = self._epochs_per_chunk(n_patterns, shuffle, dropout) if callback is None else 1
        workspace = self._workspace(min(batch_size, n_patterns), sum(hidden_sizes) if dropout > 0.0 else 0)
        # without random draws, every epoch visits the patterns in order
        orders, masks = np.arange(n_patterns, dtype=np.int64).reshape(1, n_patterns), np.zeros((1, n_patterns, 0))
        totals = np.empty(min(per_chunk, epochs))
        optimizer_code, lr, momentum = optimizers.CODES[optimizer], float(lr), float(momentum)
        tiles_threads, decaying = self._paths(min(batch_size, n_patterns)), decaying_state(optimizer_code)
        errors = []
        epoch = 0
        while epoch < epochs:
            chunk = min(per_chunk, epochs - epoch)
            if drawing:
                state = self.random.getstate()
                orders, masks = draw_epochs(self.random, chunk, n_patterns, shuffle, hidden_sizes, dropout)
            reset = self.optimizer != optimizer
            before = self.training_state()
            run = (self._arrays, inputs, targets, orders, masks, chunk, optimizer_code, reset, self.updates_taken, lr,
                   momentum, batch_size)
            ran, last_patterns, self.updates_taken, reset_pending, diverged = kernels.train(
                *run, -1, totals, workspace, self._constants, *tiles_threads, decaying)
            if diverged:  # update number `diverged` made a number NaN or infinite: again, up to the one before it
                self.restore_training_state(before, keep_gradients=True)
                ran, last_patterns, self.updates_taken, reset_pending, _ = kernels.train(
                    *run, diverged - 1, totals, workspace, self._constants, *tiles_threads, decaying)
            if reset and not reset_pending:
                self.optimizer = optimizer
            self._left_by_train = (workspace, (last_patterns - 1) % batch_size)
            self._passed = self._backpropagated = True
            self._masked = dropout > 0.0
            if drawing and (ran < chunk or last_patterns < n_patterns):
                # stopped early: draw again up to where the textbook stopped drawing
                self.random.setstate(state)
                draw_epochs(self.random, ran, n_patterns, shuffle, hidden_sizes, dropout, last_patterns)
            check_update(not diverged, epoch + ran)
            # the epochs' errors by the textbook's epoch_error, on the whole chunk at once (numpy divides
            # each float64 as Python does; a call per epoch cost XOR's 5000 epochs a fifth of their time)
            chunk_errors = np.asarray(epoch_error(self.loss, totals[:ran], n_patterns))
            if callback is None and np.isfinite(chunk_errors).all():
                errors.extend(chunk_errors.tolist())
                epoch += ran
                continue
            for error in chunk_errors.tolist():
                epoch += 1
                errors.append(check_epoch_error(epoch, error))
                if callback is not None:
                    callback(epoch, error)
        return errors

    def _epochs_per_chunk(self, n_patterns: int, shuffle: bool, dropout: float) -> int:
        per_chunk = max(1, CHUNK_WORK // (n_patterns * len(self._arrays.weights)))
        if shuffle:
            per_chunk = min(per_chunk, max(1, CHUNK_DRAWS // n_patterns))
        if dropout > 0.0:
            per_chunk = min(per_chunk, max(1, CHUNK_DRAWS // (n_patterns * max(1, sum(self.sizes[1:-1])))))
        return per_chunk

    def _test(self, inputs, targets):
        """The textbook's test (or, if targets has no rows, predict): the compiled forward pass (the
        one train runs) over the rows of inputs, up to EVALUATION_ROWS of them at a time. Returns
        (the total of the patterns' losses, added in order as the textbook adds them, and the last
        layer's outputs); leaves the last pattern's pass as the textbook does."""
        n_patterns, n_inputs = inputs.shape
        outputs = np.empty((n_patterns, self.sizes[-1]))
        capacity = min(EVALUATION_ROWS, n_patterns)
        workspace = self._workspace(capacity, 0)
        tiles_threads = self._paths(capacity)
        first_inputs = workspace.layer_inputs[:capacity * (n_inputs + self.bias[0])].reshape(capacity, -1)
        last_outputs = workspace.outputs[capacity * sum(self.sizes[1:-1]):].reshape(capacity, -1)
        total = 0.0
        last, overflow_row = n_patterns - 1, -1
        for start in range(0, n_patterns, capacity):
            rows = min(capacity, n_patterns - start)
            first_inputs[:rows, :n_inputs] = inputs[start:start + rows]
            kernels.forward_pass(self._arrays, workspace, workspace.masks, rows, self._constants, *tiles_threads)
            outputs[start:start + rows] = last_outputs[:rows]
            if len(targets) > 0:
                workspace.targets[:rows] = targets[start:start + rows]
                stop = kernels.pattern_losses(self._arrays, workspace, rows, self._constants)
                if stop <= rows:  # this pattern's half_sse overflows: the textbook stops there
                    last = overflow_row = start + stop - 1
                    break
                # the patterns' losses, added in order
                for loss in workspace.losses[:rows].tolist():
                    total = total + loss
        # the textbook's state after its last forward pass: that pattern's pass, run again alone (a
        # pattern's forward pass does not depend on its batch: the same bits)
        self._forward_pattern(inputs[last], tiles_threads)
        check_loss(overflow_row < 0, overflow_row)
        return total, outputs

    def predict(self, inputs_list):
        """The outputs for each input vector in a list (a list of lists), or for each row of a 2-D array (an array)."""
        if isinstance(inputs_list, np.ndarray) and inputs_list.ndim == 2:
            inputs = check_input_array(inputs_list, self.sizes[0])
            if len(inputs) == 0:
                return np.empty((0, self.sizes[-1]))
            return self._test(inputs, np.zeros((0, self.sizes[-1])))[1]
        inputs = check_vectors(inputs_list, self.sizes[0], "inputs")
        if not inputs:
            return []
        return self._test(np.array(inputs, dtype=np.float64), np.zeros((0, self.sizes[-1])))[1].tolist()

    def test(self, patterns) -> tuple:
        """(error over the patterns, reduced as in training; the outputs for each pattern), the
        outputs as a list of lists, or as an array if the patterns came as arrays."""
        inputs, targets = self._data_set(patterns)
        total, outputs = self._test(inputs, targets)
        error = epoch_error(self.loss, total, len(inputs))
        return error, (outputs if is_array_pair(patterns) else outputs.tolist())

    # ---------------------------------------------------------------- model files: the textbook's
    def to_dict(self) -> dict:
        """The textbook's to_dict of this network: files are interchangeable between the paths."""
        return self.to_network().to_dict()

    @classmethod
    def from_dict(cls, document: dict) -> "NumbaNetwork":
        return cls.from_network(NeuralNetwork.from_dict(document))

    def save(self, path) -> None:
        """Write the network to a JSON file, atomically (NeuralNetwork.save)."""
        self.to_network().save(path)

    @classmethod
    def load(cls, path) -> "NumbaNetwork":
        """Read a network saved by save() on either path; a bad file raises ValueError."""
        return cls.from_network(NeuralNetwork.load(path))
