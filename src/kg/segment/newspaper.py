"""A newspaper page of numbered samples (002: 样本一 … 样本十 under category headings).

What is cut out of every case: the page intro (before the first heading or sample), category headings,
photo captions and credits, and page decoration. Captions float between paragraphs: on the page they are
separated from the text flow by two or more blank lines, and the short, sentence-less lines that follow one
(a credit ``陈亮 摄``, ``(本版图片由…提供)``, a slogan) belong to the same floating block.
"""

from __future__ import annotations

import re

from kg.lexicons.categories import looks_like_category_heading
from kg.model import Case, Document
from kg.segment.lines import Line, cn_numeral, split_lines, tighten, trimmed_span

_SAMPLE = re.compile(r"^\s*样本([一二三四五六七八九十\d]+)\s*[:：]\s*(\S.*?)\s*$")
_CREDIT = re.compile(r"^\s*\S{1,6}(\s+\S{1,6})?\s*摄\s*$")
_SENTENCE_END = ("。", "！", "？", "”", ".")
_SHORT = 30


def matches(text: str) -> bool:
    return len(re.findall(r"^\s*样本[一二三四五六七八九十\d]+\s*[:：]", text, flags=re.M)) >= 2


def _paragraphs(lines: list[Line]) -> list[tuple[int, int, int]]:
    """(first line, last line, blank lines before) for each paragraph (a run of non-blank lines)."""
    out = []
    blanks = 0
    i = 0
    while i < len(lines):
        if lines[i].is_blank():
            blanks += 1
            i += 1
            continue
        j = i
        while j + 1 < len(lines) and not lines[j + 1].is_blank():
            j += 1
        out.append((i, j, blanks))
        blanks = 0
        i = j + 1
    return out


def _is_short_non_sentence(text: str) -> bool:
    s = text.strip()
    return len(s) <= _SHORT and not s.endswith(_SENTENCE_END[:3])


def segment(doc: Document) -> list[Case]:
    lines = split_lines(doc.text)
    paras = _paragraphs(lines)
    first = next((ln.stripped for ln in lines if not ln.is_blank()), None)
    if first and doc.title is None:
        doc.title = first
    # classify paragraphs
    kinds: list[str] = []
    floating = False
    for i, (a, b, blanks) in enumerate(paras):
        text = "\n".join(ln.text for ln in lines[a : b + 1])
        if _SAMPLE.match(lines[a].text):
            kind, floating = "sample", False
        elif looks_like_category_heading(text):
            kind, floating = "heading", False
        elif _CREDIT.match(text):
            kind = "caption"
        elif blanks >= 2 and i > 0:
            kind, floating = "caption", True
        elif floating and _is_short_non_sentence(text):
            kind = "caption"
        else:
            kind, floating = "text", False
        kinds.append(kind)
    cases: list[Case] = []
    category: str | None = None
    current: Case | None = None
    for (a, b, _), kind in zip(paras, kinds, strict=True):
        if kind == "heading":
            category = lines[a].stripped
            current = None
            continue
        if kind == "sample":
            m = _SAMPLE.match(lines[a].text)
            assert m is not None
            number = cn_numeral(m.group(1))
            title_start = lines[a].start + m.start(2)
            current = Case(
                doc=doc,
                ordinal=number if number else len(cases) + 1,
                title=m.group(2),
                title_span=(title_start, title_start + len(m.group(2))),
                parts=[trimmed_span(lines[a])],
                number=str(number) if number else m.group(1),
                category=category,
            )
            cases.append(current)
            continue
        if kind == "text" and current is not None:
            current.parts.append((lines[a].start, lines[b].end))
    for c in cases:
        c.parts = tighten(doc.text, c.parts)
    return cases
