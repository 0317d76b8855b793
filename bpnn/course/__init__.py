"""The course: the tutorials' experiments, one module per chapter, run by the `bpnn` commands.

The chapter itself (the network, its equations, how it learns) is the package above, bpnn/;
this package uses it. Each chapter module here is a set of pure functions that return a result
(a dataclass; bpnn.course.results turns it into JSON), so that the commands (bpnn.cli), the
tests and the benchmarks run exactly the same experiments. Supporting modules: contents (the
table of contents, `bpnn course`), truth_tables (XOR and the gates), backends (the textbook or
the compiled kernels), datasets (the digits and MNIST; numpy), plots (matplotlib, an optional
extra), pages (the --html pages), tutorials (each tutorial's own settings, as the commands'
--tutorial presets, and the numbers it printed).

The curriculum is five Korean tutorials, cited here once. Their code printed the numbers each
chapter compares with; it also has bugs, which chapter 15 (errata) runs and corrects.

    tutorial 1  뉴런과 퍼셉트론: the neuron and the perceptron; logistic regression learns AND and
                OR in PyTorch but not XOR; a deep sigmoid net 2-64-32-16-1 "fails" on XOR
    tutorial 2  퍼셉트론, XOR, 역전파 (notes on "모두를 위한 딥러닝 2", lab 8): the perceptron and XOR;
                backpropagation written out with the chain rule for a 2-2-1 sigmoid network;
                2-2-1 and 2-10-10-10-1 sigmoid nets learn XOR (BCE, SGD lr 1, 10001 steps)
    tutorial 3  지도 학습, 보편 근사 정리, MNIST: supervised learning and the mean squared error; the
                universal approximation theorem; a 1-6-1 ReLU net fits x^3 + x^2 - x - 1 on [-5, 5];
                a 784-1568-10 net on MNIST (Adam lr 0.01, 50000 single images: 70%)
    tutorial 4  퍼셉트론, 아달라인, 로지스틱 회귀: the perceptron, adaline and logistic regression; XOR
                wired by hand from step units; the delta rule; a network in the style of the classic
                bpnn.py (tanh, lr 0.1, momentum 0.4, 5000 epochs); the vanishing gradient; SGD and momentum
    tutorial 5  딥러닝 파이토치 교과서 (chapters 4-5): vectors, matrices and tensors; XOR through sigmoid
                units with hand-set weights; activation functions; MSE and cross-entropy; forward and
                backward propagation; dropout; batch, stochastic and mini-batch gradient descent

Chapters, in the course's order (`bpnn course` lists them with their commands):

    ch01_perceptron Rosenblatt's rule and adaline's delta rule                tutorials 1, 4
    ch02_gates      logistic regression: AND, OR, NAND yes, XOR no            tutorial 1
    ch03_wired      XOR wired by hand from three units, and in matrix form    tutorials 4, 5
    ch04_activations  the activation functions and their derivatives         tutorials 4, 5
    ch05_losses     the losses worked by hand, and the delta each sends back  tutorials 3, 5
    ch06_trace      one step of backpropagation, every number shown           tutorials 2, 4
    ch07_gradcheck  backpropagation against finite differences
    ch08_xor        the classic bpnn.py network learns XOR                    tutorials 2, 4
    ch09_vanish     the vanishing gradient of a deep sigmoid net              tutorials 1, 4
    ch10_descent    batch, mini-batch and online gradient descent compared    tutorial 5
    ch11_optimizers SGD, momentum and Adam; tutorial 4's sign-flipped update  tutorials 3, 4, 5
    ch12_dropout    dropout against overfitting                               tutorial 5
    ch13_approx     a network fits a curve only where it was trained          tutorial 3
    ch14_digits     handwritten digits: the 8x8 digits and MNIST              tutorial 3
"""
