"""bpnn errata: each tutorial's bugs, what each does when run as written, and the corrected version beside it."""
import click

from bpnn.course import ch15_errata, datasets, plots
from bpnn.course.language import N_, _
from bpnn.course.results import as_data

from . import main, options
from .descent import flip_outcome
from .language import display_width, fit, library_message, wrap


@main.command(short_help=N_("The tutorials' bugs: each run as written beside its correction."))
@click.argument("tutorial", metavar="[N]", required=False, type=click.IntRange(1, 5))
@click.option("--data", "directory", metavar="DIR", type=click.Path(exists=True, file_okay=False),
              help=N_("Run tutorial 3's evaluation on your MNIST (the four IDX files in DIR) at the tutorial's own "
                      "sizes, 784-1568-10, instead of the shipped 8x8 digits."))
@click.option("--limit", type=click.IntRange(min=1),
              help=N_("Tutorial 3: train on the first N training images (default: all the digits; with --data, the "
                      "tutorial's 50000)."))
@options.seed()
@options.backend("numba")
@options.plot
@options.reporting
@options.fails_cleanly
def errata(tutorial, directory, limit, seed, backend, plot, as_json, quiet):
    """The tutorials' bugs, each with what it does when run as written and the corrected version
    side by side; N (1 to 5) shows one tutorial's, no N all of them, grouped by tutorial.

    Tutorial 1: the deep sigmoid net sits on a plateau, it does not fail; its accuracy at ln 2
    is rounding noise. Tutorial 2: its hand-written backpropagation, whose flipped sign climbs
    the loss. Tutorial 3: its evaluation loop trains on the test images and divides by 4999,
    and its hidden layer list is never trained (run on the shipped 8x8 digits, or on your MNIST
    with --data). Tutorial 4: its momentum update subtracts the learning-rate term; its comment
    on tanh's derivative. Tutorial 5: its sigmoid XOR table and its cross-entropy total.
    The networks train on either backend with the same numbers, bit for bit; tutorial 2's
    code is plain Python floats either way.

    Example: bpnn errata 2
    """
    tutorials = ch15_errata.TUTORIALS if tutorial is None else (tutorial,)
    if 3 not in tutorials and (directory is not None or limit is not None):
        raise click.UsageError(_("--data and --limit are options of tutorial 3's evaluation, not of tutorial "
                                 "{tutorial}'s errata", tutorial=tutorial))
    data, n_train, n_test = None, limit, None
    if 3 in tutorials:
        data = datasets.load_digits() if directory is None else load_mnist(directory)
        if directory is not None:
            n_train = ch15_errata.TUTORIAL_3_TRAIN if limit is None else limit
            n_test = ch15_errata.TUTORIAL_3_TEST
    steps = work(tutorials, data, n_train, n_test)
    with options.Progress(steps, N_("running"), shown=not (quiet or as_json)) as progress:
        result = ch15_errata.errata(tutorials, data, n_train, n_test, seed, backend, callback=progress)
    if plot is not None:
        plots.errata(plot, result)
    if as_json:
        return options.emit_json({"command": "errata", **as_data(result)})
    for number in result.tutorials:
        if number != result.tutorials[0]:
            click.echo("")
        click.echo(_("=== tutorial {number} ===", number=number))
        PRINTERS[number](getattr(result, f"tutorial_{number}"))
    options.tell_written(quiet, plot=plot)


def load_mnist(directory: str) -> datasets.Dataset:
    try:
        return datasets.load_mnist(directory)
    except FileNotFoundError as error:
        raise click.BadParameter(str(error), param_hint="--data") from None
    except ValueError as error:  # a corrupt file is a runtime failure, not a bad option
        raise click.ClickException(library_message(str(error))) from None


def work(tutorials, data, n_train, n_test) -> int:
    """The progress bar's length: an epoch of each training run, a test image of tutorial 3's loop."""
    steps = 0
    if 1 in tutorials:
        steps = steps + ch15_errata.TUTORIAL_1_EPOCHS
    if 3 in tutorials:
        steps = steps + 1 + len(data.test.first(n_test))
    if 4 in tutorials:
        steps = steps + ch15_errata.TUTORIAL_4_RUNS * ch15_errata.TUTORIAL_4_EPOCHS
    return steps


def bullet(text: str) -> None:
    """A bug, as an item of a list: wrapped by display width, the lines after the first indented."""
    click.echo(wrap(text, width=100, initial_indent="- ", subsequent_indent="  "))


def outputs_text(outputs) -> str:
    return " ".join(f"{output:.6f}" for output in outputs)


# ---------------------------------------------------------------- tutorial 1
def tutorial_1_lines(part) -> None:
    plateau, noise = part.plateau, part.rounding_noise
    bullet(_("The deep sigmoid net {sizes} does not fail on XOR; it sits on a plateau. The tutorial stopped after "
             "{stopped} epochs at loss {printed:.6f} and called it a failure.",
             sizes="-".join(map(str, plateau.sizes)), stopped=plateau.stopped_at, printed=plateau.printed_loss))
    click.echo("  " + _("ours, the same setting (BCE, SGD lr 1, full batch): loss {loss:.6f} after {stopped} epochs",
                        loss=plateau.loss_at_stop, stopped=plateau.stopped_at))
    if plateau.left_plateau is None:
        click.echo("  " + _("it is still on the plateau after {epochs} epochs (loss {loss:.6f})",
                            epochs=plateau.epochs, loss=plateau.final_loss))
    else:
        click.echo("  " + _("trained longer (corrected): the loss falls below {below:g} in epoch {left} and is "
                            "{loss:.6f} after {epochs}; outputs {outputs} for 00 01 10 11",
                            below=plateau.plateau_exit, left=plateau.left_plateau, loss=plateau.final_loss,
                            epochs=plateau.epochs, outputs=outputs_text(plateau.final_outputs)))
    bullet(_("The accuracy it prints near ln 2 is noise. After {stopped} epochs our outputs are {outputs}, all within "
             "{farthest:.6f} of 1/2: 'accuracy' {accuracy:.0f}% (the tutorial printed {printed:.0f}%).",
             stopped=plateau.stopped_at, outputs=outputs_text(plateau.outputs_at_stop),
             farthest=plateau.farthest_from_half, accuracy=100 * plateau.accuracy_at_stop,
             printed=100 * plateau.printed_accuracy))
    printed = ", ".join(_("{accuracy:.0f}% after {updates}", accuracy=100 * value, updates=updates)
                        for updates, value in noise.printed_accuracy.items())
    deviations = ", ".join(f"{value:.1e}" for value in noise.outputs_minus_half)
    click.echo("  " + _("the one sigmoid unit on XOR (tutorial 1's logistic regression): loss {loss:.6f} = ln 2, "
                        "outputs 1/2 + ({deviations}): our 'accuracy' {accuracy:.0f}%; the tutorial printed {printed}",
                        loss=noise.loss, deviations=deviations, accuracy=100 * noise.accuracy, printed=printed))
    options.explain(_("Answering 1/2 everywhere costs ln 2 = 0.693147; the deep sigmoid net's gradient is small "
                      "there (chapter 9), so its loss creeps down for thousands of epochs, then drops. Which side of "
                      "1/2 an output falls on while it is 1/2 give or take a rounding error (or a thousandth) says "
                      "nothing about what the net has learnt: an accuracy printed at ln 2 is noise."))


# ---------------------------------------------------------------- tutorial 2
def tutorial_2_lines(part) -> None:
    written, corrected, mean, zeros = part.as_written, part.corrected, part.mean_gradient, part.zeros
    click.echo(_("its hand-written backpropagation (2-2-1 sigmoid, BCE, the four patterns as one batch) does not run "
                 "as written:"))
    bullet(_("w1 = torch.Tensor(2, 2) and the rest: uninitialised memory. If it holds zeros, nothing ever moves: "
             "every gradient of XOR cancels at zero weights and the cost stays {loss:.6f} = ln 2 for {steps} steps "
             "(run corrected from zeros). Here: PyTorch's nn.Linear default, U(-1/sqrt(fan_in), 1/sqrt(fan_in)), "
             "drawn by random.Random({seed}), the initial weights of bpnn xor --tutorial 2.",
             loss=zeros.final_loss, steps=zeros.steps, seed=part.seed))
    bullet(_("d_a1 = torch.matmul(d_B2, ...): d_B2 is never defined (NameError); it means d_b2."))
    bullet(_("learning_rate is never defined (NameError); its other runs use lr 1, so here it is 1."))
    bullet(_("d_w = a^T d_l adds the batch's four gradients, while b - lr * torch.mean(d_b, 0) averages them: the "
             "weights step 4 times as far as the biases."))
    bullet(_("d_Y_pred = (Y - Y_pred) / (Y_pred (1 - Y_pred) + 1e-7) is minus the cost's slope: w - lr d_w then "
             "climbs the cost. Corrected: (Y_pred - Y) / (...)."))
    click.echo(_("its cost at its print steps, its other slips fixed as above ({steps} steps, lr {lr:g}):",
                 steps=written.steps, lr=written.lr))
    click.echo(fit(_("step"), 7) + fit(_("as written"), 14) + fit(_("corrected"), 14)
               + fit(_("corrected, mean d_w"), 22))
    for (step, climbing), (_step, falling), (_same, averaged) in zip(written.printed, corrected.printed, mean.printed):
        if step % 1000 == 0:
            click.echo(f"{step:>7}{climbing:>14.6f}{falling:>14.6f}{averaged:>22.6f}")
    click.echo(_("outputs for 00 01 10 11: as written {written}; corrected {corrected}",
                 written=outputs_text(written.outputs), corrected=outputs_text(corrected.outputs)))
    click.echo(_("bpnn's own network from the same weights, trained the same way (bpnn xor --tutorial 2 --hidden 2 "
                 "--seed {seed}): {loss:.6f} after {updates} updates, beside {mean_loss:.6f} for the corrected code "
                 "with the mean", seed=part.seed, loss=part.textbook_loss, updates=mean.printed[-1][0],
                 mean_loss=mean.final_loss))
    options.explain(_("As written the cost climbs from {first:.6f} to {last:.6f}: the outputs are driven to the wrong "
                      "ends, and stop only because the + 1e-7 beside Y_pred (1 - Y_pred) then swamps the vanishing "
                      "slope. With the sign corrected the same code learns XOR, cost {corrected:.6f}. With the "
                      "weights' gradient averaged like the biases' it is gradient descent on its cost, which bpnn's "
                      "network computes (the two differ only by the + 1e-7 and rounding); the batch's sum takes 4 "
                      "times larger weight steps and gets further in 10001 steps. The issue measured 0.70 to 13.4 and "
                      "0.0003 in PyTorch (float32, its own initial weights); these runs are float64.",
                      first=written.first_loss, last=written.final_loss, corrected=corrected.final_loss))


# ---------------------------------------------------------------- tutorial 3
def tutorial_3_lines(part) -> None:
    run, layers = part.evaluation, part.layers
    click.echo(_("its MNIST test loop, run on {dataset} ({sizes} ReLU, Adam lr {lr:g}, one image an update, {n_train} "
                 "training images once each, seed {seed}), {n_test} test images:", dataset=run.dataset,
                 sizes="-".join(map(str, run.sizes)), lr=run.lr, n_train=run.n_train, seed=run.seed,
                 n_test=run.n_test))
    bullet(_("The evaluation loop still calls optimizer.zero_grad(), loss.backward() and optimizer.step(): it trains "
             "on each test image after classifying it, so every image is classified by a network that has learnt "
             "the ones before it."))
    plain, loop = _("plain test (corrected):"), _("the tutorial's loop:")
    column = max(display_width(plain), display_width(loop)) + 1
    for label, hits, percentage in ((plain, run.plain_hits, run.plain_percentage),
                                    (loop, run.loop_hits, run.loop_percentage)):
        click.echo("  " + fit(label, column, "<") + _("{hits} of {n_test} right, {percentage:.2f}%", hits=hits,
                                                       n_test=run.n_test, percentage=percentage))
    click.echo("  " + _("the network the loop leaves, tested on the images it trained on: {hits} of {n_test}, "
                        "{percentage:.2f}%", hits=run.after_hits, n_test=run.n_test, percentage=run.after_percentage))
    bullet(_("It prints end / epoch * 100 after `for epoch in range({n_test})`: epoch ends at {last}, so it divides "
             "by {last}: {printed:.2f}% where {hits} / {n_test} is {percentage:.2f}%. On its 5000 MNIST images the "
             "quotient is {effect:.6f} times too large: its {tutorial_printed:g}% was really {true:.3f}%.",
             n_test=run.n_test, last=run.n_test - 1, printed=run.printed_percentage, hits=run.loop_hits,
             percentage=run.loop_percentage, effect=layers.divisor_effect,
             tutorial_printed=layers.printed_percentage, true=layers.true_percentage))
    inputs, first, listed, outputs = layers.sizes
    bullet(_("self.hidden_layers = [nn.Linear({first}, {listed})] is a plain list: network.parameters() does not "
             "hold it, so Adam never trains it ({untrained:,} of the network's weights and biases, "
             "{percentage:.1f}%, keep their random initial values; nor would network.to(device) move them). Adam "
             "trains the {trained:,} of input_layer and output_layer.", first=first, listed=listed,
             untrained=layers.untrained_parameters, percentage=layers.untrained_percentage,
             trained=layers.trained_parameters))
    bullet(_("In that loop self.activation(x) is computed and thrown away, so the listed layer is linear: "
             "output_layer(H a + c) = (W H) a + (W c + b), two linear maps in a row, one linear map. The net is "
             "{inputs}-{first}-{outputs} with a fixed random matrix in front of its output layer; bpnn cannot "
             "freeze a layer, so this is stated, not run.", inputs=inputs, first=first, outputs=outputs))
    bullet(_("The text says one hidden layer of {first}; the code defines {count} ({first} after input_layer, "
             "{listed} after the listed layer).", first=first, count=layers.hidden_layers_in_code, listed=listed))
    options.explain(_("Testing on images the network then trains on counts a network that keeps learning: the "
                      "loop's score is higher than the trained network's own, and the network it leaves behind has "
                      "partly memorised the test set. The corrected evaluation runs with torch.no_grad() and no "
                      "optimizer step, divides by the number of images tested, and keeps the layers in "
                      "nn.ModuleList (with the activation's result assigned: x = self.activation(x))."))


# ---------------------------------------------------------------- tutorial 4
def tutorial_4_lines(part) -> None:
    flipped = part.momentum
    bullet(_("Its momentum update v = mo * gradient_out - lr * gradient, with gradient = delta * y, the downhill "
             "direction: the learning-rate term climbs the error, the momentum term descends. Corrected: "
             "v = lr * gradient + mo * previous (the classic bpnn.py)."))
    click.echo("  " + _("the classic 2-2-1 tanh net on XOR, online, lr {lr:g}, {epochs} epochs, the same initial "
                        "weights (seed {seed}):", lr=flipped.lr, epochs=flipped.epochs, seed=flipped.seed))
    click.echo("  " + fit(_("rule"), 27, "<") + fit(_("momentum"), 9) + fit(_("error epoch 1"), 15)
               + fit(_("epoch {epoch}", epoch=flipped.epochs), 12))
    for run in flipped.runs:
        click.echo(f"  {fit(_(run.rule), 27, '<')}{run.momentum:>9g}{run.errors[0]:>15.6f}{run.errors[-1]:>12.6f}")
    click.echo("  " + _("; ").join(flip_outcome(run, flipped.lr) for run in flipped.runs
                                   if run.rule.startswith("tutorial")) + ".")
    bullet(_("Its comment says tanh's derivative is yo(1 - yo); that is the sigmoid's. Its code computes 1 - y^2, "
             "which is right:"))
    click.echo(f"  {'z':>6}{'y = tanh z':>13}{'1 - y^2':>11}{'y (1 - y)':>11}" + fit(_("measured slope"), 16))
    for row in part.tanh:
        click.echo(f"  {row.z:>6g}{row.y:>13.6f}{row.derivative:>11.6f}{row.comment:>11.6f}{row.slope:>16.6f}")
    options.explain(_("While consecutive gradients are alike its update steps -(momentum - lr) g: with momentum "
                      "below lr it climbs, and at the tutorial's setting it converges only because the momentum term "
                      "outweighs the learning-rate term. The comment's y (1 - y) is negative for every negative z "
                      "and 0 at z = 0, where tanh is steepest."))


# ---------------------------------------------------------------- tutorial 5
def tutorial_5_lines(part) -> None:
    example = part.example
    bullet(_("Its XOR table through sigmoid units: with its weights every output lies above 1/2 (the lowest is "
             "{lowest:.6f}), so rounded the table reads 1 1 1 1, not 0 1 1 0. The same weights with step units "
             "(corrected) give XOR exactly:", lowest=part.lowest_output))
    click.echo(f"  {'x1 x2':>6}" + fit(_("step units"), 16) + fit(_("sigmoid units"), 17) + fit(_("target"), 8))
    for step_row, sigmoid_row in zip(part.step, part.sigmoid):
        inputs = " ".join(str(x) for x in step_row.inputs)
        click.echo(f"  {inputs:>6}{step_row.output:>16g}{sigmoid_row.output:>17.6f}{step_row.target:>8}")
    printed = " ".join(f"{'-' if term < 0 else '+'} {abs(term):g}" for term in example.printed_terms)
    bullet(_("Its cross-entropy example prints {printed} = {total:g}: the third term lost its sign. Its own terms "
             "add up to {rounded:.3f} (unrounded {unrounded:.6f}); no term -t log p is negative, so no total can be.",
             printed=printed.lstrip("+ "), total=example.printed_total, rounded=example.rounded_total,
             unrounded=example.one_hot_total))
    bullet(_("It applies the one-hot formula -sum t log p, meant for one distribution over classes, to four "
             "independent yes/no labels: every t = 0 example costs nothing, however wrong. Binary cross-entropy, "
             "-sum [t log p + (1 - t) log(1 - p)], gives {summed:.3f} summed, {averaged:.3f} averaged.",
             summed=example.bce_total, averaged=example.bce_mean))
    options.explain(_("Chapters 3 and 5 compute these: bpnn wired shows why the sigmoid table misses (the small "
                      "weights keep the hidden units away from 0 and 1, and the AND unit's bias sits on a tie), bpnn "
                      "losses works the example term by term."))


PRINTERS = {1: tutorial_1_lines, 2: tutorial_2_lines, 3: tutorial_3_lines, 4: tutorial_4_lines, 5: tutorial_5_lines}
