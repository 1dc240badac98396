"""Department recognition (kg.extract.departments) and its alias table (data/lexicons/departments.csv)."""

from __future__ import annotations

import itertools
import json
import time
from pathlib import Path

import pytest

from kg.extract.case import Part, document_region, jurisdiction_of, primary_regions
from kg.extract.departments import (
    DepartmentMention,
    find_departments,
    resolve_unit,
    split_responsible_units,
)
from kg.model import Jurisdiction
from kg.normalize import normalize

GOLD = Path(__file__).parent / "data" / "dev-gold"

SANMEN = Jurisdiction(city="台州市", county="三门县", adcode="331022")
JIAOJIANG = Jurisdiction(city="台州市", county="椒江区", adcode="331002")
WENLING = Jurisdiction(city="台州市", county="温岭市", adcode="331081")
PROVINCE = Jurisdiction(adcode="330000")

# Measured on the case texts of 000 and 001 against the dev-gold `departments` (20 of 21 found, none wrong).
DEV_PRECISION_FLOOR = 0.95
DEV_RECALL_FLOOR = 0.90


def canon(text: str, jurisdiction: Jurisdiction = SANMEN) -> list[str]:
    return [m.canonical for m in find_departments(normalize(text).text, jurisdiction)]


def case_texts(segmented, key: str):
    """(title, jurisdiction, [normalised part texts]) per case, as the pipeline hands them to extractors."""
    doc, cases = segmented[key]
    region = document_region(doc)
    for case in cases:
        parts = [Part(s, e, normalize(doc.text[s:e])) for s, e in case.parts]
        yield case, jurisdiction_of(primary_regions(case, parts, region)), [p.norm.text for p in parts]


def departments_of(segmented, key: str, title_start: str) -> set[str]:
    for case, jurisdiction, texts in case_texts(segmented, key):
        if case.title.startswith(title_start):
            return {m.canonical for t in texts for m in find_departments(t, jurisdiction)}
    raise AssertionError(f"no case titled {title_start}")


# --- level prefixes and abbreviations ---------------------------------------------------------------------


def test_county_prefix_resolves_to_the_case_county():
    assert canon("县民政局牵头") == ["三门县民政局"]


def test_province_prefix_resolves_to_zhejiang_and_the_full_name():
    assert canon("省市场监管局发布") == ["浙江省市场监督管理局"]


def test_city_prefix_resolves_to_the_case_city():
    assert canon("市人力社保局出台", JIAOJIANG) == ["台州市人力资源和社会保障局"]


def test_city_prefix_in_a_county_level_city_case_is_that_city():
    assert canon("市人力社保局出台", WENLING) == ["温岭市人力资源和社会保障局"]


def test_explicit_place_wins_over_the_case_context():
    assert canon("温岭市人力社保局、台州市民政局和杭州市上城区民政局") == [
        "温岭市人力资源和社会保障局",
        "台州市民政局",
        "上城区民政局",
    ]


@pytest.mark.parametrize(
    ("written", "canonical"),
    [
        ("县人社局", "三门县人力资源和社会保障局"),
        ("县自规局", "三门县自然资源和规划局"),
        ("县自然资源规划局", "三门县自然资源和规划局"),
        ("县发改局", "三门县发展和改革局"),
        ("省发展改革委", "浙江省发展和改革委员会"),
        ("省科技厅", "浙江省科学技术厅"),
        ("县市场监管局", "三门县市场监督管理局"),
        ("县经信局", "三门县经济和信息化局"),
        ("县文广旅体局", "三门县文化和广电旅游体育局"),
        ("县卫健局", "三门县卫生健康局"),
        ("县金融中心", "三门县金融中心"),
    ],
)
def test_abbreviations_resolve_to_the_full_name(written, canonical):
    assert canon(written) == [canonical]


def test_a_level_the_case_cannot_resolve_yields_no_mention():
    assert canon("市人力社保局出台", PROVINCE) == []


def test_a_bare_level_after_an_explicit_place_inherits_it():
    assert canon("台州市委市政府先后在玉环召开现场会", Jurisdiction(city="台州市", county="玉环市")) == [
        "台州市委",
        "台州市政府",
    ]


def test_a_bare_name_listed_after_a_prefixed_one_shares_its_level():
    assert canon("省教育厅教研室、教科院和高校专家", Jurisdiction(city="台州市", county="天台县")) == [
        "浙江省教育厅教研室",
        "浙江省教育科学研究院",
    ]


# --- kinds of departments ---------------------------------------------------------------------------------


def test_party_organs_take_the_committee_prefix():
    assert canon("县委组织部、县委宣传部、县委政法委和省纪委监委") == [
        "三门县委组织部",
        "三门县委宣传部",
        "三门县委政法委",
        "浙江省纪委监委",
    ]


def test_youth_league_committee_is_named_in_full():
    assert canon("团县委牵头") == ["共青团三门县委"]


def test_courts_take_the_name_of_their_level():
    assert canon("省法院、市中院与县法院") == ["浙江省高级人民法院", "台州市中级人民法院", "三门县人民法院"]


def test_procuratorate_resolves_to_the_peoples_procuratorate():
    assert canon("省检察院") == ["浙江省人民检察院"]


def test_congress_and_cppcc_offices_keep_their_office():
    assert canon("省人大常委会办公厅和省政协办公厅") == ["浙江省人大常委会办公厅", "浙江省政协办公厅"]


@pytest.mark.parametrize(
    ("written", "canonical"),
    [
        ("县总工会", "三门县总工会"),
        ("县残联", "三门县残疾人联合会"),
        ("省侨联", "浙江省归国华侨联合会"),
        ("市妇联", "台州市妇女联合会"),
        ("县工商联", "三门县工商业联合会"),
        ("县科协", "三门县科学技术协会"),
    ],
)
def test_federations_are_departments(written, canonical):
    assert canon(written) == [canonical]


def test_central_bank_branch_keeps_the_place_as_written():
    # the annotation schema's form: 人民银行 + place as written + 中心支行/支行 (SCHEMA.md: 人民银行三门支行)
    found = find_departments("人行杭州中心支行和人民银行三门支行", SANMEN)
    assert [(m.canonical, m.jurisdiction) for m in found] == [
        ("人民银行杭州中心支行", "330100"),
        ("人民银行三门支行", "331022"),
    ]


def test_the_central_bank_itself_keeps_its_full_name():
    assert [m.canonical for m in find_departments("中国人民银行", Jurisdiction())] == ["中国人民银行"]


def test_two_offices_abbreviated_as_liangban_are_two_departments():
    found = find_departments("2021年11月，省两办印发《关于全面加强“共享法庭”建设的指导意见》", Jurisdiction())
    assert [(m.surface, m.canonical) for m in found] == [("省两办", "浙江省委办公厅"), ("省两办", "浙江省政府办公厅")]


def test_each_of_the_two_offices_keeps_its_own_type():
    found = find_departments("省两办印发指导意见", Jurisdiction())
    assert [(m.canonical, m.department_type) for m in found] == [
        ("浙江省委办公厅", "party organ"),
        ("浙江省政府办公厅", "government department"),
    ]


def test_a_county_liangban_takes_the_county_offices():
    assert [m.canonical for m in find_departments("县两办联合发文", SANMEN)] == ["三门县委办公室", "三门县政府办公室"]


def test_a_plenary_session_of_the_party_committee_is_not_the_committee_acting():
    assert find_departments("相关做法写入省委十五届二次全会报告和决定", Jurisdiction()) == []
    assert find_departments("省委十四届九次全会指出，要完善四治融合模式", Jurisdiction()) == []


def test_banking_regulator_office_is_kept_as_written():
    (m,) = find_departments("台州银保监分局三门监管组", SANMEN)
    assert (m.canonical, m.department_type, m.jurisdiction) == (
        "台州银保监分局三门监管组",
        "financial regulator",
        "331022",
    )


def test_branch_office_belongs_to_the_place_of_the_branch():
    (m,) = find_departments("市生态环境局三门分局", SANMEN)
    assert (m.canonical, m.jurisdiction) == ("台州市生态环境局三门分局", "331022")


def test_national_bodies_have_no_jurisdiction():
    found = find_departments("被国家发改委和农业农村部推广", SANMEN)
    assert [(m.canonical, m.jurisdiction) for m in found] == [
        ("国家发展和改革委员会", None),
        ("农业农村部", None),
    ]


def test_department_in_another_province_is_named_with_its_province():
    assert canon("四川省民政厅") == ["四川省民政厅"]


# --- coordinated forms and what is not a department --------------------------------------------------------


def test_provincial_committee_and_government_are_two_bodies():
    assert canon("温岭市全面贯彻省委省政府部署", WENLING) == ["浙江省委", "浙江省政府"]


def test_coordinated_name_in_brackets_gives_both_names(segmented):
    found = departments_of(segmented, "compilation", "省委统战部（省侨办）")
    assert {"浙江省委统战部", "浙江省侨务办公室", "浙江省归国华侨联合会"} <= found


def test_a_leaders_title_is_not_the_body_acting():
    assert canon("时任省委书记袁家军批示") == []
    assert canon("省委常委、统战部部长邱启文听取汇报") == []


def test_a_title_after_a_chain_removes_every_member():
    assert canon("省委省政府主要领导专题听取汇报") == []


def test_generic_nouns_are_not_named_departments():
    assert canon("市场监管部门和宣传部门联合检查") == []
    assert canon("省市县三级总工会和县级矛调中心") == []


def test_level_characters_inside_words_are_not_prefixes():
    assert canon("全省民政局长会议在社区委员会召开") == []


@pytest.mark.parametrize(
    "text", ["三门农商银行", "农行三门支行", "温岭市第一人民医院", "浙江日报", "物产中大集团", "三门技师学院"]
)
def test_companies_banks_hospitals_media_and_schools_are_not_departments(text):
    assert canon(text) == []


def test_no_department_in_a_case_that_names_only_companies_and_banks(segmented):
    assert departments_of(segmented, "brief3", "玉环市以") == set()


# --- enumerations, leading groups, bodies set up by the case ----------------------------------------------


def test_bare_domains_listed_as_departments_are_departments():
    assert canon("汇集整合民政、医保、住建等19个部门36类数据") == [
        "三门县民政局",
        "三门县医疗保障局",
        "三门县住房和城乡建设局",
    ]


def test_bare_domains_in_brackets_after_departments_are_departments():
    assert canon("其他部门救助政策（应急、检察等）") == ["三门县应急管理局", "三门县人民检察院"]


def test_a_bare_domain_outside_an_enumeration_is_not_a_department():
    assert canon("根据民政低收入在册名单") == []


def test_a_leading_group_set_up_by_the_case_belongs_to_its_county():
    found = canon("高规格成立“乡村名校”建设工作领导小组", Jurisdiction(city="台州市", county="天台县"))
    assert found == ["天台县乡村名校建设工作领导小组"]


def test_a_leading_group_without_a_name_is_not_reported():
    assert canon("成立工作领导小组") == []


def test_a_body_set_up_with_a_level_prefix_is_a_public_institution():
    (m,) = find_departments("建立县联合帮扶中心，统筹资源", SANMEN)
    assert (m.canonical, m.department_type) == ("三门县联合帮扶中心", "public institution")


# --- text as the pipeline gives it ------------------------------------------------------------------------


def test_a_line_break_inside_a_name_is_kept_in_the_surface():
    text = "由省委宣\n传部牵头"
    (m,) = find_departments(text, SANMEN)
    assert (m.surface, m.canonical) == ("省委宣\n传部", "浙江省委宣传部")
    assert text[m.start : m.end] == m.surface


def test_traditional_characters_are_found_after_normalisation():
    assert canon("三門縣民政局聯合團縣委") == ["三门县民政局", "共青团三门县委"]


def test_in_003_the_lead_bodies_of_the_first_case_are_found(segmented):
    found = departments_of(segmented, "compilation", "人行杭州中心支行")
    assert {"人民银行杭州中心支行", "浙江省市场监督管理局"} <= found


def test_mentions_are_sorted_non_overlapping_and_quote_the_text(segmented):
    for key in ("brief3", "brief7", "newspaper", "compilation", "reform"):
        for _case, jurisdiction, texts in case_texts(segmented, key):
            for text in texts:
                found = find_departments(text, jurisdiction)
                assert all(text[m.start : m.end] == m.surface for m in found)
                # two bodies written as one name (省两办) share a span; other mentions never overlap
                assert all(
                    a.end <= b.start or (a.start, a.end) == (b.start, b.end) for a, b in itertools.pairwise(found)
                )


def test_the_whole_corpus_goes_through_in_well_under_a_second(segmented):
    texts = [
        (t, j)
        for key in ("brief3", "brief7", "newspaper", "compilation", "reform")
        for _c, j, ts in case_texts(segmented, key)
        for t in ts
    ]
    find_departments("县民政局", SANMEN)  # load the tables once
    started = time.perf_counter()
    for text, jurisdiction in texts:
        find_departments(text, jurisdiction)
    assert time.perf_counter() - started < 1.0


# --- dev gold ---------------------------------------------------------------------------------------------


def test_departments_of_000_and_001_match_the_dev_gold(segmented):
    tp = fp = fn = 0
    for key, name in (("brief3", "000_d3d2b23bbdabca64"), ("brief7", "001_9759aca1b68797ff")):
        gold = {c["title"]: set(c["departments"]) for c in json.loads((GOLD / f"{name}.json").read_text())["cases"]}
        for case, jurisdiction, texts in case_texts(segmented, key):
            expected = gold[case.title]
            found = {m.canonical for t in texts for m in find_departments(t, jurisdiction)}
            tp += len(found & expected)
            fp += len(found - expected)
            fn += len(expected - found)
    assert tp / (tp + fp) >= DEV_PRECISION_FLOOR
    assert tp / (tp + fn) >= DEV_RECALL_FLOOR


# --- the 责任单位 column of 004 -------------------------------------------------------------------------------


def test_units_are_split_on_commas_and_line_breaks_with_offsets():
    cell = "县金融中心、人民银行三门支行\n县财政局，县税务局、"
    units = split_responsible_units(cell)
    assert [u for _, _, u in units] == ["县金融中心", "人民银行三门支行", "县财政局", "县税务局"]
    assert all(cell[s:e] == u for s, e, u in units)


def test_a_unit_resolves_with_offsets_into_the_unit():
    m = resolve_unit(" 县自然资源规划局", SANMEN)
    assert m == DepartmentMention(1, 9, "县自然资源规划局", "三门县自然资源和规划局", "government department", "331022")


def test_a_township_unit_is_a_region_not_a_department():
    assert resolve_unit("海游街道", SANMEN) is None
    assert resolve_unit("珠岙镇", SANMEN) is None


def test_a_school_unit_is_not_a_department():
    assert resolve_unit("三门技师学院", SANMEN) is None


def test_an_unknown_unit_written_as_a_body_of_a_level_is_a_department():
    m = resolve_unit("县旅游发展委员会", SANMEN)
    assert m is not None
    assert (m.canonical, m.department_type) == ("三门县旅游发展委员会", "other")


def test_every_unit_of_004_is_a_department_a_township_or_a_school(segmented):
    doc, cases = segmented["reform"]
    departments, others = 0, []
    for case in cases:
        span = case.fields.get("units")
        cell = normalize(doc.text[span[0] : span[1]]).text if span else ""
        for _s, _e, unit in split_responsible_units(cell):
            if resolve_unit(unit, SANMEN) is None:
                others.append(unit)
            else:
                departments += 1
    assert departments >= 150
    assert all(u.endswith(("街道", "镇", "学院")) for u in others)


def test_huitong_before_a_county_prefix_is_the_verb_not_a_county_elsewhere():
    # 会同县 is a county in Hunan; here 会同 ("together with") precedes 县人力社保局
    changshan = Jurisdiction(city="衢州市", county="常山县", adcode="330822")
    found = find_departments("由县委组织部牵头，会同县人力社保局、县农业农村局", changshan)
    assert [m.canonical for m in found] == ["常山县委组织部", "常山县人力资源和社会保障局", "常山县农业农村局"]


def test_a_province_name_before_a_department_is_still_its_place():
    assert [m.canonical for m in find_departments("四川省民政厅", Jurisdiction())] == ["四川省民政厅"]
