"""Deterministic synthetic corpora for scale tests: the seed documents re-issued under other regions.

Why synthetic and not repeated: a corpus of identical copies would be deduplicated by the reader (same
sha256) and would let caches hide real work. Copy ``i`` of a document (i ≥ 1) therefore renames every
Zhejiang city and county — official, short and city-prefixed forms — through a permutation seeded by ``i``,
and shifts printed years by ``i % 4``. Counties are moved into the *image* of their own city, so that
"台州市椒江区" becomes a county that really lies in the new city: the synthetic text stays coherent for the
region extractor and its role rules, while layout, lengths and sentence structure stay real.

Copy 0 is the seed document itself, so scale 1 is exactly the seed corpus.
"""

from __future__ import annotations

import hashlib
import random
import re
from collections import defaultdict
from functools import lru_cache
from pathlib import Path

from kg.lexicons.gazetteer import Region, load_gazetteer
from kg.read import doc_id_for

_YEAR = re.compile(r"(?<!\d)(20[12]\d)(?=\s*年)")


@lru_cache(maxsize=1)
def _zhejiang_units() -> tuple[tuple[Region, ...], dict[str, tuple[Region, ...]]]:
    """Zhejiang's cities (by adcode) and the counties of each city (by adcode)."""
    gaz = load_gazetteer()
    zj = [r for r in gaz.regions.values() if r.in_zhejiang]
    cities = tuple(sorted((r for r in zj if r.level == "city"), key=lambda r: r.adcode))
    counties: dict[str, list[Region]] = defaultdict(list)
    for r in sorted((r for r in zj if r.level == "county"), key=lambda r: r.adcode):
        city = gaz.city_of(r)
        if city is not None:
            counties[city.adcode].append(r)
    return cities, {k: tuple(v) for k, v in counties.items()}


def _pairs(src: Region, dst: Region) -> list[tuple[str, str]]:
    """Surface pairs (source form → same form of the target): official, short and full names."""
    pairs = [(src.name, dst.name)]
    if src.short_name and dst.short_name:
        pairs.append((src.short_name, dst.short_name))
    if src.full_name and dst.full_name and src.full_name != src.name:
        pairs.append((src.full_name, dst.full_name))
    return [(s, d) for s, d in pairs if len(s) >= 2]


def region_mapping(i: int) -> dict[str, str]:
    """Surface → replacement for copy ``i``: cities permuted, each county sent into its city's image."""
    cities, counties = _zhejiang_units()
    rng = random.Random(i)
    image = list(cities)
    rng.shuffle(image)
    out: dict[str, str] = {}
    for src_city, dst_city in zip(cities, image, strict=True):
        for s, d in _pairs(src_city, dst_city):
            out.setdefault(s, d)
        targets = list(counties.get(dst_city.adcode, ()))
        rng.shuffle(targets)
        if not targets:
            continue
        for k, src in enumerate(counties.get(src_city.adcode, ())):
            for s, d in _pairs(src, targets[k % len(targets)]):
                out.setdefault(s, d)
    return out


@lru_cache(maxsize=8)
def _substitution(i: int) -> tuple[re.Pattern[str], dict[str, str]]:
    """One alternation regex (longest names first) per copy: a single pass over the text."""
    mapping = region_mapping(i)
    pattern = re.compile("|".join(re.escape(k) for k in sorted(mapping, key=lambda k: (-len(k), k))))
    return pattern, mapping


def variant(text: str, i: int) -> str:
    """Copy ``i`` of ``text`` (copy 0 is the text itself)."""
    if i == 0:
        return text
    pattern, mapping = _substitution(i)
    out = pattern.sub(lambda m: mapping[m.group(0)], text)
    shift = i % 4
    return _YEAR.sub(lambda m: str(int(m.group(1)) + shift), out) if shift else out


def copy_name(seed_name: str, i: int, text: str) -> str:
    """File name of copy ``i``: a new numeric document id (unique per copy) and the content hash, as the
    seeds are named, so that case IRIs of different copies never collide."""
    if i == 0:
        return seed_name
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
    return f"{i:04d}{doc_id_for(seed_name)}_{digest}.txt"


def write_corpus(seeds: list[Path], scale: int, out: Path) -> list[Path]:
    """Write ``scale`` copies of each seed document into ``out`` (copy 0 = the seeds); returns the files."""
    if scale < 1:
        raise ValueError(f"scale must be at least 1, got {scale}")
    out.mkdir(parents=True, exist_ok=True)
    texts = {seed: seed.read_text(encoding="utf-8") for seed in sorted(seeds)}
    files = []
    for i in range(scale):
        for seed, original in texts.items():
            text = variant(original, i)
            path = out / copy_name(seed.name, i, text)
            path.write_text(text, encoding="utf-8")
            files.append(path)
    return files
