"""The administrative-division gazetteer: Zhejiang's 102 units plus other provinces and their units.

Sources (see ``data/lexicons/README.md``): ``zhejiang_regions.csv`` (the 102 Zhejiang units, from the
jionlp division table), ``china_regions.csv`` (provinces, prefectures and counties outside Zhejiang, same
source), ``region_aliases.csv`` (old names and other aliases, hand-curated with the reason noted).
"""

from __future__ import annotations

import csv
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from kg.paths import lexicon_dir

_LEVEL_FROM_CSV = {"province": "province", "prefecture": "city", "city": "city", "county": "county"}


@dataclass(frozen=True)
class Region:
    """One administrative unit at province, city or county level."""

    adcode: str
    name: str  # official name, e.g. 椒江区
    level: str  # province | city | county
    parent: str | None  # parent adcode
    short_name: str | None = None
    full_name: str = ""  # name with its city prefix, e.g. 台州市椒江区 (the contract's region name)

    @property
    def province_code(self) -> str:
        return self.adcode[:2] + "0000"

    @property
    def in_zhejiang(self) -> bool:
        return self.adcode.startswith("33")


@dataclass
class Gazetteer:
    """Regions by adcode plus every surface name → candidate adcodes."""

    regions: dict[str, Region]
    names: dict[str, list[str]] = field(default_factory=dict)  # surface → adcodes (ambiguous if >1)
    alias_kind: dict[str, str] = field(default_factory=dict)  # surface → full | short | alias

    def get(self, adcode: str) -> Region:
        return self.regions[adcode]

    def parent(self, region: Region) -> Region | None:
        return self.regions.get(region.parent) if region.parent else None

    def ancestors(self, region: Region) -> list[Region]:
        out: list[Region] = []
        cur = self.parent(region)
        while cur is not None and cur not in out and cur.adcode != region.adcode:
            out.append(cur)
            cur = self.parent(cur)
        return out

    def city_of(self, region: Region) -> Region | None:
        if region.level == "city":
            return region
        for a in self.ancestors(region):
            if a.level == "city":
                return a
        return None

    def lookup(self, surface: str) -> list[Region]:
        return [self.regions[c] for c in self.names.get(surface, [])]

    def children(self, adcode: str) -> list[Region]:
        return [r for r in self.regions.values() if r.parent == adcode]


def _full_name(r: Region, regions: dict[str, Region]) -> str:
    if r.level != "county" or not r.parent or r.parent not in regions:
        return r.name
    parent = regions[r.parent]
    if parent.level == "province":  # county-level units directly under a province (e.g. 仙桃市)
        return r.name
    return parent.name + r.name


def _read_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as f:
        lines = [ln for ln in f if not ln.startswith("#")]
    return list(csv.DictReader(lines))


@lru_cache(maxsize=4)
def load_gazetteer(directory: str | None = None) -> Gazetteer:
    """Load and index the gazetteer (cached: it is read once per process)."""
    d = Path(directory) if directory else lexicon_dir()
    raw: dict[str, Region] = {}
    for fname in ("china_regions.csv", "zhejiang_regions.csv"):
        path = d / fname
        if not path.exists():
            continue
        for row in _read_rows(path):
            level = _LEVEL_FROM_CSV.get(row["level"].strip())
            if level is None:
                continue
            raw[row["adcode"]] = Region(
                adcode=row["adcode"].strip(),
                name=row["name"].strip(),
                level=level,
                parent=(row.get("parent_adcode") or "").strip() or None,
                short_name=(row.get("short_name") or "").strip() or None,
            )
    regions = {c: Region(**{**r.__dict__, "full_name": _full_name(r, raw)}) for c, r in raw.items()}
    names: dict[str, list[str]] = defaultdict(list)
    kind: dict[str, str] = {}

    def add(surface: str, code: str, k: str) -> None:
        if surface and code not in names[surface]:
            names[surface].append(code)
            kind.setdefault(surface, k)

    for r in sorted(regions.values(), key=lambda r: r.adcode):
        add(r.name, r.adcode, "full")
        if r.full_name != r.name:
            add(r.full_name, r.adcode, "full")
        if r.short_name and r.short_name != r.name:
            add(r.short_name, r.adcode, "short")
    alias_path = d / "region_aliases.csv"
    if alias_path.exists():
        for row in _read_rows(alias_path):
            add(row["alias"].strip(), row["adcode"].strip(), "alias")
    return Gazetteer(regions=regions, names=dict(names), alias_kind=kind)
