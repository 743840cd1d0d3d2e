#!/usr/bin/env python3
"""Peak memory and time of `regflow render` at the sizes it accepts (issue #17).

Each run is one child process; its peak resident set (ru_maxrss) and CPU
time come from os.wait4, so nothing else on the machine counts. Measured:

- a 5,000-step model (`regflow generate --nodes 5000 --lanes 12`), each
  format alone and all together;
- the worst inputs within the limits (src/model/limits.rs): 10,000 nodes
  in one lane, one task flowing to 5,000 ends (BPMN), 6,000 message flows,
  100 lanes, every step's text a 500-letter word.

Usage: bench/limits.py [--bin target/release/regflow] [--only NAME]
Prints a Markdown table; bench/README.md quotes a run of it. The target is
a peak under 200 MB for every input within the limits.

The PNG alone, `--only png` (3 Dec 2026, shared 2-core machine, load 8-12),
before and after each flow was cut to its band and the bands were always
made of rows (src/render/strips.rs); the raster is at the 40-million-pixel
cap in both (1,478 x 26,533 and 7,808 x 5,022 px):

| input | before: CPU s, peak MB | after: CPU s, peak MB |
|---|---|---|
| 5,000 steps, png | 3.29, 89 | 3.29, 89 |
| 6,000 message flows, png | 58.48, 226 | 34.20, 112 |
| 6,000 message flows, every format | 65.56, 240 | 38.50, 130 |

What is left of the message flows' time is mostly tiny-skia dashing them:
at the 13 dpi the cap allows, a 10-unit dash pattern is 1.4 px.
"""

import argparse
import os
import random
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def measure(cmd, cwd):
    """Wall seconds, CPU seconds, peak RSS in MB and the exit code of `cmd`."""
    start = time.perf_counter()
    p = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    err = p.stderr.read()
    _, status, ru = os.wait4(p.pid, 0)
    wall = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        sys.stderr.write(f"{' '.join(map(str, cmd))}: exit {code}\n{err.decode(errors='replace')[-2000:]}\n")
    return wall, ru.ru_utime + ru.ru_stime, ru.ru_maxrss / 1024, code


def chain(n):
    steps = "".join(f'Step(n: "{i}", lane: "a", text: "шаг {i}", time: Minutes(1)),\n' for i in range(1, n - 1))
    return ('Process(service: "Услуга", variant: "тест", legend: Provider,\n lanes: [Lane(id: "a", name: "Сотрудник")],\n'
            f' nodes: [Start(lane: "a"),\n{steps}End(lane: "a", result: "Результат")])\n')


def fan_out(n):
    ends = "".join(f'<endEvent id="e{i}"/>' for i in range(n))
    flows = "".join(f'<sequenceFlow id="f{i}" sourceRef="t" targetRef="e{i}"/>' for i in range(n))
    return ('<?xml version="1.0"?><definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d">'
            '<process id="p"><startEvent id="s"/><sequenceFlow id="f" sourceRef="s" targetRef="t"/>'
            f'<task id="t" name="Задача"/>{ends}{flows}</process></definitions>')


def messages(n):
    src = (ROOT / "models/mzhumabaev-deti-invalidy-portal.ron").read_text()
    at = src.index("    messages: [")
    end = src.index("\n    ],", at)
    ids = sorted(set(re.findall(r'(?:from|to): "([^"]+)"', src[at:end])))
    rnd = random.Random(1)
    pairs = [rnd.sample(ids, 2) for _ in range(n)]
    body = "".join(f'\n        (from: "{a}", to: "{b}"),' for a, b in pairs)
    return src[:at] + "    messages: [" + body + src[end:]


def lanes(n, steps):
    ls = "".join(f'Lane(id: "l{i}", name: "Сотрудник подразделения {i}"),\n' for i in range(n))
    st = "".join(f'Step(n: "{i}", lane: "l{i % n}", text: "Рассмотрение документов {i}", time: Hours(1)),\n'
                 for i in range(1, steps + 1))
    return ('Process(service: "Услуга", variant: "тест", legend: Provider,\n'
            f' lanes: [{ls}],\n nodes: [Start(lane: "l0"),\n{st}End(lane: "l0", result: "Результат")])\n')


def long_words(n):
    st = "".join(f'Step(n: "{i}", lane: "a", text: "{"а" * 500}", time: Hours(1)),\n' for i in range(1, n + 1))
    return ('Process(service: "Услуга", variant: "тест", legend: Provider,\n lanes: [Lane(id: "a", name: "Сотрудник")],\n'
            f' nodes: [Start(lane: "a"),\n{st}End(lane: "a", result: "Результат")])\n')


FORMATS = ["svg", "png", "pdf", "bpmn", "html", "legend"]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default=str(ROOT / "target/release/regflow"))
    ap.add_argument("--only", default=None, help="run only the rows whose name contains this")
    a = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="regflow-limits-"))
    b = a.bin
    subprocess.run([b, "generate", "--nodes", "5000", "--lanes", "12", "-o", str(work / "steps5000.ron")],
                   check=True, stdout=subprocess.DEVNULL)
    (work / "chain10000.ron").write_text(chain(10_000))
    (work / "fanout5000.bpmn").write_text(fan_out(5000))
    (work / "messages6000.ron").write_text(messages(6000))
    (work / "lanes100.ron").write_text(lanes(100, 1000))
    (work / "words500.ron").write_text(long_words(200))
    rows = [(f"5,000 steps, {f}", "steps5000.ron", f) for f in FORMATS]
    rows.append(("5,000 steps, every format", "steps5000.ron", ",".join(FORMATS)))
    rows += [
        ("10,000 nodes in one lane, every format", "chain10000.ron", ",".join(FORMATS)),
        ("one task to 5,000 ends (BPMN), every format", "fanout5000.bpmn", ",".join(FORMATS)),
        ("6,000 message flows, png", "messages6000.ron", "png"),
        ("6,000 message flows, every format", "messages6000.ron", ",".join(FORMATS)),
        ("100 lanes, 1,000 steps, every format", "lanes100.ron", ",".join(FORMATS)),
        ("200 steps of one 500-letter word, every format", "words500.ron", ",".join(FORMATS)),
    ]
    print("| input | size | wall s | CPU s | peak RSS MB | exit |")
    print("|---|---|---|---|---|---|")
    for name, model, fmt in rows:
        if a.only and a.only not in name:
            continue
        out = work / "out"
        wall, cpu, rss, code = measure(
            [b, "render", model, "-o", str(out), "--format", fmt, "--force", "--jobs", "1", "-q"], work)
        size = (work / model).stat().st_size
        print(f"| {name} | {size / 1e6:.2f} MB | {wall:.2f} | {cpu:.2f} | {rss:.0f} | {code} |", flush=True)


if __name__ == "__main__":
    main()
