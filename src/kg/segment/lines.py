"""Line utilities shared by the segmenters: lines with their offsets, dates, Chinese numerals."""

from __future__ import annotations

import re
from dataclasses import dataclass

from kg.normalize.text import nfkc_key

_CN_DIGITS = {
    "〇": 0,
    "零": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}


@dataclass(frozen=True)
class Line:
    """One line of a document: its text (without the newline) and its span in the document."""

    start: int
    end: int
    text: str

    @property
    def stripped(self) -> str:
        return self.text.strip()

    @property
    def key(self) -> str:
        return nfkc_key(self.text)

    def is_blank(self) -> bool:
        return not self.text.strip()


def split_lines(text: str) -> list[Line]:
    out = []
    pos = 0
    for raw in text.split("\n"):
        out.append(Line(pos, pos + len(raw), raw))
        pos += len(raw) + 1
    return out


def trimmed_span(line: Line) -> tuple[int, int]:
    """The span of the line without leading/trailing whitespace."""
    lead = len(line.text) - len(line.text.lstrip())
    trail = len(line.text) - len(line.text.rstrip())
    return line.start + lead, line.end - trail


def cn_numeral(s: str) -> int | None:
    """一 → 1, 十 → 10, 十二 → 12, 二十 → 20, 二十三 → 23; digits pass through; else None."""
    s = s.strip()
    if s.isdecimal():
        return int(s)
    if not s or any(c not in _CN_DIGITS and c != "十" for c in s):
        return None
    if "十" in s:
        tens, _, ones = s.partition("十")
        t = _CN_DIGITS.get(tens, 1) if tens else 1
        o = _CN_DIGITS.get(ones, 0) if ones else 0
        return t * 10 + o
    if len(s) == 1:
        return _CN_DIGITS[s]
    # 二〇二二 style: digit by digit
    return int("".join(str(_CN_DIGITS[c]) for c in s))


_DATE_ARABIC = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月(?:\s*(\d{1,2})\s*日)?")
_DATE_CN = re.compile(
    r"([〇零一二三四五六七八九]{4})年([一二三四五六七八九十]{1,3})月(?:([一二三四五六七八九十]{1,3})日)?"
)


def find_date(text: str) -> str | None:
    """The first date in ``text`` as YYYY-MM-DD (or YYYY-MM when no day is printed)."""
    m = _DATE_ARABIC.search(text)
    parts = None
    if m:
        parts = (int(m.group(1)), int(m.group(2)), int(m.group(3)) if m.group(3) else None)
    else:
        m = _DATE_CN.search(text)
        if m:
            day = cn_numeral(m.group(3)) if m.group(3) else None
            parts = (cn_numeral(m.group(1)), cn_numeral(m.group(2)), day)
    if not parts or parts[0] is None or parts[1] is None or not 1 <= parts[1] <= 12:
        return None
    y, mo, d = parts
    return f"{y:04d}-{mo:02d}-{d:02d}" if d else f"{y:04d}-{mo:02d}"


def spans_excluding(start: int, end: int, holes: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """[start, end) minus the holes, as a list of non-empty spans."""
    parts = []
    cur = start
    for hs, he in sorted(holes):
        if he <= cur or hs >= end:
            continue
        if hs > cur:
            parts.append((cur, hs))
        cur = max(cur, he)
    if cur < end:
        parts.append((cur, end))
    return [(s, e) for s, e in parts if s < e]


def tighten(text: str, parts: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Trim whitespace at both ends of each part and drop empty ones."""
    out = []
    for s, e in parts:
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if s < e:
            out.append((s, e))
    return out
