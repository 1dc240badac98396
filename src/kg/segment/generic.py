"""Documents of no known layout.

If the text marks its cases explicitly (案例一 / 样本1 / 【案例2】 …) or repeats the compilation skeleton
(一、基本情况 … under a title), it is split there; otherwise the whole document is one case titled by its
first line.
"""

from __future__ import annotations

import re
from pathlib import PurePath

from kg.model import Case, Document
from kg.segment.lines import find_date, split_lines, tighten, trimmed_span

_CASE_MARK = re.compile(
    r"^\s*[【\[]?\s*(?:案例|样本|典型案例|经验)\s*([一二三四五六七八九十\d]+)\s*[】\]]?\s*[：:、.．]?\s*(.*)$"
)
_SKELETON = re.compile(r"^\s*一、\s*(基本情况|背景|主要做法|工作背景)\s*$")
_MAX_TITLE = 60


def matches(text: str) -> bool:  # the fallback matches everything
    return True


def _title_line(lines, before: int):
    for k in range(before - 1, -1, -1):
        if lines[k].text.strip():
            return k
    return None


def segment(doc: Document) -> list[Case]:
    lines = split_lines(doc.text)
    nonblank = [ln for ln in lines if ln.text.strip()]
    if not nonblank:
        return []
    head = "\n".join(ln.text for ln in nonblank[:8])
    doc.date = doc.date or find_date(head)
    marks = [(i, m) for i, ln in enumerate(lines) if (m := _CASE_MARK.match(ln.text))]
    starts: list[tuple[int, str]] = []
    if len(marks) >= 2:
        starts = [(i, (m.group(2) or lines[i].text).strip()) for i, m in marks]
    else:
        skel = [i for i, ln in enumerate(lines) if _SKELETON.match(ln.text)]
        if len(skel) >= 2:
            for i in skel:
                k = _title_line(lines, i)
                if k is not None:
                    starts.append((k, lines[k].text.strip()))
    if len(starts) >= 2:
        first_title = nonblank[0].text.strip()
        if len(first_title) <= _MAX_TITLE and doc.title is None:
            doc.title = first_title
        cases = []
        for n, (i, title) in enumerate(starts):
            end = lines[starts[n + 1][0] - 1].end if n + 1 < len(starts) else lines[-1].end
            cases.append(
                Case(
                    doc=doc,
                    ordinal=n + 1,
                    title=title,
                    title_span=trimmed_span(lines[i]),
                    parts=tighten(doc.text, [(lines[i].start, end)]),
                )
            )
        return cases
    first = nonblank[0]
    title = first.text.strip()
    if len(title) > _MAX_TITLE:
        title = PurePath(doc.name).stem
        title_span = (first.start, first.start)
    else:
        title_span = trimmed_span(first)
    doc.title = doc.title or title
    return [
        Case(
            doc=doc,
            ordinal=1,
            title=title,
            title_span=title_span,
            parts=tighten(doc.text, [(first.start, nonblank[-1].end)]),
        )
    ]
