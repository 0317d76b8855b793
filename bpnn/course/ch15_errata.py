"""Chapter 15: the tutorials' bugs (the errata), each run as written beside its correction.

A learner who copies the tutorials' code meets their bugs with no help; here each is run, or
computed, both ways. Where another chapter already computes an erratum, this one calls it:

    tutorial 1  the deep sigmoid net does not fail on XOR: it sits on a plateau and leaves it
                (chapter 9's vanish, run longer); the accuracy it prints at ln 2 is rounding
                noise (chapter 2's one unit on XOR answers 1/2 to within 1e-16)
    tutorial 2  its hand-written backpropagation: uninitialised weights, d_B2 for d_b2, no
                learning_rate, the batch sum for the weights but the mean for the biases, and the
                output gradient's sign flipped, which turns descent into ascent (run here:
                tutorial_2_backprop follows its lines)
    tutorial 3  its evaluation loop trains on each test image, divides the hits by 4999, and its
                hidden layers sit in a plain list that is never trained (run here on the 8x8
                digits as a stand-in for MNIST: tutorial_3_evaluation)
    tutorial 4  its momentum update subtracts the learning-rate term (chapter 11's
                sign_flipped_momentum); its comment gives tanh's derivative as y (1 - y)
    tutorial 5  its sigmoid XOR table (chapter 3's wired) and its cross-entropy total (chapter 5's
                worked_example)

Every function returns a dataclass of numbers; bpnn errata prints them with the explanations.
"""
import random
from collections.abc import Callable
from dataclasses import dataclass

from bpnn.activations import sigmoid, sigmoid_derivative
from bpnn.losses import bce
from bpnn.network import NeuralNetwork
from bpnn.randomness import initial_weights
from bpnn.validation import check_choice, check_count

from . import ch02_gates, ch03_wired, ch04_activations, ch05_losses, ch09_vanish, ch11_optimizers
from .ch03_wired import Matrix, matrix_product, plus_bias
from .truth_tables import XOR_PATTERNS
from .tutorials import TUTORIAL_RUNS

TUTORIALS = (1, 2, 3, 4, 5)
# each tutorial's bugs, by the names the results and the command use
BUGS = {
    1: ("plateau", "rounding_noise"),
    2: ("uninitialised_weights", "misspelt_d_B2", "undefined_learning_rate", "sum_and_mean", "flipped_sign"),
    3: ("trains_on_test_images", "divides_by_4999", "unregistered_layers", "one_hidden_layer_said"),
    4: ("flipped_momentum", "tanh_derivative_comment"),
    5: ("sigmoid_xor_table", "cross_entropy_total", "one_hot_on_binary_labels"),
}


def check_tutorial(tutorial: int) -> int:
    if tutorial not in TUTORIALS:
        raise ValueError(f"there is no tutorial {tutorial}; the tutorials are 1 to 5")
    return tutorial


# ================================================================ tutorial 1: a plateau, not a failure
TUTORIAL_1_STOP = 1000          # the epochs tutorial 1 ran before it called the deep sigmoid net a failure
TUTORIAL_1_EPOCHS = 5000        # enough to see the plateau end (at epoch 2819 at seed 0)


@dataclass
class Plateau:
    sizes: list[int]
    epochs: int
    stopped_at: int               # where the tutorial stopped: 1000 epochs
    printed_loss: float           # its loss there, 0.693046, and its accuracy, 75%
    printed_accuracy: float
    loss_at_stop: float           # ours after as many updates
    outputs_at_stop: list[float]  # our net's four outputs then, for 00, 01, 10, 11
    accuracy_at_stop: float       # the fraction of them on the right side of 1/2
    farthest_from_half: float     # max |y - 1/2| over the four: how far from answering 1/2 everywhere
    left_plateau: int | None      # the first epoch whose loss is below ch09_vanish.PLATEAU_EXIT
    final_loss: float             # after all the epochs
    final_outputs: list[float]
    errors: list[float]           # each epoch's loss (chapter 9's, measured while it trained)
    plateau_exit: float = ch09_vanish.PLATEAU_EXIT


@dataclass
class RoundingNoise:
    """Tutorial 1's one unit on XOR (chapter 2): at ln 2 every output is 1/2 give or take rounding."""
    loss: float
    outputs_minus_half: list[float]  # y - 1/2 for 00, 01, 10, 11
    accuracy: float                  # ours: which side of 1/2 the rounding fell on
    printed_accuracy: dict           # the tutorial's, {updates: accuracy} (bpnn.course.tutorials)


@dataclass
class Tutorial1:
    plateau: Plateau
    rounding_noise: RoundingNoise


def tutorial_1(epochs: int = TUTORIAL_1_EPOCHS, seed: int = 0, backend: str = "python",
               callback: Callable[[int, float], None] | None = None) -> Tutorial1:
    """Chapter 9's deep sigmoid net (tutorial 1's setting) trained past the tutorial's 1000 epochs,
    its outputs read where the tutorial stopped; and chapter 2's one unit on XOR, whose outputs are
    1/2 to rounding. callback(epoch, error) after each epoch of the deep net."""
    check_count(epochs, "epochs")
    held = {}
    at_stop = {}

    def hold(network) -> None:
        held["network"] = network

    def after_epoch(epoch: int, error: float) -> None:
        if epoch == TUTORIAL_1_STOP:
            at_stop["loss"], at_stop["outputs"] = held["network"].test(XOR_PATTERNS)
        if callback is not None:
            callback(epoch, error)
    (run,) = ch09_vanish.vanish(("sigmoid",), ch09_vanish.SIZES, epochs, 1.0, seed, backend, callback=after_epoch,
                                before_training=hold).runs
    printed = TUTORIAL_RUNS[("vanish", 1, None)].printed
    if at_stop:
        outputs = [float(output[0]) for output in at_stop["outputs"]]
        loss_at_stop = float(at_stop["loss"])
    else:  # fewer epochs than the tutorial's: read the outputs at the end
        loss_at_stop = run.loss
        outputs = [float(run.network.forward(inputs)[0]) for inputs, _ in XOR_PATTERNS]
    final_outputs = [float(run.network.forward(inputs)[0]) for inputs, _ in XOR_PATTERNS]
    plateau = Plateau(list(ch09_vanish.SIZES), epochs, min(TUTORIAL_1_STOP, epochs), printed["loss"][TUTORIAL_1_STOP],
                      printed["accuracy"][TUTORIAL_1_STOP], loss_at_stop, outputs, accuracy(outputs),
                      farthest_from_half(outputs), run.left_plateau, run.loss, final_outputs, run.errors)
    gate = ch02_gates.gate("xor", seed=seed, backend=backend)
    noise = RoundingNoise(gate.loss, [row.output - 0.5 for row in gate.table], gate.accuracy,
                          TUTORIAL_RUNS[("gate", 1, "xor")].printed["accuracy"])
    return Tutorial1(plateau, noise)


def accuracy(outputs: list[float]) -> float:
    """The fraction of XOR's four outputs on the right side of 1/2 (1/2 itself counts as 1)."""
    right = 0
    # count the patterns whose output is on their target's side of 1/2
    for output, (_, (target,)) in zip(outputs, XOR_PATTERNS):
        right = right + ((output >= 0.5) == (target >= 0.5))
    return right / len(outputs)


def farthest_from_half(outputs: list[float]) -> float:
    farthest = 0.0
    # max_p |y_p - 1/2|
    for output in outputs:
        farthest = max(farthest, abs(output - 0.5))
    return farthest


# ================================================================ tutorial 2: its hand-written backpropagation
TUTORIAL_2_STEPS = 10001        # for step in range(10001)
TUTORIAL_2_EVERY = 100          # if step % 100 == 0: print(step, cost.item())
TUTORIAL_2_LR = 1.0             # learning_rate, which the code never defines: tutorial 2's other runs use lr 1
TUTORIAL_2_SEED = 1             # the seed of bpnn xor --tutorial 2 (bpnn.course.tutorials)
TUTORIAL_2_EPSILON = 1e-7       # the + 1e-7 in d_Y_pred's denominator
X = [[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]]   # tutorial 2's X and Y, the four patterns as rows
Y = [[0.0], [1.0], [1.0], [0.0]]


def transpose(matrix: Matrix) -> Matrix:
    """torch.transpose(m, 0, 1): row i of the result is column i of m."""
    return [[row[j] for row in matrix] for j in range(len(matrix[0]))]


def column(matrix: Matrix) -> list[float]:
    """The one column of an n x 1 matrix, as a list."""
    return [row[0] for row in matrix]


def elementwise(function, *matrices: Matrix) -> Matrix:
    """function applied entry by entry, as torch applies *, / and its functions to tensors."""
    return [[function(*entries) for entries in zip(*rows)] for rows in zip(*matrices)]


def column_means(matrix: Matrix) -> list[float]:
    """torch.mean(m, 0): each column's entries added from 0.0, top to bottom, then divided by the rows."""
    means = []
    # mean_j = (Σ_p m_pj) / n
    for j in range(len(matrix[0])):
        total = 0.0
        for row in matrix:
            total = total + row[j]
        means.append(total / len(matrix))
    return means


def tutorial_2_weights(seed: int = TUTORIAL_2_SEED) -> tuple[Matrix, list[float], Matrix, list[float]]:
    """w1 (2x2), b1, w2 (2x1), b2 in place of its uninitialised torch.Tensor(2, 2) and the rest:
    PyTorch's nn.Linear default, U(-1/√fan_in, 1/√fan_in), drawn by random.Random(seed) as every bpnn
    network draws them (bpnn.randomness.initial_weights, bias row last): the initial weights of
    `bpnn xor --tutorial 2 --hidden 2` at the same seed."""
    first, second = initial_weights([2, 2, 1], [True, True], "pytorch", random.Random(seed))
    return first[:2], first[2], second[:2], second[2]


@dataclass
class BackpropRun:
    sign: str                     # "as written", d_Y_pred = (Y - Y_pred) / ...; "corrected", (Y_pred - Y) / ...
    weight_gradient: str          # "sum" (its d_w = a^T d_l, the batch's sum) or "mean" (divided by 4, as its biases)
    initial: str                  # "seed N" (tutorial_2_weights) or "zeros"
    steps: int
    lr: float
    printed: list[list[float]]    # [step, cost] at each step it prints (step % 100 == 0), before that step's update
    first_loss: float
    final_loss: float             # the cost printed last (step 10000: after 10000 updates)
    outputs: list[float]          # Y_pred after the last update, for 00, 01, 10, 11


def tutorial_2_backprop(sign: str = "as written", weight_gradient: str = "sum", seed: int | None = TUTORIAL_2_SEED,
                        steps: int = TUTORIAL_2_STEPS, lr: float = TUTORIAL_2_LR) -> BackpropRun:
    """Tutorial 2's hand-written backpropagation, line by line, in float64 (it ran float32), with
    its other slips fixed so that it runs: initial weights from tutorial_2_weights(seed) (seed None:
    all zeros, one thing its uninitialised tensors may hold), d_b2 where it wrote d_B2, and
    learning_rate = lr. Full batch: the four patterns are the rows of X.

        l1 = X w1 + b1, a1 = σ(l1), l2 = a1 w2 + b2, Y_pred = σ(l2)
        cost = -mean(Y log Y_pred + (1 - Y) log(1 - Y_pred))
        d_Y_pred = (Y - Y_pred) / (Y_pred (1 - Y_pred) + 1e-7)     as written: -∂cost/∂Y_pred (times 4)
                 = (Y_pred - Y) / (Y_pred (1 - Y_pred) + 1e-7)     corrected:  +∂cost/∂Y_pred (times 4)
        d_l2 = d_Y_pred σ'(l2), d_b2 = d_l2, d_w2 = a1ᵀ d_b2
        d_a1 = d_b2 w2ᵀ, d_l1 = d_a1 σ'(l1), d_b1 = d_l1, d_w1 = Xᵀ d_b1
        w ← w - lr d_w (the batch's sum; weight_gradient "mean" divides it by 4), b ← b - lr mean(d_b)

    As written, w - lr d_w with d_w the gradient of -cost is gradient ascent: the cost climbs."""
    check_choice(sign, ("as written", "corrected"), "sign")
    check_choice(weight_gradient, ("sum", "mean"), "weight gradient")
    check_count(steps, "steps")
    if seed is None:
        w1, b1, w2, b2 = [[0.0, 0.0], [0.0, 0.0]], [0.0, 0.0], [[0.0], [0.0]], [0.0]
    else:
        w1, b1, w2, b2 = tutorial_2_weights(seed)
    flipped = sign == "as written"
    weight_scale = 1.0 if weight_gradient == "sum" else 1.0 / len(X)
    printed = []
    # for step in range(10001): one full-batch step each
    for step in range(steps):
        # forward: l1 = X w1 + b1, a1 = σ(l1), l2 = a1 w2 + b2, Y_pred = σ(l2)
        l1 = plus_bias(matrix_product(X, w1), b1)
        a1 = elementwise(sigmoid, l1)
        l2 = plus_bias(matrix_product(a1, w2), b2)
        y_pred = elementwise(sigmoid, l2)
        # cost = -mean(Y log Y_pred + (1 - Y) log(1 - Y_pred)), bpnn.losses.bce (computed from l2: never log(0))
        cost = bce(column(l2), column(y_pred), column(Y))
        # the loss derivative, with its sign as written or corrected
        if flipped:
            d_y_pred = elementwise(lambda t, y: (t - y) / (y * (1.0 - y) + TUTORIAL_2_EPSILON), Y, y_pred)
        else:
            d_y_pred = elementwise(lambda t, y: (y - t) / (y * (1.0 - y) + TUTORIAL_2_EPSILON), Y, y_pred)
        # layer 2: d_l2 = d_Y_pred σ'(l2), d_b2 = d_l2, d_w2 = a1ᵀ d_b2
        d_l2 = elementwise(lambda d, z: d * sigmoid_derivative(sigmoid(z)), d_y_pred, l2)
        d_b2 = d_l2
        d_w2 = matrix_product(transpose(a1), d_b2)
        # layer 1: d_a1 = d_b2 w2ᵀ, d_l1 = d_a1 σ'(l1), d_b1 = d_l1, d_w1 = Xᵀ d_b1
        d_a1 = matrix_product(d_b2, transpose(w2))
        d_l1 = elementwise(lambda d, z: d * sigmoid_derivative(sigmoid(z)), d_a1, l1)
        d_b1 = d_l1
        d_w1 = matrix_product(transpose(X), d_b1)
        # the update: w ← w - lr d_w, b ← b - lr mean(d_b, 0)
        w1 = elementwise(lambda w, d: w - lr * (d * weight_scale), w1, d_w1)
        b1 = [b - lr * d for b, d in zip(b1, column_means(d_b1))]
        w2 = elementwise(lambda w, d: w - lr * (d * weight_scale), w2, d_w2)
        b2 = [b - lr * d for b, d in zip(b2, column_means(d_b2))]
        if step % TUTORIAL_2_EVERY == 0:
            printed.append([step, cost])
    outputs = elementwise(sigmoid, plus_bias(matrix_product(elementwise(sigmoid, plus_bias(matrix_product(X, w1), b1)),
                                                            w2), b2))
    return BackpropRun(sign, weight_gradient, "zeros" if seed is None else f"seed {seed}", steps, lr, printed,
                       printed[0][1], printed[-1][1], [row[0] for row in outputs])


@dataclass
class Tutorial2:
    seed: int
    as_written: BackpropRun       # the sign flipped (its other slips fixed): the cost climbs
    corrected: BackpropRun        # the sign corrected, its sum and mean kept
    mean_gradient: BackpropRun    # corrected, and the weights' gradient the batch's mean as the biases'
    textbook_loss: float          # bpnn's own network from the same weights, trained as tutorial 2's: the same loss
    zeros: BackpropRun            # corrected, from all-zero weights: the two hidden units stay equal


def tutorial_2(seed: int = TUTORIAL_2_SEED, steps: int = TUTORIAL_2_STEPS) -> Tutorial2:
    """Tutorial 2's backpropagation as written and corrected, from the same initial weights; with the
    mean for the weights too it is the gradient of its cost, which bpnn's network follows (with
    binary cross-entropy, SGD lr 1, full batch: the setting of bpnn xor --tutorial 2)."""
    network = NeuralNetwork([2, 2, 1], activation="sigmoid", output="sigmoid", loss="bce", bias=True, seed=seed)
    errors = network.train(XOR_PATTERNS, steps, TUTORIAL_2_LR, 0.0, len(XOR_PATTERNS), optimizer="sgd")
    # errors[k] is the loss before update k + 1, as the tutorial prints its cost before the step's update
    last_printed = (steps - 1) - (steps - 1) % TUTORIAL_2_EVERY
    return Tutorial2(seed, tutorial_2_backprop("as written", "sum", seed, steps),
                     tutorial_2_backprop("corrected", "sum", seed, steps),
                     tutorial_2_backprop("corrected", "mean", seed, steps), errors[last_printed],
                     tutorial_2_backprop("corrected", "sum", None, steps))


# ================================================================ tutorial 3: testing while training
# the tutorial's MNIST run scaled to the 8x8 digits: twice as many hidden units as pixels (1568 = 2 x 784),
# Adam with lr 0.01, one image an update, each training image once (it drew 50000 of 60000)
TUTORIAL_3_LR = 0.01
TUTORIAL_3_HIDDEN_PER_INPUT = 2
TUTORIAL_3_TRAIN = 50000        # the tutorial's training updates, one image each
TUTORIAL_3_TEST = 5000          # the test images its loop counts, range(5000)
TUTORIAL_3_SIZES = (784, 1568, 1568, 10)    # input_layer, the listed hidden layer, output_layer


@dataclass
class TestWhileTraining:
    dataset: str
    sizes: list[int]
    n_train: int
    n_test: int
    lr: float
    seed: int
    plain_hits: int               # the trained network tested as it is: each test image classified, nothing learnt
    plain_percentage: float       # plain_hits / n_test * 100
    loop_hits: int                # the tutorial's loop: each image classified, then trained on (an Adam step)
    loop_percentage: float        # loop_hits / n_test * 100
    printed_percentage: float     # the tutorial's end / epoch * 100: the loop's hits / (n_test - 1) * 100
    after_hits: int               # the network the loop leaves, tested plainly on the images it trained on
    after_percentage: float


def tutorial_3_evaluation(data, n_train: int | None = None, n_test: int | None = None, seed: int = 0,
                          backend: str = "python", callback: Callable[[], None] | None = None) -> TestWhileTraining:
    """Train a network as tutorial 3 trains its MNIST net (sizes [pixels, 2 x pixels, 10], ReLU,
    softmax and cross-entropy, Adam lr 0.01, one image an update, the first n_train training images
    once each in a shuffled order), then test it two ways on the first n_test test images: plainly,
    and as the tutorial's loop does, classifying each image from the output it computes before the
    optimizer step it then takes on that image (Adam going on where training stopped); the network
    the loop leaves is then tested plainly. `data` is a bpnn.course.datasets.Dataset;
    callback() after each training epoch and each test image."""
    from . import ch14_digits   # the data sets are numpy arrays: imported only when one is used
    train, test = data.train.first(n_train), data.test.first(n_test)
    if len(test) < 2:
        raise ValueError(f"tutorial 3's loop divides its hits by the number of test images less one: it needs at "
                         f"least 2 test images, got {len(test)}")
    settings = ch14_digits.Settings(hidden=(TUTORIAL_3_HIDDEN_PER_INPUT * data.n_inputs,), epochs=1, batch_size=1,
                                    optimizer="adam", lr=TUTORIAL_3_LR, seed=seed)
    network = ch14_digits.classifier(data, settings, backend)
    train_data = train.patterns() if backend == "python" else train.arrays()
    network.train(train_data, settings.epochs, settings.lr, 0.0, settings.batch_size, shuffle=True,
                  optimizer="adam", callback=None if callback is None else lambda epoch, error: callback())
    test_patterns = test.patterns()
    labels = test.labels.tolist()
    _, outputs = network.test(test_patterns)
    plain_hits = hits(ch14_digits.predicted_classes(outputs), labels)
    # the tutorial's loop: zero_grad, output = network(x), loss.backward(), optimizer.step(), count
    loop_hits = 0
    for (inputs, targets), label in zip(test_patterns, labels):
        output = network.forward(inputs)
        network.backward(targets)
        network.update_weights(TUTORIAL_3_LR, 0.0, "adam", 1)
        loop_hits = loop_hits + (ch14_digits.predicted_classes([output])[0] == label)
        if callback is not None:
            callback()
    _, outputs = network.test(test_patterns)
    after_hits = hits(ch14_digits.predicted_classes(outputs), labels)
    n = len(labels)
    return TestWhileTraining(data.name, list(network.sizes), len(train), n, TUTORIAL_3_LR, seed, plain_hits,
                             plain_hits / n * 100.0, loop_hits, loop_hits / n * 100.0, printed_percentage(loop_hits, n),
                             after_hits, after_hits / n * 100.0)


def hits(predictions: list[int], labels: list[int]) -> int:
    right = 0
    # count the images whose largest output is their label
    for predicted, label in zip(predictions, labels):
        right = right + (predicted == label)
    return right


def printed_percentage(hits_counted: int, n_test: int) -> float:
    """What the tutorial prints after `for epoch in range(n_test)`: end / epoch * 100, epoch being n_test - 1."""
    return hits_counted / (n_test - 1) * 100.0


@dataclass
class UnregisteredLayers:
    """Tutorial 3's MNIST net as its code defines it: input_layer 784 -> 1568, ReLU, the list's
    Linear(1568, 1568), output_layer 1568 -> 10. network.parameters() sees only the two layers that
    are attributes; the list's layer keeps its initial weights, and its ReLU's result is discarded,
    so output_layer(H a + c) = (W H) a + (W c + b): two linear maps in a row, one linear map."""
    sizes: list[int]
    hidden_layers_in_text: int        # the text: one hidden layer of 1568
    hidden_layers_in_code: int        # the code: the input layer's 1568 outputs and the list layer's 1568
    trained_parameters: int           # weights and biases of input_layer and output_layer
    untrained_parameters: int         # the list layer's, never handed to Adam
    untrained_percentage: float       # of all the network's weights and biases
    printed_percentage: float         # its 70%, hits / 4999 ...
    true_percentage: float            # ... hits / 5000: 70 x 4999 / 5000
    divisor_effect: float             # printed / true = 5000 / 4999


def linear_parameters(fan_in: int, fan_out: int) -> int:
    """nn.Linear(fan_in, fan_out): a weight matrix and a bias vector."""
    return fan_in * fan_out + fan_out


def unregistered_layers(sizes=TUTORIAL_3_SIZES, n_test: int = TUTORIAL_3_TEST) -> UnregisteredLayers:
    inputs, first, listed, outputs = sizes
    trained = linear_parameters(inputs, first) + linear_parameters(listed, outputs)
    untrained = linear_parameters(first, listed)
    printed = TUTORIAL_RUNS[("mnist", 3, None)].printed["accuracy"][TUTORIAL_3_TRAIN] * 100.0
    return UnregisteredLayers(list(sizes), 1, 2, trained, untrained, untrained / (trained + untrained) * 100.0, printed,
                              printed * (n_test - 1) / n_test, n_test / (n_test - 1))


@dataclass
class Tutorial3:
    evaluation: TestWhileTraining
    layers: UnregisteredLayers


# ================================================================ tutorial 4: momentum and tanh's derivative
TANH_POINTS = (-2.0, -1.0, -0.5, 0.0, 0.5, 1.0, 2.0)
TUTORIAL_4_EPOCHS = 5000        # its iterations
TUTORIAL_4_RUNS = 4             # chapter 11's: its update at momentum 0, 0.1 and 0.4, and the classic's rule


@dataclass
class TanhDerivative:
    z: float
    y: float                      # tanh z
    derivative: float             # 1 - y², bpnn.activations.tanh_derivative, which its code computes
    comment: float                # y (1 - y), what its comment says (the sigmoid's derivative, in y)
    slope: float                  # (tanh(z + h) - tanh(z - h)) / 2h, measured (chapter 4)


@dataclass
class Tutorial4:
    momentum: ch11_optimizers.SignFlipResult
    tanh: list[TanhDerivative]


def tanh_derivatives(points=TANH_POINTS) -> list[TanhDerivative]:
    """tanh's derivative from y, beside its comment's y (1 - y) and the measured slope, at each z."""
    rows = []
    # at each z: y = tanh z, then 1 - y², y (1 - y) and the measured slope
    for z in points:
        point = ch04_activations.point("tanh", z)
        rows.append(TanhDerivative(z, point.y, point.derivative, sigmoid_derivative(point.y), point.slope))
    return rows


def tutorial_4(seed: int = 0, backend: str = "python", epochs: int = TUTORIAL_4_EPOCHS,
               callback: Callable[[int, float], None] | None = None) -> Tutorial4:
    """Chapter 11's runs of tutorial 4's momentum update (momentum 0, 0.1, 0.4 and the correct rule),
    and tanh's derivative against its comment."""
    return Tutorial4(ch11_optimizers.sign_flipped_momentum(epochs=epochs, seed=seed, backend=backend,
                                                           callback=callback), tanh_derivatives())


# ================================================================ tutorial 5: the table and the total
@dataclass
class Tutorial5:
    step: list[ch03_wired.WiredRow]       # the same weights with step units: XOR exactly
    sigmoid: list[ch03_wired.WiredRow]    # with sigmoid units, its table: every output above 1/2
    sigmoid_solved: bool
    lowest_output: float
    example: ch05_losses.WorkedExample    # its cross-entropy example: -0.067 printed, 0.379 its own terms


def tutorial_5() -> Tutorial5:
    """Chapter 3's wired XOR and chapter 5's worked example: nothing here but calls."""
    wired = ch03_wired.wired()
    lowest = 1.0
    # min_p y_p over the sigmoid table's outputs
    for row in wired.sigmoid:
        lowest = min(lowest, row.output)
    return Tutorial5(wired.step, wired.sigmoid, wired.sigmoid_solved, lowest, ch05_losses.worked_example())


# ================================================================ all of them
@dataclass
class ErrataResult:
    tutorials: list[int]
    bugs: dict                    # tutorial -> the names of its bugs (BUGS)
    tutorial_1: Tutorial1 | None
    tutorial_2: Tutorial2 | None
    tutorial_3: Tutorial3 | None
    tutorial_4: Tutorial4 | None
    tutorial_5: Tutorial5 | None


def errata(tutorials=TUTORIALS, data=None, n_train: int | None = None, n_test: int | None = None, seed: int = 0,
           backend: str = "python", callback: Callable[..., None] | None = None) -> ErrataResult:
    """Each of `tutorials`' errata, run or computed. `data` (a bpnn.course.datasets.Dataset) is what
    tutorial 3's evaluation runs on; it is needed only when 3 is among them. callback() after each
    epoch or test image of every run that trains."""
    tutorials = [check_tutorial(tutorial) for tutorial in tutorials]
    if 3 in tutorials and data is None:
        raise ValueError("tutorial 3's errata need a data set (bpnn.course.datasets.load_digits())")
    step = None if callback is None else (lambda *ignored: callback())
    return ErrataResult(
        tutorials, {tutorial: list(BUGS[tutorial]) for tutorial in tutorials},
        tutorial_1(seed=seed, backend=backend, callback=step) if 1 in tutorials else None,
        tutorial_2() if 2 in tutorials else None,
        Tutorial3(tutorial_3_evaluation(data, n_train, n_test, seed, backend, step), unregistered_layers())
        if 3 in tutorials else None,
        tutorial_4(seed, backend, callback=step) if 4 in tutorials else None,
        tutorial_5() if 5 in tutorials else None)
