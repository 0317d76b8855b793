"""Cold and warm starts of the compiled path: how long a command takes on a fresh install.

    python bench/coldstart.py                    # bpnn xor --backend numba, bpnn digits: 5 rounds
    python bench/coldstart.py --runs 3 --bpnn /other/venv/bin/bpnn --bpnn .venv/bin/bpnn   # A/B

Each round gives every command a fresh, empty kernel cache (a new NUMBA_CACHE_DIR, which the
kernels' stamped cache honours as Numba's own does), runs it in a process of its own (cold: it
compiles what it needs), then runs it again in another process on that cache (warm: it loads).
With several --bpnn executables (say, two installs of different commits), the rounds interleave
them, so that each sees the same load on the machine. Reported: the medians over the rounds of
the child process's CPU time (user + system, all its threads) and of its wall time, every
round's CPU time, and the load average (other work on the machine) before and after. On a
shared machine CPU time is the steadier figure: wall time also counts the waits for a core.
"""
import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

COMMANDS = (("xor", "--backend", "numba"), ("digits",))


def default_bpnn() -> str:
    """The bpnn executable beside this Python (the installed one of this environment)."""
    return os.path.join(os.path.dirname(sys.executable), "bpnn")


def timed(command: list[str], cache: str) -> tuple[float, float, str]:
    """(CPU seconds, wall seconds, stderr) of one run of `command` with the kernel cache in `cache`."""
    environment = {**os.environ, "NUMBA_CACHE_DIR": cache}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=environment)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        sys.exit(f"{' '.join(command)} failed ({done.returncode}): {done.stderr[-2000:]}")
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime), wall, done.stderr


def summary(samples: list[tuple[float, float, str]]) -> str:
    cpu = statistics.median(sample[0] for sample in samples)
    wall = statistics.median(sample[1] for sample in samples)
    return f"CPU {cpu:6.2f} s  wall {wall:6.2f} s   (CPU per round: {' '.join(f'{s[0]:.2f}' for s in samples)})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="rounds (each: every command cold, then warm)")
    parser.add_argument("--bpnn", action="append", help="a bpnn executable (repeat to compare installs)")
    parser.add_argument("--command", action="append", help='a command to time instead, e.g. "xor --backend numba"')
    options = parser.parse_args()
    executables = options.bpnn or [default_bpnn()]
    commands = [tuple(command.split()) for command in options.command] if options.command else COMMANDS
    results = {(executable, command): {"cold": [], "warm": []} for executable in executables for command in commands}
    load_before = os.getloadavg()
    for _ in range(options.runs):
        for command in commands:
            for executable in executables:
                cache = tempfile.mkdtemp(prefix="bpnn-coldstart-")
                try:
                    runs = results[executable, command]
                    runs["cold"].append(timed([executable, *command], cache))
                    runs["warm"].append(timed([executable, *command], cache))
                finally:
                    shutil.rmtree(cache)
    load_after = os.getloadavg()
    print(f"{options.runs} rounds on {os.cpu_count()} cores; load average (1, 5, 15 min) before "
          f"{' '.join(f'{x:.1f}' for x in load_before)}, after {' '.join(f'{x:.1f}' for x in load_after)}")
    for command in commands:
        print(f"bpnn {' '.join(command)}")
        for executable in executables:
            for kind in ("cold", "warm"):
                label = f"{kind}" if len(executables) == 1 else f"{executable}  {kind}"
                print(f"  {label:5}  {summary(results[executable, command][kind])}")


if __name__ == "__main__":
    main()
