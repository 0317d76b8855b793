"""Checks of a data set handed to the compiled path as two numpy arrays, one pattern per row.

They refuse what bpnn.validation.check_patterns refuses of a list, with the same messages (the
numbers themselves go through bpnn.validation.check_number), and live here so that the textbook
never needs numpy.
"""
import numpy as np

from bpnn.validation import check_number


def check_array(values, width: int, what: str):
    """A 2-D array of real numbers with one pattern per row and `width` columns, as C-contiguous float64."""
    if not isinstance(values, np.ndarray) or values.ndim != 2:
        got = f"shape {values.shape}" if isinstance(values, np.ndarray) else type(values).__name__
        raise ValueError(f"{what} must be a 2-D array with one pattern per row, got {got}")
    if values.dtype.kind not in "iuf":
        raise ValueError(f"{what} must be an array of real numbers, got dtype {values.dtype}")
    if values.shape[1] != width:
        raise ValueError(f"{what} has {values.shape[1]} columns, the network expects {width}")
    return np.ascontiguousarray(values, dtype=np.float64)


def check_finite_rows(*arrays_and_names) -> None:
    """Refuse the first NaN or infinity, pattern by pattern, with check_patterns's message."""
    bad = np.zeros(len(arrays_and_names[0][0]), dtype=bool)
    for values, _ in arrays_and_names:
        bad |= ~np.isfinite(values).all(axis=1)
    if bad.any():
        p = int(np.argmax(bad))
        for values, what in arrays_and_names:
            for i, value in enumerate(values[p].tolist()):
                check_number(value, f"{what} of pattern {p}[{i}]")


def check_pattern_arrays(inputs, targets, n_inputs: int, n_outputs: int):
    """A data set as a pair of 2-D arrays (inputs, targets), one pattern per row, checked as
    check_patterns checks a list; returned as C-contiguous float64 arrays."""
    inputs = check_array(inputs, n_inputs, "inputs")
    targets = check_array(targets, n_outputs, "targets")
    if len(inputs) != len(targets):
        raise ValueError(f"inputs has {len(inputs)} rows and targets {len(targets)}; "
                         "they must hold one row per pattern each")
    if len(inputs) == 0:
        raise ValueError("inputs and targets must hold at least one pattern")
    check_finite_rows((inputs, "inputs"), (targets, "targets"))
    return inputs, targets
