"""The two implementations of one network: "python", this textbook, and "numba", bpnn.kernels
(imported only when asked for, so that `import bpnn` needs neither numpy nor numba)."""
from bpnn.network import NeuralNetwork
from bpnn.validation import check_choice

BACKENDS = ("python", "numba")


def network_class(backend: str) -> type:
    """NeuralNetwork for "python", bpnn.kernels.NumbaNetwork for "numba"; both take the same arguments."""
    if check_choice(backend, BACKENDS, "backend") == "numba":
        from bpnn.kernels import NumbaNetwork
        return NumbaNetwork
    return NeuralNetwork
