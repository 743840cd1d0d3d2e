"""Draw a neutral geometry as PNG (Pillow, from bench/.venv), to see what
the figures were computed from: lanes grey, shapes blue, edges black."""

import json
import sys


def draw(g, png, max_side=2400):
    from PIL import Image, ImageDraw

    xs, ys = [], []
    for r in g["lanes"] + g["shapes"]:
        xs += [r["x"], r["x"] + r["w"]]
        ys += [r["y"], r["y"] + r["h"]]
    for e in g["edges"]:
        xs += [p[0] for p in e["points"]]
        ys += [p[1] for p in e["points"]]
    x0, y0 = min(xs) - 10, min(ys) - 10
    s = min(1.0, max_side / max(max(xs) - x0 + 10, max(ys) - y0 + 10))
    img = Image.new("RGB", (int((max(xs) - x0 + 10) * s) + 1, int((max(ys) - y0 + 10) * s) + 1), "white")
    d = ImageDraw.Draw(img)

    def box(r):
        return [(r["x"] - x0) * s, (r["y"] - y0) * s, (r["x"] + r["w"] - x0) * s, (r["y"] + r["h"] - y0) * s]

    for k, l in enumerate(g["lanes"]):
        d.rectangle(box(l), fill=(240, 240, 240) if k % 2 else (225, 225, 225), outline=(150, 150, 150))
    for r in g["shapes"]:
        d.rectangle(box(r), fill=(200, 220, 255), outline=(40, 60, 160))
    for e in g["edges"]:
        d.line([((p[0] - x0) * s, (p[1] - y0) * s) for p in e["points"]], fill="black", width=1)
    img.save(png)


if __name__ == "__main__":
    with open(sys.argv[1], encoding="utf-8") as f:
        draw(json.load(f), sys.argv[2])
