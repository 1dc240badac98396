"""Word (.docx) reader: paragraphs and tables in body order, tables in the seed reform-table layout.

The seed reform table (004) is a Word table exported as text, and the reform-table segmenter reads that
layout; a .docx holding the same table must come out the same way so that it is segmented the same way:

- each table cell starts a new line with a TAB; a cell's further lines (its other paragraphs) have no tab;
- the cells of a row follow each other, one per grid column, the first being the 序号 cell;
- a blank line separates rows; an empty first cell is written as the seed export writes a lost 序号: the
  row's next cell is led by `` \\t`` (space, tab), so the row still starts recognisably;
- paragraphs outside tables, and tables, are separated by a blank line.

Because a leading tab means "table cell" in this layout, leading tabs of every line are removed from the
paragraph text itself. Merged cells are written once: a cell spanning columns (gridSpan) is followed by
empty cells for the columns it covers, and the continuation of a vertical merge is an empty cell, so the
columns stay aligned without repeating text. A table nested in a cell is flattened into plain lines of that
cell. We walk the XML with lxml instead of python-docx's ``Paragraph.text`` because the latter skips
content controls (w:sdt), tracked insertions (w:ins) and text boxes.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from io import BytesIO

from lxml import etree

from kg.errors import InputError
from kg.read.text import Extracted

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Word 97-2003 .doc, or an encrypted Office file


def _w(tag: str) -> str:
    return f"{{{_W}}}{tag}"


P, TBL, TR, TC, SDT, SDT_CONTENT, CUSTOM_XML = (
    _w(t) for t in ("p", "tbl", "tr", "tc", "sdt", "sdtContent", "customXml")
)
R, T, TAB, BR, CR, NB_HYPHEN = (_w(t) for t in ("r", "t", "tab", "br", "cr", "noBreakHyphen"))
TXBX = _w("txbxContent")
# Content that is in the XML but not on the page (deleted revisions, VML fallbacks of text boxes), or that
# belongs to another paragraph (text boxes anchored in this one, read as paragraphs of their own).
_NOT_OWN = frozenset({_w("del"), _w("moveFrom"), TXBX, f"{{{_MC}}}Fallback", P})
_RUN_CHARS = {TAB: "\t", BR: "\n", CR: "\n", NB_HYPHEN: "-"}
_WRAPPERS = frozenset({SDT, CUSTOM_XML, SDT_CONTENT})
_LEADING_TABS = re.compile(r"^[ \t]*\t", re.MULTILINE)


def read_docx(data: bytes, source: str) -> Extracted:
    """Text of a .docx package; ``source`` names the file in messages."""
    body = _open_body(data, source)
    text = "\n\n".join(_blocks(body, nested=False))
    return Extracted(text + "\n" if text else "", "utf-8")


def _open_body(data: bytes, source: str) -> etree._Element:
    if data.startswith(_OLE_MAGIC):
        raise InputError(
            f"{source}: is an old Word 97-2003 (.doc) file or a password-protected document, not a .docx; "
            "expected a .docx: open it in Word or LibreOffice, remove any password and save as .docx"
        )
    if not zipfile.is_zipfile(BytesIO(data)):
        raise InputError(f"{source}: is not a valid .docx (not a zip package); expected a Word .docx document")
    import docx  # python-docx: imported here so that reading .txt does not pay for it
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(BytesIO(data))
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile, etree.XMLSyntaxError) as exc:
        raise InputError(
            f"{source}: cannot be opened as a Word document ({exc}); expected a .docx saved by Word or LibreOffice"
        ) from exc
    return document.element.body


def _children(container: etree._Element) -> Iterator[etree._Element]:
    """Child elements, looking through content controls and custom-XML wrappers."""
    for child in container:
        if child.tag in _WRAPPERS:
            yield from _children(child)
        elif isinstance(child.tag, str):
            yield child


def _blocks(container: etree._Element, *, nested: bool) -> Iterator[str]:
    """Non-blank texts of the paragraphs and tables of a body, cell or text box, in document order.

    ``nested`` is True inside a table cell, where a nested table becomes plain lines.
    """
    for child in _children(container):
        if child.tag == P:
            text = paragraph_text(child)
            if text.strip():
                yield text
            for box in _text_boxes(child):
                yield from _blocks(box, nested=nested)
        elif child.tag == TBL:
            text = _flat_table_text(child) if nested else table_text(child)
            if text.strip():
                yield text


def paragraph_text(p: etree._Element) -> str:
    """The visible text of one w:p: runs (including tracked insertions and hyperlinks), tabs and breaks.

    Leading tabs are dropped from each line: in the output layout a leading tab marks a table cell.
    """
    parts: list[str] = []
    for el in p.iter(T, TAB, BR, CR, NB_HYPHEN):
        if el.getparent().tag != R or not _owned_by(el, p):
            continue  # e.g. w:tab inside w:tabs (tab-stop definitions), or text of a deleted revision
        parts.append((el.text or "") if el.tag == T else _RUN_CHARS[el.tag])
    return _LEADING_TABS.sub("", "".join(parts))


def _owned_by(el: etree._Element, p: etree._Element) -> bool:
    node = el.getparent()
    while node is not None and node is not p:
        if node.tag in _NOT_OWN:
            return False
        node = node.getparent()
    return True


def _text_boxes(p: etree._Element) -> Iterator[etree._Element]:
    """Text boxes anchored in ``p`` (each once: the VML fallback copy is skipped)."""
    for box in p.iter(TXBX):
        if _owned_by(box, p):
            yield box


def _row_cells(tr: etree._Element) -> list[str]:
    """One text per grid column of the row: merged cells give their text once, then empty cells."""
    cells: list[str] = [""] * _grid_int(tr, "trPr", "gridBefore")
    for tc in _children(tr):
        if tc.tag != TC:
            continue
        text = "" if _is_merge_continuation(tc) else "\n".join(_blocks(tc, nested=True))
        cells.append(text)
        cells.extend([""] * (_grid_int(tc, "tcPr", "gridSpan") - 1))
    return cells


def _grid_int(el: etree._Element, props: str, name: str) -> int:
    node = el.find(f"{_w(props)}/{_w(name)}")
    value = node.get(_w("val")) if node is not None else None
    return int(value) if value and value.isdecimal() else (1 if name == "gridSpan" else 0)


def _is_merge_continuation(tc: etree._Element) -> bool:
    """A cell continuing a vertical merge (its text is in the cell above) or a legacy horizontal merge."""
    for name in ("vMerge", "hMerge"):
        node = tc.find(f"{_w('tcPr')}/{_w(name)}")
        if node is not None and node.get(_w("val"), "continue") == "continue":
            return True
    return False


def _rows(tbl: etree._Element) -> Iterator[list[str]]:
    for tr in _children(tbl):
        if tr.tag == TR:
            cells = _row_cells(tr)
            if any(c.strip() for c in cells):
                yield cells


def table_text(tbl: etree._Element) -> str:
    """A table in the seed reform-table layout (see the module docstring)."""
    return "\n\n".join(_row_text(cells) for cells in _rows(tbl))


def _row_text(cells: list[str]) -> str:
    lines = ["\t" + c for c in cells]
    if len(lines) > 1 and not cells[0].strip():
        lines = [" " + lines[1], *lines[2:]]  # the seed's convention for a row that lost its 序号
    return "\n".join(lines)


def _flat_table_text(tbl: etree._Element) -> str:
    """A table nested in a cell: its non-empty cells as plain lines, row by row."""
    return "\n".join(c for cells in _rows(tbl) for c in cells if c.strip())
