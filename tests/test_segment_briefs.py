"""Work briefs (000, 001): four articles each, titled as in the body, header and footer excluded."""

from __future__ import annotations

import pytest

BRIEF3_TITLES = [
    "温岭市念好新时代山海经 奏响共同富裕协作曲",
    "玉环市以“三带”策略力促全域共富",
    "天台县振兴乡村教育 奠定“共富”基石",
    "三门县聚焦“五个帮” 探索“浙有众扶”新路径",
]
BRIEF7_TITLES = [
    "椒江区盯才“扩中” 大力培育“中收”后备军",
    "温岭市以高质量就业扎实推动共同富裕",
    "玉环市探索“三个三”工作法 扩大技术工人队伍规模",
    "天台县创新“和盈模式” 推动低收入人群持续增收",
]


@pytest.mark.parametrize(("key", "titles"), [("brief3", BRIEF3_TITLES), ("brief7", BRIEF7_TITLES)])
def test_brief_titles_are_the_body_titles_in_order(segmented, key, titles):
    doc, cases = segmented[key]
    assert doc.layout == "brief"
    assert [c.title for c in cases] == titles
    assert [c.ordinal for c in cases] == [1, 2, 3, 4]


def test_brief_header_gives_issuer_and_date(segmented):
    doc, _ = segmented["brief3"]
    assert doc.title == "台州共富工作简报 第3期"
    assert doc.issuer == "台州市高质量发展建设共同富裕先行市领导小组办公室"
    assert doc.date == "2021-09-30"
    assert segmented["brief7"][0].date == "2021-12-01"


@pytest.mark.parametrize("key", ["brief3", "brief7"])
def test_recipient_list_and_footer_are_no_case_text(segmented, key):
    _doc, cases = segmented[key]
    for case in cases:
        text = case.plain_text()
        assert "报：" not in text
        assert "送：" not in text and "发：" not in text and "印发" not in text


def test_footnotes_stay_with_the_case_they_annotate(segmented):
    _doc, cases = segmented["brief3"]
    last = cases[3].plain_text()
    assert "1 个帮扶中心+4 个常驻部门" in last
    assert "三门湾公益谷+3 个常驻社会组织" in last
    assert all("帮扶中心+4 个常驻部门" not in c.plain_text() for c in cases[:3])


def test_case_title_span_points_at_the_title(segmented):
    doc, cases = segmented["brief7"]
    for c in cases:
        s, e = c.title_span
        assert doc.text[s:e] == c.title
