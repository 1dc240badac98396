"""Region recognition and roles: gazetteer names, context rules, townships, primary/partner/mentioned."""

from __future__ import annotations

from kg.extract.regions import find_regions
from kg.extract.roles import actor_region, region_opening, regions_of_subject
from kg.model import Document


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


# ---------------------------------------------------------------- names that look like regions but are not


def test_a_bay_and_the_zone_named_after_it_are_not_the_unit():
    assert names("杭州湾上虞经开区") == ["绍兴市上虞区"]
    assert names("台州湾新区-三门县山海协作产业飞地") == ["台州市三门县"]


def test_a_place_that_opens_a_short_media_title_is_the_outlet_name():
    assert names("相关做法获《浙江新闻》刊登，《浙江政务信息》刊出") == []
    assert names("写入《浙江省土地管理条例》") == ["浙江省"]  # a long document title keeps its region


def test_a_college_abbreviation_is_an_organisation_name():
    assert names("湖州师院专家蹲点指导") == []


def test_a_larger_unit_written_before_its_own_unit_only_locates_it():
    assert names("湖州安吉县竹林碳汇改革") == ["湖州市安吉县"]
    assert names("浙江省三门县") == ["台州市三门县"]
    assert names("杭州、宁波两地") == ["杭州市", "宁波市"]  # two units side by side stay two mentions


# ---------------------------------------------------------------- roles in whole cases


def _roles(text: str) -> dict[str, set[str]]:
    from kg.extract.case import document_region, extract_case
    from kg.segment import segment

    doc = Document(name="t.txt", doc_id="t", text=text, sha256="0", source_format="txt")
    (case,) = segment(doc)
    facts = extract_case(case, document_region(doc))
    out: dict[str, set[str]] = {}
    for f in facts.of("region"):
        if f.record.level in ("province", "city", "county"):
            out.setdefault(f.role, set()).add(f.record.name)
    return out


def test_units_inside_the_primary_region_are_on_its_side_not_partners():
    roles = _roles(
        "绍兴市“产业飞地”助山区奔富\n\n绍兴市持续打造山海协作升级版。"
        "全市已建立柯桥—江山、上虞—文成2个山海协作“产业飞地”，招引项目7个。\n"
    )
    assert roles["primary"] == {"绍兴市"}
    assert roles["partner"] == {"衢州市江山市", "温州市文成县"}
    assert {"绍兴市柯桥区", "绍兴市上虞区"} <= roles["mentioned"]


def test_the_city_of_a_partner_county_is_mentioned_not_a_partner():
    roles = _roles("温岭市深化山海协作\n\n温岭市赴丽水开展山海协作对接，与景宁共建消薄飞地，项目收益205万元。\n")
    assert roles["partner"] == {"丽水市景宁畲族自治县"}
    assert "丽水市" in roles["mentioned"]


def test_every_row_of_a_county_reform_table_is_that_county_case(segmented):
    from kg.extract.case import Part, document_region, primary_regions
    from kg.normalize import normalize

    doc, cases = segmented["reform"]
    (row,) = [c for c in cases if c.title.startswith("争创浙江省")]
    parts = [Part(s, e, normalize(doc.text[s:e])) for s, e in row.parts]
    assert [m.name for m in primary_regions(row, parts, document_region(doc))] == ["台州市三门县"]
