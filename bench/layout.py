#!/usr/bin/env python3
"""The layout's targets (issue #12), measured: regflow against the hand-drawn
MIWG diagrams, against its own smaller sizes and Graphviz dot on generated
models, and the corpus rules. Every figure comes from bench/lib/metrics.py
(the bench's one metric code), except what only regflow's own geometry
holds (label defects, arrowheads per side), read from `regflow metrics`.

    bench/layout.py                      # all inputs; builds target/release/regflow
    bench/layout.py --sizes 10,50,200 --no-models --no-miwg
    bench/layout.py --draw               # also regflow's PNG of every result, in bench/work-layout/

Prints the tables and, on a full run, writes bench/layout-results.md.
"""

import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(BENCH))
from lib import bpmnio, metrics, translate  # noqa: E402

REGFLOW = Path(os.environ.get("CARGO_TARGET_DIR", ROOT / "target")) / "release" / "regflow"
FIXTURES = ROOT / "tests" / "fixtures" / "miwg"
# The shelf's copy holds all 21 reference files; the repository's fixtures
# are read first, the shelf only when it is there (never needed).
SHELF = ROOT.parent / "shared" / "bpmn-corpus" / "miwg" / "reference"
SIZES = [(10, 3), (50, 5), (200, 8), (1000, 10), (5000, 12)]
SEED, MAX_LABEL, LOOPS = 2026, 60, 5
NS_REGFLOW = "urn:regflow:bpmn"

# Targets of issue #12.
MIWG_BENDS, MIWG_AREA, MIWG_ASPECT = 1.5, 1.2, 1.5
GEN_RANKS, GEN_AREA_GROWTH, GEN_DOT_CROSSINGS = 1.25, 2.0, 1 / 3


def export_joins(root):
    """The ids of the converging gateways regflow's BPMN export adds before
    a box several flows enter (`regflow:join="true"`): drawing, not model."""
    return {el.get("id") for el in root.iter() if el.get(f"{{{NS_REGFLOW}}}join") == "true" and el.tag.endswith("Gateway")}


def without_joins(graph, joins):
    """The model's graph: each export join left out, the flows into it led
    straight to the node it enters."""
    if not joins:
        return graph
    into = {e["from"]: e["to"] for e in graph["edges"] if e["from"] in joins}
    edges = [dict(e, to=into.get(e["to"], e["to"])) for e in graph["edges"] if e["from"] not in joins]
    return dict(graph, nodes=[n for n in graph["nodes"] if n["id"] not in joins], edges=edges)


def extra_figures(g, graph, joins=frozenset()):
    """Figures metrics.py leaves to its callers: per-flow lengths, area per
    node, aspect, and ranks along the flow against the longest path.

    Nodes are the model's: the export's joins (`joins`) are left out of the
    node count, the ranks and the longest path. A join is a 12-24 px diamond
    in the gap just before its box; the layout gives it no column and no
    join widens the drawing, so counting it as a rank (and as a step of the
    longest path) would report columns a reader does not see."""
    m = {}
    lens = []
    for e in g["edges"]:
        pts = e["points"]
        lens.append(sum(abs(b[0] - a[0]) + abs(b[1] - a[1]) for a, b in zip(pts, pts[1:])))
    m["length_mean"] = sum(lens) / len(lens) if lens else 0.0
    m["length_max"] = max(lens) if lens else 0.0
    xs, ys = [], []
    for s in g["shapes"]:
        xs += [s["x"], s["x"] + s["w"]]
        ys += [s["y"], s["y"] + s["h"]]
    for l in g["lanes"]:
        xs += [l["x"], l["x"] + l["w"]]
        ys += [l["y"], l["y"] + l["h"]]
    w = (max(xs) - min(xs)) if xs else 0.0
    h = (max(ys) - min(ys)) if ys else 0.0
    m["width"], m["height"] = w, h
    m["aspect"] = max(w, h) / min(w, h) if min(w, h) > 0 else 0.0
    nodes = [s for s in g["shapes"] if s["id"] not in joins]
    m["area_per_node"] = w * h / len(nodes) if nodes else 0.0
    horizontal = all(l["horizontal"] for l in g["lanes"]) if g["lanes"] else True
    centres = sorted((s["x"] + s["w"] / 2) if horizontal else (s["y"] + s["h"] / 2) for s in nodes)
    ranks, last = 0, None
    for c in centres:
        if last is None or c - last > 2.0:
            ranks += 1
        last = c
    m["ranks"] = ranks
    m["longest_path"] = longest_path(without_joins(graph, joins))
    return m


def longest_path(graph):
    """Nodes on the longest path of the sequence flows, rework loops (back
    edges of a depth-first walk from the sources) left out."""
    ids = [n["id"] for n in graph["nodes"]]
    succ = {i: [] for i in ids}
    indeg = {i: 0 for i in ids}
    for e in graph["edges"]:
        if e["from"] in succ and e["to"] in succ:
            succ[e["from"]].append(e["to"])
            indeg[e["to"]] += 1
    state, back = {}, set()
    roots = [i for i in ids if indeg[i] == 0] + ids
    for r in roots:
        if r in state:
            continue
        stack = [(r, iter(succ[r]))]
        state[r] = 1
        while stack:
            v, it = stack[-1]
            w = next(it, None)
            if w is None:
                state[v] = 2
                stack.pop()
            elif state.get(w) == 1:
                back.add((v, w))
            elif w not in state:
                state[w] = 1
                stack.append((w, iter(succ[w])))
    fsucc = {i: [w for w in succ[i] if (i, w) not in back] for i in ids}
    deg = {i: 0 for i in ids}
    for i in ids:
        for w in fsucc[i]:
            deg[w] += 1
    ready = [i for i in ids if deg[i] == 0]
    depth = {i: 1 for i in ids}
    while ready:
        v = ready.pop()
        for w in fsucc[v]:
            depth[w] = max(depth[w], depth[v] + 1)
            deg[w] -= 1
            if deg[w] == 0:
                ready.append(w)
    return max(depth.values()) if depth else 0


def own_figures(path):
    """Label defects and the most arrowheads on a box, from `regflow metrics`."""
    r = subprocess.run([str(REGFLOW), "metrics", "--orientation", "bpmn", str(path)], capture_output=True, text=True)
    lines = [l for l in r.stdout.splitlines() if "\t" in l]
    if r.returncode != 0 or len(lines) < 2:
        return {}
    head = lines[0].split("\t")
    row = dict(zip(head, lines[1].split("\t")))
    return {"labels": int(row.get("labels", 0)), "arrowheads": int(row.get("arrowheads", 0)),
            "off_corner": int(row.get("off_corner", 0)), "astray": int(row.get("labels_astray", 0))}


def render(path, out, draw=False):
    """regflow's BPMN (and with `draw`, its PNG, to look at) of one input."""
    if out.exists():
        shutil.rmtree(out)
    t = time.perf_counter()
    r = subprocess.run([str(REGFLOW), "render", str(path), "-o", str(out), "--format", "bpmn,png" if draw else "bpmn",
                        "--orientation", "bpmn"],
                       capture_output=True, text=True)
    t = time.perf_counter() - t
    if r.returncode != 0:
        raise RuntimeError(r.stderr.strip()[-300:])
    return out / (path.stem + ".bpmn"), t


def measure_file(bpmn, graph=None):
    root = bpmnio.parse(bpmn)
    graph = graph or bpmnio.read_graph(root)
    g = bpmnio.geometry(root, graph)
    m = metrics.measure(g)
    m.update(extra_figures(g, graph, export_joins(root)))
    return m, graph, g


def dot_crossings(graph, sizes, work, timeout):
    """Graphviz dot's crossings on the same graph, one cluster per lane (as
    bench.py runs it); cached by the input's hash, since dot takes minutes
    at 5,000 nodes."""
    if not shutil.which("dot"):
        return None
    src = translate.to_dot(graph, sizes).replace("splines=ortho", "splines=polyline")
    key = hashlib.sha256(src.encode()).hexdigest()[:16]
    cache = work / "dot-cache" / f"{key}.json"
    if cache.exists():
        return json.loads(cache.read_text())["crossings"]
    cache.parent.mkdir(parents=True, exist_ok=True)
    dot = work / "dot-cache" / f"{key}.dot"
    dot.write_text(src, encoding="utf-8")
    out = work / "dot-cache" / f"{key}.out.json"
    try:
        subprocess.run(["dot", "-Tjson", "-o", str(out), str(dot)], check=True, timeout=timeout, capture_output=True)
    except (subprocess.TimeoutExpired, subprocess.CalledProcessError):
        return None
    m = metrics.measure(translate.dot_geometry(out, graph))
    cache.write_text(json.dumps({"crossings": m["crossings"]}))
    return m["crossings"]


def ok(flag):
    return "yes" if flag else "**no**"


def miwg_files():
    seen = {}
    for d in (FIXTURES, SHELF):
        if d.is_dir():
            for f in sorted(d.glob("*.bpmn")):
                seen.setdefault(f.name, f)
    return [seen[k] for k in sorted(seen)]


def miwg_table(args, work):
    rows = ["| file | nodes | crossings (hand) | bends (hand, ×) | area/node (×) | aspect (hand, ×) | flow length mean / longest (hand) | overlaps, through, outside | met |",
            "|---|--:|--:|--:|--:|--:|--:|--:|---|"]
    met_all = {"crossings": 0, "bends": 0, "area": 0, "aspect": 0}
    tot = {"bends": 0, "ref_bends": 0}
    n = 0
    for f in miwg_files():
        d = work / "miwg" / f.stem
        d.mkdir(parents=True, exist_ok=True)
        ref, graph, _ = measure_file(f)
        if not graph["nodes"]:
            continue
        try:
            # The drawing regflow makes of the file (SVG, PNG, PDF): the
            # file imported as a model and laid out (`regflow layout`, which
            # keeps the file and draws every pool, is bench/relayout.py's).
            ron = d / f"{f.stem}.ron"
            r = subprocess.run([str(REGFLOW), "import", str(f), "-o", str(ron)], capture_output=True, text=True)
            if r.returncode != 0:
                raise RuntimeError(r.stderr.strip()[-300:])
            out, _ = render(ron, d / "regflow", args.draw)
            m, _, _ = measure_file(out)
        except Exception as e:  # reported in its row
            rows.append(f"| {f.stem} | {len(graph['nodes'])} | regflow failed: {str(e)[:120]} |||||||")
            continue
        n += 1
        cx = m["crossings"] <= ref["crossings"]
        bx = m["bends"] / max(ref["bends"], 1)
        ax = m["area_per_node"] / max(ref["area_per_node"], 1)
        sx = m["aspect"] / max(ref["aspect"], 1e-9)
        met = {"crossings": cx, "bends": bx <= MIWG_BENDS, "area": ax <= MIWG_AREA, "aspect": sx <= MIWG_ASPECT}
        for k, v in met.items():
            met_all[k] += bool(v)
        tot["bends"] += m["bends"]
        tot["ref_bends"] += ref["bends"]
        missed = [k for k, v in met.items() if not v]
        rows.append(
            f"| {f.stem} | {len(graph['nodes'])} | {m['crossings']} ({ref['crossings']}) | {m['bends']} ({ref['bends']}, {bx:.2f}) "
            f"| {m['area_per_node'] / 1000:.1f}k ({ax:.2f}) | {m['aspect']:.1f} ({ref['aspect']:.1f}, {sx:.2f}) "
            f"| {m['length_mean']:.0f} / {m['length_max']:.0f} ({ref['length_mean']:.0f} / {ref['length_max']:.0f}) "
            f"| {m['overlaps']}, {m['through']}, {m['outside']} | {'all' if not missed else 'not: ' + ', '.join(missed)} |")
    summary = (f"MIWG, {n} files: crossings at or below the hand drawing's on {met_all['crossings']}; bends within {MIWG_BENDS}× on "
               f"{met_all['bends']} ({tot['bends']} against {tot['ref_bends']} in all); area per node within {MIWG_AREA}× on "
               f"{met_all['area']}; aspect within {MIWG_ASPECT}× on {met_all['aspect']}.")
    return "\n".join(rows), summary


def generated_table(args, work):
    rows = ["| steps | lanes | time | crossings | dot | ÷ dot | ranks / longest path | area per node | mean / longest flow | bends | overlaps, through, outside | labels | arrowheads |",
            "|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|"]
    per = {}
    for n, lanes in SIZES:
        if n not in args.sizes:
            continue
        d = work / f"gen-{n}"
        d.mkdir(parents=True, exist_ok=True)
        ron = d / f"gen-{n}.ron"
        subprocess.run([str(REGFLOW), "generate", "--seed", str(SEED), "--nodes", str(n), "--lanes", str(lanes),
                        "--max-label", str(MAX_LABEL), "--loops", str(LOOPS), "-o", str(ron)], check=True, stdout=subprocess.DEVNULL)
        out, t = render(ron, d / "regflow", args.draw and n <= 200)
        m, graph, g = measure_file(out)
        own = own_figures(ron)
        sizes = {s["id"]: (s["w"], s["h"]) for s in g["shapes"]}
        dc = dot_crossings(graph, sizes, work, args.dot_timeout) if args.dot else None
        per[n] = m
        r = m["ranks"] / max(m["longest_path"], 1)
        rows.append(
            f"| {n} | {lanes} | {t * 1000:.0f} ms | {m['crossings']} | {'—' if dc is None else dc} "
            f"| {'—' if not dc else format(m['crossings'] / dc, '.3f')} | {m['ranks']} / {m['longest_path']} ({r:.3f}) "
            f"| {m['area_per_node'] / 1000:.1f}k | {m['length_mean']:.0f} / {m['length_max']:.0f} | {m['bends']} "
            f"| {m['overlaps']}, {m['through']}, {m['outside']} | {own.get('labels', '?')} | {own.get('arrowheads', '?')} |")
    lines = []
    if 50 in per and 5000 in per:
        lines.append(f"Area per node at 5,000 steps ÷ at 50: {per[5000]['area_per_node'] / per[50]['area_per_node']:.2f} (target ≤ {GEN_AREA_GROWTH}).")
    worst = max((m["ranks"] / max(m["longest_path"], 1) for m in per.values()), default=0)
    lines.append(f"Ranks along the flow ÷ longest path, worst size: {worst:.3f} (target ≤ {GEN_RANKS}; the model's nodes, "
                 "not the export's joins).")
    return "\n".join(rows), " ".join(lines)


def corpus_table(args, work):
    rows = ["| model | crossings | labels crossed/overlapping | most arrowheads on a box | outcomes off a corner | labels not beside their line | bends | overlaps, through, outside |",
            "|---|--:|--:|--:|--:|--:|--:|--:|"]
    corners = [0, 0]
    bad = 0
    for f in sorted((ROOT / "models").glob("*.ron")):
        d = work / "models" / f.stem
        d.mkdir(parents=True, exist_ok=True)
        out, _ = render(f, d / "regflow", args.draw)
        m, _, _ = measure_file(out)
        own = own_figures(f)
        fail = m["crossings"] or own.get("labels") or own.get("arrowheads", 0) > 3 or m["overlaps"] or m["through"] or m["outside"]
        bad += bool(fail)
        corners[0] += own.get("off_corner", 0)
        corners[1] += own.get("astray", 0)
        if fail or args.all_rows or own.get("off_corner") or own.get("astray"):
            rows.append(f"| {f.stem} | {m['crossings']} | {own.get('labels')} | {own.get('arrowheads')} "
                        f"| {own.get('off_corner')} | {own.get('astray')} | {m['bends']} "
                        f"| {m['overlaps']}, {m['through']}, {m['outside']} |")
    n = len(list((ROOT / "models").glob("*.ron")))
    return "\n".join(rows), (f"Corpus, {n} models: {n - bad} with 0 crossings, 0 label defects, at most 3 arrowheads on a box and no hard defect; "
                             f"{corners[0]} choice outcomes not leaving from a corner, {corners[1]} outcome labels not beside their own line.")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default=",".join(str(s[0]) for s in SIZES))
    ap.add_argument("--no-models", action="store_true")
    ap.add_argument("--no-miwg", action="store_true")
    ap.add_argument("--no-dot", dest="dot", action="store_false", help="do not run Graphviz for the crossing target")
    ap.add_argument("--dot-timeout", type=float, default=900)
    ap.add_argument("--draw", action="store_true")
    ap.add_argument("--all-rows", action="store_true", help="list every corpus model, not only those missing a target")
    ap.add_argument("--work", default=str(BENCH / "work-layout"))
    ap.add_argument("--no-build", action="store_true")
    args = ap.parse_args()
    args.sizes = {int(s) for s in args.sizes.split(",") if s}
    work = Path(args.work).resolve()
    work.mkdir(parents=True, exist_ok=True)
    if not args.no_build:
        subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    out = ["# Layout targets (issue #12)", ""]
    full = not args.no_miwg and not args.no_models and args.sizes == {s[0] for s in SIZES}
    if not args.no_miwg:
        t, s = miwg_table(args, work)
        out += ["## MIWG reference files against their hand-drawn diagrams", "", s, "", t, ""]
    if args.sizes:
        t, s = generated_table(args, work)
        out += ["## Generated models", "", s, "", t, ""]
    if not args.no_models:
        t, s = corpus_table(args, work)
        out += ["## The corpus", "", s, "", t, ""]
    text = "\n".join(out)
    print(text)
    if full:
        (BENCH / "layout-results.md").write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
