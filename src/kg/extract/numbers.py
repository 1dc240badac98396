"""Read the quantities of Chinese policy writing: "276万元", "近5万元", "1.2万余家", "20余万人次", "三个", "1/3".

General-purpose parsers (jionlp, cn2an) fail on the forms these documents use most — percentages, 万余, the
qualifiers 近/超 and counts in Chinese numerals (measured in REFERENCE.md) — so this is a small parser of our own.
A quantity is read as

    [qualifier] number [余|多] [magnitude] [余|多] [unit [/ unit]] [qualifier]

The magnitudes (千 万 亿 万亿 …) and qualifier words (近 超 约 以上 …) are small closed grammatical sets and live
here; units come from ``data/lexicons/units.csv`` with their base unit and conversion factor. ``value`` keeps the
number as printed (276 for 276万元) and ``unit`` keeps the magnitude (万元), because that is how people quote and
check a figure; ``base_value``/``base_unit`` (2760000 元) make figures comparable across documents.

Two forms are not "number + unit" and are read as the document writes them, first number as the value:
a ratio "10:1" is value 10, unit ":1" (base: the ratio to one, unit ":1"); a fraction "1/3" is value 1, unit "/3"
(base: the share in %). "百分之三十" is 30 %, "七成" is 7 成 (70 %).

:func:`find_quantities` scans text and leaves out what only looks like a quantity: years (2020年), dates
(10月9日 — 月 and 日 are never units on their own), ordinals (第3期, 第1、2、3位, 前10名), codes (1+X, 5G) and
phone numbers. Whether a quantity is an *indicator* — not a slogan in quotes, not part of a document name — is
for :mod:`kg.extract.indicators` to decide.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from pathlib import Path

from kg.paths import lexicon_dir

# Magnitudes written after a number (1.2万, 9亿, 5千). Longest first, so 万亿 is not read as 万.
MAGNITUDES: dict[str, Decimal] = {
    "万亿": Decimal(10) ** 12,
    "千万": Decimal(10) ** 7,
    "百万": Decimal(10) ** 6,
    "亿": Decimal(10) ** 8,
    "万": Decimal(10) ** 4,
    "千": Decimal(10) ** 3,
}
# Qualifiers written before the number, longest first (不足 before 不, 超过 before 超).
PREFIX_QUALIFIERS = (
    "不少于", "不低于", "不超过", "不高于", "不足", "超过", "将近", "接近", "大约", "多达", "高达", "突破", "至少",
    "最高", "最低", "达到", "累计", "共计", "合计", "总计", "约", "近", "超", "逾", "达", "共", "仅",
)  # fmt: skip
SUFFIX_QUALIFIERS = ("以上", "以下", "以内", "左右", "上下", "之多", "有余", "余", "多")
INFIX_QUALIFIERS = ("余", "多")
# Words that only assert the figure (达 100%, 共 5 家): a bound such as 以上 or 近, if present, says more.
ASSERTIVE_QUALIFIERS = frozenset({"达", "达到", "累计", "共", "共计", "合计", "总计"})

_CN_DIGITS = dict(zip("零〇一二两三四五六七八九", (0, 0, 1, 2, 2, 3, 4, 5, 6, 7, 8, 9), strict=True))
_CN_SMALL_UNITS = {"十": 10, "百": 100, "千": 1000}
_CN_BIG_UNITS = {"万": 10**4, "亿": 10**8}
_CN_CLASS = "零〇一二两三四五六七八九十百千"
_AR_NUMBER = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_CN_NUMBER = rf"[{_CN_CLASS}]+(?:万[{_CN_CLASS}]+)?"
_NUMBER = rf"(?:{_AR_NUMBER}|{_CN_NUMBER})"
_RANGE_SEPARATORS = "-—–~～至到"
_YEAR_RANGE = (1000, 2100)
_PHONE_DIGITS = 11
_DIGIT_BY_DIGIT_MIN = 3  # 二〇二一, 一九九八: numerals read digit by digit are years or codes
_FRACTION_MAX_DENOMINATOR = 20
_RATIO_PLACES = Decimal("0.000001")
_ORDINAL_BEFORE = re.compile(
    rf"第\s?[\d{_CN_CLASS}]+(?:\s?[、,，和及与至到-]\s?第?\s?[\d{_CN_CLASS}]+)*\s?[、,，和及与至到-]\s?$"
)
_RANK_UNITS = frozenset({"名", "位"})


@dataclass(frozen=True)
class Unit:
    """One row of ``units.csv``: a unit as printed and how it converts to its base unit."""

    name: str
    base_unit: str
    factor: Decimal
    kind: str  # currency | count | person | household | area | length | … (see units.csv)
    use: str  # count | per | both
    not_followed_by: tuple[str, ...] = ()


@dataclass(frozen=True)
class Quantity:
    """A number with its unit, as printed and in the base unit (276万元 = 2760000 元)."""

    value: Decimal  # as printed: 276 for 276万元
    magnitude: str  # "", "万", "亿", "万亿", "千" …
    unit: str  # as printed, magnitude included: "万元", "%", "人次", "万元/年"
    base_value: Decimal  # 2760000
    base_unit: str  # "元"; "" for a bare magnitude (40万)
    qualifier: str | None  # 近 超 余 多 以上 约 累计 左右 不少于 达 …


def default_units_path() -> Path:
    return lexicon_dir() / "units.csv"


@lru_cache(maxsize=4)
def load_units(path: Path | None = None) -> dict[str, Unit]:
    """The unit lexicon, keyed by the unit as printed."""
    path = path or default_units_path()
    with path.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(line for line in f if not line.startswith("#")))
    units: dict[str, Unit] = {}
    for row in rows:
        stops = tuple(w for w in (row.get("not_followed_by") or "").split("|") if w)
        units[row["unit"]] = Unit(row["unit"], row["base_unit"], Decimal(row["factor"]), row["kind"], row["use"], stops)
    return units


def unit_info(unit: str) -> Unit | None:
    """The lexicon entry of a printed unit, its magnitude and per-part removed ("万元/年" → 元)."""
    units = load_units()
    head = unit.split("/", 1)[0] if unit not in units else unit
    for mag in MAGNITUDES:
        if head.startswith(mag) and head[len(mag) :] in units:
            return units[head[len(mag) :]]
    return units.get(head)


# ---------------------------------------------------------------- numbers


def chinese_to_decimal(s: str) -> Decimal | None:
    """Value of a Chinese numeral: 三 → 3, 二十五 → 25, 三万五千 → 35000, 两 → 2, 二〇二一 → 2021."""
    if not s or any(ch not in _CN_DIGITS and ch not in _CN_SMALL_UNITS and ch not in _CN_BIG_UNITS for ch in s):
        return None
    if len(s) > 1 and all(ch in _CN_DIGITS for ch in s):
        if len(s) < _DIGIT_BY_DIGIT_MIN and not any(ch in "〇零" for ch in s):
            return None  # 唯一一个, 三四个: two words or an estimate, not "11" or "34"
        return Decimal("".join(str(_CN_DIGITS[ch]) for ch in s))  # digit by digit: 二〇二一
    total, section, digit = 0, 0, 0
    prev = ""
    for ch in s:
        if ch in _CN_DIGITS:
            if prev in _CN_DIGITS and _CN_DIGITS[prev] and _CN_DIGITS[ch]:
                return None  # 十一一: two numerals run together
            digit = _CN_DIGITS[ch]
        elif ch in _CN_SMALL_UNITS:
            section += (digit or 1) * _CN_SMALL_UNITS[ch]
            digit = 0
        else:
            total = (total + section + digit) * _CN_BIG_UNITS[ch]
            section = digit = 0
        prev = ch
    return Decimal(total + section + digit)


def _number_value(s: str) -> Decimal | None:
    if s[:1].isdecimal():
        try:
            return Decimal(s.replace(",", ""))
        except InvalidOperation:
            return None
    return chinese_to_decimal(s)


def _plain(d: Decimal) -> Decimal:
    """``d`` without trailing zeros and never in exponent notation (2.76E+6 → 2760000)."""
    d = d.normalize()
    return d.quantize(Decimal(1)) if d.as_tuple().exponent > 0 else d


def _is_chinese(number: str) -> bool:
    return not number[:1].isdecimal()


# ---------------------------------------------------------------- the pattern


def _alternation(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


def _unit_pattern(units: list[Unit]) -> str:
    """Units longest first, each with a lookahead for the words that make it something else (2020年度)."""
    parts = []
    for u in sorted(units, key=lambda u: len(u.name), reverse=True):
        guard = f"(?!{_alternation(list(u.not_followed_by))})" if u.not_followed_by else ""
        parts.append(re.escape(u.name) + guard)
    return "|".join(parts)


def _magnitude_pattern(unit_names: list[str]) -> str:
    """Magnitudes, each guarded against units that start with it (5千米 is 5 千米, not 5千 + 米)."""
    parts = []
    for mag in MAGNITUDES:
        rests = [u[len(mag) :] for u in unit_names if u.startswith(mag) and len(u) > len(mag)]
        parts.append(re.escape(mag) + (f"(?!{_alternation(rests)})" if rests else ""))
    return "|".join(parts)


@lru_cache(maxsize=1)
def _pattern() -> re.Pattern[str]:
    units = list(load_units().values())
    counted = [u for u in units if u.use in ("count", "both")]
    per = [u for u in units if u.use in ("per", "both")]
    pre = _alternation(list(PREFIX_QUALIFIERS))
    post = _alternation(list(SUFFIX_QUALIFIERS))
    infix = _alternation(list(INFIX_QUALIFIERS))
    mag = _magnitude_pattern([u.name for u in units])
    seps = re.escape(_RANGE_SEPARATORS)
    return re.compile(
        rf"""
        (?P<listno>(?:^|(?<=[\n\t；;。：:]))[ \t]*\d{{1,2}}[.．](?=\d{{4}}\s?年))   # "1.2022年3月底前": item 1
      | (?<![\d.,/:：])(?<![:：]\s)(?<![\dA-Za-z][+＋])  # not inside a number, a fraction, 4: 3: 3 or 1+1
        (?<!(?<![A-Za-z])[A-Za-z])                   # nor a code (G20); an acronym may name the figure (GDP1000亿元)
        (?:(?P<pre>{pre})\s?)?
        (?:
            (?P<fnum>\d+)/(?P<fden>\d+)(?![\d/])        # 1/3
          | (?P<cfden>[{_CN_CLASS}]+)分之(?P<cfnum>{_NUMBER})   # 三分之一, 百分之三十
          | (?P<rnum>{_AR_NUMBER})\s?[:：]\s?(?P<rden>{_AR_NUMBER})(?![\d:：])   # 10:1
          | (?P<n1>{_NUMBER})
            (?:\s?(?P<sep>[{seps}])\s?(?:{pre})?(?P<n2>{_NUMBER}))?   # 3-5万元, 3至5个
            \s?(?P<mid1>{infix})?(?P<mag>{mag})?(?P<mid2>{infix})?
            \s?(?P<unit>{_unit_pattern(counted)})?
            (?:/(?P<per>{_unit_pattern(per)}))?
        )
        (?P<post>{post})?
        """,
        re.VERBOSE | re.MULTILINE,
    )


# ---------------------------------------------------------------- building quantities


def _choose_qualifier(*found: str | None) -> str | None:
    """The most informative qualifier: a bound (近, 以上, 余) before a mere assertion (达, 累计)."""
    present = [q for q in found if q]
    for q in present:
        if q not in ASSERTIVE_QUALIFIERS:
            return q
    return present[0] if present else None


def _quantity(value: Decimal, mag: str, unit: str, per: str, qualifier: str | None) -> Quantity | None:
    """Build a quantity from its parts; ``unit`` without magnitude, ``per`` the denominator unit or ""."""
    units = load_units()
    factor = MAGNITUDES.get(mag, Decimal(1))
    if unit:
        info = units[unit]
        base_unit = info.base_unit
        factor *= info.factor
    elif mag:
        base_unit = ""  # a bare magnitude: 40万 (of what, the sentence says)
    else:
        return None
    printed = mag + unit
    if per:
        printed += "/" + per
        base_unit += "/" + per
    return Quantity(value, mag, printed, _plain(value * factor), base_unit, qualifier)


def _fraction(num: Decimal, den: Decimal, qualifier: str | None) -> Quantity | None:
    if not (0 < num < den <= _FRACTION_MAX_DENOMINATOR) or den != den.to_integral():
        return None
    share = (num * 100 / den).quantize(Decimal("0.0001"))
    return Quantity(num, "", f"/{_plain(den)}", _plain(share), "%", qualifier)


def _ratio(num: Decimal, den: Decimal, qualifier: str | None) -> Quantity | None:
    if den == 0:
        return None
    return Quantity(num, "", f":{_plain(den)}", _plain((num / den).quantize(_RATIO_PLACES)), ":1", qualifier)


def _looks_like_time(rnum: str, rden: str) -> bool:
    """8:30 is a time of day, not a ratio."""
    return rnum.isdecimal() and rden.isdecimal() and len(rden) == 2 and int(rnum) <= 24 and int(rden) < 60


def _from_special(m: re.Match[str], qualifier: str | None) -> Quantity | None:
    """Fractions, Chinese fractions and percentages, ratios."""
    if m.group("fnum"):
        return _fraction(Decimal(m.group("fnum")), Decimal(m.group("fden")), qualifier)
    if m.group("cfden"):
        num = _number_value(m.group("cfnum"))
        if num is None:
            return None
        if m.group("cfden") == "百":
            return _quantity(num, "", "%", "", qualifier)
        if m.group("cfden") == "千":
            return _quantity(num, "", "‰", "", qualifier)
        den = chinese_to_decimal(m.group("cfden"))
        return _fraction(num, den, qualifier) if den else None
    if _looks_like_time(m.group("rnum"), m.group("rden")):
        return None
    return _ratio(Decimal(m.group("rnum").replace(",", "")), Decimal(m.group("rden").replace(",", "")), qualifier)


def _valid_number(number: str, *, scaled: bool = False) -> bool:
    """Chinese numerals must hold a digit (千万工程, 百姓 are words); long digit runs are phone numbers or codes.

    ``scaled``: a magnitude and a unit follow (超百亿元, 千万元), which makes a bare 百 or 千 a number too."""
    if _is_chinese(number):
        return number.startswith("十") or any(ch in _CN_DIGITS for ch in number) or (scaled and number in ("百", "千"))
    return len(number.split(".")[0].replace(",", "")) < _PHONE_DIGITS


def _is_year(number: str, value: Decimal, m: re.Match[str]) -> bool:
    """2020年, 二〇二〇年, 2018-2020年: a calendar year, not a duration."""
    if m.group("unit") != "年" or m.group("mag") or m.group("per"):
        return False
    digits = number if not _is_chinese(number) else str(value)
    return len(digits) == 4 and value == value.to_integral() and _YEAR_RANGE[0] <= value <= _YEAR_RANGE[1]


def _is_ordinal(text: str, start: int, unit: str) -> bool:
    """第3期, 第1、2、3位, 前10名: a position in a list or ranking, not an amount."""
    before = text[max(0, start - 24) : start]
    stripped = before.rstrip()
    if stripped.endswith("第") or _ORDINAL_BEFORE.search(before):
        return True
    return unit in _RANK_UNITS and stripped.endswith("前")


def _is_code(text: str, end: int, unit: str) -> bool:
    """1+X, 1+1+1, 5G: a bare number glued to + or to Latin letters is part of a code or a name.

    A figure with its unit before + is a term of a sum of shares (村民49%+村集体51%), not a code."""
    after = text[end : end + 1]
    return (after in ("+", "＋") and not unit) or (after.isascii() and after.isalpha())


def _main_quantities(text: str, m: re.Match[str], qualifier: str | None) -> list[tuple[int, int, Quantity]]:
    """The one or two quantities of a "number (range) magnitude unit" match."""
    unit = m.group("unit") or ""
    mag = m.group("mag") or ""
    per = m.group("per") or ""
    n1, n2 = m.group("n1"), m.group("n2")
    start, end = m.start(), _rstrip_end(text, m.start(), m.end())
    if _is_ordinal(text, m.start("n1"), unit) or _is_code(text, end, unit or mag):
        return []
    found: list[tuple[int, int, Quantity]] = []
    numbers = [(n1, start)] + ([(n2, m.start("n2"))] if n2 else [])
    if n2 and (_is_chinese(n1) != _is_chinese(n2)):
        numbers = [(n2, m.start("n2"))]  # 一-3: not a range of two numbers
    for number, s in numbers:
        value = _number_value(number)
        if value is None or not _valid_number(number, scaled=bool(mag and unit)) or _is_year(number, value, m):
            continue
        q = _quantity(
            value, mag, unit, per, _choose_qualifier(qualifier, m.group("mid1"), m.group("mid2"), m.group("post"))
        )
        if q is not None:
            found.append((s, end, q))
    return found


def _rstrip_end(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1].isspace():
        end -= 1
    return end


def _quantities_of_match(text: str, m: re.Match[str]) -> list[tuple[int, int, Quantity]]:
    if m.group("listno"):
        return []
    qualifier = m.group("pre")
    if m.group("fnum") or m.group("cfden") or m.group("rnum"):
        q = _from_special(m, _choose_qualifier(qualifier, m.group("post")))
        return [(m.start(), _rstrip_end(text, m.start(), m.end()), q)] if q else []
    return _main_quantities(text, m, qualifier)


def find_quantities(text: str) -> list[tuple[int, int, Quantity]]:
    """Every quantity in ``text`` as (start, end, quantity); a range (3-5万元) gives two, sharing its end.

    Offsets are into ``text``: ``text[start:end]`` is the quantity as printed, qualifiers included. The first
    quantity of a range spans the whole range ("3-5万元"), the second only its own part ("5万元").
    """
    out: list[tuple[int, int, Quantity]] = []
    for m in _pattern().finditer(text):
        found = _quantities_of_match(text, m)
        if found and out:
            out[-1] = _range_start(text, out[-1], found[0])
        out.extend(found)
    return out


def _range_start(text: str, first: tuple[int, int, Quantity], second: tuple[int, int, Quantity]):
    """8万至12万元: the lower end of a range written with its own magnitude takes the unit of the upper end."""
    s1, e1, q1 = first
    s2, _, q2 = second
    gap = text[e1:s2].strip()
    if q1.base_unit or not q1.magnitude or len(gap) != 1 or gap not in _RANGE_SEPARATORS:
        return first
    if q2.magnitude != q1.magnitude or q2.unit == q2.magnitude:
        return first
    unit, _, per = q2.unit[len(q2.magnitude) :].partition("/")
    q = _quantity(q1.value, q1.magnitude, unit, per, q1.qualifier)
    return (s1, e1, q) if q is not None else first


def parse_quantity(s: str) -> Quantity | None:
    """The quantity that ``s`` is ("276万元", "近5万元", "三个", "15.2%"), or None if it is not exactly one."""
    s = s.strip()
    m = _pattern().fullmatch(s)
    if m is None or m.group("n2"):
        return None
    found = _quantities_of_match(s, m)
    return found[0][2] if len(found) == 1 and found[0][0] == 0 and found[0][1] == len(s) else None


def format_quantity(q: Quantity) -> str:
    """The quantity as a document would print it: qualifier placement aside, the inverse of parse_quantity."""
    return f"{format(q.value, 'f')}{q.unit}"
