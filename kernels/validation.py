"""Checks of a data set handed to the compiled path as numpy arrays, one pattern per row.

A clean array (real numbers, the network's width, all finite) is taken as it is. Anything else
is refused by the textbook's own checks of the same rows (bpnn.validation.check_patterns, or
check_vectors for predict), so that both paths refuse the same data with the same message,
naming the pattern and the column. They live here so that the textbook never needs numpy.
"""
import numpy as np

from bpnn.validation import check_patterns, check_vectors


def check_rows(values, what: str) -> None:
    """A 2-D numpy array: one pattern per row."""
    if not isinstance(values, np.ndarray) or values.ndim != 2:
        got = f"shape {values.shape}" if isinstance(values, np.ndarray) else type(values).__name__
        raise ValueError(f"{what} must be a 2-D array with one pattern per row, got {got}")


def clean_rows(values, width: int):
    """values as a C-contiguous float64 array, if its rows hold `width` finite real numbers each; else None."""
    if values.dtype.kind not in "iuf" or values.shape[1] != width:
        return None
    with np.errstate(over="ignore"):  # a float128 beyond float64's range becomes inf, and is refused below
        converted = np.ascontiguousarray(values, dtype=np.float64)
    return converted if np.isfinite(converted).all() else None


def check_input_array(inputs, width: int):
    """predict's inputs as a 2-D array, checked as the textbook's predict checks the same rows;
    returned as a C-contiguous float64 array."""
    check_rows(inputs, "inputs")
    converted = clean_rows(inputs, width)
    if converted is None:  # the textbook's refusal of the same rows (or its acceptance, say of an object array)
        converted = np.array(check_vectors(inputs, width, "inputs"), dtype=np.float64).reshape(len(inputs), width)
    return converted


def check_pattern_arrays(inputs, targets, n_inputs: int, n_outputs: int):
    """A data set as a pair of 2-D arrays (inputs, targets), one pattern per row, checked as
    check_patterns checks the same patterns as a list; returned as C-contiguous float64 arrays."""
    check_rows(inputs, "inputs")
    check_rows(targets, "targets")
    if len(inputs) != len(targets):
        raise ValueError(f"inputs has {len(inputs)} rows and targets {len(targets)}; "
                         "they must hold one row per pattern each")
    if len(inputs) == 0:
        raise ValueError("inputs and targets must hold at least one pattern")
    clean_inputs, clean_targets = clean_rows(inputs, n_inputs), clean_rows(targets, n_outputs)
    if clean_inputs is None or clean_targets is None:  # the textbook's refusal of the same patterns
        checked = check_patterns(list(zip(inputs, targets)), n_inputs, n_outputs)
        clean_inputs = np.array([pattern[0] for pattern in checked], dtype=np.float64).reshape(len(inputs), n_inputs)
        clean_targets = np.array([pattern[1] for pattern in checked], dtype=np.float64).reshape(len(inputs), n_outputs)
    return clean_inputs, clean_targets
