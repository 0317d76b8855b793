"""bpnn errata: each tutorial's bugs, what each does when run as written, and the corrected version beside it."""
import click

from bpnn.course import ch15_errata, datasets, plots
from bpnn.course.results import as_data

from . import main, options
from .descent import flip_outcome


@main.command(short_help="The tutorials' bugs: each run as written beside its correction.")
@click.argument("tutorial", metavar="[N]", required=False, type=click.IntRange(1, 5))
@click.option("--data", "directory", metavar="DIR", type=click.Path(exists=True, file_okay=False),
              help="Run tutorial 3's evaluation on your MNIST (the four IDX files in DIR) at the tutorial's own "
                   "sizes, 784-1568-10, instead of the shipped 8x8 digits.")
@click.option("--limit", type=click.IntRange(min=1),
              help="Tutorial 3: train on the first N training images (default: all the digits; with --data, the "
                   "tutorial's 50000).")
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
        raise click.UsageError(f"--data and --limit are options of tutorial 3's evaluation, not of tutorial "
                               f"{tutorial}'s errata")
    data, n_train, n_test = None, limit, None
    if 3 in tutorials:
        data = datasets.load_digits() if directory is None else load_mnist(directory)
        if directory is not None:
            n_train = ch15_errata.TUTORIAL_3_TRAIN if limit is None else limit
            n_test = ch15_errata.TUTORIAL_3_TEST
    steps = work(tutorials, data, n_train, n_test)
    with options.Progress(steps, "running", shown=not (quiet or as_json)) as progress:
        result = ch15_errata.errata(tutorials, data, n_train, n_test, seed, backend, callback=progress)
    if plot is not None:
        plots.errata(plot, result)
    if as_json:
        return options.emit_json({"command": "errata", **as_data(result)})
    for number in result.tutorials:
        if number != result.tutorials[0]:
            click.echo("")
        click.echo(f"=== tutorial {number} ===")
        PRINTERS[number](getattr(result, f"tutorial_{number}"))
    options.tell_written(quiet, plot=plot)


def load_mnist(directory: str) -> datasets.Dataset:
    try:
        return datasets.load_mnist(directory)
    except FileNotFoundError as error:
        raise click.BadParameter(str(error), param_hint="--data") from None
    except ValueError as error:  # a corrupt file is a runtime failure, not a bad option
        raise click.ClickException(str(error)) from None


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
    click.echo(click.wrap_text(text, width=100, initial_indent="- ", subsequent_indent="  "))


def outputs_text(outputs) -> str:
    return " ".join(f"{output:.6f}" for output in outputs)


# ---------------------------------------------------------------- tutorial 1
def tutorial_1_lines(part) -> None:
    plateau, noise = part.plateau, part.rounding_noise
    sizes = "-".join(map(str, plateau.sizes))
    bullet(f"The deep sigmoid net {sizes} does not fail on XOR; it sits on a plateau. The tutorial stopped after "
           f"{plateau.stopped_at} epochs at loss {plateau.printed_loss:.6f} and called it a failure.")
    click.echo(f"  ours, the same setting (BCE, SGD lr 1, full batch): loss {plateau.loss_at_stop:.6f} after "
               f"{plateau.stopped_at} epochs")
    if plateau.left_plateau is None:
        click.echo(f"  it is still on the plateau after {plateau.epochs} epochs (loss {plateau.final_loss:.6f})")
    else:
        click.echo(f"  trained longer (corrected): the loss falls below {plateau.plateau_exit:g} in epoch "
                   f"{plateau.left_plateau} and is {plateau.final_loss:.6f} after {plateau.epochs}; outputs "
                   f"{outputs_text(plateau.final_outputs)} for 00 01 10 11")
    bullet(f"The accuracy it prints near ln 2 is noise. After {plateau.stopped_at} epochs our outputs are "
           f"{outputs_text(plateau.outputs_at_stop)}, all within {plateau.farthest_from_half:.6f} of 1/2: "
           f"'accuracy' {100 * plateau.accuracy_at_stop:.0f}% (the tutorial printed "
           f"{100 * plateau.printed_accuracy:.0f}%).")
    printed = ", ".join(f"{100 * value:.0f}% after {updates}" for updates, value in noise.printed_accuracy.items())
    deviations = ", ".join(f"{value:.1e}" for value in noise.outputs_minus_half)
    click.echo(f"  the one sigmoid unit on XOR (tutorial 1's logistic regression): loss {noise.loss:.6f} = ln 2, "
               f"outputs 1/2 + ({deviations}): our 'accuracy' {100 * noise.accuracy:.0f}%; the tutorial printed "
               f"{printed}")
    options.explain("Answering 1/2 everywhere costs ln 2 = 0.693147; the deep sigmoid net's gradient is small "
                    "there (chapter 9), so its loss creeps down for thousands of epochs, then drops. Which side of "
                    "1/2 an output falls on while it is 1/2 give or take a rounding error (or a thousandth) says "
                    "nothing about what the net has learnt: an accuracy printed at ln 2 is noise.")


# ---------------------------------------------------------------- tutorial 2
def tutorial_2_lines(part) -> None:
    written, corrected, mean, zeros = part.as_written, part.corrected, part.mean_gradient, part.zeros
    click.echo("its hand-written backpropagation (2-2-1 sigmoid, BCE, the four patterns as one batch) does not run "
               "as written:")
    bullet(f"w1 = torch.Tensor(2, 2) and the rest: uninitialised memory. If it holds zeros, nothing ever moves: "
           f"every gradient of XOR cancels at zero weights and the cost stays {zeros.final_loss:.6f} = ln 2 for "
           f"{zeros.steps} steps (run corrected from zeros). Here: PyTorch's nn.Linear default, "
           f"U(-1/sqrt(fan_in), 1/sqrt(fan_in)), drawn by random.Random({part.seed}), the initial weights of bpnn xor "
           f"--tutorial 2.")
    bullet("d_a1 = torch.matmul(d_B2, ...): d_B2 is never defined (NameError); it means d_b2.")
    bullet("learning_rate is never defined (NameError); its other runs use lr 1, so here it is 1.")
    bullet("d_w = a^T d_l adds the batch's four gradients, while b - lr * torch.mean(d_b, 0) averages them: the "
           "weights step 4 times as far as the biases.")
    bullet("d_Y_pred = (Y - Y_pred) / (Y_pred (1 - Y_pred) + 1e-7) is minus the cost's slope: w - lr d_w then "
           "climbs the cost. Corrected: (Y_pred - Y) / (...).")
    click.echo(f"its cost at its print steps, its other slips fixed as above ({written.steps} steps, lr "
               f"{written.lr:g}):")
    click.echo(f"{'step':>7}{'as written':>14}{'corrected':>14}{'corrected, mean d_w':>22}")
    for (step, climbing), (_, falling), (_, averaged) in zip(written.printed, corrected.printed, mean.printed):
        if step % 1000 == 0:
            click.echo(f"{step:>7}{climbing:>14.6f}{falling:>14.6f}{averaged:>22.6f}")
    click.echo(f"outputs for 00 01 10 11: as written {outputs_text(written.outputs)}; corrected "
               f"{outputs_text(corrected.outputs)}")
    click.echo(f"bpnn's own network from the same weights, trained the same way (bpnn xor --tutorial 2 --hidden 2 "
               f"--seed {part.seed}): {part.textbook_loss:.6f} after {mean.printed[-1][0]} updates, beside "
               f"{mean.final_loss:.6f} for the corrected code with the mean")
    options.explain(f"As written the cost climbs from {written.first_loss:.6f} to {written.final_loss:.6f}: the "
                    "outputs are driven to the wrong ends, and stop only because the + 1e-7 beside Y_pred (1 - Y_pred) "
                    "then swamps the vanishing slope. With the sign corrected the same code learns XOR, cost "
                    f"{corrected.final_loss:.6f}. With the weights' gradient averaged like the biases' it is gradient "
                    "descent on its cost, which bpnn's network computes (the two differ only by the + 1e-7 and "
                    "rounding); the batch's sum takes 4 times larger weight steps and gets further in 10001 steps. "
                    "The issue measured 0.70 to 13.4 and 0.0003 in PyTorch (float32, its own initial weights); these "
                    "runs are float64.")


# ---------------------------------------------------------------- tutorial 3
def tutorial_3_lines(part) -> None:
    run, layers = part.evaluation, part.layers
    click.echo(f"its MNIST test loop, run on {run.dataset} ({'-'.join(map(str, run.sizes))} ReLU, Adam lr "
               f"{run.lr:g}, one image an update, {run.n_train} training images once each, seed {run.seed}), "
               f"{run.n_test} test images:")
    bullet("The evaluation loop still calls optimizer.zero_grad(), loss.backward() and optimizer.step(): it trains "
           "on each test image after classifying it, so every image is classified by a network that has learnt "
           "the ones before it.")
    click.echo(f"  plain test (corrected): {run.plain_hits} of {run.n_test} right, {run.plain_percentage:.2f}%")
    click.echo(f"  the tutorial's loop:    {run.loop_hits} of {run.n_test} right, {run.loop_percentage:.2f}%")
    click.echo(f"  the network the loop leaves, tested on the images it trained on: {run.after_hits} of "
               f"{run.n_test}, {run.after_percentage:.2f}%")
    bullet(f"It prints end / epoch * 100 after `for epoch in range({run.n_test})`: epoch ends at {run.n_test - 1}, "
           f"so it divides by {run.n_test - 1}: {run.printed_percentage:.2f}% where {run.loop_hits} / {run.n_test} "
           f"is {run.loop_percentage:.2f}%. On its 5000 MNIST images the quotient is "
           f"{layers.divisor_effect:.6f} times too large: its {layers.printed_percentage:g}% is "
           f"{layers.true_percentage:.3f}%.")
    inputs, first, listed, outputs = layers.sizes
    bullet(f"self.hidden_layers = [nn.Linear({first}, {listed})] is a plain list: network.parameters() does not "
           f"hold it, so Adam never trains it ({layers.untrained_parameters:,} weights and biases, "
           f"{layers.untrained_percentage:.1f}% of the network's, keep their random initial values; nor would "
           f"network.to(device) move them). Adam trains the {layers.trained_parameters:,} of input_layer and "
           "output_layer.")
    bullet("In that loop self.activation(x) is computed and thrown away, so the listed layer is linear: "
           "output_layer(H a + c) = (W H) a + (W c + b), two linear maps in a row, one linear map. The net is "
           f"{inputs}-{first}-{outputs} with a fixed random matrix in front of its output layer; bpnn cannot "
           "freeze a layer, so this is stated, not run.")
    bullet(f"The text says one hidden layer of {first}; the code defines {layers.hidden_layers_in_code} "
           f"({first} after input_layer, {listed} after the listed layer).")
    options.explain("Testing on images the network then trains on counts a network that keeps learning: the loop's "
                    "score is higher than the trained network's own, and the network it leaves behind has partly "
                    "memorised the test set. The corrected evaluation runs with torch.no_grad() and no optimizer "
                    "step, divides by the number of images tested, and keeps the layers in nn.ModuleList (with the "
                    "activation's result assigned: x = self.activation(x)).")


# ---------------------------------------------------------------- tutorial 4
def tutorial_4_lines(part) -> None:
    flipped = part.momentum
    bullet("Its momentum update v = mo * gradient_out - lr * gradient, with gradient = delta * y, the downhill "
           "direction: the learning-rate term climbs the error, the momentum term descends. Corrected: "
           "v = lr * gradient + mo * previous (the classic bpnn.py).")
    click.echo(f"  the classic 2-2-1 tanh net on XOR, online, lr {flipped.lr:g}, {flipped.epochs} epochs, the same "
               f"initial weights (seed {flipped.seed}):")
    click.echo(f"  {'rule':<27}{'momentum':>9}{'error epoch 1':>15}{f'epoch {flipped.epochs}':>12}")
    for run in flipped.runs:
        click.echo(f"  {run.rule:<27}{run.momentum:>9g}{run.errors[0]:>15.6f}{run.errors[-1]:>12.6f}")
    click.echo("  " + "; ".join(flip_outcome(run, flipped.lr) for run in flipped.runs
                                if run.rule.startswith("tutorial")) + ".")
    bullet("Its comment says tanh's derivative is yo(1 - yo); that is the sigmoid's. Its code computes 1 - y^2, "
           "which is right:")
    click.echo(f"  {'z':>6}{'y = tanh z':>13}{'1 - y^2':>11}{'y (1 - y)':>11}{'measured slope':>16}")
    for row in part.tanh:
        click.echo(f"  {row.z:>6g}{row.y:>13.6f}{row.derivative:>11.6f}{row.comment:>11.6f}{row.slope:>16.6f}")
    options.explain("While consecutive gradients are alike its update steps -(momentum - lr) g: with momentum below "
                    "lr it climbs, and at the tutorial's setting it converges only because the momentum term "
                    "outweighs the learning-rate term. The comment's y (1 - y) is negative for every negative z and "
                    "0 at z = 0, where tanh is steepest.")


# ---------------------------------------------------------------- tutorial 5
def tutorial_5_lines(part) -> None:
    example = part.example
    bullet(f"Its XOR table through sigmoid units: with its weights every output lies above 1/2 (the lowest is "
           f"{part.lowest_output:.6f}), so rounded the table reads 1 1 1 1, not 0 1 1 0. The same weights with "
           "step units (corrected) give XOR exactly:")
    click.echo(f"  {'x1 x2':>6}{'step':>6}{'sigmoid':>10}{'target':>8}")
    for step_row, sigmoid_row in zip(part.step, part.sigmoid):
        inputs = " ".join(str(x) for x in step_row.inputs)
        click.echo(f"  {inputs:>6}{step_row.output:>6g}{sigmoid_row.output:>10.6f}{step_row.target:>8}")
    printed = " ".join(f"{'-' if term < 0 else '+'} {abs(term):g}" for term in example.printed_terms)
    bullet(f"Its cross-entropy example prints {printed.lstrip('+ ')} = {example.printed_total:g}: the third term "
           f"lost its sign. Its own terms add up to {example.rounded_total:.3f} (unrounded "
           f"{example.one_hot_total:.6f}); no term -t log p is negative, so no total can be.")
    bullet("It applies the one-hot formula -sum t log p, meant for one distribution over classes, to four "
           "independent yes/no labels: every t = 0 example costs nothing, however wrong. Binary cross-entropy, "
           f"-sum [t log p + (1 - t) log(1 - p)], gives {example.bce_total:.3f} summed, {example.bce_mean:.3f} "
           "averaged.")
    options.explain("Chapters 3 and 5 compute these: bpnn wired shows why the sigmoid table misses (the small "
                    "weights keep the hidden units away from 0 and 1, and the AND unit's bias sits on a tie), bpnn "
                    "losses works the example term by term.")


PRINTERS = {1: tutorial_1_lines, 2: tutorial_2_lines, 3: tutorial_3_lines, 4: tutorial_4_lines, 5: tutorial_5_lines}
