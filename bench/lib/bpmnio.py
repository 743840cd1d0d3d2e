"""BPMN 2.0 XML: the process graph (semantic part) and the drawn geometry (DI).

The graph is what every tool is given: nodes with a kind, a lane and a
name; sequence flows; lanes in order. Several pools become consecutive
lanes; a pool without lanes becomes one lane. Sub-processes count as one
node (their insides are not laid out by the peers); message flows,
data objects, groups and annotations are left out.

The geometry is the neutral form `metrics.measure` reads (see there).
"""

import xml.etree.ElementTree as ET

MODEL = "http://www.omg.org/spec/BPMN/20100524/MODEL"
BPMNDI = "http://www.omg.org/spec/BPMN/20100524/DI"
DC = "http://www.omg.org/spec/DD/20100524/DC"
DI = "http://www.omg.org/spec/DD/20100524/DI"

# The strip at the start of a lane where BPMN tools (bpmn-js, Camunda) write
# its name: nodes belong beside it.
LANE_HEADER = 30.0

KINDS = {
    "startEvent": "start",
    "endEvent": "end",
    "intermediateCatchEvent": "event",
    "intermediateThrowEvent": "event",
    "boundaryEvent": "event",
    "task": "task",
    "userTask": "task",
    "serviceTask": "task",
    "manualTask": "task",
    "scriptTask": "task",
    "sendTask": "task",
    "receiveTask": "task",
    "businessRuleTask": "task",
    "subProcess": "task",
    "transaction": "task",
    "adHocSubProcess": "task",
    "callActivity": "task",
    "exclusiveGateway": "gateway",
    "inclusiveGateway": "gateway",
    "parallelGateway": "gateway",
    "eventBasedGateway": "gateway",
    "complexGateway": "gateway",
}


def _local(tag):
    return tag.rsplit("}", 1)[-1]


def _leaf_lanes(lane_set):
    out = []
    for lane in lane_set.findall(f"{{{MODEL}}}lane"):
        child = lane.find(f"{{{MODEL}}}childLaneSet")
        leaves = _leaf_lanes(child) if child is not None else []
        if leaves:
            out.extend(leaves)
        else:
            out.append(lane)
    return out


def read_graph(root):
    """The process graph of a parsed BPMN document."""
    procs = {p.get("id"): p for p in root.findall(f"{{{MODEL}}}process")}
    order = []  # (process element, participant id or None, pool name)
    for part in root.iter(f"{{{MODEL}}}participant"):
        ref = part.get("processRef")
        if ref in procs and all(ref != p.get("id") for p, _, _ in order):
            order.append((procs[ref], part.get("id"), part.get("name") or ""))
    # A process no pool refers to is drawn when it has lanes (MIWG A.4.0) or
    # when there are no pools at all; otherwise it is the body of a call
    # activity or a global task, drawn inside another shape if at all.
    for pid, p in procs.items():
        if all(pid != q.get("id") for q, _, _ in order):
            if not order or p.find(f"{{{MODEL}}}laneSet") is not None:
                order.append((p, None, p.get("name") or ""))
    lanes, nodes, edges = [], [], []
    for proc, part, pool_name in order:
        lane_of = {}
        proc_lanes = []
        for ls in proc.findall(f"{{{MODEL}}}laneSet"):
            for lane in _leaf_lanes(ls):
                proc_lanes.append({"id": lane.get("id"), "name": lane.get("name") or "", "pool": part})
                for ref in lane.findall(f"{{{MODEL}}}flowNodeRef"):
                    lane_of.setdefault((ref.text or "").strip(), lane.get("id"))
        proc_nodes = []
        attached = {}
        for el in proc:
            kind = KINDS.get(_local(el.tag))
            if kind is None:
                continue
            node = {"id": el.get("id"), "kind": kind, "name": el.get("name") or ""}
            if el.get("attachedToRef"):
                attached[el.get("id")] = el.get("attachedToRef")
                node["host"] = el.get("attachedToRef")
            proc_nodes.append(node)
        if not proc_nodes:
            continue
        if not proc_lanes:
            # A pool (or a bare process) without lanes is one lane: its band
            # is the participant's shape when it has one.
            proc_lanes = [{"id": part or proc.get("id"), "name": pool_name, "pool": part}]
        for n in proc_nodes:
            lane = lane_of.get(n["id"]) or lane_of.get(attached.get(n["id"], ""))
            n["lane"] = lane or proc_lanes[0]["id"]
        ids = {n["id"] for n in proc_nodes}
        for el in proc.findall(f"{{{MODEL}}}sequenceFlow"):
            if el.get("sourceRef") in ids and el.get("targetRef") in ids:
                edges.append({"id": el.get("id"), "from": el.get("sourceRef"), "to": el.get("targetRef"), "name": el.get("name") or ""})
        lanes.extend(proc_lanes)
        nodes.extend(proc_nodes)
    return {"lanes": lanes, "nodes": nodes, "edges": edges}


def read_di(root):
    """Shapes (bounds, isHorizontal) and edges (waypoints) by bpmnElement."""
    shapes, edges = {}, {}
    for diagram in root.iter(f"{{{BPMNDI}}}BPMNDiagram"):
        for s in diagram.iter(f"{{{BPMNDI}}}BPMNShape"):
            b = s.find(f"{{{DC}}}Bounds")
            el = s.get("bpmnElement")
            if b is None or el in shapes:
                continue
            shapes[el] = {
                "x": float(b.get("x")), "y": float(b.get("y")),
                "w": float(b.get("width")), "h": float(b.get("height")),
                "horizontal": s.get("isHorizontal"),
            }
        for e in diagram.iter(f"{{{BPMNDI}}}BPMNEdge"):
            el = e.get("bpmnElement")
            if el in edges:
                continue
            edges[el] = [[float(w.get("x")), float(w.get("y"))] for w in e.findall(f"{{{DI}}}waypoint")]
    return shapes, edges


def parse(path):
    return ET.parse(path).getroot()


def geometry(root, graph=None):
    """The neutral geometry of a BPMN document as drawn by its DI."""
    graph = graph or read_graph(root)
    di_shapes, di_edges = read_di(root)
    lanes = []
    for lane in graph["lanes"]:
        s = di_shapes.get(lane["id"])
        if s is None:
            continue
        # Lanes are horizontal unless the DI says otherwise, as bpmn-js reads it.
        horizontal = s["horizontal"] != "false"
        lanes.append({"id": lane["id"], "x": s["x"], "y": s["y"], "w": s["w"], "h": s["h"],
                      "horizontal": horizontal, "header": LANE_HEADER})
    shapes, missing_shapes = [], 0
    for n in graph["nodes"]:
        s = di_shapes.get(n["id"])
        if s is None:
            missing_shapes += 1
            continue
        shapes.append({"id": n["id"], "lane": n["lane"], "host": n.get("host"), "x": s["x"], "y": s["y"], "w": s["w"], "h": s["h"]})
    edges, missing_edges = [], 0
    for e in graph["edges"]:
        pts = di_edges.get(e["id"])
        if not pts or len(pts) < 2:
            missing_edges += 1
            continue
        edges.append({"id": e["id"], "from": e["from"], "to": e["to"], "points": pts})
    return {
        "lanes": lanes,
        # every lane that holds a node has a band
        "lanes_drawn": bool(lanes) and {n["lane"] for n in graph["nodes"]} <= {l["id"] for l in lanes},
        "shapes": shapes,
        "edges": edges,
        "missing": {"shapes": missing_shapes, "edges": missing_edges},
    }


def strip_di(src, dst):
    """Write `src` without its BPMNDiagram elements (for layouters that add DI)."""
    ET.register_namespace("bpmn", MODEL)
    ET.register_namespace("bpmndi", BPMNDI)
    ET.register_namespace("dc", DC)
    ET.register_namespace("di", DI)
    tree = ET.parse(src)
    root = tree.getroot()
    for d in root.findall(f"{{{BPMNDI}}}BPMNDiagram"):
        root.remove(d)
    tree.write(dst, encoding="UTF-8", xml_declaration=True)
