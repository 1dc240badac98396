"""Documents of no known layout: explicit case markers split, otherwise one document is one case."""

from __future__ import annotations

from kg.model import Document
from kg.segment import detect_layout, segment


def _doc(text: str, name: str = "news.txt") -> Document:
    return Document(name=name, doc_id="news", text=text, sha256="x", source_format="txt")


def test_a_news_report_is_one_case_titled_by_its_first_line():
    text = "共富工坊让村民家门口就业\n\n近日，记者走进丽水市遂昌县，看到共富工坊里一片忙碌。\n\n一、背景\n\n当地……"
    doc = _doc(text)
    cases = segment(doc)
    assert detect_layout(text) == "generic"
    assert len(cases) == 1
    assert cases[0].title == "共富工坊让村民家门口就业"
    assert doc.text[cases[0].start : cases[0].end].endswith("当地……")


def test_explicit_case_markers_split_the_document():
    text = "典型案例汇编\n\n案例一：强村公司助力增收\n\n内容甲。\n\n案例二：共享法庭进村\n\n内容乙。\n"
    cases = segment(_doc(text))
    assert [c.title for c in cases] == ["强村公司助力增收", "共享法庭进村"]
    assert "内容甲" in cases[0].plain_text() and "内容甲" not in cases[1].plain_text()


def test_a_long_first_line_is_not_a_title():
    text = "这是一段很长的正文，" * 10 + "\n"
    cases = segment(_doc(text, name="report_2024.txt"))
    assert cases[0].title == "report_2024"


def test_a_layout_that_finds_nothing_falls_back_with_a_warning():
    text = "某简报\n\n【本期目录】\n\n- 不存在的标题\n\n正文没有这个标题。\n"
    doc = _doc(text)
    cases = segment(doc)
    assert len(cases) == 1
    assert doc.layout == "generic"
    assert any("fell back" in w for w in doc.warnings)


def test_a_superscript_digit_is_not_a_number():
    """'²'.isdigit() is True but int('²') fails (found by fuzzing with another seed): it is no numeral."""
    from kg.segment.lines import cn_numeral

    assert cn_numeral("²") is None
    assert cn_numeral("１２") == 12  # full-width digits are decimal digits
