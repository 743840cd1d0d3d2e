#!/usr/bin/env python3
"""regflow against Graphviz, ProcessPiper and bpmn-auto-layout: time and
layout figures, side by side, on one machine in one run.

Run it through bench/run.sh, which installs the peers first. See README.md.
"""

import argparse
import datetime
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(BENCH))
from lib import bpmnio, metrics, translate  # noqa: E402

BUILT = ROOT / "target" / "release" / "regflow"
REGFLOW = BUILT  # replaced by a copy in the work folder at start, so a rebuild during the run changes nothing
VENV_PY = BENCH / ".venv" / "bin" / "python"
AUTO_LAYOUT = BENCH / "tools" / "auto_layout.mjs"
MIWG = ROOT / "tests" / "fixtures" / "miwg"

# Generated inputs: procedures (nodes) and lanes; one fixed seed.
SIZES = [(10, 3), (50, 5), (200, 8), (1000, 10), (5000, 12)]
SEED = 2026
MAX_LABEL = 60
LOOPS = 5

TOOLS = ["regflow", "dot", "dot-ortho", "processpiper", "bpmn-auto-layout"]
NAMES = {
    "regflow": "regflow",
    "dot": "Graphviz dot",
    "dot-ortho": "Graphviz dot (ortho)",
    "processpiper": "ProcessPiper",
    "bpmn-auto-layout": "bpmn-auto-layout",
    "reference": "MIWG reference (by hand)",
}


def runs_for(nodes):
    return 5 if nodes <= 200 else 3 if nodes <= 1000 else 1


class Failed(Exception):
    pass


def timed(cmd, timeout, runs, cwd=None):
    """Median wall time of `runs` runs of cmd (s). A run over 30 s is not
    repeated. Raises Failed with the reason."""
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        try:
            p = subprocess.run(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=timeout)
        except subprocess.TimeoutExpired:
            raise Failed(f"timeout after {timeout:.0f} s")
        dt = time.perf_counter() - t0
        if p.returncode != 0:
            lines = [l for l in p.stderr.decode("utf-8", "replace").splitlines() if l.strip() and not l.startswith("Warning")]
            errs = [l for l in lines if re.search(r"Error|Exception|Assertion|error:", l)]
            reason = (errs or lines or [f"exit {p.returncode}"])[-1].strip(" │╰─")
            raise Failed(f"failed: {reason[:120]}")
        times.append(dt)
        if dt > 30:
            break
    return statistics.median(times), len(times)


def have(tool):
    if tool == "regflow":
        return REGFLOW.exists()
    if tool.startswith("dot"):
        return shutil.which("dot") is not None
    if tool == "processpiper":
        return VENV_PY.exists() and subprocess.run([str(VENV_PY), "-c", "import processpiper"], capture_output=True).returncode == 0
    if tool == "bpmn-auto-layout":
        return shutil.which("node") is not None and (BENCH / "node_modules" / "bpmn-auto-layout").is_dir()
    return False


def versions():
    v = {}
    try:
        v["regflow"] = subprocess.run([str(REGFLOW), "--version"], capture_output=True, text=True).stdout.strip()
    except OSError:
        pass
    if shutil.which("dot"):
        v["graphviz"] = subprocess.run(["dot", "-V"], capture_output=True, text=True).stderr.strip()
    if VENV_PY.exists():
        r = subprocess.run([str(VENV_PY), "-c", "import importlib.metadata as m; print(m.version('processpiper'))"], capture_output=True, text=True)
        if r.returncode == 0:
            v["processpiper"] = r.stdout.strip()
    pj = BENCH / "node_modules" / "bpmn-auto-layout" / "package.json"
    if pj.exists():
        v["bpmn-auto-layout"] = json.loads(pj.read_text())["version"]
    if shutil.which("node"):
        v["node"] = subprocess.run(["node", "--version"], capture_output=True, text=True).stdout.strip()
    v["python"] = platform.python_version()
    v["cpus"] = os.cpu_count()
    return v


def regflow_reads_bpmn(work):
    """Whether this regflow renders a BPMN file (the import being added)."""
    probe = work / "probe"
    probe.mkdir(parents=True, exist_ok=True)
    src = probe / "probe.bpmn"
    bpmnio.strip_di(MIWG / "A.4.0.bpmn", src) if (MIWG / "A.4.0.bpmn").exists() else None
    if not src.exists():
        return False
    r = subprocess.run([str(REGFLOW), "render", str(src), "-o", str(probe / "out"), "--format", "bpmn"],
                       capture_output=True)
    return r.returncode == 0 and (probe / "out" / "probe.bpmn").exists()


def miwg_with_lanes():
    if not MIWG.is_dir():
        return []
    out = []
    for f in sorted(MIWG.glob("*.bpmn")):
        g = bpmnio.read_graph(bpmnio.parse(f))
        if re.search(r"<(\w+:)?lane[\s>]", f.read_text(encoding="utf-8", errors="replace")) and g["nodes"]:
            out.append(f)
    return out


def write_json(path, obj):
    path.write_text(json.dumps(obj, ensure_ascii=False), encoding="utf-8")


class Bench:
    def __init__(self, args):
        self.args = args
        self.work = Path(args.work).resolve()
        self.work.mkdir(parents=True, exist_ok=True)
        self.rows = []
        self.notes = []
        self.crosscheck = []
        self.layout_only = []

    def note(self, s):
        if s not in self.notes:
            self.notes.append(s)
            print(f"note: {s}", flush=True)

    def result(self, inp, tool, geom_fn, time_s=None, nruns=0, error=None, extra=""):
        row = {"input": inp["name"], "nodes": inp["nodes"], "lanes": inp["lanes"], "tool": tool,
               "time": time_s, "runs": nruns, "error": error, "extra": extra}
        if error is None:
            try:
                g = geom_fn()
                gpath = inp["dir"] / f"{tool}.geom.json"
                write_json(gpath, g)
                row["metrics"] = metrics.measure(g)
                if self.args.draw:
                    from lib import draw
                    draw.draw(g, str(inp["dir"] / f"{tool}.png"))
            except Exception as e:  # a result we cannot read is reported, not fatal
                row["error"] = f"unreadable result: {e}"
        self.rows.append(row)
        m = row.get("metrics")
        shown = f"{time_s * 1000:.0f} ms ×{nruns}" if time_s is not None else ""
        print(f"  {tool:17} {shown:14} {row['error'] or ''} {'' if not m else {k: (round(v, 3) if isinstance(v, float) else v) for k, v in m.items() if k != 'missing'}}", flush=True)
        return row

    # --- inputs -----------------------------------------------------------

    def inputs(self):
        ins = []
        gen = self.work / "inputs"
        gen.mkdir(exist_ok=True)
        sizes = [s for s in SIZES if s[0] in self.args.sizes]
        for n, lanes in sizes:
            path = gen / f"gen-{n}.ron"
            subprocess.run([str(REGFLOW), "generate", "--seed", str(SEED), "--nodes", str(n), "--lanes", str(lanes),
                            "--max-label", str(MAX_LABEL), "--loops", str(LOOPS), "-o", str(path)],
                           check=True, stdout=subprocess.DEVNULL)
            ins.append({"name": f"gen-{n}", "kind": "ron", "path": path})
        if not self.args.smoke:
            for f in sorted((ROOT / "models").glob("*.ron")):
                ins.append({"name": f.stem, "kind": "ron", "path": f})
            files = miwg_with_lanes()
            if not files:
                self.note(f"no MIWG files found in {MIWG}")
            for f in files:
                ins.append({"name": f"MIWG {f.stem}", "kind": "bpmn", "path": f})
        return ins

    # --- one input --------------------------------------------------------

    def run_input(self, inp):
        inp["dir"] = self.work / "results" / inp["name"].replace(" ", "-")
        if inp["dir"].exists():
            shutil.rmtree(inp["dir"])
        inp["dir"].mkdir(parents=True)
        d = inp["dir"]
        print(f"== {inp['name']}", flush=True)
        tools = [t for t in self.args.tools if t in TOOLS]

        # The process graph every peer is given, and the sizes of its symbols.
        if inp["kind"] == "ron":
            rf_out = d / "regflow"
            stem = inp["path"].stem
            cmd = [str(REGFLOW), "render", str(inp["path"]), "-o", str(rf_out), "--format", "bpmn",
                   "--orientation", "bpmn"]
            r = subprocess.run(cmd, capture_output=True)
            if r.returncode != 0:
                raise Failed(f"regflow cannot render {inp['path']}: {r.stderr.decode()[-300:]}")
            rf_bpmn = rf_out / f"{stem}.bpmn"
            root = bpmnio.parse(rf_bpmn)
            graph = bpmnio.read_graph(root)
            ref_geom = bpmnio.geometry(root, graph)
            source_bpmn = rf_bpmn
        else:
            root = bpmnio.parse(inp["path"])
            graph = bpmnio.read_graph(root)
            ref_geom = bpmnio.geometry(root, graph)
            source_bpmn = inp["path"]
        inp["nodes"] = len(graph["nodes"])
        inp["lanes"] = len(graph["lanes"])
        write_json(d / "graph.json", graph)
        sizes = {s["id"]: (s["w"], s["h"]) for s in ref_geom["shapes"]}
        runs = 1 if self.args.smoke else (self.args.runs or runs_for(inp["nodes"]))
        timeout = self.args.timeout

        if inp["kind"] == "bpmn":
            self.result(inp, "reference", lambda: ref_geom, extra="hand-drawn DI of the file")

        # regflow
        if "regflow" in tools:
            if inp["kind"] == "ron":
                try:
                    t, k = timed(cmd, timeout, runs)
                    self.result(inp, "regflow", lambda: bpmnio.geometry(bpmnio.parse(rf_bpmn)), t, k)
                    self.check_against_regflow(inp, ref_geom)
                    self.time_layout_only(inp, timeout, runs)
                except Failed as e:
                    self.result(inp, "regflow", None, error=str(e))
            elif self.regflow_bpmn:
                # The file as it is: regflow lays it out anew whatever DI it has.
                out = d / "regflow"
                cmd2 = [str(REGFLOW), "render", str(inp["path"]), "-o", str(out), "--format", "bpmn", "--orientation", "bpmn"]
                try:
                    t, k = timed(cmd2, timeout, runs)
                    self.result(inp, "regflow", lambda: bpmnio.geometry(bpmnio.parse(out / inp["path"].name)), t, k)
                except Failed as e:
                    self.result(inp, "regflow", None, error=str(e))
            else:
                self.result(inp, "regflow", None, error="no BPMN import in regflow yet")
                self.note("regflow does not read BPMN yet (`regflow render file.bpmn` fails), so it is not run on the MIWG files; the peers and the hand-drawn reference are")

        # Graphviz: plain (polyline edges) and orthogonal.
        for tool, splines in (("dot", "polyline"), ("dot-ortho", "ortho")):
            if tool not in tools:
                continue
            if not have(tool):
                self.result(inp, tool, None, error="not installed")
                continue
            src = d / f"{tool}.dot"
            src.write_text(translate.to_dot(graph, sizes).replace("splines=ortho", f"splines={splines}"), encoding="utf-8")
            out = d / f"{tool}.json"
            try:
                t, k = timed(["dot", "-Tjson", "-o", str(out), str(src)], timeout, runs)
                self.result(inp, tool, lambda: translate.dot_geometry(out, graph), t, k)
            except Failed as e:
                self.result(inp, tool, None, error=str(e))

        # ProcessPiper: its Python API; geometry from its BPMN export.
        if "processpiper" in tools:
            if not have("processpiper"):
                self.result(inp, "processpiper", None, error="not installed")
            else:
                pg, added = translate.limit_degree(graph)
                out = d / "processpiper.bpmn"
                title = inp["name"]
                src = d / "pp_model.py"  # not processpiper.py: that would shadow the package
                src.write_text(translate.to_processpiper(pg, title, str(out)), encoding="utf-8")
                extra = f"+{added} gateways (max 4 flows per element)" if added else ""
                try:
                    t, k = timed([str(VENV_PY), str(src)], timeout, runs, cwd=d)
                    self.result(inp, "processpiper", lambda: bpmnio.geometry(bpmnio.parse(out)), t, k, extra=extra)
                except Failed as e:
                    self.result(inp, "processpiper", None, error=str(e), extra=extra)
                    if "KeyError" in str(e):
                        self.note("ProcessPiper 0.8.1 crashes (KeyError in its layout grid) when a lane holds only elements not reached from its first start event, e.g. two separate flows or several pools: the MIWG files")

        # bpmn-auto-layout: the same BPMN without its DI.
        if "bpmn-auto-layout" in tools:
            if not have("bpmn-auto-layout"):
                self.result(inp, "bpmn-auto-layout", None, error="not installed")
            else:
                src = d / "input-no-di.bpmn"
                bpmnio.strip_di(source_bpmn, src)
                out = d / "bpmn-auto-layout.bpmn"
                try:
                    t, k = timed(["node", str(AUTO_LAYOUT), str(src), str(out)], timeout, runs)
                    self.result(inp, "bpmn-auto-layout", lambda: bpmnio.geometry(bpmnio.parse(out), graph), t, k,
                                extra="draws no lanes")
                except Failed as e:
                    self.result(inp, "bpmn-auto-layout", None, error=str(e))

    def check_against_regflow(self, inp, geom):
        """Our figures for regflow's DI next to `regflow metrics`."""
        r = subprocess.run([str(REGFLOW), "metrics", "--orientation", "bpmn", str(inp["path"])],
                           capture_output=True, text=True)
        lines = r.stdout.strip().splitlines()
        if r.returncode not in (0, 1) or len(lines) < 2:
            return
        head, vals = lines[0].split("\t"), lines[1].split("\t")
        theirs = dict(zip(head, vals))
        ours = metrics.measure(geom)
        pairs = [("overlaps", "overlaps"), ("through", "through"), ("outside", "outside"),
                 ("crossings", "crossings"), ("edge_overlaps", "edge_overlaps"), ("bends", "bends"),
                 ("length", "length"), ("compactness", "compactness")]
        diffs = []
        for a, b in pairs:
            x, y = float(theirs[a]), float(ours[b] or 0)
            # DI coordinates are rounded: lengths agree to a few px in millions
            same = abs(x - y) <= (max(0.5, 1e-5 * x) if a == "length" else 0.0015 if a == "compactness" else 0)
            if not same:
                diffs.append(f"{a} {theirs[a]} vs {round(y, 3)}")
        if diffs:
            text = Path(inp["dir"] / "regflow" / f"{inp['path'].stem}.bpmn").read_text(encoding="utf-8")
            extra = len(re.findall(r"<bpmn:(messageFlow|association)\b", text))
            if extra:
                diffs.append(f"regflow's figures include its {extra} message flow(s) and data association(s); the bench measures sequence flows only")
        self.crosscheck.append((inp["name"], diffs))

    def time_layout_only(self, inp, timeout, runs):
        """regflow metrics = parse + layout + figures, no drawing: how much of
        the render time is layout."""
        try:
            t, _ = timed([str(REGFLOW), "metrics", "--orientation", "bpmn", str(inp["path"])], timeout, runs)
            self.layout_only.append((inp["name"], t))
        except Failed:
            pass

    # --- table --------------------------------------------------------------

    def table(self):
        cols = ["input", "nodes", "lanes", "tool", "time", "overlaps", "through", "outside", "crossings",
                "bends", "length", "area", "compact", "regflow ÷ tool: time", "crossings", "bends", "length", "area"]
        out = ["| " + " | ".join(cols) + " |", "|" + "|".join("---" if i < 4 else "--:" for i in range(len(cols))) + "|"]
        by_input = {}
        for r in self.rows:
            by_input.setdefault(r["input"], []).append(r)
        for name, rows in by_input.items():
            rf = next((r for r in rows if r["tool"] == "regflow" and r.get("metrics")), None)
            for r in rows:
                m = r.get("metrics")
                cells = [name, str(r["nodes"]), str(r["lanes"]), NAMES.get(r["tool"], r["tool"])]
                if r["error"] or not m:
                    cells.append(r["error"] or "")
                    cells += [""] * (len(cols) - len(cells))
                    out.append("| " + " | ".join(cells) + " |")
                    continue
                cells.append(fmt_time(r["time"]))
                cells += [str(m["overlaps"]), str(m["through"]),
                          "no lanes" if m["outside"] is None else str(m["outside"]),
                          str(m["crossings"]), str(m["bends"]), fmt_big(m["length"]), fmt_big(m["area"]),
                          f"{m['compactness'] * 100:.1f}%"]
                partial = bool((m.get("missing") or {}).get("shapes") or (m.get("missing") or {}).get("edges"))
                if partial:  # figures of part of the input compare with nothing
                    cells += [ratio(rf["time"], r["time"]) if rf else ""] + [""] * 4
                elif rf and r is not rf and r["tool"] != "reference":
                    rm = rf["metrics"]
                    cells += [ratio(rf["time"], r["time"]), ratio(rm["crossings"], m["crossings"]),
                              ratio(rm["bends"], m["bends"]), ratio(rm["length"], m["length"]),
                              ratio(rm["area"], m["area"])]
                elif rf and r["tool"] == "reference":
                    cells += ["", ratio(rf["metrics"]["crossings"], m["crossings"]), ratio(rf["metrics"]["bends"], m["bends"]), "", ""]
                else:
                    cells += [""] * 5
                miss = m.get("missing") or {}
                extra = [r["extra"]] if r.get("extra") else []
                if miss.get("shapes") or miss.get("edges"):
                    extra.append(f"not drawn: {miss['shapes']} of {r['nodes']} nodes, {miss['edges']} flows")
                if extra:
                    cells[3] += f" ({'; '.join(extra)})"
                out.append("| " + " | ".join(cells) + " |")
        return "\n".join(out)

    def report(self, elapsed):
        v = versions()
        lines = [
            "# regflow bench results",
            "",
            f"Run {datetime.datetime.now().strftime('%Y-%m-%d %H:%M')} with `bench/run.sh{' --smoke' if self.args.smoke else ''}`"
            f" in {elapsed / 60:.1f} min on {v.get('cpus')} CPUs; seed {SEED}.",
            "Tools: " + "; ".join(f"{k} {v[k]}" for k in ("regflow", "graphviz", "processpiper", "bpmn-auto-layout", "node", "python") if k in v) + ".",
            "",
            "Time: wall clock of the whole command, median of the runs (5 up to 200 nodes, 3 at 1000, 1 at 5000; a run over 30 s is not repeated).",
            "Figures: computed by bench/lib/metrics.py from each result's geometry (see README.md). "
            "Ratios are regflow ÷ tool: below 1 means regflow is faster, has fewer crossings, fewer bends, shorter edges, a smaller area.",
            "",
            self.table(),
            "",
        ]
        if self.layout_only:
            lines += ["regflow: layout alone (`regflow metrics`: parse, lay out, measure) against the timed `regflow render --format bpmn`:", "",
                      "| input | render --format bpmn | layout only (metrics) |", "|---|--:|--:|"]
            rtime = {r["input"]: r["time"] for r in self.rows if r["tool"] == "regflow" and r["time"]}
            for name, t in self.layout_only:
                lines.append(f"| {name} | {fmt_time(rtime.get(name))} | {fmt_time(t)} |")
            lines.append("")
        if self.crosscheck:
            lines += ["Cross-check: bench figures for regflow's BPMN DI against `regflow metrics --orientation bpmn` (overlaps, through, outside, crossings, edge overlaps, bends, length, compactness):", ""]
            for name, diffs in self.crosscheck:
                lines.append(f"- {name}: " + ("identical" if not diffs else "differs: " + "; ".join(diffs)))
            lines.append("")
        if self.notes:
            lines += ["Notes:", ""] + [f"- {n}" for n in self.notes] + [""]
        return "\n".join(lines)


def fmt_time(t):
    if t is None:
        return ""
    return f"{t * 1000:.0f} ms" if t < 10 else f"{t:.1f} s"


def fmt_big(x):
    if x >= 1e6:
        return f"{x / 1e6:.1f}M"
    if x >= 1e4:
        return f"{x / 1e3:.0f}k"
    return f"{x:.0f}"


def ratio(a, b):
    if a is None or b is None:
        return ""
    if b == 0:
        return "=" if a == 0 else "∞"
    return f"{a / b:.2f}"


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--smoke", action="store_true", help="smallest size only, one run each (CI)")
    ap.add_argument("--sizes", default=",".join(str(s[0]) for s in SIZES), help="generated sizes to run")
    ap.add_argument("--tools", default=",".join(TOOLS), help="tools to run")
    ap.add_argument("--runs", type=int, default=0, help="runs per measurement (default by size)")
    ap.add_argument("--timeout", type=float, default=600, help="seconds one run may take")
    ap.add_argument("--work", default=str(BENCH / "work"), help="folder for inputs and results")
    ap.add_argument("--draw", action="store_true", help="also draw each result's geometry as PNG")
    ap.add_argument("--no-models", action="store_true", help="generated inputs only")
    args = ap.parse_args()
    args.sizes = [int(s) for s in args.sizes.split(",") if s]
    args.tools = [t for t in args.tools.split(",") if t]
    if args.smoke:
        args.sizes = [SIZES[0][0]]
    if not BUILT.exists():
        sys.exit(f"{BUILT} is missing: run bench/run.sh (it builds regflow first)")
    global REGFLOW
    b = Bench(args)
    REGFLOW = b.work / "regflow"
    shutil.copy2(BUILT, REGFLOW)
    t0 = time.perf_counter()
    b.regflow_bpmn = regflow_reads_bpmn(b.work)
    for t in args.tools:
        if t not in TOOLS:
            sys.exit(f"unknown tool {t}; choose from {', '.join(TOOLS)}")
        if not have(t):
            b.note(f"{NAMES[t]} is not installed here: skipped")
    ins = b.inputs()
    if args.no_models:
        ins = [i for i in ins if i["name"].startswith("gen-")]
    for inp in ins:
        b.run_input(inp)
    text = b.report(time.perf_counter() - t0)
    print()
    print(text)
    (b.work / "results.md").write_text(text, encoding="utf-8")
    write_json(b.work / "results.json", b.rows)
    # Only a full run replaces the published table: a subset would drop rows.
    full = (
        not args.smoke
        and not args.no_models
        and sorted(args.sizes) == sorted(s[0] for s in SIZES)
        and set(args.tools) == set(TOOLS)
    )
    if full:
        (BENCH / "results.md").write_text(text, encoding="utf-8")
    else:
        print(f"(a partial run: {BENCH / 'results.md'} is left as it was)")
    # The smoke test fails when regflow, or an installed peer, gave no
    # figures on a generated input: the bench no longer works end to end.
    # (The layout's own defects are the tests' business, not the bench's.)
    bad = [r for r in b.rows if r["input"].startswith("gen-") and have(r["tool"]) and not r.get("metrics")]
    if args.smoke and bad:
        for r in bad:
            print(f"smoke: {r['input']} / {r['tool']}: {r['error']}", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
