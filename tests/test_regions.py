"""Region recognition and roles: gazetteer names, context rules, townships, primary/partner/mentioned."""

from __future__ import annotations

from kg.extract.regions import find_regions
from kg.extract.roles import actor_region, region_opening, regions_of_subject


def names(text: str, **kw) -> list[str]:
    return [m.name for m in find_regions(text, **kw)]


def test_full_and_short_forms_resolve_to_one_region():
    assert names("椒江区和椒江") == ["台州市椒江区", "台州市椒江区"]
    assert names("景宁畲族自治县与景宁") == ["丽水市景宁畲族自治县", "丽水市景宁畲族自治县"]
    assert names("龙港市") == ["温州市龙港市"]


def test_old_name_maps_to_the_current_unit():
    assert names("玉环县") == ["台州市玉环市"]


def test_ordinary_word_uses_are_not_regions():
    assert names("在屋顶天台晒太阳") == []
    assert names("思想开化的村民") == []
    assert names("江山如画") == []


def test_brands_named_after_places_are_not_mentions():
    assert names("三门青蟹和丽水山递") == []


def test_names_inside_organisation_and_media_names_are_not_mentions():
    assert names("人行杭州中心支行") == []
    assert names("浙江日报报道") == []
    assert names("温州医科大学附属眼视光医院") == []


def test_outside_zhejiang_only_with_the_province():
    assert names("云南省勐海县") == ["西双版纳傣族自治州勐海县"]
    assert names("湖北咸宁市") == ["咸宁市"]
    assert names("勐海县") == []


def test_townships_and_villages_under_the_case_county():
    ms = find_regions("三门县蛇蟠乡大横渡村、亭旁镇岙楼村", context=("331022",))
    assert [(m.level, m.name) for m in ms] == [
        ("county", "台州市三门县"),
        ("township", "台州市三门县蛇蟠乡"),
        ("village", "台州市三门县蛇蟠乡大横渡村"),
        ("township", "台州市三门县亭旁镇"),
        ("village", "台州市三门县亭旁镇岙楼村"),
    ]


def test_offsets_point_at_the_surface():
    text = "帮助三门、景宁两地"
    for m in find_regions(text):
        assert text[m.start : m.end] == m.surface


def test_layout_subject_gives_primary_regions():
    assert [m.name for m in regions_of_subject("杭州萧山区、滨江区")] == ["杭州市萧山区", "杭州市滨江区"]
    assert [m.name for m in regions_of_subject("人行杭州中心支行、省市场监管局")] == ["浙江省"]
    assert [m.name for m in regions_of_subject("省委组织部")] == ["浙江省"]
    assert [m.name for m in regions_of_subject("温州龙港市")] == ["温州市龙港市"]


def test_title_opening_region():
    assert [m.name for m in region_opening("温岭市念好新时代山海经")] == ["台州市温岭市"]
    assert region_opening("以侨兴旅开发“侨家乐”") == []


def test_body_actor_is_the_region_acting_as_subject():
    body = "温州有丰富的海岸线资源。洞头率先启动实施蓝色海湾整治行动。"
    assert [m.name for m in actor_region(body, within="330300")] == ["温州市洞头区"]
