"""Training benchmarks: each course workload x each implementation, on the same data and the same
initial weights (bench/workloads.py, bench/implementations.py).

With benchmarks enabled (python bench/report.py) each one is warmed up, timed once to choose
its number of rounds, then timed; in the normal test run (--benchmark-disable) each body runs
once on a small part of its workload and its result is checked.
"""
import math
import time

import numpy as np
import pytest

from implementations import COMPILED, IMPLEMENTATIONS, prepare, unavailable, warm_up, weights
from workloads import WORKLOADS, dataset, mnist_source, textbook_network


@pytest.mark.parametrize("implementation", IMPLEMENTATIONS)
@pytest.mark.parametrize("name", WORKLOADS)
def test_training(benchmark, rounds_for, name, implementation):
    reason = unavailable(implementation)
    if reason:
        pytest.skip(reason)
    workload = WORKLOADS[name]
    smoke = benchmark.disabled
    n, epochs = workload.size(smoke, implementation)
    setup, train = prepare(implementation, workload, n, epochs)

    rounds = 1
    if smoke:  # the rows are shared by every run: check that this one leaves them as they were
        inputs, targets = (array.copy() for array in dataset(workload, n))
    else:
        if implementation in COMPILED:
            warm_up(implementation, workload)
        args, kwargs = setup()
        started = time.perf_counter()
        train(*args, **kwargs)
        rounds = rounds_for(time.perf_counter() - started)

    benchmark.group = f"training {name}"
    benchmark.extra_info.update(
        kind="training", workload=name, implementation=implementation, samples=n, epochs=epochs,
        steps=workload.steps(n, epochs), full_samples=workload.samples, full_epochs=workload.epochs,
        batch_size=workload.batch_size,
        data=mnist_source() if workload.data == "mnist" else workload.data)
    network, errors = benchmark.pedantic(train, setup=setup, rounds=rounds, iterations=1)

    # the run did what it was asked: one finite error per epoch, and finite weights that moved
    assert len(errors) == epochs and all(math.isfinite(e) for e in errors)
    initial = [np.array(layer) for layer in textbook_network(workload).weights]
    trained = weights(implementation, network)
    assert [w.shape for w in trained] == [w.shape for w in initial]
    assert all(np.isfinite(w).all() for w in trained)
    assert any((w != w0).any() for w, w0 in zip(trained, initial))
    if epochs > 1:
        assert errors[-1] < errors[0]
    if workload.learned_error and (n, epochs) == (workload.samples, workload.epochs):
        assert errors[-1] < workload.learned_error  # the whole workload learns what the course says it does
    if smoke:
        assert all((shared == copy).all() for shared, copy in zip(dataset(workload, n), (inputs, targets)))
