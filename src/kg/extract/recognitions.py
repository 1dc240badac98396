"""Find recognitions of a practice — awards, selections, pilots, media coverage — in normalised case text.

Two readings, both driven by ``data/lexicons/recognitions.csv``:

- Cue verbs (荣获, 获评, 入选, 列入, 获批, 作为, 成为 …, and 落户 with the thing before it) followed by what was
  won or entered, up to the end of the clause. A list (创成A、B) gives one recognition per item. What decides
  the kind as much as the verb does: anything ending in a pilot word (…试点, …试验区, …首批试点城市) is a pilot,
  whichever verb brought it. Weak verbs need support, because they are everyday words: 获/获得 only with an
  award word at the end (…银奖, …称号), 列入/入选 only with a marker of rank or list (全省, 首批, 名单, 案例 —
  not 列入商家名录), 成为 only with a rank word (首个, 唯一). A cue after 将/把 in its clause is the case's own act
  (将困难对象列入管理范围), and one after 争创/申报/有望 is a plan: neither is a recognition.
- Media outlets (央视《新闻联播》, 人民日报, 新华社 …) followed in the same clause by a coverage verb (报道, 刊发,
  点赞, 专题推介), or preceded by 刊登在. Each outlet of a list is its own recognition (获《人民日报》、浙江卫视推介).

``by`` is the awarding body when the text names one (被省教育厅评为, 入选民政部…案例), the province when what is
provincial (省级…, 全省…, 浙江省…), a city named at its start (台州市首批…), else None.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache

from kg.extract.clauses import BRACKETS, CLAUSE_END, JoinedText, clause_start
from kg.extract.endorsements import join_lines
from kg.paths import lexicon_dir

_CJK = "\u4e00-\u9fff"
# Closed grammatical sets: clause punctuation, brackets, list separators, time prefixes.
_OPEN = BRACKETS
_CLOSE = frozenset(BRACKETS.values())
_LIST_SEP = "、和与及"
_MAX_WHAT = 50
_MAX_LIST = 150  # a list of recognitions after one verb (入选A、B、C和D)
_MAX_MEDIA_GAP = 32  # outlet … verb (新华社以《杭州：盘活微空间，建设10分钟健身圈》为题进行专题报道)
_LEAD_TIME = re.compile(r"^(?:\d{4}年度?|\d{4}-\d{4}年度?)")
_LEAD_FILLER = re.compile(r"[了为：:]+")  # used with match(pos): no ^
_CITY_PREFIX = re.compile(rf"^([{_CJK}]{{2,3}}?市)(?=[{_CJK}“《])")
_MIN_WHAT = 3
_TRAILING_COUNT = re.compile(r"(?:\d+(?:\.\d+)?|[一二三四五六七八九十两]+)(?P<unit>[个家项所处人名位])$")
_PERSON_UNITS = "人名位"  # 入选省“万人计划”3人: people were selected, not the practice


@dataclass(frozen=True)
class RecognitionMention:
    """A recognition of the practice: what it won or entered, of which kind, and who gave it."""

    start: int
    end: int
    surface: str
    kind: str  # award | selection | media | pilot | other
    by: str | None
    what: str


@dataclass(frozen=True)
class _Lexicon:
    outlet: re.Pattern[str]
    media_verb: re.Pattern[str]
    media_verb_before: re.Pattern[str]
    cue: re.Pattern[str]
    cue_class: dict[str, tuple[str, bool]]  # term → (category, names the thing before it)
    award_suffix: re.Pattern[str]
    pilot: re.Pattern[str]
    marker: re.Pattern[str]
    rank: re.Pattern[str]
    no_cue_before: tuple[str, ...]
    no_cue_in_clause: tuple[str, ...]
    plan_in_what: tuple[str, ...]
    and_split: re.Pattern[str]
    strip_tail: re.Pattern[str]
    level_by: tuple[tuple[str, str | None], ...]
    org_prefix: re.Pattern[str]


def _rows(name: str) -> list[dict[str, str]]:
    path = lexicon_dir() / name
    if not path.exists():
        return []
    with path.open(encoding="utf-8") as f:
        return [
            {k: (v or "").strip() for k, v in row.items()}
            for row in csv.DictReader(line for line in f if not line.startswith("#"))
        ]


def _alt(words: list[str]) -> str:
    alt = "|".join(re.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w)) if w)
    return alt or "(?!)"


@lru_cache(maxsize=1)
def _lexicon() -> _Lexicon:
    rows = _rows("recognitions.csv")
    terms: dict[str, list[str]] = {}
    for r in rows:
        terms.setdefault(r["kind"], []).append(r["term"])
    cue_rows = [r for r in rows if r["kind"] in ("cue", "cue_after")]
    cue_class = {r["term"]: (r["category"], r["kind"] == "cue_after") for r in cue_rows}
    level_rows = [r for r in rows if r["kind"] == "level_by"]
    return _Lexicon(
        outlet=re.compile(_alt(terms.get("outlet", []))),
        media_verb=re.compile(_alt(terms.get("media_verb", []))),
        media_verb_before=re.compile(rf"(?:{_alt(terms.get('media_verb_before', []))})在?$"),
        cue=re.compile(_alt(list(cue_class) + terms.get("not_cue", []))),
        cue_class=cue_class,
        award_suffix=re.compile(rf"(?:{_alt(terms.get('award_suffix', []))})[”》]?$"),
        pilot=re.compile(
            rf"(?:{_alt(terms.get('pilot_head', []))})[”》]?(?:{_alt(terms.get('pilot_tail', []))})*[”》]?$"
        ),
        marker=re.compile(_alt(terms.get("marker", []))),
        rank=re.compile(_alt(terms.get("rank", []))),
        no_cue_before=tuple(terms.get("no_cue_before", [])),
        no_cue_in_clause=tuple(terms.get("no_cue_after_in_clause", [])),
        plan_in_what=tuple(terms.get("plan_in_what", [])),
        and_split=re.compile(rf"和(?=\d{{4}}年|{_alt(terms.get('and_split_before', []))})"),
        strip_tail=re.compile(rf"(?:{_alt(terms.get('strip_tail', []))})$"),
        level_by=tuple((r["term"], r["category"] or None) for r in sorted(level_rows, key=lambda r: -len(r["term"]))),
        org_prefix=re.compile(rf"^(?!全)[{_CJK}]{{1,9}}(?:{_alt(terms.get('org_suffix', []))})(?=[{_CJK}“《])"),
    )


# ---------------------------------------------------------------------------------------------- clause scanning


def _scan(view: JoinedText, i: int, limit: int, *, stop_at_list: bool = False) -> int:
    """End of the phrase starting at ``i``: the next top-level clause mark (or 、 if asked), line break or ``limit``."""
    text, depth, e = view.text, 0, i
    breaks = view.break_set
    while e < min(limit, len(text)):
        ch = text[e]
        if e > i and e in breaks and depth == 0:
            break
        if ch in _OPEN:
            depth += 1
        elif ch in _CLOSE and depth:
            depth -= 1
        elif depth == 0 and (ch in CLAUSE_END or (stop_at_list and ch == "、")):
            break
        e += 1
    return e


def _items(view: JoinedText, s: int, e: int, lex: _Lexicon) -> list[tuple[int, int]]:
    """The items of a list text[s:e]: split at top-level 、 (not inside quotes or brackets), and at 和 when a new
    name follows it (试点和全国…首批试点市; not 文化和旅游)."""
    out: list[tuple[int, int]] = []
    a = s
    while a < e:
        b = _scan(view, a, e, stop_at_list=True)
        k = a
        for m in lex.and_split.finditer(view.text, a, b):
            if m.start() - k >= _MIN_WHAT and _balanced(view.text[k : m.start()]):
                out.append((k, m.start()))
                k = m.end()
        out.append((k, b))
        a = b + 1
    return out


def _balanced(s: str) -> bool:
    return all(s.count(o) == s.count(c) for o, c in _OPEN.items() if o != c)


# ---------------------------------------------------------------------------------------------- by


def _by(what: str, agent: str | None, lex: _Lexicon) -> str | None:
    """The body behind a recognition: the agent named (被省教育厅评为), else an organisation or level opening what."""
    if agent:
        return "浙江" + agent if agent.startswith("省") else agent
    core = _LEAD_TIME.sub("", what).lstrip("“《")
    outlet = lex.outlet.match(core)
    if outlet:
        return outlet.group()
    org = lex.org_prefix.match(core)
    if org:
        return "浙江" + org.group() if org.group().startswith("省") else org.group()
    for prefix, by in lex.level_by:
        if core.startswith(prefix):
            return by
    city = _CITY_PREFIX.match(core)
    return city.group(1) if city else None


# ---------------------------------------------------------------------------------------------- cue verbs


def _kind(category: str, what: str, lex: _Lexicon) -> str | None:
    """The recognition kind of ``what`` brought by a verb of ``category``, or None when it is no recognition."""
    if lex.pilot.search(what):
        return "pilot"
    if category == "award":
        return "award"
    if category == "award_weak":
        return "award" if lex.award_suffix.search(what) else None
    if category == "award_marked":
        return "award" if lex.marker.search(what) else None
    if category == "selection":
        return "selection" if lex.marker.search(what) else None
    if category == "pilot_or_award":
        return "award"
    if category == "other":
        return "other" if lex.rank.search(what) else None
    return None


def _clean(view: JoinedText, s: int, e: int, lex: _Lexicon) -> tuple[int, int]:
    """Trim filler before what (了, 为) and words after it that are not part of the name (…为契机, …以来)."""
    text = view.text
    lead = _LEAD_FILLER.match(text, s, e)
    if lead:
        s = lead.end()
    tail = lex.strip_tail.search(text[s:e])
    if tail and tail.start() > 0:
        e = s + tail.start()
    return s, e


def _agent(view: JoinedText, clause_s: int, verb_s: int) -> tuple[int, str] | None:
    """被X评为: the body X between 被 and the verb, with the position of 被."""
    k = view.text.rfind("被", clause_s, verb_s)
    if k < 0 or not 1 <= verb_s - k - 1 <= 15:
        return None
    agent = view.text[k + 1 : verb_s]
    return (k, agent) if re.fullmatch(rf"[{_CJK}（）]+", agent) else None


def _is_plan_or_own_act(view: JoinedText, clause_s: int, verb_s: int, lex: _Lexicon) -> bool:
    text = view.text
    if any(text.endswith(w, max(0, verb_s - 6), verb_s) for w in lex.no_cue_before):
        return True
    return any(w in text[clause_s:verb_s] for w in lex.no_cue_in_clause)


def _cue_after(view: JoinedText, m: re.Match[str], clause_s: int, lex: _Lexicon) -> list[tuple]:
    """“中国新样态学校试验区”落户该县: the pilot is named before the verb."""
    text = view.text
    s = clause_s
    if m.start() > 0 and text[m.start() - 1] == "”":
        q = text.rfind("“", clause_s, m.start())
        s = q if q >= 0 else clause_s
    what = text[s : m.start()].strip("“”")
    if len(what) < _MIN_WHAT or not lex.pilot.search(what):
        return []
    return [(s, m.end(), "pilot", _by(what, None, lex), what)]


def _cue(view: JoinedText, m: re.Match[str], cue_starts: list[int], lex: _Lexicon) -> list[tuple]:
    if m.group() not in lex.cue_class:
        return []  # 获得感, 入选数量: a word that only contains a cue
    category, after = lex.cue_class[m.group()]
    clause_s = clause_start(view, m.start())
    if _is_plan_or_own_act(view, clause_s, m.start(), lex):
        return []
    if after:
        return _cue_after(view, m, clause_s, lex)
    next_cue = min([c for c in cue_starts if c > m.start()] + [len(view.text)])
    end = _scan(view, m.end(), min(next_cue, m.end() + _MAX_LIST))
    agent = _agent(view, clause_s, m.start())
    items = _items(view, m.end(), end, lex)
    out = []
    for k, (a, b) in enumerate(items):
        if k and k == len(items) - 1 and end == next_cue:
            break  # 荣获A、新三宝服务社荣获B: the last "item" is the subject of the next verb
        a, b = _clean(view, a, b, lex)
        count = _TRAILING_COUNT.search(view.text, a, b)
        if count and count.group("unit") in _PERSON_UNITS:
            continue
        what = view.text[a : count.start() if count else b]
        if not _MIN_WHAT <= len(what) <= _MAX_WHAT or not _balanced(what):
            continue
        if any(w in what for w in lex.plan_in_what):
            continue
        kind = _kind(category, what, lex)
        if kind is None:
            continue
        start = (agent[0] if agent else m.start()) if k == 0 else a
        out.append((start, b, kind, _by(what, agent[1] if agent else None, lex), what))
    return out


# ---------------------------------------------------------------------------------------------- media


def _outlet_units(view: JoinedText, lex: _Lexicon) -> list[tuple[int, int]]:
    """Outlets as written, each with its programmes: 央视《新闻联播》, 《人民日报》, 《中央新闻联播》,
    中央电视台《新闻联播》《共同关注》; 《人民日报》《浙江日报》 are two outlets."""
    text = view.text
    units: list[list[int]] = []
    for m in lex.outlet.finditer(text):
        s, e = m.start(), m.end()
        opened = text.rfind("《", max(0, s - 6), s)
        closed = text.find("》", e, e + 7)
        if opened >= 0 and closed >= 0 and _balanced(text[opened : closed + 1]):
            inside = text[opened + 1 : s] + text[e:closed]
            if "《" not in inside and "》" not in inside:
                s, e = opened, closed + 1
        if units and units[-1][1] == s and text[units[-1][0]] != "《":
            units[-1][1] = e  # 央视新闻联播, 央视《新闻联播》: one outlet with its programme
            continue
        if units and s < units[-1][1]:
            continue
        units.append([s, e])
    out: list[tuple[int, int]] = []
    for s, e in units:
        while text.startswith("《", e) and text[s] != "《":
            close = text.find("》", e, e + 14)
            if close < 0 or lex.outlet.search(text, e, close):
                break
            e = close + 1
        out.append((s, e))
    return out


def _media_lists(view: JoinedText, units: list[tuple[int, int]]) -> list[list[tuple[int, int]]]:
    """Outlets joined by 、 和 与 及 (获《人民日报》、浙江卫视专题推介) form one list sharing one verb."""
    lists: list[list[tuple[int, int]]] = []
    for u in units:
        if lists:
            gap = view.text[lists[-1][-1][1] : u[0]]
            if len(gap) <= 1 and all(c in _LIST_SEP for c in gap):
                lists[-1].append(u)
                continue
        lists.append([u])
    return lists


def _media(view: JoinedText, lex: _Lexicon) -> list[tuple]:
    text = view.text
    out: list[tuple] = []
    for group in _media_lists(view, _outlet_units(view, lex)):
        g_start, g_end = group[0][0], group[-1][1]
        clause_s = clause_start(view, g_start)
        verb_s = verb_e = -1
        before = lex.media_verb_before.search(text, clause_s, g_start)
        if before:
            verb_s, verb_e = before.start(), before.end()
        else:
            limit = _scan(view, g_end, g_end + _MAX_MEDIA_GAP)
            verb = lex.media_verb.search(text, g_end, limit)
            if verb:
                verb_s, verb_e = verb.start(), verb.end()
        if verb_s < 0:
            continue
        if verb_s < g_start:  # 刊登在《农民日报》头版
            what_e = _scan(view, g_end, g_end + _MAX_WHAT)
        else:  # 点赞“温岭-景宁山海协作”, 专题推介 (and not what follows 并: 专题报道并受邀参加…)
            what_e = max(verb_e, _scan(view, verb_s, verb_s + _MAX_WHAT))
            conj = text.find("并", verb_e, what_e)
            what_e = conj if conj >= 0 else what_e
        what = text[verb_s:what_e]
        for s, e in group:
            out.append((min(s, verb_s), max(what_e, e), "media", text[s:e], what))
    return out


# ---------------------------------------------------------------------------------------------- entry point


def find_recognitions(text: str) -> list[RecognitionMention]:
    """Recognitions in ``text`` (normalised case text), in text order."""
    if not text:
        return []
    lex = _lexicon()
    view = join_lines(text)
    cues = list(lex.cue.finditer(view.text))
    starts = [m.start() for m in cues]
    found: list[tuple] = []
    for m in cues:
        found += _cue(view, m, starts, lex)
    found += _media(view, lex)
    out: list[RecognitionMention] = []
    seen: set[tuple[int, str]] = set()
    for s, e, kind, by, what in sorted(found, key=lambda f: (f[0], f[1])):
        if (s, what) in seen:
            continue
        seen.add((s, what))
        start, end = view.pos[s], view.pos[e - 1] + 1
        out.append(RecognitionMention(start, end, text[start:end], kind, by, what))
    return out
