"""The quantity parser (kg.extract.numbers) and its unit lexicon (data/lexicons/units.csv)."""

from __future__ import annotations

import csv
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.extract.numbers import (
    MAGNITUDES,
    PREFIX_QUALIFIERS,
    chinese_to_decimal,
    default_units_path,
    find_quantities,
    format_quantity,
    load_units,
    parse_quantity,
    unit_info,
)

D = Decimal


def surfaces(text: str) -> list[str]:
    return [text[s:e] for s, e, _ in find_quantities(text)]


# ---------------------------------------------------------------- the unit lexicon


def test_units_csv_starts_with_a_comment_saying_its_source():
    first = default_units_path().read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("#") and "Source" in default_units_path().read_text(encoding="utf-8")[:400]


def test_every_unit_row_has_a_base_unit_a_positive_factor_and_a_known_use():
    with default_units_path().open(encoding="utf-8") as f:
        rows = list(csv.DictReader(line for line in f if not line.startswith("#")))
    assert rows
    for row in rows:
        assert row["base_unit"], row
        assert D(row["factor"]) > 0, row
        assert row["use"] in {"count", "per", "both"}, row


@pytest.mark.parametrize("unit", ["元", "万", "人", "人次", "户", "家", "个", "项", "亩", "平方米", "平方公里", "公里",
                                  "%", "倍", "名", "件", "套", "所", "村", "期", "场", "批", "条", "吨", "台", "次",
                                  "篇", "位"])  # fmt: skip
def test_the_units_the_brief_names_are_all_read(unit):
    q = parse_quantity(f"12{unit}")
    assert q is not None and q.unit == unit


def test_unit_info_sees_through_magnitude_and_denominator():
    assert unit_info("万元/年").name == "元"
    assert unit_info("万人次").name == "人次"
    assert unit_info("大象") is None


# ---------------------------------------------------------------- parse_quantity: the forms of the documents

PARSED = [
    # text, value, magnitude, unit, base_value, base_unit, qualifier
    ("276万元", "276", "万", "万元", "2760000", "元", None),
    ("1.64万亿元", "1.64", "万亿", "万亿元", "1640000000000", "元", None),
    ("近5万元", "5", "万", "万元", "50000", "元", "近"),
    ("1.2万余家", "1.2", "万", "万家", "12000", "家", "余"),
    ("15.2%", "15.2", "", "%", "15.2", "%", None),
    ("3400多名", "3400", "", "名", "3400", "名", "多"),
    ("三个", "3", "", "个", "3", "个", None),
    ("两期", "2", "", "期", "2", "期", None),
    ("12.8%", "12.8", "", "%", "12.8", "%", None),
    ("2000多个", "2000", "", "个", "2000", "个", "多"),
    ("9亿多元", "9", "亿", "亿元", "900000000", "元", "多"),
    ("20余万人次", "20", "万", "万人次", "200000", "人次", "余"),
    ("4.9万户", "4.9", "万", "万户", "49000", "户", None),
    ("100%", "100", "", "%", "100", "%", None),
    ("达100%", "100", "", "%", "100", "%", "达"),
    ("95%以上", "95", "", "%", "95", "%", "以上"),
    ("达到95%以上", "95", "", "%", "95", "%", "以上"),
    ("约10%", "10", "", "%", "10", "%", "约"),
    ("超2亿元", "2", "亿", "亿元", "200000000", "元", "超"),
    ("不少于30人", "30", "", "人", "30", "人", "不少于"),
    ("累计10万平方米左右", "10", "万", "万平方米", "100000", "平方米", "左右"),
    ("近1.7亿多元", "1.7", "亿", "亿元", "170000000", "元", "近"),
    ("2.7万多人次", "2.7", "万", "万人次", "27000", "人次", "多"),
    ("30余万元", "30", "万", "万元", "300000", "元", "余"),
    ("40万", "40", "万", "万", "400000", "", None),
    ("3亿", "3", "亿", "亿", "300000000", "", None),
    ("5千元", "5", "千", "千元", "5000", "元", None),
    ("3千万元", "3", "千万", "千万元", "30000000", "元", None),
    ("2万元/年", "2", "万", "万元/年", "20000", "元/年", None),
    ("300元/亩", "300", "", "元/亩", "300", "元/亩", None),
    ("10738人/次", "10738", "", "人/次", "10738", "人次", None),
    ("3.2个百分点", "3.2", "", "个百分点", "3.2", "百分点", None),
    ("389倍", "389", "", "倍", "389", "倍", None),
    ("7成", "7", "", "成", "70", "%", None),
    ("七成", "7", "", "成", "70", "%", None),
    ("5平方公里", "5", "", "平方公里", "5000000", "平方米", None),
    ("5千米", "5", "", "千米", "5000", "米", None),
    ("3吨", "3", "", "吨", "3000", "千克", None),
    ("1,000元", "1000", "", "元", "1000", "元", None),
    ("二十五个", "25", "", "个", "25", "个", None),
    ("三百余家", "300", "", "家", "300", "家", "余"),
    ("三万五千人", "35000", "", "人", "35000", "人", None),
    ("十二万人", "12", "万", "万人", "120000", "人", None),
    ("连续3年", None, None, None, None, None, None),  # not a bare quantity: the verb is part of the text
    ("3年", "3", "", "年", "3", "年", None),
    ("6个月", "6", "", "个月", "6", "月", None),
    ("7大", "7", "", "大", "7", "大", None),
    ("8大类", "8", "", "大类", "8", "大类", None),
    ("1 200", None, None, None, None, None, None),
]


@pytest.mark.parametrize(("text", "value", "mag", "unit", "base", "base_unit", "qualifier"), PARSED)
def test_parse_quantity_reads_the_printed_forms(text, value, mag, unit, base, base_unit, qualifier):
    q = parse_quantity(text)
    if value is None:
        assert q is None
        return
    assert q is not None, text
    assert (q.value, q.magnitude, q.unit, q.base_value, q.base_unit, q.qualifier) == (
        D(value),
        mag,
        unit,
        D(base),
        base_unit,
        qualifier,
    )


def test_a_ratio_keeps_its_first_number_as_value_and_converts_to_a_ratio_to_one():
    q = parse_quantity("1:3")
    assert (q.value, q.unit, q.base_value, q.base_unit) == (D(1), ":3", D("0.333333"), ":1")
    assert parse_quantity("10：1").unit == ":1"


def test_a_fraction_is_a_share_in_percent():
    q = parse_quantity("1/3")
    assert (q.value, q.unit, q.base_value, q.base_unit) == (D(1), "/3", D("33.3333"), "%")


def test_chinese_fractions_and_percentages_are_read():
    assert parse_quantity("三分之一").base_value == D("33.3333")
    q = parse_quantity("百分之三十")
    assert (q.value, q.unit) == (D(30), "%")


def test_a_time_of_day_is_not_a_ratio():
    assert parse_quantity("8:30") is None


def test_a_range_is_not_one_quantity():
    assert parse_quantity("3-5万元") is None


@pytest.mark.parametrize(
    "text", ["2020年", "二〇二一年", "10月9日", "1-7月", "第3期", "5G", "2.0版", "1+X", "135", "abc", ""]
)
def test_parse_quantity_refuses_what_is_not_a_quantity(text):
    assert parse_quantity(text) is None


def test_base_values_are_never_written_with_an_exponent():
    q = parse_quantity("1.64万亿元")
    assert "E" not in str(q.base_value)


# ---------------------------------------------------------------- Chinese numerals


@pytest.mark.parametrize(
    ("numeral", "value"),
    [("三", 3), ("十", 10), ("十二", 12), ("二十五", 25), ("一百零五", 105), ("三千", 3000), ("两", 2), ("〇", 0),
     ("三万五千", 35000), ("二〇二一", 2021)],
)  # fmt: skip
def test_chinese_numerals_have_their_value(numeral, value):
    assert chinese_to_decimal(numeral) == D(value)


@pytest.mark.parametrize("run", ["一一", "三四", "abc", ""])
def test_numerals_run_together_have_no_value(run):
    # 唯一一个 holds 一一, 三四个 is an estimate: neither is 11 or 34
    assert chinese_to_decimal(run) is None


# ---------------------------------------------------------------- find_quantities: what is left out


def test_years_are_not_quantities():
    assert surfaces("2020年，三门消薄飞地项目实现收益276万元") == ["276万元"]


def test_year_ranges_are_not_quantities():
    assert surfaces("2018-2020年，发放助学金21.2万元") == ["21.2万元"]
    assert surfaces("2016年-2020年，共拨付859万元") == ["859万元"]


def test_dates_are_not_quantities():
    assert surfaces("2021年10月9日召开，1-7月完成投资3.06亿元") == ["3.06亿元"]


def test_ordinals_are_not_quantities():
    assert surfaces("完成第3期建设，居第1、2、3位，排名前10名，第十二条") == []


def test_codes_and_versions_are_not_quantities():
    assert surfaces("“1+X”飞柜模式，1+1+1帮扶政策，5G基站，2.0版，G20峰会") == []


def test_phone_numbers_are_not_quantities():
    assert surfaces("咨询电话13912345678，0576-87654321") == []


def test_list_numbering_before_a_year_is_not_a_decimal():
    # 004 writes its steps as "1.2022年3月底前，…": item 1, not 1.2022 years
    assert surfaces("推进海洋灾害避灾点等建设。\n1.2022年3月底前，向村居发放手册100册。") == ["100册"]


def test_a_newline_inside_a_quantity_is_tolerated():
    text = "完成投资3.06\n亿元"
    ((s, e, q),) = find_quantities(text)
    assert text[s:e] == "3.06\n亿元" and q.unit == "亿元"


def test_a_range_gives_two_quantities_sharing_the_magnitude_and_unit():
    text = "每村收益约5-6万元"
    found = find_quantities(text)
    assert [(text[s:e], q.value, q.unit, q.qualifier) for s, e, q in found] == [
        ("约5-6万元", D(5), "万元", "约"),
        ("6万元", D(6), "万元", "约"),
    ]


def test_a_range_written_with_zhi_gives_two_quantities():
    assert [q.value for _, _, q in find_quantities("打造3至5个示范点")] == [D(3), D(5)]


def test_an_acronym_may_name_the_figure():
    assert surfaces("实现GDP1000亿元") == ["1000亿元"]


def test_a_unit_is_not_read_inside_a_longer_word():
    # 5台州 is not 5 台; 2020年度 is a year, not 2020 years
    assert surfaces("为5台州企业服务，2020年度考核") == []


# ---------------------------------------------------------------- properties

_UNITS = sorted(u.name for u in load_units().values() if u.use in ("count", "both") and u.name != "年")


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=60))
def test_parse_quantity_never_raises(text):
    parse_quantity(text)


@settings(max_examples=300, deadline=None)
@given(
    st.text(
        alphabet="0123456789.,:/-%万亿千百十一二三四五六七八九两〇余多近超约以上元人个年月日第《》“”+ \n", max_size=40
    )
)
def test_find_quantities_offsets_always_point_at_the_quantity(text):
    for s, e, q in find_quantities(text):
        assert 0 <= s < e <= len(text)
        assert q.unit


@settings(max_examples=300, deadline=None)
@given(
    value=st.decimals(min_value=0, max_value=10**8, places=2, allow_nan=False, allow_infinity=False),
    mag=st.sampled_from(["", *MAGNITUDES]),
    unit=st.sampled_from(_UNITS),
)
def test_formatting_then_parsing_round_trips_value_and_base_value(value, mag, unit):
    q = parse_quantity(f"{format(value, 'f')}{mag}{unit}")
    assert q is not None
    assert q.value == value
    assert q.base_value == value * MAGNITUDES.get(mag, D(1)) * load_units()[unit].factor


@settings(max_examples=200, deadline=None)
@given(
    value=st.decimals(min_value=1, max_value=10**6, places=1, allow_nan=False, allow_infinity=False),
    qualifier=st.sampled_from(PREFIX_QUALIFIERS),
)
def test_a_prefix_qualifier_round_trips(value, qualifier):
    q = parse_quantity(f"{qualifier}{format(value, 'f')}万元")
    assert q is not None and q.qualifier == qualifier and q.value == value


@pytest.mark.parametrize("text", ["276万元", "15.2%", "2万元/年", "1.64万亿元"])
def test_format_quantity_is_the_inverse_of_parse_quantity(text):
    assert format_quantity(parse_quantity(text)) == text
