"""Work briefs (工作简报): a header, a 【本期目录】 list, articles, footnotes and a 送/发/印发 footer.

The table of contents gives the article titles; each article starts at the body line that repeats its
title (spacing may differ) and runs to the next article or the footer. The 报： recipient list in the
header and the footer are no case's text. A footnote (¹ …) stays with the article whose text carries its
marker.
"""

from __future__ import annotations

import re

from kg.model import Case, Document
from kg.normalize.text import nfkc_key
from kg.segment.lines import Line, find_date, spans_excluding, split_lines, tighten, trimmed_span

_TOC = re.compile(r"【\s*本期目录\s*】")
_TOC_ITEM = re.compile(r"^\s*[-•·●]\s*(\S.*)$")
_ISSUE = re.compile(r"^第\s*(\d+)\s*期$")
_FOOTER = re.compile(r"^\s*(送\s*[：:]|发\s*[：:]|抄送\s*[：:]|.*印发\s*$)")
_FOOTNOTE = re.compile(r"^\s*([¹²³⁴⁵⁶⁷⁸⁹⁰]+)")
_ISSUER_DATE = re.compile(r"^(?P<issuer>\S.*?)\s*(?P<date>\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日)\s*$")


def matches(text: str) -> bool:
    return bool(_TOC.search(text[:5000]))


def _header(doc: Document, lines: list[Line], toc_index: int) -> None:
    head = [ln for ln in lines[:toc_index] if not ln.is_blank()]
    name = head[0].stripped if head else None
    issue = None
    for ln in head:
        m = _ISSUE.match(ln.key)
        if m:
            issue = m.group(1)
        m2 = _ISSUER_DATE.match(ln.stripped)
        if m2 and doc.issuer is None:
            doc.issuer = m2.group("issuer").strip()
            doc.date = find_date(m2.group("date"))
    if name:
        doc.title = f"{name} 第{issue}期" if issue else name


def segment(doc: Document) -> list[Case]:
    lines = split_lines(doc.text)
    toc_index = next((i for i, ln in enumerate(lines) if _TOC.search(ln.text)), None)
    if toc_index is None:
        return []
    _header(doc, lines, toc_index)
    toc_titles: list[str] = []
    i = toc_index + 1
    while i < len(lines):
        ln = lines[i]
        m = _TOC_ITEM.match(ln.text)
        if m:
            toc_titles.append(m.group(1).strip())
        elif not ln.is_blank() and toc_titles:
            break
        i += 1
    body_from = i
    # locate each title in the body, in order
    starts: list[int] = []
    cursor = body_from
    for title in toc_titles:
        key = nfkc_key(title)
        for j in range(cursor, len(lines)):
            if lines[j].key == key:
                starts.append(j)
                cursor = j + 1
                break
        else:
            doc.warnings.append(f"{doc.name}: table-of-contents title not found in the body: {title}")
    if not starts:
        return []
    footer = next((j for j in range(starts[-1] + 1, len(lines)) if _FOOTER.match(lines[j].text)), len(lines))
    bounds = [*starts, footer]
    footnotes = [
        (j, _FOOTNOTE.match(lines[j].text).group(1))  # type: ignore[union-attr]
        for j in range(starts[0], footer)
        if _FOOTNOTE.match(lines[j].text)
    ]
    note_lines = {j for j, _ in footnotes}
    cases: list[Case] = []
    for k, s in enumerate(starts):
        e = bounds[k + 1]
        title_line = lines[s]
        body_end = lines[e - 1].end if e - 1 > s else title_line.end
        holes = [(lines[j].start, lines[j].end) for j in note_lines if s < j < e]
        parts = spans_excluding(title_line.start, body_end, holes)
        cases.append(
            Case(
                doc=doc,
                ordinal=k + 1,
                title=title_line.stripped,
                title_span=trimmed_span(title_line),
                parts=tighten(doc.text, parts),
            )
        )
    # each footnote goes to the case whose text carries its marker (else the case it sits in)
    for j, marker in footnotes:
        owner = None
        for case in cases:
            if any(marker in doc.text[ps:pe] for ps, pe in case.parts):
                owner = case
                break
        if owner is None:
            owner = [c for c, s in zip(cases, starts, strict=True) if s <= j][-1]
        owner.parts = sorted([*owner.parts, trimmed_span(lines[j])])
    return cases
