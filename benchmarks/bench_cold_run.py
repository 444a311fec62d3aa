"""Benchmark: a cold `grader run` of a complete submission, as a ratio to the import floor.

    python benchmarks/bench_cold_run.py               # 15 rounds, every shipped assignment
    python benchmarks/bench_cold_run.py --rounds 25 --assignment columbia_nndl_hw1
    python benchmarks/bench_cold_run.py --zygote 1    # the same runs with GRADER_SANDBOX_ZYGOTE=1
    python benchmarks/bench_cold_run.py --both        # each assignment with a cold child and with a zygote

The floor is a bare `python -c "import numpy, sympy, pydantic, click"`: what any grader written
in Python with these libraries pays before it does anything.  Each round runs the floor and then
`grader run submissions_example/<assignment>/correct.py --rubric rubrics/<assignment>.toml`
for every assignment, interleaved, so machine load hits all of them alike; the table gives
medians over the rounds.

Two figures per command: wall time, and CPU time (user + system of the process and of every
process it waited for, i.e. the submission's child too).  On a loaded machine wall time swings
with what else runs; CPU time does much less, so the CPU ratio is the steadier figure.  The
target (issue 8) is a wall-time ratio of at most 1.6.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ASSIGNMENTS = ("columbia_nndl_hw1", "toronto_csc413_a1", "nyu_dl_hw1")
FLOOR = [sys.executable, "-c", "import numpy, sympy, pydantic, click"]
TARGET = 1.6


def grader_command() -> list[str]:
    """The console script next to this interpreter (not a version-manager shim), else -m."""
    script = Path(sys.executable).with_name("grader")
    if script.is_file():
        return [sys.executable, str(script)]
    return [sys.executable, "-m", "grader.cli"]


def measure(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    """(wall seconds, CPU seconds of the command and everything it waited for)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    began = time.perf_counter()
    completed = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env, cwd=ROOT)
    wall = time.perf_counter() - began
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if completed.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{completed.stderr.decode(errors='replace')[-2000:]}")
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=15, help="interleaved rounds (medians are taken; at least 7)")
    parser.add_argument("--assignment", action="append", choices=ASSIGNMENTS, help="default: all three")
    parser.add_argument("--zygote", choices=["auto", "0", "1"], default="auto",
                        help="GRADER_SANDBOX_ZYGOTE for the runs (auto: a single run uses a cold child)")
    parser.add_argument("--both", action="store_true", help="run every assignment with a cold child and with a zygote")
    args = parser.parse_args()
    assignments = args.assignment or list(ASSIGNMENTS)
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT)  # this checkout's grader, whatever is installed
    env.pop("GRADER_SANDBOX_ZYGOTE", None)
    if args.zygote != "auto":
        env["GRADER_SANDBOX_ZYGOTE"] = args.zygote
    commands = {"floor": (FLOOR, env)}
    for name in assignments:
        command = grader_command() + ["run", f"submissions_example/{name}/correct.py", "--rubric", f"rubrics/{name}.toml"]
        if args.both:
            commands[f"{name} (cold)"] = (command, {**env, "GRADER_SANDBOX_ZYGOTE": "0"})
            commands[f"{name} (zygote)"] = (command, {**env, "GRADER_SANDBOX_ZYGOTE": "1"})
        else:
            commands[name] = (command, env)
    # An installed package ships compiled bytecode; a checkout run with PYTHONDONTWRITEBYTECODE=1
    # (set on some machines) would otherwise compile every grader module on every run.
    subprocess.run([sys.executable, "-m", "compileall", "-q", "grader", "nn_reference"], cwd=ROOT, check=True,
                   stdout=subprocess.DEVNULL)
    for command, command_env in commands.values():  # warm the page cache; not counted
        measure(command, command_env)
    results: dict[str, list[tuple[float, float]]] = {name: [] for name in commands}
    for _ in range(args.rounds):
        for name, (command, command_env) in commands.items():
            results[name].append(measure(command, command_env))
    load = os.getloadavg()
    floor_wall = statistics.median(w for w, _ in results["floor"])
    floor_cpu = statistics.median(c for _, c in results["floor"])
    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}, load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    print(f"{args.rounds} interleaved rounds; medians; zygote {'0 and 1' if args.both else args.zygote}\n")
    print(f"{'command':<31} {'wall s':>8} {'p90 wall':>9} {'cpu s':>7} {'wall / floor':>13} {'cpu / floor':>12}")
    verdicts = []
    for name, samples in results.items():
        walls = sorted(w for w, _ in samples)
        wall = statistics.median(walls)
        cpu = statistics.median(c for _, c in samples)
        p90 = walls[min(len(walls) - 1, int(0.9 * len(walls)))]
        print(f"{name:<31} {wall:8.3f} {p90:9.3f} {cpu:7.3f} {wall / floor_wall:13.2f} {cpu / floor_cpu:12.2f}")
        if name != "floor" and not name.endswith("(zygote)"):  # what `grader run` does by default
            verdicts.append(f"{name.split()[0]} {wall / floor_wall:.2f} {'met' if wall / floor_wall <= TARGET else 'NOT met'}")
    print(f"\ntarget wall / floor <= {TARGET}: " + "; ".join(verdicts))
    return 0


if __name__ == "__main__":
    sys.exit(main())
