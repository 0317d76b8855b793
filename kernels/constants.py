"""The textbook's constants, handed to the kernels as an argument at every call.

Numba freezes a global variable into the machine code, and its cache would keep an old value if
the textbook changed one; an argument is read afresh at each call. `square` is the exponent of
the textbook's `**2`: as a run-time value it keeps `y**square` the C library's pow, the same
function CPython calls for `y**2`, where a constant 2 would be compiled to y*y (which differs in
the last bit about once in a thousand).
"""
from typing import NamedTuple

from bpnn.activations import LEAKY_SLOPE
from bpnn.optimizers import ADAM_BETA1, ADAM_BETA2, ADAM_EPSILON


class Constants(NamedTuple):
    square: float
    leaky_slope: float
    adam_beta1: float
    adam_beta2: float
    adam_epsilon: float


def textbook_constants() -> Constants:
    return Constants(2.0, LEAKY_SLOPE, ADAM_BETA1, ADAM_BETA2, ADAM_EPSILON)
