"""Reform tables exported from Word as text (004: 三门县共同富裕“三十”工程改革库).

Each table cell starts a line with a TAB; a cell continues over following lines that have no leading tab
(blank lines included, so rows cannot be split on blank lines). A row starts with its 序号 cell
(``\\t12`` or ``\\t9*``) or, where the export lost the number, with `` \\t`` + the first text cell. The
header row names the columns; the lines before it (attachment label, ``[bookmark: …]``) are no case.
"""

from __future__ import annotations

import re

from kg.model import Case, Document
from kg.segment.lines import split_lines, tighten

_NUMBER_CELL = re.compile(r"^\t\s*(\d+)\s*(\*?)\s*$")
_LOST_NUMBER = re.compile(r"^ +\t")
_BOOKMARK = re.compile(r"\[bookmark:[^\]]*\]")
_HEADER_WORDS = ("序号", "改革事项", "责任单位")

# Column heading → field name stored on the case (the contract names them in the ontology).
COLUMN_FIELDS = {
    "改革事项": "title",
    "改革举措": "measures",
    "主要目标": "targets",
    "标志性成果": "results",
    "责任单位": "units",
}


def matches(text: str) -> bool:
    head = text[:3000]
    return all(w in head for w in _HEADER_WORDS) and "\n\t" in head


def _cells(doc: Document, first: int, last: int, lines) -> list[tuple[int, int]]:
    """Cell spans of the rows' lines[first:last] (each cell starts at a tab-led line)."""
    cells: list[list[int]] = []
    for ln in lines[first:last]:
        if ln.text.startswith("\t") or _LOST_NUMBER.match(ln.text):
            off = ln.text.index("\t") + 1
            cells.append([ln.start + off, ln.end])
        elif cells:
            cells[-1][1] = ln.end
    return [tuple(c) for c in cells]  # type: ignore[misc]


def segment(doc: Document) -> list[Case]:
    lines = split_lines(doc.text)
    text = doc.text
    # header row: the tab-led cells 序号 … 责任单位
    header_start = next((i for i, ln in enumerate(lines) if ln.text.strip() == "序号"), None)
    if header_start is None:
        return []
    columns: list[str] = []
    i = header_start
    while i < len(lines) and lines[i].text.startswith("\t"):
        columns.append(lines[i].text.strip())
        i += 1
    pre = [ln.text for ln in lines[:header_start] if ln.text.strip()]
    titles = [_BOOKMARK.sub("", t).strip() for t in pre]
    titles = [t for t in titles if t and not re.fullmatch(r"附件\s*\d*", t)]
    if titles:
        doc.title = titles[-1]
    data_cols = columns[1:]  # without 序号
    # row starts
    starts: list[tuple[int, str | None, bool]] = []
    for j in range(i, len(lines)):
        m = _NUMBER_CELL.match(lines[j].text)
        if m:
            starts.append((j, m.group(1), bool(m.group(2))))
        elif _LOST_NUMBER.match(lines[j].text) and lines[j].text.strip():
            starts.append((j, None, False))
    cases: list[Case] = []
    for k, (j, number, starred) in enumerate(starts):
        end_line = starts[k + 1][0] if k + 1 < len(starts) else len(lines)
        first = j + 1 if number is not None else j
        cells = [tighten(text, [c]) for c in _cells(doc, first, end_line, lines)]
        cells = [c[0] if c else None for c in cells]
        if len(cells) != len(data_cols):
            doc.warnings.append(
                f"{doc.name}: table row {k + 1} (line {j + 1}) has {len(cells)} cells, "
                f"expected {len(data_cols)} ({'/'.join(data_cols)}); extra cells were joined to the last"
            )
        fields: dict[str, tuple[int, int]] = {}
        for col, cell in zip(data_cols, cells, strict=False):
            if cell is not None:
                fields[COLUMN_FIELDS.get(col, col)] = cell
        if len(cells) > len(data_cols) and cells[-1] is not None and data_cols:
            last = COLUMN_FIELDS.get(data_cols[-1], data_cols[-1])
            fields[last] = (fields.get(last, cells[len(data_cols) - 1] or cells[-1])[0], cells[-1][1])
        title_span = fields.get("title")
        if title_span is None:
            continue
        raw_title = text[title_span[0] : title_span[1]]
        title = "".join(part.strip() for part in raw_title.split("\n"))  # a wrapped title is one title
        row_start = title_span[0]
        row_end = max(e for _, e in (c for c in cells if c is not None))
        cases.append(
            Case(
                doc=doc,
                ordinal=len(cases) + 1,
                title=title,
                title_span=title_span,
                parts=tighten(text, [(row_start, row_end)]),
                number=number,
                starred=starred,
                fields=fields,
            )
        )
    return cases
