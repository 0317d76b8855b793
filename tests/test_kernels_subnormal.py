"""The kernels' fast path through subnormal optimizer state (kernels/subnormals.py) gives the textbook's bits.

- Facts 1 and 2, the new state in integers, against the floating-point unit (NumPy, which does not
  flush subnormals): millions of random subnormals and betas in the default run, every significand
  below 2^24 and the top 2^20 for a few betas in the slow run. Fact 4, the fixed points, likewise.
- Fact 3, a step too small to move w: at the edge of the bound, and the bound is nearly tight.
- Whole updates, kernels against the textbook, bit for bit: hypothesis over single entries (every
  kind of weight, gradient, state, learning rate and momentum); blocks of mixed entries whose state
  keeps decaying, on the serial and the parallel path, with both branches of each fast path taken;
  training runs forced into subnormal state; a diverging update undone alike.
"""
import math
import re
import struct

import numba
import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from bpnn import NeuralNetwork
from bpnn.kernels import NumbaNetwork
from bpnn.kernels import network as kernel_network, subnormals
from bpnn.kernels.constants import textbook_constants
from bpnn.kernels.optimizers import CODES
from bpnn.optimizers import ADAM_BETA1, ADAM_BETA2, ADAM_EPSILON

SIGN = np.int64(-0x8000000000000000)
LARGEST_SUBNORMAL_BITS = (1 << 52) - 1
RNG = np.random.default_rng(13)
NOTHING_AT_REST = np.zeros(0, dtype=np.int16)  # put_back outside a training call: nothing rests
# the betas of the course (Adam's β1 and β2, momentum) and the edges of [2^-11, 1)
BETAS = [ADAM_BETA1, ADAM_BETA2, 0.5, 0.99, 0.95, 0.75, 0.3, 0.1, 2.0**-11, float(np.nextafter(1.0, 0.0))]


def bits(x: float) -> int:
    return struct.unpack("<q", struct.pack("<d", x))[0]


def from_bits(b: int) -> float:
    return struct.unpack("<d", struct.pack("<q", b))[0]


@numba.njit
def new_states(state_bits, zero_term_bits, beta, small):
    """The fast path's new state for each subnormal (Facts 1 and 2), by scaled_small_subnormal
    (small, k < 2^10) or scaled_subnormal, then with_zero_term."""
    significand, shift = subnormals.beta_parts(beta)
    out = np.empty_like(state_bits)
    for i in range(state_bits.shape[0]):
        if small:
            product = subnormals.scaled_small_subnormal(state_bits[i], significand, shift)
        else:
            product = subnormals.scaled_subnormal(state_bits[i], significand, shift)
        out[i] = subnormals.with_zero_term(product, zero_term_bits[i])
    return out


def check_against_the_fpu(k: np.ndarray, beta: float) -> int:
    """For x = ±k 2^-1074 and g = ±0: Adam's β x + (1 - β) g and SGD's β x + g, by the integers and by
    NumPy's float64 arithmetic (the textbook's expressions, array-wise), bit for bit. Returns the cases."""
    small = bool(k.max() < subnormals.SMALL)
    cases = 0
    for sign in (np.int64(0), SIGN):
        x_bits = k | sign
        x = x_bits.view(np.float64)
        for zero in (0.0, -0.0):
            g = np.full(k.shape, zero)
            got = new_states(x_bits, g.view(np.int64), beta, small)
            assert np.array_equal(got, (beta * x + (1.0 - beta) * g).view(np.int64))
            assert np.array_equal(got, (beta * x + g).view(np.int64))
            cases += 2 * k.size
    return cases


# ---------------------------------------------------------------- Facts 1 and 2: the new state in integers
def test_random_significands_and_betas_against_the_fpu():
    """Two million random subnormals (k up to 2^52) for random betas: uniform in [2^-11, 1), random bit
    patterns there (every exponent from 2^-11 to 2^-1), and the course's."""
    betas = [float(b) for b in RNG.uniform(2.0**-11, 1.0, 10)]
    betas += [float(b) for b in (RNG.integers(1012, 1023, 10) << 52 | RNG.integers(0, 1 << 52, 10)).view(np.float64)]
    cases = 0
    for beta in betas + BETAS:
        cases += check_against_the_fpu(RNG.integers(1, 1 << 52, 20_000, dtype=np.int64), beta)
    assert cases >= 2_000_000


@pytest.mark.parametrize("beta", BETAS)
def test_every_small_significand_against_the_fpu(beta):
    """Every k < 2^10 (one multiply, the steady state) and the first 2^16 (two, the way down)."""
    check_against_the_fpu(np.arange(1, subnormals.SMALL, dtype=np.int64), beta)
    check_against_the_fpu(np.arange(1, 1 << 16, dtype=np.int64), beta)


def test_ties_round_to_even():
    """Betas with few significant bits put many exact products half-way between two subnormals."""
    k = np.arange(1, 1 << 16, dtype=np.int64)
    ties = 0
    for beta in (0.5, 0.75, 0.25, 0.375, 0.625, 0.875, 0.5 + 2.0**-10, 1.5 * 2.0**-11):
        check_against_the_fpu(k, beta)
        ties += int(np.count_nonzero(k * round(beta * 2**14) % (1 << 14) == (1 << 13)))  # β 2^14 is an integer
    assert ties > 10_000


def test_the_decay_to_its_fixed_point():
    """β1 = 0.9 from the largest subnormal, step after step, as Python floats go: to k = 5 (0.9 · 5 rounds
    back to 5, the double 0.9 being a little above 0.9), through the large k and the small."""
    x, x_bits = from_bits(LARGEST_SUBNORMAL_BITS), np.array([LARGEST_SUBNORMAL_BITS], dtype=np.int64)
    zero = np.zeros(1, dtype=np.int64)
    for _ in range(400):
        x = ADAM_BETA1 * x + (1.0 - ADAM_BETA1) * 0.0
        x_bits = new_states(x_bits, zero, ADAM_BETA1, bool(x_bits[0] < subnormals.SMALL))
        assert x_bits[0] == bits(x)
    assert bits(x) == 5


@pytest.mark.parametrize("beta", BETAS + [float(b) for b in RNG.uniform(0.5, 1.0, 6)] + [1.0 - 2.0**-40])
def test_the_fixed_points(beta):
    """Fact 4: β x is x for every significand up to Decay.fixed_significand (the first 2^20 of them, and
    the last), and K + 2 is not fixed (K is the whole run of fixed points from 1, bar a tie at K + 1)."""
    fixed = int(subnormals.decay_of(beta, 100).fixed_significand)
    if beta < 0.5:
        assert fixed == 0
    if beta == ADAM_BETA1:
        assert fixed == 5
    k = np.arange(1, min(fixed, 1 << 20) + 1, dtype=np.int64)
    if fixed > 1 << 20:
        k = np.append(k, np.int64(fixed))
    x = k.view(np.float64)
    assert np.array_equal((beta * x).view(np.int64), k) and np.array_equal((-beta * x).view(np.int64), k | SIGN)
    if fixed + 2 <= LARGEST_SUBNORMAL_BITS:
        assert beta * from_bits(fixed + 2) != from_bits(fixed + 2)


def test_betas_outside_the_fast_path_set_nothing_aside():
    for beta in (1.0, 0.0, -0.5, 2.0**-12, 5e-324, math.inf, math.nan, 1.5):
        assert subnormals.decay_of(beta, 100).lowest_weight_exponent == subnormals.NEVER
    for beta in BETAS:
        assert subnormals.decay_of(beta, 100).lowest_weight_exponent == 100
    constants = textbook_constants()
    assert subnormals.adam_decay(0.0, 1.0, constants).lowest_weight_exponent == subnormals.NEVER
    assert subnormals.adam_decay(0.01, 1.0, constants._replace(adam_epsilon=0.0)).lowest_weight_exponent \
        == subnormals.NEVER
    assert subnormals.adam_decay(0.01, 1.0, constants._replace(adam_beta2=1.0)).lowest_weight_exponent \
        == subnormals.NEVER
    assert subnormals.sgd_decay(math.inf, 0.9).lowest_weight_exponent == subnormals.NEVER
    assert subnormals.sgd_decay(0.1, 0.0).lowest_weight_exponent == subnormals.NEVER


@settings(max_examples=2000, deadline=None)
@given(k=st.integers(1, LARGEST_SUBNORMAL_BITS), negative=st.booleans(), negative_zero=st.booleans(),
       beta=st.floats(2.0**-11, 1.0, exclude_max=True) | st.sampled_from(BETAS))
def test_hypothesis_against_python_floats(k, negative, negative_zero, beta):
    """The textbook's own expressions in Python floats are the oracle."""
    m = -from_bits(k) if negative else from_bits(k)
    g = -0.0 if negative_zero else 0.0
    got = new_states(np.array([bits(m)], dtype=np.int64), np.array([bits(g)], dtype=np.int64), beta,
                     k < subnormals.SMALL)[0]
    assert got == bits(beta * m + (1.0 - beta) * g) == bits(beta * m + g)


# ---------------------------------------------------------------- Fact 3: a step too small to move w
def lowest_exponent(step_size: float, epsilon: float) -> int:
    return subnormals.lowest_weight_exponent(math.frexp(step_size)[1], max(0, 1 - math.frexp(epsilon)[1]))


def test_steps_at_the_bound_leave_the_weight_as_it_is():
    """w at Fact 3's bound (a power of two: the nearer neighbour below), the largest subnormal m of
    either sign, v = 0 (den = ε, the smallest) or random, step_size just below a power of two: the
    textbook's w - step_size · (m / (√v / c2 + ε)) is w, 200 000 cases (NumPy, vectorised)."""
    n = 200_000
    a = RNG.integers(-60, 12, n)
    step_size = np.nextafter(np.ldexp(1.0, a), 0.0)
    epsilon = RNG.choice([ADAM_EPSILON, 2.0**-27, 1.0, 0.3, 1e-300], n)
    lowest = np.array([lowest_exponent(s, e) for s, e in zip(step_size.tolist(), epsilon.tolist())])
    assert (lowest <= 2046).all()
    w = (lowest << 52).view(np.float64) * RNG.choice([-1.0, 1.0], n)
    w[::3] = np.nextafter(w[::3], 2.0 * w[::3])  # the largest of its binade, in a third of the cases
    m = np.full(n, from_bits(LARGEST_SUBNORMAL_BITS)) * RNG.choice([-1.0, 1.0], n)
    m[1::2] = RNG.integers(1, 1 << 52, n // 2).view(np.float64)
    v = np.where(RNG.random(n) < 0.5, 0.0, RNG.uniform(0.0, 1e-6, n))
    c2 = RNG.uniform(1e-3, 1.0, n)
    assert np.array_equal(w - step_size * (m / (np.sqrt(v) / c2 + epsilon)), w)
    # SGD: w - lr · v, the case b = 0
    lowest_sgd = np.array([subnormals.lowest_weight_exponent(math.frexp(s)[1], 0) for s in step_size.tolist()])
    w_sgd = (lowest_sgd << 52).view(np.float64)
    assert np.array_equal(w_sgd - step_size * m, w_sgd)


def test_the_bound_is_nearly_tight():
    """Two binades of w below the bound, the same largest subnormal moves some weights."""
    moved = 0
    for a in range(-20, 6):
        step_size = float(np.nextafter(2.0**a, 0.0))
        for epsilon in (2.0**-27, 1.0):
            w = 2.0 ** (lowest_exponent(step_size, epsilon) - 2 - 1023)
            moved += w - step_size * (from_bits(LARGEST_SUBNORMAL_BITS) / epsilon) != w
    assert moved > 10


# ---------------------------------------------------------------- set_aside and put_back, directly
def test_set_aside_takes_exactly_the_entries_the_facts_cover():
    """Which entries set_aside replaces by +0 (and notes), and which it leaves to the textbook's loop."""
    decay = subnormals.adam_decay(0.01, 0.5, textbook_constants())
    tiny = 2.0 ** (decay.lowest_weight_exponent - 1 - 1023)  # just below the bound
    small_m, large_m = from_bits(5), -from_bits(123456789)
    #                       set aside?  weight  gradient sum  m         v
    cases = [(True, 0.5, 0.0, small_m, 1e-9), (True, -3.0, -0.0, large_m, 0.0), (True, 1e300, 0.0, small_m, math.inf),
             (True, 2 * tiny, 0.0, small_m, 1e-9),
             (False, tiny, 0.0, small_m, 1e-9), (False, 0.0, 0.0, small_m, 1e-9), (False, -0.0, 0.0, small_m, 1e-9),
             (False, from_bits(7), 0.0, small_m, 1e-9), (False, math.inf, 0.0, small_m, 1e-9),
             (False, math.nan, 0.0, small_m, 1e-9), (False, 0.5, 1e-3, small_m, 1e-9),
             (False, 0.5, from_bits(1), small_m, 1e-9), (False, 0.5, 0.0, 1e-300, 1e-9), (False, 0.5, 0.0, 0.0, 1e-9),
             (False, 0.5, 0.0, small_m, -1e-9), (False, 0.5, 0.0, small_m, -0.0), (False, 0.5, 0.0, small_m, math.nan)]
    expected = np.array([case[0] for case in cases])
    weights, gradients, m, v = (np.array([case[i] for case in cases]) for i in range(1, 5))
    put_back_bits = np.empty(len(cases), dtype=np.int64)
    before = m.copy()
    assert subnormals.set_aside(weights, gradients, m, v, True, decay, put_back_bits) == expected.sum()
    assert np.array_equal(m.view(np.int64), np.where(expected, 0, before.view(np.int64)))
    assert np.array_equal(put_back_bits == subnormals.NOT_SET_ASIDE, ~expected)
    new_m = ADAM_BETA1 * before + (1.0 - ADAM_BETA1) * (gradients / 1)
    assert np.array_equal(put_back_bits[expected], new_m[expected].view(np.int64))
    aside = m.copy()
    rest_exponent = subnormals.rest_exponent_of(decay)
    subnormals.put_back(m, put_back_bits, weights, NOTHING_AT_REST, decay.fixed_significand, rest_exponent)
    assert np.array_equal(m[expected].view(np.int64), new_m[expected].view(np.int64))
    # in a training call, the entries whose new state is a fixed point rest instead (+0 and their code),
    # if their weight is at least REST_MARGIN above the bound
    at_rest = np.zeros(len(cases), dtype=np.int16)
    rested = subnormals.put_back(aside, put_back_bits, weights, at_rest, decay.fixed_significand, rest_exponent)
    resting = expected & (np.abs(new_m) == small_m) & (np.abs(weights) >= 2.0 ** (rest_exponent - 1023))
    assert rested == resting.sum() == 2 and np.array_equal(at_rest != 0, resting) and set(at_rest[resting]) == {5}
    assert np.array_equal(aside.view(np.int64), np.where(resting, 0, m.view(np.int64)))
    subnormals.wake_all(aside, at_rest, np.array([rest_exponent, 1]))
    assert np.array_equal(aside.view(np.int64), m.view(np.int64)) and not at_rest.any()
    # SGD: its second slot (here the v above, some of them refused for Adam) is not looked at
    sgd = subnormals.sgd_decay(0.1, 0.9)
    counts = [subnormals.set_aside(weights, gradients, before.copy(), second, False, sgd, put_back_bits)
              for second in (v, np.zeros_like(v))]
    assert counts[0] == counts[1] > expected.sum()


def test_set_aside_runs_where_it_pays():
    """A block is set aside when some subnormal entry is at a fixed point (it will rest) or when at least
    FEW_SUBNORMALS are subnormal; fewer on their way down are left to the floating-point unit."""
    fixed = subnormals.decay_of(ADAM_BETA1, 100).fixed_significand
    block = RNG.normal(0.0, 1e-3, subnormals.BLOCK)
    assert not subnormals.worth_setting_aside(block, fixed)
    on_their_way = from_bits(fixed + 1), -from_bits(123456789), from_bits((1 << 52) - 1)
    block[:3] = on_their_way
    assert not subnormals.worth_setting_aside(block, fixed)
    block[3] = -from_bits(fixed)  # a fixed point
    assert subnormals.worth_setting_aside(block, fixed)
    block[3] = 0.0
    block[:subnormals.FEW_SUBNORMALS] = from_bits(fixed + 7)
    assert subnormals.worth_setting_aside(block, fixed)
    block[0] = 1e-300
    assert not subnormals.worth_setting_aside(block, fixed)


def test_set_aside_put_back_and_wake_all_do_no_floating_point_arithmetic():
    """Their machine code (compiled here without the cache, to read it) has no floating-point add,
    subtract, multiply, divide or square root: integer operations, loads, stores and selects only.
    (wake does one addition, the textbook's, for an entry whose gradient was not zero: Fact 5.)"""
    arithmetic = re.compile(r"^\s+v?(add|sub|mul|div|sqrt|fmadd|fmsub|fnmadd|fnmsub)[sp][sd]\s", re.M)
    block = np.zeros(subnormals.BLOCK)
    put_back_bits = np.empty(subnormals.BLOCK, dtype=np.int64)
    decay = subnormals.adam_decay(0.01, 0.5, textbook_constants())
    at_rest = np.zeros(subnormals.BLOCK, dtype=np.int16)
    for function, arguments in ((subnormals.set_aside, (block, block, block, block, True, decay, put_back_bits)),
                                (subnormals.put_back, (block, put_back_bits, block, at_rest, 5, 60)),
                                (subnormals.wake_all, (block, at_rest, np.ones(2, dtype=np.int64)))):
        compiled = numba.njit(function.py_func)
        compiled(*arguments)
        assembly = compiled.inspect_asm(compiled.signatures[0])
        assert function.py_func.__name__ in assembly
        assert arithmetic.findall(assembly) == []


# ---------------------------------------------------------------- whole updates: kernels against the textbook
SUBNORMAL = st.integers(1, LARGEST_SUBNORMAL_BITS).map(from_bits) | st.integers(1, 1 << 10).map(from_bits)
SIGNED_SUBNORMAL = st.builds(lambda x, negative: -x if negative else x, SUBNORMAL, st.booleans())
NORMAL = st.floats(-10.0, 10.0, allow_subnormal=False)
TINY = st.floats(1e-300, 1e-250) | st.floats(-1e-250, -1e-300)
WEIGHT = (NORMAL | TINY | SIGNED_SUBNORMAL | st.floats(1e250, 1e300)
          | st.sampled_from([0.0, -0.0, math.inf, -math.inf, math.nan, 2.0**-959, 2.0**-1000, 2.0**-1019]))
GRADIENT = st.sampled_from([0.0, -0.0]) | NORMAL | SIGNED_SUBNORMAL
STATE = SIGNED_SUBNORMAL | NORMAL | TINY | st.floats(-1e308, 1e308) | st.sampled_from([0.0, -0.0])
SECOND = (SUBNORMAL | NORMAL | TINY | st.sampled_from([0.0, -0.0, math.inf, math.nan])).map(abs)
LEARNING_RATE = st.floats(1e-6, 10.0) | st.floats(1e-300, 1e-250) | st.sampled_from([0.0, 5e-324])
MOMENTUM = st.floats(0.0, 1.0, exclude_max=True) | st.sampled_from([0.9, 0.5, 0.99, 0.0, 0.3, 2.0**-11, 2.0**-12])
ENTRY = st.tuples(WEIGHT, GRADIENT, STATE, SECOND)
# one 1-1 network a path (two weights: the bias's and the input's), reused by every example
PAIR = {"textbook": NeuralNetwork([1, 1], seed=0), "kernels": NumbaNetwork([1, 1], seed=0)}


def state_bits(network) -> list:
    """The bits of the weights and optimizer state (each slot in turn)."""
    matrices = [network.weights] + [network.optimizer_state[slot] for slot in sorted(network.optimizer_state)]
    return [bits(value) for layers in matrices for matrix in layers for row in matrix for value in row]


def one_update(entries, optimizer, lr, momentum, step, batch_size) -> None:
    """Both networks from the same weights, gradient sums and state, one weight update each: the same bits."""
    slots = {"adam": ("first_moment", "second_moment"), "sgd": ("velocity",)}[optimizer]
    for network in PAIR.values():
        network.optimizer, network.updates_taken = optimizer, step - 1
        network.weights = [[[entry[0]] for entry in entries]]
        network.gradients = [[[entry[1]] for entry in entries]]
        network.optimizer_state = {slot: [[[entry[2 + s]] for entry in entries]] for s, slot in enumerate(slots)}
        network.weight_update(lr, momentum, optimizer, batch_size)
    textbook, kernels = PAIR["textbook"], PAIR["kernels"]
    assert state_bits(kernels) == state_bits(textbook)


@settings(max_examples=600, deadline=None)
@given(entries=st.tuples(ENTRY, ENTRY), lr=LEARNING_RATE, step=st.integers(1, 100_000),
       batch_size=st.integers(1, 64))
def test_adam_updates_match_the_textbook(entries, lr, step, batch_size):
    one_update(entries, "adam", lr, 0.0, step, batch_size)


@settings(max_examples=600, deadline=None)
@given(entries=st.tuples(ENTRY, ENTRY), lr=LEARNING_RATE, momentum=MOMENTUM, batch_size=st.integers(1, 64))
def test_sgd_updates_match_the_textbook(entries, lr, momentum, batch_size):
    one_update(entries, "sgd", lr, momentum, 1, batch_size)


def mixed_entries(n: int, subnormal_share: float = 0.4):
    """Weights, gradient sums and optimizer state as a long run leaves them, every kind of entry mixed in:
    zero gradients over subnormal state (small and large significands, both signs), tiny, zero and
    subnormal weights, nonzero gradients over subnormal state, subnormal gradient sums and v."""
    weights = RNG.normal(0.0, 0.05, n)
    weights[RNG.random(n) < 0.01] = 0.0
    weights[RNG.random(n) < 0.01] = 1e-305
    few = RNG.random(n) < 0.01
    weights[few] = RNG.integers(1, 1 << 52, int(few.sum())).view(np.float64)
    gradients = RNG.normal(0.0, 1e-3, n)
    state = np.vstack([RNG.normal(0.0, 1e-3, n), RNG.uniform(0.0, 1e-6, n)])
    dead = RNG.random(n) < subnormal_share
    gradients[dead] = RNG.choice([0.0, -0.0], int(dead.sum()))
    significands = np.where(RNG.random(n) < 0.7, RNG.integers(1, 12, n), RNG.integers(1, 1 << 52, n))
    state[0, dead] = (significands[dead] | RNG.choice([0, SIGN], int(dead.sum()))).view(np.float64)
    alive = (RNG.random(n) < 0.01) & ~dead
    state[0, alive] = RNG.integers(1, 1 << 52, int(alive.sum())).view(np.float64)  # with a nonzero gradient
    few = RNG.random(n) < 0.01
    state[1, few] = RNG.integers(1, 1 << 52, int(few.sum())).view(np.float64)  # subnormal v
    gradients[RNG.random(n) < 0.002] = 3e-320
    return weights, gradients, state


def set_aside_count(arrays, optimizer, decay) -> tuple[int, int]:
    """(entries the next update sets aside, entries with a subnormal state it does not), on copies."""
    weights, gradients, state = (array.copy() for array in arrays)
    subnormal = int(np.count_nonzero((np.abs(state[0]) < np.finfo(np.float64).tiny) & (state[0] != 0.0)))
    aside = subnormals.set_aside(weights, gradients, state[0], state[1], optimizer == "adam", decay,
                                 np.empty(weights.size, dtype=np.int64))
    return aside, subnormal - aside


@pytest.mark.parametrize("optimizer,momentum,inputs,outputs", [
    ("adam", 0.0, 59, 50), ("sgd", 0.9, 59, 50), ("sgd", 0.3, 59, 50),  # 3000 weights: six blocks, one partial
    ("adam", 0.0, 511, 512), ("sgd", 0.9, 511, 512)])  # 2^18 weights: the parallel path
def test_blocks_of_decaying_state_match_the_textbook(optimizer, momentum, inputs, outputs):
    """Mixed entries (mixed_entries) through 12 updates (3 on the parallel path), the gradient sums set anew
    before each (mostly
    zero where the state is subnormal): weights and state bit for bit after every update, with entries
    set aside and entries with subnormal state left to the textbook's loop."""
    textbook = NeuralNetwork([inputs, outputs], activation="relu", output="linear", seed=0)
    kernels = NumbaNetwork([inputs, outputs], activation="relu", output="linear", seed=0)
    n = (inputs + 1) * outputs
    assert (n >= kernel_network.PARALLEL_WEIGHTS) == (inputs == 511)
    weights, gradients, state = mixed_entries(n)
    slots = ("first_moment", "second_moment") if optimizer == "adam" else ("velocity",)
    lr = 0.01 if optimizer == "adam" else 0.1
    for network in (textbook, kernels):
        network.optimizer, network.updates_taken = optimizer, 6000
        network.weights = [weights.reshape(inputs + 1, outputs).tolist()]
        network.optimizer_state = {slot: [state[s].reshape(inputs + 1, outputs).tolist()] for s, slot in enumerate(slots)}
    counts = []
    for update in range(12 if n < kernel_network.PARALLEL_WEIGHTS else 3):
        sums = gradients if update == 0 else RNG.normal(0.0, 1e-3, n)
        if update > 0:  # zero again where the state is subnormal, as for a black pixel or a dead unit
            current = np.array(kernels.optimizer_state[slots[0]][0]).ravel()
            sums[(np.abs(current) < 1e-300) & (RNG.random(n) < 0.95)] = 0.0
        for network in (textbook, kernels):
            network.gradients = [sums.reshape(inputs + 1, outputs).tolist()]
        arrays = (np.array(kernels.weights[0]).ravel(), sums, np.array(
            [np.array(kernels.optimizer_state[slot][0]).ravel() for slot in slots] + [np.zeros(n)] * (2 - len(slots))))
        step_size = lr / (1.0 - ADAM_BETA1 ** (kernels.updates_taken + 1))
        root = math.sqrt(1.0 - ADAM_BETA2 ** (kernels.updates_taken + 1))
        decay = (subnormals.adam_decay(step_size, root, textbook_constants()) if optimizer == "adam"
                 else subnormals.sgd_decay(lr, momentum))
        counts.append(set_aside_count(arrays, optimizer, decay))
        for network in (textbook, kernels):
            network.weight_update(lr, momentum, optimizer, 1 + update % 3)
        assert state_bits(kernels) == state_bits(textbook)
    # both branches: entries set aside, and subnormal state left to the textbook's loop (momentum 0.3 takes
    # its subnormals to zero within some 30 updates: Fact 2's zeros)
    assert counts[0][0] > n // 3 and counts[0][1] > n // 100 and all(left > 0 for _, left in counts[:3])
    assert sum(aside for aside, _ in counts) > n // 2 * min(len(counts), 2)


@pytest.mark.parametrize("optimizer,momentum,inputs,outputs", [
    ("adam", 0.0, 59, 50), ("sgd", 0.9, 59, 50), ("adam", 0.0, 511, 512)])  # 2^18 weights: the parallel path
def test_entries_rest_between_updates_and_wake(optimizer, momentum, inputs, outputs):
    """The weight_update kernel called as train calls it, one at_rest for 10 updates (4 on the parallel
    path, the larger learning rate at the third): entries at a fixed point
    rest (state +0, ±k in at_rest) from update to update; they wake when their gradient sum is not zero, with
    the textbook's state (Fact 5: normal, tiny and subnormal sums), and all of them wake when a larger
    learning rate lifts the bound above their weights. After every update, with the resting entries' states
    given back (wake_all), weights and state are the textbook's bit for bit."""
    n = (inputs + 1) * outputs
    threads = True if n >= kernel_network.PARALLEL_WEIGHTS else None
    updates, jump = (4, 2) if threads else (10, 7)
    textbook = NeuralNetwork([inputs, outputs], activation="relu", output="linear", seed=0)
    kernels = NumbaNetwork([inputs, outputs], activation="relu", output="linear", seed=0)
    weights, gradients, state = mixed_entries(n)
    tiny = RNG.random(n) < 0.02  # e(w) = 126: above the rest bound of lr 0.01, below that of lr 2^120
    weights[tiny] = RNG.choice([1e-270, -1e-270], int(tiny.sum()))
    state[0, tiny] = from_bits(5)
    gradients[tiny] = 0.0
    slots = ("first_moment", "second_moment") if optimizer == "adam" else ("velocity",)
    for network in (textbook, kernels):
        network.optimizer, network.updates_taken = optimizer, 6000
        network.weights = [weights.reshape(inputs + 1, outputs).tolist()]
        network.optimizer_state = {slot: [state[s].reshape(inputs + 1, outputs).tolist()]
                                   for s, slot in enumerate(slots)}
    arrays, at_rest, rest_state = kernels._arrays, np.zeros(n, dtype=np.int16), np.zeros(2, dtype=np.int64)
    resting, resting_tiny, woken = [], [], 0
    small_sums = [from_bits(1), -from_bits(40), 1e-310, -3e-305, 2e-303, 4e-302, -1e-300]  # Fact 5's cases
    for update in range(updates):
        lr = 2.0**120 if update == jump else 0.01 if optimizer == "adam" else 0.1
        sums = gradients if update == 0 else RNG.normal(0.0, 1e-3, n)
        if update > 0:  # zero where the state is subnormal or at rest, mostly; some small sums where it rests
            quiet = (np.abs(arrays.optimizer_state[0]) < 1e-300) | (at_rest != 0)
            sums[quiet & (RNG.random(n) < 0.95)] = 0.0
            small = (at_rest != 0) & (RNG.random(n) < 0.05)
            sums[small] = RNG.choice(small_sums, int(small.sum()))
            sums[tiny] = 0.0
        x = (1.0 - ADAM_BETA1) * sums if optimizer == "adam" else sums
        waking = (at_rest != 0) & (x != 0.0)
        woken += int(waking.sum())
        textbook.gradients = [sums.reshape(inputs + 1, outputs).tolist()]
        textbook.weight_update(lr, momentum, optimizer, 1)
        arrays.gradients[:] = sums
        kernel_network.weight_update(arrays, CODES[optimizer], lr, momentum, 6001 + update, 1, kernels._constants,
                                     threads, kernel_network.decaying_state(CODES[optimizer]), at_rest, rest_state)
        assert not at_rest[waking].any()
        resting.append(int(np.count_nonzero(at_rest)))
        resting_tiny.append(int(np.count_nonzero(at_rest[tiny])))
        first_slot = arrays.optimizer_state[0].copy()
        subnormals.wake_all(first_slot, at_rest.copy(), rest_state.copy())
        kernels_bits = [arrays.weights, first_slot] + ([arrays.optimizer_state[1]] if optimizer == "adam" else [])
        textbook_bits = [textbook.weights[0]] + [textbook.optimizer_state[slot][0] for slot in slots]
        for ours, theirs in zip(kernels_bits, textbook_bits):
            assert np.array_equal(np.asarray(ours).view(np.int64),
                                  np.asarray(theirs, dtype=np.float64).ravel().view(np.int64))
    assert min(resting) > n // 10 and woken > 50
    # the bound of the larger learning rate rose above the tiny weights: all of them woke; they rest again after
    # the next update
    assert resting_tiny[jump - 1] > tiny.sum() // 2 and resting_tiny[jump] == 0
    assert resting_tiny[jump + 1] == resting_tiny[jump - 1]


def forced_networks(optimizer, sizes, seed):
    """A textbook network and its kernels twin, trained a little, then with most of the optimizer's state
    made subnormal (small and large significands, both signs) and some weights tiny, zero or subnormal;
    and patterns whose inputs are 0.0 at the same 60% of places (zero gradients, as black pixels give)."""
    rng = np.random.default_rng(seed)
    textbook = NeuralNetwork(sizes, activation="relu", output="softmax", seed=seed)
    black = rng.random(sizes[0]) < 0.6  # inputs 0.0 in every pattern, as MNIST's border pixels
    patterns = [[[0.0 if black[i] else float(rng.random()) for i in range(sizes[0])],
                 np.eye(sizes[-1])[rng.integers(sizes[-1])].tolist()] for _ in range(8)]
    momentum = 0.9 if optimizer == "sgd" else 0.0
    textbook.train(patterns, epochs=1, lr=0.01, momentum=momentum, batch_size=1, optimizer=optimizer)

    def subnormal():
        k = int(rng.integers(1, 1 << 52)) if rng.random() < 0.3 else int(rng.integers(1, 12))
        return from_bits(k) * float(rng.choice([-1.0, 1.0]))

    def weight(w):
        draw = rng.random()
        return subnormal() if draw < 0.03 else 1e-300 if draw < 0.06 else 0.0 if draw < 0.08 else w
    textbook.weights = [[[weight(w) for w in row] for row in matrix] for matrix in textbook.weights]
    state = {slot: [[[subnormal() if rng.random() < 0.7 else v for v in row] for row in matrix] for matrix in matrices]
             for slot, matrices in textbook.optimizer_state.items()}
    if optimizer == "adam":
        state["second_moment"] = [[[abs(v) for v in row] for row in matrix] for matrix in state["second_moment"]]
    textbook.optimizer_state = state
    return textbook, NumbaNetwork.from_network(textbook), patterns, momentum


@pytest.mark.parametrize("optimizer", ["adam", "sgd"])
@pytest.mark.parametrize("sizes", [[6, 40, 3], [20, 700, 5]])
def test_training_through_subnormal_state_matches_the_textbook(optimizer, sizes):
    """Training from forced subnormal state, in mini-batches of 1 to 3: errors, weights and state bit for
    bit after every epoch; subnormal state remains throughout."""
    textbook, kernels, patterns, momentum = forced_networks(optimizer, sizes, seed=len(sizes[1:-1]) + sizes[1])
    for epoch in range(4):
        errors = [network.train(patterns, epochs=1, lr=0.01, momentum=momentum, batch_size=1 + epoch % 3,
                                optimizer=optimizer) for network in (textbook, kernels)]
        assert errors[0] == errors[1]
        assert state_bits(kernels) == state_bits(textbook)
    first = np.array([v for matrix in next(iter(kernels.optimizer_state.values())) for row in matrix for v in row])
    assert np.count_nonzero((np.abs(first) < np.finfo(np.float64).tiny) & (first != 0.0)) > first.size // 4


@pytest.mark.parametrize("optimizer", ["adam", "sgd"])
def test_a_diverging_update_among_set_aside_entries_is_undone_alike(optimizer):
    """One weight's update overflows in a block whose other entries are set aside: both paths raise
    FloatingPointError and keep the weights and state from before the update."""
    textbook, kernels, _, momentum = forced_networks(optimizer, [20, 700, 5], seed=3)
    gradients = [[[0.0 for _ in row] for row in matrix] for matrix in textbook.weights]
    gradients[0][3][4] = 1e308
    outcomes = []
    for network in (textbook, kernels):
        network.weights = [[[1e308 if (l, i, j) == (0, 3, 4) else w for j, w in enumerate(row)]
                            for i, row in enumerate(matrix)] for l, matrix in enumerate(network.weights)]
        network.gradients = [[row[:] for row in matrix] for matrix in gradients]  # (an update clears them)
        before = state_bits(network)
        with pytest.raises(FloatingPointError) as error:
            network.update_weights(1e10, momentum, optimizer, 1)
        outcomes.append(str(error.value))
        assert state_bits(network) == before
    assert outcomes[0] == outcomes[1]
    assert state_bits(kernels) == state_bits(textbook)


# ---------------------------------------------------------------- exhaustive (slow)
@pytest.mark.slow
@pytest.mark.parametrize("beta", [ADAM_BETA1, ADAM_BETA2, 0.5, 0.3, 2.0**-11, float(np.nextafter(1.0, 0.0))])
def test_every_significand_below_2_24_and_the_top_2_20(beta):
    """Some 270 million comparisons with the floating-point unit."""
    for start in range(0, 1 << 24, 1 << 21):
        check_against_the_fpu(np.arange(max(start, 1), start + (1 << 21), dtype=np.int64), beta)
    check_against_the_fpu(LARGEST_SUBNORMAL_BITS + 1 - np.arange(1, 1 << 20, dtype=np.int64), beta)
