"""Array views that Numba does not reference-count, for the kernels' inner loops.

Every array a compiled function receives, slices, or takes from a tuple costs an atomic
increment and, later, decrement of its reference count. In a loop over the patterns of a small
network these dominated the time (XOR 2-2-1: 60% of it). So the kernels take views with no
reference count (a NULL meminfo, for which Numba's increments and decrements do nothing) of the
arrays they are given, and work on those. The arrays are allocated, and kept alive for the
whole call, by the Python caller (NumbaNetwork); a view must never outlive the call, so a
kernel never returns one to Python.
"""
from numba.core import cgutils, types
from numba.extending import intrinsic
from numba.np.arrayobj import populate_array


@intrinsic
def unmanaged(typingctx, array):
    """A view of the whole of `array`, not reference-counted (its meminfo is NULL); so are the
    slices and views taken of it."""
    if not isinstance(array, types.Array):
        return None
    return array(array), view_of(array, array)


def view_of(array, result):
    """The code of an unmanaged view, typed `result`, of the whole of an array typed `array`."""
    def codegen(context, builder, signature, arguments):
        source = context.make_array(array)(context, builder, value=arguments[0])
        view = context.make_array(result)(context, builder)
        populate_array(view, data=source.data, shape=source.shape, strides=source.strides,
                       itemsize=source.itemsize, meminfo=None)
        return view._getvalue()
    return codegen


@intrinsic
def matrix(typingctx, flat, offset, rows, columns):
    """The rows x columns matrix stored from flat[offset] on, row after row: an unmanaged view of a
    1-D float64 array (what flat[offset:offset + rows * columns].reshape((rows, columns)) is,
    without the reshape's call into Numba's helper library, which costs more than a small layer)."""
    if not (isinstance(flat, types.Array) and flat.ndim == 1 and flat.dtype == types.float64):
        return None
    result = types.Array(types.float64, 2, "C")

    def codegen(context, builder, signature, arguments):
        source = context.make_array(flat)(context, builder, value=arguments[0])
        offset_value, rows_value, columns_value = (context.cast(builder, value, type_, types.intp) for value, type_
                                                   in zip(arguments[1:], signature.args[1:]))
        itemsize = context.get_constant(types.intp, 8)
        view = context.make_array(result)(context, builder)
        populate_array(view, data=builder.gep(source.data, [offset_value]), shape=[rows_value, columns_value],
                       strides=[builder.mul(columns_value, itemsize), itemsize], itemsize=itemsize, meminfo=None)
        return view._getvalue()

    return result(flat, offset, rows, columns), codegen


@intrinsic
def strided(typingctx, array):
    """An unmanaged view of `array` typed as of any layout ("A"): a kernel that takes it is compiled
    once for a row-major array, a transposed view (column-major) and any other strides alike."""
    if not isinstance(array, types.Array):
        return None
    result = array.copy(layout="A")
    return result(array), view_of(array, result)


@intrinsic
def stack_integers(typingctx, length):
    """An int64 array of `length` (a constant) entries on the stack, uninitialised and unmanaged:
    scratch for one call that costs no allocation (np.empty would call Numba's allocator at every
    call, and compile its own code into every kernel that uses it)."""
    if not isinstance(length, types.IntegerLiteral):
        return None
    result = types.Array(types.int64, 1, "C")

    def codegen(context, builder, signature, arguments):
        data = cgutils.alloca_once(builder, context.get_value_type(types.int64), size=length.literal_value)
        itemsize = context.get_constant(types.intp, 8)
        view = context.make_array(result)(context, builder)
        populate_array(view, data=data, shape=[context.get_constant(types.intp, length.literal_value)],
                       strides=[itemsize], itemsize=itemsize, meminfo=None)
        return view._getvalue()

    return result(length), codegen
