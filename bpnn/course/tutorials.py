"""The tutorials' own runs: the setting of each experiment a tutorial ran, as options of the command
that repeats it (`bpnn COMMAND --tutorial N`), the numbers the tutorial printed, and why ours differ.

This table is the one place where the tutorials' printed numbers are kept. A setting maps the
command's option names to the tutorial's values, in the form the command's options take after
parsing (hidden widths as a tuple); `variants` lists other values the tutorial also ran (tutorial
2's deeper 2-10-10-10-1 net). Printed losses are keyed by the number of updates made before the
tutorial printed them: tutorial 1 prints the loss of the batch it is about to step on, so its
"Epoch 100" loss is the loss after 100 updates.
"""
from dataclasses import dataclass, field

from .language import N_   # marks the words printed beside the numbers; presets.py translates them there


@dataclass(frozen=True)
class TutorialRun:
    tutorial: int
    command: str
    what: str                          # what the tutorial ran, in a line
    setting: dict                      # option name -> the tutorial's value
    variants: dict = field(default_factory=dict)    # option name -> other values the tutorial also ran
    ours: dict = field(default_factory=dict)        # option name -> bpnn's choice where the tutorial's is not ours
    printed: dict = field(default_factory=dict)     # what it printed: {"loss": {updates: loss}, ...}
    printed_note: str = ""             # what the printed numbers are, or why there are none
    differences: tuple = ()            # why our numbers differ from the tutorial's


TUTORIAL_1_GATE = dict(epochs=1000, lr=1.0, optimizer="sgd", momentum=0.0, batch_size=4)
TUTORIAL_1_DIFFERENCES = (
    N_("initial weights: PyTorch draws nn.Linear's from its own generator, bpnn from random.Random(seed); "
       "same distribution U(-1/sqrt(fan_in), 1/sqrt(fan_in)), other numbers, so the first loss already differs"),
    N_("float32 in PyTorch, float64 here"),
)
TUTORIAL_1_NOTE = (N_("printed by tutorial 1's loop every 100 epochs (PyTorch, float32): the loss of the step "
                      "about to be taken, i.e. after that many updates, and the accuracy of the same outputs"))


def losses_every_100(*values) -> dict:
    """{0: values[0], 100: values[1], ...}: a loss printed every 100 updates."""
    return {100 * k: value for k, value in enumerate(values)}


def tutorial_1_gate(description: str, losses: tuple, accuracy: dict, more_differences: tuple = ()) -> "TutorialRun":
    """One of tutorial 1's logistic-regression runs: its printed losses (every 100 epochs) and accuracy."""
    return TutorialRun(1, "gate", description, TUTORIAL_1_GATE,
                       printed={"loss": losses_every_100(*losses), "accuracy": accuracy},
                       printed_note=TUTORIAL_1_NOTE, differences=TUTORIAL_1_DIFFERENCES + more_differences)


TUTORIAL_RUNS = {
    ("gate", 1, "and"): tutorial_1_gate(
        N_("logistic regression learns AND (nn.Linear(2, 1), sigmoid, BCE, SGD lr 1, full batch)"),
        (0.824187, 0.143643, 0.081609, 0.056502, 0.043025, 0.034662, 0.028983, 0.024883, 0.021788, 0.019370,
         0.017431), {0: 0.25, 1000: 1.0}),
    ("gate", 1, "or"): tutorial_1_gate(
        N_("logistic regression learns OR (nn.Linear(2, 1), sigmoid, BCE, SGD lr 1, full batch)"),
        (0.632454, 0.091876, 0.047625, 0.031766, 0.023733, 0.018907, 0.015696, 0.013409, 0.011700, 0.010374,
         0.009317), {0: 0.5, 1000: 1.0}),
    ("gate", 1, "xor"): tutorial_1_gate(
        N_("logistic regression fails on XOR (nn.Linear(2, 1), sigmoid, BCE, SGD lr 1, full batch)"),
        (0.700468, 0.693149, 0.693147, 0.693147, 0.693147, 0.693147, 0.693147, 0.693147, 0.693147, 0.693147,
         0.693147), {0: 0.5, 1000: 0.5},
        (N_("at ln 2 every output is 1/2 give or take rounding, so which side of 1/2 it falls on, and the "
            "accuracy, is rounding noise: the tutorial's 25% and 50% and ours are the same result"),)),
    ("vanish", 1, None): TutorialRun(
        1, "vanish", N_("the deep sigmoid net 2-64-32-16-1 on XOR (BCE, SGD lr 1, full batch, 1000 epochs)"),
        dict(hidden=(64, 32, 16), epochs=1000, lr=1.0),
        printed={"loss": losses_every_100(0.702334, 0.693155, 0.693145, 0.693135, 0.693125, 0.693115, 0.693104,
                                          0.693092, 0.693078, 0.693063, 0.693046),
                 "accuracy": {0: 0.5, 1000: 0.75}},
        printed_note=N_("printed by tutorial 1's loop every 100 epochs (PyTorch, float32): the loss of the step about to be "
                        "taken, i.e. after that many updates, and the accuracy of the same outputs; for its sigmoid net "
                        "only (it ran neither ReLU nor tanh)"),
        differences=TUTORIAL_1_DIFFERENCES + (
            N_("the tutorial stopped at 1000 epochs and called it a failure; the loss is still falling there, "
               "slowly: it is a plateau, which ends with more epochs (--epochs 5000)"),)),
    ("xor", 2, None): TutorialRun(
        2, "xor", N_("a 2-2-1 sigmoid net (a bias into every layer) learns XOR: BCE, SGD lr 1, full batch, 10001 "
                     "steps; also 2-10-10-10-1"),
        dict(hidden=(2,), activation="sigmoid", output="sigmoid", loss="bce", optimizer="sgd", lr=1.0,
             momentum=0.0, epochs=10001, batch_size=4, bias="every", init="pytorch"),
        variants={"hidden": [(10, 10, 10)]}, ours={"seed": 1},
        printed_note=N_("tutorial 2 shows its code but not its output: it prints no numbers to compare with, only "
                        "that both nets learn XOR and the deeper one better"),
        differences=(
            N_("seed 1, not 0: from seed 0's initial weights the 2-2-1 net settles in a local minimum with two "
               "outputs stuck at 1/2 (loss 0.347 = ln 2 / 2); 12 of seeds 0-19 learn XOR, and seed 1 does "
               "for both nets"),
            N_("initial weights from random.Random(seed), not PyTorch's generator; float64, not float32"),)),
    ("xor", 4, None): TutorialRun(
        4, "xor", N_("its copy of the classic bpnn.py: 2-2-1 tanh, half the squared error, online, lr 0.1, "
                     "momentum 0.4, 5000 iterations"),
        dict(hidden=(2,), activation="tanh", output="tanh", loss="half_sse", optimizer="classic", lr=0.1,
             momentum=0.4, epochs=5000, batch_size=1, bias="input"),
        ours={"init": "classic"},
        printed_note=N_("tutorial 4 shows its code but not its output (it prints the error every 500 iterations "
                        "and the four predictions): no numbers to compare with"),
        differences=(
            N_("its momentum update subtracts the learning-rate term (v = mo * previous - lr * gradient, with "
               "gradient = -dE/dw) and climbs the error surface; it converges only because momentum 0.4 outweighs "
               "lr 0.1. Ours is the classic's correct rule; bpnn optimizers runs the tutorial's as written"),
            N_("its initial weights are random.random(), U(0, 1), for every weight; ours the classic's U(-0.2, 0.2) "
               "into the hidden layer and U(-2, 2) after it"),)),
    ("approx", 3, None): TutorialRun(
        3, "approx", N_("a 1-6-1 ReLU net fits y = x^3 + x^2 - x - 1 on [-5, 5]: MSE, Adam lr 0.01, 10000 single "
                        "samples"),
        dict(hidden=(6,), activation="relu", optimizer="adam", lr=0.01, momentum=0.0, samples=10000, batch_size=1),
        printed_note=N_("tutorial 3 prints no error, only a picture: the fit follows the curve in the middle of "
                        "[-5, 5] and leaves it at the ends"),
        differences=(
            N_("its x = (torch.rand(1) - 0.5) * 10 comes from PyTorch's generator in float32; ours from "
               "random.Random(seed) in float64, and other initial weights"),)),
    ("mnist", 3, None): TutorialRun(
        3, "mnist", N_("784-1568-10 ReLU, softmax and cross-entropy, Adam lr 0.01, 50000 single random training "
                       "images"),
        dict(hidden=(1568,), activation="relu", optimizer="adam", lr=0.01, momentum=0.0, batch_size=1, epochs=1,
             dropout=0.0, limit=50000),
        printed={"accuracy": {50000: 0.70}},
        printed_note=N_("tutorial 3 printed a success rate of 70% (on the first 5000 test images)"),
        differences=(
            N_("it draws each of its 50000 samples with random.randint from all 60000 training images, with "
               "replacement (about 34000 distinct images); bpnn's epoch visits each image once, so the preset "
               "trains on the first 50000 images (--limit 50000), each once, in a shuffled order"),
            N_("its evaluation loop still calls optimizer.step(): it trains on each test image before counting "
               "the next, and divides the hits by 4999; ours tests the trained network on all 10000 test images"),
            N_("float32 and PyTorch's initial weights there, float64 and random.Random(seed) here"),)),
}


def runs_for(command: str) -> list[int]:
    """The tutorials with a run of `command`, in order."""
    return sorted({tutorial for name, tutorial, _ in TUTORIAL_RUNS if name == command})


def tutorial_run(command: str, tutorial: int, case=None) -> TutorialRun:
    """The tutorial's run of `command` (case: the gate, for `gate`); ValueError if it ran none."""
    key = (command, tutorial, case)
    if key not in TUTORIAL_RUNS:
        if any(name == command and number == tutorial for name, number, _ in TUTORIAL_RUNS):
            cases = [str(c) for name, number, c in TUTORIAL_RUNS if name == command and number == tutorial]
            raise ValueError(f"tutorial {tutorial} ran {command} on {', '.join(cases)}, not on {case}")
        raise ValueError(f"tutorial {tutorial} has no run of {command}; tutorials with one: "
                         f"{', '.join(map(str, runs_for(command))) or 'none'}")
    return TUTORIAL_RUNS[key]


def setting_for(command: str, tutorial: int) -> dict:
    """The options' values of the preset for `command`: the tutorial's setting (the same for every
    case of it), and bpnn's own choices where the tutorial's cannot be had."""
    for (name, number, _), run in TUTORIAL_RUNS.items():
        if name == command and number == tutorial:
            return {**run.setting, **run.ours}
    raise ValueError(f"tutorial {tutorial} has no run of {command}")


def departures(run: TutorialRun, given: dict) -> dict:
    """Of the options the user gave (name -> value), those that leave the tutorial's setting:
    name -> [the user's value, the tutorial's], the tutorial's variants not counted."""
    departed = {}
    for name, value in given.items():
        if name in run.setting and value != run.setting[name] and value not in run.variants.get(name, []):
            departed[name] = [value, run.setting[name]]
    return departed


def after_updates(errors: list[float], final_loss: float, updates: int) -> float:
    """The loss after `updates` full-batch updates, from a run's per-epoch errors (errors[k] was
    measured in epoch k + 1, before its update: after k updates) and its loss after the last one."""
    return final_loss if updates == len(errors) else errors[updates]


@dataclass
class Comparison:
    """Our numbers beside the tutorial's, for `--tutorial N`: what the tutorial printed and ours at
    the same points, the options the user changed from its setting, and why the numbers differ."""
    tutorial: int
    what: str
    setting: dict
    departures: dict
    printed_note: str
    differences: list
    rows: list                 # [updates, the tutorial's loss, ours] at each point it printed a loss
    accuracy: list | None      # [the tutorial's last printed accuracy, ours], when both are known


def compare(run: TutorialRun, given: dict, errors: list[float] | None = None, final_loss: float | None = None,
            accuracy: float | None = None) -> Comparison:
    """The Comparison for a finished run of `run`'s setting with the user's options `given`: our
    losses after as many updates as the tutorial's printed ones (from the run's per-epoch `errors`
    and `final_loss`), and our final `accuracy` beside its last printed one."""
    rows = []
    for updates, printed in run.printed.get("loss", {}).items():
        if errors is not None and updates <= len(errors):
            rows.append([updates, printed, after_updates(errors, final_loss, updates)])
    setting = {name: list(value) if isinstance(value, tuple) else value
               for name, value in {**run.setting, **run.ours}.items()}
    printed_accuracy = run.printed.get("accuracy", {})
    last_accuracy = [printed_accuracy[max(printed_accuracy)], accuracy] if printed_accuracy and accuracy is not None \
        else None
    return Comparison(run.tutorial, run.what, setting, departures(run, given), run.printed_note,
                      list(run.differences), rows, last_accuracy)
