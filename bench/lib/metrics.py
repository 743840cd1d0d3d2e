"""One implementation of the layout figures, applied to every tool's result.

Input: a neutral geometry (a dict, the same shape as the JSON files the
bench writes next to each result):

    lanes:  [{id, x, y, w, h, horizontal, header}]   bands as drawn
    lanes_drawn: bool                                 False: the tool drew none
    shapes: [{id, lane, x, y, w, h, host}]            the symbols (DI bounds);
                                                      host: what a boundary event sits on
    edges:  [{id, from, to, points: [[x, y], ...]}]   polylines, y down

The definitions follow regflow's own `src/layout/metrics.rs`, generalised
from orthogonal to any straight segments:

overlaps     pairs of shapes whose interiors overlap (a boundary event and
             the activity it is attached to excepted);
through      (segment, shape) pairs where the segment passes through the
             shape's interior (shrunk by 0.5 px); an edge's first segment
             is not tested against its source, nor its last against its
             target;
outside      shapes not wholly inside their lane: a lane is a band across
             the drawing (a row for horizontal lanes, a column for
             vertical ones) less its 30 px name strip; a shape is outside
             when it leaves its own lane's box or reaches into the band of
             another lane (so boxes side by side, like Graphviz clusters,
             do not pass for lanes); None when the tool drew no lanes;
crossings    points where segments of two different edges cross (not at
             their ends);
edge_overlaps stretches where segments of two edges run along each other
             (collinear within 1 px, sharing more than 1 px);
bends        direction changes along each edge (collinear and repeated
             waypoints do not count);
length       total edge length (Euclidean; Manhattan for orthogonal ones);
area         bounding box of lanes, shapes and edges;
compactness  sum of shape areas / area (so 0..1; higher is denser).
"""

import math

E_CROSS = 0.01
E_HIT = 0.5
E_BOX = 1e-6


class Grid:
    """A uniform grid of buckets over axis-aligned boxes."""

    def __init__(self, cell):
        self.cell = cell
        self.cells = {}

    def keys(self, x0, y0, x1, y1):
        c = self.cell
        for i in range(int(math.floor(x0 / c)), int(math.floor(x1 / c)) + 1):
            for j in range(int(math.floor(y0 / c)), int(math.floor(y1 / c)) + 1):
                yield (i, j)

    def add(self, item, box):
        for k in self.keys(*box):
            self.cells.setdefault(k, []).append(item)

    def near(self, box):
        seen = set()
        for k in self.keys(*box):
            for it in self.cells.get(k, ()):
                if it not in seen:
                    seen.add(it)
                    yield it


def _clean(points):
    """Drop repeated points and points in the middle of a straight run."""
    pts = []
    for p in points:
        if pts and abs(p[0] - pts[-1][0]) < 1e-9 and abs(p[1] - pts[-1][1]) < 1e-9:
            continue
        pts.append((float(p[0]), float(p[1])))
    out = []
    for p in pts:
        while len(out) >= 2:
            a, b = out[-2], out[-1]
            cross = (b[0] - a[0]) * (p[1] - b[1]) - (b[1] - a[1]) * (p[0] - b[0])
            la = math.hypot(b[0] - a[0], b[1] - a[1])
            lb = math.hypot(p[0] - b[0], p[1] - b[1])
            dot = (b[0] - a[0]) * (p[0] - b[0]) + (b[1] - a[1]) * (p[1] - b[1])
            # straight on (within ~0.5 degree): b is not a bend
            if la > 0 and lb > 0 and abs(cross) <= 0.0087 * la * lb and dot > 0:
                out.pop()
            else:
                break
        out.append(p)
    return out


def _seg_hits_rect(a, b, r):
    """Whether segment a-b meets the open interior of r shrunk by E_HIT."""
    x0, y0 = r[0] + E_HIT, r[1] + E_HIT
    x1, y1 = r[0] + r[2] - E_HIT, r[1] + r[3] - E_HIT
    if x0 >= x1 or y0 >= y1:
        return False
    t0, t1 = 0.0, 1.0
    dx, dy = b[0] - a[0], b[1] - a[1]
    for p, q0, q1 in ((dx, x0 - a[0], x1 - a[0]), (dy, y0 - a[1], y1 - a[1])):
        if abs(p) < 1e-12:
            if not (q0 < 0 < q1):
                return False
        else:
            ta, tb = q0 / p, q1 / p
            if ta > tb:
                ta, tb = tb, ta
            t0, t1 = max(t0, ta), min(t1, tb)
            if t0 >= t1:
                return False
    return t1 - t0 > 1e-9


def _relation(a, b, c, d):
    """'cross', 'overlap' or None for two segments of different edges."""
    rx, ry = b[0] - a[0], b[1] - a[1]
    sx, sy = d[0] - c[0], d[1] - c[1]
    lr, ls = math.hypot(rx, ry), math.hypot(sx, sy)
    if lr == 0 or ls == 0:
        return None
    den = rx * sy - ry * sx
    if abs(den) <= 1e-9 * lr * ls:
        # parallel: collinear within 1 px and sharing more than 1 px
        dist = abs((c[0] - a[0]) * ry - (c[1] - a[1]) * rx) / lr
        if dist >= 1.0:
            return None
        ux, uy = rx / lr, ry / lr
        p0, p1 = 0.0, lr
        q0 = (c[0] - a[0]) * ux + (c[1] - a[1]) * uy
        q1 = (d[0] - a[0]) * ux + (d[1] - a[1]) * uy
        if q0 > q1:
            q0, q1 = q1, q0
        return "overlap" if max(p0, q0) < min(p1, q1) - 1.0 else None
    t = ((c[0] - a[0]) * sy - (c[1] - a[1]) * sx) / den
    u = ((c[0] - a[0]) * ry - (c[1] - a[1]) * rx) / den
    et, eu = E_CROSS / lr, E_CROSS / ls
    if et < t < 1 - et and eu < u < 1 - eu:
        return "cross"
    return None


def _overlap(r, s):
    return (r[0] + E_BOX < s[0] + s[2] and s[0] + E_BOX < r[0] + r[2]
            and r[1] + E_BOX < s[1] + s[3] and s[1] + E_BOX < r[1] + r[3])


def _inside(r, s):
    return (r[0] >= s[0] - E_BOX and r[1] >= s[1] - E_BOX
            and r[0] + r[2] <= s[0] + s[2] + E_BOX and r[1] + r[3] <= s[1] + s[3] + E_BOX)


def measure(g, report=None):
    """The figures of one geometry; `report(str)` receives every defect."""
    say = report or (lambda s: None)
    shapes = g["shapes"]
    rects = [(s["x"], s["y"], s["w"], s["h"]) for s in shapes]
    by_id = {s["id"]: k for k, s in enumerate(shapes)}
    m = {}

    # Bounding box and a cell size for the grids.
    xs, ys = [], []
    for r in rects:
        xs += [r[0], r[0] + r[2]]
        ys += [r[1], r[1] + r[3]]
    for l in g["lanes"]:
        xs += [l["x"], l["x"] + l["w"]]
        ys += [l["y"], l["y"] + l["h"]]
    polys = [_clean(e["points"]) for e in g["edges"]]
    for pts in polys:
        xs += [p[0] for p in pts]
        ys += [p[1] for p in pts]
    width = (max(xs) - min(xs)) if xs else 0.0
    height = (max(ys) - min(ys)) if ys else 0.0
    m["area"] = width * height
    m["compactness"] = sum(r[2] * r[3] for r in rects) / m["area"] if m["area"] > 0 else 0.0
    avg = (sum(max(r[2], r[3]) for r in rects) / len(rects)) if rects else 100.0
    cell = max(avg * 1.5, 20.0)

    # Overlapping shapes.
    grid = Grid(cell)
    for k, r in enumerate(rects):
        grid.add(k, (r[0], r[1], r[0] + r[2], r[1] + r[3]))
    overlaps = 0
    for k, r in enumerate(rects):
        for j in grid.near((r[0], r[1], r[0] + r[2], r[1] + r[3])):
            if j > k and _overlap(r, rects[j]):
                if shapes[k].get("host") == shapes[j]["id"] or shapes[j].get("host") == shapes[k]["id"]:
                    continue
                overlaps += 1
                say(f"shapes {shapes[k]['id']} and {shapes[j]['id']} overlap")
    m["overlaps"] = overlaps

    # Nodes outside their lane.
    if g.get("lanes_drawn"):
        lanes = {l["id"]: l for l in g["lanes"]}
        outside = 0
        for k, s in enumerate(shapes):
            lane = lanes.get(s["lane"])
            r = rects[k]
            bad = lane is None
            if not bad:
                if lane["horizontal"]:
                    inner = (lane["x"] + lane["header"], lane["y"], lane["w"] - lane["header"], lane["h"])
                else:
                    inner = (lane["x"], lane["y"] + lane["header"], lane["w"], lane["h"] - lane["header"])
                bad = not _inside(r, inner)
                for other in g["lanes"]:
                    if bad:
                        break
                    if other["id"] == lane["id"]:
                        continue
                    if other["horizontal"]:
                        a0, a1, b0, b1 = other["y"], other["y"] + other["h"], r[1], r[1] + r[3]
                    else:
                        a0, a1, b0, b1 = other["x"], other["x"] + other["w"], r[0], r[0] + r[2]
                    if a0 + E_BOX < b1 and b0 + E_BOX < a1:
                        bad = True
                        say(f"{s['id']} reaches into the band of lane {other['id']}")
            if bad:
                outside += 1
                say(f"{s['id']} is outside its lane {s['lane']}")
        m["outside"] = outside
    else:
        m["outside"] = None

    # Edges: bends, length, through shapes.
    segs = []  # (edge index, a, b)
    bends = 0
    length = 0.0
    for ei, pts in enumerate(polys):
        bends += max(len(pts) - 2, 0)
        for a, b in zip(pts, pts[1:]):
            length += math.hypot(b[0] - a[0], b[1] - a[1])
            segs.append((ei, a, b))
    m["bends"] = bends
    m["length"] = length
    through = 0
    for ei, pts in enumerate(polys):
        e = g["edges"][ei]
        src, dst = by_id.get(e["from"]), by_id.get(e["to"])
        last = len(pts) - 2
        for si, (a, b) in enumerate(zip(pts, pts[1:])):
            box = (min(a[0], b[0]), min(a[1], b[1]), max(a[0], b[0]), max(a[1], b[1]))
            for k in grid.near(box):
                if (si == 0 and k == src) or (si == last and k == dst):
                    continue
                if _seg_hits_rect(a, b, rects[k]):
                    through += 1
                    say(f"edge {e['id']} segment {si} {a}-{b} passes through {shapes[k]['id']}")
    m["through"] = through

    # Crossings and edge overlaps: pairs of segments of different edges,
    # each pair tested once, in the cell holding the low corner of the
    # overlap of their boxes.
    sgrid = Grid(cell)
    boxes = []
    for i, (ei, a, b) in enumerate(segs):
        box = (min(a[0], b[0]) - 1, min(a[1], b[1]) - 1, max(a[0], b[0]) + 1, max(a[1], b[1]) + 1)
        boxes.append(box)
        sgrid.add(i, box)
    crossings = 0
    edge_overlaps = 0
    c = cell
    for key, items in sgrid.cells.items():
        n = len(items)
        for ii in range(n):
            i = items[ii]
            bi = boxes[i]
            for jj in range(ii + 1, n):
                j = items[jj]
                if segs[i][0] == segs[j][0]:
                    continue
                bj = boxes[j]
                lx, ly = max(bi[0], bj[0]), max(bi[1], bj[1])
                if lx > min(bi[2], bj[2]) or ly > min(bi[3], bj[3]):
                    continue
                if (int(math.floor(lx / c)), int(math.floor(ly / c))) != key:
                    continue
                rel = _relation(segs[i][1], segs[i][2], segs[j][1], segs[j][2])
                if rel == "cross":
                    crossings += 1
                elif rel == "overlap":
                    edge_overlaps += 1
                    say(f"edges {g['edges'][segs[i][0]]['id']} and {g['edges'][segs[j][0]]['id']} run along each other")
    m["crossings"] = crossings
    m["edge_overlaps"] = edge_overlaps
    m["missing"] = g.get("missing", {"shapes": 0, "edges": 0})
    return m
