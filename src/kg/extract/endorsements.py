"""Find leader endorsements (批示, 肯定, 点赞, 指示, 调研 …) in normalised case text, with character offsets.

An endorsement is a political leader — named (时任省委书记袁家军, 郑栅洁省长) or only titled (省领导, 国务院领导) —
followed, in the same sentence, by an action verb (批示肯定, 充分肯定, 点赞, “五个帮”指示). Chinese puts the leader
before the verb, so the text is read left to right: leaders joined by list separators (、 和 及, 等领导) form a
group, and the actions that follow the group belong to every leader in it. Each leader gets one mention, whose
action is the strongest of the group's verbs (批示肯定 → 批示, 调研时充分肯定 → 肯定).

Why the rules look the way they do:
- A person name is only read next to a leader title (before it or after it) and must start with a common
  surname: a bare name is not a leader, and 时任 / 等 / 高度 never become part of a name.
- A passive 被, a media outlet (央视《新闻联播》点赞 is media coverage, a Recognition) or the end of a sentence
  stops a group: the verb after it has another subject.
- Recipient lines of a brief's header (报：李跃旗书记、吴海平市长…) list addressees, not endorsers; they are
  skipped even if the pipeline passes them.
- Lines still broken inside a word are tolerated: matching runs on the text with line breaks removed, and
  offsets are mapped back; a removed break still ends a sentence (normalisation keeps only breaks after
  sentences and headings).

Titles, actions, bodies, surnames and outlets are data: ``data/lexicons/leader_titles.csv``,
``endorsement_actions.csv`` and ``recognitions.csv``. Every regular expression is built once and cached.
"""

from __future__ import annotations

import csv
import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache

from kg.extract.clauses import CLAUSE_END, JoinedText, clause_end, clause_start
from kg.paths import lexicon_dir

_CJK = "\u4e00-\u9fff"
# Closed grammatical sets (not knowledge): punctuation, list separators, characters that end a name.
_SENTENCE_END = "。；！？;!?"
_NAME_STOPPERS = frozenset("等、，和与及同来到在对的为向给也就将曾并从赴于以一率亲专多均已还都是")
_PASSIVE = "被"
_VISIT_PRIORITY = 6  # actions of this priority (调研, 考察) are visits: the evaluation may follow in the next clause
_MAX_GAP = 40  # characters allowed between a leader group and its verb (对…工作作出肯定性批示)
_SHORT_TITLE = 2  # 2-character titles (市长, 区长) also occur inside words (城市长效, 园区长廊)
_STANDALONE_BEFORE = frozenset("获得到受经由请向对和与及、，的")
_RECIPIENT_MARK = re.compile(r"^[ \t]*(?:报|送|抄送|抄报|主送|发)[：:]")
_RECIPIENT_ANY = re.compile(r"(?m)^[ \t]*(?:报|送|抄送|抄报|主送|发)[：:]")
_LINE_BREAKS = re.compile(r"[\r\n]+")
_SENTENCE_END_RE = re.compile(f"[{_SENTENCE_END}]")
_LIST_GAP = re.compile(rf"[，,]|以及|(?:[、和与及]|以及)[{_CJK}（）]{{0,12}}")
_QUOTE = re.compile(r"“([^“”]{1,120})”|「([^「」]{1,120})」")


@dataclass(frozen=True)
class EndorsementMention:
    """A leader's endorsement of (or instruction on) the practice: who, with which title, how, and the words.

    ``start``/``end`` cover the clause(s) that evidence it, from the leader to the verb (and the quote);
    ``leader`` is None when only a title is given (省领导批示).
    """

    start: int
    end: int
    surface: str
    leader: str | None
    title: str
    action: str  # 批示 | 肯定 | 表扬 | 点赞 | 指示 | 调研 | other
    quote: str | None


@dataclass(frozen=True)
class _Lexicon:
    title: re.Pattern[str]
    standalone: frozenset[str]
    tenure: tuple[str, ...]
    block_before: tuple[str, ...]
    not_name: re.Pattern[str]
    surnames: frozenset[str]
    compound_surnames: frozenset[str]
    body_leader: re.Pattern[str]
    not_after_leader: re.Pattern[str]
    action: re.Pattern[str]
    action_class: dict[str, tuple[str, int]]  # surface → (action, priority); absent = not an action
    speech_end: re.Pattern[str]
    quote_tail: re.Pattern[str]
    outlets: re.Pattern[str]


@dataclass(frozen=True)
class _Leader:
    start: int
    end: int
    name: str | None
    title: str


@dataclass(frozen=True)
class _Action:
    start: int
    end: int
    action: str
    priority: int


def _rows(name: str) -> list[dict[str, str]]:
    path = lexicon_dir() / name
    if not path.exists():
        return []
    with path.open(encoding="utf-8") as f:
        return [
            {k: (v or "").strip() for k, v in row.items()}
            for row in csv.DictReader(line for line in f if not line.startswith("#"))
        ]


def _alternation(words: list[str] | set[str]) -> str:
    """One regex alternative per word, longest first (so 省委书记 wins over 书记)."""
    return "|".join(re.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w)) if w)


def _compile(words: list[str] | set[str]) -> re.Pattern[str]:
    alt = _alternation(words)
    return re.compile(alt) if alt else re.compile(r"(?!)")


@lru_cache(maxsize=1)
def _lexicon() -> _Lexicon:
    by_kind: dict[str, list[dict[str, str]]] = {}
    for row in _rows("leader_titles.csv"):
        by_kind.setdefault(row["kind"], []).append(row)
    terms = {k: [r["term"] for r in v] for k, v in by_kind.items()}
    surnames = terms.get("surname", [])
    bodies = _alternation(terms.get("body", []))
    not_after = _alternation(terms.get("not_after_leader", []))
    body_leader = re.compile(
        rf"(?P<deng>等)?(?:多位|各位|诸位)?(?P<body>(?:{bodies})(?:[、和]?(?:{bodies}))*)?(?:各级|主要|有关|相关)*领导$"
    )
    actions: dict[str, tuple[str, int]] = {}
    all_action_words: list[str] = []
    speech: list[str] = []
    tails: list[str] = []
    for row in _rows("endorsement_actions.csv"):
        kind, surface = row["kind"], row["surface"]
        if kind == "action":
            actions[surface] = (row["action"], int(row["priority"] or 9))
            all_action_words.append(surface)
        elif kind == "not_action":
            all_action_words.append(surface)
        elif kind == "speech":
            speech.append(surface)
        elif kind == "quote_tail":
            tails.append(surface)
    outlets = [r["term"] for r in _rows("recognitions.csv") if r.get("kind") == "outlet"] + ["媒体"]
    return _Lexicon(
        title=_compile(terms.get("title", [])),
        standalone=frozenset(r["term"] for r in by_kind.get("title", []) if r.get("standalone") == "yes"),
        tenure=tuple(terms.get("tenure", [])),
        block_before=tuple(terms.get("block_before", [])),
        not_name=_compile(terms.get("not_name", []) + list(actions)),
        surnames=frozenset(s for s in surnames if len(s) == 1),
        compound_surnames=frozenset(s for s in surnames if len(s) == 2),
        body_leader=body_leader,
        not_after_leader=re.compile(not_after or "(?!)"),
        action=_compile(all_action_words),
        action_class=actions,
        speech_end=re.compile(rf"(?:{_alternation(speech)})[了的]?[：:]?$"),
        quote_tail=re.compile(rf"的?[{_CJK}]{{0,3}}?(?:{_alternation(tails)})"),
        outlets=_compile(outlets),
    )


# ---------------------------------------------------------------------------------------------- text view


def _recipient_lines(text: str) -> list[tuple[int, int]]:
    """Spans of header recipient lists (报：…), including continuation lines after a trailing 、 or ，."""
    if not _RECIPIENT_ANY.search(text):
        return []
    spans: list[tuple[int, int]] = []
    pos = 0
    inside = False
    for line in text.split("\n"):
        start, end = pos, pos + len(line)
        pos = end + 1
        if inside or _RECIPIENT_MARK.match(line):
            spans.append((start, end))
            inside = line.rstrip().endswith(("、", "，", ","))
        else:
            inside = False
    return spans


def join_lines(text: str) -> JoinedText:
    """``text`` with line breaks removed and recipient lines replaced by a sentence end, plus the offset map.

    Matching on the joined text tolerates a term broken over two lines; every removed break is still recorded
    as a sentence end, because normalisation only keeps breaks after sentences and headings.
    """
    cuts = [(a, b, "。") for a, b in _recipient_lines(text)]
    cuts += [(m.start(), m.end(), "") for m in _LINE_BREAKS.finditer(text)]
    cuts.sort()
    pieces: list[str] = []
    pos: list[int] = []
    breaks: list[int] = []
    n = 0
    cursor = 0
    for a, b, repl in cuts:
        a = max(a, cursor)
        if b <= cursor:
            continue
        pieces.append(text[cursor:a])
        pos.extend(range(cursor, a))
        n += a - cursor
        breaks.append(n)
        if repl:
            pieces.append(repl)
            pos.append(a)
            n += 1
        cursor = b
    pieces.append(text[cursor:])
    pos.extend(range(cursor, len(text)))
    joined = "".join(pieces)
    unique = sorted({*breaks, *(m.start() for m in _SENTENCE_END_RE.finditer(joined))})
    return JoinedText(joined, tuple(pos), tuple(unique), frozenset(unique))


def _has_break(view: JoinedText, start: int, end: int) -> bool:
    """True when a sentence ends between ``start`` (inclusive) and ``end`` (exclusive)."""
    i = bisect_left(view.breaks, start)
    return i < len(view.breaks) and view.breaks[i] < end


# ---------------------------------------------------------------------------------------------- names


def _is_cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


def _name_after(text: str, i: int, lex: _Lexicon) -> str | None:
    """The person name that starts at ``i`` right after a title (省委书记袁家军), if any."""
    if lex.not_name.match(text, i) or lex.title.match(text, i):
        return None
    head = 2 if text[i : i + 2] in lex.compound_surnames else 1
    if head == 1 and text[i : i + 1] not in lex.surnames:
        return None
    run = i
    while run < len(text) and run - i < head + 2 and _is_cjk(text[run]):
        run += 1
    if run - i < head + 1:
        return None
    if run - i == head + 2:
        third = head + 1 + i
        ends_early = text[third] in _NAME_STOPPERS or lex.action.match(text, third) or lex.title.match(text, third)
        if not ends_early:
            return text[i:run]
    return text[i : i + head + 1]


def _name_before(text: str, i: int, floor: int, lex: _Lexicon) -> str | None:
    """The person name that ends at ``i`` right before a title (郑栅洁省长), if any; never reaches below ``floor``."""
    for size in (3, 2, 4):
        s = i - size
        if s < floor:
            continue
        cand = text[s:i]
        if not all(_is_cjk(c) for c in cand) or "时任" in cand or "等" in cand:
            continue
        if size == 4:
            if cand[:2] in lex.compound_surnames:
                return cand
            continue
        if cand[0] in lex.surnames or cand[:2] in lex.compound_surnames:
            return cand
    return None


def _tenure_start(text: str, start: int, floor: int, lex: _Lexicon) -> int:
    """Where the title as written begins: at a 时任 up to 10 characters before it (时任民政部部长), else ``start``."""
    s = start
    while s > floor and start - s < 10 and _is_cjk(text[s - 1]):
        s -= 1
        for t in lex.tenure:
            if text.startswith(t, s):
                return s
    return start


# ---------------------------------------------------------------------------------------------- leaders


def _blocked(text: str, start: int, lex: _Lexicon) -> bool:
    """A title right after 村 / 党支部 / 第一 … belongs to a village or company, not a political leader."""
    return any(text.endswith(b, 0, start) for b in lex.block_before)


def _standalone_ok(text: str, m: re.Match[str], title_start: int, lex: _Lexicon) -> bool:
    """A title without a name is a leader only if it can stand alone and is not inside a word (城市长效)."""
    if m.group() not in lex.standalone:
        return False
    if len(m.group()) > _SHORT_TITLE or title_start < m.start():
        return True
    return m.start() == 0 or not _is_cjk(text[m.start() - 1]) or text[m.start() - 1] in _STANDALONE_BEFORE


def _chain_end(text: str, matches: list[re.Match[str]], i: int, floor: int, lex: _Lexicon) -> int:
    """Index of the last title chained to ``matches[i]`` by 、 with no name in between (党组书记、主席万立骏,
    中央政治局委员、中央政法委书记郭声琨): one person holding both posts."""
    j = i
    while (
        j + 1 < len(matches)
        and _name_after(text, matches[j].end(), lex) is None
        and _name_before(text, matches[j].start(), floor, lex) is None
        and re.fullmatch(rf"、[{_CJK}]{{0,8}}", text[matches[j].end() : matches[j + 1].start()])
    ):
        j += 1
    return j


def _read_leader(text: str, first: re.Match[str], last: re.Match[str], floor: int, lex: _Lexicon) -> _Leader | None:
    """The leader holding the title(s) ``first``…``last``: the name after (省委书记袁家军), else before (郑栅洁省长),
    else the title alone when it can stand for a person (总书记)."""
    t_start = _tenure_start(text, first.start(), floor, lex)
    title = text[t_start : last.end()]
    name = _name_after(text, last.end(), lex)
    if name:
        return _Leader(t_start, last.end() + len(name), name, title)
    if first is not last:
        return None
    if t_start == first.start():
        before = _name_before(text, first.start(), floor, lex)
        if before:
            return _Leader(first.start() - len(before), last.end(), before, title)
    if _standalone_ok(text, first, t_start, lex):
        return _Leader(t_start, last.end(), None, title)
    return None


def _titled_leaders(text: str, lex: _Lexicon) -> list[_Leader]:
    """Leaders read from titles, left to right; a name is never shared by two titles."""
    matches = [m for m in lex.title.finditer(text) if not _blocked(text, m.start(), lex)]
    out: list[_Leader] = []
    floor = 0
    i = 0
    while i < len(matches):
        j = _chain_end(text, matches, i, floor, lex)
        leader = _read_leader(text, matches[i], matches[j], floor, lex)
        if leader is not None:
            out.append(leader)
            floor = leader.end
        i = j + 1
    return out


def _bare_names_before(text: str, end: int, floor: int, lex: _Lexicon) -> list[tuple[int, str]]:
    """Names listed right before 等 without titles of their own (黄建发、徐文光等省领导), first to last."""
    names: list[tuple[int, str]] = []
    i = end
    while True:
        name = _name_before(text, i, floor, lex)
        if not name:
            break
        names.append((i - len(name), name))
        i -= len(name)
        if i - 1 >= floor and text[i - 1] in "、和":
            i -= 1
            continue
        break
    return names[::-1]


def _leader_words(text: str, lex: _Lexicon) -> list[re.Match[str]]:
    """Each 领导 that names people, with the words before it (等多位, 省政府主要): read backwards from 领导."""
    out = []
    i = text.find("领导")
    while i >= 0:
        if not lex.not_after_leader.match(text, i + 2):
            m = lex.body_leader.search(text, max(0, i - 30), i + 2)
            if m:
                out.append(m)
        i = text.find("领导", i + 2)
    return out


def _body_leaders(text: str, titled: list[_Leader], lex: _Lexicon) -> list[_Leader]:
    """Leaders named by body only (省领导, 国务院领导), and names that 等…领导 gives a title to."""
    ends = {ld.end for ld in titled}
    out: list[_Leader] = []
    for m in _leader_words(text, lex):
        body = m.group("body")
        title = text[m.start("body") : m.end()] if body else ""
        if m.group("deng"):
            if m.start() in ends or not title:
                continue  # 袁家军等领导: the group's closing words, no new leader
            floor = max((ld.end for ld in titled if ld.end <= m.start()), default=0)
            names = _bare_names_before(text, m.start(), floor, lex)
            for k, (s, name) in enumerate(names):
                end = m.end() if k == len(names) - 1 else s + len(name)
                out.append(_Leader(s, end, name, title))
        elif body:
            out.append(_Leader(m.start("body"), m.end(), None, title))
    return out


def _leaders(text: str, lex: _Lexicon) -> list[_Leader]:
    titled = _titled_leaders(text, lex)
    return sorted(titled + _body_leaders(text, titled, lex), key=lambda ld: (ld.start, ld.end))


# ---------------------------------------------------------------------------------------------- actions


def _actions(text: str, lex: _Lexicon) -> list[_Action]:
    out = []
    for m in lex.action.finditer(text):
        cls = lex.action_class.get(m.group())
        if cls:
            out.append(_Action(m.start(), m.end(), cls[0], cls[1]))
    return out


def _stoppers(text: str, lex: _Lexicon) -> list[int]:
    """Positions where a group's subject changes: passive 被 and media outlets (their 点赞 is not a leader's)."""
    found = [m.start() for m in lex.outlets.finditer(text)]
    found += [m.start() for m in re.finditer(_PASSIVE, text)]
    return sorted(found)


# ---------------------------------------------------------------------------------------------- spans, quotes


def _sentence_end(view: JoinedText, i: int) -> int:
    k = bisect_left(view.breaks, i)
    return view.breaks[k] if k < len(view.breaks) else len(view.text)


def _quote(view: JoinedText, group_end: int, acts: list[_Action], lex: _Lexicon) -> tuple[str, int] | None:
    """The leader's words: a quote right after a speech/action verb (批示“…”), right before 指示/要求 (“五个帮”指示),
    or ending the verb's clause (肯定…模式“做法很好、很有效”); after a visit, in the clause that follows it.
    A quoted name (“嘉兴众治”做法) is not a quote, and neither is a quote in a later clause: its subject may be
    someone else (…得到“…”的赞誉)."""
    text = view.text
    first_action = acts[0].start
    limit = clause_end(view, acts[-1].end)
    if min(a.priority for a in acts) >= _VISIT_PRIORITY and limit < _sentence_end(view, limit):
        limit = clause_end(view, limit + 1)  # 视察指导，指出“…”: the words follow the visit
    for m in _QUOTE.finditer(text, group_end, limit):
        words = m.group(1) or m.group(2)
        before = text[group_end : m.start()]
        after = text[m.end() : min(limit + 1, m.end() + 12)]
        if lex.speech_end.search(before) or lex.quote_tail.match(after):
            return words, m.end()
        ends_clause = not after or after[0] in CLAUSE_END
        if m.start() > first_action and ends_clause and (len(words) >= 8 or any(c in words for c in "、，！")):
            return words, m.end()
    return None


# ---------------------------------------------------------------------------------------------- grouping


def _same_list(text: str, prev: _Leader, nxt: _Leader) -> bool:
    gap = text[prev.end : nxt.start]
    return gap == "" or bool(_LIST_GAP.fullmatch(gap))


def _emit(
    view: JoinedText, group: list[_Leader], acts: list[_Action], lex: _Lexicon, src: str
) -> list[EndorsementMention]:
    """One mention per distinct leader of the group, with the group's strongest action, quote and clause span."""
    best = min(acts, key=lambda a: a.priority)
    found = _quote(view, group[-1].end, acts, lex)
    quote, quote_end = found if found else (None, 0)
    s = clause_start(view, group[0].start)
    e = clause_end(view, max(acts[-1].end, quote_end))
    start, end = view.pos[s], view.pos[e - 1] + 1
    out: list[EndorsementMention] = []
    seen: set[str] = set()
    for ld in group:
        key = ld.name or ld.title
        if key in seen:
            continue
        seen.add(key)
        out.append(EndorsementMention(start, end, src[start:end], ld.name, ld.title, best.action, quote))
    return out


def find_endorsements(text: str) -> list[EndorsementMention]:
    """Leader endorsements in ``text`` (normalised case text), one mention per leader and clause, in text order."""
    if not text:
        return []
    lex = _lexicon()
    view = join_lines(text)
    t = view.text
    stoppers = _stoppers(t, lex)
    events: list[_Leader | _Action] = [*_leaders(t, lex), *_actions(t, lex)]
    events.sort(key=lambda ev: (ev.start, isinstance(ev, _Action)))
    out: list[EndorsementMention] = []
    group: list[_Leader] = []
    acts: list[_Action] = []

    def interrupted(a: int, b: int) -> bool:
        k = bisect_left(stoppers, a)
        return _has_break(view, a, b) or (k < len(stoppers) and stoppers[k] < b)

    for ev in events:
        if isinstance(ev, _Leader):
            if group and acts:
                out += _emit(view, group, acts, lex, text)
                group, acts = [], []
            if group and ev.start < group[-1].end:
                continue  # overlaps a leader already read (a name before one title and after another)
            if group and _same_list(t, group[-1], ev) and not interrupted(group[-1].end, ev.start):
                group.append(ev)
            else:
                group = [ev]
            continue
        if not group:
            continue
        last = acts[-1].end if acts else max(ld.end for ld in group)
        if ev.start < last:
            continue
        new_clause = acts and min(a.priority for a in acts) < _VISIT_PRIORITY and clause_end(view, last) < ev.start
        if ev.start - last > _MAX_GAP or interrupted(last, ev.start) or new_clause:
            if acts:
                out += _emit(view, group, acts, lex, text)
            group, acts = [], []
            continue
        acts.append(ev)
    if group and acts:
        out += _emit(view, group, acts, lex, text)
    return out
