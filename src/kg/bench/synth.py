"""Deterministic synthetic corpora for scale tests: the seed documents re-issued under other regions.

Copy ``i`` of a document swaps every Zhejiang city and county name (full, official and short forms) for
another one through a permutation seeded by ``i``, and shifts the years by ``i % 4``. The layout, lengths and
sentence structure stay real, while the entities change, so extraction does real work on new text.
"""

from __future__ import annotations

import hashlib
import random
import re
from functools import lru_cache
from pathlib import Path

from kg.lexicons.gazetteer import Region, load_gazetteer

_YEAR = re.compile(r"(?<!\d)(20[12]\d)(?=\s*年)")


@lru_cache(maxsize=1)
def _units() -> tuple[list[Region], list[Region]]:
    gaz = load_gazetteer()
    zj = [r for r in gaz.regions.values() if r.in_zhejiang]
    cities = sorted((r for r in zj if r.level == "city"), key=lambda r: r.adcode)
    counties = sorted((r for r in zj if r.level == "county"), key=lambda r: r.adcode)
    return cities, counties


def _mapping(i: int) -> dict[str, str]:
    """surface → replacement for copy ``i`` (same form: full→full, short→short)."""
    cities, counties = _units()
    rng = random.Random(i)
    out: dict[str, str] = {}
    for group in (cities, counties):
        perm = group[:]
        rng.shuffle(perm)
        for src, dst in zip(group, perm, strict=True):
            pairs = [(src.name, dst.name)]
            if src.short_name and dst.short_name:
                pairs.append((src.short_name, dst.short_name))
            for s, d in pairs:
                if len(s) >= 2:
                    out.setdefault(s, d)
    gaz = load_gazetteer()
    for src in counties:
        city = gaz.city_of(src)
        if city and city.name in out and src.name in out:
            out.setdefault(city.name + src.name, out[city.name] + out[src.name])
    return out


def variant(text: str, i: int) -> str:
    """Copy ``i`` of ``text`` (copy 0 is the text itself)."""
    if i == 0:
        return text
    mapping = _mapping(i)
    pattern = re.compile("|".join(re.escape(k) for k in sorted(mapping, key=len, reverse=True)))
    out = pattern.sub(lambda m: mapping[m.group(0)], text)
    shift = i % 4
    return _YEAR.sub(lambda m: str(int(m.group(1)) + shift), out) if shift else out


def write_corpus(seeds: list[Path], scale: int, out: Path) -> list[Path]:
    """Write ``scale`` copies of each seed document into ``out`` (copy 0 = the seeds); returns the files."""
    out.mkdir(parents=True, exist_ok=True)
    files = []
    for i in range(scale):
        for seed in sorted(seeds):
            text = variant(seed.read_text(encoding="utf-8"), i)
            doc_id = seed.name.split("_", 1)[0]
            digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
            name = seed.name if i == 0 else f"{i:04d}{doc_id}_{digest}.txt"
            path = out / name
            path.write_text(text, encoding="utf-8")
            files.append(path)
    return files
