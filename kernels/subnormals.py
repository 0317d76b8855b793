"""The optimizer's update through subnormal numbers: the textbook's bits, without the floating-point unit's slow path.

A weight whose gradient is exactly zero (a pixel that is almost always black, a dead ReLU unit)
has its Adam first moment, or its SGD velocity, multiplied by β < 1 at every step:

    m ← β1 m + (1 - β1) g   (Adam, g = ±0)          v ← μ v + g   (SGD, g = ±0)

After some 6500 steps it is subnormal (below 2^-1022), and there it stays: with β1 = 0.9 its
significand k goes to round(0.9 k) and stops at 5 (the double 0.9 is a little above 0.9). On x86
every floating-point operation with a subnormal operand takes a microcode assist, some 50 times
slower than a normal one; flushing subnormals to zero (FTZ/DAZ) would change the bits, and the
textbook's Python floats do not flush. So kernels.network's weight update hands the textbook's
equations (kernels.optimizers, unchanged) a +0 in place of such a state entry (set_aside), and
writes the entry's true new state after them (put_back), computed here from its bits with integer
operations, by the three facts below. Which entries are set aside is a choice of speed only: any
entry can take either way and gets the same bits (tests/test_kernels_subnormal.py checks both).

Notation. A float64 x has the bits b (an int64): the sign (bit 63), the exponent field e(b) (bits
62..52) and the significand field f(b) (bits 51..0). x is subnormal when e = 0 and f ≠ 0, and then
|x| = f · 2^-1074. A β in [2^-11, 1) is B · 2^-(53+t), with B = 2^52 + f(β) and t = 1022 - e(β) in
[0, 10] (beta_parts).

Fact 1 (β m in integers). For a subnormal m = ±k · 2^-1074 (0 < k < 2^52) and β = B · 2^-(53+t) in
[2^-11, 1): fl(β m) = ±q · 2^-1074, q = k B / 2^(53+t) rounded to the nearest integer, ties to even.
  Proof. |β m| = (k B / 2^(53+t)) · 2^-1074 < k · 2^-1074 < 2^-1022. The floats in [0, 2^-1022] are
  exactly the multiples of 2^-1074 (zero, the subnormals and 2^-1022), so rounding to nearest, ties
  to even (IEEE 754 with gradual underflow) gives the multiple nearest to β m, at a tie the one
  whose significand q is even; the sign is m's (β > 0). ∎ As k β < k, q ≤ k: the product stays a
  subnormal (or zero). The integers (scaled_subnormal): k B < 2^105; with k = k1 2^27 + k0 and
  B = B1 2^27 + B0 (k1 < 2^25, B1 < 2^26; k0, B0 < 2^27), the middle term C = k1 B0 + k0 B1 < 2^54,
  split as C1 2^26 + C0 (C0 < 2^26), gives k B = (2 k1 B1 + C1) 2^53 + (C0 2^27 + k0 B0) = H 2^53 + L,
  every partial product and sum below 2^63; L's carry moved into H leaves L < 2^53. Then q = H >> t,
  plus one when the remainder r = (H mod 2^t) 2^53 + L (< 2^63) is above the half 2^(52+t), or equal
  to it with q odd (rounded_quotient). For k < 2^10, k B < 2^63 takes one multiply
  (scaled_small_subnormal).

Fact 2 (the zero term). With g = ±0, (1 - β1) g is the zero of g's sign (1 - β1 > 0), and SGD adds
g itself. x + (±0) = x for x ≠ 0, and for zeros, rounding to nearest, (+0) + (+0) = +0,
(-0) + (-0) = -0, (+0) + (-0) = (-0) + (+0) = +0. So β m + (1 - β) g is fl(β m) when that is not
zero, else -0 if both fl(β m) and g are -0, else +0 (with_zero_term).

Fact 3 (a step too small to move w). Let w be finite with e(w) ≥ 4 and E = e(w) - 1023, so
2^E ≤ |w| < 2^(E+1): w's neighbours are at least 2^(E-53) away, so fl(w - u) = w for every
|u| < 2^(E-54) (w - u is nearer to w than half of either gap; no tie). Adam's step is
u = fl(step_size · fl(m / den)), den = fl(fl(√v / c2) + ε), c2 = √(1 - β2^t) in (0, 1]. Let the new
m be subnormal or zero (|m| < 2^-1022), the new v in [+0, +∞] (then den ≥ ε, rounding being
monotone; den = +∞ gives m / den = ±0), step_size < 2^a, and ε ≥ 2^-b with b ≥ 0. Then
|m / den| < 2^(b-1022), a float, so |fl(m / den)| ≤ 2^(b-1022), |step_size · fl(m / den)| <
2^(a+b-1022), and |u| ≤ max(2^(a+b-1022), 2^-1074) (below the subnormals a power of two rounds to
0 or 2^-1074). If e(w) ≥ a + b + 56, then a + b - 1022 < E - 54, and 2^-1074 < 2^(E-54) as
E ≥ -1019: w - u == w, the weight needs no arithmetic. SGD's u = fl(lr · v), with a subnormal or
zero new v and lr < 2^a, is the case b = 0.

Fact 4 (the fixed points). For β in [1/2, 1) (t = 0), D = 2^53 - B ≥ 1 and every k with
0 < k ≤ K = ⌊(2^52 - 1) / D⌋: q = k, so fl(β m) = m and, by Fact 2, the new state is m itself.
  Proof. k B / 2^53 = k - k D / 2^53 with 0 < k D ≤ 2^52 - 1 < 2^52: k B / 2^53 is less than half
  away from k, which is the nearest integer. ∎ For β < 1/2 (t ≥ 1), K = 0: β k < k / 2 ≤ k - 1/2 for
  k ≥ 1, and q < k. With β1 = 0.9, K = 5: the steady state, where an entry stops, is a fixed point:
  set_aside notes its bits as they are, and computes Fact 1 only for the k above K
  (Decay.fixed_significand), which are few: an entry passes them in some 330 steps.

The fast path. An entry is set aside when its gradient sum is ±0 (g = sum / batch size is then
the zero of the same sign), its state is subnormal, its weight's exponent is at least Fact 3's
bound (Decay.lowest_weight_exponent) and, for Adam, its v is in [+0, +∞] (the new v then is too,
as 0 < β2 < 1). The textbook's loop then computes, from the +0 in its place and with no subnormal
operand: m = β1 (+0) + (1 - β1)(±0) = +0, v as always, and w - step_size · (+0 / den) = w - (+0) = w,
which by Fact 3 is the textbook's w (SGD: v = μ (+0) + (±0) = +0, w - lr · (+0) = w); put_back then
writes the decayed state (Facts 1, 2, 4) over the +0. Everything else takes the textbook's arithmetic,
subnormal operands and all (the same bits, slower): a nonzero gradient, a weight below the bound
(|w| < 2^-900 or so, or zero), β outside [2^-11, 1), a subnormal Adam v (it decays by β2 = 0.999
only: some 7 · 10^5 zero gradients in a row), classic momentum (its previous change is -g, no
decaying state). The +0 reaches the floating-point unit through memory (set_aside is compiled
apart and stores it; the loop loads it), which the compiler cannot see through: however it
compiles the loop (vectorised, branches turned into selects), no floating-point operation ever
has a set-aside state entry as operand. set_aside and put_back use integer operations only. The
update calls them only for a block where they pay (worth_setting_aside): a block with a subnormal
entry at a fixed point, or with at least FEW_SUBNORMALS subnormal entries; a few entries on their
way down (some 460 of 1.2 million at the end of the course's MNIST run, one or two in a block)
cost the floating-point unit less than two more passes over their block.

Fact 5 (at rest). Let an entry's state be a fixed point m = ±k · 2^-1074 (0 < k ≤ K, Fact 4; k < 2^15)
and let the textbook's loop see +0 in its place. With x = fl((1 - β1) g) (Adam; SGD: x = g), the loop
computes the state fl(β (+0) + x), which is x, or +0 when x = ±0; the textbook computes
fl(fl(β m) + x) = fl(m + x). (a) If x = ±0, the textbook's state is m (m ≠ 0), and its weight is the
loop's w - (+0) = w by Fact 3. (b) If |x| ≥ 2^-1005, fl(m + x) = x: |m| < 2^-1059 is less than half
an ulp of x; both computed their step from the same state, so their weights agree too. (c) Otherwise
both states are at most 2^-1005 = 2^17 · 2^-1022 in magnitude (|m + x| < 2^-1005 rounds to at most
2^-1005), and Fact 3's proof with 17 more in the exponent leaves the weight as it is on both sides
when e(w) is at least Fact 3's bound + 17 (REST_MARGIN). Adam's v in [+0, +∞] stays there at every
such update (fl(β2 v) plus +0 or a finite g², or +∞).
  So, within a training call (train), an entry set aside whose new state is such a fixed point, and
whose weight's exponent is at least Fact 3's bound + 17, rests: put_back leaves the +0 in its place
and notes ±k in at_rest (int16, laid out as the weights). At each later update the loop sees +0 for
it; after the loop, wake finds the resting entries whose new state is not +0 (cases b and c), gives
each the textbook's state fl(m + x), the textbook's own addition done by the floating-point unit, and
ends its rest; in case (a) the entry rests on. The bound the resting weights were checked against
must hold at every update: weight_update wakes all (wake_all) before an update whose bound is higher
than the one they rest under (rest_state), and train wakes all before it returns, so that outside
a training call the state is the textbook's, bit for bit. What resting saves: at the end of a long
run nearly all the subnormal state is at a fixed point (in the course's MNIST run, 394,078 of 394,567
entries, all at k = 5), so set_aside and put_back run only in the blocks where some state is still on
its way down, and wake's pass reads only at_rest and the state the loop has just written.
"""
import math
from typing import NamedTuple

import numpy as np
from numba.core import types
from numba.extending import intrinsic

from .jit import jit

SIGN = np.int64(-0x8000000000000000)  # bit 63
MAGNITUDE = np.int64(0x7FFFFFFFFFFFFFFF)  # bits 62..0
SIGNIFICAND = np.int64((1 << 52) - 1)  # bits 51..0
SMALLEST_NORMAL_BITS = np.int64(1 << 52)  # the bits of 2^-1022
INFINITY_BITS = np.int64(0x7FF0000000000000)
LARGEST_EXPONENT = 2046  # of a finite float
SMALLEST_SKIPPED_EXPONENT = 4  # Fact 3 needs |w| ≥ 2^-1019
NEVER = 4096  # an exponent field no weight has: nothing is set aside
NOT_SET_ASIDE = np.int64(-1)  # put_back's mark for an entry the textbook's loop computed (the bits of a NaN)
SMALL = 1 << 10  # the significands k for which k B < 2^63
MOVING_GROUP = 64  # entries per group of set_aside's pass over the entries above the fixed points
LARGEST_AT_REST = 32767  # the largest significand an entry of at_rest (int16) holds: below 2^15
REST_MARGIN = 17  # Fact 5: a resting entry's weight is at least this far above Fact 3's bound
FEW_SUBNORMALS = 8  # fewer subnormal entries in a block, none at a fixed point: the floating-point unit takes them
BLOCK = 512  # entries per block of the weight update (4 KB per array: the block stays in the L1 cache)


class Decay(NamedTuple):
    """A step's constants of the fast path: the decaying state's β (Adam's β1, SGD's μ) as
    significand · 2^-(53 + shift), the least exponent field of a weight that is set aside:
    Fact 3's bound, or NEVER when a condition of the facts fails (β outside [2^-11, 1), ...), and
    Fact 4's K, the largest significand k such that β leaves every 0 < k ≤ K as it is."""
    significand: int
    shift: int
    lowest_weight_exponent: int
    fixed_significand: int


@intrinsic
def float_bits(typingctx, x):
    """The bits of a float64, as an int64: np.float64(x).view(np.int64), a reinterpretation (nothing
    is computed), written as the one instruction it is (numpy's view costs each caller its typing)."""
    if x != types.float64:
        return None
    return types.int64(x), lambda context, builder, signature, arguments: builder.bitcast(
        arguments[0], context.get_value_type(types.int64))


@intrinsic
def bits_float(typingctx, bits):
    """The float64 whose bits are `bits` (an int64): np.int64(bits).view(np.float64)."""
    if bits != types.int64:
        return None
    return types.float64(bits), lambda context, builder, signature, arguments: builder.bitcast(
        arguments[0], context.get_value_type(types.float64))


@jit(inline=True)
def exponent_field(bits):
    return (bits >> 52) & 0x7FF


@jit(inline=True)
def beta_parts(beta):
    """(B, t) with β = B · 2^-(53 + t), B in [2^52, 2^53), for β in [2^-11, 1); else (0, -1)."""
    bits = float_bits(beta)
    exponent = exponent_field(bits)
    if bits < 0 or exponent < 1012 or exponent > 1022:  # negative, zero, subnormal, below 2^-11, or ≥ 1
        return np.int64(0), np.int64(-1)
    return (bits & SIGNIFICAND) | SMALLEST_NORMAL_BITS, np.int64(1022 - exponent)


@jit(inline=True)
def no_decay():
    """The Decay of a step that sets nothing aside."""
    return Decay(np.int64(0), np.int64(0), np.int64(NEVER), np.int64(0))


@jit(inline=True)
def decay_of(beta, lowest_weight_exponent):
    """The Decay of a step, with nothing set aside when β is outside [2^-11, 1)."""
    significand, shift = beta_parts(beta)
    if shift < 0:
        return no_decay()
    fixed_significand = np.int64(0)  # Fact 4: none below 1/2
    if shift == 0:
        fixed_significand = ((np.int64(1) << 52) - 1) // ((np.int64(1) << 53) - significand)
    return Decay(significand, shift, np.int64(lowest_weight_exponent), fixed_significand)


@jit(inline=True)
def rounded_quotient(high, low, shift):
    """k B / 2^(53 + t) rounded to the nearest integer, ties to even, from k B = high · 2^53 + low."""
    quotient = high >> shift
    remainder = ((high & ((np.int64(1) << shift) - 1)) << 53) | low
    half = np.int64(1) << (52 + shift)
    return quotient + ((remainder > half) | ((remainder == half) & ((quotient & 1) == 1)))


@jit(inline=True)
def scaled_subnormal(bits, significand, shift):
    """The bits of fl(β x) for a subnormal x (bits), β = significand · 2^-(53 + shift): Fact 1."""
    k = bits & SIGNIFICAND
    # k B = high · 2^53 + low, in 27-bit pieces
    k_high, k_low = k >> 27, k & 0x7FFFFFF
    b_high, b_low = significand >> 27, significand & 0x7FFFFFF
    middle = k_high * b_low + k_low * b_high
    low = ((middle & 0x3FFFFFF) << 27) + k_low * b_low
    high = 2 * k_high * b_high + (middle >> 26) + (low >> 53)
    return (bits & SIGN) | rounded_quotient(high, low & np.int64((1 << 53) - 1), shift)


@jit(inline=True)
def scaled_small_subnormal(bits, significand, shift):
    """scaled_subnormal for k < 2^10 (SMALL), where k B < 2^63 takes one multiply."""
    product = (bits & SIGNIFICAND) * significand
    return (bits & SIGN) | rounded_quotient(product >> 53, product & np.int64((1 << 53) - 1), shift)


@jit(inline=True)
def with_zero_term(product_bits, zero_term_bits):
    """The bits of fl(β x) + z for a zero z (zero_term_bits): Fact 2."""
    return product_bits if (product_bits & MAGNITUDE) != 0 else product_bits & zero_term_bits


@jit(inline=True)
def decayed_bits(bits, zero_term_bits, decay):
    """The bits of fl(β x) + z for a subnormal x (bits) and a zero z (zero_term_bits): Facts 1 and 2."""
    if (bits & SIGNIFICAND) < SMALL:
        product_bits = scaled_small_subnormal(bits, decay.significand, decay.shift)
    else:
        product_bits = scaled_subnormal(bits, decay.significand, decay.shift)
    return with_zero_term(product_bits, zero_term_bits)


@jit(inline=True)
def is_subnormal(bits):
    magnitude = bits & MAGNITUDE
    return (magnitude != 0) & (magnitude < SMALLEST_NORMAL_BITS)


@jit(inline=True)
def lowest_weight_exponent(step_bound, epsilon_bound):
    """Fact 3's least e(w), for step_size (or lr) < 2^step_bound and ε ≥ 2^-epsilon_bound."""
    return max(SMALLEST_SKIPPED_EXPONENT, step_bound + epsilon_bound + 56)


@jit(inline=True)
def adam_decay(step_size, bias_correction2_root, constants):
    """The Decay of Adam's first moment for a step (step_size = lr / (1 - β1^t), c2 = √(1 - β2^t))."""
    epsilon, beta2 = constants.adam_epsilon, constants.adam_beta2
    lowest = NEVER
    # Fact 3's conditions: a positive finite step, c2 in (0, 1], a normal positive ε (then ε ≥ 2^-b),
    # 0 < β2 < 1 (a v in [+0, +∞] stays there); and the +0 of a set-aside m gives w - (+0) = w
    if (0.0 < step_size < math.inf and 0.0 < bias_correction2_root <= 1.0 and 0.0 < beta2 < 1.0
            and exponent_field(float_bits(epsilon)) > 0 and 0.0 < epsilon < math.inf):
        lowest = lowest_weight_exponent(math.frexp(step_size)[1], max(0, 1 - math.frexp(epsilon)[1]))
    return decay_of(constants.adam_beta1, lowest)


@jit(inline=True)
def sgd_decay(lr, momentum):
    """The Decay of SGD's velocity for a step (v ← μ v + g, w ← w - lr v)."""
    lowest = NEVER
    if 0.0 < lr < math.inf:
        lowest = lowest_weight_exponent(math.frexp(lr)[1], 0)
    return decay_of(momentum, lowest)


@jit(inline=True)
def decays(weight_bits, gradient_bits, state_bits, decay):
    """Whether an entry can be set aside: g = ±0, a subnormal state, and a weight Fact 3 leaves as it is."""
    weight_exponent = exponent_field(weight_bits)
    return (((gradient_bits & MAGNITUDE) == 0) & is_subnormal(state_bits)
            & (weight_exponent >= decay.lowest_weight_exponent) & (weight_exponent <= LARGEST_EXPONENT))


@jit(inline=True)
def worth_setting_aside(state, fixed_significand):
    """Whether set_aside pays in a block of state: some subnormal entry is at a fixed point (set
    aside, it rests, and costs nothing more in a training call), or at least FEW_SUBNORMALS entries
    are subnormal. A few entries on their way down cost the floating-point unit less (a microcode
    assist on each of their operations) than set_aside's and put_back's passes over the block."""
    # subnormal ⟺ 0 < |bits| < 2^52 ⟺ |bits| - 1 < 2^52 - 1 as unsigned integers; at a fixed point, |bits| - 1 < K
    subnormal = fixed = 0
    for i in range(state.shape[0]):
        below = np.uint64((float_bits(state[i]) & MAGNITUDE) - 1)
        subnormal += below < np.uint64(SIGNIFICAND)
        fixed += below < np.uint64(fixed_significand)
    return fixed > 0 or subnormal >= FEW_SUBNORMALS


@jit
def set_aside(weights, gradients, state, second_moments, with_second_moments, decay, put_back_bits):
    """Replace by +0 each entry of `state` (Adam's m, SGD's v) that decays (decays(); for Adam,
    with_second_moments, its v in second_moments also in [+0, +∞]; SGD's calls pass its unused slot
    and False, so that one signature serves both) and note its new bits in put_back_bits
    (NOT_SET_ASIDE for the others). Integer operations only. Returns how many were set aside."""
    count = moving = 0
    # every entry alike, without a branch (vectorised): the old bits, which are the new ones at a fixed point (Fact 4)
    for i in range(state.shape[0]):
        state_bits, gradient_bits = float_bits(state[i]), float_bits(gradients[i])
        aside = decays(float_bits(weights[i]), gradient_bits, state_bits, decay)
        if with_second_moments:
            second_bits = float_bits(second_moments[i])
            aside &= (second_bits >= 0) & (second_bits <= INFINITY_BITS)
        put_back_bits[i] = state_bits if aside else NOT_SET_ASIDE
        state[i] = 0.0 if aside else state[i]
        count += aside
        moving += aside & ((state_bits & SIGNIFICAND) > decay.fixed_significand)
    # the few above the fixed points (a state on its way down), by Facts 1 and 2; a group of 64
    # entries with none of them is passed by
    if moving > 0:
        for group in range(0, state.shape[0], MOVING_GROUP):
            end = min(group + MOVING_GROUP, state.shape[0])
            group_moving = 0
            for i in range(group, end):
                noted = put_back_bits[i]
                group_moving += (noted != NOT_SET_ASIDE) & ((noted & SIGNIFICAND) > decay.fixed_significand)
            if group_moving > 0:
                for i in range(group, end):
                    noted = put_back_bits[i]
                    if noted != NOT_SET_ASIDE and (noted & SIGNIFICAND) > decay.fixed_significand:
                        put_back_bits[i] = decayed_bits(noted, float_bits(gradients[i]), decay)
    return count


@jit
def put_back(state, put_back_bits, weights, at_rest, fixed_significand, rest_exponent):
    """The new state of the entries set aside, over the +0 the textbook's loop left there; where
    at_rest has entries (a training call), an entry whose new state is a fixed point and whose
    weight's exponent is at least rest_exponent rests instead: its state stays +0, its significand
    and sign go into at_rest. Returns how many rest."""
    if at_rest.shape[0] == 0:
        for i in range(state.shape[0]):
            state[i] = state[i] if put_back_bits[i] == NOT_SET_ASIDE else bits_float(put_back_bits[i])
        return 0
    resting = 0
    for i in range(state.shape[0]):
        noted = put_back_bits[i]
        rests = ((noted != NOT_SET_ASIDE) & rests_at(noted, fixed_significand)
                 & (exponent_field(float_bits(weights[i])) >= rest_exponent))
        at_rest[i] = rest_code(noted) if rests else at_rest[i]
        state[i] = state[i] if (noted == NOT_SET_ASIDE) | rests else bits_float(noted)
        resting += rests
    return resting


# ---------------------------------------------------------------- at rest: from update to update of a training call
@jit(inline=True)
def rests_at(bits, fixed_significand):
    """Whether a state entry (bits) can rest: a fixed point 0 < k ≤ K (Fact 4) that at_rest can hold."""
    k = bits & SIGNIFICAND
    return (k > 0) & (k <= fixed_significand) & (k <= LARGEST_AT_REST)


@jit(inline=True)
def rest_code(bits):
    """at_rest's entry for a resting state entry: its significand k, negative for a negative entry."""
    k = bits & SIGNIFICAND
    return np.int16(-k if bits < 0 else k)


@jit(inline=True)
def rest_bits(code):
    """The bits of the state entry resting as `code` (rest_code's inverse)."""
    k = np.int64(code)
    return (-k) | SIGN if k < 0 else k


@jit(inline=True)
def rest_exponent_of(decay):
    """The least exponent field of a resting entry's weight: Fact 5's bound (NEVER and above: none rests)."""
    return decay.lowest_weight_exponent + REST_MARGIN


@jit(inline=True)
def waking(state, at_rest):
    """Whether, after the textbook's loop, some resting entry's new state is not +0: its gradient
    sum was not ±0 (Fact 5), and wake must give it the textbook's state. A quick test of the block."""
    found = False
    for i in range(state.shape[0]):
        found |= (at_rest[i] != 0) & (float_bits(state[i]) != 0)
    return found


@jit
def wake(state, at_rest):
    """After the textbook's loop: each resting entry whose new state is not +0 had a gradient sum
    that is not ±0 (Fact 5): its state becomes the textbook's, fl(m + x) from its resting state m and
    the loop's x, and it rests no more."""
    for i in range(state.shape[0]):
        if at_rest[i] != 0 and float_bits(state[i]) != 0:
            state[i] = bits_float(rest_bits(at_rest[i])) + state[i]  # the textbook's own sum (Fact 5)
            at_rest[i] = 0


@jit
def wake_all(state, at_rest, rest_state):
    """Give back their state to all resting entries: at the end of a training call (the state is
    then the textbook's again), and before an update whose bound is above the one they rest under
    (rest_state[0]); none rests after it (rest_state[1] = 0). Integer operations only."""
    if rest_state[1] == 0:  # none has rested since the last wake_all
        return
    rest_state[1] = 0
    for i in range(at_rest.shape[0]):
        state[i] = bits_float(rest_bits(at_rest[i])) if at_rest[i] != 0 else state[i]
        at_rest[i] = 0
