"""Recognise government departments, party organs and similar bodies in case text, with canonical names.

Government writing names a department by a level character or a place and an abbreviated stem: 县民政局,
省市场监管局, 东阳市委、市政府, 人行杭州中心支行. The canonical name resolves both halves: the stem through the
alias table ``data/lexicons/departments.csv`` (市场监管局 → 市场监督管理局) and the level through the case's
jurisdiction (县 in a 三门县 case → 三门县, 省 → 浙江省, 市 → the case's city, or the case's county when that is a
county-level city such as 温岭市). An explicit place prefix wins over the case context, and a bare level after an
explicit place of the same level inherits it (台州市委市政府 → 台州市委 + 台州市政府).

What is *not* a department mention, and why:
- a person's title: 时任省委书记袁家军 names a leader, not the committee acting (rules in
  ``data/lexicons/department_context.csv``, which also cover 人大代表, 局长, 主要领导);
- a generic noun: 市场监管部门, 宣传部门 name a kind of body, and so do 省市县三级总工会 and 县级矛调中心;
- a level character inside a word: 全省, 社区, 园区, 城市 are not 省/区/市 prefixes, and 四川省 is another province;
- a company, bank branch acting commercially, hospital, school or media outlet: none is in the alias table.

Decisions recorded here because they shape the graph:
- 省委省政府 is two bodies acting together (the provincial party committee and the provincial government): it
  yields two mentions, 浙江省委 and 浙江省政府, as do 省委、省政府 and 杭州市委市政府.
- 省委统战部（省侨办） is one office with two names: both are reported, each under its own canonical name.
- A bare domain (民政, 医保) names a department only inside an enumeration that ends in 等…部门 or sits in brackets
  after 部门 (民政、医保、住建等19个部门); the stems per level are in ``department_domains.csv``.
- A leading group (领导小组) that the case sets up or names with its place is a department of that place; a body
  set up with a level prefix and a 中心/总站 head (建立县联合帮扶中心) is a public institution of that level.

Offsets are into the text given. Line breaks may sit inside a name ("省委宣\\n传部"): matching runs on the text with
newlines squeezed out and maps the offsets back, so the surface keeps the newline.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache

from kg.lexicons.gazetteer import Gazetteer, Region, load_gazetteer
from kg.model import Jurisdiction
from kg.paths import lexicon_dir

LEVEL_CHARS = "省市县区"
_LEVEL = f"[{LEVEL_CHARS}]"
_TOWNSHIP_SUFFIXES = ("街道", "镇", "乡")  # a 责任单位 ending like this is a township: a region, not a department
_QUOTES = "“”‘’\"'「」"
_COORDINATION_GAPS = ("", "、", "和", "及", "与")  # 台州市委市政府 / 省委、省政府 / 省委和省政府
_CHAIN_GAPS = ("", "、")  # 省委省政府主要领导: the title after the chain belongs to every member
_UNIT_SPLIT = re.compile(r"[^、，,；;\n\r]+")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_SENTENCE_END = re.compile(r"[。！？；]")
_LIST_SEPARATOR = "[、和及]"  # 民政、医保和住建等部门


@dataclass(frozen=True)
class DepartmentMention:
    """A department named in text. ``jurisdiction`` is the adcode of the region it belongs to (None: national)."""

    start: int
    end: int
    surface: str
    canonical: str
    department_type: str
    jurisdiction: str | None


@dataclass(frozen=True)
class _Alias:
    stem: str
    province_stem: str
    city_stem: str
    department_type: str
    scope: str  # local | prefixed | national | as_written | central_bank
    level: str  # default level of a bare form: "" (the case's own), province, city

    def stem_at(self, level: str) -> str:
        """The canonical stem at a level: 法院 is 高级人民法院 for a province, 中级人民法院 for a city."""
        if level == "province" and self.province_stem:
            return self.province_stem
        if level == "city" and self.city_stem:
            return self.city_stem
        return self.stem


@dataclass(frozen=True)
class _Domain:
    stems: dict[str, str]  # level → stem
    department_type: str


@dataclass(frozen=True)
class _Lexicon:
    aliases: dict[str, _Alias]
    domains: dict[str, _Domain]
    places: dict[str, Region]  # place surface → region (see _places)
    main: re.Pattern[str]
    national: re.Pattern[str]
    bank: re.Pattern[str]
    youth: re.Pattern[str]
    enumeration: re.Pattern[str]
    item: re.Pattern[str]
    bracketed: re.Pattern[str]
    group_head: re.Pattern[str]
    group_place: re.Pattern[str]
    establish_tail: re.Pattern[str]
    agency: re.Pattern[str]
    agency_block: re.Pattern[str]
    block_after: re.Pattern[str]
    level_block_before: dict[str, re.Pattern[str]]
    generic_before: re.Pattern[str]
    bare_before: re.Pattern[str]
    name_stop: re.Pattern[str]
    generic_name: re.Pattern[str]
    not_department: re.Pattern[str]
    unit_body: re.Pattern[str]


# --- loading -----------------------------------------------------------------------------------------------


def _read_csv(name: str) -> list[dict[str, str]]:
    path = lexicon_dir() / name
    with path.open(encoding="utf-8") as f:
        return [
            {k: (v or "").strip() for k, v in row.items()}
            for row in csv.DictReader(ln for ln in f if not ln.startswith("#"))
        ]


def _trie_pattern(words: Iterable[str]) -> str:
    """One regular expression for many words, shaped as a character trie.

    Python's ``re`` tries alternatives one by one; a trie-shaped pattern rejects a position after one character
    test, which keeps a scan over hundreds of names linear in the text. Greedy optional tails prefer the longest
    word, and backtracking still finds a shorter one when the rest of the pattern needs it.
    """
    trie: dict[str, dict] = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict[str, dict]) -> str:
        branches = [re.escape(ch) + build(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return build(trie) or "(?!)"


def _context_rules() -> dict[str, list[str]]:
    rules: dict[str, list[str]] = {}
    for row in _read_csv("department_context.csv"):
        rules.setdefault(row["kind"], []).append(row["pattern"])
    return rules


def _alternation(patterns: list[str]) -> str:
    return "(?:" + "|".join(f"(?:{p})" for p in patterns) + ")" if patterns else "(?!)"


def _places(gaz: Gazetteer) -> dict[str, Region]:
    """Place names that may prefix a department, each with its region.

    Zhejiang's units by any of their names (official, full, short, aliases). Outside Zhejiang a province by its
    name (四川省民政厅) and a prefecture only after its province (四川省广元市农业农村局), because bare names of
    units elsewhere collide with ordinary words and with Zhejiang's own names.
    """
    places: dict[str, Region] = {}
    for surface, codes in gaz.names.items():
        zj = [c for c in codes if c.startswith("33")]
        if zj and len(surface) >= 2:
            places[surface] = gaz.get(zj[0])
    for r in gaz.regions.values():
        if r.in_zhejiang:
            continue
        if r.level == "province":
            for name in {r.name, r.short_name}:
                if name and len(name) >= 2:
                    places.setdefault(name, r)
        elif r.level == "city" and r.parent in gaz.regions:
            province = gaz.get(r.parent)
            for name in {province.name, province.short_name}:
                if name:
                    places.setdefault(name + r.name, r)
    return places


@lru_cache(maxsize=1)
def _lexicon() -> _Lexicon:
    """Read the alias, domain and context tables once and compile every pattern from them."""
    gaz = load_gazetteer()
    aliases = {
        r["alias"]: _Alias(
            r["canonical_stem"],
            r["province_stem"],
            r["city_stem"],
            r["department_type"],
            r["scope"],
            r["level"],
        )
        for r in _read_csv("departments.csv")
    }
    domains = {
        r["domain"]: _Domain(
            {"province": r["province_stem"], "city": r["city_stem"], "county": r["county_stem"]},
            r["department_type"],
        )
        for r in _read_csv("department_domains.csv")
    }
    rules = _context_rules()
    places = _places(gaz)
    place = _trie_pattern(places)
    local = [a for a, v in aliases.items() if v.scope in ("local", "prefixed", "as_written")]
    national = [a for a, v in aliases.items() if v.scope == "national"]
    bank_words = [a for a, v in aliases.items() if v.scope == "central_bank"]
    branch = _alternation(rules.get("branch_head", []))
    main = (
        rf"(?P<cpc>中共)?(?:(?P<place>{place})(?P<plevel>{_LEVEL})?|(?P<level>{_LEVEL}))?"
        rf"(?P<stem>{_trie_pattern(local)})"
        rf"(?:(?P<bplace>{place})(?P<blevel>{_LEVEL})?(?P<bhead>{branch}))?"
    )
    bank = (
        rf"(?P<word>{_trie_pattern(bank_words)})"
        rf"(?:(?P<place>[\u4e00-\u9fff]{{2,6}}?)(?P<head>{_alternation(rules.get('bank_branch_head', []))}))?"
    )
    youth = rf"共青团(?P<place>{place})(?P<plevel>{_LEVEL})?委|团(?P<level>{_LEVEL})委"
    item = _trie_pattern(set(domains) | set(local)) + rf"|团{_LEVEL}委"
    items = rf"(?P<items>(?:{item})(?:{_LIST_SEPARATOR}(?:{item}))*)"
    verbs = _alternation(rules.get("establish_verb", []))
    return _Lexicon(
        aliases=aliases,
        domains=domains,
        places=places,
        main=re.compile(main),
        national=re.compile(_trie_pattern(national)),
        bank=re.compile(bank),
        youth=re.compile(youth),
        item=re.compile(item),
        enumeration=re.compile(rf"(?P<level>{_LEVEL})?{items}(?={_alternation(rules.get('list_tail', []))})"),
        bracketed=re.compile(rf"{_alternation(rules.get('list_head', []))}(?P<level>{_LEVEL})?{items}(?=等?）)"),
        group_head=re.compile(_alternation(rules.get("group_head", []))),
        group_place=re.compile(place),
        establish_tail=re.compile(rf"{verbs}(?!.*{verbs})"),
        agency=re.compile(
            rf"{verbs}(?P<level>{_LEVEL})(?![级域内外民场城乡镇村])(?P<name>[\u4e00-\u9fff]{{2,12}}?)"
            rf"(?P<head>{_alternation(rules.get('agency_head', []))})"
        ),
        agency_block=re.compile(_alternation(rules.get("agency_block", []))),
        block_after=re.compile(_alternation(rules.get("block_after", []))),
        level_block_before={
            p.split(":", 1)[0]: re.compile(p.split(":", 1)[1]) for p in rules.get("level_block_before", [])
        },
        generic_before=re.compile(_alternation(rules.get("generic_before", []))),
        bare_before=re.compile(_alternation(rules.get("bare_before", [])) + "$"),
        name_stop=re.compile(_alternation(rules.get("name_stop", []))),
        generic_name=re.compile(_alternation(rules.get("generic_name", []))),
        not_department=re.compile(_alternation(rules.get("not_department", [])) + "$"),
        unit_body=re.compile(
            rf"(?:(?P<place>{place})|(?P<level>{_LEVEL}))"
            rf"(?P<name>[\u4e00-\u9fff]{{1,12}}{_alternation(rules.get('unit_head', []))})"
        ),
    )


# --- the case's regions -------------------------------------------------------------------------------------


def _zhejiang_region(name: str | None, parent: str | None = None) -> Region | None:
    if not name:
        return None
    found = [r for r in load_gazetteer().lookup(name) if r.in_zhejiang]
    if parent:
        found = [r for r in found if r.parent == parent] or found
    return found[0] if found else None


@lru_cache(maxsize=256)
def _regions(jurisdiction: Jurisdiction) -> dict[str, Region | None]:
    """The regions that a level character stands for in a case of this jurisdiction."""
    province = _zhejiang_region(jurisdiction.province) if jurisdiction.province else None
    city = _zhejiang_region(jurisdiction.city, province.adcode if province else None)
    county = _zhejiang_region(jurisdiction.county, city.adcode if city else None)
    # in a county-level city's case (温岭市), 市 is that city: 全市, 市人力社保局 are 温岭's
    municipal = county if county is not None and county.name.endswith("市") else city
    return {"省": province, "市": municipal, "县": county, "区": county, "": county or city or province}


def _level_name(region: Region) -> str:
    return "province" if region.level == "province" else region.level


# --- text with line breaks squeezed out --------------------------------------------------------------------


_LINE_RUN_OR_BREAK = re.compile(r"[^\r\n]+|[\r\n]")


@dataclass(frozen=True)
class _Squeezed:
    """The text without newlines, and where each of its characters was in the original."""

    text: str
    origin: list[int]
    breaks: frozenset[int]  # squeezed offsets that had a newline right before them

    @classmethod
    def of(cls, text: str) -> _Squeezed:
        """Copies the runs between line breaks whole (most texts have few or none) instead of character by
        character."""
        chars: list[str] = []
        origin: list[int] = []
        breaks: set[int] = set()
        n = 0  # length of the squeezed text so far
        for m in _LINE_RUN_OR_BREAK.finditer(text):
            s, e = m.span()
            if text[s] in "\r\n":
                breaks.add(n)
                continue
            chars.append(text[s:e])
            origin.extend(range(s, e))
            n += e - s
        return cls("".join(chars), origin, frozenset(breaks))

    def span(self, start: int, end: int) -> tuple[int, int]:
        return self.origin[start], self.origin[end - 1] + 1


@dataclass(frozen=True)
class _Hit:
    """A candidate in squeezed offsets; ``blocked`` when a title or generic noun follows it."""

    start: int
    end: int
    canonical: str
    department_type: str
    jurisdiction: str | None
    blocked: bool


# --- guards -----------------------------------------------------------------------------------------------


def _is_word_level(sq: _Squeezed, pos: int, level: str, lex: _Lexicon) -> bool:
    """Whether the level character at ``pos`` belongs to a word or a place name rather than prefixing a name."""
    if pos == 0 or pos in sq.breaks:
        return False
    prev = sq.text[pos - 1]
    block = lex.level_block_before.get(level)
    if (block is not None and block.fullmatch(prev)) or lex.generic_before.fullmatch(prev):
        return True
    # 四川省民政厅, 某某县: the level closes a place name outside the prefix pattern. A county elsewhere in China
    # counts only with its province, as in the region extractor: 会同县 (Hunan) is 会同 ("together with") + 县…
    return any(_closes_place(sq.text[pos - k : pos + 1]) for k in range(1, min(pos, 6) + 1))


@lru_cache(maxsize=4096)
def _closes_place(name: str) -> bool:
    gaz = load_gazetteer()
    codes = gaz.names.get(name, ())
    return any(c.startswith("33") or gaz.get(c).level in ("province", "city") for c in codes)


def _bare_allowed(sq: _Squeezed, pos: int, lex: _Lexicon) -> bool:
    """A name without prefix must start a phrase (由民政局牵头), not end a longer word (数字残联, 县级矛调中心)."""
    if pos == 0 or pos in sq.breaks:
        return True
    prev = sq.text[pos - 1]
    if lex.generic_before.fullmatch(prev):
        return False
    if not _CJK.fullmatch(prev):
        return True
    return lex.bare_before.search(sq.text[max(0, pos - 4) : pos]) is not None


def _blocked_after(sq: _Squeezed, end: int, lex: _Lexicon) -> bool:
    return lex.block_after.match(sq.text, end) is not None


# --- finders ----------------------------------------------------------------------------------------------


@dataclass
class _Context:
    """What earlier names in the text tell about later ones (台州市委市政府, 省教育厅教研室、教科院)."""

    places: list[tuple[int, Region]]  # (end, region) of names with an explicit place, in text order
    last_prefixed: tuple[int, Region] | None = None  # (end, region) of the latest name with any prefix

    def place_before(self, sq: _Squeezed, pos: int, level: str, gaps: tuple[str, ...] | None) -> Region | None:
        """The latest explicit place of ``level`` before ``pos``: right before it (``gaps``) or in the sentence."""
        for end, region in reversed(self.places):
            if end > pos:
                continue
            between = sq.text[end:pos]
            if gaps is not None:
                return region if between in gaps and _same_level(region, level) else None
            if _SENTENCE_END.search(between):
                return None
            if _same_level(region, level):
                return region
        return None


def _prefix_region(
    m: re.Match[str], sq: _Squeezed, jurisdiction: Jurisdiction, lex: _Lexicon, ctx: _Context
) -> tuple[Region | None, bool]:
    """(region, ok) for the prefix of a main-pattern match; ok is False when the match is not a mention."""
    if m.group("place"):
        return lex.places[m.group("place")], True
    level = m.group("level")
    if level:
        pos = m.start("level")
        if _is_word_level(sq, pos, level, lex):
            return None, False
        coordinated = ctx.place_before(sq, pos, level, _COORDINATION_GAPS)
        if coordinated is not None:
            return coordinated, True
        # 绍兴市检察院牵头推动市工商联 in a provincial case: 市 is the city the sentence has named
        region = _regions(jurisdiction)[level] or ctx.place_before(sq, pos, level, None)
        return region, True
    return None, True


def _same_level(region: Region, level: str) -> bool:
    if level == "省":
        return region.level == "province"
    if level == "市":
        return region.level == "city" or (region.level == "county" and region.name.endswith("市"))
    return region.level == "county" and region.name.endswith(level)


def _bare_region(sq: _Squeezed, pos: int, alias: _Alias, jurisdiction: Jurisdiction, ctx: _Context) -> Region | None:
    """A name without prefix: the level of the name it is listed with (省教育厅教研室、教科院), else the case's."""
    if ctx.last_prefixed is not None:
        end, region = ctx.last_prefixed
        if sq.text[end:pos] in _COORDINATION_GAPS[1:]:
            return region
    regions = _regions(jurisdiction)
    if alias.level == "province":
        return regions["省"]
    if alias.level == "city":
        return regions["市"]
    return regions[""]


def _main_hits(sq: _Squeezed, jurisdiction: Jurisdiction, lex: _Lexicon) -> Iterator[_Hit]:
    """Names from the alias table with an optional level or place prefix and an optional branch suffix."""
    ctx = _Context(places=[])
    for m in lex.main.finditer(sq.text):
        alias = lex.aliases[m.group("stem")]
        region, ok = _prefix_region(m, sq, jurisdiction, lex, ctx)
        if not ok:
            continue
        start = m.start()
        if alias.scope == "as_written":
            if not m.group("place"):
                continue
            canonical = sq.text[m.start("place") : m.end()]
        else:
            if region is None:
                if m.group("level") or alias.scope != "local" or not _bare_allowed(sq, m.start("stem"), lex):
                    continue
                region = _bare_region(sq, m.start("stem"), alias, jurisdiction, ctx)
                if region is None:
                    continue
            else:
                ctx.last_prefixed = (m.end(), region)
            start = m.start("cpc") if m.group("cpc") else start
            # a stem with "|" names two bodies (两办 = 委办公厅|政府办公厅): each gets the place
            canonical = "|".join(_place_name(region) + st for st in alias.stem_at(_level_name(region)).split("|"))
            if m.group("bhead"):
                canonical += m.group("bplace") + (m.group("blevel") or "") + m.group("bhead")
        if m.group("place"):
            ctx.places.append((m.end(), region))
        code = region.adcode
        if m.group("bhead"):
            code = lex.places[m.group("bplace")].adcode
        yield _Hit(start, m.end(), canonical, alias.department_type, code, _blocked_after(sq, m.end(), lex))


def _place_name(region: Region) -> str:
    """The prefix a canonical name carries: 浙江省, 台州市, 三门县 (the unit's official name)."""
    return region.name


def _national_hits(sq: _Squeezed, lex: _Lexicon) -> Iterator[_Hit]:
    for m in lex.national.finditer(sq.text):
        alias = lex.aliases[m.group()]
        yield _Hit(m.start(), m.end(), alias.stem, alias.department_type, None, _blocked_after(sq, m.end(), lex))


def _bank_hits(sq: _Squeezed, lex: _Lexicon) -> Iterator[_Hit]:
    """People's Bank branches: 人民银行 + the place as written + 中心支行/支行.

    人行杭州中心支行 → 人民银行杭州中心支行 (the form of the annotation schema).
    """
    for m in lex.bank.finditer(sq.text):
        alias = lex.aliases[m.group("word")]
        if m.group("head"):
            place = m.group("place")
            region = lex.places.get(place) or lex.places.get(place.rstrip(LEVEL_CHARS))
            canonical = (alias.city_stem or alias.stem) + place + m.group("head")
            code = region.adcode if region else None
        elif m.group("word") == alias.stem:
            canonical, code = alias.stem, None  # the central bank itself, written in full
        else:
            continue  # 人行 / 人民银行 alone: too vague to name a branch
        yield _Hit(m.start(), m.end(), canonical, alias.department_type, code, _blocked_after(sq, m.end(), lex))


def _youth_hits(sq: _Squeezed, jurisdiction: Jurisdiction, lex: _Lexicon) -> Iterator[_Hit]:
    """The Communist Youth League committee: 团县委 → 共青团三门县委, 共青团台州市委."""
    for m in lex.youth.finditer(sq.text):
        region = _youth_region(m, jurisdiction, lex)
        if region is not None:
            yield _Hit(
                m.start(),
                m.end(),
                f"共青团{region.name}委",
                "federation",
                region.adcode,
                _blocked_after(sq, m.end(), lex),
            )


def _youth_region(m: re.Match[str], jurisdiction: Jurisdiction, lex: _Lexicon) -> Region | None:
    if m.group("place"):
        return lex.places[m.group("place")]
    return _regions(jurisdiction)[m.group("level")]


def _enumeration_hits(sq: _Squeezed, jurisdiction: Jurisdiction, lex: _Lexicon) -> Iterator[_Hit]:
    """Bare domains listed as departments: 民政、医保、住建等19个部门; 部门（民政、农业农村、残联、慈善总会等）."""
    for pattern in (lex.enumeration, lex.bracketed):
        for m in pattern.finditer(sq.text):
            level = m.group("level") or ""
            if level and _is_word_level(sq, m.start("level"), level, lex):
                level = ""
            region = _regions(jurisdiction)[level]
            if region is None:
                continue
            pos = m.start("items")
            while pos < m.end("items"):
                item = lex.item.match(sq.text, pos, m.end("items"))
                if item is None:
                    break
                hit = _item_hit(item.group(), pos, region, jurisdiction, lex)
                if hit is not None:
                    yield hit
                pos = item.end() + 1  # past the separator


def _item_hit(item: str, pos: int, region: Region, jurisdiction: Jurisdiction, lex: _Lexicon) -> _Hit | None:
    level = _level_name(region)
    end = pos + len(item)
    if item in lex.domains:
        d = lex.domains[item]
        return _Hit(pos, end, region.name + d.stems[level], d.department_type, region.adcode, False)
    if item in lex.aliases:
        a = lex.aliases[item]
        return _Hit(pos, end, region.name + a.stem_at(level), a.department_type, region.adcode, False)
    youth = _regions(jurisdiction).get(item[1:2])
    if youth is None:
        return None
    return _Hit(pos, end, f"共青团{youth.name}委", "federation", youth.adcode, False)


def _group_hits(sq: _Squeezed, jurisdiction: Jurisdiction, lex: _Lexicon) -> Iterator[_Hit]:
    """Leading groups set up by the case or named with their place (成立“乡村名校”建设工作领导小组)."""
    for m in lex.group_head.finditer(sq.text):
        found = _group_name(sq, m.start(), jurisdiction, lex)
        if found is None:
            continue
        name_start, prefix, region = found
        name = _strip_quotes(sq.text[name_start : m.start()][len(prefix) :])
        if len(lex.generic_name.sub("", name)) < 2:
            continue  # 成立工作领导小组: no name
        yield _Hit(
            name_start,
            m.end(),
            region.name + name + m.group(),
            "leading group",
            region.adcode,
            _blocked_after(sq, m.end(), lex),
        )


def _group_name(sq: _Squeezed, head: int, jurisdiction: Jurisdiction, lex: _Lexicon) -> tuple[int, str, Region] | None:
    """(start, prefix, region) of a leading group's name ending at ``head``.

    The name runs back at most 30 characters and never over a line break or a stop (由市委书记挂帅的东阳市…: it
    starts after 的). Inside that, it starts after the verb that sets the group up (成立), at its place name
    (东阳市…), or at a level character that opens a phrase (与县建设最优营商环境领导小组).
    """
    begin = max(0, head - 30, *(b for b in sq.breaks if b <= head))
    for stop in lex.name_stop.finditer(sq.text, begin, head):
        begin = stop.end()
    verb = lex.establish_tail.search(sq.text, begin, head)
    if verb is not None:
        begin = verb.end()
        place = lex.group_place.match(sq.text, begin, head)
        if place is not None and place.group() in lex.places:
            return begin, place.group(), lex.places[place.group()]
        region = _regions(jurisdiction)[""]
        return (begin, "", region) if region is not None else None
    for i in range(begin, head):
        place = lex.group_place.match(sq.text, i, head)
        if place is not None and place.group() in lex.places:
            return i, place.group(), lex.places[place.group()]
        level = sq.text[i]
        if level in LEVEL_CHARS and (i == begin or _bare_allowed(sq, i, lex)) and not _is_word_level(sq, i, level, lex):
            region = _regions(jurisdiction)[level]
            return (i, level, region) if region is not None else None
    return None


def _agency_hits(sq: _Squeezed, jurisdiction: Jurisdiction, lex: _Lexicon) -> Iterator[_Hit]:
    """Bodies set up by a government and written with its level: 建立县联合帮扶中心, 依托县党员志愿服务总站."""
    for m in lex.agency.finditer(sq.text):
        level = m.group("level")
        region = _regions(jurisdiction)[level]
        if region is None or lex.name_stop.search(m.group("name")) or lex.agency_block.search(m.group("name")):
            continue
        yield _Hit(
            m.start("level"),
            m.end(),
            region.name + m.group("name") + m.group("head"),
            "public institution",
            region.adcode,
            _blocked_after(sq, m.end(), lex),
        )


def _strip_quotes(s: str) -> str:
    return "".join(ch for ch in s if ch not in _QUOTES)


# --- selection ---------------------------------------------------------------------------------------------


def _select(hits: list[_Hit], sq: _Squeezed) -> list[_Hit]:
    """Leftmost-longest non-overlapping hits, then drop every member of a chain that a title follows."""
    chosen: list[_Hit] = []
    for h in sorted(hits, key=lambda h: (h.start, -(h.end - h.start))):
        if not chosen or h.start >= chosen[-1].end:
            chosen.append(h)
    keep: list[_Hit] = []
    blocked_next = False
    for i in range(len(chosen) - 1, -1, -1):
        h = chosen[i]
        nxt = chosen[i + 1] if i + 1 < len(chosen) else None
        chained = nxt is not None and sq.text[h.end : nxt.start] in _CHAIN_GAPS
        blocked = h.blocked or (chained and blocked_next)
        if not blocked:
            keep.append(h)
        blocked_next = blocked
    keep.reverse()
    return keep


def find_departments(text: str, jurisdiction: Jurisdiction) -> list[DepartmentMention]:
    """Departments named in ``text`` (normalised case text), sorted, non-overlapping, longest match first.

    ``jurisdiction`` is the case's administrative context: it resolves 省/市/县/区 prefixes and bare names.
    A level prefix that the context cannot resolve (市 in a provincial case) yields no mention rather than a
    name without its place, so every canonical name identifies one body.
    """
    lex = _lexicon()
    sq = _Squeezed.of(text)
    hits: list[_Hit] = [
        *_main_hits(sq, jurisdiction, lex),
        *_national_hits(sq, lex),
        *_bank_hits(sq, lex),
        *_youth_hits(sq, jurisdiction, lex),
        *_enumeration_hits(sq, jurisdiction, lex),
        *_group_hits(sq, jurisdiction, lex),
        *_agency_hits(sq, jurisdiction, lex),
    ]
    out: list[DepartmentMention] = []
    for h in _select(hits, sq):
        start, end = sq.span(h.start, h.end)
        names = h.canonical.split("|")
        types = h.department_type.split("|")  # one type for all, or one per body (两办: party organ|government …)
        for i, canonical in enumerate(names):
            kind = types[i] if len(types) == len(names) else types[0]
            out.append(DepartmentMention(start, end, text[start:end], canonical, kind, h.jurisdiction))
    return out


# --- the 责任单位 column of a reform table -------------------------------------------------------------------


def split_responsible_units(cell: str) -> list[tuple[int, int, str]]:
    """The units of a 责任单位 cell, split on 、 ， ; and line breaks: (start, end, surface) into ``cell``.

    Surrounding whitespace is trimmed from each unit; empty pieces (a trailing 、) are dropped.
    """
    out: list[tuple[int, int, str]] = []
    for m in _UNIT_SPLIT.finditer(cell):
        piece = m.group()
        stripped = piece.strip()
        if not stripped:
            continue
        start = m.start() + piece.index(stripped)
        out.append((start, start + len(stripped), stripped))
    return out


def resolve_unit(surface: str, jurisdiction: Jurisdiction) -> DepartmentMention | None:
    """The department one 责任单位 unit names, with offsets into ``surface``; None when it is not a department.

    A unit is a whole name, so it must be matched as a whole: 县自然资源规划局 → 三门县自然资源和规划局,
    市生态环境局三门分局 → 台州市生态环境局三门分局. A unit that the alias table does not know but that is written
    like a body of a level (县旅游发展委员会: a level or place, a name, an organisational head) is still a
    department of that level, of type "other": the column lists responsible bodies, so the form is evidence enough.

    None for a township (海游街道, 珠岙镇: a region, which the region extractor reports) and for an organisation that
    is not a department (三门技师学院, a school; a company or a bank acting commercially).
    """
    unit = surface.strip()
    if not unit or unit.endswith(_TOWNSHIP_SUFFIXES):
        return None
    offset = surface.index(unit)
    lex = _lexicon()
    if lex.not_department.search(unit):
        return None
    found = find_departments(unit, jurisdiction)
    if len(found) == 1 and found[0].start == 0 and found[0].end == len(unit):
        m = found[0]
        canonical, department_type, code = m.canonical, m.department_type, m.jurisdiction
    else:
        body = _unit_body(unit, jurisdiction, lex)
        if body is None:
            return None
        canonical, department_type, code = body
    return DepartmentMention(offset, offset + len(unit), unit, canonical, department_type, code)


def _unit_body(unit: str, jurisdiction: Jurisdiction, lex: _Lexicon) -> tuple[str, str, str | None] | None:
    """(canonical, type, adcode) of a unit shaped like a body of a level but missing from the alias table."""
    m = lex.unit_body.fullmatch(unit)
    if m is None:
        return None
    region = lex.places[m.group("place")] if m.group("place") else _regions(jurisdiction)[m.group("level")]
    if region is None:
        return None
    return region.name + m.group("name"), "other", region.adcode
