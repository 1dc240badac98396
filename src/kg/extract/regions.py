"""Recognise administrative regions in case text, with character offsets.

Province/city/county names come from the gazetteer (full names 台州市椒江区, official names 椒江区, short
forms 椒江, old names 玉环县); units outside Zhejiang count only when named with their province
(云南省勐海县, 湖北咸宁市). Townships and villages (蛇蟠乡, 大横渡村) are recognised only under the counties
the case is about, because their names repeat across the province. Context rules from
``data/lexicons/region_context.csv`` drop ordinary words (屋顶天台), brands (三门青蟹, 丽水山递) and names
inside organisation or media names (人行杭州中心支行, 浙江日报).

Matching is a longest-match scan over a dictionary indexed by first character: one pass over the text,
no per-name regular expressions.
"""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache

from kg.lexicons.gazetteer import Gazetteer, Region, load_gazetteer
from kg.paths import lexicon_dir


@dataclass(frozen=True)
class RegionMention:
    """A region named in text. ``adcode`` is the county's for townships and villages (they have none)."""

    start: int
    end: int
    surface: str
    adcode: str
    level: str  # province | city | county | township | village
    name: str  # full name: 台州市椒江区, 浙江省, 台州市三门县蛇蟠乡大横渡村
    township: str | None = None  # for villages: the township they belong to, when known
    local_name: str | None = None  # township/village name as in the gazetteer (蛇蟠乡)

    @property
    def key(self) -> str:
        """Identity of the region: adcode for units, adcode + name below county level."""
        if self.level in ("township", "village"):
            return f"{self.adcode}-{self.local_name}"
        return self.adcode


_SHORT_TITLE_TAIL = 4  # 《浙江政务信息》: at most this many characters after the place name


@dataclass(frozen=True)
class _Rules:
    org_suffix: re.Pattern[str]
    block_after: dict[str, re.Pattern[str]]
    block_before: dict[str, re.Pattern[str]]


def _read_csv(name: str) -> list[dict[str, str]]:
    path = lexicon_dir() / name
    if not path.exists():
        return []
    with path.open(encoding="utf-8") as f:
        return list(csv.DictReader(ln for ln in f if not ln.startswith("#")))


@lru_cache(maxsize=1)
def _rules() -> _Rules:
    org = []
    after: dict[str, list[str]] = defaultdict(list)
    before: dict[str, list[str]] = defaultdict(list)
    for row in _read_csv("region_context.csv"):
        kind, surface, pattern = row["kind"].strip(), row["surface"].strip(), row["pattern"].strip()
        if kind == "org_suffix":
            org.append(pattern)
        elif kind == "block_after":
            after[surface].append(pattern)
        elif kind == "block_before":
            before[surface].append(pattern)
    org_re = re.compile(r"^[\u4e00-\u9fff]{0,8}?(?:" + "|".join(org) + ")") if org else re.compile(r"(?!)")
    return _Rules(
        org_suffix=org_re,
        block_after={k: re.compile("^(?:" + "|".join(v) + ")") for k, v in after.items()},
        block_before={k: re.compile("(?:" + "|".join(v) + ")$") for k, v in before.items()},
    )


@dataclass(frozen=True)
class _Index:
    names: dict[str, tuple[str, ...]]  # surface → adcodes
    lengths: dict[str, tuple[int, ...]]  # first char → candidate lengths, longest first
    first: re.Pattern[str]  # any first char: the scan jumps from one to the next (6 % of a text's characters)


def _build_index(entries: dict[str, set[str]]) -> _Index:
    lengths: dict[str, set[int]] = defaultdict(set)
    for s in entries:
        lengths[s[0]].add(len(s))
    return _Index(
        names={k: tuple(sorted(v)) for k, v in entries.items()},
        lengths={k: tuple(sorted(v, reverse=True)) for k, v in lengths.items()},
        first=re.compile("[" + "".join(map(re.escape, sorted(lengths))) + "]" if lengths else "(?!)"),
    )


@lru_cache(maxsize=1)
def _unit_index() -> _Index:
    """Surfaces of province/city/county units that may be matched anywhere."""
    gaz = load_gazetteer()
    entries: dict[str, set[str]] = defaultdict(set)
    provinces = [r for r in gaz.regions.values() if r.level == "province"]
    for r in gaz.regions.values():
        if r.in_zhejiang:
            for s in {r.name, r.full_name, r.short_name}:
                if s and len(s) >= 2:
                    entries[s].add(r.adcode)
        elif r.level == "province":
            for s in {r.name, r.short_name}:
                if s and len(s) >= 2:
                    entries[s].add(r.adcode)
    for surface, codes in gaz.names.items():
        if gaz.alias_kind.get(surface) == "alias":
            entries[surface].update(codes)
    # outside Zhejiang: a city or county only with its province in front (湖北咸宁市, 云南省勐海县)
    for r in gaz.regions.values():
        if r.in_zhejiang or r.level == "province":
            continue
        prov = next((p for p in provinces if p.adcode == r.province_code), None)
        if prov is None:
            continue
        city = gaz.city_of(r)
        middles = [""]
        if city is not None and city.adcode != r.adcode:
            middles += [city.name, city.short_name or city.name]
        for p in {prov.name, prov.short_name}:
            if not p:
                continue
            for mid in middles:
                for s in {r.name, r.short_name}:
                    if s and len(s) >= 2:
                        entries[p + mid + s].add(r.adcode)
    return _build_index(entries)


@lru_cache(maxsize=1)
def _local_units() -> dict[str, list[tuple[str, str, str | None]]]:
    """county adcode → [(name, level, township)] for Zhejiang townships and villages (read once)."""
    by_county: dict[str, list[tuple[str, str, str | None]]] = defaultdict(list)
    for row in _read_csv("zhejiang_townships.csv"):
        if len(row["township"]) >= 3:
            by_county[row["county_adcode"]].append((row["township"], "township", None))
    for row in _read_csv("zhejiang_villages.csv"):
        if len(row["village"]) >= 3:
            by_county[row["county_adcode"]].append((row["village"], "village", row["township"] or None))
    return dict(by_county)


@lru_cache(maxsize=256)
def _local_index(county_adcodes: tuple[str, ...]) -> tuple[_Index, dict[str, tuple[str, str, str | None]]]:
    """Townships and villages of the given counties: surface → (county adcode, level, township)."""
    info: dict[str, tuple[str, str, str | None]] = {}
    entries: dict[str, set[str]] = defaultdict(set)
    units = _local_units()
    for county in county_adcodes:
        for name, level, township in units.get(county, []):
            if name not in info or (level == "township" and info[name][1] == "village"):
                info[name] = (county, level, township)
            entries[name].add(county)
    return _build_index(entries), info


def _scan(text: str, index: _Index):
    """Longest non-overlapping dictionary matches: (start, end, surface).

    Only a name's first character can start a match: a regex search (C speed) finds the next one, where a
    loop over every character spent most of its time on characters that start no name."""
    search, lengths, names = index.first.search, index.lengths, index.names
    i = 0
    while (m := search(text, i)) is not None:
        i = m.start()
        for ln in lengths[text[i]]:
            s = text[i : i + ln]
            if len(s) == ln and s in names:
                yield i, i + ln, s
                i += ln
                break
        else:
            i += 1


def _in_short_title(text: str, start: int, end: int) -> bool:
    """《浙江新闻》, 《温州日报》: a name that opens a short title in book-title marks is a media outlet's name."""
    if start == 0 or text[start - 1] != "《":
        return False
    close = text.find("》", end, end + _SHORT_TITLE_TAIL + 1)
    return close >= 0 and "《" not in text[end:close]


def _blocked(text: str, start: int, end: int, surface: str, rules: _Rules) -> bool:
    after = text[end : end + 12]
    before = text[max(0, start - 6) : start]
    if rules.org_suffix.match(after) or _in_short_title(text, start, end):
        return True
    for key in (surface, "*"):
        pat = rules.block_after.get(key)
        if pat and pat.match(after):
            return True
        pat = rules.block_before.get(key)
        if pat and pat.search(before):
            return True
    return False


def _prefer(codes: tuple[str, ...], gaz: Gazetteer, context: tuple[str, ...]) -> str:
    """Pick one adcode for an ambiguous surface: inside the context's cities first, then Zhejiang."""
    if len(codes) == 1:
        return codes[0]
    ctx_cities = {c[:4] for c in context}
    for c in codes:
        if c[:4] in ctx_cities:
            return c
    for c in codes:
        if c.startswith("33"):
            return c
    return codes[0]


def find_regions(text: str, *, context: tuple[str, ...] = ()) -> list[RegionMention]:
    """Regions named in ``text``. ``context``: adcodes of counties the text is about (for townships)."""
    gaz = load_gazetteer()
    rules = _rules()
    out: list[RegionMention] = []
    taken: list[tuple[int, int]] = []
    for start, end, surface in _scan(text, _unit_index()):
        if _blocked(text, start, end, surface, rules):
            continue
        code = _prefer(_unit_index().names[surface], gaz, context)
        r: Region = gaz.get(code)
        if out and out[-1].end == start and out[-1].adcode in {a.adcode for a in gaz.ancestors(r)}:
            out.pop()  # 湖州安吉县, 浙江省三门县: the larger unit only says where the smaller one is
        out.append(RegionMention(start, end, surface, r.adcode, r.level, r.full_name))
        taken.append((start, end))
    counties = tuple(
        sorted(
            {c for c in context if gaz.regions.get(c) and gaz.get(c).level == "county"}
            | {m.adcode for m in out if m.level == "county" and m.adcode.startswith("33")}
        )
    )
    if counties:
        index, info = _local_index(counties)
        township_of: dict[str, str] = {}
        last_township: tuple[int, str] | None = None  # (end offset, name) of the latest township mention
        for start, end, surface in _scan(text, index):
            if any(s < end and start < e for s, e in taken) or _blocked(text, start, end, surface, rules):
                continue
            county_code, level, township = info[surface]
            county = gaz.get(county_code)
            if level == "township":
                township_of[county_code] = surface
                last_township = (end, surface)
                name = county.full_name + surface
            else:
                # a village written right after its township (蛇蟠乡大横渡村) belongs to that township
                if last_township is not None and last_township[0] == start:
                    township = last_township[1]
                township = township or township_of.get(county_code)
                name = county.full_name + (township or "") + surface
            out.append(
                RegionMention(start, end, surface, county_code, level, name, township=township, local_name=surface)
            )
    out.sort(key=lambda m: (m.start, m.end))
    return out
