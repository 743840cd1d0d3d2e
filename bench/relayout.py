#!/usr/bin/env python3
"""`regflow layout` on BPMN files from other tools: does the file come back whole?

For each file: `regflow layout IN -o OUT`, then
  semantic   the two files without their BPMNDiagram elements, as canonical
             XML (C14N 2.0), are equal;
  drawn      every element the input's diagram draws, and every pool, lane,
             flow node, artifact and flow of the file, has a DI shape or
             edge in the output, and the output draws nothing else;
  whole      both;
and the bench's one metric code (lib/metrics.py) on the main plane:
overlaps, flows through shapes, shapes outside their lane, crossings, bends,
beside bpmn-auto-layout's own recorded figures (baseline.json).

Reads ../shared/bpmn-corpus/bpmn-auto-layout when it is there, and skips it
otherwise; the files of tests/fixtures are always measured.

    python3 bench/relayout.py [--regflow PATH] [--out DIR] [-v]
"""

import argparse
import io
import json
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(BENCH))
from lib import bpmnio, metrics  # noqa: E402

SHELF = ROOT.parent / "shared" / "bpmn-corpus" / "bpmn-auto-layout"
MODEL = bpmnio.MODEL
BPMNDI = bpmnio.BPMNDI

DRAWN_KINDS = set(bpmnio.KINDS) | {
    "participant", "lane", "dataObjectReference", "dataStoreReference", "textAnnotation",
    "group", "sequenceFlow", "messageFlow", "association",
}


def local(tag):
    return tag.rsplit("}", 1)[-1]


def parse(path):
    """A file's root; white space before the XML declaration (which some
    tools write) is passed over."""
    return ET.fromstring(Path(path).read_bytes().lstrip())


def semantic(path):
    """The canonical XML of a file without its diagrams."""
    root = parse(path)
    for d in root.findall(f"{{{BPMNDI}}}BPMNDiagram"):
        root.remove(d)
    buf = io.StringIO()
    ET.canonicalize(ET.tostring(root, encoding="unicode"), out=buf)
    return buf.getvalue()


def di_elements(root):
    return {el.get("bpmnElement") for el in root.iter()
            if el.tag in (f"{{{BPMNDI}}}BPMNShape", f"{{{BPMNDI}}}BPMNEdge")}


def drawable(root):
    """Ids of what a diagram of the file must draw."""
    out = set()
    for el in root.iter():
        if not el.tag.startswith(f"{{{MODEL}}}") or not el.get("id"):
            continue
        if local(el.tag) in DRAWN_KINDS:
            out.add(el.get("id"))
    return out


def measure_one(regflow, src, out_dir):
    dst = out_dir / src.name
    r = subprocess.run([regflow, "layout", str(src), "-o", str(dst)], capture_output=True, text=True)
    row = {"file": src.name, "exit": r.returncode, "stderr": r.stderr.strip().splitlines()[-1:] or [""]}
    if r.returncode != 0:
        return row
    src_root = parse(src)
    out_root = parse(dst)
    row["semantic"] = semantic(src) == semantic(dst)
    need = drawable(src_root) | (di_elements(src_root) - {None})
    have = di_elements(out_root)
    all_ids = {el.get("id") for el in src_root.iter() if el.get("id")}
    row["missing"] = sorted(need - have)
    row["added"] = sorted(have - all_ids)
    row["whole"] = row["semantic"] and not row["missing"] and not row["added"]
    g = bpmnio.geometry(out_root)
    m = metrics.measure(g)
    for k in ("overlaps", "through", "outside", "crossings", "bends"):
        row[k] = m[k] or 0
    return row


def bal_figures(name):
    """bpmn-auto-layout's own layout of a fixture, scored by lib/metrics.py
    (the same code as regflow's), or None when the shelf has none."""
    path = SHELF / "layouts" / name
    if not path.is_file():
        return None
    m = metrics.measure(bpmnio.geometry(parse(path)))
    return {"crossings": m["crossings"] or 0, "bends": m["bends"] or 0}


def per_fixture(rows):
    """Prints the fixtures that miss the target and the count that meet it."""
    met = {"crossings": 0, "bends": 0, "both": 0}
    tot = {"crossings": [0, 0], "bends": [0, 0]}
    n = 0
    for r in rows:
        b = bal_figures(r["file"])
        if b is None:
            continue
        n += 1
        ok_c = r["crossings"] <= b["crossings"]
        ok_b = r["bends"] <= 1.2 * b["bends"]
        met["crossings"] += ok_c
        met["bends"] += ok_b
        met["both"] += ok_c and ok_b
        for k in tot:
            tot[k][0] += r[k]
            tot[k][1] += b[k]
        if not (ok_c and ok_b):
            print(f"    {r['file']}: crossings {r['crossings']} (b-a-l {b['crossings']}), "
                  f"bends {r['bends']} (b-a-l {b['bends']})")
    print(f"  per fixture, b-a-l's layouts scored by lib/metrics.py: {n} fixtures; "
          f"crossings <= b-a-l: {met['crossings']}; bends <= 1.2x b-a-l: {met['bends']}; both: {met['both']}; "
          f"totals crossings {tot['crossings'][0]} ({tot['crossings'][1]}), bends {tot['bends'][0]} ({tot['bends'][1]})")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--regflow", default=str(ROOT / "target" / "release" / "regflow"))
    ap.add_argument("--out", default=None)
    ap.add_argument("-v", action="store_true")
    ap.add_argument("--per-fixture", action="store_true",
                    help="per bpmn-auto-layout fixture: crossings and bends beside its own layout's, "
                         "both scored by lib/metrics.py; the target is no more crossings and at most 1.2x the bends")
    a = ap.parse_args()
    out_dir = Path(a.out) if a.out else Path(tempfile.mkdtemp(prefix="relayout-"))
    out_dir.mkdir(parents=True, exist_ok=True)
    sets = [("tests/fixtures", sorted(p for p in (ROOT / "tests" / "fixtures").rglob("*.bpmn") if "failures" not in p.parts))]
    if (SHELF / "fixtures").is_dir():
        sets.append(("bpmn-auto-layout fixtures", sorted((SHELF / "fixtures").glob("*.bpmn"))))
        sets.append(("bpmn-auto-layout failures/", sorted((SHELF / "fixtures" / "failures").glob("*.bpmn"))))
        base = json.loads((SHELF / "baseline.json").read_text())
    else:
        print(f"(no {SHELF}: only tests/fixtures measured)")
        base = {}
    print("| files | n | laid out | whole | semantic equal | overlaps | through | outside | crossings (b-a-l) | bends (b-a-l) |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for name, files in sets:
        d = out_dir / name.split()[0].replace("/", "_")
        d.mkdir(parents=True, exist_ok=True)
        rows = [measure_one(a.regflow, f, d) for f in files]
        ok = [r for r in rows if r["exit"] == 0]
        tot = lambda k: sum(r.get(k, 0) for r in ok)  # noqa: E731
        bc = sum(base.get(r["file"], {}).get("crossings", 0) for r in ok)
        bb = sum(base.get(r["file"], {}).get("bendCount", 0) for r in ok)
        print(f"| {name} | {len(rows)} | {len(ok)} | {sum(1 for r in ok if r['whole'])} | "
              f"{sum(1 for r in ok if r['semantic'])} | {tot('overlaps')} | {tot('through')} | "
              f"{tot('outside')} | {tot('crossings')} ({bc if base else '-'}) | {tot('bends')} ({bb if base else '-'}) |")
        if a.per_fixture and name == "bpmn-auto-layout fixtures":
            per_fixture(ok)
        if a.v:
            for r in rows:
                if r["exit"] != 0:
                    print(f"    {r['file']}: rejected: {r['stderr'][0]}")
                elif not r["whole"] or r["overlaps"] or r["through"] or r["outside"]:
                    print(f"    {r['file']}: whole={r['whole']} semantic={r['semantic']} missing={r['missing'][:5]} "
                          f"added={r['added'][:3]} overlaps={r['overlaps']} through={r['through']} outside={r['outside']}")


if __name__ == "__main__":
    main()
