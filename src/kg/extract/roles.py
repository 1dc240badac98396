"""Region roles of a case: primary (who carries it out), partner (the other side), mentioned (the rest).

Primary regions come, in order of trust, from: the subject the layout gives (the compilation's TOC prefix
"台州椒江区：" or "省委组织部："), the document's own region for a reform table (every row of 三门县's table is
三门县's), a region opening the case title ("温岭市念好…"), and finally the case body (the document's region
bounding it): the first region acting as a sentence subject
("瑞安市率全国之先", "洞头率先启动"), else the most frequent one. A province-level body (省委组织部,
省法院) makes 浙江省 the primary region.

Partners are county- or city-level regions, other than the primary ones and their ancestors, named in a
sentence with a cooperation cue (山海协作, 飞地, 结对 …; ``data/lexicons/partner_cues.csv``).
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from functools import lru_cache

from kg.extract.regions import RegionMention, find_regions
from kg.lexicons.gazetteer import load_gazetteer
from kg.paths import lexicon_dir

PROVINCE = "330000"
# A region name directly followed by one of these reads as the subject of the sentence (grammar, not data).
_ACTOR_VERBS = re.compile(
    r"^(?:市|县|区)?(?:率先|率全国|创新|探索|紧抓|抢抓|紧紧|开展|实施|启动|打造|推进|聚焦|作为|坚持|围绕|以|通过|"
    r"建立|建设|构建|深化|全面|积极|大力|着力|在全国|在全省|首创|试点|出台|制定|立足|针对|依托|把|将)"
)
_PROVINCE_BODY = re.compile(r"^(?:省|浙江省)")


@lru_cache(maxsize=1)
def partner_cues() -> tuple[str, ...]:
    with (lexicon_dir() / "partner_cues.csv").open(encoding="utf-8") as f:
        rows = csv.DictReader(ln for ln in f if not ln.startswith("#"))
        return tuple(r["cue"].strip() for r in rows if r["cue"].strip())


def _units(mentions: list[RegionMention]) -> list[RegionMention]:
    return [m for m in mentions if m.level in ("province", "city", "county")]


def regions_of_subject(subject: str) -> list[RegionMention]:
    """Primary regions named by a layout subject such as "杭州萧山区、滨江区" or "人行杭州中心支行、省市场监管局"."""
    found: list[RegionMention] = []
    province_body = False
    for part in re.split(r"[、,，和及]", subject):
        part = part.strip()
        if not part:
            continue
        units = _units(find_regions(part))
        # "杭州萧山区": the county wins over its city prefix
        counties = [m for m in units if m.level == "county"] or units
        if counties and counties[0].start <= 3:
            found.extend(counties[:1] if len(counties) == 1 else counties)
        elif _PROVINCE_BODY.match(part) or not units:
            province_body = province_body or bool(_PROVINCE_BODY.match(part))
    if not found and province_body:
        found = find_regions("浙江省")
    # a county given without its city (滨江区 after 杭州萧山区) is resolved in the same city
    return _dedupe(found)


def _dedupe(ms: list[RegionMention]) -> list[RegionMention]:
    seen: set[str] = set()
    out = []
    for m in ms:
        if m.key not in seen:
            seen.add(m.key)
            out.append(m)
    return out


def region_opening(text: str) -> list[RegionMention]:
    """Regions that open a title ("温岭市念好…", "杭州萧山区、滨江区深化…")."""
    units = _units(find_regions(text))
    if not units or units[0].start > 2:
        return []
    out = [units[0]]
    for m in units[1:]:
        gap = text[out[-1].end : m.start]
        if (len(gap) <= 1 and gap in ("", "、", "，", ",")) or m.start == out[-1].end:
            out.append(m)
    # prefer the most specific: drop a city that directly prefixes its county
    gaz = load_gazetteer()
    specific = [m for m in out if not any(o is not m and gaz.get(o.adcode).parent == m.adcode for o in out)]
    return _dedupe(specific)


def actor_region(body: str, within: str | None = None) -> list[RegionMention]:
    """The first region that reads as the subject of a sentence in ``body`` (optionally inside ``within``)."""
    units = _units(find_regions(body))
    if within:
        units = [
            m
            for m in units
            if m.adcode == within or m.adcode.startswith(within[:4] if within.endswith("00") else within)
        ]
    for m in units:
        if _ACTOR_VERBS.match(body[m.end : m.end + 6]):
            return [m]
    if units:
        counts = Counter(m.adcode for m in units)
        best = max(units, key=lambda m: (counts[m.adcode], -m.start))
        return [best]
    return []


def is_partner_sentence(sentence: str) -> bool:
    return any(c in sentence for c in partner_cues())
