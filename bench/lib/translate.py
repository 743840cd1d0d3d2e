"""The process graph (bpmnio.read_graph) in each peer's own input language,
and Graphviz's answer back in the neutral geometry."""

import json
import math

# Sizes BPMN tools use when a drawing gives none (bpmn-js defaults).
DEFAULT_SIZE = {"task": (100.0, 80.0), "gateway": (50.0, 50.0), "start": (36.0, 36.0),
                "end": (36.0, 36.0), "event": (36.0, 36.0)}


def _q(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


def to_dot(graph, sizes):
    """Graphviz dot: one cluster per lane, flow left to right, orthogonal
    edges; each node as large as the reference drawing's symbol (`sizes`:
    id -> (w, h) in px; 1 px = 1 pt here), so areas compare."""
    shape = {"task": "box", "gateway": "diamond", "start": "circle", "end": "doublecircle", "event": "circle"}
    out = [
        "digraph process {",
        '  graph [rankdir=LR, newrank=true, splines=ortho, nodesep=0.4, ranksep=0.6, fontname="PT Sans"];',
        '  node [fixedsize=true, fontname="PT Sans", fontsize=10];',
        '  edge [fontname="PT Sans", fontsize=9];',
    ]
    idx = {n["id"]: k for k, n in enumerate(graph["nodes"])}
    for li, lane in enumerate(graph["lanes"]):
        out.append(f"  subgraph cluster_{li} {{")
        out.append(f"    label={_q(lane['name'])};")
        for n in graph["nodes"]:
            if n["lane"] != lane["id"]:
                continue
            w, h = sizes.get(n["id"]) or DEFAULT_SIZE[n["kind"]]
            out.append(
                f"    n{idx[n['id']]} [shape={shape[n['kind']]}, width={w / 72:.4f}, height={h / 72:.4f}, label={_q(n['name'])}];"
            )
        out.append("  }")
    for e in graph["edges"]:
        attrs = f" [xlabel={_q(e['name'])}]" if e["name"] else ""
        out.append(f"  n{idx[e['from']]} -> n{idx[e['to']]}{attrs};")
    out.append("}")
    return "\n".join(out) + "\n"


def _bezier_points(ctrl, steps=8):
    """A piecewise cubic Bézier (Graphviz's 1 + 3k control points) as a
    polyline; with splines=ortho the pieces are straight, and the
    collinear samples are dropped again by the metrics."""
    pts = [ctrl[0]]
    for i in range(0, len(ctrl) - 3, 3):
        p0, p1, p2, p3 = ctrl[i:i + 4]
        straight = all(
            abs((p3[0] - p0[0]) * (q[1] - p0[1]) - (p3[1] - p0[1]) * (q[0] - p0[0])) < 1e-6 * (1 + math.hypot(p3[0] - p0[0], p3[1] - p0[1])) ** 2
            for q in (p1, p2)
        )
        if straight:
            pts.append(p3)
            continue
        for s in range(1, steps + 1):
            t = s / steps
            mt = 1 - t
            pts.append([
                mt ** 3 * p0[0] + 3 * mt * mt * t * p1[0] + 3 * mt * t * t * p2[0] + t ** 3 * p3[0],
                mt ** 3 * p0[1] + 3 * mt * mt * t * p1[1] + 3 * mt * t * t * p2[1] + t ** 3 * p3[1],
            ])
    return pts


def _pts(s):
    return [[float(v) for v in p.split(",")[:2]] for p in s.split()]


def dot_geometry(json_path, graph):
    """Graphviz -Tjson output → neutral geometry (y flipped to point down)."""
    with open(json_path, encoding="utf-8") as f:
        d = json.load(f)
    bb = [float(v) for v in d["bb"].split(",")]
    top = bb[3]
    objs = d.get("objects", [])
    lanes, shapes = [], []
    node_by_gvid = {}
    for o in objs:
        name = o.get("name", "")
        if name.startswith("cluster_") and "bb" in o:  # an empty cluster is not drawn
            li = int(name[len("cluster_"):])
            x0, y0, x1, y1 = [float(v) for v in o["bb"].split(",")]
            # A cluster is a box, not a band: the metrics judge it as a
            # horizontal lane (rankdir=LR), and its label sits inside the box.
            lanes.append({"id": graph["lanes"][li]["id"], "x": x0, "y": top - y1, "w": x1 - x0,
                          "h": y1 - y0, "horizontal": True, "header": 0.0})
        elif "pos" in o and name.startswith("n"):
            k = int(name[1:])
            n = graph["nodes"][k]
            x, y = [float(v) for v in o["pos"].split(",")]
            w, h = float(o["width"]) * 72, float(o["height"]) * 72
            node_by_gvid[o["_gvid"]] = n["id"]
            shapes.append({"id": n["id"], "lane": n["lane"], "x": x - w / 2, "y": top - y - h / 2, "w": w, "h": h})
    pending = {}
    for ge in graph["edges"]:
        pending.setdefault((ge["from"], ge["to"]), []).append(ge)
    for q in pending.values():
        q.reverse()
    edges = []
    for e in d.get("edges", []):
        key = (node_by_gvid.get(e["tail"]), node_by_gvid.get(e["head"]))
        if not pending.get(key):
            continue
        ge = pending[key].pop()
        pos = e.get("pos", "")
        start = end = None
        ctrl = []
        for tok in pos.split():
            if tok.startswith("s,"):
                start = [float(v) for v in tok[2:].split(",")]
            elif tok.startswith("e,"):
                end = [float(v) for v in tok[2:].split(",")]
            else:
                ctrl.append([float(v) for v in tok.split(",")])
        pts = _bezier_points(ctrl) if ctrl else []
        if start:
            pts = [start] + pts
        if end:
            pts = pts + [end]
        pts = [[p[0], top - p[1]] for p in pts]
        edges.append({"id": ge["id"], "from": ge["from"], "to": ge["to"], "points": pts})
    drawn = {s["id"] for s in shapes}
    return {
        "lanes": lanes,
        "lanes_drawn": bool(lanes) and {n["lane"] for n in graph["nodes"]} <= {l["id"] for l in lanes},
        "shapes": shapes,
        "edges": [e for e in edges if len(e["points"]) >= 2],
        "missing": {"shapes": len(graph["nodes"]) - len(drawn),
                    "edges": len(graph["edges"]) - sum(1 for e in edges if len(e["points"]) >= 2)},
    }


def limit_degree(graph, limit=4):
    """ProcessPiper refuses an element with more than 4 connections in all
    ("use gateway to combine connections"), so, as its user must, gather
    extra incoming flows into merge gateways and extra outgoing ones into
    split gateways, in the element's lane. Returns a new graph and the
    number of gateways added."""
    nodes = [dict(n) for n in graph["nodes"]]
    edges = [dict(e) for e in graph["edges"]]
    lane_of = {n["id"]: n["lane"] for n in nodes}
    ins, outs = {}, {}
    for e in edges:
        outs.setdefault(e["from"], []).append(e)
        ins.setdefault(e["to"], []).append(e)
    added = 0
    for v in [n["id"] for n in nodes]:
        for direction in ("in", "out"):
            while True:
                vin, vout = ins.setdefault(v, []), outs.setdefault(v, [])
                group = vin if direction == "in" else vout
                if len(vin) + len(vout) <= limit or len(group) < 2:
                    break
                added += 1
                gid = f"pp_gw_{added}"
                nodes.append({"id": gid, "kind": "gateway", "name": "", "lane": lane_of[v]})
                lane_of[gid] = lane_of[v]
                moved, group[:] = group[:limit - 1], group[limit - 1:]
                for e in moved:
                    if direction == "in":
                        e["to"] = gid
                    else:
                        e["from"] = gid
                link = {"id": f"{gid}_flow", "from": gid if direction == "in" else v,
                        "to": v if direction == "in" else gid, "name": ""}
                edges.append(link)
                if direction == "in":
                    ins[gid], outs[gid] = moved, [link]
                    vin.append(link)
                else:
                    outs[gid], ins[gid] = moved, [link]
                    vout.append(link)
    return {"lanes": graph["lanes"], "nodes": nodes, "edges": edges}, added


def to_processpiper(graph, title, bpmn_out):
    """A ProcessPiper script (its Python API) that lays the process out and
    exports BPMN with DI, as a user of ProcessPiper would write it. The
    graph must have passed `limit_degree`. An element with no incoming
    flow other than a start (a boundary event) becomes a start event,
    since ProcessPiper rejects it otherwise."""
    has_in = {e["to"] for e in graph["edges"]}
    pp_type = {"task": "ActivityType.TASK", "gateway": "GatewayType.EXCLUSIVE",
               "start": "EventType.START", "end": "EventType.END", "event": "EventType.INTERMEDIATE"}
    idx = {n["id"]: k for k, n in enumerate(graph["nodes"])}
    lines = [
        "from processpiper import ProcessMap, EventType, ActivityType, GatewayType",
        "",
        f"with ProcessMap({_pyq(title)}, painter_type='SVG') as m:",
        f"    with m.add_pool({_pyq(title)}) as pool:",
    ]
    for li, lane in enumerate(graph["lanes"]):
        lines.append(f"        with pool.add_lane({_pyq(lane['name'] or 'Lane ' + str(li + 1))}) as lane{li}:")
        members = [n for n in graph["nodes"] if n["lane"] == lane["id"]]
        if not members:
            # ProcessPiper refuses a first lane without shapes; an empty
            # lane says nothing anyway.
            lines.pop()
            continue
        for n in members:
            kind = n["kind"] if n["id"] in has_in or n["kind"] in ("start", "end") else "start"
            lines.append(f"            n{idx[n['id']]} = lane{li}.add_element({_pyq(n['name'])}, {pp_type[kind]})")
    for e in graph["edges"]:
        label = f", {_pyq(e['name'])}" if e["name"] else ""
        lines.append(f"    n{idx[e['from']]}.connect(n{idx[e['to']]}{label})")
    lines.append("    m.draw()")
    lines.append(f"    m.export_to_bpmn({_pyq(bpmn_out)})")
    return "\n".join(lines) + "\n"


def _pyq(s):
    return repr(s)
