#!/usr/bin/env python3
"""Build data/coder/cameo_verbs.tsv: an English verb-trigger lexicon derived from
the PETRARCH2 CAMEO verb dictionary (CAMEO.2.0.txt, MIT, Open Event Data Alliance)
and mapped to PLOVER with CAMEO2PLOVER-2021.txt (CC BY-SA 4.0, openeventdata/PLOVER).

Usage:
    python3 scripts/coder/build_cameo_verbs.py [VERBS [MAPPING [OUTPUT]]]
    python3 scripts/coder/build_cameo_verbs.py --selftest [VERBS [MAPPING]]

Defaults are the copies under data/coder/sources/. Without OUTPUT (or with "-")
the TSV goes to stdout. Statistics go to stderr. Standard library only; output is
deterministic (sorted, de-duplicated).

Output columns: form, object, cameo, type, mode, context (see data/coder/README-cameo.md).
"""

from __future__ import annotations

import collections
import itertools
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_VERBS = ROOT / "data" / "coder" / "sources" / "CAMEO.2.0.txt"
DEFAULT_MAPPING = ROOT / "data" / "coder" / "sources" / "CAMEO2PLOVER-2021.txt"

# Light/auxiliary verbs whose plain (object-less) single-word forms would
# over-trigger; their object patterns and multi-word verbs ("give up",
# "take over") are kept.
LIGHT_VERBS = frozenset(
    "say be have do get make go come give take put set keep hold".split()
)
# Frequent generic verbs that the CAMEO dictionary codes as events in their
# plain form but that in news text are mostly not events ("left five dead",
# "was found", "called for", "claimed responsibility", "will head the
# delegation", "increased by 5%"). Same treatment as LIGHT_VERBS.
GENERIC_VERBS = frozenset(
    """leave find call claim pass think consider hear learn mean expect decide
    head lead add increase issue serve face handle relate affect impact value
    want aim deal approach reason weigh bind see look tell show use run turn
    open move work start end""".split()
)

# A pattern whose set expansion yields more object strings than this is skipped
# (it is a combinatorial product of synonym sets and would bloat the table).
MAX_OBJECTS_PER_PATTERN = 400

VOWELS = set("aeiou")


# --------------------------------------------------------------------------
# Inflection (regular English rules, close to PETRARCH's own generator)
# --------------------------------------------------------------------------


def _is_cons(word: str, i: int) -> bool:
    ch = word[i]
    if ch in VOWELS:
        return False
    if ch == "y":
        return i == 0 or not _is_cons(word, i - 1)
    return ch.isalpha()


def _vowel_groups(word: str) -> int:
    groups = 0
    prev_vowel = False
    for i in range(len(word)):
        v = not _is_cons(word, i) and word[i].isalpha()
        if v and not prev_vowel:
            groups += 1
        prev_vowel = v
    return groups


# Polysyllabic verbs stressed on the final syllable double their last consonant.
DOUBLE_FINAL = frozenset(
    """admit commit submit permit omit transmit emit remit refer prefer confer
    defer transfer infer occur incur recur concur deter regret rebel compel
    expel repel propel dispel impel control patrol equip acquit abet embed
    kidnap outstrip handicap enrol extol annul forbid overlap unwrap beget
    upset format outbid fulfil""".split()
)


def _doubles(word: str) -> bool:
    """CVC monosyllable ending (stop -> stopped, ban -> banned)."""
    if word in DOUBLE_FINAL:
        return True
    if len(word) < 3 or not word.isalpha():
        return False
    if word[-1] in "wxy" or not _is_cons(word, len(word) - 1):
        return False
    if _is_cons(word, len(word) - 2) or not _is_cons(word, len(word) - 3):
        return False
    return _vowel_groups(word) == 1


def third_person(word: str) -> str:
    if re.search(r"(s|x|z|ch|sh|o)$", word):
        return word + "es"
    if len(word) > 1 and word.endswith("y") and _is_cons(word, len(word) - 2):
        return word[:-1] + "ies"
    return word + "s"


def past(word: str) -> str:
    if word.endswith("e"):
        return word + "d"
    if len(word) > 1 and word.endswith("y") and _is_cons(word, len(word) - 2):
        return word[:-1] + "ied"
    if _doubles(word):
        return word + word[-1] + "ed"
    return word + "ed"


def gerund(word: str) -> str:
    if word.endswith("ie"):
        return word[:-2] + "ying"
    if re.search(r"(ee|oe|ye)$", word) or word in ("be",):
        return word + "ing"
    if word.endswith("e") and len(word) > 2:
        return word[:-1] + "ing"
    if _doubles(word):
        return word + word[-1] + "ing"
    return word + "ing"


def norm_words(token: str) -> str:
    """'+ASK_FOR' -> 'ask for'; 'RE-ADMIT' -> 're-admit'."""
    token = token.strip().lstrip("+").lower()
    return " ".join(w for w in token.split("_") if w)


# Common English irregular verbs: base -> (past forms, past participles).
# Hand-written general-English table; it supplements the brace lists of the
# dictionary (which often omit a form, e.g. WITHDRAW {WITHDRAWS WITHDRAWING
# WITHDREW} has no "withdrawn") and replaces the regular -ed for verbs listed
# without braces.
_IRREGULAR_TEXT = """
arise arose arisen|awake awoke awoken|bear bore borne,born|beat beat beaten|
become became become|begin began begun|bend bent bent|bet bet bet|bid bid,bade bid,bidden|
bind bound bound|bite bit bitten|bleed bled bled|blow blew blown|break broke broken|
breed bred bred|bring brought brought|broadcast broadcast broadcast|build built built|
burst burst burst|buy bought bought|cast cast cast|catch caught caught|choose chose chosen|
cling clung clung|come came come|cost cost cost|creep crept crept|cut cut cut|
deal dealt dealt|dig dug dug|do did done|draw drew drawn|drink drank drunk|
drive drove driven|eat ate eaten|fall fell fallen|feed fed fed|feel felt felt|
fight fought fought|find found found|flee fled fled|fling flung flung|fly flew flown|
forbid forbade forbidden|forecast forecast forecast|foresee foresaw foreseen|
foretell foretold foretold|forget forgot forgotten|forgive forgave forgiven|
freeze froze frozen|get got got,gotten|give gave given|go went gone|grind ground ground|
grow grew grown|hang hung hung|have had had|hear heard heard|hide hid hidden|hit hit hit|
hold held held|hurt hurt hurt|keep kept kept|kneel knelt knelt|know knew known|
lay laid laid|lead led led|leap leapt leapt|leave left left|lend lent lent|let let let|
light lit lit|lose lost lost|make made made|mean meant meant|meet met met|
mislay mislaid mislaid|mislead misled misled|mistake mistook mistaken|
outbid outbid outbid|overcome overcame overcome|overrun overran overrun|
oversee oversaw overseen|overtake overtook overtaken|overthrow overthrew overthrown|
pay paid paid|put put put|quit quit quit|read read read|rebuild rebuilt rebuilt|
repay repaid repaid|retell retold retold|rid rid rid|ride rode ridden|ring rang rung|
rise rose risen|run ran run|say said said|see saw seen|seek sought sought|sell sold sold|
send sent sent|set set set|shake shook shaken|shed shed shed|shoot shot shot|
show showed shown|shrink shrank shrunk|shut shut shut|sing sang sung|sink sank sunk|
sit sat sat|slay slew slain|sleep slept slept|slide slid slid|sling slung slung|
slit slit slit|speak spoke spoken|speed sped sped|spend spent spent|spin spun spun|
spit spat spat|split split split|spread spread spread|spring sprang sprung|
stand stood stood|steal stole stolen|stick stuck stuck|sting stung stung|
stride strode stridden|strike struck struck,stricken|string strung strung|
strive strove striven|swear swore sworn|sweep swept swept|swim swam swum|
swing swung swung|take took taken|teach taught taught|tear tore torn|tell told told|
think thought thought|throw threw thrown|thrust thrust thrust|undergo underwent undergone|
understand understood understood|undertake undertook undertaken|undo undid undone|
uphold upheld upheld|upset upset upset|wake woke woken|wear wore worn|weep wept wept|
win won won|wind wound wound|withdraw withdrew withdrawn|withhold withheld withheld|
withstand withstood withstood|write wrote written
"""
IRREGULAR: dict[str, set[str]] = {}
for _entry in _IRREGULAR_TEXT.replace("\n", "").split("|"):
    _parts = _entry.split()
    if len(_parts) == 3:
        IRREGULAR[_parts[0]] = set(_parts[1].split(",")) | set(_parts[2].split(","))
# Irregular verbs that are also used with the regular -ed (e.g. "hanged" for an
# execution, "lighted", "speeded").
ALSO_REGULAR = frozenset("hang light speed broadcast forecast show".split())


def verb_forms(head: str, irregular: list[str] | None) -> set[str]:
    """All surface forms of a (possibly multi-word) verb entry.

    Regular forms inflect the first word; past and participle come from the
    IRREGULAR table when the first word is listed there. Forms given in braces
    are added as-is; the table and the regular -s / -ing fill the slots they
    leave empty. Empty braces ("{}") mean: no other form than the one written.
    """
    base = norm_words(head)
    if not base:
        return set()
    words = base.split(" ")
    first, rest = words[0], words[1:]

    def with_rest(w: str) -> str:
        return " ".join([w] + rest)

    forms = {base}
    if irregular is not None and not [t for t in irregular if norm_words(t)]:
        return forms  # explicit "{}": fixed expression
    irr = [norm_words(t) for t in irregular or []]
    irr = [f for f in irr if f]
    forms.update(irr)
    inflected = [f.split(" ")[0] for f in irr if len(f.split(" ")) == len(words)]
    if not any(w == third_person(first) or w.endswith("s") for w in inflected):
        forms.add(with_rest(third_person(first)))
    if not any(w.endswith("ing") for w in inflected):
        forms.add(with_rest(gerund(first)))
    if first in IRREGULAR:
        forms.update(with_rest(w) for w in IRREGULAR[first])
        if first in ALSO_REGULAR:
            forms.add(with_rest(past(first)))
    elif irregular is None:
        forms.add(with_rest(past(first)))
        if _british_ll(first):
            forms.add(with_rest(first + "led"))
            forms.add(with_rest(first + "ling"))
    return forms


def _british_ll(word: str) -> bool:
    """cancel -> cancelled/cancelling besides US canceled (travel, label, signal...)."""
    return (
        word not in DOUBLE_FINAL
        and len(word) > 3
        and word.endswith("l")
        and word[-2] in VOWELS
        and word[-3] not in VOWELS
        and _vowel_groups(word) >= 2
    )


# Nouns that take no -s plural (or are already plural).
UNCOUNTABLE = frozenset(
    """people police personnel staff equipment aid assistance information
    intelligence ammunition artillery infantry cavalry weaponry data media
    warfare security defense defence money cash evidence custody confinement
    detention military livestock aircraft militia""".split()
)


def noun_forms(member: str) -> set[str]:
    """Synonym-set member -> singular (+ plural unless marked with a trailing '_')."""
    raw = member.strip().lstrip("+")
    exact = raw.endswith("_")
    phrase = norm_words(raw)
    if not phrase:
        return set()
    out = {phrase}
    if not exact:
        words = phrase.split(" ")
        last = words[-1]
        if (
            last.isalpha()
            and not last.endswith(("s", "men"))
            and last not in UNCOUNTABLE
        ):
            out.add(" ".join(words[:-1] + [third_person(last)]))
    return out


# --------------------------------------------------------------------------
# PLOVER mapping
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class Plover:
    type: str
    mode: str
    context: str


def read_mapping(path: Path) -> dict[str, Plover]:
    table: dict[str, Plover] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if not line or ":" not in line:
            continue
        code, rest = line.split(":", 1)
        code = code.strip()
        if not code.isdigit():
            continue
        parts = [p.strip() for p in rest.split(",")]
        parts += [""] * (3 - len(parts))
        ptype = parts[0].upper()
        mode = parts[1]
        context = ";".join(c.strip() for c in parts[2].split(";") if c.strip())
        if not ptype:
            continue
        # First definition wins ('08' is listed twice, as CONCEDE and RETREAT).
        table.setdefault(code, Plover(ptype, mode, context))
    return table


def lookup(table: dict[str, Plover], code: str) -> Plover | None:
    for n in range(len(code), 1, -1):
        hit = table.get(code[:n])
        if hit is not None:
            return hit
    return None


# --------------------------------------------------------------------------
# Verb dictionary
# --------------------------------------------------------------------------

CODE_RE = re.compile(r"\[([^\]]*)\]")
BLOCK_RE = re.compile(r"^---\s+(\S+)\s+\[([^\]]*)\]\s+---")


def parse_code(raw: str) -> str | None:
    """'042:043' -> '042'; ':173' -> None; '---' -> None; '080!' -> '080'."""
    primary = raw.split(":", 1)[0]
    primary = re.sub(r"[^0-9]", "", primary)
    return primary or None


@dataclass
class Synonym:
    head: str
    irregular: list[str] | None
    code: str | None  # own code, else block default


@dataclass
class Pattern:
    text: str  # pattern body between '-' and the code
    code: str | None
    origin: list[str]  # verbs named in the comment


@dataclass
class Block:
    name: str
    code: str | None
    synonyms: list[Synonym] = field(default_factory=list)
    patterns: list[Pattern] = field(default_factory=list)


def read_verbs(path: Path) -> tuple[dict[str, list[str]], list[Block]]:
    sets: dict[str, list[str]] = {}
    blocks: list[Block] = []
    section = None
    current_set: str | None = None
    block: Block | None = None
    for raw in path.read_text(encoding="utf-8", errors="replace").splitlines():
        line = raw.rstrip()
        stripped = line.strip()
        if stripped.startswith("####"):
            up = stripped.upper()
            if "SYNONYM" in up:
                section = "sets"
            elif "VERB PATTERNS" in up:
                section = "verbs"
            elif "TRANSFORMATIONS" in up:
                section = "transformations"
            continue
        if not stripped or stripped.startswith("#"):
            continue
        if section == "sets":
            if stripped.startswith("&"):
                current_set = stripped.split()[0]
                sets[current_set] = []
            elif stripped.startswith("+") and current_set is not None:
                sets[current_set].append(stripped.split("#", 1)[0].split()[0])
            continue
        if section != "verbs":
            continue
        m = BLOCK_RE.match(stripped)
        if m:
            block = Block(m.group(1), parse_code(m.group(2)))
            blocks.append(block)
            continue
        if block is None:
            continue
        if stripped.startswith("-"):
            body, _, comment = stripped[1:].partition("#")
            codes = CODE_RE.findall(body)
            if not codes:
                continue
            text = CODE_RE.sub(" ", body).strip()
            origin = [norm_words(w) for w in re.split(r"[,\s]+", comment) if w.strip()]
            block.patterns.append(Pattern(text, parse_code(codes[-1]), origin))
            continue
        # Synonym line: WORD [code] {irregular} # comment
        body = stripped.split("#", 1)[0]
        codes = CODE_RE.findall(body)
        code = parse_code(codes[-1]) if codes else block.code
        if codes and codes[-1].strip() == "---":
            code = None
        body = CODE_RE.sub(" ", body)
        irregular = None
        if "{" in body:
            inner = body[body.find("{") + 1 : body.find("}") if "}" in body else None]
            irregular = [t for t in re.split(r"[,\s]+", inner) if t]
            body = body[: body.find("{")]
        toks = body.split()
        if not toks:
            continue
        block.synonyms.append(Synonym(toks[0], irregular, code))
    return sets, blocks


class Skip(Exception):
    pass


def expand_pattern(text: str, sets: dict[str, list[str]]) -> list[str]:
    """Object pattern after '*' -> list of lowercase object strings.

    Raises Skip(reason) for patterns that cannot be represented simply.
    """
    if "*" not in text:
        raise Skip("no verb marker")
    before, _, after = text.partition("*")
    if before.strip():
        raise Skip("subject constraint")
    if any(ch in after for ch in "$%^"):
        raise Skip("actor/skip marker ($ % ^)")
    if "*" in after:
        raise Skip("second verb marker")
    # Tokenise: braces and parentheses only group words; keep their order.
    tokens = re.sub(r"[(){}]", " ", after).split()
    if tokens and tokens[-1] == "+":
        # Trailing target marker: the words before it are still a plain object.
        tokens.pop()
    if "+" in tokens:
        raise Skip("target marker (+) inside pattern")
    if not tokens:
        raise Skip("empty object")
    choices: list[list[str]] = []
    for tok in tokens:
        if tok.startswith("&"):
            if tok not in sets:
                raise Skip("undefined synonym set")
            members: set[str] = set()
            for member in sets[tok]:
                members |= noun_forms(member)
            choices.append(sorted(members))
        else:
            word = norm_words(tok)
            if not word or not re.search(r"[a-z]", word):
                raise Skip("non-word token")
            choices.append([word])
    n = 1
    for c in choices:
        n *= len(c)
    if n > MAX_OBJECTS_PER_PATTERN:
        raise Skip("set expansion too large")
    return [" ".join(combo) for combo in itertools.product(*choices)]


# --------------------------------------------------------------------------
# Main
# --------------------------------------------------------------------------


def build(verbs_path: Path, mapping_path: Path) -> tuple[list[tuple[str, ...]], dict]:
    table = read_mapping(mapping_path)
    sets, blocks = read_verbs(verbs_path)
    stats: dict = collections.defaultdict(collections.Counter)
    rows: set[tuple[str, ...]] = set()

    lemmas: set[str] = set()

    def emit(forms: set[str], obj: str, code: str, kind: str, lemma: str) -> None:
        pl = lookup(table, code)
        if pl is None:
            stats["plain"][f"dropped: CAMEO {code[:2]}x has no PLOVER type"] += 1
            return
        if forms:
            lemmas.add(lemma)
        for f in forms:
            rows.add((f, obj, code, pl.type, pl.mode, pl.context))

    # Surface forms of the light/generic verbs ("left", "found", "said"...):
    # matched against every entry, since another verb may share the form.
    stop_forms: set[str] = set()
    for verb in sorted(LIGHT_VERBS | GENERIC_VERBS):
        stop_forms |= verb_forms(verb, None)
    known_forms: set[str] = set()
    for block in blocks:
        for syn in block.synonyms:
            known_forms |= verb_forms(syn.head, syn.irregular)

    for block in blocks:
        # A verb named as the origin of at least two of the block's patterns but
        # listed nowhere in the file was evidently lost from the synonym list
        # (URGE in the DEMAND block): restore it with the block's default code.
        origin_counts = collections.Counter(
            o for pat in block.patterns for o in set(pat.origin)
        )
        for word, n in sorted(origin_counts.items()):
            if n >= 2 and word.isalpha() and word not in known_forms:
                block.synonyms.append(Synonym(word.upper(), None, block.code))
                stats["restored origin verbs"][f"{word} ({block.name})"] += 1
                known_forms |= verb_forms(word, None)
        syn_forms: list[tuple[Synonym, set[str]]] = []
        for syn in block.synonyms:
            forms = verb_forms(syn.head, syn.irregular)
            syn_forms.append((syn, forms))
            stats["entries"]["synonyms"] += 1
            if syn.code is None:
                stats["plain"]["no code"] += 1
                continue
            kept = {f for f in forms if " " in f or f not in stop_forms}
            if len(kept) < len(forms):
                stats["plain"]["light/generic verb forms skipped"] += len(forms) - len(kept)
            if not kept:
                continue
            stats["plain"]["coded (before PLOVER mapping)"] += 1
            emit(kept, "", syn.code, "plain", norm_words(syn.head))
        for pat in block.patterns:
            stats["entries"]["patterns"] += 1
            if pat.code is None:
                stats["patterns"]["no primary code ([---] or [:xxx])"] += 1
                continue
            if lookup(table, pat.code) is None:
                stats["patterns"][f"dropped: CAMEO {pat.code[:2]}x has no PLOVER type"] += 1
                continue
            try:
                objects = expand_pattern(pat.text, sets)
            except Skip as why:
                stats["patterns"][f"skipped: {why}"] += 1
                continue
            # PETRARCH applies a block's patterns to every verb of the block; the
            # comment names the verb(s) the pattern came from. Restrict to those
            # when they are verbs of this block (much more precise), else use all.
            named = [
                (norm_words(syn.head), forms)
                for syn, forms in syn_forms
                if forms.intersection(pat.origin)
            ]
            if named:
                stats["patterns"]["used (origin verb)"] += 1
            else:
                named = [(norm_words(syn.head), forms) for syn, forms in syn_forms]
                stats["patterns"]["used (all block verbs)"] += 1
            for lemma, forms in named:
                for obj in objects:
                    emit(forms, obj, pat.code, "pattern", lemma)
    stats["distinct"]["verb entries (lemmas) with rows"] = len(lemmas)
    out = sorted(rows)
    return out, stats


def selftest(verbs: Path, mapping: Path) -> int:
    """Check the inflection rules and a few well-known verbs against the build."""
    failures: list[str] = []

    def check(label: str, ok: bool) -> None:
        if not ok:
            failures.append(label)

    expect_forms = {
        ("STOP", None): {"stop", "stops", "stopped", "stopping"},
        ("CARRY", None): {"carry", "carries", "carried", "carrying"},
        ("AGREE", None): {"agree", "agrees", "agreed", "agreeing"},
        ("ADMIT", None): {"admit", "admits", "admitted", "admitting"},
        ("VISIT", None): {"visit", "visits", "visited", "visiting"},
        ("FLEE", None): {"flee", "flees", "fled", "fleeing"},
        ("+ROUND_UP", None): {"round up", "rounds up", "rounded up", "rounding up"},
        ("+KILLED_AND", ()): {"killed and"},
        (
            "WITHDRAW",
            ("WITHDRAWS", "WITHDRAWING", "WITHDREW"),
        ): {"withdraw", "withdraws", "withdrawing", "withdrew", "withdrawn"},
        ("PUT", ("PUTS", "PUTTING")): {"put", "puts", "putting"},
    }
    for (head, irr), want in expect_forms.items():
        got = verb_forms(head, None if irr is None else list(irr))
        check(f"forms {head}: got {sorted(got)}", got == want)

    rows, _ = build(verbs, mapping)
    index: dict[tuple[str, str], set[tuple[str, str]]] = collections.defaultdict(set)
    for r in rows:
        index[(r[0], r[1])].add((r[2], r[3]))
    expect_types = {
        ("attacked", ""): "ASSAULT",
        ("accused", ""): "ACCUSE",
        ("urged", ""): "REQUEST",
        ("met", ""): "CONSULT",
        ("arrested", ""): "COERCE",
        ("threatened", ""): "THREATEN",
        ("rejected", "proposal"): "REJECT",
        ("withdrew", "troops"): "RETREAT",
        ("withdrawn", "troops"): "RETREAT",
        ("opened", "fire"): "ASSAULT",
    }
    for key, want in expect_types.items():
        got = {t for _, t in index.get(key, set())}
        check(f"type {key}: got {sorted(got)}", want in got)
    for stop in ("said", "left", "found", "made", "took"):
        check(f"light/generic form {stop} kept", (stop, "") not in index)
    check("rows sorted", rows == sorted(rows))
    for f in failures:
        print("FAIL", f, file=sys.stderr)
    print(f"selftest: {len(failures)} failure(s)", file=sys.stderr)
    return 1 if failures else 0


def main(argv: list[str]) -> int:
    if len(argv) > 1 and argv[1] == "--selftest":
        verbs = Path(argv[2]) if len(argv) > 2 else DEFAULT_VERBS
        mapping = Path(argv[3]) if len(argv) > 3 else DEFAULT_MAPPING
        return selftest(verbs, mapping)
    if len(argv) > 4 or any(a in ("-h", "--help") for a in argv[1:]):
        print(__doc__, file=sys.stderr)
        return 2
    verbs = Path(argv[1]) if len(argv) > 1 else DEFAULT_VERBS
    mapping = Path(argv[2]) if len(argv) > 2 else DEFAULT_MAPPING
    output = argv[3] if len(argv) > 3 else "-"
    rows, stats = build(verbs, mapping)
    header = "form\tobject\tcameo\ttype\tmode\tcontext"
    text = header + "\n" + "".join("\t".join(r) + "\n" for r in rows)
    if output == "-":
        sys.stdout.write(text)
    else:
        Path(output).write_text(text, encoding="utf-8")
    by_type = collections.Counter(r[3] for r in rows)
    print(f"rows: {len(rows)}", file=sys.stderr)
    print(f"plain-verb rows: {sum(1 for r in rows if not r[1])}", file=sys.stderr)
    print(f"distinct forms: {len({r[0] for r in rows})}", file=sys.stderr)
    for key in sorted(stats):
        for k, v in sorted(stats[key].items()):
            print(f"{key}\t{k}\t{v}", file=sys.stderr)
    for t, n in sorted(by_type.items()):
        print(f"type\t{t}\t{n}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
