"""The one decorator every kernel uses: Numba's njit, cached on disk, without fast-math, compiled
in as little time as the kernels allow (a new user's first run waits for it).

- Numba's fast-math flags stay off (its default): no reassociation and no FMA contraction, so every sum
  rounds exactly as the textbook's.
- cache=True keeps the compiled code beside this package (or in the user's cache directory if
  the package is read-only, or in NUMBA_CACHE_DIR if that is set: the stamped locators below are
  Numba's own, in its order), so only the first run pays for compilation. Numba checks only the
  file a kernel is written in; a kernel that calls a kernel of another file would keep running
  stale code after that file changed. So every kernel here is stamped with a digest of all of
  kernels/*.py: any change recompiles them all. And each signature's machine code has a file of
  its own (see KernelCacheFile), so that processes compiling at the same time cannot mix them up.
- If no cache directory is writable, Numba refuses to cache; the kernels are then compiled
  without a cache (once per process, with one warning) instead of failing at import.
- Numba's threads are started at import, waiting passively for work (see start_threads).
- What each option of jit() costs in compile time, and why each kernel has the options it has:
  see jit(). compilation_told tells a caller (the CLI prints a notice) when the kernels start and
  finish compiling what the cache does not hold; compiled_signatures counts what they compiled.
- A kernel can name callees for a second process to compile at the same time (jit(callees=...),
  kernels.background): a Kernel waits for such a callee, then loads it from the cache.
- The cache is built on Numba's internal caching classes (tested with Numba 0.68). Should a
  Numba release change them, the kernels compile without a cache (with one warning) instead of
  failing: slower start-up, the same results.
- Intel SVML would replace the C library's exp/tanh/log in vectorised loops with its own, whose
  bits differ: bpnn.kernels disables it before Numba is imported, and warns if it is too late.
"""
import contextlib
import hashlib
import os
import time
import warnings

import numba
import numba.core.event

from . import background

KERNELS_DIRECTORY = os.path.dirname(os.path.abspath(__file__))


def start_threads() -> None:
    """Start Numba's threads now, their OpenMP runtime told to wait passively between products.

    Now: a cached kernel that calls a parallel one does not start them when it is loaded from
    the cache, and then calls a null pointer (numba issues #8578, #4807). Passively: OpenMP's
    threads spin while they wait for work, and on a machine whose cores are all busy a spinning
    thread takes the CPU from the thread doing the serial work (measured here: a 784-128-10
    epoch 10x slower on 2 threads than on 1). OMP_WAIT_POLICY is set only while Numba's OpenMP
    runtime starts (and not if the user set it), so no other library's threads are affected.
    """
    unset = "OMP_WAIT_POLICY" not in os.environ
    if unset:
        os.environ["OMP_WAIT_POLICY"] = "PASSIVE"
    try:
        numba.get_num_threads()
    finally:
        if unset:
            del os.environ["OMP_WAIT_POLICY"]


start_threads()


def sources_digest() -> str:
    """A digest of every kernels/*.py file."""
    digest = hashlib.sha256()
    for name in sorted(os.listdir(KERNELS_DIRECTORY)):
        if name.endswith(".py"):
            with open(os.path.join(KERNELS_DIRECTORY, name), "rb") as file:
                digest.update(name.encode() + b"\0" + file.read())
    return digest.hexdigest()


SOURCES_DIGEST = sources_digest()


def stamped(locator: type) -> type:
    """A Numba cache locator whose cached code is valid only for the current kernels/*.py."""
    return type("Stamped" + locator.__name__, (locator,),
                {"__module__": __name__, "get_source_stamp": lambda self: SOURCES_DIGEST})


try:  # Numba internals: if they changed, jit() compiles without a cache (see the module docstring)
    from numba.core import caching

    class KernelCacheImpl(caching.CompileResultCacheImpl):
        _locator_classes = [stamped(locator) for locator in caching.CompileResultCacheImpl._locator_classes
                            if hasattr(locator, "get_source_stamp")]

    class KernelCacheFile(caching.IndexDataCacheFile):
        """Numba's index and data files, except that each data file is named after the digest of the
        sources and the signature. Numba numbers them 1, 2, ... per function, so two processes that
        compile at once (spawned workers, parallel test runs, or an old and a new version of the
        kernels) can write their machine code under the same name, and a later run would load one
        signature's code for another (a crash). With distinct names they cannot: a lost index entry
        only means a recompilation."""

        def save(self, key, data):
            if "{number:d}" not in self._data_name_pattern:  # not the naming this was written for
                return super().save(key, data)
            digest = hashlib.sha256(repr((self._source_stamp, key)).encode()).hexdigest()[:24]
            name = self._data_name_pattern.replace("{number:d}", digest)
            self._save_data(name, data)  # the code first, then the index entry that points to it
            overloads = self._load_index()
            overloads[key] = name
            self._save_index(overloads)

    class KernelCache(caching.FunctionCache):
        _impl_class = KernelCacheImpl

        def __init__(self, py_func):
            super().__init__(py_func)
            self._cache_file = KernelCacheFile(self._cache_path, self._impl.filename_base,
                                               self._impl.locator.get_source_stamp())
except (ImportError, AttributeError, TypeError) as error:
    KernelCache = None
    CACHE_UNAVAILABLE = f"this Numba's caching internals differ from those bpnn.kernels was written for ({error})"


_warned = False
KERNELS = []  # every kernel made by jit() (compiled_signatures, cache_directory)

try:  # Numba internals again (a dispatcher class of our own): if they changed, jit() falls back to numba.njit
    from numba.core import types
    from numba.core.registry import CPUDispatcher

    CPUDispatcher.get_call_template  # noqa: B018  (what Kernel overrides: fall back if it is gone)

    class Kernel(CPUDispatcher):
        """Numba's dispatcher, except that a kernel is compiled once per argument *type*, never per
        constant: a call f(x, 0) from compiled code would otherwise compile f a second time, for the
        literal 0 (Numba specialises on the constants it can see in a caller)."""

        callees = None  # see jit(callees=...)

        def get_call_template(self, args, kws):
            return super().get_call_template(tuple(types.unliteral(argument) for argument in args),
                                             {name: types.unliteral(value) for name, value in kws.items()})

        def compile(self, sig):
            background.wait_for(self, sig)  # if a helper process compiles it, it is loaded from the cache
            return super().compile(sig)

    class InternalKernel(Kernel):
        """A kernel compiled without the wrapper through which Python calls it: it is called only from
        other kernels. Calling it from Python raises TypeError (without the wrapper it would crash)."""

        def __call__(self, *args, **kwargs):
            raise TypeError(f"{self.py_func.__name__} is called only from compiled kernels (see bpnn.kernels.jit)")
except (ImportError, AttributeError, TypeError):
    Kernel = InternalKernel = None


def jit(function=None, *, parallel: bool = False, inline: bool = False, step: bool = False, internal: bool = False,
        callees=None):
    """The kernels' decorator: numba.njit with the stamped on-disk cache (or without a cache where
    none can be kept). How each kernel is compiled decides most of a cold start's compile time
    (bench/coldstart.py), never a result bit:

    @jit                  compiled once per argument types (Kernel: never per constant value) into
                          a function of its own, which its callers call.
    @jit(step=True)       a step of a pattern's passes (Numba's forceinline): compiled once, into a
                          function of its own, which LLVM then always inlines into its callers, so
                          that a call costs nothing in the inner loops. (Set either way: Numba would
                          otherwise pass a caller's forceinline on to the kernels it calls.)
    @jit(inline=True)     expanded into each caller by Numba before typing (inline="always"), and
                          typed and compiled anew there: only for a few lines, such as one
                          activation's formula, where a function of its own would cost more to
                          compile than a copy. Used widely, it made the training loop the size of
                          the whole network code, compiled again for each caller.
    @jit(internal=True)   called only from other kernels: compiled without the wrapper that lets
                          Python call it (no_cpython_wrapper; a tenth of a second each).
    @jit(parallel=True)   prange loops run on Numba's threads.
    @jit(callees=f)       f(argument types) names kernels it calls, with their argument types, for a
                          second process to compile at the same time (kernels.background).
    No kernel gets the wrapper for C callers (no_cfunc_wrapper): none is a callback.

    If this Numba's dispatcher differs from the one Kernel was written for, the kernels are plain
    numba.njit functions (compiled per constant too: a slower first run, the same results).
    """
    global _warned
    if function is None:
        return lambda function: jit(function, parallel=parallel, inline=inline, step=step, internal=internal,
                                    callees=callees)
    if Kernel is None:
        dispatcher = numba.njit(parallel=parallel, inline="always" if inline else "never")(function)
    else:
        options = {"nopython": True, "parallel": parallel, "inline": "always" if inline else "never",
                   "forceinline": step, "no_cfunc_wrapper": True, "no_cpython_wrapper": internal}
        dispatcher = (InternalKernel if internal else Kernel)(py_func=function, locals={}, targetoptions=options)
        dispatcher.callees = callees
    try:
        if KernelCache is None:
            raise RuntimeError(CACHE_UNAVAILABLE)
        dispatcher._cache = KernelCache(function)  # what njit(cache=True) does, with our locators
    except Exception as error:  # e.g. "cannot cache function ...: no locator available for file ..."
        if not _warned:
            _warned = True
            warnings.warn(f"bpnn.kernels: compiling without an on-disk cache ({error})", RuntimeWarning, stacklevel=2)
    KERNELS.append(dispatcher)
    return dispatcher



def compiled_signatures() -> int:
    """How many signatures the kernels compiled, rather than loading them from the cache: in this
    process (Numba's dispatcher statistics: its count of cache misses) and in its helper processes
    (kernels.background), whose signatures this process then loaded from the cache."""
    return sum(sum(kernel.stats.cache_misses.values()) for kernel in KERNELS if hasattr(kernel, "stats")) \
        + background.compiled_elsewhere


def cache_directory() -> str | None:
    """Where the kernels' compiled code is cached (None without a cache)."""
    cache = getattr(KERNELS[0], "_cache", None) if KERNELS else None
    return getattr(cache, "cache_path", None)


class CompilationListener(numba.core.event.Listener):
    """Numba's "numba:compile" events of our kernels (fired only for a signature the cache does not
    hold, before compiling it), told to `started` and `finished` once per outermost compilation:
    compiling a kernel compiles the kernels it calls inside it."""

    def __init__(self, started, finished):
        self.started, self.finished = started, finished
        self.depth = 0
        self.start = 0.0

    @staticmethod
    def ours(event) -> bool:
        function = getattr((event.data or {}).get("dispatcher"), "py_func", None)
        return getattr(function, "__module__", "").startswith(__package__ + ".")

    def on_start(self, event):
        if self.ours(event):
            if self.depth == 0:
                self.start = time.perf_counter()
                self.started(cache_directory() is not None)
            self.depth += 1

    def on_end(self, event):
        if self.ours(event):
            self.depth -= 1
            # not if compiling raised (Ctrl-C, say): it is not done. (Numba 0.68's Event.is_failed is
            # True when it did not raise, against its docstring: hence the exception it carries.)
            if self.depth == 0 and getattr(event, "_exc_details", None) is None:
                self.finished(time.perf_counter() - self.start)


@contextlib.contextmanager
def compilation_told(started, finished):
    """Within the block, started(cached) is called when the kernels begin to compile code their cache
    does not hold (cached: whether they have a cache to keep it in), and finished(seconds) when it
    is compiled (not if compiling raised: interrupted, say); nothing when everything comes from the
    cache. For a notice: only the CLI prints."""
    listener = CompilationListener(started, finished)
    numba.core.event.register("numba:compile", listener)
    try:
        yield
    finally:
        numba.core.event.unregister("numba:compile", listener)


if numba.config.USING_SVML:
    warnings.warn("bpnn.kernels: Numba was imported with Intel SVML, whose exp/tanh/log differ from the C "
                  "library's: results may differ from the textbook's in the last bits. Import bpnn.kernels "
                  "before numba, or set NUMBA_DISABLE_INTEL_SVML=1.", RuntimeWarning, stacklevel=2)
