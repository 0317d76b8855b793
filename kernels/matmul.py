"""The textbook's sums over i in bpnn.network (z_j = Σ_i a_i w_ij, the gradient sums, Σ_j w_ij δ_j) for whole
batches at once, as matrix products C += A B, every entry summed exactly as the textbook sums it.

The textbook computes one weighted sum as a loop: total = 0.0, then total = total + a_i w_ij for
i = 0, 1, 2, ... in order. A matrix product is that loop for every (row p, column j) at once:
c_pj = c_pj + a_pk b_kj for k = 0, 1, 2, ... . These kernels keep that loop for every entry (one
rounding per product and per addition, in k order); they get their speed only from the order in
which the *entries* are visited:

- Register blocks: ROWS rows of C advance together, so each row of B that is loaded serves ROWS
  sums. Four terms are added per pass, c = c + a_k b_k + a_k+1 b_k+1 + ... (Python and Numba add
  left to right, so this is the same sequence of roundings), which stores c once per four terms.
- Panels: COLUMNS neighbouring columns of C form one contiguous run of memory, and the innermost
  loop runs over them: independent sums side by side, which LLVM turns into vector instructions
  (a vector holds one term of several sums; no sum is ever split across the lanes of a vector).
- Threads: a large product hands its register blocks (ROWS whole rows of C each) to threads
  with prange, each thread a run of consecutive blocks. No two threads touch the same entry, so
  no sum is split between threads either (a prange *reduction* would be: each thread would add
  its own partial sum). Small products stay serial, where starting threads costs more than the work.

Tiny products (up to TINY_WORK multiply-adds) run the plain loop, which costs less than the
tiles' bookkeeping. A may be a transposed view (`a.T`): its entries are read one at a time.
A network whose products are all tiny never needs the tiles, and most never need the threads:
the callers say so (tiles, threads = None, kernels.network.paths), and that code is then not
compiled for them.

No BLAS (np.dot, @): a BLAS library may reorder a sum and fuses multiply-adds. That is also
the limit here: without FMA each multiply-add is two vector instructions where BLAS issues one,
so on one core these tiles reach about half of BLAS's float64 GFLOP/s at best.
"""
from numba import prange

from .jit import jit
from .views import strided, unmanaged

ROWS = 4  # rows of C per register block
COLUMNS = 64  # columns of C per panel: a run of 64 doubles per row
TINY_WORK = 64  # multiply-adds up to which the plain loop beats the tiles' bookkeeping
PARALLEL_WORK = 1 << 21  # multiply-adds from which a product is shared out over threads


@jit(internal=True)
def accumulate_block(a, b, c, p, first_column, end_column):
    """Rows p..p+3 of c, columns first_column..end_column-1: c_pj += Σ_k a_pk b_kj, k in order."""
    depth = a.shape[1]
    c0 = c[p, first_column:end_column]
    c1 = c[p + 1, first_column:end_column]
    c2 = c[p + 2, first_column:end_column]
    c3 = c[p + 3, first_column:end_column]
    k = 0
    # four terms of every sum per pass, added left to right
    while k + 4 <= depth:
        b0 = b[k, first_column:end_column]
        b1 = b[k + 1, first_column:end_column]
        b2 = b[k + 2, first_column:end_column]
        b3 = b[k + 3, first_column:end_column]
        a00, a01, a02, a03 = a[p, k], a[p, k + 1], a[p, k + 2], a[p, k + 3]
        a10, a11, a12, a13 = a[p + 1, k], a[p + 1, k + 1], a[p + 1, k + 2], a[p + 1, k + 3]
        a20, a21, a22, a23 = a[p + 2, k], a[p + 2, k + 1], a[p + 2, k + 2], a[p + 2, k + 3]
        a30, a31, a32, a33 = a[p + 3, k], a[p + 3, k + 1], a[p + 3, k + 2], a[p + 3, k + 3]
        for j in range(end_column - first_column):
            c0[j] = c0[j] + a00 * b0[j] + a01 * b1[j] + a02 * b2[j] + a03 * b3[j]
            c1[j] = c1[j] + a10 * b0[j] + a11 * b1[j] + a12 * b2[j] + a13 * b3[j]
            c2[j] = c2[j] + a20 * b0[j] + a21 * b1[j] + a22 * b2[j] + a23 * b3[j]
            c3[j] = c3[j] + a30 * b0[j] + a31 * b1[j] + a32 * b2[j] + a33 * b3[j]
        k += 4
    # the last terms, one at a time
    while k < depth:
        b0 = b[k, first_column:end_column]
        a00, a10, a20, a30 = a[p, k], a[p + 1, k], a[p + 2, k], a[p + 3, k]
        for j in range(end_column - first_column):
            c0[j] = c0[j] + a00 * b0[j]
            c1[j] = c1[j] + a10 * b0[j]
            c2[j] = c2[j] + a20 * b0[j]
            c3[j] = c3[j] + a30 * b0[j]
        k += 1


@jit(internal=True)
def accumulate_row(a, b, c, p, first_column, end_column):
    """Row p of c, columns first_column..end_column-1: c_pj += Σ_k a_pk b_kj, k in order."""
    depth = a.shape[1]
    c0 = c[p, first_column:end_column]
    k = 0
    while k + 4 <= depth:
        b0 = b[k, first_column:end_column]
        b1 = b[k + 1, first_column:end_column]
        b2 = b[k + 2, first_column:end_column]
        b3 = b[k + 3, first_column:end_column]
        a0, a1, a2, a3 = a[p, k], a[p, k + 1], a[p, k + 2], a[p, k + 3]
        for j in range(end_column - first_column):
            c0[j] = c0[j] + a0 * b0[j] + a1 * b1[j] + a2 * b2[j] + a3 * b3[j]
        k += 4
    while k < depth:
        b0 = b[k, first_column:end_column]
        a0 = a[p, k]
        for j in range(end_column - first_column):
            c0[j] = c0[j] + a0 * b0[j]
        k += 1


@jit(inline=True)
def accumulate_tile(a, b, c, first_row, end_row, first_column, end_column):
    """One tile of c: register blocks of ROWS rows, then the rows left over one by one."""
    p = first_row
    while p + ROWS <= end_row:
        accumulate_block(a, b, c, p, first_column, end_column)
        p += ROWS
    while p < end_row:
        accumulate_row(a, b, c, p, first_column, end_column)
        p += 1


@jit(internal=True)
def accumulate(a, b, c, threads):
    """c += a @ b by the tiles, the largest products on threads. One compiled kernel serves every
    layout of `a` (the callers hand it views.strided(a): a row-major matrix and a transposed
    view alike). `threads` is None where the caller knows that no product is large enough for
    threads: Numba then leaves that branch out of the compiled code (it drops a branch that tests
    an argument typed None), and no threaded code is compiled for the run."""
    a, b, c = unmanaged(a), unmanaged(b), unmanaged(c)  # the tiles slice them: no reference counts
    if threads is not None and c.shape[0] > ROWS and c.shape[0] * c.shape[1] * a.shape[1] >= PARALLEL_WORK:
        matmul_parallel(a, b, c)
    else:
        matmul_serial(a, b, c)


@jit(inline=True)
def matmul_serial(a, b, c):
    """c += a @ b on one thread, panel by panel."""
    rows, columns = c.shape
    for first_column in range(0, columns, COLUMNS):
        accumulate_tile(a, b, c, 0, rows, first_column, min(first_column + COLUMNS, columns))


@jit(parallel=True)
def matmul_parallel(a, b, c):
    """c += a @ b, shared out over threads by register blocks: iteration t computes rows
    t * ROWS .. t * ROWS + ROWS - 1 of c, panel by panel. prange gives each thread one run of
    consecutive iterations, so each thread's part of c (and of a) is one stretch of memory.
    (Measured on 2 threads: 46 GFLOP/s, where dealing out ROWS x COLUMNS tiles panel by panel,
    a panel per thread, gave 36.)"""
    a, b, c = unmanaged(a), unmanaged(b), unmanaged(c)
    rows, columns = c.shape
    for block in prange((rows + ROWS - 1) // ROWS):
        first_row = block * ROWS
        for first_column in range(0, columns, COLUMNS):
            accumulate_tile(a, b, c, first_row, min(first_row + ROWS, rows),
                            first_column, min(first_column + COLUMNS, columns))


@jit(step=True, internal=True)
def matmul_naive(a, b, c, from_zero):
    """c = a @ b (from_zero) or c += a @ b as the textbook writes a weighted sum, one entry at a
    time: for tiny products, where the tiles' bookkeeping would cost more than the sums. The
    callers hand it views.strided views of a and b, so one compiled kernel serves every layout."""
    for p in range(c.shape[0]):
        for j in range(c.shape[1]):
            total = 0.0 if from_zero else c[p, j]
            for k in range(a.shape[1]):
                total = total + a[p, k] * b[k, j]
            c[p, j] = total


@jit(inline=True)
def matmul_accumulate(a, b, c, tiles=True, threads=True):
    """c += a @ b: each c_pj summed from its current value over k in order.

    tiles, threads: True, or None where the caller knows that no product of its network is large
    enough for the tiles (or for threads): that code is then not compiled for it (see accumulate).
    Every path computes the same bits; which one runs is decided here, by the product's size."""
    if tiles is None or c.shape[0] * c.shape[1] * a.shape[1] <= TINY_WORK:
        matmul_naive(strided(a), strided(b), c, False)
    else:
        accumulate(strided(a), b, c, threads)


@jit(inline=True)
def matmul(a, b, c, tiles=True, threads=True):
    """c = a @ b: each c_pj summed over k in order from 0.0, as the textbook's weighted sums."""
    if tiles is None or c.shape[0] * c.shape[1] * a.shape[1] <= TINY_WORK:
        matmul_naive(strided(a), strided(b), c, True)
    else:
        c[:] = 0.0
        accumulate(strided(a), b, c, threads)


@jit(inline=True)
def transpose(a, out):
    """out = aᵀ as a contiguous array (out.shape == a.shape[::-1])."""
    for i in range(a.shape[0]):
        for j in range(a.shape[1]):
            out[j, i] = a[i, j]


@jit(inline=True)
def matmul_transposed(a, b, c, scratch, tiles=True, threads=True):
    """c = a @ bᵀ, each c_pi = Σ_j a_pj b_ij summed over j in order from 0.0. The tiles stream rows
    of their right-hand matrix, so bᵀ is first copied into `scratch` (b.shape[::-1]); a tiny
    product reads b in place."""
    if tiles is None or c.shape[0] * c.shape[1] * a.shape[1] <= TINY_WORK:
        matmul_naive(strided(a), strided(b.T), c, True)
    else:
        transpose(b, scratch)
        matmul(a, scratch, c, tiles, threads)
