"""Document readers: .txt (UTF-8, BOM, CRLF, GB18030, Big5), .docx (paragraphs and tables in body order, in
the seed reform-table layout), .pdf (text layer); and the messages for inputs that cannot be used.

Fixtures are made at test time from the seed documents: a .docx holding the first rows of the 004 reform
table, a .pdf written with fpdf2 in a small CJK font built here with fontTools (the machine may have no CJK
font installed; a generated one keeps the test independent of it).
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import docx
import pytest
from docx.oxml import parse_xml
from docx.table import _Cell
from fontTools.fontBuilder import FontBuilder
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fpdf import FPDF

from kg.errors import InputError
from kg.paths import raw_dir
from kg.read import SUPPORTED_SUFFIXES, doc_id_for, read_document
from kg.segment import segment

RAW = raw_dir()
BRIEF = RAW / "000_d3d2b23bbdabca64.txt"
COMPILATION = RAW / "003_1001a0cc11561e98.txt"
REFORM = RAW / "004_fb53225e94c1d7b6.txt"
# The reform-table columns after 序号, and the case field each is read into (see kg.segment.reform_table).
REFORM_COLUMNS = {
    "title": "改革事项",
    "measures": "改革举措",
    "targets": "主要目标",
    "results": "标志性成果",
    "units": "责任单位",
}


def seed_text(path: Path) -> str:
    return path.read_text(encoding="utf-8")


# ---------------------------------------------------------------- fixture helpers: the 004 table


def reform_table_slice(rows: int) -> str:
    """The header row and the first ``rows`` data rows of 004, exactly as the seed file has them."""
    text = seed_text(REFORM)
    start = text.index("\t序号")
    blocks = text[start:].split("\n\n")
    return "\n\n".join(blocks[: rows + 1])


def parse_rows(table_text: str) -> list[list[list[str]]]:
    """Rows → cells → paragraph lines, read from the seed layout (tab-led cells, blank line between rows)."""
    rows = []
    for block in table_text.split("\n\n"):
        cells: list[list[str]] = []
        for line in block.split("\n"):
            if line.startswith("\t"):
                cells.append([line[1:]])
            else:
                cells[-1].append(line)
        rows.append(cells)
    return rows


def fill_cell(cell, lines: list[str]) -> None:
    """One Word paragraph per line, as the table was typed."""
    cell.paragraphs[0].text = lines[0]
    for line in lines[1:]:
        cell.add_paragraph(line)


def add_table(document, rows: list[list[list[str]]]):
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    for row, cells in zip(table.rows, rows, strict=True):
        for cell, lines in zip(row.cells, cells, strict=True):
            fill_cell(cell, lines)
    return table


def write_docx(path: Path, build) -> Path:
    document = docx.Document()
    build(document)
    document.save(path)
    return path


def reform_docx(path: Path, rows: int = 3) -> Path:
    """附件 label, title, the 004 table (header + ``rows`` rows), a closing paragraph."""

    def build(document):
        document.add_paragraph("附件 5")
        document.add_paragraph("三门县共同富裕“三十”工程改革库")
        add_table(document, parse_rows(reform_table_slice(rows)))
        document.add_paragraph("三门县共同富裕示范区建设领导小组办公室")

    return write_docx(path, build)


# ---------------------------------------------------------------- fixture helpers: a CJK PDF


def cjk_font(path: Path, text: str) -> Path:
    """A TrueType font with a square glyph for every character of ``text`` (enough for a text layer)."""
    chars = sorted(set(text) - {" ", "\n", "\t"})
    names = [".notdef", "space", *(f"uni{ord(c):04X}" for c in chars)]
    pen = TTGlyphPen(None)
    pen.moveTo((100, 0))
    for corner in ((100, 700), (900, 700), (900, 0)):
        pen.lineTo(corner)
    pen.closePath()
    square = pen.glyph()
    builder = FontBuilder(1000, isTTF=True)
    builder.setupGlyphOrder(names)
    builder.setupCharacterMap({32: "space", **{ord(c): f"uni{ord(c):04X}" for c in chars}})
    builder.setupGlyf({n: TTGlyphPen(None).glyph() if n == "space" else square for n in names})
    builder.setupHorizontalMetrics({n: (1000, 100) for n in names})
    builder.setupHorizontalHeader(ascent=880, descent=-120)
    builder.setupNameTable({"familyName": "TestCJK", "styleName": "Regular"})
    builder.setupOS2(sTypoAscender=880, usWinAscent=880, usWinDescent=120)
    builder.setupPost()
    builder.save(str(path))
    return path


def write_pdf(path: Path, pages: list[list[str]]) -> Path:
    """One line of text per cell, no wrapping, so the text layer holds exactly these lines."""
    pdf = FPDF()
    font = cjk_font(path.with_suffix(".ttf"), "".join("".join(p) for p in pages))
    pdf.add_font("TestCJK", fname=str(font))
    pdf.set_font("TestCJK", size=8)
    for lines in pages:
        pdf.add_page()
        for line in lines:
            pdf.cell(text=line, new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(path))
    return path


def first_lines(path: Path, n: int) -> list[str]:
    return [ln.strip() for ln in seed_text(path).split("\n") if ln.strip()][:n]


# ---------------------------------------------------------------- .txt


def test_seed_text_file_is_read_unchanged():
    doc = read_document(REFORM)
    assert doc.text == seed_text(REFORM)
    assert doc.name == REFORM.name and doc.doc_id == "004"
    assert doc.source_format == "txt" and doc.encoding == "utf-8" and doc.warnings == []


def test_sha256_is_of_the_file_bytes():
    assert read_document(COMPILATION).sha256 == hashlib.sha256(COMPILATION.read_bytes()).hexdigest()


def test_utf8_bom_is_stripped(tmp_path):
    path = tmp_path / "bom.txt"
    path.write_bytes(b"\xef\xbb\xbf" + "温岭市念好新时代山海经".encode())
    doc = read_document(path)
    assert doc.text == "温岭市念好新时代山海经"
    assert doc.warnings == []


def test_crlf_and_cr_line_endings_become_lf(tmp_path):
    path = tmp_path / "crlf.txt"
    path.write_bytes("一、基本情况\r\n二、主要做法\r三、实施成效\r\n".encode())
    assert read_document(path).text == "一、基本情况\n二、主要做法\n三、实施成效\n"


def test_gb18030_file_is_decoded_with_a_warning(tmp_path):
    text = seed_text(BRIEF)[:3000]
    path = tmp_path / "brief_gb.txt"
    path.write_bytes(text.encode("gb18030"))
    doc = read_document(path)
    assert doc.text == text
    assert doc.encoding == "gb18030"
    assert doc.warnings == [f"{path}: decoded as gb18030; save as UTF-8 to silence this"]


def test_big5_traditional_news_is_decoded_with_a_warning(tmp_path):
    text = "寧波市強村公司聯合經營，共享法庭進駐村社，飛地經濟帶動山區縣增收。\n"
    path = tmp_path / "news_big5.txt"
    path.write_bytes(text.encode("big5"))
    doc = read_document(path)
    assert doc.text == text
    assert doc.encoding == "big5"
    assert "decoded as big5; save as UTF-8 to silence this" in doc.warnings[0]


def test_utf16_with_bom_is_decoded_with_a_warning(tmp_path):
    path = tmp_path / "notepad.txt"
    path.write_bytes("共富工坊\r\n".encode("utf-16"))
    doc = read_document(path)
    assert doc.text == "共富工坊\n"
    assert "decoded as utf-16-le" in doc.warnings[0]


def test_empty_text_file_is_refused(tmp_path):
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    with pytest.raises(InputError, match=r"empty\.txt: the file is empty; expected a policy document with text"):
        read_document(path)


def test_whitespace_only_text_file_is_refused(tmp_path):
    path = tmp_path / "blank.txt"
    path.write_bytes(b"\xef\xbb\xbf \r\n\t\n" + "\u3000".encode())
    with pytest.raises(InputError, match="the file is empty"):
        read_document(path)


def test_text_file_with_nul_bytes_is_refused_as_binary(tmp_path):
    path = tmp_path / "image.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    with pytest.raises(InputError, match=r"image\.txt: looks binary/undecodable"):
        read_document(path)


def test_text_file_in_no_known_encoding_is_refused_as_undecodable(tmp_path):
    path = tmp_path / "noise.txt"
    path.write_bytes(bytes(range(0x80, 0x100)) * 8)
    with pytest.raises(InputError, match=r"noise\.txt: looks binary/undecodable.*expected a text file in UTF-8"):
        read_document(path)


# ---------------------------------------------------------------- paths, names, file types


def test_doc_id_is_the_leading_number_of_a_seed_style_name():
    assert doc_id_for("003_1001a0cc11561e98.txt") == "003"


def test_doc_id_of_another_name_is_its_stem_with_odd_characters_replaced():
    assert doc_id_for("温州 十大样本(2022).v2.docx") == "温州_十大样本_2022__v2"
    assert doc_id_for("report-2023_final.pdf") == "report-2023_final"


def test_missing_path_is_refused(tmp_path):
    with pytest.raises(InputError, match=r"nothere\.txt: no such file"):
        read_document(tmp_path / "nothere.txt")


def test_directory_is_refused(tmp_path):
    folder = tmp_path / "folder.txt"
    folder.mkdir()
    with pytest.raises(InputError, match="is a directory"):
        read_document(folder)


def test_unknown_extension_is_refused_with_the_supported_ones(tmp_path):
    path = tmp_path / "old.doc"
    path.write_bytes(b"anything")
    with pytest.raises(
        InputError, match=r"old\.doc: unsupported file type \('\.doc'\); supported: \.docx, \.pdf, \.txt"
    ):
        read_document(path)


def test_extension_case_does_not_matter(tmp_path):
    path = tmp_path / "UPPER.TXT"
    path.write_text("共享法庭", encoding="utf-8")
    assert read_document(path).source_format == "txt"
    assert {".txt", ".docx", ".pdf"} == SUPPORTED_SUFFIXES


# ---------------------------------------------------------------- .docx


def test_docx_table_comes_back_in_the_seed_reform_table_layout(tmp_path):
    doc = read_document(reform_docx(tmp_path / "reform.docx"))
    assert reform_table_slice(3) in doc.text
    assert doc.source_format == "docx" and doc.doc_id == "reform"


def test_docx_paragraphs_and_table_keep_body_order_separated_by_blank_lines(tmp_path):
    doc = read_document(reform_docx(tmp_path / "reform.docx"))
    expected = (
        "附件 5\n\n三门县共同富裕“三十”工程改革库\n\n"
        + reform_table_slice(3)
        + "\n\n三门县共同富裕示范区建设领导小组办公室\n"
    )
    assert doc.text == expected


def test_docx_reform_table_is_segmented_like_the_seed(tmp_path):
    doc = read_document(reform_docx(tmp_path / "reform.docx"))
    cases = segment(doc)
    assert doc.layout == "reform_table"
    assert [(c.number, c.starred, c.title) for c in cases] == [
        ("1", True, "“农户家庭资产池”融资模式（小微金融助富改革）"),
        ("2", False, "保险制度改革"),
        ("3", False, "激发创业创新活力集成改革"),
    ]


def row_signature(case) -> tuple:
    """What the segmenter read from a row: number, star, title and each column's text without spaces."""
    columns = tuple("".join((case.field_text(f) or "").split()) for f in REFORM_COLUMNS)
    return case.number, case.starred, case.title, columns


def test_whole_004_table_as_docx_is_segmented_into_the_same_67_rows_as_the_seed(tmp_path):
    seed_cases = segment(read_document(REFORM))
    header = [[h] for h in ("序号", *REFORM_COLUMNS.values())]
    rows = [
        [
            [(case.number or "") + ("*" if case.starred else "")],
            *([ln for ln in (case.field_text(f) or "").split("\n") if ln.strip()] or [""] for f in REFORM_COLUMNS),
        ]
        for case in seed_cases
    ]
    path = write_docx(tmp_path / "whole.docx", lambda document: add_table(document, [header, *rows]))
    cases = segment(read_document(path))
    assert len(cases) == 67
    assert [row_signature(c) for c in cases] == [row_signature(c) for c in seed_cases]


def test_docx_sha256_is_of_the_file_bytes(tmp_path):
    path = reform_docx(tmp_path / "reform.docx")
    assert read_document(path).sha256 == hashlib.sha256(path.read_bytes()).hexdigest()


def test_vertically_merged_cell_text_is_written_once_and_columns_stay_aligned(tmp_path):
    def build(document):
        table = add_table(document, [[["1"], ["甲改革"], ["县农业农村局"]], [["2"], ["乙改革"], [""]]])
        table.cell(0, 2).merge(table.cell(1, 2))
        continuation = table.rows[1]._tr.tc_lst[2]
        _Cell(continuation, table).paragraphs[0].text = "县农业农村局"  # a stale copy Word does not show

    text = read_document(write_docx(tmp_path / "vmerge.docx", build)).text
    assert text == "\t1\n\t甲改革\n\t县农业农村局\n\n\t2\n\t乙改革\n\t\n"


def test_horizontally_merged_cell_text_is_written_once_then_empty_cells(tmp_path):
    def build(document):
        table = add_table(document, [[["1"], ["共富工坊"], [""], ["县人力社保局"]]])
        table.cell(0, 1).merge(table.cell(0, 2))

    text = read_document(write_docx(tmp_path / "hmerge.docx", build)).text
    assert text == "\t1\n\t共富工坊\n\t\n\t县人力社保局\n"


def test_nested_table_becomes_plain_lines_of_its_cell(tmp_path):
    def build(document):
        table = add_table(document, [[["1"], ["飞地经济"]]])
        inner = table.cell(0, 1).add_table(rows=1, cols=2)
        inner.cell(0, 0).text = "产业飞地"
        inner.cell(0, 1).text = "科创飞地"

    text = read_document(write_docx(tmp_path / "nested.docx", build)).text
    assert text == "\t1\n\t飞地经济\n产业飞地\n科创飞地\n"


def test_row_with_an_empty_number_cell_starts_like_a_seed_row_that_lost_its_number(tmp_path):
    def build(document):
        add_table(document, [[[""], ["农民持股改革"], ["县金融中心"]]])

    text = read_document(write_docx(tmp_path / "lost.docx", build)).text
    assert text == " \t农民持股改革\n\t县金融中心\n"


def test_leading_tabs_of_paragraph_lines_are_dropped_so_they_cannot_pose_as_cells(tmp_path):
    def build(document):
        document.add_paragraph("\t\t强村公司带动集体经济增收")

    assert read_document(write_docx(tmp_path / "tabs.docx", build)).text == "强村公司带动集体经济增收\n"


W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
MC_NS = 'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"'


def add_body_xml(document, xml: str) -> None:
    """Append a raw WordprocessingML block (what Word writes for revisions, content controls, text boxes)."""
    placeholder = document.add_paragraph()._p
    placeholder.addnext(parse_xml(xml))
    placeholder.getparent().remove(placeholder)


def test_tracked_insertions_are_read_and_deletions_are_not(tmp_path):
    xml = (
        f"<w:p {W_NS}><w:r><w:t>设立</w:t></w:r>"
        '<w:ins w:id="1" w:author="a"><w:r><w:t>共享法庭</w:t></w:r></w:ins>'
        '<w:del w:id="2" w:author="a"><w:r><w:delText>调解室</w:delText></w:r></w:del></w:p>'
    )
    path = write_docx(tmp_path / "revisions.docx", lambda document: add_body_xml(document, xml))
    assert read_document(path).text == "设立共享法庭\n"


def test_paragraphs_inside_content_controls_are_read(tmp_path):
    xml = f"<w:sdt {W_NS}><w:sdtContent><w:p><w:r><w:t>目录</w:t></w:r></w:p></w:sdtContent></w:sdt>"
    path = write_docx(tmp_path / "sdt.docx", lambda document: add_body_xml(document, xml))
    assert read_document(path).text == "目录\n"


def test_text_box_is_read_once_after_its_anchor_paragraph(tmp_path):
    box = "<w:txbxContent><w:p><w:r><w:t>台州市共同富裕简报</w:t></w:r></w:p></w:txbxContent>"
    xml = (
        f"<w:p {W_NS} {MC_NS}><w:r><w:t>正文</w:t></w:r><w:r><mc:AlternateContent>"
        f"<mc:Choice Requires='wps'>{box}</mc:Choice><mc:Fallback>{box}</mc:Fallback>"
        "</mc:AlternateContent></w:r></w:p>"
    )
    path = write_docx(tmp_path / "textbox.docx", lambda document: add_body_xml(document, xml))
    assert read_document(path).text == "正文\n\n台州市共同富裕简报\n"


def test_docx_without_text_is_refused_as_empty(tmp_path):
    path = write_docx(tmp_path / "blank.docx", lambda document: document.add_paragraph("   "))
    with pytest.raises(InputError, match=r"blank\.docx: the file is empty"):
        read_document(path)


def test_docx_that_is_not_a_zip_package_is_refused(tmp_path):
    path = tmp_path / "fake.docx"
    path.write_text("共富工坊", encoding="utf-8")
    with pytest.raises(InputError, match=r"fake\.docx: is not a valid \.docx \(not a zip package\)"):
        read_document(path)


def test_old_word_file_renamed_to_docx_is_refused_with_advice(tmp_path):
    path = tmp_path / "renamed.docx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504))
    with pytest.raises(InputError, match=r"renamed\.docx: is an old Word 97-2003 \(\.doc\) file.*save as \.docx"):
        read_document(path)


# ---------------------------------------------------------------- .pdf


def test_pdf_text_layer_comes_back(tmp_path):
    lines = first_lines(BRIEF, 4)
    doc = read_document(write_pdf(tmp_path / "brief.pdf", [lines]))
    assert doc.text == "\n".join(lines)
    assert doc.source_format == "pdf" and doc.warnings == []


def test_pdf_pages_are_joined_by_a_newline(tmp_path):
    page1, page2 = first_lines(COMPILATION, 2), ["共享法庭", "强村公司"]
    doc = read_document(write_pdf(tmp_path / "two.pdf", [page1, page2]))
    assert doc.text == "\n".join(page1) + "\n" + "\n".join(page2)


def test_pdf_page_without_text_gives_a_warning(tmp_path):
    doc = read_document(write_pdf(tmp_path / "part.pdf", [["飞地经济"], []]))
    assert doc.text.startswith("飞地经济")
    assert doc.warnings == [
        f"{tmp_path / 'part.pdf'}: page(s) 2 of 2 have no text layer (scanned?); their text is missing"
    ]


def test_pdf_without_text_layer_is_refused_as_needing_ocr(tmp_path):
    pdf = FPDF()
    pdf.add_page()
    pdf.rect(20, 20, 100, 60, style="F")  # a "scan": marks on the page, no text
    path = tmp_path / "scan.pdf"
    pdf.output(str(path))
    with pytest.raises(
        InputError, match=r"scan\.pdf: the PDF has no text layer \(a scanned image\?\); OCR is not supported"
    ):
        read_document(path)


def test_corrupt_pdf_is_refused(tmp_path):
    path = tmp_path / "broken.pdf"
    path.write_bytes(b"%PDF-1.7\nthis is not really a pdf\n")
    with pytest.raises(InputError, match=r"broken\.pdf: cannot be read as a PDF"):
        read_document(path)
