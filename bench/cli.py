#!/usr/bin/env python3
"""Times `regflow render` over the corpus as a user runs it (issue #15).

- the whole corpus in all formats with --jobs 1 and with all cores, and
  the ratio; the two outputs are compared byte for byte;
- a re-run with nothing changed (every model skipped by its stamp);
- the time of each stage summed over the corpus (--verbose), and, when the
  resvg command line is on PATH (or RESVG names it), resvg's own time for
  the same pictures, to tell our PNG stage from the rasteriser's own cost.

Usage: bench/cli.py [--runs N] [--bin target/release/regflow] [--work DIR]
Prints a Markdown report; bench/README.md quotes a run of it.
"""

import argparse
import filecmp
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


CPU = []  # CPU seconds (user + system) of each timed command, in order


def timed(cmd, **kw):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    p = subprocess.run(cmd, capture_output=True, text=True, **kw)
    took = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    CPU.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    if p.returncode != 0:
        sys.exit(f"{' '.join(map(str, cmd))} failed ({p.returncode}):\n{p.stderr}")
    return took, p.stdout


SPIN = "import time\nt = time.perf_counter()\nx = 0\nfor i in range(10_000_000): x += i\nprint(time.perf_counter() - t)"


def free_cores(n):
    """A control for the parallel figure: how long n independent CPU loops
    take at once against one alone. About 1.0 when n cores are free; 2.0 on
    2 cores means the machine gave us one."""
    alone = float(subprocess.run([sys.executable, "-c", SPIN], capture_output=True, text=True).stdout)
    procs = [subprocess.Popen([sys.executable, "-c", SPIN], stdout=subprocess.PIPE, text=True) for _ in range(n)]
    together = max(float(p.communicate()[0]) for p in procs)
    return together / alone


def same_tree(a, b):
    """Every file of a is in b with the same bytes, and no more (stamps aside)."""
    c = filecmp.dircmp(a, b, ignore=[".regflow-cache"])
    if c.left_only or c.right_only or c.funny_files:
        return False
    _, mismatch, errors = filecmp.cmpfiles(a, b, c.common_files, shallow=False)
    return not mismatch and not errors


def stages(stdout):
    line = next(l for l in stdout.splitlines() if l.startswith("time per stage"))
    return [(n.strip(), float(ms)) for n, ms in re.findall(r"([^:,]+(?:: [a-z ]+)?) (\d+) ms", line.split(": ", 1)[1])]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--bin", default=None)
    ap.add_argument("--work", default=None)
    a = ap.parse_args()
    target = Path(os.environ.get("CARGO_TARGET_DIR", ROOT / "target"))
    binary = Path(a.bin) if a.bin else target / "release" / "regflow"
    if not a.bin:
        subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    work = Path(a.work or tempfile.mkdtemp(prefix="regflow-cli-bench-"))
    models = ROOT / "models"
    n_models = len(list(models.glob("*.ron")))
    cores = os.cpu_count()
    render = [str(binary), "render", str(models)]

    serial, parallel, rerun = [], [], []
    serial_cpu, parallel_cpu = [], []
    load_before = os.getloadavg()[0]
    control_before = free_cores(cores)
    serial_out, parallel_out = None, None
    for _ in range(a.runs):
        for dest, times, jobs in (("serial", serial, ["--jobs", "1"]), ("parallel", parallel, [])):
            out = work / dest
            shutil.rmtree(out, ignore_errors=True)
            t, said = timed(render + ["-o", str(out), "--verbose"] + jobs)
            times.append(t)
            (serial_cpu if dest == "serial" else parallel_cpu).append(CPU[-1])
            if dest == "serial":
                serial_out = said
            else:
                parallel_out = said
        t, said = timed(render + ["-o", str(work / "parallel")])
        assert f"{n_models} up to date" in said, said
        rerun.append(t)
    identical = same_tree(work / "serial", work / "parallel")

    med = statistics.median
    s, p, r = med(serial), med(parallel), med(rerun)
    print(f"## `regflow render models/` ({n_models} models, all formats), {cores} cores, median of {a.runs} runs\n")
    print(f"Load average before the run: {load_before:.2f}; after: {os.getloadavg()[0]:.2f} "
          "(other work on the machine takes cores from the parallel run).")
    print(f"Control: {cores} independent CPU loops at once took {control_before:.2f}× (before) and "
          f"{free_cores(cores):.2f}× (after) as long as one alone (1.0: {cores} free cores).\n")
    print("| run | wall time | CPU time (user + system) |")
    print("|---|---|---|")
    print(f"| `--jobs 1` | {s:.2f} s | {med(serial_cpu):.2f} s |")
    print(f"| all cores (`--jobs` not given: {cores}) | {p:.2f} s | {med(parallel_cpu):.2f} s |")
    print(f"| speed-up | {s / p:.2f}× | |")
    print(f"| re-run, nothing changed (all {n_models} up to date) | {r * 1000:.0f} ms ({100 * r / p:.1f}% of the parallel render) | |")
    print(f"\nSerial and parallel outputs byte-identical: {'yes' if identical else 'NO'}.\n")

    st = stages(serial_out)
    total = sum(ms for _, ms in st)
    print("### Time per stage, whole corpus, `--jobs 1 --verbose`\n")
    print("| stage | time | share |")
    print("|---|---|---|")
    for name, ms in sorted(st, key=lambda x: -x[1]):
        print(f"| {name} | {ms:.0f} ms | {100 * ms / total:.0f}% |")
    png = sum(ms for n, ms in st if n.startswith("png"))
    print(f"| (all PNG steps) | {png:.0f} ms | {100 * png / total:.0f}% |")

    resvg = os.environ.get("RESVG") or shutil.which("resvg")
    if resvg:
        # The gallery's SVGs at 192 dpi (zoom 2), with only the bundled font,
        # one resvg process per picture as a user would run it.
        fonts = ROOT / "assets" / "fonts"
        svgs = sorted((work / "serial").glob("*.svg"))
        start = time.perf_counter()
        for f in svgs:
            subprocess.run(
                [resvg, "--zoom", "2", "--background", "white", "--skip-system-fonts",
                 "--use-font-file", str(fonts / "PTSans-Regular.ttf"),
                 "--use-font-file", str(fonts / "PTSans-Bold.ttf"),
                 "--font-family", "PT Sans", str(f), str(work / "resvg.png")],
                check=True, capture_output=True)
        took = (time.perf_counter() - start) * 1000
        print(f"\nresvg {subprocess.run([resvg, '--version'], capture_output=True, text=True).stdout.strip()} "
              f"command line on the same {len(svgs)} SVGs (diagrams and legends) at zoom 2: {took:.0f} ms "
              f"(regflow's PNG steps: {png:.0f} ms).")
    else:
        print("\n(resvg command line not found: set RESVG or put it on PATH for its own figure)")
    print(f"\nwork folder: {work}")


if __name__ == "__main__":
    main()
