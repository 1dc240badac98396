"""Case categories (the 先行示范 headings), loaded from ``data/lexicons/categories.csv``."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache

from kg.normalize.text import nfkc_key
from kg.paths import lexicon_dir


@dataclass(frozen=True)
class CategoryInfo:
    name: str
    en: str
    aliases: tuple[str, ...]


@lru_cache(maxsize=1)
def load_categories() -> tuple[CategoryInfo, ...]:
    with (lexicon_dir() / "categories.csv").open(encoding="utf-8") as f:
        rows = csv.DictReader(ln for ln in f if not ln.startswith("#"))
        return tuple(
            CategoryInfo(r["name"], r["en"], tuple(a for a in (r.get("aliases") or "").split("|") if a)) for r in rows
        )


def canonical_category(heading: str) -> CategoryInfo | None:
    """The category a printed heading names (exact name or listed alias), or None."""
    key = nfkc_key(heading)
    for c in load_categories():
        if key == nfkc_key(c.name) or key in {nfkc_key(a) for a in c.aliases}:
            return c
    return None


def looks_like_category_heading(line: str) -> bool:
    """A short line naming a demonstration area: a listed category, or "…先行示范" with no punctuation."""
    s = nfkc_key(line)
    if not s or len(s) > 20:
        return False
    if canonical_category(s):
        return True
    return s.endswith("先行示范") and not any(p in s for p in "，。：；、,:;")
