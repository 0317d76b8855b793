"""A run as a page: one HTML file that draws the network and replays its training, offline.

`bpnn xor --html xor.html` (and perceptron, gate, wired, activations, losses, trace, vanish, descent,
optimizers, dropout, approx, digits, mnist) writes one self-contained file: open it from disk, with no network and no server. It holds
- the title, the run's settings and a sentence or two saying what to look at, as plain HTML;
- the run as JSON, in <script type="application/json" id="run-data">: the network's shape, the
  loss of every epoch, and snapshots, each the exact weights at one epoch (JSON's floats are
  Python's repr, which reads back as the same float64 bits);
- page/page.css and page/page.js (this package's data, written for bpnn), which draw everything
  from that JSON: the network (an edge per weight, a heatmap per layer when the layers are wide),
  the loss, the decision surface, each hidden node's picture of the inputs, and a slider with
  play, pause and step over the snapshots.

Recording does not change training. The Recorder is the training callback: after chosen epochs it
copies network.weights, and it draws no random numbers and moves nothing, so a run writes the
same bits with a page or without one. What a page shows beside the weights (the truth table's
outputs, the gradient norms, the digits' predictions) is computed afterwards by the textbook or
the kernels from each snapshot's weights, on a copy of the network.

A page type is one small function: it gathers the run's data into a dict and calls page().
The page's JavaScript chooses what to draw from what the data holds (`patterns` of two inputs:
the decision surface and each node's picture; `outputs` in the snapshots: the truth table;
`gradient_norms`: a bar per layer; `curve`: a fitted function; `classes`: the confusion matrix and
the misclassified images; `trace`: one step, stage by stage; `descent`, `sign_flipped`, `fit`: the
later chapters' own charts), so a new chapter that trains a network on a few patterns needs no
JavaScript at all: see training_page and perceptron_page. A chapter that trains nothing
(activations, losses) has no runs and no slider, and wired has one snapshot: its hand-set weights.

How many snapshots: every epoch up to MAX_SNAPSHOTS, else epochs spaced geometrically (dense at
the start, where the weights move most) so that their weights take at most WEIGHT_BUDGET bytes:
XOR's 2-2-1 and a gate keep 200 of their 1000 epochs, approx all 100 of its steps of 100 updates,
vanish 8 epochs of each of its three 2-64-32-16-1 nets, digits 7 of its 30 epochs, dropout 32 of
the 100 epochs at which it measures (every tenth) for each of its two 1-32-32-1 nets. A network too
large for two snapshots (MNIST's 784-512-10: about 8 MB of JSON each) keeps WITHOUT_WEIGHTS
snapshots of what was computed from the weights (predictions), not the weights.

The pictures of the plane and the fitted curve are computed in the page from the exact weights
(a forward pass in JavaScript, float64), which keeps the file small; the numbers it prints as the
run's were computed here.
"""
import html
import json
import math
import re
import string
from importlib import resources

from bpnn import storage
from bpnn.network import NeuralNetwork

from .language import N_, _, gettext, language

MAX_SNAPSHOTS = 200          # the slider's positions, at most
WITHOUT_WEIGHTS = 32         # the snapshots of a network too large for its weights to go into the page
WEIGHT_BUDGET = 1_600_000    # bytes of JSON for the snapshots' weights of one page (all its runs)
PAGE_LIMIT = 2_000_000       # bytes: every default run's page stays below this (tests/test_pages.py)
IMAGE_BUDGET = 400_000       # bytes of JSON for the images a classifier's page shows


def snapshot_epochs(total: int, count: int) -> list[int]:
    """At most `count` epochs from 0 (the initial weights) to `total`, spaced geometrically:
    every early epoch, where the weights move most, and fewer later; always 0, 1 and total."""
    if count >= total + 1:
        return list(range(total + 1))
    chosen = {0, total}
    steps = 1
    # epochs total^(k / steps), k = 0..steps: as many steps as stay within `count` epochs once rounded
    while True:
        candidate = {0, total} | {round(total ** (k / steps)) for k in range(steps + 1)}
        if len(candidate) > count:
            return sorted(chosen)
        chosen = candidate
        steps = steps + 1


def copy_weights(weights) -> list:
    """The weights as new lists of floats (the textbook's are live lists; the kernels' are new anyway)."""
    return [[[float(w) for w in row] for row in matrix] for matrix in weights]


class Recorder:
    """A training callback that keeps the exact weights at chosen epochs of one or more runs.

    recorder.follow(network) starts a run (it keeps the initial weights as epoch 0); then call
    recorder(epoch, ...) after each epoch, e.g. as train's callback. How many epochs it keeps
    depends on the network's size: at most MAX_SNAPSHOTS, and no more than WEIGHT_BUDGET bytes
    of JSON over all `runs`; if not even two snapshots fit, WITHOUT_WEIGHTS snapshots, whose
    weights the page will not hold (only what is computed from them). `then` is another callback,
    called after it with the same arguments. A run that calls back only every `every` epochs
    (chapter 12 measures every 10) has its snapshots chosen among those epochs, and the last.
    """

    def __init__(self, epochs: int, runs: int = 1, then=None, every: int = 1):
        self.epochs = epochs
        self.every = every
        self.runs_expected = runs
        self.then = then
        self.network = None
        self.kept = None
        self.runs = []          # per run: [(epoch, weights), ...], epoch 0 first

    def follow(self, network) -> None:
        self.network = network
        weights = copy_weights(network.weights)
        if self.kept is None:
            snapshot_bytes = len(json.dumps(weights)) + 1
            count = min(MAX_SNAPSHOTS, WEIGHT_BUDGET // (snapshot_bytes * self.runs_expected))
            if count < 2:
                count = WITHOUT_WEIGHTS
            calls = -(-self.epochs // self.every)
            self.kept = {min(self.epochs, k * self.every) for k in snapshot_epochs(calls, count)}
        self.runs.append([(0, weights)])

    def __call__(self, epoch: int, *rest) -> None:
        if epoch in self.kept:
            self.runs[-1].append((epoch, copy_weights(self.network.weights)))
        if self.then is not None:
            self.then(epoch, *rest)


def network_at(network, weights, textbook: bool = True):
    """A copy of `network` (as the textbook's NeuralNetwork, or of its own class) holding `weights`."""
    copy = (NeuralNetwork if textbook else type(network)).from_dict(network.to_dict())
    copy.weights = copy_weights(weights)
    return copy


def describe_network(network) -> dict:
    return {"sizes": list(network.sizes), "bias": list(network.bias), "activations": network.layer_activations,
            "loss": network.loss}


def run_data(name: str, network, snapshots, training_losses, test_losses=None, extra=None) -> dict:
    """One run: its network, its losses per epoch (training, and test if any) and its snapshots,
    each {"epoch", "weights"} plus extra(weights) for the snapshot's own numbers."""
    losses = {"training": list(training_losses)}
    if test_losses is not None:
        losses["test"] = list(test_losses)
    return {"name": name, "network": describe_network(network), "losses": losses,
            "snapshots": [{"epoch": epoch, "weights": weights, **(extra(weights) if extra else {})}
                          for epoch, weights in snapshots]}


# ---------------------------------------------------------------- the document
TEMPLATE = string.Template("""<!DOCTYPE html>
<html lang="$language">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="bpnn $version">
<title>$title</title>
<style>
$css
</style>
</head>
<body>
<header>
<h1>$title</h1>
<p class="settings">$settings</p>
<p class="explanation">$explanation</p>
</header>
<noscript><p>$noscript</p></noscript>
<div id="errors" hidden></div>
<svg id="svg-namespace" width="0" height="0" aria-hidden="true"></svg>
<div id="controls"></div>
<main id="panels"></main>
<footer>$footer</footer>
<script>
// any error of the page's script is written into the page, where a reader (and the tests) can see it
window.addEventListener("error", function (event) {
  var box = document.getElementById("errors");
  box.hidden = false;
  box.textContent += "JavaScript error: " + event.message + " (line " + event.lineno + ")\\n";
});
</script>
<script type="application/json" id="run-data">$data</script>
<script>
$js
</script>
</body>
</html>
""")


def asset(name: str) -> str:
    """A file of the page's own, shipped in bpnn/course/page/."""
    return resources.files("bpnn.course").joinpath("page", name).read_text(encoding="utf-8")


# page.js writes each of its English texts as tr("..." + "..."): the same texts pybabel extracts
TRANSLATED_TEXT = re.compile(r'\btr\(\s*("(?:[^"\\]|\\.)*"(?:\s*\+\s*"(?:[^"\\]|\\.)*")*)')
STRING = re.compile(r'"(?:[^"\\]|\\.)*"')


def page_words() -> dict:
    """page.js's texts that the language spoken translates: {English: translation} (English: {})."""
    words = {}
    for found in TRANSLATED_TEXT.finditer(asset("page.js")):
        text = "".join(json.loads(literal) for literal in STRING.findall(found.group(1)))
        if gettext(text) != text:
            words[text] = gettext(text)
    return words


def as_json(data) -> str:
    """JSON that is safe inside a <script> element: '<' written as \\u003c, so no '</script>' can
    end it early; finite numbers only (a diverged run raises before a page is written)."""
    return json.dumps(data, allow_nan=False, separators=(",", ":"), ensure_ascii=False).replace("<", "\\u003c")


def page(title: str, settings: dict, explanation: str, data: dict) -> str:
    """The whole HTML document: the title, the settings, the explanation, `data` as JSON, the
    page's CSS and JavaScript inline."""
    from bpnn import __version__
    shown = ", ".join(f"{name} {value}" for name, value in settings.items())
    if not weights_fit(data["runs"]):
        for run in data["runs"]:
            for snapshot in run["snapshots"]:
                snapshot.pop("weights", None)
    document = {"title": title, "settings": settings, "explanation": explanation, **data}
    for name in ("epoch_name", "loss_name"):   # the axis names, in the page's language
        if name in document:
            document[name] = gettext(document[name])
    if "stages" in document:
        document["stages"] = [gettext(stage) for stage in document["stages"]]
    words = page_words()
    if words:
        document["words"] = words
    noscript = _("This page draws the run with JavaScript; the run's numbers are in the JSON at the end of the file.")
    footer = _("Written by bpnn {version}. Everything drawn here comes from the numbers in this file; nothing is "
               "loaded from elsewhere.", version=__version__)
    return TEMPLATE.substitute(version=__version__, language=language(), title=html.escape(title),
                               settings=html.escape(shown), explanation=html.escape(explanation),
                               noscript=html.escape(noscript), footer=html.escape(footer), data=as_json(document),
                               css=asset("page.css"), js=asset("page.js"))


def weights_fit(runs) -> bool:
    """Whether the weights of every snapshot fit in WEIGHT_BUDGET bytes of JSON (about 20 bytes a
    weight); if not, page() takes them out and the page draws what was computed from them."""
    count = 0
    for run in runs:
        count = count + len(run["snapshots"])
    if count == 0 or "weights" not in runs[-1]["snapshots"][-1]:
        return True
    return len(json.dumps(runs[-1]["snapshots"][-1]["weights"])) * count <= WEIGHT_BUDGET * 1.15


def inlined_data(text: str) -> dict:
    """The JSON a page holds, read back out of its HTML (for tests and for anyone's scripts)."""
    start = text.index('<script type="application/json" id="run-data">')
    start = text.index(">", start) + 1
    return json.loads(text[start:text.index("</script>", start)])


def write(path, text: str) -> None:
    """Write the page as model files are written (bpnn.storage.write_atomically): through a
    temporary file beside it, so that a failure leaves no half page."""
    storage.write_atomically(path, lambda file: file.write(text))


# ---------------------------------------------------------------- the page types
def truth_table_outputs(network, patterns):
    """extra() for a snapshot of a truth-table run: the textbook's outputs for each pattern."""
    def outputs(weights):
        copy = network_at(network, weights)
        return {"outputs": [copy.forward(inputs) for inputs, _ in patterns]}
    return outputs


EPOCH, UPDATES, STAGE, LOSS, MISTAKES = N_("epoch"), N_("updates"), N_("stage"), N_("loss"), N_("mistakes")


def training_page(title: str, settings: dict, explanation: str, result, recorder: Recorder, patterns,
                  epoch_name: str = EPOCH) -> str:
    """A network trained on a handful of patterns (XOR, a gate, a new chapter's truth table):
    the drawing, the loss, the truth table at each snapshot, and for two inputs the surfaces."""
    network = result.network
    run = run_data("", network, recorder.runs[0], result.errors, extra=truth_table_outputs(network, patterns))
    return page(title, settings, explanation, {"epoch_name": epoch_name, "runs": [run], "patterns": patterns})


def xor_page(result, recorder: Recorder, settings: dict) -> str:
    from .truth_tables import XOR_PATTERNS
    sizes = "-".join(map(str, result.sizes))
    return training_page(
        _("XOR: the {sizes} network learns", sizes=sizes), settings,
        _("Drag the slider or press play. Each edge is a weight (blue positive, orange negative, thicker is "
          "larger); each hidden node shows its own picture of the input plane. The output combines those "
          "pictures into a surface that puts 01 and 10 on one side and 00 and 11 on the other."),
        result, recorder, XOR_PATTERNS)


def gate_page(result, recorder: Recorder, settings: dict) -> str:
    from .truth_tables import gate_patterns
    name = result.gate.upper()
    if result.linearly_separable:
        look = _("One sigmoid unit draws one line across the plane: watch it turn until the {gate} table's 1s "
                 "are on the blue side and its 0s on the orange side.", gate=name)
    else:
        look = _("One sigmoid unit can only draw a line, and no line puts 01 and 10 on one side and 00 and 11 on "
                 "the other: the surface flattens to 1/2 and the loss stays at ln 2 = 0.693.")
    return training_page(_("Logistic regression on {gate}", gate=name), settings, look, result, recorder,
                         gate_patterns(result.gate))


def perceptron_page(result, settings: dict) -> str:
    """Chapter 1's single unit: it keeps its own weights after every epoch (w1, w2, b), so the
    snapshots are those (at most MAX_SNAPSHOTS of them), drawn as a 2-1 network with a step unit
    (Rosenblatt's rule) or a linear one read at 1/2 (the delta rule)."""
    from .ch01_perceptron import answers, with_bias
    from .truth_tables import gate_patterns
    patterns = gate_patterns(result.gate)
    history = [(0, result.initial_weights)] + [(record.epoch, record.weights) for record in result.epochs]
    kept = set(snapshot_epochs(len(result.epochs), MAX_SNAPSHOTS))
    delta = result.rule == "delta"

    def snapshot(epoch, weights):
        answered = answers(weights, [(with_bias(inputs), targets[0]) for inputs, targets in patterns], result.threshold)
        return {"epoch": epoch, "weights": [[[w] for w in weights]],
                "outputs": [[answer.weighted_sum if delta else float(answer.output)] for answer in answered]}
    run = {"name": "", "network": {"sizes": [2, 1], "bias": [True], "activations": ["linear" if delta else "step"],
                                   "loss": "half_sse" if delta else "mistakes"},
           "losses": {"training": [record.loss if delta else record.mistakes for record in result.epochs]},
           "snapshots": [snapshot(epoch, weights) for epoch, weights in history if epoch in kept]}
    name = result.gate.upper()
    if delta:
        title = _("Adaline's delta rule on {gate}", gate=name)
        look = _("The linear output z is read as 1 where z > 1/2 (the dark line). Each epoch is one step down the "
                 "squared error: watch the plane tilt towards the targets, and the loss fall every epoch.")
    else:
        title = _("Rosenblatt's perceptron on {gate}", gate=name)
        look = (_("Each mistake moves the line z = 0 towards the pattern it got wrong.") + " "
                + (_("A line separates this gate's 1s from its 0s, so the mistakes stop.") if result.linearly_separable
                   else _("No line separates XOR's 1s from its 0s: the line keeps moving, and the weights come back "
                          "to where they were, forever.")))
    return page(title, settings, look, {"epoch_name": EPOCH, "loss_name": LOSS if delta else MISTAKES,
                                        "runs": [run], "patterns": patterns})


def vanish_page(result, recorder: Recorder, settings: dict) -> str:
    """The same deep net with each hidden activation: its drawing, loss and each layer's gradient norm
    at every snapshot (the textbook's backpropagation on the snapshot's weights)."""
    from .ch09_vanish import gradient_norms
    from .truth_tables import XOR_PATTERNS

    def norms_of(network):
        return lambda weights: {"gradient_norms": gradient_norms(network_at(network, weights), XOR_PATTERNS),
                                **truth_table_outputs(network, XOR_PATTERNS)(weights)}
    runs = [run_data(run.activation, run.network, snapshots, run.errors, extra=norms_of(run.network))
            for run, snapshots in zip(result.runs, recorder.runs)]
    sizes = "-".join(map(str, result.sizes))
    return page(_("The vanishing gradient: {sizes} on XOR with sigmoid, ReLU and tanh", sizes=sizes), settings,
                _("The three nets start from the same weights. Look at the gradient norms: each sigmoid layer "
                  "shrinks the gradient on its way back, so the sigmoid net's first layers hardly move and its "
                  "surface stays flat at 1/2, while ReLU and tanh reshape the plane within a few hundred epochs."),
                {"epoch_name": EPOCH, "runs": runs, "patterns": XOR_PATTERNS})


def approx_page(result, recorder: Recorder, settings: dict) -> str:
    """A 1-input fit: the cubic, the network's curve at each snapshot (computed in the page from its
    weights) and each hidden node's piece of it, inside and outside the training interval."""
    from .ch13_approx import UPDATES_PER_ERROR
    run = run_data("", result.network, recorder.runs[0], result.errors)
    low, high = result.interval
    curve = {"interval": result.interval, "points": [[x, y] for x, y, _ in result.curve],
             "rmse_inside": result.rmse_inside, "rmse_outside": result.rmse_outside}
    return page(_("Approximation: a {sizes} net fits x³ + x² - x - 1", sizes="-".join(map(str, result.sizes))), settings,
                _("The net trains only on x in [{low:g}, {high:g}] (shaded). Each hidden ReLU node adds one bend to "
                  "a broken line: inside the interval the bends follow the cubic, outside it the line runs straight "
                  "on while the cubic bends away.", low=low, high=high),
                {"epoch_name": UPDATES, "epoch_scale": UPDATES_PER_ERROR, "runs": [run], "curve": curve})


def trace_page(result, settings: dict) -> str:
    """One traced step (bpnn.course.ch06_trace.Trace) on the drawing: stage by stage, the forward
    pass, the loss, the deltas, the gradients and the update; pointing at a node or a line shows its
    equations with the numbers plugged in. The two snapshots are the weights before and after the step."""
    from bpnn.optimizers import ADAM_BETA1, ADAM_BETA2, ADAM_EPSILON
    from .results import as_data
    network = {"sizes": result.sizes, "bias": result.bias, "activations": [layer.activation for layer in result.layers],
               "loss": result.loss}
    before = [layer.weights for layer in result.layers]
    after = [layer.new_weights for layer in result.layers]
    stages = [N_("the forward pass"), N_("the loss"), N_("the backward pass: deltas"), N_("the gradients"),
              N_("the update")]
    snapshots = [{"epoch": k, "weights": after if k == len(stages) - 1 else before} for k in range(len(stages))]
    sizes = "-".join(map(str, result.sizes))
    pattern = ",".join(f"{x:g}" for x in result.inputs) + " → " + ",".join(f"{t:g}" for t in result.targets)
    return page(_("One step of backpropagation: the {sizes} network on {pattern}", sizes=sizes, pattern=pattern),
                settings,
                _("Step through the stages. Point at a node for its weighted sum, output and delta, or at a line for "
                  "its gradient and its update: each equation with the numbers plugged in. Click to keep it."),
                {"epoch_name": STAGE, "stages": stages, "trace": as_data(result),
                 "adam": {"beta1": ADAM_BETA1, "beta2": ADAM_BETA2, "epsilon": ADAM_EPSILON},
                 "runs": [{"name": "", "network": network, "losses": {"training": [result.error]},
                           "snapshots": snapshots}]})


def shown_images(samples, last_predictions, budget: int = IMAGE_BUDGET) -> list[int]:
    """The test images a page keeps (their raw pixel values, within `budget` bytes of JSON): all of
    them if they fit, else those the trained network gets wrong first, then the first others."""
    per_image = len(json.dumps(samples.pixels[0].tolist())) + 2
    room = max(1, budget // per_image)
    if room >= len(samples):
        return list(range(len(samples)))
    labels = samples.labels.tolist()
    wrong = [k for k, said in enumerate(last_predictions) if said != labels[k]][:room]
    others = [k for k in range(len(samples)) if last_predictions[k] == labels[k]][:room - len(wrong)]
    return sorted(wrong + others)


def classifier_page(result, recorder: Recorder, data, settings: dict) -> str:
    """A digit classifier: the loss and accuracy per epoch, and at each snapshot the confusion matrix
    and the misclassified images (the network's own predictions on the test set, from the snapshot's
    weights), with each first-layer hidden node's weights drawn as an image.

    When the weights do not fit in WEIGHT_BUDGET (MNIST's 784-512-10 has 407,050, about 8 MB of
    JSON a snapshot), the snapshots keep only the predictions and the page says so."""
    from .ch14_digits import confusion_matrix, predicted_classes
    network = result.network
    test = data.test
    textbook = isinstance(network, NeuralNetwork)
    test_data = test.patterns() if textbook else test.arrays()
    labels = test.labels.tolist()
    snapshots = recorder.runs[0]

    def predictions(weights):
        _, outputs = network_at(network, weights, textbook=False).test(test_data)
        predicted = predicted_classes(outputs)
        return {"predictions": predicted, "confusion": confusion_matrix(labels, predicted)}
    run = run_data("", network, snapshots, [report.loss for report in result.epochs],
                   [report.test_loss for report in result.epochs], extra=predictions)
    kept = shown_images(test, run["snapshots"][-1]["predictions"])
    classes = {"image_shape": list(data.image_shape), "scale": test.scale, "labels": labels,
               "accuracy": [report.accuracy for report in result.epochs],
               "images": kept, "pixels": test.pixels[kept].tolist()}
    sizes = "-".join(map(str, result.sizes))
    look = _("Step through the epochs: the confusion matrix fills its diagonal as the test accuracy climbs, and the "
             "misclassified digits that remain are the hard ones.")
    if weights_fit([run]):
        look += " " + _("Each first-layer hidden node's weights, drawn as an image, show the strokes it looks for (blue "
                        "adds, orange subtracts).")
    return page(_("Handwritten digits: {sizes} on {data}", sizes=sizes, data=data.name), settings, look,
                {"epoch_name": EPOCH, "runs": [run], "classes": classes})


# ---------------------------------------------------------------- the new chapters' page types
def plane_around(patterns, margin: float = 0.25) -> list[float]:
    """The square [low, high] of the input plane that a page's surfaces show: every pattern's
    inputs inside it with `margin` to spare, the ends on multiples of 1/2."""
    low, high = patterns[0][0][0], patterns[0][0][0]
    # the smallest and largest input over the patterns
    for inputs, _ in patterns:
        for x in inputs:
            low, high = min(low, x), max(high, x)
    return [math.floor(2 * (low - margin)) / 2, math.ceil(2 * (high + margin)) / 2]


def descent_page(result, recorder: Recorder, settings: dict) -> str:
    """Chapter 10: the three ways of descent side by side, each run's network and surface at each
    snapshot (the same epochs for all three), and each run's loss after every update and its seconds."""
    from .ch10_descent import two_moons
    patterns = two_moons(result.n_points, result.noise, result.seed)
    runs = []
    # one run per way of descent, with what it did update by update
    for run, snapshots in zip(result.runs, recorder.runs):
        data = run_data(_("{name} ({batch} a step)", name=_(run.name), batch=run.batch_size), run.network, snapshots,
                        run.epoch_losses[1:])
        data["updates"] = {"per_epoch": run.updates_per_epoch, "losses": run.losses, "seconds": run.seconds}
        runs.append(data)
    sizes = "-".join(map(str, result.sizes))
    return page(_("Gradient descent three ways: a {sizes} net on two half-moons", sizes=sizes), settings,
                _("The three runs start from the same weights and see the same {samples} samples in the same order; "
                  "only how many samples make one step differs. Compare the loss against epochs (online gets "
                  "furthest) with the loss against updates (a batch's mean gradient makes the better step), then "
                  "drag the slider and watch each surface bend around the two moons.",
                  samples=result.n_points * result.epochs),
                {"epoch_name": EPOCH, "descent": True, "runs": runs, "patterns": patterns,
                 "plane": plane_around(patterns)})


def optimizers_page(compared, flipped, recorder: Recorder, settings: dict) -> str:
    """Chapter 11: the four optimizers' losses, networks and surfaces from the same initial weights;
    and tutorial 4's sign-flipped momentum runs: their errors and their final networks on XOR."""
    from .ch10_descent import two_moons
    from .truth_tables import XOR_PATTERNS
    patterns = two_moons(compared.n_points, compared.noise, compared.seed)
    runs = []
    # one run per optimizer, with its learning rate and momentum
    for run, snapshots in zip(compared.runs, recorder.runs):
        runs.append({**run_data(_(run.name), run.network, snapshots, run.losses[1:]), "lr": run.lr,
                     "momentum": run.momentum})
    sign_flipped = {"lr": flipped.lr, "epochs": flipped.epochs, "network": describe_network(flipped.runs[0].network),
                    "patterns": XOR_PATTERNS,
                    "runs": [{"rule": _(run.rule), "momentum": run.momentum, "errors": run.errors, "table": run.table,
                              "weights": copy_weights(run.network.weights)} for run in flipped.runs]}
    sizes = "-".join(map(str, compared.sizes))
    return page(_("SGD, momentum and Adam: a {sizes} net on two half-moons; tutorial 4's sign-flipped momentum",
                  sizes=sizes),
                settings,
                _("The four optimizers start from the same weights on the same data. Compare how fast each loss falls "
                  "and drag the slider to see each surface take shape. At the bottom, tutorial 4's momentum update "
                  "with its learning-rate term's sign flipped: at momentum 0 it climbs the error surface, at 0.4 it "
                  "still descends, because the momentum term outweighs the climbing one."),
                {"epoch_name": EPOCH, "runs": runs, "patterns": patterns, "plane": plane_around(patterns),
                 "sign_flipped": sign_flipped})


def dropout_page(result, recorder: Recorder, settings: dict) -> str:
    """Chapter 12: without and with dropout, the training and test losses, the networks, and the
    fitted curves against sin(πx) and the noisy training points at each snapshot (computed in the
    page from its weights; `final`: the trained nets' curves as bpnn computed them, which the page
    draws when the weights are too many to keep)."""
    runs = []
    # the run without dropout, then the one with it
    for run, snapshots in zip(result.runs, recorder.runs):
        name = _("dropout {rate:g}", rate=run.dropout) if run.dropout else _("no dropout")
        data = run_data(name, run.network, snapshots, run.train_losses, run.test_losses)
        data["losses"]["epochs"] = run.epochs_measured
        runs.append(data)
    sizes = "-".join(map(str, result.sizes))
    rate = result.runs[1].dropout
    return page(_("Dropout: a {sizes} net on {points} noisy points of sin(πx), without and with dropout {rate:g}",
                  sizes=sizes, points=result.n_train, rate=rate),
                settings,
                _("Both nets start from the same weights. Without dropout the training loss sinks below the noise's "
                  "variance (the dotted line, the loss of sin(πx) itself) while the test loss turns back up: the "
                  "curve bends through the noisy points. With dropout {rate:g} it stays near sin(πx). Drag the slider "
                  "to watch the two curves part.", rate=rate),
                {"epoch_name": EPOCH, "runs": runs,
                 "loss_floor": {"value": result.noise * result.noise, "name": _("noise variance")},
                 "fit": {"points": result.train_points, "truth": [[x, y] for x, y, _ in result.runs[0].curve],
                         "truth_name": "sin(πx)", "final": [[[x, y] for x, _, y in run.curve] for run in result.runs]}})


ACTIVATION_GRID = 240   # intervals of the grid over z on which an activations page draws each function


def activations_page(result, settings: dict) -> str:
    """Chapter 4: each activation and its derivative (computed by bpnn.activations, as backpropagation
    computes f' from y) on a grid over z, where it saturates and its largest slope; softmax's Jacobian."""
    from .ch04_activations import FORMULAS, REACH, point
    from .results import as_data
    shown_at = [p.z for p in result.activations[0].points]
    low = max(-REACH, min([-6.0, *shown_at]))
    high = min(REACH, max([6.0, *shown_at]))
    grid = [low + (high - low) * k / ACTIVATION_GRID for k in range(ACTIVATION_GRID + 1)]
    functions = []
    # each activation: its curve y and f' over the grid, and what chapter 4 found about it
    for profile in result.activations:
        data = as_data(profile)
        data["formulas"] = list(FORMULAS[profile.name])
        data["curve"] = [[sample.z, sample.y, sample.derivative] for sample in (point(profile.name, z) for z in grid)]
        functions.append(data)
    return page(_("Activation functions and their derivatives"), settings,
                _("Each function y = f(z) (grey) and its derivative f' (blue), which backpropagation multiplies every "
                  "delta by. Where f' is below {threshold:g} (shaded) a unit is saturated and passes almost no "
                  "gradient back. The sigmoid's f' is at most 1/4; tanh's reaches 1. At the bottom, softmax's "
                  "Jacobian.", threshold=result.threshold),
                {"runs": [], "activations": {"threshold": result.threshold, "range": [low, high],
                                             "functions": functions, "softmax": as_data(result.softmax)}})


def losses_page(result, settings: dict) -> str:
    """Chapter 5: tutorial 5's example term by term (its slip and the right total), each loss against
    the prediction p, tutorial 3's three points, and each loss's delta two ways."""
    from .results import as_data
    ps = [k / 200.0 for k in range(1, 200)]
    curves = [[p, -math.log(p), -math.log(1.0 - p), (1.0 - p) * (1.0 - p), p * p] for p in ps]
    return page(_("Losses by hand: tutorial 5's example term by term"), settings,
                _("Each example's loss, term by term. Tutorial 5 adds its cross-entropy terms with one sign slipped "
                  "(highlighted) and prints a negative total, which no sum of terms -t log p can be. Below, each loss "
                  "against the prediction p, with the four examples marked, and the delta each loss sends back."),
                {"runs": [], "losses": as_data(result), "curves": curves})


def wired_page(result, settings: dict) -> str:
    """Chapter 3: tutorial 4's hand-set weights as a 2-2-1 network, once with step units and once with
    sigmoid units: the drawing, each one's surface, the tables, and the sigmoid pass in matrix form."""
    from .ch03_wired import wired_network
    from .results import as_data
    from .truth_tables import XOR_PATTERNS
    network = wired_network()
    weights = copy_weights(network.weights)

    def run(name: str, activation: str, rows) -> dict:
        return {"name": name, "network": {"sizes": [2, 2, 1], "bias": [True, True], "activations": [activation] * 2,
                                          "loss": None},
                "losses": {"training": []},
                "snapshots": [{"epoch": 0, "weights": weights, "outputs": [[row.output] for row in rows]}]}
    return page(_("XOR wired by hand: AND(NAND(x1, x2), OR(x1, x2))"), settings,
                _("No learning: tutorial 4 sets the weights by hand. Hidden node 1 is NAND, hidden node 2 is OR, and "
                  "the output ANDs them. With step units the surface is XOR exactly; with sigmoid units the same "
                  "weights put all four patterns above 1/2 (all blue)."),
                {"epoch_name": "", "runs": [run(_("step units"), "step", result.step),
                                            run(_("sigmoid units"), "sigmoid", result.sigmoid)],
                 "patterns": XOR_PATTERNS, "wired": as_data(result)})
