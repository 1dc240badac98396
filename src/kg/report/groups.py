"""Target groups and problems named in text (低收入农户, 薄弱村, 山区县, 失能老人 …).

The words come from ``data/lexicons/target_groups.csv``; one regular expression over all of them, longest
form first, compiled once. A pure function of the (normalised) text: mentions with offsets into it.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from kg.paths import lexicon_dir


@dataclass(frozen=True)
class GroupTerm:
    term: str
    group: str
    kind: str  # group | problem


@dataclass(frozen=True)
class GroupMention:
    start: int
    end: int
    surface: str
    group: str
    kind: str


def lexicon_path() -> Path:
    return lexicon_dir() / "target_groups.csv"


@lru_cache(maxsize=4)
def load_group_terms(path: Path | None = None) -> tuple[GroupTerm, ...]:
    with (path or lexicon_path()).open(encoding="utf-8") as f:
        rows = csv.DictReader(ln for ln in f if not ln.startswith("#"))
        return tuple(GroupTerm(r["term"].strip(), r["group"].strip(), r["kind"].strip()) for r in rows if r["term"])


@lru_cache(maxsize=4)
def _matcher(path: Path | None = None) -> tuple[re.Pattern[str], dict[str, GroupTerm]]:
    terms = load_group_terms(path)
    by_term = {t.term: t for t in terms}
    # a newline may survive normalisation inside a term: allow one between any two characters
    alternatives = ["\n?".join(map(re.escape, t)) for t in sorted(by_term, key=lambda s: (-len(s), s))]
    # inside a lookahead, so that matches may overlap: 村集体经济薄弱 names 村集体经济 and 集体经济薄弱
    return re.compile("(?=(" + "|".join(alternatives) + "))"), by_term


def find_groups(text: str, *, path: Path | None = None) -> list[GroupMention]:
    """Every target group/problem word in ``text``: the longest term at each position; a term inside a
    longer term of the same group is dropped (薄弱村 inside 经济薄弱村), one of another group is kept."""
    pattern, by_term = _matcher(path)
    found: list[GroupMention] = []
    for m in pattern.finditer(text):
        surface = m.group(1)
        term = by_term[surface.replace("\n", "")]
        found.append(GroupMention(m.start(1), m.end(1), surface, term.group, term.kind))
    return [g for g in found if not any(_inside(g, o) for o in found)]


def _inside(g: GroupMention, other: GroupMention) -> bool:
    return other is not g and other.group == g.group and other.start <= g.start and g.end <= other.end


def group_names() -> tuple[str, ...]:
    """Every term (used as jieba user words so a term stays one token)."""
    return tuple(t.term for t in load_group_terms())
