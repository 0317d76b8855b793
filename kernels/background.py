"""A cold start compiles on two cores: a second process compiles some of a kernel's callees into the
cache while this one compiles the others.

A kernel made with jit(callees=...) can name the kernels it calls and the types it calls them
with (kernels.network.train_callees). When such a kernel is about to be compiled, because
neither this process nor the cache holds its signature, a helper process starts and compiles
those callees, one after another, into the on-disk cache. Meanwhile this process types the
kernel and compiles the callees it meets first. When it reaches one the helper was given, it
waits until the helper has finished that one, and Numba then loads it from the cache.

The helper only fills the cache. Its code comes from the same sources and types, so the machine
code and every result bit are the same as when this process compiles it. If the helper fails,
stops, or takes longer than WAIT seconds, this process compiles the kernel itself.

There is no helper if this process may use only one core, the kernels have no cache, the
system is not POSIX, or BPNN_COMPILE_PROCESSES=1 is set in the environment. Measured on our
2-core machine (bench/coldstart.py): a cold `bpnn xor --backend numba` went from 5.6 to 4.6 s,
a cold `bpnn digits` from 9.8 to 7.2 s; warm runs start no helper and are unchanged.
"""
import contextlib
import json
import os
import pickle
import selectors
import subprocess
import sys
import time

import numba.core.event
from numba.core import sigutils
from numba.core.caching import NullCache

WAIT = 300.0  # seconds at most that this process waits for the helper's next kernel
EXITING = 10.0  # seconds a helper that has closed its pipe is given to exit by itself
SERVE = ("import json, sys; sys.path[:] = json.loads(sys.argv[1]); "
         "import bpnn.kernels.background as background; background.serve()")


def cores() -> int:
    """The cores this process may run on."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def enabled() -> bool:
    """Whether a kernel's compilation may start a helper (on POSIX: selectors waits on its pipe)."""
    return os.name == "posix" and os.environ.get("BPNN_COMPILE_PROCESSES") != "1" and cores() >= 2


def key(dispatcher, arguments) -> tuple:
    """What names one signature of one kernel, here and in the helper."""
    return dispatcher.py_func.__module__, dispatcher.py_func.__qualname__, tuple(arguments)


class Helper:
    """A helper process compiling `jobs`, a list of (kernel, argument types), in that order."""

    def __init__(self, owner, jobs: list):
        self.owner = owner  # the kernel whose compilation the helper helps
        self.jobs = {key(dispatcher, arguments): index for index, (dispatcher, arguments) in enumerate(jobs)}
        self.finished = 0  # how many jobs the helper has reported done
        self.ended = False  # whether the helper has closed its end of the pipe (it is exiting)
        environment = {**os.environ, "BPNN_COMPILE_PROCESSES": "1"}  # a helper starts no helper
        self.process = subprocess.Popen([sys.executable, "-c", SERVE, json.dumps(sys.path)], env=environment,
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        self.process.stdin.write(pickle.dumps(list(self.jobs)))
        self.process.stdin.close()
        self.selector = selectors.DefaultSelector()
        self.selector.register(self.process.stdout, selectors.EVENT_READ)

    def wait_for(self, dispatcher, arguments) -> None:
        """Return once the helper has compiled this signature (or will not: it stopped, or took too long)."""
        index = self.jobs.get(key(dispatcher, arguments))
        deadline = time.monotonic() + WAIT
        while index is not None and self.finished <= index and self.process is not None:
            if not self.read(max(0.0, deadline - time.monotonic())):
                self.stop()  # too long, or the helper ended early: this process compiles the rest

    def read(self, timeout: float) -> bool:
        """Take the helper's next report (the number of signatures it compiled for a job); False if
        none came within `timeout` seconds or the helper has ended."""
        global compiled_elsewhere
        if not self.selector.select(timeout):
            return False
        line = self.process.stdout.readline()
        if not line:
            self.ended = True
            return False
        self.finished += 1
        compiled_elsewhere += int(line)
        return True

    def stop(self) -> None:
        """End the helper: let it exit if it is exiting, else kill it at once (if it is still compiling, a
        cache entry is written whole or not at all)."""
        if self.process is not None:
            while self.read(0.0):  # the reports already written
                pass
            if self.ended:
                with contextlib.suppress(subprocess.TimeoutExpired):
                    self.process.wait(timeout=EXITING)
            self.process.kill()  # (nothing, if it has exited)
            self.process.wait()
            self.selector.close()
            self.process.stdout.close()
            self.process = None


def serve() -> None:
    """The helper's side: compile each job read from stdin, and write a line to stdout as each is done."""
    import importlib

    import bpnn.kernels  # noqa: F401  (before Numba is imported by unpickling: SVML off, see kernels.jit)
    from .jit import compiled_signatures
    reports = os.fdopen(os.dup(1), "w")
    os.dup2(2, 1)  # anything else written to stdout (Numba's debugging output, say) goes where stderr goes
    for module, name, arguments in pickle.load(sys.stdin.buffer):
        before = compiled_signatures()
        getattr(importlib.import_module(module), name).compile(arguments)
        print(compiled_signatures() - before, file=reports, flush=True)


helper = None  # the helper of the kernel being compiled, if any
compiled_elsewhere = 0  # signatures compiled by this process's helpers (kernels.jit.compiled_signatures)


class Listener(numba.core.event.Listener):
    """Starts a helper when a kernel with callees begins to compile, and ends it when that kernel is compiled."""

    def on_start(self, event):
        global helper
        dispatcher = (event.data or {}).get("dispatcher")
        callees = getattr(dispatcher, "callees", None)
        if callees is not None and helper is None and enabled() \
                and not isinstance(getattr(dispatcher, "_cache", NullCache()), NullCache):
            try:
                helper = Helper(dispatcher, callees(event.data["args"]))
            except OSError:  # no Python to start (an embedded interpreter, say): this process compiles all
                pass

    def on_end(self, event):
        global helper
        if helper is not None and (event.data or {}).get("dispatcher") is helper.owner:
            helper.stop()
            helper = None


def wait_for(dispatcher, signature) -> None:
    """Before `dispatcher` compiles `signature`: if the helper is compiling it, wait until it is in the cache."""
    if helper is not None:
        helper.wait_for(dispatcher, sigutils.normalize_signature(signature)[0])


numba.core.event.register("numba:compile", Listener())
