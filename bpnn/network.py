"""The chapter: a network of any depth that learns by backpropagation, in plain floats and loops.

Notation (Nielsen's, one pattern at a time). Layer l reads the vector a (the previous layer's
outputs y, or the inputs x for the first layer, plus a bias node fixed at 1.0 when the layer
has a bias) through its weight matrix w, one row per input node and the bias row last:

    z_j = Σ_i a_i w_ij                  weighted sums
    y_j = f(z_j)                        outputs, f the layer's activation (bpnn.activations)

Training minimises a loss E(y, t) of the last layer's outputs y and the targets t (bpnn.losses).
Backpropagation is the chain rule, applied from the output layer back to the first:

    δ_k = ∂E/∂z_k                       output deltas, from the loss
    ∂E/∂w_ij = a_i δ_j                  gradients: what each weight did to the error
    δ_i = f'(y_i) Σ_j w_ij δ_j          hidden deltas: the error sent back along the same weights

and an optimizer (bpnn.optimizers) moves each weight against its gradient, averaged over a batch.

Read it top to bottom: the equations come first, as methods that check nothing (forward_pass,
backward_pass, weight_update, train_batch, train_epoch); then the entry points a user calls
(forward, backward, update_weights, back_propagate, train, predict, test), each of which checks
what it is handed, once, and runs the equations, and which stop a run that diverges with the
network as it was before the update that diverged (training_state, restore_training_state);
then model files (bpnn.storage). The file ends on demo(), the classic bpnn.py's XOR run:
`python -m bpnn` runs it.

Every sum is a loop that starts from 0.0 and adds in a fixed order, and only math.exp, tanh,
log and sqrt are used, so that the compiled kernels (bpnn.kernels) can repeat the arithmetic
exactly.
"""
import math
import random

from . import optimizers, storage
from .activations import ACTIVATIONS, softmax
from .losses import LOSSES, epoch_error
from .optimizers import OPTIMIZER_SLOTS
from .randomness import dropout_masks, epoch_order, initial_weights
from .validation import (LARGEST_COUNT, check_architecture, check_epoch_error, check_forward_pass, check_loss,
                         check_patterns, check_training, check_update, check_vector, check_vectors, weight_shapes)

Vector = list[float]
Matrix = list[list[float]]


def zeros(shapes) -> list[Matrix]:
    """One matrix of 0.0 per (rows, columns) shape."""
    return [[[0.0] * columns for _ in range(rows)] for rows, columns in shapes]


def copied(matrices: list[Matrix]) -> list[Matrix]:
    """A copy of a list of matrices (new lists, the same floats)."""
    return [[row[:] for row in matrix] for matrix in matrices]


def copy_into(matrices: list[Matrix], values: list[Matrix]) -> None:
    """Overwrite each row of a list of matrices with the same row of `values`."""
    for matrix, value_matrix in zip(matrices, values):
        for row, value_row in zip(matrix, value_matrix):
            row[:] = value_row


class NeuralNetwork:
    """A fully connected network; `sizes` lists the layer widths, input layer first.

    activation: the hidden layers' activation; output: the output layer's (bpnn.activations);
    loss: half_sse, mse, bce or cross_entropy (default: cross_entropy for a softmax output,
    else half_sse); bias: True, False or one bool per layer; init: "pytorch" or "classic"
    (bpnn.randomness); seed: seeds the network's own random.Random, the source of its initial
    weights, of its shuffles and of its dropout masks.
    """

    def __init__(self, sizes, activation="tanh", output="sigmoid", loss=None, bias=True, init="pytorch", seed=0):
        self.sizes, self.bias, self.loss, seed = check_architecture(sizes, activation, output, loss, bias, init, seed)
        self.activation = activation
        self.output_activation = output
        self.seed = seed
        self.random = random.Random(seed)
        self.weights = initial_weights(self.sizes, self.bias, init, self.random)
        self.gradients = zeros(weight_shapes(self.sizes, self.bias))
        # the optimizer whose memory is kept, how many updates it has made (Adam's t), and that memory
        self.optimizer = None
        self.updates_taken = 0
        self.optimizer_state = {}
        # what the last passes computed, per layer: the forward pass's for backpropagation, and the
        # backward pass's deltas for anyone who wants to look (bpnn trace)
        n_layers = len(self.weights)
        self.layer_inputs = [[] for _ in range(n_layers)]
        self.weighted_sums = [[] for _ in range(n_layers)]
        self.outputs = [[] for _ in range(n_layers)]
        self.deltas = [[] for _ in range(n_layers)]
        self.dropout_masks = None

    @classmethod
    def classic(cls, ni: int, nh: int, no: int, seed: int = 0) -> "NeuralNetwork":
        """Neil Schemenauer's bpnn.py: ni inputs plus a bias node, nh tanh hidden nodes (no bias
        after them), no tanh outputs, its initial weights, and its half-sum-of-squares error.
        Train it with the defaults (online, lr 0.5, momentum 0.1, the classic update rule)."""
        return cls([ni, nh, no], activation="tanh", output="tanh", loss="half_sse",
                   bias=[True, False], init="classic", seed=seed)

    @property
    def layer_activations(self) -> list[str]:
        """Each layer's activation, first hidden layer first, the output layer's last."""
        return [self.activation] * (len(self.sizes) - 2) + [self.output_activation]

    # ================================================================ the equations
    def forward_pass(self, inputs: Vector, masks=None) -> Vector:
        """Compute every layer's z and y for one pattern, keeping them for the backward pass;
        returns the output layer's y.

        masks: while training with dropout, one list per hidden layer (bpnn.randomness.dropout_masks);
        None otherwise.
        """
        self.dropout_masks = masks
        last = len(self.weights) - 1
        layer_input = inputs
        for l, weights in enumerate(self.weights):
            if self.bias[l]:
                layer_input = layer_input + [1.0]
            self.layer_inputs[l] = layer_input
            # weighted sums: z_j = Σ_i a_i w_ij
            weighted_sums = []
            for j in range(self.sizes[l + 1]):
                total = 0.0
                for i in range(len(layer_input)):
                    total = total + layer_input[i] * weights[i][j]
                weighted_sums.append(total)
            # outputs: y_j = f(z_j), or for a softmax layer y = softmax(z)
            name = self.layer_activations[l]
            if name == "softmax":
                outputs = softmax(weighted_sums)
            else:
                function = ACTIVATIONS[name].function
                outputs = [function(z) for z in weighted_sums]
            self.weighted_sums[l] = weighted_sums
            self.outputs[l] = outputs
            # dropout (inverted): the next layer reads y_j · mask_j, where mask_j = 1 / (1 - rate) for a
            # kept node and 0 for a dropped one; the scaling keeps the layer's expected output as in testing
            if masks is not None and l < last:
                layer_input = [y * mask for y, mask in zip(outputs, masks[l])]
            else:
                layer_input = outputs
        return list(self.outputs[last])

    def backward_pass(self, targets: Vector) -> float:
        """Backpropagate one pattern after its forward pass: keep each layer's deltas in
        self.deltas, add the pattern's gradients a_i δ_j to the batch's sums in self.gradients
        (the weights do not move yet), and return the pattern's loss E(y, t)."""
        loss = LOSSES[self.loss]
        last = len(self.weights) - 1
        # output deltas: δ_k = ∂E/∂z_k (bpnn.losses; softmax has no per-node derivative, and its loss needs none)
        derivative = None if self.output_activation == "softmax" else ACTIVATIONS[self.output_activation].derivative
        self.deltas[last] = loss.deltas(self.outputs[last], targets, derivative)
        for l in range(last, -1, -1):
            layer_input, deltas, gradients = self.layer_inputs[l], self.deltas[l], self.gradients[l]
            # gradients: ∂E/∂w_ij = a_i δ_j, added to the batch's sums
            for i in range(len(layer_input)):
                for j in range(len(deltas)):
                    gradients[i][j] = gradients[i][j] + layer_input[i] * deltas[j]
            if l == 0:
                break
            # hidden deltas: δ_i = f'(y_i) Σ_j w_ij δ_j (the bias row sends nothing back); with dropout, node i's
            # output reached the next layer as y_i · mask_i, so its error comes back through the same mask_i
            weights, hidden_outputs = self.weights[l], self.outputs[l - 1]
            derivative = ACTIVATIONS[self.activation].derivative
            hidden_deltas = []
            for i in range(self.sizes[l]):
                error = 0.0
                for j in range(len(deltas)):
                    error = error + deltas[j] * weights[i][j]
                if self.dropout_masks is not None:
                    error = error * self.dropout_masks[l - 1][i]
                hidden_deltas.append(derivative(hidden_outputs[i]) * error)
            self.deltas[l - 1] = hidden_deltas
        # the pattern's loss E(y, t)
        return loss.value(self.weighted_sums[last], self.outputs[last], targets)

    def weight_update(self, lr: float, momentum: float, optimizer: str, batch_size: int) -> None:
        """Average the batch's gradient sums, let the optimizer move every weight, and clear the
        sums for the next batch. A new optimizer starts with no memory."""
        if self.optimizer != optimizer:
            self.optimizer = optimizer
            self.updates_taken = 0
            shapes = weight_shapes(self.sizes, self.bias)
            self.optimizer_state = {slot: zeros(shapes) for slot in OPTIMIZER_SLOTS[optimizer]}
        self.updates_taken = self.updates_taken + 1
        state = self.optimizer_state
        for l, weights in enumerate(self.weights):
            gradients = self.gradients[l]
            # average over the batch: g_ij = (Σ_batch a_i δ_j) / batch_size
            for row in gradients:
                for j in range(len(row)):
                    row[j] = row[j] / batch_size
            # the optimizer's step (bpnn.optimizers)
            if optimizer == "classic":
                optimizers.classic(weights, gradients, state["previous_change"][l], lr, momentum)
            elif optimizer == "sgd":
                optimizers.sgd(weights, gradients, state["velocity"][l], lr, momentum)
            else:
                optimizers.adam(weights, gradients, state["first_moment"][l], state["second_moment"][l],
                                lr, self.updates_taken)
        self.clear_gradients()

    def clear_gradients(self) -> None:
        """Start the next batch's gradient sums from 0.0."""
        for matrix in self.gradients:
            for row in matrix:
                for j in range(len(row)):
                    row[j] = 0.0

    def train_batch(self, patterns, batch: list[int], total: float, lr: float, momentum: float, optimizer: str,
                    dropout: float) -> float:
        """One batch: the forward and backward pass of each pattern numbered in `batch`, then one
        weight update. Returns `total` plus the patterns' losses, added one by one."""
        for p in batch:
            inputs, targets = patterns[p]
            masks = dropout_masks(self.random, self.sizes[1:-1], dropout) if dropout > 0.0 else None
            self.forward_pass(inputs, masks)
            total = total + self.backward_pass(targets)
        self.weight_update(lr, momentum, optimizer, len(batch))
        return total

    def train_epoch(self, patterns, lr: float, momentum: float, batch_size: int, shuffle: bool, optimizer: str,
                    dropout: float) -> float:
        """One epoch, a pass over all the patterns: in batches of batch_size (in order, or
        shuffled), each batch by train_batch. Returns the total of the patterns' losses, each
        measured before its batch's update."""
        order = epoch_order(self.random, len(patterns), shuffle)
        total = 0.0
        for start in range(0, len(order), batch_size):
            total = self.train_batch(patterns, order[start:start + batch_size], total, lr, momentum, optimizer, dropout)
        return total

    # ================================================================ entry points: checked, then the equations
    def forward(self, inputs) -> Vector:
        """The outputs for one input vector (the classic calls this update)."""
        return self.forward_pass(check_vector(inputs, self.sizes[0], "inputs"))

    def backward(self, targets) -> float:
        """backward_pass after forward(inputs): the pattern's deltas and gradients; returns its loss.
        A loss too large for a float raises FloatingPointError (the gradients are added first)."""
        check_forward_pass(len(self.outputs[-1]) > 0)
        targets = check_vector(targets, self.sizes[-1], "targets")
        try:
            return self.backward_pass(targets)
        except OverflowError:  # CPython's ** raises where the compiled path gives inf
            check_loss(False)

    def update_weights(self, lr: float, momentum: float, optimizer: str, batch_size: int) -> None:
        """weight_update, after backward() of a batch of batch_size patterns. An update that would
        make a weight or the optimizer's state NaN or infinite is undone (the network keeps its
        weights and optimizer state, the gradient sums are cleared) and raises FloatingPointError."""
        lr, momentum, batch_size, _ = check_training(1, lr, momentum, batch_size, optimizer, 0.0,
                                                     largest_batch=LARGEST_COUNT)
        before = self.training_state()
        self.weight_update(lr, momentum, optimizer, batch_size)
        if not self.holds_finite_numbers():
            self.restore_training_state(before)
            check_update(False)

    def back_propagate(self, targets, lr: float = 0.5, momentum: float = 0.1, optimizer: str = "classic") -> float:
        """The classic's online step after forward(inputs): backpropagate one pattern and update
        the weights at once; returns the pattern's loss (the classic's backPropagate)."""
        check_training(1, lr, momentum, 1, optimizer, 0.0)
        error = self.backward(targets)
        self.update_weights(lr, momentum, optimizer, 1)
        return error

    def train(self, patterns, epochs: int = 1000, lr: float = 0.5, momentum: float = 0.1, batch_size: int = 1,
              shuffle: bool = False, optimizer: str = "classic", dropout: float = 0.0, callback=None) -> list[float]:
        """Train on [inputs, targets] pairs for `epochs` epochs; returns the error of each epoch
        (bpnn.losses says how it is reduced), measured while the epoch trains, as the classic does.

        batch_size 1 is online learning (the classic), len(patterns) (or more) full-batch gradient
        descent, anything between mini-batch. `callback(epoch, error)` is called after each epoch.

        Training that diverges stops with FloatingPointError naming the epoch, and leaves a network
        that can still be used and saved:
        - a weight update that would make any weight or entry of the optimizer's state NaN or
          infinite is undone: the network keeps its weights, optimizer and optimizer state from
          before that update (its gradient sums are cleared), and training stops there;
        - an epoch whose error is NaN or infinite with every weight finite stops training at its
          end, or right after the pattern whose loss is too large for a float.
        """
        lr, momentum, batch_size, dropout = check_training(epochs, lr, momentum, batch_size, optimizer, dropout)
        patterns = check_patterns(patterns, self.sizes[0], self.sizes[-1])
        batch_size = min(batch_size, len(patterns))  # a batch larger than the data set is all of it
        settings = (lr, momentum, batch_size, shuffle, optimizer, dropout)
        errors = []
        for epoch in range(1, epochs + 1):
            before = self.training_state(with_random=shuffle or dropout > 0.0)  # (only if the epoch draws)
            total = self.run_epoch(patterns, *settings)
            if not self.holds_finite_numbers():  # an update of this epoch diverged: find it, and undo it
                self.restore_training_state(before, keep_gradients=True)
                total = self.run_epoch(patterns, *settings, checked_epoch=epoch)
            errors.append(check_epoch_error(epoch, epoch_error(self.loss, total, len(patterns))))
            if callback is not None:
                callback(epoch, errors[-1])
        return errors

    def run_epoch(self, patterns, lr: float, momentum: float, batch_size: int, shuffle: bool, optimizer: str,
                  dropout: float, checked_epoch: int | None = None) -> float:
        """train_epoch as train runs it: its total is inf if a pattern's loss overflows (CPython's **
        raises OverflowError where the compiled path gives inf: the same divergence), and the epoch
        stops at that pattern. With checked_epoch, the epoch runs batch by batch (train runs it so
        again from its start when it diverged), and the first update that makes a weight or the
        optimizer's state NaN or infinite is undone and raises FloatingPointError."""
        try:
            if checked_epoch is None:
                return self.train_epoch(patterns, lr, momentum, batch_size, shuffle, optimizer, dropout)
            order = epoch_order(self.random, len(patterns), shuffle)
            total = 0.0
            # train_epoch's batches, each update checked, and undone if it made a number NaN or infinite
            for start in range(0, len(order), batch_size):
                before = self.training_state()
                total = self.train_batch(patterns, order[start:start + batch_size], total, lr, momentum, optimizer,
                                         dropout)
                if not self.holds_finite_numbers():
                    self.restore_training_state(before)
                    check_update(False, checked_epoch)
            return total
        except OverflowError:
            self.clear_gradients()  # the abandoned batch's sums must not reach a later update
            return math.inf

    def predict(self, inputs_list) -> list[Vector]:
        """The outputs for each input vector in a list."""
        return [self.forward_pass(inputs) for inputs in check_vectors(inputs_list, self.sizes[0], "inputs")]

    def test(self, patterns) -> tuple[float, list[Vector]]:
        """(error over the patterns, reduced as in training; the outputs for each pattern).
        A pattern's loss too large for a float raises FloatingPointError naming the pattern."""
        patterns = check_patterns(patterns, self.sizes[0], self.sizes[-1])
        loss = LOSSES[self.loss]
        total = 0.0
        outputs = []
        for p, (inputs, targets) in enumerate(patterns):
            y = self.forward_pass(inputs)
            try:
                total = total + loss.value(self.weighted_sums[-1], y, targets)
            except OverflowError:  # CPython's ** raises where the compiled path gives inf
                check_loss(False, p)
            outputs.append(y)
        return epoch_error(self.loss, total, len(patterns)), outputs

    # ---------------------------------------------------------------- what a diverged update must not change
    def training_state(self, with_random: bool = False) -> tuple:
        """A copy of what a weight update changes: the weights, the gradient sums, the optimizer,
        its count of updates and its state; with_random, the random generator's state too."""
        return (copied(self.weights), copied(self.gradients), self.optimizer, self.updates_taken,
                {slot: copied(matrices) for slot, matrices in self.optimizer_state.items()},
                self.random.getstate() if with_random else None)

    def restore_training_state(self, state: tuple, keep_gradients: bool = False) -> None:
        """Go back to a training_state(): the gradient sums are cleared unless keep_gradients,
        and the random generator goes back too if its state was taken."""
        weights, gradients, self.optimizer, self.updates_taken, optimizer_state, random_state = state
        copy_into(self.weights, weights)  # in place: whoever holds a matrix of this network keeps it
        self.optimizer_state = {slot: copied(matrices) for slot, matrices in optimizer_state.items()}
        if keep_gradients:
            copy_into(self.gradients, gradients)
        else:
            self.clear_gradients()
        if random_state is not None:
            self.random.setstate(random_state)

    def holds_finite_numbers(self) -> bool:
        """Whether every weight and every entry of the optimizer's state is finite."""
        for matrices in [self.weights, *self.optimizer_state.values()]:
            for matrix in matrices:
                for row in matrix:
                    if not all(map(math.isfinite, row)):
                        return False
        return True

    # ================================================================ model files (bpnn.storage)
    def to_dict(self) -> dict:
        """Everything that defines the network and its training state, as JSON-ready data."""
        return storage.network_document(self)

    @classmethod
    def from_dict(cls, document: dict) -> "NeuralNetwork":
        """The network described by `document` (as to_dict makes it); every field is checked."""
        return storage.network_from_document(cls, document)

    def save(self, path) -> None:
        """Write the network to a JSON file, atomically."""
        storage.save(self, path)

    @classmethod
    def load(cls, path) -> "NeuralNetwork":
        """Read a network saved by save() (on either path); a bad file raises ValueError."""
        return storage.load(cls, path)


def demo():
    """The classic bpnn.py's demo: teach a 2-2-1 network XOR, printing the error every 100
    epochs, then its output for each pattern. The same numbers as the classic program's."""
    patterns = [
        [[0, 0], [0]],
        [[0, 1], [1]],
        [[1, 0], [1]],
        [[1, 1], [0]],
    ]
    # a network with two inputs, two hidden nodes and one output, the classic's way
    network = NeuralNetwork.classic(2, 2, 1)
    # train it on the patterns (lr 0.5, momentum 0.1, 1000 epochs, one pattern at a time)
    network.train(patterns, callback=lambda epoch, error: print(f"error {error:<.5f}") if epoch % 100 == 1 else None)
    # test it
    for inputs, _ in patterns:
        print(inputs, "->", network.forward(inputs))


if __name__ == "__main__":
    demo()
