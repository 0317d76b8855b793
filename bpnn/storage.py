"""Model files: JSON (never pickle), written atomically, read back with every field checked.

A file holds the architecture, the weights, the optimizer's state and the random generator's
state, so that training resumed from a file continues exactly as if it had never stopped.
"""
import json
import os
import tempfile

from .optimizers import OPTIMIZER_SLOTS
from .validation import check_architecture, check_choice, check_count, check_number, weight_shapes

FORMAT = "bpnn-model"
VERSION = 1


def network_document(network) -> dict:
    """A network's model file, as JSON-ready data: its architecture, weights, optimizer and the
    state of its random generator. (The file keeps the names of version 1: "output" is the output
    layer's activation, the optimizer's "step" the number of updates it has taken.)"""
    version, words, gauss_next = network.random.getstate()
    return {
        "format": FORMAT, "version": VERSION,
        "sizes": network.sizes, "activation": network.activation, "output": network.output_activation,
        "loss": network.loss, "bias": network.bias, "seed": network.seed,
        "weights": network.weights,
        "optimizer": None if network.optimizer is None else
        {"name": network.optimizer, "step": network.updates_taken, "state": network.optimizer_state},
        "random_state": [version, list(words), gauss_next],
    }


def network_from_document(network_class, document) -> object:
    """The network (of network_class, NeuralNetwork or one with its constructor) that a model
    file's data describes; every field is checked first."""
    return network_from_model(network_class, check_model(document))


def network_from_model(network_class, model: dict):
    network = network_class(model["sizes"], model["activation"], model["output"], model["loss"], model["bias"],
                            seed=model["seed"])
    network.weights = model["weights"]
    if model["optimizer"] is not None:
        network.optimizer = model["optimizer"]["name"]
        network.updates_taken = model["optimizer"]["step"]
        network.optimizer_state = model["optimizer"]["state"]
    version, words, gauss_next = model["random_state"]
    try:
        network.random.setstate((version, tuple(words), gauss_next))
    except (TypeError, ValueError, OverflowError) as error:
        raise ValueError(f"random_state is not a random.Random state: {error}") from None
    return network


def save(network, path) -> None:
    """Write a network's model file, atomically."""
    write_json_atomically(path, network_document(network))


def load(network_class, path):
    """The network in a model file written by save(); a bad file raises ValueError naming it."""
    model = read_model(path)
    try:
        return network_from_model(network_class, model)
    except ValueError as error:
        raise ValueError(f"{path}: not a valid bpnn model file: {error}") from None


def write_json_atomically(path, document: dict) -> None:
    """Write to a temporary file beside `path`, then rename it over `path`: a reader (or a crash,
    or Ctrl-C) sees the old file or the new one, never half of one."""
    directory = os.path.dirname(os.path.abspath(path))
    descriptor, temporary = tempfile.mkstemp(prefix=".bpnn-", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8") as file:
            os.fchmod(descriptor, 0o666 & ~current_umask())  # mkstemp makes it private; a model is not
            json.dump(document, file, allow_nan=False)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, path)
    except BaseException:
        os.unlink(temporary)
        raise


def current_umask() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return umask


def check_matrices(matrices, shapes, what: str) -> list:
    if not isinstance(matrices, list) or len(matrices) != len(shapes):
        raise ValueError(f"{what} must be a list of {len(shapes)} matrices")
    for l, ((rows, columns), matrix) in enumerate(zip(shapes, matrices)):
        if (not isinstance(matrix, list) or len(matrix) != rows
                or any(not isinstance(row, list) or len(row) != columns for row in matrix)):
            raise ValueError(f"{what}[{l}] must be a {rows} x {columns} matrix")
        for row in matrix:
            for value in row:
                check_number(value, f"{what}[{l}]")
    return [[[float(value) for value in row] for row in matrix] for matrix in matrices]


def read_model(path) -> dict:
    """Read and check a model file; returns its fields with the matrices as lists of floats.

    Any problem (not JSON, truncated, another format or version, a missing field, a wrong shape,
    a non-finite number) is a ValueError that names the file and the problem.
    """
    try:
        with open(path, encoding="utf-8") as file:
            document = json.load(file)
        return check_model(document)
    except (ValueError, UnicodeDecodeError, RecursionError) as error:  # JSONDecodeError is a ValueError
        raise ValueError(f"{path}: not a valid bpnn model file: {error}") from None


def check_model(document) -> dict:
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise ValueError(f"the format field is not {FORMAT!r}")
    if document.get("version") != VERSION:
        raise ValueError(f"format version {document.get('version')!r}, this bpnn reads version {VERSION}")
    fields = ("sizes", "activation", "output", "loss", "bias", "seed", "weights", "optimizer", "random_state")
    missing = [field for field in fields if field not in document]
    if missing:
        raise ValueError(f"missing field(s): {', '.join(missing)}")
    sizes, bias, loss = check_architecture(document["sizes"], document["activation"], document["output"],
                                           document["loss"], document["bias"], "pytorch", document["seed"])
    shapes = weight_shapes(sizes, bias)
    model = dict(document, sizes=sizes, bias=bias, loss=loss,
                 weights=check_matrices(document["weights"], shapes, "weights"))
    optimizer = document["optimizer"]
    if optimizer is not None:
        if not isinstance(optimizer, dict) or not isinstance(optimizer.get("state"), dict):
            raise ValueError("optimizer must be null or an object with name, step and state")
        name = check_choice(optimizer.get("name"), tuple(OPTIMIZER_SLOTS), "optimizer")
        state = optimizer["state"]
        if sorted(state) != sorted(OPTIMIZER_SLOTS[name]):
            raise ValueError(f"the {name} optimizer's state must hold {', '.join(OPTIMIZER_SLOTS[name])}")
        model["optimizer"] = {
            "name": name,
            "step": check_count(optimizer.get("step"), "optimizer step", minimum=0),
            "state": {slot: check_matrices(state[slot], shapes, f"optimizer state {slot}") for slot in state},
        }
    random_state = document["random_state"]
    if (not isinstance(random_state, list) or len(random_state) != 3 or not isinstance(random_state[1], list)
            or not all(isinstance(word, int) and 0 <= word < 2**32 for word in random_state[1])
            or not (random_state[2] is None or isinstance(random_state[2], float))):
        raise ValueError("random_state must be [version, [624 words and a position], gauss_next]")
    return model
