#!/usr/bin/env python3
"""Build sitrep's actor lexicon TSVs (data/actors/*.tsv) from the Phoenix / PLOVER dictionaries.

Sources (MIT, Open Event Data Alliance; see data/actors/README.md):
  Phoenix.Countries.actors.txt, Phoenix.International.actors.txt,
  Phoenix.MilNonState.actors.txt, Phoenix.agents.txt, PLOVER_agents.txt

Usage:  python3 scripts/actors/build.py [SRC_DIR] [OUT_DIR]
  SRC_DIR defaults to /work/shared/data (expects petrarch/ and plover/ below it)
  OUT_DIR defaults to data/actors next to this repository's root.

The output is deterministic (sorted).  data/actors/curated.tsv is hand-written and NOT produced here.
"""
from __future__ import annotations

import re
import sys
from pathlib import Path

try:
    from wordfreq import zipf_frequency
except ImportError:  # pragma: no cover
    sys.exit("build.py needs the `wordfreq` package (pip install wordfreq==3.1.1)")

ROOT = Path(__file__).resolve().parents[2]
SRC = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("/work/shared/data")
OUT = Path(sys.argv[2]) if len(sys.argv) > 2 else ROOT / "data" / "actors"

SECTORS = set(
    "COP GOV JUD LEG MIL PRM PTY REB SPY UAF UNK AGR BUS CRM CVL EDU ELI JRN LAB MED REF OPP PRE REL SOC".split()
)
# CAMEO secondary codes folded onto PLOVER sectors.  In the CAMEO *actor* dictionaries MED is
# the media and HLH health; the agent dictionaries (PLOVER) already use MED for health.
ACTOR_SECTOR_MAP = {"MED": "JRN"}
SECTOR_MAP = {
    "HLH": "MED", "HRI": "SOC", "MUS": "REL", "CHR": "REL", "JEW": "REL", "BUD": "REL",
    "HIN": "REL", "SHI": "REL", "SUN": "REL", "CTH": "REL", "PRO": "REL", "ORT": "REL",
    "INS": "REB", "SEP": "REB", "RAD": "REB", "IRC": "SOC", "DEV": "", "ENV": "",
}
SPECIAL = {"IGO", "NGO", "IMG", "MNC", "UNO", "EUR", "ISM"}

# Single-word aliases that are ordinary English words or names too ambiguous to code.
STOP = set(
    """
    a an the of and or in on at to for by us we it is as be he she they them this that
    power state states union party front army group movement people government council
    league alliance forum congress senate house assembly court police national republic
    liberation revolution resistance justice unity freedom change progress hope new
    young old free people's workers labour labor green greens center centre right left
    may will mark grant rice bush brown rich king queen prince general major chad jordan
    georgia victoria washington lincoln nelson hamilton jackson columbus douglas
    """.split()
)

# Agent nouns that are too vague to be coded as actors on their own.
AGENT_STOP = set("power state states business company industry kingdom authority head member members".split())

AMBIGUOUS_ACRONYMS = set("AS AT BE DO GO IF IN IS IT ME MY NO OF ON OR SO TO UP US WE AM AN BY HE".split())


def clean_name(raw: str) -> str:
    s = raw.strip().strip("+").strip()
    s = re.sub(r"#.*$", "", s).strip()
    s = s.replace("_", " ").strip()
    s = re.sub(r"\s+", " ", s)
    return strip_article(s)


ACRONYMS = {"us", "un", "uk", "eu", "usa", "nato", "ussr", "opec", "unicef", "unhcr", "who", "imf", "au"}


def strip_article(s: str) -> str:
    """Drops a leading article: "THE EUROPEAN UNION" -> "EUROPEAN UNION"."""
    return re.sub(r"^(THE|the|The)\s+", "", s)


def title(s: str) -> str:
    s = strip_article(s)
    small = {"of", "the", "and", "for", "in", "on", "al", "el", "bin", "ibn", "de", "du", "la", "le", "des", "van", "von", "da"}
    out = []
    for i, w in enumerate(s.lower().split(" ")):
        if ("." in w and len(w) <= 6) or w in ACRONYMS:
            out.append(w.upper())
        elif i > 0 and w in small:
            out.append(w)
        else:
            out.append("-".join(p[:1].upper() + p[1:] for p in w.split("-")))
    return " ".join(out)


def parse_codes(text: str):
    """Yields (code, start, end) for every [CODE dates] group in text."""
    for m in re.finditer(r"\[([^\]]*)\]", text):
        body = m.group(1).strip()
        if not body or body.startswith("-"):
            continue
        parts = body.split()
        code = parts[0].lstrip("~")
        dates = " ".join(parts[1:])
        start = end = ""
        dm = re.match(r"^(\d{6}|\d{8})\s*-\s*(\d{6}|\d{8})$", dates)
        if dm:
            start, end = norm_date(dm.group(1)), norm_date(dm.group(2))
        elif re.match(r"^>\s*(\d{6}|\d{8})$", dates):
            start = norm_date(dates.lstrip("> "))
        elif re.match(r"^<\s*(\d{6}|\d{8})$", dates):
            end = norm_date(dates.lstrip("< "))
        elif dates:
            continue  # malformed date (e.g. 7 digits): skip the role
        if start is None or end is None:
            continue
        yield code, start, end


def norm_date(d: str):
    if len(d) == 6:
        yy = int(d[:2])
        d = ("20" if yy < 30 else "19") + d
    if len(d) != 8:
        return None
    y, m, dd = d[:4], d[4:6], d[6:]
    if not ("01" <= m <= "12" and "01" <= dd <= "31"):
        return None
    return f"{y}-{m}-{dd}"


def split_code(code: str, countries: set[str]):
    """CAMEO actor code -> (country or special, [sectors])."""
    chunks = [code[i : i + 3] for i in range(0, len(code), 3)]
    chunks = [c for c in chunks if len(c) == 3]
    country = None
    sectors: list[str] = []
    rest = chunks
    if chunks and (chunks[0] in countries or chunks[0] in SPECIAL):
        country = chunks[0]
        rest = chunks[1:]
        if country == "IGO" and rest and rest[0] in ("UNO", "EUR"):
            country = rest[0]
            rest = rest[1:]
    elif chunks and chunks[0] not in SECTORS and chunks[0] not in SECTOR_MAP:
        rest = chunks[1:]  # unknown pseudo-country (KKL, INT, ...)
    for c in rest:
        s = ACTOR_SECTOR_MAP.get(c) or (c if c in SECTORS else SECTOR_MAP.get(c, ""))
        if s and s not in sectors:
            sectors.append(s)
    return country, sectors


def read_blocks(path: Path):
    """Yields blocks: (head_line, [synonym lines], [code text]) from a CAMEO .actors file."""
    head = None
    syns: list[str] = []
    codes: list[str] = []
    for raw in path.read_text(encoding="utf-8", errors="replace").splitlines():
        line = raw.rstrip()
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if line.startswith("+"):
            if head is not None:
                syns.append(re.sub(r"#.*$", "", line[1:]))
            continue
        if line[0] in " \t" or line.lstrip().startswith("["):
            if head is not None:
                codes.append(line)
            continue
        if head is not None:
            yield head, syns, codes
        body = re.sub(r"#.*$", "", line)
        name_part = body.split("[", 1)[0]
        head = name_part
        syns = []
        codes = [body[len(name_part):]] if "[" in body else []
    if head is not None:
        yield head, syns, codes


def common_word(a: str) -> bool:
    """A single ordinary English word ("Foundation", "Zero"): too ambiguous as an actor name.
    Short all-letter acronyms are matched case-sensitively and are kept."""
    if " " in a or not a.isalpha():
        return False
    if len(a) <= 3:
        return False
    return zipf_frequency(a.lower(), "en") >= 3.5


def distinctive_surname(a: str, position: int) -> bool:
    """A one-word synonym listed under a person ("+KARZAI_", "+MUGABE_") that is rare as an
    English word; the head name itself (position 0) must have two words."""
    return position > 0 and a.isalpha() and len(a) >= 5 and zipf_frequency(a.lower(), "en") < 2.5


def acceptable_alias(alias: str) -> bool:
    a = alias.strip()
    if not a or len(a) < 2 or "(" in a or ")" in a or "/" in a:
        return False
    if not re.search(r"[A-Za-z]", a):
        return False
    if " " not in a and a.lower() in STOP:
        return False
    if a.upper() in AMBIGUOUS_ACRONYMS:
        return False
    if sum(ch.isalpha() for ch in a) <= 2:
        return False  # two-letter codes ("WB") are too ambiguous; curated.tsv has UN, US, EU...
    return True


ORG_WORDS = re.compile(
    r"\b(ARMY|ARMIES|FORCES?|FRONT|PARTY|MINISTRY|COUNCIL|STATE|GOVERNMENT|COMMITTEE|MOVEMENT|"
    r"BRIGADES?|ORGANI[SZ]ATION|UNION|ASSEMBLY|ALLIANCE|LEAGUE|AUTHORITY|COMMISSION|AGENCY|"
    r"GROUP|COALITION|CONGRESS|PARLIAMENT|COURT|POLICE|GUARDS?|CORPS|MILITIA|DEPARTMENT|OFFICE|"
    r"ADMINISTRATION|REGIME|MISSION|BANK|ISIL|ISIS|DAESH|DAASH|DAIISH|TALIBAN|QAEDA|QAIDA)\b"
)


def has_sector(code: str) -> bool:
    chunks = [code[i : i + 3] for i in range(3, len(code), 3)]
    return any(c in SECTORS for c in chunks)


def current_role(roles):
    """The open-ended role if there is one, else the one ending last."""
    open_roles = [r for r in roles if not r[2]]
    if open_roles:
        return max(open_roles, key=lambda r: r[1] or "")
    return max(roles, key=lambda r: r[2])


def is_person(name: str, aliases: list[str]) -> bool:
    """Judged on the head name only: a person's synonyms may name their administration."""
    del aliases
    return not ORG_WORDS.search(name.upper())


def leader_rows(name: str, aliases: list[str], roles, country_codes: set[str]):
    """leaders.tsv rows of one person: every usable alias times every coded role."""
    rows = []
    for k, a in enumerate(aliases):
        if len(a.split()) < 2 and not distinctive_surname(a, k):
            continue  # a lone surname/first name is usually too ambiguous
        for code, s, e in roles:
            c, secs = split_code(code, country_codes)
            if c is None and not secs:
                continue
            rows.append((a, title(name), c or "", ",".join(secs), s, e))
    return rows


def build_countries(src: Path):
    """Country names/demonyms/places plus national institutions and leaders from the Countries file."""
    blocks = list(read_blocks(src))
    country_codes: set[str] = set()
    for head, _syns, codes in blocks:
        for code, _s, _e in parse_codes(" ".join(codes)):
            if len(code) >= 3:
                country_codes.add(code[:3])
    countries = []  # (alias, code, kind, canonical)
    leaders = []  # (alias, canonical, country, sectors, start, end)
    orgs = []  # (alias, canonical, country, sectors, source)
    for head, syns, codes in blocks:
        name = clean_name(head)
        if not name:
            continue
        roles = list(parse_codes(" ".join(codes)))
        if not roles:
            continue
        aliases = [name] + [clean_name(s) for s in syns]
        aliases = [a for a in aliases if a]
        if all(not has_sector(c) for c, _s, _e in roles):
            # A country block, possibly with dated codes (IRQ / IRQOCC / IRQ, SUNAZE / AZE):
            # the current code decides; sub-national codes (USAASM) are territories.
            current = current_role(roles)
            if len(current[0]) != 3:
                continue
            roles = [(current[0], "", "")]
        first_code = roles[0][0]
        if len(roles) == 1 and len(first_code) == 3 and not roles[0][1] and not roles[0][2] and first_code not in SECTORS:
            canonical = title(name)
            stem = name.replace(" ", "")[:4].upper()
            for a in aliases:
                kind = "name"
                au = a.upper().replace(" ", "")
                if a is not name and not au.startswith(stem):
                    kind = "place"
                elif a is not name and " " not in a and re.search(r"(AN|IAN|ESE|ISH|I|IC|CH|OT)$", au) and not re.search(r"STAN$", au):
                    kind = "demonym"
                countries.append((a, first_code, kind, canonical))
            continue
        dated = any(s or e for _c, s, e in roles)
        if dated and is_person(name, aliases):
            leaders.extend(leader_rows(name, aliases, roles, country_codes))
        else:
            c, secs = split_code(current_role(roles)[0] if dated else first_code, country_codes)
            if not secs:
                continue  # a territory or region of the country (Gaza, Greenland): a place
            for a in aliases:
                orgs.append((a, title(name), c or "", ",".join(secs), "phoenix-countries"))
    return countries, leaders, orgs, country_codes


def build_orgs(src: Path, country_codes: set[str], source: str):
    orgs = []
    leaders = []
    for head, syns, codes in read_blocks(src):
        name = clean_name(head)
        roles = list(parse_codes(" ".join(codes)))
        if not name or not roles:
            continue
        aliases = [name] + [clean_name(s) for s in syns]
        dated = any(s or e for _c, s, e in roles)
        if dated and is_person(name, aliases):
            leaders.extend(leader_rows(name, aliases, roles, country_codes))
            continue
        c, secs = split_code(current_role(roles)[0] if dated else roles[0][0], country_codes)
        if c is None and not secs:
            continue
        if c == "MNC" and len(name.split()) < 2:
            continue
        if c == "IMG" and not any(s in secs for s in ("REB", "UAF", "MIL")):
            secs = ["REB"] + secs
        for a in aliases:
            if a:
                orgs.append((a, title(name), c or "", ",".join(secs), source))
    return orgs, leaders


def plural(word: str) -> str:
    w = word
    if re.search(r"(MAN)$", w):
        return w[:-3] + "MEN"
    if re.search(r"(S|X|Z|CH|SH)$", w):
        return w + "ES"
    if re.search(r"[^AEIOU]Y$", w):
        return w[:-1] + "IES"
    return w + "S"


PLURAL_WORDS = re.compile(r"(MEN|PEOPLE|POLICE|PERSONNEL|FORCES|TROOPS|AUTHORITIES|[^SU]S)$")


def build_agents(paths: list[Path]):
    rows = {}  # alias -> (sectors, country, plural, canonical)
    for path in paths:
        subs: dict[str, list[str]] = {}
        for raw in path.read_text(encoding="utf-8", errors="replace").splitlines():
            line = re.sub(r"#.*$", "", raw).strip()
            if not line:
                continue
            m = re.match(r"^(![A-Z]+!)\s*=\s*(.*)$", line)
            if m:
                subs[m.group(1)] = [x.strip() for x in m.group(2).split(",") if x.strip()]
                continue
            m = re.match(r"^(.*?)\s*(\{([^}]*)\})?\s*\[~?([A-Z]*)\]", line)
            if not m:
                continue
            phrase, plural_form, code = m.group(1), m.group(3), m.group(4)
            chunks = [code[i : i + 3] for i in range(0, len(code), 3)]
            if any(c in ("JNK", "NON") for c in chunks):
                continue
            country = ""
            sectors: list[str] = []
            for c in chunks:
                if c in ("NGO", "IGO"):
                    country = country or c
                    continue
                s = c if c in SECTORS else SECTOR_MAP.get(c, "")
                if s and s not in sectors:
                    sectors.append(s)
            if not sectors and not country:
                continue
            forms = expand(phrase, subs)
            explicit_plural = [p for p in expand(plural_form, subs)] if plural_form else []
            for f in forms:
                base = clean_name(f)
                if not base or len(base) < 3:
                    continue
                canonical = title(base)
                is_pl = bool(PLURAL_WORDS.search(base.upper().replace(" ", "")))
                put(rows, base, sectors, country, is_pl, canonical)
                if not explicit_plural and not is_pl:
                    put(rows, clean_name(plural(base.upper().replace(" ", "_"))), sectors, country, True, canonical)
            for p in explicit_plural:
                p = clean_name(p)
                if p:
                    put(rows, p, sectors, country, True, title(clean_name(forms[0])) if forms else title(p))
    return rows


def put(rows, alias, sectors, country, is_pl, canonical):
    key = alias.lower()
    if key in AGENT_STOP:
        return
    if key not in rows:
        rows[key] = (",".join(sectors), country, "1" if is_pl else "0", canonical)


def expand(phrase: str, subs: dict[str, list[str]]) -> list[str]:
    phrase = phrase.strip()
    m = re.search(r"![A-Z]+!", phrase)
    if not m:
        return [phrase]
    out = []
    for rep in subs.get(m.group(0), []):
        p = phrase[: m.start()] + rep + phrase[m.end():]
        # "CATTLE!PERSON!" joins, "INTERIOR_!MINIST!" keeps the separator.
        out.extend(expand(p, subs))
    return out


def write_tsv(path: Path, header: list[str], rows):
    seen = set()
    uniq = []
    for r in rows:
        t = tuple(r)
        if t not in seen:
            seen.add(t)
            uniq.append(t)
    uniq.sort()
    with path.open("w", encoding="utf-8") as f:
        f.write("# GENERATED by scripts/actors/build.py from the Phoenix/PLOVER dictionaries (MIT, Open Event Data Alliance). Do not edit.\n")
        f.write("\t".join(header) + "\n")
        for r in uniq:
            f.write("\t".join(x.replace("\t", " ") for x in r) + "\n")
    return len(uniq)


def main():
    pet = SRC / "petrarch"
    plo = SRC / "plover"
    OUT.mkdir(parents=True, exist_ok=True)
    countries, leaders, orgs, codes = build_countries(pet / "Phoenix.Countries.actors.txt")
    o2, l2 = build_orgs(pet / "Phoenix.International.actors.txt", codes, "phoenix-international")
    o3, l3 = build_orgs(pet / "Phoenix.MilNonState.actors.txt", codes, "phoenix-milnonstate")
    orgs = [o for o in orgs + o2 + o3 if acceptable_alias(o[0]) and not common_word(o[0])]
    leaders = [l for l in leaders + l2 + l3 if acceptable_alias(l[0])]
    countries = [c for c in countries if acceptable_alias(c[0]) or c[2] == "name"]
    agents = build_agents([plo / "PLOVER_agents.txt", pet / "Phoenix.agents.txt"])
    n = {}
    n["countries"] = write_tsv(OUT / "countries.tsv", ["alias", "code", "kind", "canonical"], countries)
    n["leaders"] = write_tsv(OUT / "leaders.tsv", ["alias", "canonical", "country", "sectors", "start", "end"], leaders)
    n["organisations"] = write_tsv(OUT / "organisations.tsv", ["alias", "canonical", "country", "sectors", "source"], orgs)
    n["agents"] = write_tsv(
        OUT / "agents.tsv",
        ["alias", "sectors", "country", "plural", "canonical"],
        [(k, *v) for k, v in agents.items()],
    )
    for k, v in n.items():
        print(f"{k}: {v} rows")


if __name__ == "__main__":
    main()
