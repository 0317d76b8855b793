"""Long training runs, long enough for the optimizer's state to go subnormal: the time per step at the start and at the end.

    python bench/long_runs.py IMPLEMENTATION RUN [--snapshots DIR] [--steps N]   one run, one JSON line
    python bench/report.py --long-runs      every run on every implementation, each in a process of its own,
                                            written into RESULTS.md's section "Long runs"

Why: a weight whose gradient is exactly zero (a pixel that is almost always black, a dead ReLU
unit) sees its Adam first moment m, or its SGD velocity, multiplied by β < 1 at every step; after
some 6500 steps it is subnormal (below 2^-1022), and every floating-point operation with a
subnormal operand takes a microcode assist, some 50 times slower than a normal one (issue 13).
The kernels compute those entries' bits exactly without the floating-point unit
(kernels/subnormals.py); these runs show what that is worth, and what the other implementations
do on the same workload. A run trains on the workload's rows in order (no shuffle), in segments
of a train call each, and reports the wall time and this process's CPU time (all its threads)
per step of the first `window` steps and of the last, and how many first moments (velocities)
are subnormal after each segment.

The textbook takes about 0.6 s a step on these networks, so it runs a measured part of each run:
its first `textbook_steps` steps, and its last `textbook_steps` from the state the Numba run left
that many steps before its end (the Numba run saves both states under --snapshots; run it
first). Both parts end in the Numba run's weights and optimizer state, compared bit for bit: the
kernels' fast path through subnormal numbers is checked where it runs, deep in a real run.
"""
import argparse
import json
import math
import os
import resource
import sys
import time
from dataclasses import dataclass

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

from conftest import machine_busy_seconds  # noqa: E402
from implementations import IMPLEMENTATIONS, numba_network_class, torch_dtype  # noqa: E402
from workloads import Workload, dataset, mnist_source, textbook_network  # noqa: E402

SMALLEST_NORMAL = np.finfo(np.float64).tiny
SMALLEST_NORMAL_FLOAT32 = float(np.finfo(np.float32).tiny)


@dataclass(frozen=True)
class LongRun:
    workload: Workload
    window: int          # steps timed at the start and at the end
    segment: int         # steps per train call (Adam at batch size 1); 0: one epoch per call
    textbook_steps: int  # the textbook's measured part, at the start and at the end
    state: str           # the state that goes subnormal, as the report names it

    def segments(self, steps: int | None = None) -> list[tuple[int, int]]:
        """The run as (first row, end row) of each train call (one epoch each, rows in order), split
        so that the textbook's parts begin and end on a boundary."""
        w = self.workload
        rows, batch, epochs = w.samples, w.batch_size, w.epochs
        per_epoch = -(-rows // batch)
        total = steps if steps is not None else per_epoch * epochs
        cuts = {0, total, min(self.textbook_steps, total), max(total - self.textbook_steps, 0)}
        cuts |= set(range(0, total, self.segment or per_epoch))
        cuts |= set(range(0, total, per_epoch))  # a train call does not span two epochs
        cuts = sorted(cuts)
        return [(a % per_epoch * batch, min(rows, (b - 1) % per_epoch * batch + batch))
                for a, b in zip(cuts, cuts[1:])]

    def steps_of(self, segment: tuple[int, int]) -> int:
        return -(-(segment[1] - segment[0]) // self.workload.batch_size)


def mnist_workload(name, title, hidden, optimizer, lr, momentum, batch_size, samples, epochs):
    return Workload(name, title, dict(sizes=[784, hidden, 10], activation="relu", output="softmax"), optimizer=optimizer,
                    lr=lr, momentum=momentum, batch_size=batch_size, epochs=epochs, samples=samples, smoke_samples=0,
                    smoke_epochs=0, data="mnist")


LONG_RUNS = {
    "adam1568": LongRun(mnist_workload("adam1568", "MNIST 784-1568-10 ReLU/softmax (the course's), Adam lr 0.01, "
                                       "batch size 1, 20000 steps", 1568, "adam", 0.01, 0.0, 1, 20000, 1),
                        window=1000, segment=1000, textbook_steps=5, state="Adam's first moments"),
    "adam256": LongRun(mnist_workload("adam256", "MNIST 784-256-10 ReLU/softmax, Adam lr 0.01, batch size 1, "
                                      "20000 steps", 256, "adam", 0.01, 0.0, 1, 20000, 1),
                       window=1000, segment=1000, textbook_steps=10, state="Adam's first moments"),
    "sgd128": LongRun(mnist_workload("sgd128", "MNIST 784-128-10 ReLU/softmax, SGD lr 0.1 momentum 0.9, mini-batch 64, "
                                     "10 epochs (9380 steps)", 128, "sgd", 0.1, 0.9, 64, 60000, 10),
                      window=938, segment=0, textbook_steps=3, state="SGD's velocities"),
}


def process_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


# ---------------------------------------------------------------- each implementation behind train(rows) and first_moments()
class Trainer:
    def __init__(self, implementation: str, workload: Workload, inputs, targets):
        self.implementation, self.workload = implementation, workload
        self.settings = dict(epochs=1, lr=workload.lr, momentum=workload.momentum, batch_size=workload.batch_size,
                             optimizer=workload.optimizer)
        self.inputs, self.targets = inputs, targets
        if implementation == "numba":
            self.network = numba_network_class()(**workload.network, seed=0)
        elif implementation == "numpy":
            from numpy_network import NumpyNetwork
            self.network = NumpyNetwork(textbook_network(workload))
        elif implementation.startswith("torch"):
            from torch_network import TorchNetwork
            self.network = TorchNetwork(textbook_network(workload), torch_dtype(implementation))
            self.inputs, self.targets = self.network.as_tensors(inputs, targets)
        elif implementation == "textbook":
            self.network = textbook_network(workload)
        else:
            raise ValueError(f"unknown implementation {implementation!r}; choose one of {', '.join(IMPLEMENTATIONS)}")

    def train(self, start: int, end: int) -> list[float]:
        """One epoch over rows start..end-1, in order."""
        x, t = self.inputs[start:end], self.targets[start:end]
        if self.implementation == "numba":
            return self.network.train((x, t), **self.settings)
        if self.implementation == "numpy":
            return self.network.train(x, t, **self.settings)
        if self.implementation == "textbook":
            return self.network.train([[a, b] for a, b in zip(x.tolist(), t.tolist())], **self.settings)
        return self.network.train_arrays(x, t, **self.settings)

    def subnormal_states(self) -> tuple[int, int] | None:
        """(subnormal entries, entries) of Adam's first moments or SGD's velocities; None for the textbook."""
        if self.implementation == "numba":
            arrays, tiny = [self.network._arrays.optimizer_state[0]], SMALLEST_NORMAL
        elif self.implementation == "numpy":
            arrays, tiny = self.network.state[0], SMALLEST_NORMAL
        elif self.implementation.startswith("torch"):
            slot = "exp_avg" if self.workload.optimizer == "adam" else "momentum_buffer"
            arrays = [state[slot].numpy() for state in self.network.optimizer.state.values()]
            tiny = SMALLEST_NORMAL if self.implementation == "torch64" else SMALLEST_NORMAL_FLOAT32
        else:
            return None
        subnormal = sum(int(np.count_nonzero((np.abs(a) < tiny) & (a != 0))) for a in arrays)
        return subnormal, sum(a.size for a in arrays)


# ---------------------------------------------------------------- snapshots: the Numba run's states for the textbook's parts
def training_arrays(network) -> dict:
    """A textbook or Numba network's weights and optimizer state, flat float64, and its step count."""
    state = network.optimizer_state
    flat = {"weights": network.weights, **{slot: state[slot] for slot in sorted(state)}}
    arrays = {name: np.array([v for matrix in matrices for row in matrix for v in row], dtype=np.float64)
              for name, matrices in flat.items()}
    return {**arrays, "updates_taken": np.array(network.updates_taken), "optimizer": np.array(network.optimizer or "")}


def load_into(network, arrays) -> None:
    """Give a textbook network the weights and optimizer state of training_arrays()."""
    def matrices(flat):
        layers, offset = [], 0
        for l in range(len(network.sizes) - 1):
            rows, columns = network.sizes[l] + int(network.bias[l]), network.sizes[l + 1]
            layers.append(flat[offset:offset + rows * columns].reshape(rows, columns).tolist())
            offset += rows * columns
        return layers
    network.weights = matrices(arrays["weights"])
    network.optimizer = str(arrays["optimizer"])
    network.updates_taken = int(arrays["updates_taken"])
    network.optimizer_state = {slot: matrices(arrays[slot]) for slot in arrays
                               if slot not in ("weights", "updates_taken", "optimizer")}


def same_bits(a: dict, b: dict) -> bool:
    return all(np.array_equal(a[name].view(np.int64), b[name].view(np.int64)) if a[name].dtype == np.float64
               else a[name] == b[name] for name in a)


def snapshot_path(directory: str, run: str, which: str) -> str:
    return os.path.join(directory, f"{run}-{which}.npz")


# ---------------------------------------------------------------- a run
def timed(trainer: Trainer, segment) -> tuple[float, float]:
    wall, cpu = time.perf_counter(), process_seconds()
    errors = trainer.train(*segment)
    wall, cpu = time.perf_counter() - wall, process_seconds() - cpu
    if not all(math.isfinite(e) for e in errors):
        raise FloatingPointError(f"the run diverged: errors {errors}")
    return wall, cpu


def window_of(records: list[dict], steps: int) -> dict:
    """Per-step times of the first records whose steps add up to `steps` (or all of them)."""
    done = wall = cpu = 0.0
    for record in records:
        if done >= steps:
            break
        done, wall, cpu = done + record["steps"], wall + record["wall_s"], cpu + record["cpu_s"]
    return {"steps": int(done), "wall_ms_per_step": 1e3 * wall / done, "cpu_ms_per_step": 1e3 * cpu / done}


def run(implementation: str, name: str, snapshots: str | None = None, steps: int | None = None) -> dict:
    long_run = LONG_RUNS[name]
    workload = long_run.workload
    segments = long_run.segments(steps)
    total_steps = sum(long_run.steps_of(s) for s in segments)
    inputs, targets = dataset(workload, workload.samples)
    busy, own, started = machine_busy_seconds(), process_seconds(), time.monotonic()
    result = {"run": name, "implementation": implementation, "title": workload.title, "steps": total_steps,
              "data": mnist_source(), "state": long_run.state, "load_before": os.getloadavg()[0]}
    if implementation == "textbook":
        result.update(textbook_parts(long_run, segments, inputs, targets, snapshots))
    else:
        if implementation == "numba" or implementation.startswith("torch"):  # compile, or start up, untimed
            Trainer(implementation, workload, inputs, targets).train(0, 2 * workload.batch_size)
        trainer = Trainer(implementation, workload, inputs, targets)
        records, done = [], 0
        for segment in segments:
            wall, cpu = timed(trainer, segment)
            done += long_run.steps_of(segment)
            records.append({"steps": long_run.steps_of(segment), "wall_s": wall, "cpu_s": cpu, "after": done,
                            "subnormal": trainer.subnormal_states()})
            print(f"{implementation} {name}: step {done} of {total_steps}, {1e3 * wall / records[-1]['steps']:.3g} ms "
                  f"a step, subnormal {records[-1]['subnormal']}", file=sys.stderr, flush=True)
            if implementation == "numba" and snapshots and done in (long_run.textbook_steps,
                                                                    total_steps - long_run.textbook_steps):
                which = "start" if done == long_run.textbook_steps else "before_end"
                np.savez(snapshot_path(snapshots, name, which), **training_arrays(trainer.network))
        if implementation == "numba" and snapshots:
            np.savez(snapshot_path(snapshots, name, "end"), **training_arrays(trainer.network))
        window = min(long_run.window, total_steps)
        result.update(first=window_of(records, window), last=window_of(records[::-1], window), segments=records)
    wall = time.monotonic() - started
    busy_after = machine_busy_seconds()
    if busy is not None and busy_after is not None:
        result["other_cores"] = max(0.0, (busy_after - busy) - (process_seconds() - own)) / wall
    return result


def textbook_parts(long_run: LongRun, segments, inputs, targets, snapshots: str | None) -> dict:
    """The textbook's first and last textbook_steps steps, each checked against the Numba run's state."""
    workload = long_run.workload
    parts = {}
    for which, part, start_state, end_state in (("first", segments[0], None, "start"),
                                                ("last", segments[-1], "before_end", "end")):
        trainer = Trainer("textbook", workload, inputs, targets)
        if start_state is not None:
            if not snapshots or not os.path.exists(snapshot_path(snapshots, long_run.workload.name, start_state)):
                parts[which] = None  # the Numba run has not left its state: no last part
                continue
            with np.load(snapshot_path(snapshots, workload.name, start_state)) as saved:
                load_into(trainer.network, dict(saved))
        wall, cpu = timed(trainer, part)
        steps = long_run.steps_of(part)
        parts[which] = {"steps": steps, "wall_ms_per_step": 1e3 * wall / steps, "cpu_ms_per_step": 1e3 * cpu / steps}
        if snapshots and os.path.exists(snapshot_path(snapshots, workload.name, end_state)):
            with np.load(snapshot_path(snapshots, workload.name, end_state)) as saved:
                parts[which]["bitwise_equal_to_numba"] = same_bits(training_arrays(trainer.network), dict(saved))
    return parts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("implementation", choices=IMPLEMENTATIONS)
    parser.add_argument("run", choices=LONG_RUNS)
    parser.add_argument("--snapshots", help="directory of the Numba run's states (for the textbook's parts)")
    parser.add_argument("--steps", type=int, help="a shorter run: only this many steps")
    options = parser.parse_args()
    print(json.dumps(run(options.implementation, options.run, options.snapshots, options.steps)), flush=True)


if __name__ == "__main__":
    main()
