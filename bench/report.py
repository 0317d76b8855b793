"""Run the benchmarks and write their report: python bench/report.py

    python bench/report.py            run bench/ with benchmarks enabled, write bench/RESULTS.md, print it
    python bench/report.py --quick    each benchmark body once, correctness only (CI smoke run); no report
    python bench/report.py --threads 1    every library on one thread (steadier on a busy machine)
    python bench/report.py --from-json results.json    write the report from an earlier run's JSON
    python bench/report.py --implementation numba    only these implementations (repeatable)
    python bench/report.py --long-runs [RUN ...]    the long runs (bench/long_runs.py: the subnormal regime),
                                          each implementation in a process of its own, into bench/long_runs.json
                                          (replacing the results of those runs and implementations only) and
                                          RESULTS.md's section "Long runs" (the rest of the file is kept)

The Numba kernels run twice: as installed (their threads sleep between products) and as
"numba_spin", in a process with GOMP_SPINCOUNT=3000, where they spin for about 30 µs first, as
OpenBLAS's and PyTorch's threads do: the same machine code, waiting for work differently.

The report: medians, rates and ratios against the Numba kernels for every workload and matmul
shape, the targets of the kernels and benchmarks issues (met or missed), what was skipped and why,
and the machine and versions the numbers come from. BPNN_BENCH_SECONDS (or --seconds) sets how
many seconds of timed rounds each benchmark aims for (default 3; at least 3 rounds each).

Each implementation runs in a pytest process of its own (bench/conftest.py's --implementation),
then the agreement checks in one more, and the report merges their JSON. In one process the
libraries disturbed each other: after a PyTorch or NumPy (OpenBLAS) benchmark, that library's idle
worker threads keep spinning and take the cores from the next benchmark (the Numba matmul
64x784x128 took 582 µs after them, 351 µs alone, on an otherwise quiet 2-core machine).

Whether the machine was busy is judged by work that is not the benchmarks' own: the 1-minute load
average just before the run, and, during each process and each benchmark, the CPU time the whole
machine spent (/proc/stat) minus the time this script and its pytest processes spent (getrusage;
bench/conftest.py's other_work records it per benchmark). The load average during the run would
count the benchmarks themselves.
"""
import argparse
import datetime
import importlib.metadata
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ElementTree

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)

from coldstart import kept_section  # noqa: E402
from conftest import CHECKS, machine_busy_seconds  # noqa: E402
from implementations import IMPLEMENTATIONS, LABELS  # noqa: E402
from long_runs import LONG_RUNS  # noqa: E402
from test_bench_matmul import MATMULS, SHAPES  # noqa: E402
from workloads import WORKLOADS  # noqa: E402

THREAD_VARIABLES = ("NUMBA_NUM_THREADS", "OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")
# the Numba kernels run twice: as installed, their threads sleeping between products (see
# bpnn.kernels), and with them spinning for a while first, as OpenBLAS's and PyTorch's threads do
SPINNING = "numba_spin"
SPIN_COUNT = "3000"  # GOMP_SPINCOUNT: about 30 µs of spinning (libgomp counts some 100 spins a µs)
SHORT = {"textbook": "textbook", "numba": "Numba", SPINNING: "Numba, spinning", "numpy": "NumPy",
         "torch32": "torch f32", "torch64": "torch f64"}
REPORTED = ("textbook", "numba", SPINNING, "numpy", "torch32", "torch64")  # the tables' columns, in order
REPORTED_LABELS = {**LABELS, SPINNING: f"Numba kernels, threads spinning (GOMP_SPINCOUNT={SPIN_COUNT})"}
# the machine is busy when the 1-minute load average before the run, or the other work's CPU during
# any of the run's processes (in cores, on average), exceeds this share of the usable cores
BUSY_SHARE = 0.5
OTHER_BUSY_SHARE = 0.1
LONG_RUNS_JSON = os.path.join(HERE, "long_runs.json")
LONG_RUNS_HEADING = "## Long runs: time per step at the start and at the end"
# the Numba run leaves the states the textbook's measured parts start from, so it runs first
LONG_RUN_ORDER = ("numba", "textbook", *(i for i in IMPLEMENTATIONS if i not in ("numba", "textbook")))
LONG_RUN_TARGET = 1.2  # issue 13: the Numba path's last 1000 steps at most 1.2x slower than its first 1000


# ---------------------------------------------------------------- running the suite
def run_pytest(arguments: list[str], environment: dict | None = None) -> int:
    command = [sys.executable, "-m", "pytest", HERE, "-p", "no:cacheprovider", *arguments]
    print("$", *[f"{name}={value}" for name, value in (environment or {}).items()], *command, flush=True)
    return subprocess.call(command, cwd=ROOT, env={**os.environ, **(environment or {})})


def own_seconds() -> float:
    """CPU seconds this script and its finished pytest processes have spent."""
    import resource
    return sum(usage.ru_utime + usage.ru_stime
               for usage in (resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)))


def run_process(name: str, arguments: list[str]) -> dict:
    """One pytest process for one implementation (or the checks): its exit status, how long it
    took, and how many cores other work kept busy meanwhile, on average (None if unknown)."""
    busy, own, started = machine_busy_seconds(), own_seconds(), time.monotonic()
    if name == SPINNING:
        status = run_pytest(["--implementation=numba", *arguments], {"GOMP_SPINCOUNT": SPIN_COUNT})
    else:
        status = run_pytest([f"--implementation={name}", *arguments])
    wall = time.monotonic() - started
    busy_after = machine_busy_seconds()
    other = None
    if busy is not None and busy_after is not None and wall > 0:
        other = max(0.0, (busy_after - busy) - (own_seconds() - own)) / wall
    return dict(status=status, seconds=wall, other_cores=other)


def merge(json_paths: dict[str, str]) -> dict | None:
    """pytest-benchmark's JSON of several runs (process name -> path) as one: the first run's
    machine and time, every benchmark (those of the spinning run under its own name)."""
    merged = None
    for name, path in json_paths.items():
        if not os.path.exists(path):
            continue
        with open(path) as file:
            results = json.load(file)
        if name == SPINNING:
            for bench in results["benchmarks"]:
                bench["extra_info"]["implementation"] = SPINNING
        if merged is None:
            merged = results
        else:
            merged["benchmarks"] += results["benchmarks"]
    return merged


def skipped_tests(junit_path: str) -> dict[str, str]:
    """test name -> skip reason, from pytest's JUnit XML."""
    skipped = {}
    if not os.path.exists(junit_path):
        return skipped
    for case in ElementTree.parse(junit_path).iter("testcase"):
        for skip in case.iter("skipped"):
            skipped[case.get("name")] = skip.get("message", "").removeprefix("Skipped: ")
    return skipped


def failed_tests(junit_path: str) -> list[str]:
    if not os.path.exists(junit_path):
        return []
    return [case.get("name") for case in ElementTree.parse(junit_path).iter("testcase")
            if case.find("failure") is not None or case.find("error") is not None]


# ---------------------------------------------------------------- the long runs
def run_long_runs(names: list[str], runs: list[str], steps: int | None) -> dict:
    """Each long run on each implementation, one process each (bench/long_runs.py), the Numba run
    first; their JSON, with how many cores other work kept busy during each process."""
    arguments = ["--steps", str(steps)] if steps else []
    results = {"datetime": datetime.datetime.now(datetime.timezone.utc).isoformat(), "load_before": os.getloadavg()[0],
               "machine": machine(), "runs": []}
    with tempfile.TemporaryDirectory() as snapshots:
        for run in runs:
            if "numba" in names:  # fill the kernels' cache first, untimed (see main())
                subprocess.call([sys.executable, os.path.join(HERE, "long_runs.py"), "numba", run, "--steps", "2"],
                                cwd=ROOT, stdout=subprocess.DEVNULL)
            for name in (n for n in LONG_RUN_ORDER if n in names):
                command = [sys.executable, os.path.join(HERE, "long_runs.py"), name, run, "--snapshots", snapshots,
                           *arguments]
                print("$", *command, flush=True)
                busy, own, started = machine_busy_seconds(), own_seconds(), time.monotonic()
                finished = subprocess.run(command, cwd=ROOT, stdout=subprocess.PIPE, text=True)
                wall = time.monotonic() - started
                if finished.returncode != 0:
                    results["runs"].append({"run": run, "implementation": name, "failed": finished.returncode})
                    continue
                result = json.loads(finished.stdout.strip().splitlines()[-1])
                result["datetime"] = datetime.datetime.now(datetime.timezone.utc).isoformat()
                busy_after = machine_busy_seconds()
                if busy is not None and busy_after is not None:
                    result["other_cores_process"] = max(0.0, (busy_after - busy) - (own_seconds() - own)) / wall
                results["runs"].append(result)
    return results


def per_step(part: dict | None, key: str) -> str:
    return "—" if not part else f"{part[key]:.3g}"


def merged_long_runs(saved: dict | None, new: dict) -> dict:
    """new's results, and those of saved for the runs and implementations new did not run."""
    if saved is None:
        return new
    done = {(r["run"], r["implementation"]) for r in new["runs"]}
    kept = [r for r in saved["runs"] if (r["run"], r["implementation"]) not in done]
    order = {(run, name): (i, j) for i, run in enumerate(LONG_RUNS) for j, name in enumerate(LONG_RUN_ORDER)}
    runs = sorted(kept + new["runs"], key=lambda r: order.get((r["run"], r["implementation"]), (99, 99)))
    return dict(new, runs=runs, load_before=max(saved["load_before"], new["load_before"]))


def long_runs_section(results: dict) -> str:
    """The section "Long runs" of the report, from run_long_runs()'s results."""
    times = sorted(r.get("datetime", results["datetime"]) for r in results["runs"]) or [results["datetime"]]
    when = " and ".join(dict.fromkeys(t[:16].replace("T", " ") for t in (times[0], times[-1])))
    lines = [LONG_RUNS_HEADING, "",
             f"Run {'between ' if ' and ' in when else ''}{when} UTC by `python bench/report.py --long-runs` "
             "(bench/long_runs.py; the numbers are also in "
             "bench/long_runs.json). Each run trains on MNIST's rows in order, in train calls of 1000 steps "
             "(SGD: of one epoch); ms per step of its first and last 1000 steps (SGD: first and last epoch), "
             "as wall time and as this process's CPU time (every thread of it). The textbook runs a measured part: "
             "its first steps from the start, and its last steps from the Numba run's state that many steps before "
             "its end, each compared with the Numba run's weights and optimizer state bit for bit.", ""]
    cores = results["machine"].get("usable cores") or 1
    others = [r.get("other_cores_process") for r in results["runs"] if r.get("other_cores_process") is not None]
    lines += [f"**Load:** the 1-minute load average was {results['load_before']:.2f} on {cores} cores before the "
              f"runs; other work (other people's processes on this shared machine) kept "
              f"{min(others, default=0):.2f} to {max(others, default=0):.2f} cores busy on average during them. "
              "Wall times on a busy machine suffer most (above all for 2-thread implementations); the CPU "
              "times, and the ratios of last to first, are the steadier measure.", ""]
    for run, long_run in LONG_RUNS.items():
        rows = [r for r in results["runs"] if r["run"] == run]
        if not rows:
            continue
        lines += [f"### {run}: {long_run.workload.title}", "",
                  "| implementation | first: wall ms/step | first: CPU ms/step | last: wall ms/step | "
                  f"last: CPU ms/step | last / first (wall, CPU) | {long_run.state} subnormal at the end | "
                  "other work (cores) |", "|---|---|---|---|---|---|---|---|"]
        for r in rows:
            label = SHORT.get(r["implementation"], r["implementation"])
            if "failed" in r:
                lines.append(f"| {label} | failed (exit status {r['failed']}) | | | | | | |")
                continue
            first, last = r.get("first"), r.get("last")
            ratio = "—"
            if first and last:
                ratio = (f"{last['wall_ms_per_step'] / first['wall_ms_per_step']:.2f}, "
                         f"{last['cpu_ms_per_step'] / first['cpu_ms_per_step']:.2f}")
            subnormal = "—"
            if r.get("segments") and r["segments"][-1]["subnormal"]:
                count, total = r["segments"][-1]["subnormal"]
                subnormal = f"{count:,} of {total:,} ({count / total:.0%})"
            if r["implementation"] == "textbook":
                checks = [f"{which} {part['steps']} steps: " + ("bitwise equal to Numba" if part.get("bitwise_equal_to_numba")
                                                                else "**not equal to Numba**" if "bitwise_equal_to_numba" in part
                                                                else "not compared")
                          for which, part in (("first", first), ("last", last)) if part]
                subnormal = "; ".join(checks) or "—"
            other = r.get("other_cores_process")
            lines.append(f"| {label} | {per_step(first, 'wall_ms_per_step')} | {per_step(first, 'cpu_ms_per_step')} | "
                         f"{per_step(last, 'wall_ms_per_step')} | {per_step(last, 'cpu_ms_per_step')} | {ratio} | "
                         f"{subnormal} | {'' if other is None else f'{other:.2f}'} |")
        numba = next((r for r in rows if r["implementation"] == "numba" and r.get("first")), None)
        if numba:
            wall = numba["last"]["wall_ms_per_step"] / numba["first"]["wall_ms_per_step"]
            cpu = numba["last"]["cpu_ms_per_step"] / numba["first"]["cpu_ms_per_step"]
            verdict = "met" if max(wall, cpu) <= LONG_RUN_TARGET else "**missed**"
            lines += ["", f"Target (issue 13): Numba's last {numba['last']['steps']} steps at most "
                      f"{LONG_RUN_TARGET}× slower per step than its first: {wall:.2f}× (wall), {cpu:.2f}× (CPU): "
                      f"{verdict}."]
        lines += [""]
    return "\n".join(lines)


def with_long_runs(text: str, results: dict | None) -> str:
    """The report text with its section "Long runs" replaced by (or ended with) these results' section."""
    kept = text.split(LONG_RUNS_HEADING)[0].rstrip("\n") + "\n"
    return kept if results is None else kept + "\n" + long_runs_section(results)


def saved_long_runs() -> dict | None:
    if not os.path.exists(LONG_RUNS_JSON):
        return None
    with open(LONG_RUNS_JSON) as file:
        return json.load(file)


# ---------------------------------------------------------------- the machine
def cpu_model() -> str:
    try:
        with open("/proc/cpuinfo") as cpuinfo:
            for line in cpuinfo:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def version(package: str) -> str:
    try:
        return importlib.metadata.version(package)
    except importlib.metadata.PackageNotFoundError:
        return "not installed"


def machine() -> dict:
    import numba
    import numpy
    info = {
        "cpu": cpu_model(),
        "cores": os.cpu_count(),
        "usable cores": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count(),
        "system": platform.platform(),
        "python": platform.python_version(),
        "numpy": numpy.__version__,
        "numba": numba.__version__,
        "torch": version("torch"),
        "bpnn": version("bpnn"),
        "pytest-benchmark": version("pytest-benchmark"),
        "numba threads": f"{numba.config.NUMBA_NUM_THREADS} ({numba.config.THREADING_LAYER} threading layer)",
    }
    try:
        blas = numpy.show_config(mode="dicts")["Build Dependencies"]["blas"]
        info["numpy BLAS"] = f"{blas.get('name')} {blas.get('version')}"
    except Exception:  # show_config's layout is not a stable API
        info["numpy BLAS"] = "unknown"
    limits = [f"{variable}={os.environ[variable]}" for variable in THREAD_VARIABLES if variable in os.environ]
    info["thread limits"] = " ".join(limits) or "none (each library uses every core)"
    if info["torch"] != "not installed":
        import torch
        info["torch threads"] = str(torch.get_num_threads())
    return info


# ---------------------------------------------------------------- reading the results
def collect(results: dict) -> tuple[dict, dict]:
    """(training[workload][implementation], matmul[shape][implementation]), each a dict of numbers."""
    training, matmul = {}, {}
    for bench in results["benchmarks"]:
        info, median = bench["extra_info"], bench["stats"]["median"]
        if info.get("kind") == "training":
            samples = info["samples"] * info["epochs"]
            training.setdefault(info["workload"], {})[info["implementation"]] = dict(
                info, median=median, rounds=bench["stats"]["rounds"],
                samples_per_second=samples / median, steps_per_second=info["steps"] / median)
        elif info.get("kind") == "matmul":
            matmul.setdefault(info["shape"], {})[info["implementation"]] = dict(
                info, median=median, rounds=bench["stats"]["rounds"], gflops=info["flop"] / median / 1e9)
    return training, matmul


def number(value: float) -> str:
    """A rate or ratio: three significant digits (two decimals from 1 to 10), thousands separated."""
    if value >= 100:
        return f"{value:,.0f}"
    if 1 <= value < 10:
        return f"{value:.2f}"
    return f"{value:.3g}"


def duration(seconds: float) -> str:
    if seconds >= 1:
        return f"{seconds:.3g} s"
    if seconds >= 1e-3:
        return f"{seconds * 1e3:.3g} ms"
    return f"{seconds * 1e6:.3g} µs"


def ratio_against(numba_rate, rate) -> str:
    """The Numba kernels' rate against this one: 'Numba 120× faster' or 'Numba 7.8× slower'."""
    if not numba_rate or not rate:
        return ""
    if numba_rate >= rate:
        return f"Numba {number(numba_rate / rate)}× faster"
    return f"Numba {number(rate / numba_rate)}× slower"


# ---------------------------------------------------------------- the report
def cell(row: dict, implementation: str, key: str, numba_rate) -> str:
    """A table cell: the implementation's rate, a \\* if it ran on part of the workload, and the
    Numba kernels' rate against it in parentheses."""
    result = row.get(implementation)
    if result is None:
        return "skipped"
    partial = "\\*" if result.get("samples", 0) < result.get("full_samples", 0) else ""
    ratio = ratio_against(numba_rate, result[key]) if implementation != "numba" else ""
    return f"{number(result[key])}{partial}" + (f" ({ratio})" if ratio else "")


def targets(training: dict, matmul: dict) -> list[tuple[str, str, str]]:
    """(target, what was measured, verdict) for the kernels issue's and the benchmarks issue's targets."""
    rows = []

    def rate(workload, implementation, key="samples_per_second"):
        return training.get(workload, {}).get(implementation, {}).get(key)

    def verdict(value, goal):
        return "not measured" if value is None else ("met" if value >= goal else "**missed**")

    numba_xor, textbook_xor = rate("xor", "numba"), rate("xor", "textbook")
    speedup = numba_xor / textbook_xor if numba_xor and textbook_xor else None
    rows.append(("Numba ≥ 100× the textbook on XOR 2-2-1 training",
                 f"×{number(speedup)}" if speedup else "—", verdict(speedup, 100)))

    def both(measure, goal):
        """(measured, verdict) of a threaded target, for the kernels as installed and, if they were
        run so, with their threads spinning: measure(implementation) -> (text, ratio) or None."""
        texts, verdicts = [], []
        for implementation, how in (("numba", "threads sleeping, as installed"), (SPINNING, "threads spinning")):
            measured = measure(implementation)
            if measured is not None:
                texts.append(f"{how}: {measured[0]}")
                verdicts.append(f"{verdict(measured[1], goal)} ({how.split(',')[0]})")
        return "; ".join(texts) or "—", ", ".join(verdicts) or "not measured"

    square = matmul.get("64x784x128", {})
    blas = square.get("numpy", {}).get("gflops")

    def matmul_share(implementation):
        exact = square.get(implementation, {}).get("gflops")
        return (f"{number(exact)} vs {number(blas)} GFLOP/s: {exact / blas:.0%}", exact / blas) if exact and blas else None
    rows.append(("exact matmul (64x784)(784x128) ≥ 50% of NumPy BLAS GFLOP/s", *both(matmul_share, 0.5)))

    torch_epoch = rate("mnist128", "torch32")

    def epoch_ratio(implementation):
        numba_epoch = rate("mnist128", implementation)
        return (f"{number(numba_epoch)} vs {number(torch_epoch)} samples/s", numba_epoch / torch_epoch) \
            if numba_epoch and torch_epoch else None
    rows.append(("784-128-10 mini-batch 64 epoch: Numba ≥ PyTorch float32 samples/s", *both(epoch_ratio, 1.0)))

    numba_step, torch_step = rate("xor", "numba", "steps_per_second"), rate("xor", "torch32", "steps_per_second")
    per_step = numba_step / torch_step if numba_step and torch_step else None
    rows.append(("Numba ≥ 1000× PyTorch (float32) per XOR training step",
                 f"×{number(per_step)} ({duration(1 / numba_step)} vs {duration(1 / torch_step)} a step)"
                 if per_step else "—", verdict(per_step, 1000)))

    numba_big, torch_big = rate("mnist1568", "numba", "steps_per_second"), rate("mnist1568", "torch32", "steps_per_second")
    rows.append(("784-1568-10 at batch size 1: Numba ≥ PyTorch float32 steps/s",
                 f"{number(numba_big)} vs {number(torch_big)} steps/s" if numba_big and torch_big else "—",
                 verdict(numba_big / torch_big if numba_big and torch_big else None, 1.0)))
    return rows


def losses(training: dict, matmul: dict) -> list[str]:
    """One line per workload or shape where another implementation is faster than the Numba kernels."""
    lines = []
    for title, table, key in (("training", training, "samples_per_second"), ("matmul", matmul, "gflops")):
        for name, row in table.items():
            numba = row.get("numba")
            faster = [f"{SHORT[i]} {result[key] / numba[key]:.2f}×" for i, result in row.items()
                      if numba and i != "numba" and result[key] > numba[key]]
            if faster:
                lines.append(f"{title} {name}: faster than Numba: " + ", ".join(faster))
    return lines


LIMITS = """\
What limits the Numba kernels where they lose:
- **Exact sums.** Every weighted sum adds its terms one at a time in the textbook's order, with no
  fused multiply-add (FMA) and no reassociation, so that the results equal the textbook's bit for
  bit. A multiply and an add then take two instructions where a BLAS takes one FMA, so the exact
  matmul's peak is half the BLAS's peak: 50% of BLAS is its ceiling, reached only if it runs as
  close to peak as the BLAS does. A BLAS also keeps several partial sums per output and blocks for
  the caches in the order that suits it; the exact matmul can only vectorise across outputs.
- **float64.** The kernels compute in float64, as the textbook's Python floats do. PyTorch float32
  moves half the bytes and fits twice the numbers in a vector register.
- **Batch size 1.** Each step is a matrix-vector product and an update of every weight: memory
  bound, with no reuse of a loaded weight across a batch.
- **Tiny networks.** On XOR 2-2-1 a step is a few dozen flops, so the cost per pattern of the
  compiled training loop itself (calls, slicing, bookkeeping) sets the speed, not arithmetic.
- **Threads.** Numba's prange, OpenBLAS and PyTorch's OpenMP all use every core; on a machine busy
  with other work a descheduled thread stalls the whole product, so multi-threaded timings suffer
  most from a busy machine (see the load and other work above; `--threads 1` is steadier there).
  Between products, Numba's threads sleep as bpnn.kernels starts them, and waking one costs tens of
  microseconds (about 60 on our 2-core virtual machine), while OpenBLAS's and PyTorch's threads
  spin for a while first. The "Numba, spinning" column runs the same kernels with
  GOMP_SPINCOUNT=3000 (about 30 µs of spinning): like for like with BLAS's threads, but slower
  than sleeping on a machine whose cores are busy (see bpnn.kernels' docstring).
"""


def busy(info: dict, load_before: float | None, processes: dict, benchmarks: list) -> list[str]:
    """Why the machine counts as busy (empty when it was quiet): judged by other work only."""
    cores = info["usable cores"] or 1
    reasons = []
    if load_before is not None and load_before > BUSY_SHARE * cores:
        reasons.append(f"the 1-minute load average was {load_before:.2f} on {cores} cores before the run started")
    noisy = [f"{SHORT.get(name, name)} {process['other_cores']:.2f}" for name, process in processes.items()
             if process.get("other_cores") is not None and process["other_cores"] > OTHER_BUSY_SHARE * cores]
    if noisy:
        reasons.append("other work kept this many cores busy, on average, while these implementations ran: "
                       + ", ".join(noisy))
    disturbed = [f"{bench['extra_info'].get('kind', '')} "
                 f"{bench['extra_info'].get('workload') or bench['extra_info'].get('shape')} "
                 f"{SHORT.get(bench['extra_info'].get('implementation'), '?')} {bench['extra_info']['other_cores']:.2f}"
                 for bench in benchmarks if bench["extra_info"].get("other_cores", 0.0) > OTHER_BUSY_SHARE * cores]
    if disturbed:
        reasons.append("other work kept this many cores busy, on average, during these benchmarks: "
                       + ", ".join(disturbed))
    return reasons


def report(results: dict, skipped: dict, failed: list, info: dict, seconds: float,
           load_before: float | None, processes: dict) -> str:
    training, matmul = collect(results)
    lines = ["# Benchmark results", ""]
    when = results.get("datetime", datetime.datetime.now(datetime.timezone.utc).isoformat())
    lines += [f"Run {when[:19].replace('T', ' ')} UTC by `python bench/report.py` "
              f"(about {seconds:g} s of timed rounds per benchmark, at least 3 rounds; medians).", ""]
    if processes:
        lines += ["Each implementation ran in a pytest process of its own, one after the other: in one process "
                  "the libraries disturb each other, since after a PyTorch or NumPy (OpenBLAS) benchmark that "
                  "library's idle worker threads keep spinning and take the cores from the next benchmark "
                  "(measured on a quiet 2-core machine: the Numba matmul 64x784x128 took 582 µs after them, 351 µs alone).", ""]
    reasons = busy(info, load_before, processes, results["benchmarks"])
    if reasons:
        lines += ["**Busy machine:** " + "; ".join(reasons) + ". Other work shared the CPU, so these timings "
                  "are noisy, the multi-threaded ones most. Re-run on a quiet machine for numbers to quote.", ""]
    if failed:
        lines += [f"**{len(failed)} test(s) failed:** " + ", ".join(f"`{name}`" for name in failed), ""]

    lines += ["## Machine", "", "| | |", "|---|---|"]
    lines += [f"| {key} | {value} |" for key, value in info.items()]
    if load_before is not None:
        lines += [f"| load average (1 min) before the run | {load_before:.2f} |"]
    if processes:
        lines += ["| pytest processes (how long; other work's CPU meanwhile, on average) | " + ", ".join(
            f"{SHORT.get(name, name)} {process['seconds']:.0f} s"
            + ("" if process.get("other_cores") is None else f" ({process['other_cores']:.2f} cores)")
            for name, process in processes.items()) + " |"]
    lines += [""]

    lines += ["## Targets", "", "| target | measured | |", "|---|---|---|"]
    lines += [f"| {target} | {measured} | {verdict} |" for target, measured, verdict in targets(training, matmul)]
    lines += [""]

    present = [i for i in REPORTED if any(i in row for row in training.values())]
    lines += ["## Training: samples per second", "",
              "The same network, initial weights, data and settings for every implementation. "
              "In parentheses: the Numba kernels' rate against this one.", "",
              "| workload | " + " | ".join(SHORT[i] for i in present) + " |",
              "|---|" + "---|" * len(present)]
    for name, workload in WORKLOADS.items():
        row = training.get(name, {})
        numba_rate = row.get("numba", {}).get("samples_per_second")
        cells = [cell(row, implementation, "samples_per_second", numba_rate) for implementation in present]
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    lines += ["", "\\* measured on part of the workload (see below); the rate is samples per second of that part.", ""]

    lines += ["Workloads:", ""]
    for name, workload in WORKLOADS.items():
        row = training.get(name, {})
        data = next((r["data"] for r in row.values()), workload.data)
        lines.append(f"- **{name}**: {workload.title}; data: {data}.")
    lines += [""]

    lines += ["### Every training run", "",
              "| workload | implementation | samples x epochs | median | rounds | per step | samples/s |",
              "|---|---|---|---|---|---|---|"]
    for name in WORKLOADS:
        for implementation in REPORTED:
            result = training.get(name, {}).get(implementation)
            if result is None:
                continue
            part = ""
            if result["samples"] < result["full_samples"]:
                part = f" (of {result['full_samples']})"
            lines.append(f"| {name} | {REPORTED_LABELS[implementation]} | {result['samples']}{part} x {result['epochs']} | "
                         f"{duration(result['median'])} | {result['rounds']} | "
                         f"{duration(result['median'] / result['steps'])} | {number(result['samples_per_second'])} |")
    lines += [""]

    present = [i for i in REPORTED if i in (*MATMULS, SPINNING) and any(i in row for row in matmul.values())]
    lines += ["## Matmul: GFLOP/s (2 m k n / median time)", "",
              "(m x k)(k x n) at the shapes the networks multiply. The exact matmul (Numba) sums every "
              "entry in the textbook's order; the others use BLAS (NumPy: OpenBLAS; PyTorch: MKL/oneDNN).", "",
              "| shape m x k x n | " + " | ".join(SHORT[i] for i in present) + " | exact / NumPy BLAS (spinning) |",
              "|---|" + "---|" * (len(present) + 1)]
    for shape in SHAPES:
        row = matmul.get(shape, {})
        numba_rate = row.get("numba", {}).get("gflops")
        cells = [cell(row, implementation, "gflops", numba_rate) for implementation in present]
        blas, spinning = row.get("numpy", {}).get("gflops"), row.get(SPINNING, {}).get("gflops")
        share = f"{numba_rate / blas:.0%}" if numba_rate and blas else ""
        share += f" ({spinning / blas:.0%})" if spinning and blas else ""
        lines.append(f"| {shape} | " + " | ".join(cells) + f" | {share} |")
    lines += [""]

    lost = losses(training, matmul)
    lines += ["## Where the Numba kernels lose", ""]
    lines += [f"- {line}" for line in lost] or ["- nowhere in this run."]
    lines += ["", LIMITS]

    lines += ["## Skipped", ""]
    if skipped:
        lines += [f"- `{name}`: {reason}" for name, reason in sorted(skipped.items())]
    else:
        lines += ["- nothing."]
    notes = [f"- **{name}**, textbook: measured on {WORKLOADS[name].textbook_samples} of "
             f"{WORKLOADS[name].samples} samples; {WORKLOADS[name].note}."
             for name in WORKLOADS if WORKLOADS[name].textbook_samples]
    if notes:
        lines += ["", "Measured on part of the workload:", ""] + notes
    lines += [""]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true",
                        help="smoke run: each benchmark body once, correctness only; writes no report")
    parser.add_argument("--output", default=os.path.join(HERE, "RESULTS.md"), help="where to write the report")
    parser.add_argument("--seconds", type=float, default=float(os.environ.get("BPNN_BENCH_SECONDS", "3")),
                        help="seconds of timed rounds per benchmark (default 3)")
    parser.add_argument("--threads", type=int,
                        help="threads for Numba, OpenBLAS, MKL and PyTorch (default: each library's own, all cores)")
    parser.add_argument("--json", help="also keep pytest-benchmark's JSON here")
    parser.add_argument("--from-json", help="write the report from this JSON (of an earlier run) without running")
    parser.add_argument("-k", dest="select", help="only the benchmarks matching this pytest -k expression")
    parser.add_argument("--implementation", action="append", choices=REPORTED,
                        help="only this implementation (repeatable; default: all of them, then the agreement checks)")
    parser.add_argument("--long-runs", nargs="*", choices=LONG_RUNS, metavar="RUN",
                        help="run the long runs (default: all of them: " + ", ".join(LONG_RUNS) + ") instead of the "
                             "benchmarks, and write their section of the report")
    parser.add_argument("--long-run-steps", type=int, help="shorter long runs: this many steps each (a try-out)")
    options = parser.parse_args()
    if options.threads:
        for variable in THREAD_VARIABLES:
            os.environ[variable] = str(options.threads)

    if options.long_runs is not None:
        names = [n for n in (options.implementation or IMPLEMENTATIONS) if n in IMPLEMENTATIONS]
        results = run_long_runs(names, options.long_runs or list(LONG_RUNS), options.long_run_steps)
        if not options.long_run_steps:  # a try-out is not kept; a run of some implementations replaces theirs
            results = merged_long_runs(saved_long_runs(), results)
            with open(LONG_RUNS_JSON, "w") as file:
                json.dump(results, file, indent=1)
        text = open(options.output).read() if os.path.exists(options.output) else "# Benchmark results\n"
        text = with_long_runs(text, results)
        kept = kept_section(options.output)  # bench/coldstart.py's table, which follows the long runs: kept
        with open(options.output, "w") as file:
            file.write(text if not kept else text.rstrip("\n") + "\n\n" + kept)
        print(long_runs_section(results))
        print(f"written to {options.output}")
        return 0 if not any("failed" in r for r in results["runs"]) else 1

    selection = ["-k", options.select] if options.select else []
    if options.quick:
        return run_pytest(["--benchmark-disable", "-q", "-rs", *selection])

    if options.from_json:
        with open(options.from_json) as file:
            results = json.load(file)
        if "bpnn_processes" in results:
            load_before, processes = results.get("bpnn_load_before"), results["bpnn_processes"]
        else:  # written before the implementations ran in processes of their own
            load_before, processes = results.get("bpnn_loads", [None])[0], {}
        text = report(results, results.get("bpnn_skipped", {}), results.get("bpnn_failed", []),
                      results.get("bpnn_machine") or machine(), results.get("bpnn_seconds", options.seconds),
                      load_before, processes)
    else:
        os.environ["BPNN_BENCH_SECONDS"] = str(options.seconds)
        names = options.implementation or [*REPORTED, CHECKS]
        if {"numba", SPINNING} & set(names):
            # fill the kernels' on-disk cache first, untimed: the same kernels compiled in the process
            # that times them ran slower there (matmul 64x784x128: 18 against 37-50 GFLOP/s loaded
            # from the cache), a cost of a new install's first run only
            run_pytest(["--implementation=numba", "--benchmark-disable", "-q", *selection])
        with tempfile.TemporaryDirectory() as directory:
            load_before = os.getloadavg()[0]
            print(f"1-minute load average before the run: {load_before:.2f}", flush=True)
            processes, json_paths, statuses, skipped, failed = {}, {}, [], {}, []
            for name in names:
                json_path = os.path.join(directory, f"{name}.json")
                junit_path = os.path.join(directory, f"{name}.xml")
                arguments = ["--benchmark-enable", f"--benchmark-json={json_path}", f"--junitxml={junit_path}",
                             "-q", "--benchmark-columns=median,rounds", "--benchmark-sort=name"]
                processes[name] = run_process(name, arguments + selection)
                if processes[name]["status"] != 5:  # 5: -k left none of this implementation's tests
                    statuses.append(processes[name]["status"])
                json_paths[name] = json_path
                skipped.update(skipped_tests(junit_path))
                failed += failed_tests(junit_path)
            status = max(statuses, default=5)
            results = merge(json_paths)
            if results is None:
                print("the benchmarks did not run; no report written", file=sys.stderr)
                return status or 1
            info = machine()
            if options.json:  # keep what is needed to write the report again (--from-json)
                results.update(bpnn_machine=info, bpnn_load_before=load_before, bpnn_processes=processes,
                               bpnn_seconds=options.seconds, bpnn_skipped=skipped, bpnn_failed=failed)
                with open(options.json, "w") as file:
                    json.dump(results, file, indent=1)
            text = report(results, skipped, failed, info, options.seconds, load_before, processes)
    text = with_long_runs(text, saved_long_runs())  # the last long runs' section stays in the report
    kept = kept_section(options.output)  # bench/coldstart.py's table: another script's, kept as it is
    with open(options.output, "w") as file:
        file.write(text if not kept else text.rstrip("\n") + "\n\n" + kept)
    print(text)
    print(f"written to {options.output}")
    return 0 if options.from_json else status


if __name__ == "__main__":
    sys.exit(main())
