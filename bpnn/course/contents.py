"""The course's table of contents: each chapter, what to read, what to run, what to look for.

`bpnn course` prints it and `bpnn course N` one chapter's guide; the README's reading guide lists
the same chapters (a test keeps the two in step). Chapter numbers are fixed: they follow the
tutorials' topics from the perceptron to handwritten digits, and each names its module,
bpnn/course/chNN_<name>.py.
"""
from dataclasses import dataclass

from .language import N_   # marks the guide's words for extraction; bpnn course translates them where it prints


@dataclass(frozen=True)
class Chapter:
    number: int
    name: str                     # the module bpnn/course/chNN_<name>.py
    title: str
    tutorials: tuple[int, ...]    # the tutorials it follows (1 to 5; bpnn.course cites them)
    commands: tuple[str, ...]     # what to run, the chapter's main command first
    read: tuple[str, ...]         # "file: name, name (a remark), ...": the files and functions to read, in order
    look_for: tuple[str, ...]     # what the output and the picture show
    compare: tuple[str, ...]      # the tutorials' own numbers (or words) to set beside ours

    @property
    def module(self) -> str:
        return f"bpnn/course/ch{self.number:02d}_{self.name}.py"

    @property
    def command_names(self) -> tuple[str, ...]:
        """The bpnn commands the chapter runs, each once, in order: "bpnn gate and" -> "gate"."""
        names = []
        for command in self.commands:
            name = command.split()[1]
            if name not in names:
                names.append(name)
        return tuple(names)


CHAPTERS = (
    Chapter(
        1, "perceptron", N_("The perceptron: Rosenblatt's rule and adaline's delta rule"), (1, 4),
        ("bpnn perceptron and", "bpnn perceptron xor", "bpnn perceptron xor --rule delta",
         "bpnn perceptron and --rule delta --plot perceptron.png"),
        (N_("bpnn/course/ch01_perceptron.py: step (the unit), rosenblatt_epoch (w <- w + lr (t - y) x), "
            "delta_epoch (gradient descent on E = 1/2 sum (t - z)^2), perceptron (the epochs and the cycle check)"),),
        (N_("AND, OR and NAND: the mistakes fall to 0 within a few epochs (NAND takes 12 at seed 0) and the line "
            "z = 0 separates the patterns."),
         N_("XOR: the weights at an epoch's end come back to an earlier epoch's (epoch 8 repeats epoch 7 at seed 0, "
            "with 4 mistakes in each): the cycle, forever."),
         N_("--rule delta: the derivation printed once; the loss E falls every epoch, to 0.125 on AND and to 0.5 on "
            "XOR, whose least-squares line answers 1/2 everywhere.")),
        (N_("Tutorials 1 and 4 run no perceptron training: tutorial 1 describes the 1957 perceptron, tutorial 4 "
            "draws the perceptron, adaline and logistic regression as one unit with a step, a linear and a sigmoid "
            "output, and derives the delta rule."),)),
    Chapter(
        2, "gates", N_("Logic gates: one unit learns AND, OR and NAND, not XOR"), (1,),
        ("bpnn gate and", "bpnn gate xor --plot gate-xor.png"),
        ("bpnn/course/ch02_gates.py: gate", "bpnn/network.py: NeuralNetwork.train",
         N_("bpnn/losses.py: bce, bce_deltas (the delta y - t)"), "bpnn/course/truth_tables.py: output_surface"),
        (N_("AND, OR, NAND: accuracy 100%, the loss falling towards 0 (0.017355 for AND after 1000 epochs)."),
         N_("XOR: the loss stuck at ln 2 = 0.693147, the output 0.5 everywhere; the picture says there is no "
            "decision boundary instead of drawing rounding noise.")),
        (N_("Tutorial 1: AND loss 0.017431 and OR 0.009317 after 1000 epochs, 100%; XOR 0.693147, 50%."),)),
    Chapter(
        3, "wired", N_("XOR wired by hand from three units, and in matrix form"), (4, 5),
        ("bpnn wired",),
        (N_("bpnn/course/ch03_wired.py: step_unit, wired_network, batch_pass (the matrix form)"),
         "bpnn/network.py: NeuralNetwork.forward_pass"),
        (N_("Step units give XOR exactly: 0 1 1 0."),
         N_("Sigmoid units with the same weights give 0.555, 0.614, 0.614, 0.555: the order is right, the "
            "threshold 1/2 is not."),
         N_("The batch form: X (4x2) W1 (2x2) + b1 -> 4x2, then (4x2) W2 (2x1) + b2 -> 4x1, the same numbers as the "
            "per-pattern loops, bit for bit.")),
        (N_("Tutorial 4's step units print 0 1 1 0."),
         N_("Tutorial 5's sigmoid table gives about 0, 1, 1, 0; with its weights all four outputs lie above 1/2 "
            "(chapter 15)."),
         N_("Tutorial 5's shapes: (4x2)(2x2) = 4x2, (4x2)(2x1) = 4x1."))),
    Chapter(
        4, "activations", N_("Activation functions and their derivatives"), (4, 5),
        ("bpnn activations", "bpnn activations --at -6,-3,0,3,6 --plot activations.png"),
        (N_("bpnn/activations.py: sigmoid, sigmoid_derivative, tanh, tanh_derivative, relu, relu_derivative, "
            "leaky_relu, leaky_relu_derivative, linear, linear_derivative, softmax (each derivative from y)"),
         "bpnn/course/ch04_activations.py: saturation, largest_derivative, softmax_jacobian"),
        (N_("Each derivative computed from y equals the measured slope, except at ReLU's kink z = 0."),
         N_("The sigmoid saturates (f' < 0.01) beyond |z| = 4.585, tanh beyond 2.993, ReLU for z <= 0."),
         N_("The largest derivative: 1/4 for the sigmoid, 1 for the others; softmax's Jacobian diag(y) - y y^T, "
            "its rows adding up to 0.")),
        (N_("Tutorial 4: the sigmoid's derivative is at most 0.25, so it shrinks towards 0 with every hidden layer."),
         N_("Tutorial 5: sigmoid 0 to 1, tanh -1 to 1, ReLU 0 for negative inputs, leaky ReLU a small slope there, "
            "softmax outputs adding up to 1."))),
    Chapter(
        5, "losses", N_("Losses worked by hand, and the delta each sends back"), (3, 5),
        ("bpnn losses", "bpnn losses --plot losses.png"),
        ("bpnn/losses.py: half_sse, half_sse_deltas, mse, mse_deltas, bce, bce_deltas, cross_entropy, "
         "cross_entropy_deltas",
         "bpnn/course/ch05_losses.py: three_points, worked_example, sigmoid_bce_deltas, "
         "softmax_cross_entropy_deltas"),
        (N_("Tutorial 5's terms 0.105, 0, 0.223, 0.051 add up to 0.379, not -0.067; binary cross-entropy gives "
            "0.603 summed, 0.151 averaged."),
         N_("The deltas of sigmoid + BCE and softmax + cross-entropy: the chain rule and y - t side by side, equal to "
            "rounding; with the squared error f'(y) stays in.")),
        (N_("Tutorial 5 prints 0.105 + 0 - 0.223 + 0.051 = -0.067."),
         N_("Tutorial 3 writes L = 1/3 ((y1 - f(x1))^2 + (y2 - f(x2))^2 + (y3 - f(x3))^2) without numbers."))),
    Chapter(
        6, "trace", N_("One step of backpropagation, every number shown"), (2, 4),
        ("bpnn trace --pattern 1,0",),
        ("bpnn/network.py: NeuralNetwork.forward_pass, NeuralNetwork.backward_pass, NeuralNetwork.weight_update",
         "bpnn/course/ch06_trace.py: trace"),
        (N_("Every weighted sum, output, delta, gradient and updated weight, with the numbers that produce it."),),
        (N_("Tutorial 2 derives the same step by hand for a 2-2-1 sigmoid network with binary cross-entropy; "
            "tutorial 4 writes it as the classic bpnn.py's backPropagate."),)),
    Chapter(
        7, "gradcheck", N_("Backpropagation checked against finite differences"), (),
        ("bpnn gradcheck --sizes 3,5,2 --output softmax",),
        ("bpnn/gradcheck.py: numerical_gradients, gradient_check",
         "bpnn/course/ch07_gradcheck.py: gradcheck"),
        (N_("Each layer's worst relative error, below 1e-6: backpropagation computes the slope of the loss."),),
        (N_("The tutorials never check their gradients; tutorial 2's hand-written backpropagation has its output "
            "gradient's sign flipped, which a gradient check finds at once (chapter 15)."),)),
    Chapter(
        8, "xor", N_("The classic bpnn.py network learns XOR"), (2, 4),
        ("bpnn xor --lr 0.1 --momentum 0.4 --epochs 5000", "bpnn xor --hidden 2 --momentum 0.4 --plot xor.png"),
        ("bpnn/network.py: NeuralNetwork.classic, NeuralNetwork.train", "bpnn/optimizers.py: classic",
         "bpnn/course/ch08_xor.py: xor_network, xor"),
        (N_("The error falling, the outputs near 0, 1, 1, 0 (-0.006, 0.992, 0.992, 0.009 at tutorial 4's setting), "
            "and the decision boundary bending around the two 1s."),),
        (N_("Tutorial 4: the classic network, tanh, lr 0.1, momentum 0.4, 5000 iterations, its error printed every "
            "500."),
         N_("Tutorial 2: 2-2-1 and 2-10-10-10-1 sigmoid networks learn XOR with binary cross-entropy, SGD lr 1, "
            "10001 steps."))),
    Chapter(
        9, "vanish", N_("The vanishing gradient of a deep sigmoid net"), (1, 4),
        ("bpnn vanish --plot vanish.png",),
        ("bpnn/course/ch09_vanish.py: gradient_norms, vanish", "bpnn/activations.py: sigmoid_derivative"),
        (N_("The first layer's gradient norm: the sigmoid net's about 100 times smaller than the ReLU net's."),
         N_("The sigmoid net's loss still near ln 2 after 1000 epochs, where ReLU and tanh have learnt XOR; it is a "
            "plateau, not a failure: with --epochs 5000 it leaves it at epoch 2819 and reaches 0.00036.")),
        (N_("Tutorial 1: the 2-64-32-16-1 sigmoid net ends at loss 0.693046 after 1000 epochs."),
         N_("Tutorial 4: the sigmoid's derivative is at most 0.25, so the gradient vanishes with depth."))),
    Chapter(
        10, "descent", N_("Batch, mini-batch and online gradient descent"), (5,),
        ("bpnn descent --plot descent.png",),
        ("bpnn/course/ch10_descent.py: two_moons, descend, descent",
         N_("bpnn/network.py: NeuralNetwork.train_epoch (batch_size picks the kind of descent)")),
        (N_("Per epoch (the same samples seen) online learning is lowest (loss 0.065 after 50 epochs, against 0.19 and "
            "0.20), because it takes 48 times as many steps."),
         N_("Per update the mini-batch of 16 is as good as the full batch, and online learning is the noisiest: half "
            "its updates raise the loss.")),
        (N_("Tutorial 5 defines the three: the whole data set per update (slow, steady), one random sample (fast, "
            "unsteady), a mini-batch's mean gradient (between the two); it prints no numbers."),)),
    Chapter(
        11, "optimizers", N_("SGD, momentum and Adam, and tutorial 4's sign-flipped momentum"), (3, 4, 5),
        ("bpnn optimizers --plot optimizers.png",),
        ("bpnn/optimizers.py: classic, sgd, adam",
         "bpnn/course/ch11_optimizers.py: compare_optimizers, tutorial_4_momentum_update, sign_flipped_momentum"),
        (N_("After 10 epochs both momentum rules are far ahead of plain SGD (0.25 and 0.38 against 0.63); after 200 "
            "all four are close."),
         N_("Tutorial 4's update as written climbs with momentum 0 (error 1.11 to 5.00), stalls at 0.1 and converges "
            "at 0.4 only because the momentum term outweighs the learning-rate term.")),
        (N_("Tutorial 4: v = mo x previous gradient - lr x gradient, with the gradient of -E: lr 0.1, momentum 0.4, "
            "5000 iterations still solve XOR."),
         N_("Tutorial 3 trains with Adam (lr 0.01); tutorial 5 names momentum as the remedy for SGD's unsteady "
            "steps."))),
    Chapter(
        12, "dropout", N_("Dropout against overfitting"), (5,),
        ("bpnn dropout --plot dropout.png",),
        ("bpnn/randomness.py: dropout_masks", "bpnn/network.py: NeuralNetwork.forward_pass (y_j · mask_j)",
         "bpnn/course/ch12_dropout.py: noisy_sine, dropout"),
        (N_("Without dropout the training loss falls to 0.031 while the test loss climbs back to 0.33: the net "
            "learns the noise."),
         N_("With dropout 0.3 the training loss stays higher (0.081) and the test loss ends at 0.16.")),
        (N_("Tutorial 5: stacking hidden layers can overfit, and dropout leaves some nodes out of each training "
            "step; it prints no numbers."),)),
    Chapter(
        13, "approx", N_("A network fits a curve only where it was trained"), (3,),
        ("bpnn approx --plot approx.png", "bpnn approx --hidden 2,6,24 --plot sweep.png"),
        ("bpnn/course/ch13_approx.py: cubic, approx, rmse",),
        (N_("The fit inside [-5, 5] (rmse 4.6) and its failure outside (86 just beyond the ends)."),
         N_("The sweep: rmse 20.5 with 2 units, 4.6 with 6, 1.3 with 24: the universal approximation theorem at "
            "work, inside the interval only.")),
        (N_("Tutorial 3: a 1-6-1 ReLU net, Adam lr 0.01, 10000 single samples; its picture follows the cubic in the "
            "middle and leaves it at both ends."),)),
    Chapter(
        14, "digits", N_("Handwritten digits: the 8x8 digits and MNIST"), (3,),
        ("bpnn digits", "bpnn mnist --data DIR"),
        ("bpnn/course/ch14_digits.py: classifier, classify", "bpnn/course/datasets.py: load_digits, load_mnist",
         N_("kernels/network.py: forward_pass, backward_pass, weight_update (the same network compiled, bit for bit)")),
        (N_("The test accuracy after each epoch: 98.05% (8x8 digits), 98.34% (MNIST)."),
         N_("The confusion table: which digits are taken for which.")),
        (N_("Tutorial 3: 784-1568-10, Adam lr 0.01, 50000 single images: 70% (MNIST)."),)),
    Chapter(
        15, "errata", N_("The tutorials' bugs, each run as written beside its correction"), (1, 2, 3, 4, 5),
        ("bpnn errata", "bpnn errata 2 --plot errata.png", "bpnn errata 3 --data DIR"),
        (N_("bpnn/course/ch15_errata.py: tutorial_1 (chapter 9's net past the tutorial's 1000 epochs), "
            "tutorial_2_backprop (tutorial 2's lines, its sign as written or corrected), tutorial_2, "
            "tutorial_3_evaluation (testing while training), unregistered_layers, tanh_derivatives, tutorial_4, "
            "tutorial_5, errata"),
         N_("bpnn/course/ch11_optimizers.py: tutorial_4_momentum_update (the buggy update, as written)"),
         "bpnn/course/ch03_wired.py: wired", "bpnn/course/ch05_losses.py: worked_example"),
        (N_("Tutorial 1: after its 1000 epochs the deep sigmoid net's outputs lie within 0.0008 of 1/2 (loss "
            "0.693070); it leaves the plateau in epoch 2819 and reaches 0.00036 after 5000. The one unit on XOR "
            "answers 1/2 give or take 6e-17: its accuracy is noise."),
         N_("Tutorial 2: its backpropagation as written climbs from 0.702 to 13.4 in 10001 steps; with the sign "
            "corrected it reaches 0.00031 (initial weights of seed 1)."),
         N_("Tutorial 3, on the 8x8 digits: the plain test gives 87.74%, the tutorial's loop 91.09% (91.34%, "
            "divided by 358), and the network it leaves, tested on the images it trained on, 93.59%."),
         N_("Tutorial 4: its momentum update with momentum 0 climbs from error 1.11 to 5.00; y (1 - y) is not "
            "tanh's derivative (it is -1.34 at z = -1, where the slope is 0.42)."),
         N_("Tutorial 5: its sigmoid XOR table's lowest output is 0.555; its cross-entropy terms add up to 0.379, "
            "binary cross-entropy gives 0.603 summed, 0.151 averaged.")),
        (N_("Tutorial 1 prints loss 0.693046 and accuracy 75% after 1000 epochs and concludes the net fails."),
         N_("Tutorial 2 shows its hand-written backpropagation without output; run in PyTorch, it climbs from "
            "0.70 to 13.4 as written and reaches 0.0003 corrected."),
         N_("Tutorial 3 prints 70%, from end / 4999, after training on each test image."),
         N_("Tutorial 4's code computes tanh's derivative as 1 - x ** 2; its comment says yo(1 - yo)."),
         N_("Tutorial 5 prints 0.105 + 0 - 0.223 + 0.051 = -0.067."))),
)


def chapter(number: int) -> Chapter:
    """Chapter `number`, or a ValueError naming the chapters there are."""
    for candidate in CHAPTERS:
        if candidate.number == number:
            return candidate
    numbers = ", ".join(str(candidate.number) for candidate in CHAPTERS)
    raise ValueError(f"there is no chapter {number}; the chapters are {numbers}")
