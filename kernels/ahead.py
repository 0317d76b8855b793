"""Every kernel compiled ahead of time into the cache, as `bpnn compile` does.

A run compiles only what it needs, the first time it needs it: the kernels NumbaNetwork calls,
for the paths its network's products reach (kernels.network.paths: the plain loops for tiny
products, the tiles for larger ones, the tiles on threads for the largest). compile_all runs
every NumbaNetwork method once with each of the three, so that no later process compiles
anything: for a Docker image, a CI step or a classroom's machines.
"""
import time

from .jit import compiled_signatures
from .network import VERSIONS
from .numba_network import NumbaNetwork

XOR = [[[0.0, 0.0], [0.0]], [[0.0, 1.0], [1.0]], [[1.0, 0.0], [1.0]], [[1.0, 1.0], [0.0]]]


class TakingPaths(NumbaNetwork):
    """A 2-2-1 NumbaNetwork whose kernels take the given (tiles, threads), whatever its products' sizes."""

    def __init__(self, tiles_threads: tuple):
        super().__init__([2, 2, 1])
        self.tiles_threads = tiles_threads

    def _paths(self, capacity: int) -> tuple:
        return self.tiles_threads


def compile_all(done=None) -> list[tuple[str, int, float]]:
    """Compile (or load from the cache) every kernel NumbaNetwork calls, in each version of
    kernels.network.VERSIONS. Returns (version, signatures compiled, seconds) for each;
    done(version, compiled, seconds) is called as each is ready."""
    built = []
    for name, tiles_threads in VERSIONS.items():
        compiled_before, start = compiled_signatures(), time.perf_counter()
        network = TakingPaths(tiles_threads)
        network.train(XOR, 1, batch_size=2)  # train, with and without the subnormal fast path (decaying_state)
        network.train(XOR, 1, batch_size=2, optimizer="adam")
        network.test(XOR)  # forward_pass and pattern_losses, on batches
        network.forward(XOR[0][0])  # the one-pattern steps
        network.backward(XOR[0][1])
        network.update_weights(0.5, 0.1, "classic", 1)
        network.update_weights(0.5, 0.1, "sgd", 1)
        built.append((name, compiled_signatures() - compiled_before, time.perf_counter() - start))
        if done is not None:
            done(*built[-1])
    return built
