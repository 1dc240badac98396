"""Find the quantitative statements of a case: "三门消薄飞地项目实现收益276万元" → metric, value, unit, period, kind.

Every quantity that :func:`kg.extract.numbers.find_quantities` reads is an indicator unless its context says it is
a name rather than a measurement:

- inside a document name (《…2021-2023年…》) or a short quoted slogan (“30分钟服务圈”, “1个飞柜专馆+多项…”);
- a Chinese numeral below ten or of one character (一批, 两地, 三大工程, 十大样本), or a session number
  (十四届): these documents print their statistics in Arabic digits and use Chinese numerals for rhetoric;
- a duration naming an area of service (15分钟生活圈, 1小时服务圈);
- a sentence that spells out a formula (即1个帮扶中心+4个常驻部门+6个…): its counts define a name;
- an age that says who is meant (0-3岁婴幼儿, 年满16周岁), unless the clause measures an age (平均年龄36.9岁).

For each indicator the *metric* is the phrase before the number in its clause, with subjects (该市, 全县),
reporting verbs (实现, 达到, 完成, 累计) and the period removed; for a classifier (63个村增收) the words after
the number are added, and a figure with nothing of its own before it (the 4.3万个 of 从3.1万个增加至4.3万个,
the 1万元 of 5000元到1万元) shares the metric of the figure before it. The *period* is the last date or period
expression before the number in its sentence (2020年, 2021年1-7月, 截至今年11月末, 2022年6月底前). The *kind*
is "target" for target cues (力争, 预计, 给予 … from ``data/lexicons/metric_stopwords.csv``), a deadline
(…底前) or a future horizon (到2025年), else ``default_kind``.
"""

from __future__ import annotations

import csv
import re
from bisect import bisect_right
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property, lru_cache
from itertools import pairwise
from pathlib import Path

from kg.extract.numbers import PREFIX_QUALIFIERS, Quantity, chinese_to_decimal, find_quantities, unit_info
from kg.paths import lexicon_dir

KINDS = ("outcome", "target")
_SENTENCE_END = re.compile(r"[。！？!?\n]")
_CLAUSE_BOUNDARY = "，,；;：:。！？!?\n、"
_METRIC_MAX = 20
_AFTER_MAX = 10
_SLOGAN_MAX = 20
_CLASSIFIER_KINDS = frozenset({"count", "person", "household"})
_COUNTED_SUFFIX = {"人次": "人次", "人/次": "人次", "户次": "户次", "person": "人数", "household": "户数"}
_COUNTED_ENDINGS = ("人", "人数", "人次", "户", "户数", "名", "数", "者", "员", "生")
_SMALL_CHINESE = 10
_CHINESE_ORDINAL_UNITS = ("大", "大类", "届")
_AGE_METRIC = "年龄"
# A place in a league table (排名全国第四, 位居全市第一, 数量居台州市第一, 从全国第2降至全国第8) is a figure too, with
# unit 名 unless the text prints 位 or 名: a ranking verb, or a scope of comparison (全国, 全省 …), stands before 第,
# and no classifier follows the numeral (全国第一个, 全省第一批, 全球第一座 are the first of something, not ranks).
_NOT_RANK_AFTER = "个批家座次期届条项所只台部篇轮季年月日天处栋支艘辆种类号大级层版代"
_RANK_NUMBER = rf"(?P<n>\d{{1,3}}|[一二三四五六七八九十]{{1,3}})(?P<unit>[名位])?(?![\d{_NOT_RANK_AFTER}])"
_RANK = re.compile(
    r"(?:(?P<verb>排名|排在|排位|位居|位列|居于|居(?![民家住委室所间])|列(?![入为出车表席]))"
    r"(?P<scope>[^，。；：！？、\s“”（）]{0,8}?)"
    r"|(?P<wide>全国|全省|全市|全县|全区|全球))"
    rf"第{_RANK_NUMBER}"
)
_RANK_NEXT = re.compile(rf"\s?[、和与及]\s?第{_RANK_NUMBER}")  # 第1、第3和第5位
_RANK_UNIT = "名"
_METRIC_DROP = str.maketrans("", "", "“”+＋")
_SHARE = re.compile(r"\d\s?[%％‰]|百分之")
_FORMULA_PLUSES = 2
_QUOTED = re.compile(rf"“[^“”\n]{{0,{_SLOGAN_MAX}}}”|「[^「」\n]{{0,{_SLOGAN_MAX}}}」|\"[^\"\n]{{0,{_SLOGAN_MAX}}}\"")
_BOOK_TITLE = re.compile(r"《[^《》\n]*》")
_SERVICE_AREA = re.compile(r"[^，。；、\n]{0,6}圈")
_AFTER_STOP = re.compile(r"[的，,；;：:。！？!?\n、（(“\"]|\d")
_CHINESE_NUMERAL = re.compile(
    "^(?:" + "|".join(map(re.escape, PREFIX_QUALIFIERS)) + r")?\s?([零〇一二两三四五六七八九十百千]+)"
)

# Periods: a year or relative year with optional month/day/part, year ranges, and the relative expressions
# of government reports. Closed grammatical sets (months, quarters, 今年/去年), so they live in code.
_REL_YEAR = r"(?:\d{4}\s?年|今年|去年|明年|前年|当年|本年|上年)"
_MONTHS = r"(?:\d{1,2}\s?(?:[-—–至到]\s?\d{1,2}\s?)?月份?(?:\s?\d{1,2}\s?日)?)"
_PART = r"(?:[一二三四1-4]季度|前[一二三]季度|上半年|下半年|全年|年底|年末|年初|底|末|初|中旬|上旬|下旬)"
_PERIOD = re.compile(
    rf"""
    (?:截至|截止到|截止|至|到|自|从|在)?
    (?:
        \d{{4}}\s?年?\s?[-—–至到]\s?\d{{4}}\s?年(?:间|度)?
      | {_REL_YEAR}{_MONTHS}?{_PART}?(?:以来|至今|前|开始|度)?
      | \d{{4}}\s?全年
      | 截至目前|至目前|目前|当前|至今|近年来|改革开放以来|今年以来|去年以来
      | (?:近|过去)(?:\d{{1,2}}|[一两三四五六七八九十]{{1,2}})个?年来?
      | [一二三四]季度|前三季度|上半年|下半年
    )
    """,
    re.VERBOSE,
)
_PERIOD_LEAD = re.compile(r"^(?:截至|截止到|截止|至|到|自|从|在)")
_BASELINE = re.compile(r"(?:较|比|相比|同比|与)$")
_CONTINUATION = re.compile(r"^(?:由|从)?[\u4e00-\u9fff]{0,3}(?:至|到)的?$")  # 从A增加至B: B measures what A does
_FUTURE_HORIZON = re.compile(r"^到\d{4}\s?年")
_DEADLINE = re.compile(r"[底末年月日]前$")

Period = tuple[int, int, str]  # start, end, text (whitespace removed)


@dataclass(frozen=True)
class IndicatorMention:
    """A quantitative outcome or target stated in text; offsets are into the text given to find_indicators."""

    start: int
    end: int
    surface: str
    metric: str
    value: Decimal
    unit: str
    base_value: Decimal
    base_unit: str
    qualifier: str | None
    period: str | None
    kind: str  # "outcome" | "target"
    value_as_printed: str


def _alternation(words: tuple[str, ...]) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True)) or "(?!)"


@dataclass(frozen=True)
class MetricWords:
    """The words of ``metric_stopwords.csv`` by role."""

    subjects: tuple[str, ...]
    verbs: tuple[str, ...]
    verbs_inside: tuple[str, ...]
    target_cues: re.Pattern[str]

    @cached_property
    def leading(self) -> re.Pattern[str]:
        return re.compile(f"^(?:{_alternation((*self.subjects, *(v for v in self.verbs if len(v) > 1)))})")

    @cached_property
    def reporting_verb(self) -> re.Pattern[str]:
        """Where a noun phrase after a figure ends: the next reporting verb (实现, 累计 …)."""
        return re.compile(_alternation(self.verbs_inside))

    @cached_property
    def trailing(self) -> re.Pattern[str]:
        return re.compile(f"(?:{_alternation(self.verbs)})$")


def default_stopwords_path() -> Path:
    return lexicon_dir() / "metric_stopwords.csv"


@lru_cache(maxsize=4)
def load_metric_words(path: Path | None = None) -> MetricWords:
    path = path or default_stopwords_path()
    with path.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(line for line in f if not line.startswith("#")))
    by_role: dict[str, list[str]] = {}
    for row in rows:
        by_role.setdefault(row["role"], []).append(row["word"])

    def longest_first(role: str) -> tuple[str, ...]:
        return tuple(sorted(set(by_role.get(role, [])), key=len, reverse=True))

    cues = longest_first("target_cue")
    return MetricWords(
        longest_first("subject"),
        longest_first("verb"),
        longest_first("verb_inside"),
        re.compile("|".join(re.escape(c) for c in cues) if cues else r"(?!)"),
    )


# ---------------------------------------------------------------- which quantities are indicators


def _spans(pattern: re.Pattern[str], text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in pattern.finditer(text)]


class _Coverage:
    """Which characters of a text lie inside given spans: one pass to build, constant time to ask."""

    def __init__(self, size: int, spans: list[tuple[int, int]], *, inner: bool = False) -> None:
        self._mask = bytearray(size + 1)
        for s, e in spans:
            a, b = (s + 1, e - 1) if inner else (s, e)  # inner: the delimiters themselves are outside
            if b > a:
                self._mask[a:b] = b"\x01" * (b - a)

    def covers(self, start: int, end: int) -> bool:
        """The span lies inside covered text (both its ends do)."""
        return bool(self._mask[start] and self._mask[end - 1])

    def touches(self, start: int, end: int) -> bool:
        return any(self._mask[start:end])


def _is_rhetorical_numeral(surface: str, q: Quantity) -> bool:
    """一批, 两地, 三大工程, 十大样本: small or bare Chinese numerals are rhetoric, not statistics.

    With a magnitude and a unit (超百亿元, 两万元) a Chinese numeral states an amount."""
    m = _CHINESE_NUMERAL.match(surface)
    if not m:
        return False
    unit = q.unit
    if q.magnitude and unit != q.magnitude:
        return False
    numeral = m.group(1)
    if len(numeral) == 1 or unit.endswith(_CHINESE_ORDINAL_UNITS):
        return True  # 十大样本; 三大工程; 十四届 (a session number, 第 left out)
    value = chinese_to_decimal(numeral)
    return value is None or value < _SMALL_CHINESE


def _names_a_service_area(text: str, end: int, q: Quantity) -> bool:
    """15分钟生活圈, 1小时服务圈: a duration in the name of a service radius."""
    info = unit_info(q.unit)
    return info is not None and info.kind == "duration" and bool(_SERVICE_AREA.match(text, end))


def _formula_sentences(text: str) -> list[tuple[int, int]]:
    """Sentences that spell out a formula (即1个帮扶中心+4个常驻部门+6个…): their counts define a name."""
    out = []
    bounds = [*_sentence_bounds(text), len(text)]
    for s, e in pairwise(bounds):
        if "+" not in text[s:e] and "＋" not in text[s:e]:
            continue
        unquoted = _QUOTED.sub("", text[s:e])
        if unquoted.count("+") + unquoted.count("＋") >= _FORMULA_PLUSES:
            out.append((s - 1, e))
    return out


def _describes_a_group(text: str, start: int, q: Quantity) -> bool:
    """0-3岁婴幼儿, 年满16周岁, 89岁的老人: an age defines who is meant, unless the clause measures an age."""
    info = unit_info(q.unit)
    if info is None or info.kind != "age":
        return False
    return _AGE_METRIC not in _clause_before(text, start, max(0, start - _METRIC_MAX))


def _quoted_names(text: str) -> list[tuple[int, int]]:
    """Short quotations that name something (“30分钟服务圈”, “三个三”). A quotation that states shares
    (“村民49%+村集体51%”, “三个100%”) is a formula of measurements: its figures are statistics."""
    return [(s, e) for s, e in _spans(_QUOTED, text) if not _SHARE.search(text, s, e)]


def _indicator_quantities(text: str) -> list[tuple[int, int, Quantity]]:
    names = _Coverage(len(text), _spans(_BOOK_TITLE, text) + _quoted_names(text) + _formula_sentences(text), inner=True)
    out = []
    for s, e, q in find_quantities(text):
        if (
            names.covers(s, e)
            or _is_rhetorical_numeral(text[s:e], q)
            or _names_a_service_area(text, e, q)
            or _describes_a_group(text, s, q)
        ):
            continue
        out.append((s, e, q))
    return out


# ---------------------------------------------------------------- context: sentence, period, kind, metric


def _sentence_bounds(text: str) -> list[int]:
    """Start offsets of the sentences of ``text``."""
    return [0] + [m.end() for m in _SENTENCE_END.finditer(text)]


def _periods(text: str, quantities: list[tuple[int, int, Quantity]]) -> list[Period]:
    """Period expressions, except those inside a quantity or a document name."""
    blocked = _Coverage(len(text), [(s, e) for s, e, _ in quantities] + _spans(_BOOK_TITLE, text))
    out = []
    for m in _PERIOD.finditer(text):
        if (
            m.end() == m.start()
            or blocked.touches(m.start(), m.end())
            or _BASELINE.search(text[max(0, m.start() - 2) : m.start()])
        ):
            continue  # 较去年同期: a baseline of comparison, not the period of the figure
        out.append((m.start(), m.end(), re.sub(r"\s+", "", m.group())))
    return out


def _period_before(periods: list[Period], ends: list[int], sent_start: int, start: int) -> Period | None:
    """The last period that ends before ``start`` and starts in the sentence (``ends``: the periods' ends)."""
    i = bisect_right(ends, start) - 1
    return periods[i] if i >= 0 and periods[i][0] >= sent_start else None


def _clause_end(text: str, end: int) -> int:
    i = end
    while i < len(text) and text[i] not in _CLAUSE_BOUNDARY:
        i += 1
    return i


def _kind(text: str, sent_start: int, end: int, period: str | None, default_kind: str) -> str:
    if default_kind == "target":
        return "target"
    if period and (_FUTURE_HORIZON.match(period) or _DEADLINE.search(period)):
        return "target"
    scope = _QUOTED.sub("", text[sent_start : _clause_end(text, end)])  # “万人计划” names a programme
    return "target" if load_metric_words().target_cues.search(scope) else default_kind


def _strip_edges(phrase: str, words: MetricWords) -> str:
    """Remove subjects from the start and verbs from both ends, repeatedly (该市财政共拨付 → 财政共拨付)."""
    changed = True
    while changed and phrase:
        changed = False
        m = words.leading.match(phrase)
        if m and m.end() < len(phrase):
            phrase, changed = phrase[m.end() :], True
        m = words.trailing.search(phrase)
        if m:
            phrase, changed = phrase[: m.start()], True
        phrase = phrase.strip()
    return phrase


def _clean(phrase: str, period: Period | None, words: MetricWords) -> str:
    close = phrase.find("”")
    if close >= 0 and "“" not in phrase[:close]:
        phrase = phrase[close + 1 :]  # the clause began inside a quotation: keep what follows it
    if period:
        phrase = phrase.replace(period[2], "")
    phrase = phrase.translate(_METRIC_DROP)  # 村民49%+村集体51%: the quote and plus marks are not the metric's
    for w in words.verbs_inside:
        phrase = phrase.replace(w, "")
    phrase = re.sub(r"\s+", "", phrase)
    return _strip_edges(phrase, words)


def _clause_before(text: str, start: int, floor: int) -> str:
    i = start
    while i > floor and text[i - 1] not in _CLAUSE_BOUNDARY:
        i -= 1
    return text[i:start]


def _words_after(text: str, end: int, ceiling: int) -> str:
    """The noun a classifier counts: 63个|村增收, 873家|规上工业企业 (实现销售产值 is what the next figure says)."""
    rest = text[end:ceiling]
    m = _AFTER_STOP.search(rest)
    rest = rest[: m.start() if m else len(rest)]
    m = load_metric_words().reporting_verb.search(rest, 1)
    return rest[: m.start() if m else len(rest)][:_AFTER_MAX]


def _continues(text: str, start: int, floor: int, period: Period | None) -> bool:
    """True for the second figure of 从3.1万个增加至4.3万个, 5000元到1万元: only 'up to' stands before it."""
    raw = _clause_before(text, start, floor)
    if period:
        raw = raw.replace(_PERIOD_LEAD.sub("", period[2]), "")  # keep the 至 of 增加至2022年的
    return bool(_CONTINUATION.match(re.sub(r"\s+", "", raw)))


@dataclass(frozen=True)
class _Window:
    """Where a figure's words may come from: its clause starts after ``floor``, its noun ends before ``ceiling``."""

    start: int
    end: int
    floor: int
    ceiling: int
    period: Period | None


def _metric(text: str, w: _Window, q: Quantity) -> str:
    words = load_metric_words()
    before = _clean(_clause_before(text, w.start, w.floor), w.period, words)
    info = unit_info(q.unit)
    kind = info.kind if info else ""
    after_raw = _words_after(text, w.end, w.ceiling)
    after = _strip_edges(after_raw, words)
    if after and after_raw.startswith(after) and (kind in _CLASSIFIER_KINDS or not before):
        return (before + after)[-_METRIC_MAX:]  # 63个|村增收; a verb after the figure (减少到…) is no noun
    if kind in _CLASSIFIER_KINDS:
        suffix = _COUNTED_SUFFIX.get(q.unit.removeprefix(q.magnitude)) or _COUNTED_SUFFIX.get(kind)
        if before and suffix and not before.endswith(_COUNTED_ENDINGS):
            return (before + suffix)[-_METRIC_MAX:]  # 完成农民工技能培训|人数
    return before[-_METRIC_MAX:]


def _mention(text: str, w: _Window, q: Quantity, metric: str, kind: str) -> IndicatorMention:
    return IndicatorMention(
        start=w.start,
        end=w.end,
        surface=text[w.start : w.end],
        metric=metric,
        value=q.value,
        unit=q.unit,
        base_value=q.base_value,
        base_unit=q.base_unit,
        qualifier=q.qualifier,
        period=w.period[2] if w.period else None,
        kind=kind,
        value_as_printed=text[w.start : w.end],
    )


def _rank_value(numeral: str) -> Decimal | None:
    return Decimal(numeral) if numeral.isdecimal() else chinese_to_decimal(numeral)


def _ranks(text: str, periods: list[Period], default_kind: str) -> list[IndicatorMention]:
    """Places in a ranking (see ``_RANK``): metric = what is ranked + the scope + 排名."""
    names = _Coverage(len(text), _spans(_BOOK_TITLE, text) + _quoted_names(text), inner=True)
    period_ends = [p[1] for p in periods]
    starts = _sentence_bounds(text)
    words = load_metric_words()
    out: list[IndicatorMention] = []
    prev_end, prev_metric = -1, ""
    for m in _RANK.finditer(text):
        sent_start = starts[bisect_right(starts, m.start()) - 1]
        period = _period_before(periods, period_ends, sent_start, m.start())
        scope = m.group("wide") or re.sub(r"^(?:在|于)", "", m.group("scope") or "")
        if sent_start <= prev_end and not any(c in _CLAUSE_BOUNDARY for c in text[prev_end : m.start()]):
            metric = prev_metric  # 从全国第2降至全国第8: the same ranking, before and after
        else:
            before = _clean(_clause_before(text, m.start(), sent_start), period, words)
            metric = (before + scope + "排名")[-_METRIC_MAX:]
        found = [m]
        nxt = _RANK_NEXT.match(text, m.end())
        while nxt is not None:
            found.append(nxt)
            nxt = _RANK_NEXT.match(text, nxt.end())
        for r in found:
            s, e = r.start("n") - 1, r.end()
            value = _rank_value(r.group("n"))
            if value is None or names.covers(s, e):
                continue
            unit = r.group("unit") or _RANK_UNIT
            kind = _kind(text, sent_start, e, period[2] if period else None, default_kind)
            q = Quantity(value, "", unit, value, unit, None)
            out.append(_mention(text, _Window(s, e, sent_start, e, period), q, metric, kind))
        prev_end, prev_metric = found[-1].end(), metric
    return out


def find_indicators(text: str, *, default_kind: str = "outcome") -> list[IndicatorMention]:
    """Every quantitative statement in ``text`` (normalised case text), in text order.

    ``default_kind`` is "target" when the caller knows the text states goals (the 主要目标 column of a reform
    table); otherwise target cues in the sentence decide.
    """
    if default_kind not in KINDS:
        raise ValueError(f"default_kind must be one of {KINDS}, not {default_kind!r}")
    quantities = _indicator_quantities(text)
    periods = _periods(text, quantities)
    period_ends = [p[1] for p in periods]
    starts = _sentence_bounds(text)
    out: list[IndicatorMention] = []
    prev_end, prev_metric, prev_sentence = 0, "", -1
    for i, (s, e, q) in enumerate(quantities):
        sentence = bisect_right(starts, s) - 1
        sent_start = starts[sentence]
        same_sentence = sentence == prev_sentence
        w = _Window(
            s,
            e,
            floor=max(sent_start, prev_end) if same_sentence else sent_start,
            ceiling=quantities[i + 1][0] if i + 1 < len(quantities) else len(text),
            period=_period_before(periods, period_ends, sent_start, s),
        )
        if same_sentence and prev_metric and _continues(text, s, w.floor, w.period):
            metric = prev_metric  # 从3.1万个增加至4.3万个
        else:
            metric = _metric(text, w, q) or (prev_metric if same_sentence else "")
        kind = _kind(text, sent_start, e, w.period[2] if w.period else None, default_kind)
        out.append(_mention(text, w, q, metric, kind))
        prev_end, prev_metric, prev_sentence = max(prev_end, e), metric, sentence
    ranks = _ranks(text, periods, default_kind)
    return sorted([*out, *ranks], key=lambda i: (i.start, i.end)) if ranks else out
