"""The two implementations of one network: "python", this textbook, and "numba", bpnn.kernels
(imported only when asked for, so that `import bpnn` needs neither numpy nor numba)."""
import contextlib
import sys
import time

from bpnn.network import NeuralNetwork
from bpnn.validation import check_choice

BACKENDS = ("python", "numba")


def network_class(backend: str) -> type:
    """NeuralNetwork for "python", bpnn.kernels.NumbaNetwork for "numba"; both take the same arguments."""
    if check_choice(backend, BACKENDS, "backend") == "numba":
        from bpnn.kernels import NumbaNetwork
        return NumbaNetwork
    return NeuralNetwork


@contextlib.contextmanager
def training_clock():
    """A clock for timing training, as time.perf_counter, that stops while the compiled kernels
    compile (a new installation's first run, once): that time is not the training's, and the CLI
    says it apart. With the textbook alone (bpnn.kernels not imported), time.perf_counter itself."""
    jit = sys.modules.get("bpnn.kernels.jit")
    if jit is None:
        yield time.perf_counter
        return
    compiling = [0.0]

    def finished(seconds: float) -> None:
        compiling[0] += seconds
    with jit.compilation_told(lambda cached: None, finished):
        yield lambda: time.perf_counter() - compiling[0]
