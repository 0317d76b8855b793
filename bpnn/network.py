"""A multi-layer network trained by backpropagation, in plain Python floats and explicit loops.

Notation (Nielsen-style, one pattern at a time). Layer l reads the vector a^l (the previous
layer's outputs, plus a bias node fixed at 1.0 when the layer has a bias) and computes

    z_j = Σ_i a_i w_ij                  weighted sums (the bias row of w is the last row)
    y_j = f(z_j)                        outputs, f the layer's activation

Training minimises a loss E(y, t). Backpropagation is the chain rule, applied from the output
layer back to the first:

    δ_k = ∂E/∂z_k = f'(y_k) ∂E/∂y_k     output deltas (bpnn.losses)
    ∂E/∂w_ij = a_i δ_j                  gradients: what each weight did to the error
    δ_i = f'(y_i) Σ_j w_ij δ_j          hidden deltas: the error sent back along the same weights

and an optimizer (bpnn.optimizers) moves each weight against its gradient, averaged over a batch.

Every sum is a loop that starts from 0.0 and adds in a fixed order, and only math.exp, tanh, log
and sqrt are used, so that the compiled kernels (bpnn.kernels) can repeat the arithmetic exactly.
"""
import math
import random

from . import optimizers
from .activations import ACTIVATIONS, softmax
from .losses import LOSSES, epoch_error
from .optimizers import OPTIMIZER_SLOTS
from .randomness import dropout_masks, epoch_order, initial_weights
from .storage import FORMAT, VERSION, check_model, read_model, weight_shapes, write_json_atomically
from .validation import (check_architecture, check_choice, check_epoch_error, check_forward_pass, check_patterns,
                         check_training, check_vector)

Vector = list[float]
Matrix = list[list[float]]


def zeros(shapes) -> list[Matrix]:
    return [[[0.0] * columns for _ in range(rows)] for rows, columns in shapes]


class NeuralNetwork:
    """A fully connected network of any depth; `sizes` lists the widths, input layer first.

    activation: the hidden layers' activation; output: the output layer's (bpnn.activations);
    loss: half_sse, mse, bce or cross_entropy (default: cross_entropy for a softmax output,
    else half_sse); bias: True, False or one bool per layer; init: "pytorch" or "classic"
    (bpnn.randomness); seed: seeds the network's own random.Random, the source of its initial
    weights, of its shuffles and of its dropout masks.
    """

    def __init__(self, sizes, activation="tanh", output="sigmoid", loss=None, bias=True, init="pytorch", seed=0):
        self.sizes, self.bias, self.loss = check_architecture(sizes, activation, output, loss, bias, init, seed)
        self.activation = activation
        self.output = output
        self.seed = seed
        self.random = random.Random(seed)
        self.weights = initial_weights(self.sizes, self.bias, init, self.random)
        self.gradients = zeros(weight_shapes(self.sizes, self.bias))
        # the optimizer whose memory is kept, its number of steps taken, and that memory
        self.optimizer = None
        self.step = 0
        self.optimizer_state = {}
        # what the last forward pass computed, per layer, for the backward pass
        n_layers = len(self.weights)
        self.layer_inputs = [[] for _ in range(n_layers)]
        self.weighted_sums = [[] for _ in range(n_layers)]
        self.outputs = [[] for _ in range(n_layers)]
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
        return [self.activation] * (len(self.sizes) - 2) + [self.output]

    # ---------------------------------------------------------------- forward pass
    def forward(self, inputs) -> Vector:
        """The outputs for one input vector (the classic calls this update)."""
        return self._forward(check_vector(inputs, self.sizes[0], "inputs"), None)

    def _forward(self, inputs: Vector, masks) -> Vector:
        self.dropout_masks = masks
        layer_input = inputs
        names = self.layer_activations
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
            # outputs: y_j = f(z_j)
            name = names[l]
            if name == "softmax":
                outputs = softmax(weighted_sums)
            else:
                activate = ACTIVATIONS[name][0]
                outputs = [activate(z) for z in weighted_sums]
            self.weighted_sums[l] = weighted_sums
            self.outputs[l] = outputs
            # dropout while training, hidden layers only: the next layer reads y_j · mask_j
            if masks is not None and l < len(self.weights) - 1:
                layer_input = [y * keep for y, keep in zip(outputs, masks[l])]
            else:
                layer_input = outputs
        return list(self.outputs[-1])

    # ---------------------------------------------------------------- backward pass
    def backward(self, targets: Vector) -> float:
        """Backpropagate one pattern after its forward pass: add its gradients a_i δ_j to the
        batch's sums in self.gradients (the weights do not move yet); returns the pattern's loss."""
        check_forward_pass(len(self.outputs[-1]) > 0)
        loss = LOSSES[self.loss]
        last = len(self.weights) - 1
        # output deltas: δ_k = ∂E/∂z_k (softmax has no per-node derivative: its loss's shortcut needs none)
        output_derivative = None if self.output == "softmax" else ACTIVATIONS[self.output][1]
        deltas = loss.deltas(self.outputs[last], targets, output_derivative)
        for l in range(last, -1, -1):
            layer_input = self.layer_inputs[l]
            gradients = self.gradients[l]
            # gradients: ∂E/∂w_ij = a_i δ_j, added to the batch's sum
            for i in range(len(layer_input)):
                for j in range(len(deltas)):
                    gradients[i][j] = gradients[i][j] + layer_input[i] * deltas[j]
            if l == 0:
                break
            # hidden deltas: δ_i = f'(y_i) Σ_j w_ij δ_j, through dropout's mask if there was one
            weights = self.weights[l]
            derivative = ACTIVATIONS[self.activation][1]
            hidden_deltas = []
            for i in range(self.sizes[l]):
                error = 0.0
                for j in range(len(deltas)):
                    error = error + deltas[j] * weights[i][j]
                if self.dropout_masks is not None:
                    error = error * self.dropout_masks[l - 1][i]
                hidden_deltas.append(derivative(self.outputs[l - 1][i]) * error)
            deltas = hidden_deltas
        return loss.value(self.weighted_sums[last], self.outputs[last], targets)

    # ---------------------------------------------------------------- weight update
    def update_weights(self, lr: float, momentum: float, optimizer: str, batch_size: int) -> None:
        """Average the summed gradients over the batch, let the optimizer move the weights, and
        clear the sums for the next batch."""
        check_choice(optimizer, tuple(OPTIMIZER_SLOTS), "optimizer")
        if self.optimizer != optimizer:
            self.optimizer = optimizer
            self.step = 0
            shapes = weight_shapes(self.sizes, self.bias)
            self.optimizer_state = {slot: zeros(shapes) for slot in OPTIMIZER_SLOTS[optimizer]}
        self.step = self.step + 1
        for l, weights in enumerate(self.weights):
            gradients = self.gradients[l]
            # average over the batch: g_ij = (Σ_batch a_i δ_j) / batch_size
            for row in gradients:
                for j in range(len(row)):
                    row[j] = row[j] / batch_size
            state = self.optimizer_state
            if optimizer == "classic":
                optimizers.classic(weights, gradients, state["previous_change"][l], lr, momentum)
            elif optimizer == "sgd":
                optimizers.sgd(weights, gradients, state["velocity"][l], lr, momentum)
            else:
                optimizers.adam(weights, gradients, state["first_moment"][l], state["second_moment"][l],
                                lr, self.step)
        self.clear_gradients()

    def clear_gradients(self) -> None:
        """Start the next batch's gradient sums from 0.0."""
        for matrix in self.gradients:
            for row in matrix:
                for j in range(len(row)):
                    row[j] = 0.0

    def back_propagate(self, targets, lr: float = 0.5, momentum: float = 0.1, optimizer: str = "classic") -> float:
        """The classic's online step after forward(inputs): backpropagate one pattern and update
        the weights at once; returns the pattern's loss (the classic's backPropagate)."""
        lr, momentum, _ = check_training(1, lr, momentum, 1, optimizer, 0.0)
        error = self.backward(check_vector(targets, self.sizes[-1], "targets"))
        self.update_weights(lr, momentum, optimizer, 1)
        return error

    # ---------------------------------------------------------------- training
    def train(self, patterns, epochs: int = 1000, lr: float = 0.5, momentum: float = 0.1, batch_size: int = 1,
              shuffle: bool = False, optimizer: str = "classic", dropout: float = 0.0, callback=None) -> list[float]:
        """Train on [inputs, targets] pairs; returns the error of each epoch (bpnn.losses says how
        it is reduced), measured while the epoch trains, as the classic does.

        batch_size 1 is online learning (the classic), len(patterns) full-batch gradient descent,
        anything between mini-batch. `callback(epoch, error)` is called after each epoch.
        Raises FloatingPointError, naming the epoch, if the error becomes NaN or infinite.
        """
        lr, momentum, dropout = check_training(epochs, lr, momentum, batch_size, optimizer, dropout)
        patterns = check_patterns(patterns, self.sizes[0], self.sizes[-1])
        errors = []
        for epoch in range(1, epochs + 1):
            order = epoch_order(self.random, len(patterns), shuffle)
            total = 0.0
            try:
                for start in range(0, len(order), batch_size):
                    batch = order[start:start + batch_size]
                    for p in batch:
                        inputs, targets = patterns[p]
                        masks = dropout_masks(self.random, self.sizes[1:-1], dropout) if dropout > 0.0 else None
                        self._forward(inputs, masks)
                        total = total + self.backward(targets)
                    self.update_weights(lr, momentum, optimizer, len(batch))
            except OverflowError:  # Python's ** raises where the compiled path would give inf
                self.clear_gradients()  # the abandoned batch's sums must not reach a later update
                total = math.inf
            error = check_epoch_error(epoch, epoch_error(self.loss, total, len(patterns)))
            errors.append(error)
            if callback is not None:
                callback(epoch, error)
        return errors

    def predict(self, inputs_list) -> list[Vector]:
        """The outputs for each input vector in a list."""
        return [self.forward(inputs) for inputs in inputs_list]

    def test(self, patterns) -> tuple[float, list[Vector]]:
        """(error over the patterns, reduced as in training; the outputs for each pattern)."""
        patterns = check_patterns(patterns, self.sizes[0], self.sizes[-1])
        loss = LOSSES[self.loss]
        total = 0.0
        outputs = []
        for inputs, targets in patterns:
            y = self._forward(inputs, None)
            total = total + loss.value(self.weighted_sums[-1], y, targets)
            outputs.append(y)
        return epoch_error(self.loss, total, len(patterns)), outputs

    # ---------------------------------------------------------------- model files
    def to_dict(self) -> dict:
        """Everything that defines the network and its training state, as JSON-ready data."""
        version, words, gauss_next = self.random.getstate()
        return {
            "format": FORMAT, "version": VERSION,
            "sizes": self.sizes, "activation": self.activation, "output": self.output,
            "loss": self.loss, "bias": self.bias, "seed": self.seed,
            "weights": self.weights,
            "optimizer": None if self.optimizer is None else
            {"name": self.optimizer, "step": self.step, "state": self.optimizer_state},
            "random_state": [version, list(words), gauss_next],
        }

    @classmethod
    def from_dict(cls, document: dict) -> "NeuralNetwork":
        """The network described by `document` (as to_dict makes it); every field is checked."""
        return cls._from_model(check_model(document))

    @classmethod
    def _from_model(cls, model: dict) -> "NeuralNetwork":
        network = cls(model["sizes"], model["activation"], model["output"], model["loss"], model["bias"],
                      seed=model["seed"])
        network.weights = model["weights"]
        if model["optimizer"] is not None:
            network.optimizer = model["optimizer"]["name"]
            network.step = model["optimizer"]["step"]
            network.optimizer_state = model["optimizer"]["state"]
        version, words, gauss_next = model["random_state"]
        try:
            network.random.setstate((version, tuple(words), gauss_next))
        except (TypeError, ValueError, OverflowError) as error:
            raise ValueError(f"random_state is not a random.Random state: {error}") from None
        return network

    def save(self, path) -> None:
        """Write the network to a JSON file, atomically."""
        write_json_atomically(path, self.to_dict())

    @classmethod
    def load(cls, path) -> "NeuralNetwork":
        """Read a network saved by save() (on either path); a bad file raises ValueError."""
        model = read_model(path)
        try:
            return cls._from_model(model)
        except ValueError as error:
            raise ValueError(f"{path}: not a valid bpnn model file: {error}") from None
