"""``kg eval --gold DIR``: score the built graph against annotation files (format of tests/data/dev-gold).

Scores are computed from the contract queries' rows, i.e. from what users and checks outside the project
see, not from internal objects. Each type is scored as precision/recall/F1 over sets of
(document, ordinal, item) tuples:

- cases: (doc, ordinal, title) — titles compared without whitespace;
- primary region / partner regions: full region names; *primary accuracy* is the share of gold cases whose
  set of primary regions is exactly ours (the issue's "primary region accuracy");
- regions: every region of county level or above, any role (the issue's measure); *regions (all levels)*
  adds townships and villages;
- departments: canonical names;
- mechanisms: a gold mechanism is found when a mechanism of the case has its name or one of its surface
  forms as label or surface (quotes ignored); precision counts our uses that match some gold mechanism;
- recurring mechanisms: recall of the gold mechanisms whose name recurs in two or more gold cases across the
  gold set (the issue's measure: reusable mechanisms matter more than one-off project names);
- indicators: (value, unit) as printed;
- endorsements: (leader, or title when no leader is named; action).

A gold file may annotate only some cases of its document: ``"sample": true`` at the top level says so, and
then only the annotated cases are scored (our other cases of that document are neither right nor wrong).
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from kg.errors import KgError
from kg.normalize import normalize
from kg.query.bind import bind
from kg.query.run import open_store, run_local
from kg.query.saved import load_query

_WS = re.compile(r"\s+")
_QUOTES = re.compile(r"[“”\"'‘’「」《》]")
UNIT_LEVELS = ("province", "city", "county")
SET_TYPES = (
    "cases",
    "primary region",
    "regions",
    "regions (all levels)",
    "partner regions",
    "departments",
    "indicators",
    "endorsements",
)

CaseKey = tuple[str, int]


@dataclass
class Score:
    tp: int
    fp: int
    fn: int
    recall_only: bool = False  # accuracy-like measures: no precision of their own
    errors: dict[str, list] = field(default_factory=dict)  # "fn"/"fp" → items, for --details

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_dict(self, details: bool = False) -> dict:
        out: dict = {
            "precision": None if self.recall_only else round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": None if self.recall_only else round(self.f1, 4),
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
        }
        if details:
            out["errors"] = self.errors
        return out


def _key(s: str | None) -> str:
    """Names compare without whitespace and in Simplified characters (a gold file may quote 開化縣 as written)."""
    return _WS.sub("", normalize(s).text) if s else ""


def _mech_key(s: str | None) -> str:
    return _key(_QUOTES.sub("", s or ""))


def _score_sets(gold: Counter, ours: Counter) -> Score:
    tp = sum((gold & ours).values())
    errors = {
        "fn": sorted(map(list, (gold - ours).elements())),
        "fp": sorted(map(list, (ours - gold).elements())),
    }
    return Score(tp, sum(ours.values()) - tp, sum(gold.values()) - tp, errors=errors)


def _rows(store, name: str) -> list[dict[str, str | None]]:
    q = load_query(name)
    res = run_local(store, bind(q, {}))
    return [dict(zip(res.columns, r, strict=True)) for r in res.rows]


def _num(v) -> str:
    try:
        f = float(v)
    except (TypeError, ValueError):
        return str(v)
    return f"{f:.6g}"


def load_gold(gold_dir: Path) -> list[dict]:
    """The annotation files of ``gold_dir`` (*.json with 'doc' and 'cases'; others, e.g. similar.json, skipped)."""
    golds = []
    for f in sorted(gold_dir.glob("*.json")):
        try:
            data = json.loads(f.read_text(encoding="utf-8"))
        except json.JSONDecodeError as e:
            raise KgError(f"{f}: line {e.lineno}: not valid JSON ({e.msg})") from e
        if isinstance(data, dict) and "cases" in data and "doc" in data:
            golds.append(data)
    if not golds:
        raise KgError(f"{gold_dir}: no annotation files (*.json with 'doc' and 'cases')")
    return golds


def _gold_sets(golds: list[dict]) -> tuple[dict[str, Counter], dict[CaseKey, list[tuple[str, set[str]]]]]:
    g: dict[str, Counter] = {k: Counter() for k in SET_TYPES}
    mechs: dict[CaseKey, list[tuple[str, set[str]]]] = {}
    for gd in golds:
        for c in gd["cases"]:
            k = (gd["doc"], int(c["ordinal"]))
            g["cases"][(*k, _key(c["title"]))] += 1
            for r in c.get("regions", []):
                g["primary region"][(*k, _key(r["name"]))] += 1
            for r in c.get("partner_regions", []):
                g["partner regions"][(*k, _key(r["name"]))] += 1
            every = {
                (_key(r["name"]), r.get("level"))
                for key in ("regions", "partner_regions", "mentioned_regions")
                for r in c.get(key, [])
            }
            for name, level in every:
                g["regions (all levels)"][(*k, name)] += 1
                if level in UNIT_LEVELS:
                    g["regions"][(*k, name)] += 1
            for d in set(c.get("departments", [])):
                g["departments"][(*k, _key(d))] += 1
            for i in c.get("indicators", []):
                g["indicators"][(*k, _num(i["value"]), _key(i["unit"]))] += 1
            for e in c.get("endorsements", []):
                g["endorsements"][(*k, _key(e.get("leader") or e.get("title")), _key(e.get("action")))] += 1
            mechs[k] = [
                (_mech_key(m["name"]), {_mech_key(s) for s in [m["name"], *m.get("surface", [])]})
                for m in c.get("mechanisms", [])
            ]
    return g, mechs


def evaluate(store_path: Path, gold_dir: Path, *, details: bool = False) -> dict[str, dict]:
    """Scores per type (see the module docstring); ``details`` adds each type's missed and wrong items."""
    golds = load_gold(gold_dir)
    docs = {g["doc"] for g in golds}
    annotated = {(g["doc"], int(c["ordinal"])) for g in golds if g.get("sample") for c in g["cases"]}
    sampled_docs = {g["doc"] for g in golds if g.get("sample")}
    store = open_store(store_path)

    def cid(r) -> CaseKey:
        return r["doc"], int(r["ordinal"])

    def mine(name: str) -> list[dict]:
        rows = [r for r in _rows(store, name) if r["doc"] in docs]
        return [r for r in rows if r["doc"] not in sampled_docs or cid(r) in annotated]

    g, gold_mechs = _gold_sets(golds)
    o: dict[str, Counter] = {k: Counter() for k in SET_TYPES}
    seen_cases = set()
    primary: dict[CaseKey, set[str]] = {}
    for r in mine("cases"):
        k = cid(r)
        if k not in seen_cases:
            seen_cases.add(k)
            o["cases"][(*k, _key(r["title"]))] += 1
        if r["region"]:
            o["primary region"][(*k, _key(r["region"]))] += 1
            primary.setdefault(k, set()).add(_key(r["region"]))
    for r in mine("case-regions"):
        k = cid(r)
        name = _key(r["region"])
        o["regions (all levels)"][(*k, name)] += 1
        if r["level"] in UNIT_LEVELS:
            o["regions"][(*k, name)] += 1
        if r["role"] == "partner":
            o["partner regions"][(*k, name)] += 1
    for r in mine("case-departments"):
        o["departments"][(*cid(r), _key(r["department"]))] += 1
    for r in mine("case-indicators"):
        o["indicators"][(*cid(r), _num(r["value"]), _key(r["unit"]))] += 1
    for r in mine("case-endorsements"):
        o["endorsements"][(*cid(r), _key(r["leader"] or r["title"]), _key(r["action"]))] += 1
    scores = {k: _score_sets(g[k], o[k]) for k in SET_TYPES}
    scores["primary accuracy"] = _primary_accuracy(golds, primary)
    ours_mechs: dict[CaseKey, list[tuple[str, set[str]]]] = {}
    for r in mine("case-mechanisms"):
        ours_mechs.setdefault(cid(r), []).append(
            (r["mechanism"] or "", {_mech_key(r["mechanism"]), _mech_key(r["surface"])})
        )
    scores["mechanisms"], scores["recurring mechanisms"] = _mechanism_scores(gold_mechs, ours_mechs)
    order = [*SET_TYPES[:2], "primary accuracy", *SET_TYPES[2:], "mechanisms", "recurring mechanisms"]
    return {k: scores[k].to_dict(details) for k in order}


def _primary_accuracy(golds: list[dict], primary: dict[CaseKey, set[str]]) -> Score:
    tp, wrong = 0, []
    for gd in golds:
        for c in gd["cases"]:
            k = (gd["doc"], int(c["ordinal"]))
            want = {_key(r["name"]) for r in c.get("regions", [])}
            if primary.get(k, set()) == want:
                tp += 1
            else:
                wrong.append([*k, sorted(want), sorted(primary.get(k, set()))])
    return Score(tp, 0, len(wrong), recall_only=True, errors={"fn": wrong})


def _mechanism_scores(
    gold: dict[CaseKey, list[tuple[str, set[str]]]], ours: dict[CaseKey, list[tuple[str, set[str]]]]
) -> tuple[Score, Score]:
    """All mechanisms (P/R/F1), and the recall of those whose gold name recurs in two or more gold cases."""
    recurring = {n for n, c in Counter(n for ms in gold.values() for n in {name for name, _ in ms}).items() if c >= 2}
    tp = fn = fp = rtp = rfn = 0
    errors: dict[str, list] = {"fn": [], "fp": []}
    rerrors: dict[str, list] = {"fn": []}
    for k, golds_k in gold.items():
        ours_k = ours.get(k, [])
        for name, forms in golds_k:
            hit = any(forms & om for _, om in ours_k)
            tp, fn = tp + hit, fn + (not hit)
            if not hit:
                errors["fn"].append([*k, name])
            if name in recurring:
                rtp, rfn = rtp + hit, rfn + (not hit)
                if not hit:
                    rerrors["fn"].append([*k, name])
        for label, om in ours_k:
            if not any(forms & om for _, forms in golds_k):
                fp += 1
                errors["fp"].append([*k, label])
    return Score(tp, fp, fn, errors=errors), Score(rtp, 0, rfn, recall_only=True, errors=rerrors)


def format_scores(scores: dict[str, dict]) -> str:
    lines = [f"{'type':<22} {'precision':>9} {'recall':>7} {'F1':>6}   tp/fp/fn"]
    for k, v in scores.items():
        p = "-" if v["precision"] is None else f"{v['precision']:.3f}"
        f1 = "-" if v["f1"] is None else f"{v['f1']:.3f}"
        lines.append(f"{k:<22} {p:>9} {v['recall']:>7.3f} {f1:>6}   {v['tp']}/{v['fp']}/{v['fn']}")
    return "\n".join(lines)


def format_details(scores: dict[str, dict]) -> str:
    """The missed (fn) and wrong (fp) items of every type, one per line, for error analysis."""
    lines = []
    for k, v in scores.items():
        for side in ("fn", "fp"):
            for item in v.get("errors", {}).get(side, []):
                lines.append(f"{k}\t{side}\t" + "\t".join(map(str, item)))
    return "\n".join(lines)
