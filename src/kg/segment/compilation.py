"""A compilation of numbered cases with a table of contents (003: 最佳实践汇编, 71 cases, 7 categories).

The TOC lists ``N. 主体：标题……（页码）`` entries under category headings; an entry may wrap over lines
and ends with dotted leaders and a page number. Each case body starts with a title line that repeats the
TOC entry with small differences (no colon, other spacing, a word changed), so body titles are found by
fuzzy matching the TOC entries in order. Running page headers (a category heading reprinted inside the
text) are cut out of the case text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

from kg.lexicons.categories import looks_like_category_heading
from kg.model import Case, Document
from kg.normalize.text import nfkc_key
from kg.segment.lines import Line, find_date, spans_excluding, split_lines, tighten, trimmed_span

_TOC_HEAD = re.compile(r"^\s*目\s*录\s*$")
_ENTRY_START = re.compile(r"^\s*(\d{1,3})\s*[.．、]\s*(\S.*)$")
_PAGE_TAIL = re.compile(r"(?:[….·]{2,}|\t|\s)*[（(]\s*\d+\s*[)）]\s*$")
_PAGE_NUMBER_LINE = re.compile(r"^\s*(?:-\s*\d+\s*-|\d{1,3}|第\s*\d+\s*页)\s*$")
_SECTION = re.compile(r"^\s*[一二三四五六七八九十]+、")
_MIN_RATIO = 0.55


@dataclass
class TocEntry:
    number: str
    text: str  # 主体：标题 as printed, wrapped lines joined
    category: str | None

    @property
    def subject(self) -> str | None:
        head, sep, _ = self.text.partition("：")
        if not sep:
            head, sep, _ = self.text.partition(":")
        return head.strip() if sep and len(head) <= 30 else None

    @property
    def key(self) -> str:
        return nfkc_key(self.text.replace("：", "").replace(":", ""))


def matches(text: str) -> bool:
    head = text[:20000]
    return (
        bool(re.search(r"^\s*目\s*录\s*$", head, flags=re.M))
        and len(re.findall(r"^\s*\d{1,3}\s*[.．、].*[（(]\s*\d+\s*[)）]\s*$", head, flags=re.M)) >= 2
    )


def _parse_toc(lines: list[Line], start: int) -> tuple[list[TocEntry], int]:
    """Entries of the TOC starting after line ``start``, and the index of the first line after it."""
    entries: list[TocEntry] = []
    category = None
    pending: list[str] | None = None
    pending_num = ""
    i = start + 1
    while i < len(lines):
        ln = lines[i]
        s = ln.stripped
        if not s:
            i += 1
            continue
        if pending is None and looks_like_category_heading(s):
            category = s
            i += 1
            continue
        m = _ENTRY_START.match(ln.text)
        if pending is None and m:
            pending, pending_num = [m.group(2)], m.group(1)
        elif pending is not None:
            pending.append(s)
        else:
            break  # neither heading nor entry: the TOC is over
        if _PAGE_TAIL.search(pending[-1]):
            joined = "".join(pending)
            joined = _PAGE_TAIL.sub("", joined).strip()
            entries.append(TocEntry(pending_num, joined, category))
            pending = None
        i += 1
    return entries, i


def _ratio(a: str, b: str) -> float:
    return SequenceMatcher(None, a, b, autojunk=False).ratio()


def _candidate(lines: list[Line], j: int) -> bool:
    s = lines[j].stripped
    return bool(s) and len(s) <= 80 and not s.endswith("。") and not _SECTION.match(s)


def _find_title(lines: list[Line], entry: TocEntry, cursor: int, limit: int) -> tuple[int, int] | None:
    """(first, last) line of the body title of ``entry`` at or after ``cursor`` (a title may wrap)."""
    best = None
    for j in range(cursor, limit):
        if not _candidate(lines, j):
            continue
        r = _ratio(entry.key, lines[j].key)
        nxt = next((k for k in range(j + 1, min(j + 3, limit)) if not lines[k].is_blank()), None)
        if nxt is not None and _candidate(lines, nxt) and not looks_like_category_heading(lines[nxt].text):
            r2 = _ratio(entry.key, lines[j].key + lines[nxt].key)
            if r2 > r + 0.05 and r2 >= _MIN_RATIO:
                return j, nxt
        if r >= _MIN_RATIO:
            # the section skeleton (一、…) or an intro paragraph must follow within a few lines
            if best is None or r > best[0]:
                best = (r, j)
            if r >= 0.75:
                return j, j
        elif best is not None:
            return best[1], best[1]
    return (best[1], best[1]) if best else None


def segment(doc: Document) -> list[Case]:
    lines = split_lines(doc.text)
    toc_at = next((i for i, ln in enumerate(lines) if _TOC_HEAD.match(ln.text)), None)
    if toc_at is None:
        return []
    head = [ln.stripped for ln in lines[:toc_at] if ln.stripped]
    if head:
        doc.title = doc.title or re.sub(r"\s+", " ", head[0])
        if len(head) > 1:
            doc.issuer = doc.issuer or head[1]
        doc.date = doc.date or find_date("\n".join(head))
    entries, body_from = _parse_toc(lines, toc_at)
    if not entries:
        return []
    found: list[tuple[TocEntry, int, int]] = []
    cursor = body_from
    for entry in entries:
        hit = _find_title(lines, entry, cursor, len(lines))
        if hit is None:
            doc.warnings.append(
                f"{doc.name}: case {entry.number} of the table of contents ({entry.text}) not found in the body"
            )
            continue
        found.append((entry, hit[0], hit[1]))
        cursor = hit[1] + 1
    categories = {e.category for e in entries if e.category}
    cases: list[Case] = []
    for k, (entry, first, last) in enumerate(found):
        end_line = found[k + 1][1] if k + 1 < len(found) else len(lines)
        holes = [
            (lines[j].start, lines[j].end)
            for j in range(last + 1, end_line)
            if lines[j].stripped
            and (nfkc_key(lines[j].text) in {nfkc_key(c) for c in categories} or _PAGE_NUMBER_LINE.match(lines[j].text))
        ]
        body_end = lines[end_line - 1].end
        title = "".join(lines[j].stripped for j in range(first, last + 1) if lines[j].stripped)
        t_start = trimmed_span(lines[first])[0]
        t_end = trimmed_span(lines[last])[1]
        cases.append(
            Case(
                doc=doc,
                ordinal=int(entry.number),
                title=title,
                title_span=(t_start, t_end),
                parts=tighten(doc.text, spans_excluding(lines[first].start, body_end, holes)),
                number=entry.number,
                category=entry.category,
                region_hint=entry.subject,
            )
        )
    return cases
