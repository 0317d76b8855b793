"""Cold and warm starts of the compiled path: how long a command takes on a fresh install.

    python bench/coldstart.py                    # bpnn xor --backend numba, bpnn digits: 5 rounds
    python bench/coldstart.py --runs 3 --bpnn before=/other/venv/bin/bpnn --bpnn after=.venv/bin/bpnn  # A/B
    python bench/coldstart.py --write            # and put the table into bench/RESULTS.md

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


def medians(samples: list[tuple[float, float, str]]) -> tuple[float, float]:
    return statistics.median(sample[0] for sample in samples), statistics.median(sample[1] for sample in samples)


def summary(samples: list[tuple[float, float, str]]) -> str:
    cpu, wall = medians(samples)
    return f"CPU {cpu:6.2f} s  wall {wall:6.2f} s   (CPU per round: {' '.join(f'{s[0]:.2f}' for s in samples)})"


SECTION = "## Cold starts"


def markdown(results: dict, labels: dict, commands: list, runs: int, loads: tuple) -> str:
    """The section of bench/RESULTS.md: a row per command and install, medians over the rounds."""
    lines = [SECTION, "",
             f"Run {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} by `python bench/coldstart.py --write`: "
             f"{runs} rounds; each round gives each command a fresh, empty kernel cache (NUMBA_CACHE_DIR), "
             "runs it in a process of its own (cold: it compiles what it needs), then again on that cache "
             "(warm). Medians over the rounds of the process's CPU time (user + system) and wall time. "
             f"{os.cpu_count()} cores; load average (1, 5, 15 min) before {' '.join(f'{x:.1f}' for x in loads[0])}, "
             f"after {' '.join(f'{x:.1f}' for x in loads[1])}: other work shared the cores, which inflates both "
             "figures (wall time the most).", "",
             "| command | install | cold CPU | cold wall | warm CPU | warm wall |", "|---|---|---|---|---|---|"]
    for command in commands:
        for executable, label in labels.items():
            cold, warm = medians(results[executable, command]["cold"]), medians(results[executable, command]["warm"])
            lines.append(f"| `bpnn {' '.join(command)}` | {label} | {cold[0]:.2f} s | {cold[1]:.2f} s | "
                         f"{warm[0]:.2f} s | {warm[1]:.2f} s |")
    return "\n".join(lines) + "\n"


def with_section(text: str, section: str) -> str:
    """text (a RESULTS.md) with its cold-start section replaced by `section`, or `section` added at the end."""
    if SECTION not in text:
        return text.rstrip("\n") + "\n\n" + section
    before, _, after = text.partition(SECTION)
    rest = after.split("\n## ", 1)
    return before + section + ("\n## " + rest[1] if len(rest) > 1 else "")


def kept_section(path: str) -> str:
    """The cold-start section of the report at `path`, if any (bench/report.py keeps it)."""
    if not os.path.exists(path):
        return ""
    with open(path) as file:
        text = file.read()
    if SECTION not in text:
        return ""
    return SECTION + text.partition(SECTION)[2].split("\n## ", 1)[0].rstrip("\n") + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="rounds (each: every command cold, then warm)")
    parser.add_argument("--bpnn", action="append", metavar="[LABEL=]PATH",
                        help="a bpnn executable (repeat to compare installs)")
    parser.add_argument("--command", action="append", help='a command to time instead, e.g. "xor --backend numba"')
    parser.add_argument("--write", action="store_true", help="write the results into bench/RESULTS.md")
    options = parser.parse_args()
    labels = {}
    for given in options.bpnn or [f"this install={default_bpnn()}"]:
        label, _, path = given.rpartition("=")
        labels[path] = label or path
    commands = [tuple(command.split()) for command in options.command] if options.command else list(COMMANDS)
    results = {(executable, command): {"cold": [], "warm": []} for executable in labels for command in commands}
    load_before = os.getloadavg()
    for _ in range(options.runs):
        for command in commands:
            for executable in labels:
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
        for executable, label in labels.items():
            for kind in ("cold", "warm"):
                print(f"  {label:12} {kind:5}  {summary(results[executable, command][kind])}")
    if options.write:
        path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "RESULTS.md")
        with open(path) as file:
            text = file.read()
        with open(path, "w") as file:
            file.write(with_section(text, markdown(results, labels, commands, options.runs, (load_before, load_after))))
        print(f"written to {path}")


if __name__ == "__main__":
    main()
