"""Model files: JSON (never pickle), written atomically, read back with every field checked.

A file holds the architecture, the weights, the optimizer's state and the random generator's
state, so that training resumed from a file continues exactly as if it had never stopped.

Writing goes through a temporary file beside the target, renamed over it when complete, so that
a reader, a crash or Ctrl-C sees the old file or the new one, never half of one. A process killed
while writing leaves its temporary file behind; the next save of the same target removes it.
Reading refuses what is not a regular file of a size this machine can parse, before reading it.
"""
import fcntl
import glob
import json
import math
import os
import stat
import tempfile

from . import validation
from .optimizers import OPTIMIZER_SLOTS
from .validation import LARGEST_COUNT, check_architecture, check_choice, check_count, check_number, shown, weight_shapes

FORMAT = "bpnn-model"
VERSION = 1
READ_CHUNK = 2**20


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
    """Write a JSON document (finite numbers only) with write_atomically."""
    write_atomically(path, lambda file: json.dump(document, file, allow_nan=False))


def write_atomically(path, write) -> None:
    """Call write(file) on a temporary file beside `path`, then rename it over `path`: a reader
    (or a crash, or Ctrl-C) sees the old file or the new one, never half of one.

    Refuses (ValueError) a target that is not a file to replace (check_target). A failure of the
    file system is an OSError naming `path`, not the temporary file.
    """
    check_target(path)
    try:
        remove_leftovers(path)
        descriptor, temporary = temporary_file(path)
        try:
            with os.fdopen(descriptor, "w", encoding="utf-8") as file:
                os.fchmod(descriptor, 0o666 & ~current_umask())  # mkstemp makes it private; a model is not
                write(file)
                file.flush()
                os.fsync(descriptor)
                os.replace(temporary, path)  # still locked: no other save takes it for a leftover
        except BaseException:
            if os.path.exists(temporary):
                os.unlink(temporary)
            raise
    except OSError as error:
        raise OSError(error.errno, error.strerror, os.fspath(path)) from None


def check_target(path) -> None:
    """Refuse, with a ValueError naming `path`, a path a file must not be written to: an empty
    path, a directory, or anything but a regular file, such as a device (/dev/null), a FIFO or a
    socket, which renaming a new file over would replace."""
    text = os.fspath(path)
    if not text:
        raise ValueError("the path is empty")
    if isinstance(text, str) and text.endswith(os.sep) or os.path.isdir(text):
        raise ValueError(f"{shown(text, path=True)} names a directory, not a file")
    try:
        mode = os.stat(text).st_mode
    except FileNotFoundError:
        return
    if not stat.S_ISREG(mode):
        raise ValueError(f"{shown(text, path=True)} is not a regular file (a device, FIFO or socket); "
                         "bpnn writes only regular files")


def temporary_file(path) -> tuple[int, str]:
    """(descriptor, name) of a new temporary file beside `path`, named after it
    (.bpnn-NAME-XXXXXXXX.tmp), and locked for as long as the descriptor is open: a lock that
    the system releases when its process ends, however it ends."""
    directory, name = os.path.split(os.path.abspath(path))
    while True:
        descriptor, temporary = tempfile.mkstemp(prefix=f".bpnn-{name[:100]}-", suffix=".tmp", dir=directory)
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        try:  # another save's remove_leftovers may have taken it before the lock: then take another
            if os.path.samestat(os.fstat(descriptor), os.stat(temporary)):
                return descriptor, temporary
        except FileNotFoundError:
            pass
        os.close(descriptor)


def remove_leftovers(path) -> None:
    """Remove the temporary files that interrupted saves of `path` left behind: those of
    temporary_file's name whose lock nobody holds (their process ended before renaming them)."""
    directory, name = os.path.split(os.path.abspath(path))
    pattern = os.path.join(glob.escape(directory), f".bpnn-{glob.escape(name[:100])}-????????.tmp")
    for leftover in glob.glob(pattern):
        try:
            descriptor = os.open(leftover, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        except OSError:
            continue
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
            os.unlink(leftover)
        except OSError:  # locked: a save in progress
            pass
        finally:
            os.close(descriptor)


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

    Any problem (not a regular file, too large to parse, not JSON, truncated, another format or
    version, a missing field, a wrong shape, a number that is not finite) is a ValueError that
    names the file and the problem. A file that cannot be opened raises the OSError of open().
    """
    try:
        document = json.loads(read_text(path, largest_model_file()), parse_constant=refuse_constant,
                              parse_float=finite_float)
        return check_model(document)
    except (ValueError, RecursionError) as error:  # JSONDecodeError and UnicodeDecodeError are ValueErrors
        raise ValueError(f"{path}: not a valid bpnn model file: {error}") from None


def largest_model_file() -> int:
    """The largest model file read: a quarter of this machine's memory, since json takes about
    four times a file's size to parse it (its bytes, its text, the floats and lists it holds)."""
    return validation.memory_size() // 4


def read_text(path, limit: int) -> str:
    """The UTF-8 text of a regular file of at most `limit` bytes. Anything else is refused before
    it is read: a device (/dev/zero never ends), a FIFO (opened without waiting for a writer),
    a directory, or a larger file."""
    descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    with os.fdopen(descriptor, "rb") as file:
        if not stat.S_ISREG(os.fstat(descriptor).st_mode):
            raise ValueError("not a regular file")
        # a megabyte at a time (file.read(n) would set n bytes aside at once, whatever the file holds)
        content = bytearray()
        while len(content) <= limit:
            part = file.read(min(READ_CHUNK, limit + 1 - len(content)))
            if not part:
                break
            content += part
    if len(content) > limit:
        raise ValueError(f"larger than {limit} bytes, the most this machine can parse (a quarter of its memory)")
    return content.decode("utf-8")


def refuse_constant(name: str):
    """json's hook for NaN, Infinity and -Infinity, which Python's json reads but a model file must not hold."""
    raise ValueError(f"{name} found: every number must be finite")


def finite_float(text: str) -> float:
    """json's hook for a number with a fraction or exponent: refused if beyond float's range (1e999)."""
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(f"{shown(text)} is beyond the range of a float")
    return value


def check_model(document) -> dict:
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise ValueError(f"the format field is not {FORMAT!r}")
    if document.get("version") != VERSION:
        raise ValueError(f"format version {shown(document.get('version'))}, this bpnn reads version {VERSION}")
    fields = ("sizes", "activation", "output", "loss", "bias", "seed", "weights", "optimizer", "random_state")
    missing = [field for field in fields if field not in document]
    if missing:
        raise ValueError(f"missing field(s): {', '.join(missing)}")
    sizes, bias, loss, seed = check_architecture(document["sizes"], document["activation"], document["output"],
                                                 document["loss"], document["bias"], "pytorch", document["seed"])
    shapes = weight_shapes(sizes, bias)
    model = dict(document, sizes=sizes, bias=bias, loss=loss, seed=seed,
                 weights=check_matrices(document["weights"], shapes, "weights"))
    optimizer = document["optimizer"]
    if optimizer is not None:
        if not isinstance(optimizer, dict) or not isinstance(optimizer.get("state"), dict):
            raise ValueError("optimizer must be null or an object with name, step and state")
        name = check_choice(optimizer.get("name"), tuple(OPTIMIZER_SLOTS), "optimizer")
        state = optimizer["state"]
        if set(state) != set(OPTIMIZER_SLOTS[name]):
            raise ValueError(f"the {name} optimizer's state must hold {', '.join(OPTIMIZER_SLOTS[name])}")
        model["optimizer"] = {
            "name": name,
            "step": check_count(optimizer.get("step"), "optimizer step", minimum=0, maximum=LARGEST_COUNT),
            "state": {slot: check_matrices(state[slot], shapes, f"optimizer state {slot}") for slot in state},
        }
        if name == "adam":  # v, a running mean of g², is never negative (and √v must exist)
            for l, matrix in enumerate(model["optimizer"]["state"]["second_moment"]):
                for row in matrix:
                    for value in row:
                        if value < 0.0:
                            raise ValueError(f"optimizer state second_moment[{l}] must not be negative, "
                                             f"got {shown(value)}")
    random_state = document["random_state"]
    if (not isinstance(random_state, list) or len(random_state) != 3 or not isinstance(random_state[1], list)
            or not all(isinstance(word, int) and not isinstance(word, bool) and 0 <= word < 2**32
                       for word in random_state[1])
            or not (random_state[2] is None or isinstance(random_state[2], float) and math.isfinite(random_state[2]))):
        raise ValueError("random_state must be [version, [624 words and a position], gauss_next, null or finite]")
    return model
