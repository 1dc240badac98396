"""``kg eval --gold DIR``: score the built graph against annotation files (format of tests/data/dev-gold).

Scores are computed from the contract queries' rows, i.e. from what users and checks outside the project
see, not from internal objects. Each type is scored as precision/recall/F1 over sets of
(document, ordinal, item) tuples:

- cases: (doc, ordinal, title) — titles compared without whitespace;
- primary region / partner regions: full region names;
- regions: every region of county level or above, any role;
- departments: canonical names;
- mechanisms: a gold mechanism is found when a mechanism of the case has its name or one of its surface
  forms as label or surface (quotes ignored); precision counts our uses that match some gold mechanism;
- indicators: (value, unit) as printed;
- endorsements: (leader, or title when no leader is named; action).
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from kg.errors import KgError
from kg.query.bind import bind
from kg.query.run import open_store, run_local
from kg.query.saved import load_query

_WS = re.compile(r"\s+")
_QUOTES = re.compile(r"[“”\"'‘’「」《》]")
UNIT_LEVELS = ("province", "city", "county")


@dataclass
class Score:
    tp: int
    fp: int
    fn: int

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

    def to_dict(self) -> dict:
        return {
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
        }


def _key(s: str | None) -> str:
    return _WS.sub("", s or "")


def _score_sets(gold: Counter, ours: Counter) -> Score:
    tp = sum((gold & ours).values())
    return Score(tp, sum(ours.values()) - tp, sum(gold.values()) - tp)


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


def evaluate(store_path: Path, gold_dir: Path) -> dict[str, dict]:
    files = sorted(gold_dir.glob("*.json"))
    golds = []
    for f in files:
        data = json.loads(f.read_text(encoding="utf-8"))
        if isinstance(data, dict) and "cases" in data and "doc" in data:
            golds.append(data)
    if not golds:
        raise KgError(f"{gold_dir}: no annotation files (*.json with 'doc' and 'cases')")
    docs = {g["doc"] for g in golds}
    store = open_store(store_path)

    def mine(name: str) -> list[dict]:
        return [r for r in _rows(store, name) if r["doc"] in docs]

    cases = mine("cases")
    regions = mine("case-regions")
    depts = mine("case-departments")
    mechs = mine("case-mechanisms")
    inds = mine("case-indicators")
    ends = mine("case-endorsements")

    def cid(r) -> tuple[str, int]:
        return r["doc"], int(r["ordinal"])

    g: dict[str, Counter] = {
        k: Counter()
        for k in ("cases", "primary region", "regions", "partner regions", "departments", "indicators", "endorsements")
    }
    o: dict[str, Counter] = {k: Counter() for k in g}
    gold_mechs: dict[tuple[str, int], list[set[str]]] = {}
    for gd in golds:
        for c in gd["cases"]:
            k = (gd["doc"], int(c["ordinal"]))
            g["cases"][(*k, _key(c["title"]))] += 1
            for r in c.get("regions", []):
                g["primary region"][(*k, r["name"])] += 1
            for r in c.get("partner_regions", []):
                g["partner regions"][(*k, r["name"])] += 1
            allr = {
                r["name"]
                for key in ("regions", "partner_regions", "mentioned_regions")
                for r in c.get(key, [])
                if r.get("level") in UNIT_LEVELS
            }
            for name in allr:
                g["regions"][(*k, name)] += 1
            for d in set(c.get("departments", [])):
                g["departments"][(*k, d)] += 1
            for i in c.get("indicators", []):
                g["indicators"][(*k, _num(i["value"]), i["unit"])] += 1
            for e in c.get("endorsements", []):
                g["endorsements"][(*k, e.get("leader") or e.get("title") or "", e.get("action"))] += 1
            gold_mechs[k] = [
                {_key(_QUOTES.sub("", s)) for s in [m["name"], *m.get("surface", [])]} for m in c.get("mechanisms", [])
            ]
    seen_cases = set()
    for r in cases:
        k = cid(r)
        if k not in seen_cases:
            seen_cases.add(k)
            o["cases"][(*k, _key(r["title"]))] += 1
        if r["region"]:
            o["primary region"][(*k, r["region"])] += 1
    for r in regions:
        k = cid(r)
        if r["level"] in UNIT_LEVELS:
            o["regions"][(*k, r["region"])] += 1
        if r["role"] == "partner":
            o["partner regions"][(*k, r["region"])] += 1
    for r in depts:
        o["departments"][(*cid(r), r["department"])] += 1
    for r in inds:
        o["indicators"][(*cid(r), _num(r["value"]), r["unit"])] += 1
    for r in ends:
        o["endorsements"][(*cid(r), r["leader"] or r["title"] or "", r["action"])] += 1
    scores = {k: _score_sets(g[k], o[k]) for k in g}
    # mechanisms: matched against label or surface forms
    ours_by_case: dict[tuple[str, int], list[set[str]]] = {}
    for r in mechs:
        ours_by_case.setdefault(cid(r), []).append(
            {_key(_QUOTES.sub("", r["mechanism"] or "")), _key(_QUOTES.sub("", r["surface"] or ""))}
        )
    tp = fn = fp = 0
    for k, golds_k in gold_mechs.items():
        ours_k = ours_by_case.get(k, [])
        for gm in golds_k:
            if any(gm & om for om in ours_k):
                tp += 1
            else:
                fn += 1
        fp += sum(1 for om in ours_k if not any(gm & om for gm in golds_k))
    scores["mechanisms"] = Score(tp, fp, fn)
    return {k: v.to_dict() for k, v in scores.items()}


def format_scores(scores: dict[str, dict]) -> str:
    lines = [f"{'type':<18} {'precision':>9} {'recall':>7} {'F1':>6}   tp/fp/fn"]
    for k, v in scores.items():
        lines.append(
            f"{k:<18} {v['precision']:>9.3f} {v['recall']:>7.3f} {v['f1']:>6.3f}   {v['tp']}/{v['fp']}/{v['fn']}"
        )
    return "\n".join(lines)
