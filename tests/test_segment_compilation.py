"""The compilation (003): 71 cases numbered as printed, each under its TOC category, body titles kept."""

from __future__ import annotations

import itertools
from collections import Counter

CATEGORY_SIZES = {
    "经济高质量发展先行示范": 5,
    "收入分配制度改革先行示范": 10,
    "城乡区域协调发展先行示范": 14,
    "公共服务优质共享先行示范": 18,
    "社会主义先进文化发展先行示范": 7,
    "生态文明建设先行示范": 5,
    "社会治理先行示范": 12,
}


def test_seventy_one_cases_numbered_as_printed(segmented):
    doc, cases = segmented["compilation"]
    assert doc.layout == "compilation"
    assert [c.ordinal for c in cases] == list(range(1, 72))
    assert [c.number for c in cases] == [str(i) for i in range(1, 72)]


def test_each_case_sits_under_its_toc_category(segmented):
    _, cases = segmented["compilation"]
    assert Counter(c.category for c in cases) == CATEGORY_SIZES
    assert cases[5].category == "收入分配制度改革先行示范"  # 6. 省委组织部
    assert cases[70].category == "社会治理先行示范"


def test_body_titles_are_kept_not_toc_titles(segmented):
    _, cases = segmented["compilation"]
    # the TOC says 省纪委省监委：… and 医康养; the body prints 省纪委监委… and 医养养
    assert cases[47].title == "省纪委监委加强群众性廉洁文化建设 促进精神富有"
    assert cases[32].title == "省国资委、物产中大集团打造“伞状”医养养联合体 探索国企养老服务新模式"
    assert cases[0].title == "人行杭州中心支行、省市场监管局创新 “贷款码”融资模式 提升小微金融服务质效"
    assert cases[60].title == "省政协办公厅创设“委员工作室” 推动委员更好联系服务群众、助力共同富裕"


def test_toc_subject_is_kept_as_region_hint(segmented):
    _, cases = segmented["compilation"]
    assert cases[1].region_hint == "杭州萧山区、滨江区"
    assert cases[5].region_hint == "省委组织部"


def test_running_page_headers_are_removed_from_case_text(segmented):
    _doc, cases = segmented["compilation"]
    for c in cases:
        for _, text in c.text_parts():
            lines = {ln.strip() for ln in text.splitlines()}
            assert not (lines & set(CATEGORY_SIZES)), c.ordinal


def test_cases_do_not_overlap_and_toc_is_no_case(segmented):
    doc, cases = segmented["compilation"]
    toc_end = doc.text.index("71. 金华武义县")
    for a, b in itertools.pairwise(cases):
        assert a.end <= b.start
    assert cases[0].start > toc_end
