"""The newspaper page (002): ten samples under category headings, captions and decoration cut out."""

from __future__ import annotations

CATEGORIES = {
    1: "经济高质量发展先行示范",
    2: "收入分配制度改革先行示范",
    3: "收入分配制度改革先行示范",
    4: "收入分配制度改革先行示范",
    5: "城乡区域协调发展先行示范",
    6: "公共服务优质共享先行示范",
    7: "公共服务优质共享先行示范",
    8: "社会主义先进文化先行示范",
    9: "生态文明建设先行示范",
    10: "社会治理先行示范",
}
CAPTIONS = [
    "正威长三角电子信息产业中心落户平阳",
    "陈亮 摄",
    "遍布温州的城市书房",
    "瑞安农商银行农金知识宣传队进村普及金融知识",
    "文成“侨家乐”民宿——寒舍迴塘",
    "在疫情防控、社会救助等领域发挥重要作用的共享社·幸福里。",
    "温州洞头蓝湾生态修复项目",
    "本版图片由温州市发展与改革委员会提供",
    "我们走在 大路上",
    "共同富裕示范区",
    "温州借力世界青年科学家峰会,加快经济创新发展。",
]


def test_ten_samples_numbered_by_sample_number(segmented):
    doc, cases = segmented["newspaper"]
    assert doc.layout == "newspaper"
    assert [c.ordinal for c in cases] == list(range(1, 11))


def test_sample_titles_are_printed_after_the_sample_label(segmented):
    _, cases = segmented["newspaper"]
    assert cases[0].title == "借力世界青科会加快经济创新发展"
    assert cases[2].title == "以侨兴旅开发“侨家乐” 打造山城致富新品牌"
    assert cases[9].title == "“共享社·幸福里”全面 激活基层治理“一池春水”"


def test_samples_sit_under_their_category_heading(segmented):
    _, cases = segmented["newspaper"]
    assert {c.ordinal: c.category for c in cases} == CATEGORIES


def test_captions_intro_and_decoration_are_in_no_case(segmented):
    _, cases = segmented["newspaper"]
    for c in cases:
        text = c.plain_text()
        for caption in CAPTIONS:
            assert caption not in text, (c.ordinal, caption)
        assert "以缩小区域差距" not in text  # the page intro


def test_wrapped_body_paragraph_stays_in_its_sample(segmented):
    _, cases = segmented["newspaper"]
    assert "了24小时有光的舒适阅读空间" in cases[7].plain_text()
