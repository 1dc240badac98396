"""The reform table (004): one case per row, 67 rows, columns kept apart."""

from __future__ import annotations


def test_sixty_seven_rows_in_row_order(segmented):
    doc, cases = segmented["reform"]
    assert doc.layout == "reform_table"
    assert len(cases) == 67
    assert [c.ordinal for c in cases] == list(range(1, 68))


def test_printed_numbers_and_stars_are_kept(segmented):
    _, cases = segmented["reform"]
    numbered = [c for c in cases if c.number is not None]
    assert len(numbered) == 41
    assert sum(c.number is None for c in cases) == 26
    assert [c.ordinal for c in cases if c.starred] == [1, 9, 10, 11, 14, 16, 52, 58]
    assert cases[0].number == "1" and cases[0].starred
    # printed numbers have gaps: row 63 prints 65, row 65 prints 67
    assert cases[62].number == "65" and cases[64].number == "67"


def test_header_bookmark_and_label_are_not_cases(segmented):
    doc, cases = segmented["reform"]
    assert doc.title == "三门县共同富裕“三十”工程改革库"
    assert all("bookmark" not in c.plain_text() and c.title != "序号" for c in cases)


def test_wrapped_title_is_joined(segmented):
    _, cases = segmented["reform"]
    assert cases[9].title == "支持构建海上安全体系"


def test_numberless_rows_start_with_their_title(segmented):
    _, cases = segmented["reform"]
    assert cases[17].title == "农民持股改革" and cases[17].number is None
    assert cases[66].title == "支持三门县乡村振兴青蟹产业深度融合发展示范县建设"


def test_columns_are_separate_fields(segmented):
    _, cases = segmented["reform"]
    row = cases[0]
    assert row.field_text("measures").startswith("1.创新农户资产评估模型")
    assert row.field_text("targets").startswith("1.2022年9月底前")
    assert row.field_text("results").startswith("1.创新建立“硬”“软”结合")
    assert row.field_text("units").startswith("台州银保监分局三门监管组")


def test_blank_line_inside_a_row_does_not_split_it(segmented):
    _, cases = segmented["reform"]
    row8 = cases[7]
    assert row8.field_text("results") == "“供富大篷车”、数字农合联等建设取得突破。"
    assert row8.field_text("units") == "县供销联社"


def test_units_listed_one_per_line_stay_in_the_units_field(segmented):
    _, cases = segmented["reform"]
    assert cases[9].field_text("units").split("\n") == [
        "县应急管理局",
        "县自然资源规划局",
        "县公安局",
        "县水利局",
        "县气象局",
        "县农业农村局",
    ]
