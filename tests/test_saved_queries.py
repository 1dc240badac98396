"""The analysts' saved queries, run on the seed build: each asserts rows checked against the source documents.

Facts were read in data/raw (the sentence is quoted above each assertion), not copied from the extractor.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.errors import QueryError
from kg.query.bind import bind, nested_parameter_uses
from kg.query.run import Result, open_store, run_local
from kg.query.saved import list_queries, load_query, parse_query

pytestmark = pytest.mark.slow

B3 = "000_d3d2b23bbdabca64.txt"
B7 = "001_9759aca1b68797ff.txt"
COMP = "003_1001a0cc11561e98.txt"
REFORM = "004_fb53225e94c1d7b6.txt"
CONTRACT = {"cases", "case-regions", "case-departments", "case-mechanisms", "case-indicators", "case-endorsements"}
CASE_IRI = "https://w3id.org/gongfu/id/case/"
ANALYST = [
    q.name
    for q in list_queries()
    if not q.name.startswith("analysis-") and q.name not in CONTRACT | {"mechanism-regions", "mechanism-candidates"}
]


def run(seed_build: Path, name: str, **params: str | list[str]) -> Result:
    values = {k: v if isinstance(v, list) else [v] for k, v in params.items()}
    return run_local(open_store(seed_build / "store"), bind(load_query(name), values))


def rows(result: Result, *columns: str) -> list[tuple]:
    idx = [result.columns.index(c) for c in columns]
    return [tuple(r[i] for i in idx) for r in result.rows]


def test_there_are_at_least_15_analyst_queries_with_summaries_and_tags():
    assert len(ANALYST) >= 15
    for name in ANALYST:
        q = load_query(name)
        assert q.summary and q.description and q.tags, name


@pytest.mark.parametrize("name", ANALYST)
def test_parameters_have_grlc_names_and_are_used_only_at_top_level(name):
    q = load_query(name)
    for p in q.parameters:
        # grlc reads ?_name_type with a name without underscores
        assert "_" not in p.name, p.variable
    assert nested_parameter_uses(q) == []


def test_a_parameter_inside_a_union_branch_is_refused():
    q = parse_query("q", "SELECT ?s WHERE { { ?s ?p ?o FILTER(CONTAINS(STR(?o), ?_q)) } UNION { ?s ?p ?o } }")
    with pytest.raises(QueryError, match=r"nested group \(\?_q \(line 1\)\)"):
        bind(q, {"q": ["x"]})


def test_grlc_nested_enumerations_are_read():
    q = load_query("region-cases")
    role = next(p for p in q.parameters if p.name == "role")
    assert role.enum == ("primary", "partner", "mentioned")
    with pytest.raises(QueryError, match="must be one of primary, partner, mentioned"):
        bind(q, {"role": ["boss"]})


def test_region_cases_include_sub_regions(seed_build):
    # 000: 【本期目录】 温岭市念好新时代山海经… / 玉环市以“三带”策略… / 天台县振兴乡村教育… / 三门县聚焦“五个帮”…
    got = rows(run(seed_build, "region-cases"), "doc", "ordinal", "region")
    for expected in [
        (B3, "1", "台州市温岭市"),
        (B3, "2", "台州市玉环市"),
        (B3, "3", "台州市天台县"),
        (B3, "4", "台州市三门县"),
    ]:
        assert expected in got
    assert all(region.startswith("台州市") for _, _, region in got)
    # 000-1: "确定三门县蛇蟠乡大横渡村、亭旁镇岙楼村为温岭-三门山海协作乡村振兴示范点" — a village of 三门县
    mentioned = rows(
        run(seed_build, "region-cases", region="三门县", role="mentioned"), "doc", "ordinal", "region", "level"
    )
    assert (B3, "1", "台州市三门县蛇蟠乡大横渡村", "village") in mentioned


def test_shared_mechanisms_respect_the_threshold(seed_build):
    # 飞地 in five regions: 温岭 (000-1 "三门消薄飞地项目实现收益276万元"), 玉环 (000-2 "通过村级“飞地”抱团建设小微企业园"),
    # 绍兴 (003-20 "绍兴市“产业飞地”助山区奔富"), 开化 (003-27 "“消薄飞地”惠及30个村"),
    # 三门 (004-38 "强化“消薄飞地”保障")
    result = run(seed_build, "shared-mechanisms", min="5")
    by_name = {m: int(r) for m, r in rows(result, "mechanism", "regions")}
    assert by_name["飞地"] >= 5
    assert all(n >= 5 for n in by_name.values())
    assert run(seed_build, "shared-mechanisms", min="1000").rows == []


def test_mechanism_cases_follow_narrower_concepts(seed_build):
    got = rows(run(seed_build, "mechanism-cases"), "doc", "ordinal", "region", "used")
    # 000-1 "2020年，三门消薄飞地项目实现收益276万元"; 000-2 "通过村级“飞地”抱团建设小微企业园";
    # 003-20 "绍兴市“产业飞地”助山区奔富"; 004-38 "深化“科创飞地”创新"
    for expected in [
        (B3, "1", "台州市温岭市", "消薄飞地"),
        (B3, "2", "台州市玉环市", "飞地抱团"),
        (COMP, "20", "绍兴市", "产业飞地"),
        (REFORM, "38", "台州市三门县", "科创飞地"),
    ]:
        assert expected in got


def test_cooperation_pairs(seed_build):
    # 000-1 "温岭市全面贯彻省委省政府部署…帮助三门、景宁两地增强内生发展动力"
    got = rows(run(seed_build, "cooperation-pairs"), "doc", "ordinal", "primary", "partner")
    assert (B3, "1", "台州市温岭市", "台州市三门县") in got
    assert (B3, "1", "台州市温岭市", "丽水市景宁畲族自治县") in got
    # 003-20 "全市已建立滨海新区—开化、滨海新区—仙居、柯桥—江山、上虞—文成4个“产业飞地”"
    enclaves = rows(run(seed_build, "cooperation-pairs", mechanism="飞地"), "doc", "ordinal", "primary", "partner")
    assert (COMP, "20", "绍兴市", "衢州市开化县") in enclaves
    assert (COMP, "20", "绍兴市", "台州市仙居县") in enclaves


def test_lead_departments(seed_build):
    # 004 责任单位 cells that name 县农业农村局 first: 8 rows; 县人力社保局 first: 7 rows (counted in the table)
    top = rows(run(seed_build, "lead-departments"), "department", "led")[:2]
    assert top == [("三门县农业农村局", "8"), ("三门县人力资源和社会保障局", "7")]


def test_department_pairs(seed_build):
    # 004: five 责任单位 cells name both, e.g. row 12 "县商务局、县农业农村局、县发改局、县经信局、县财政局…"
    # and "县民政局、县农业农村局、县卫生健康局、县财政局"
    got = {(a, b): int(n) for a, b, n in rows(run(seed_build, "department-pairs"), "department", "partner", "cases")}
    assert got[("三门县农业农村局", "三门县财政局")] >= 5
    assert all(n >= 3 for n in got.values())
    only = rows(run(seed_build, "department-pairs", department="三门县财政局"), "department", "partner")
    assert only and all("三门县财政局" in pair for pair in only)


def test_endorsements_by_leader_and_action(seed_build):
    # 003-1 "相关工作得到时任省委书记袁家军批示“勇于创新、成效明显”"; 000-3 "乡村名校建设做法得到郑栅洁省长批示肯定"
    got = rows(run(seed_build, "endorsements-by-leader", action="批示"), "leader", "action")
    assert ("袁家军", "批示") in got and ("郑栅洁", "批示") in got
    assert {a for _, a in got} == {"批示"}


def test_endorsed_cases_by_leader(seed_build):
    got = rows(run(seed_build, "endorsed-cases", leader="袁家军"), "doc", "ordinal", "action", "words")
    # 000-4 "三门县围绕袁家军书记“五个帮”指示"
    assert (B3, "4", "指示", "五个帮") in got
    assert (COMP, "1", "批示", "勇于创新、成效明显") in got


def test_indicator_threshold_in_base_units(seed_build):
    result = run(seed_build, "indicator-threshold")
    got = rows(result, "doc", "ordinal", "printed", "base")
    # 000-2 "带动各村集体年度分红 600 万元以上"; "实现村集体经济从收入不足5万元到100余万元转变"
    assert (B3, "2", "600万元以上", "6000000") in got
    assert (B3, "2", "100余万元", "1000000") in got
    # 003-25 "今年前三季度全区农村集体经济总收入12.51亿元"
    assert got[0][:3] == (COMP, "25", "12.51亿元")
    assert all(float(b) >= 1_000_000 for *_, b in got)
    higher = rows(run(seed_build, "indicator-threshold", min="5000000"), "printed")
    assert ("100余万元",) not in higher and ("600万元以上",) in higher


def test_targets_due_before_a_date(seed_build):
    got = rows(run(seed_build, "targets-due"), "due", "doc", "ordinal", "target", "period")
    # 004-3 "2.2022年6月底前，上线20个准营“一件事”应用；企业开办一日办结率达到100%。"
    assert ("2022-06", REFORM, "3", "达到100%", "2022年6月底前") in got
    assert all(due < "2022-07" for due, *_ in got)
    # 003-27 "GDP从2003年的22.7亿元增加到2021年的169.4亿元": a year without a month is due at the end of December
    assert ("2021-12", COMP, "27", "169.4亿元", "到2021年") in got
    # 004-38 "2.2022年12月底前，台州湾新区-三门县山海协作“产业飞地”开始实质化运行。" is due later
    later = {due for due, *_ in rows(run(seed_build, "targets-due", before="2023-01-01"), "due")}
    assert "2022-12" in later


def test_search_titles_and_evidence(seed_build):
    got = rows(run(seed_build, "search", q="飞地"), "doc", "ordinal", "field", "text")
    assert (COMP, "20", "title", "绍兴市“产业飞地”助山区奔富") in got
    assert any(d == B3 and o == "1" and f == "evidence" and "签署“飞地消薄”项目共建协议" in t for d, o, f, t in got)


@pytest.mark.parametrize("hostile", ['"', "} ; DROP ALL ; #", "\n} UNION { ?s ?p ?o }\n", "x" * 10_000])
def test_search_treats_hostile_text_as_data(seed_build, hostile):
    assert run(seed_build, "search", q=hostile).rows == []


def test_recognitions(seed_build):
    # 000-1 "温岭-三门、温岭-景宁山海协作生态旅游文化产业园项目均获评2020年度省级山海协作产业园建设发展情况绩效评价结果二等奖"
    got = rows(run(seed_build, "recognitions"), "doc", "ordinal", "what")
    assert (B3, "1", "2020年度省级山海协作产业园建设发展情况绩效评价结果二等奖") in got


def test_region_profile(seed_build):
    got = {(a, i): int(n) for a, i, n in rows(run(seed_build, "region-profile"), "aspect", "item", "cases")}
    # 温岭 carries out 000-1 (温岭市念好新时代山海经) and 003-28 (台州温岭市以“全域整”加速驱动“全域富”)
    assert got[("all", "台州市温岭市")] >= 2
    # 000-1: "帮助三门、景宁两地增强内生发展动力"
    assert got[("partner", "台州市三门县")] >= 1 and got[("partner", "丽水市景宁畲族自治县")] >= 1
    only = run(seed_build, "region-profile", aspect="partner")
    assert {r[0] for r in only.rows} == {"partner"}


def test_mechanism_adoption_over_time(seed_build):
    got = {
        m: int(c)
        for _, m, c in rows(run(seed_build, "mechanism-adoption", mechanism="飞地"), "mechanism", "month", "cases")
    }
    # 000 is dated 2021-09-30 ("2021 年 9 月 30 日") and names 消薄飞地 (温岭) and 飞地抱团 (玉环); 003 is dated 2022-12
    assert got["2021-09"] >= 2
    assert got["2022-12"] >= 3
    assert all(len(month) == 7 for month in got)


def test_dataset_statistics(seed_build):
    got = dict(rows(run(seed_build, "dataset-stats"), "statistic", "value"))
    # five seed documents; 4 + 4 articles in the briefs, 10 samples (十大实践样本), 71 compiled cases, 67 reform rows
    assert got["documents"] == "5" and got["cases"] == "156"
    # every case has a primary region, so at least one region role
    assert int(got["region roles"]) >= int(got["cases"])
    assert int(got["department roles"]) > 0 and int(got["evidence spans"]) > 0
    # statements are counted by `kg build` and void.ttl (void:triples): counting them here reads every quad
    assert "quads" not in got


def test_mechanism_hierarchy(seed_build):
    # data/lexicons/mechanisms.ttl: 产业飞地, 消薄飞地, 科创飞地 ⊑ 飞地
    got = rows(run(seed_build, "mechanism-hierarchy"), "concept", "broader")
    for narrower in ("产业飞地", "消薄飞地", "科创飞地"):
        assert (narrower, "飞地") in got


def test_mechanism_cooccurrence(seed_build):
    got = {
        m: int(n)
        for m, n in rows(run(seed_build, "mechanism-cooccurrence", mechanism="飞地", min="1"), "mechanism", "cases")
    }
    # 000-1 names 山海协作 and 结对帮扶 beside its 消薄飞地 ("三是“结对帮扶”携手发展")
    assert got["山海协作"] >= 1 and got["结对帮扶"] >= 1
    assert not {"飞地", "产业飞地", "消薄飞地"} & set(got)


def test_department_cases(seed_build):
    got = rows(run(seed_build, "department-cases"), "doc", "ordinal", "surface")
    # 004-24 构建新型慈善体系, its 责任单位 cell names 县民政局
    assert (REFORM, "24", "县民政局") in got


def test_case_profile_is_a_graph_of_the_case(seed_build):
    result = run(seed_build, "case-profile")
    assert result.kind == "graph"
    triples = {tuple(r) for r in result.rows}
    case = "https://w3id.org/gongfu/id/case/000-001"
    assert (case, "http://purl.org/dc/terms/title", "温岭市念好新时代山海经 奏响共同富裕协作曲") in triples
    # "帮助三门、景宁两地增强内生发展动力": 景宁畲族自治县 (331127) is a partner
    assert (
        case,
        "https://w3id.org/gongfu/ontology#partnerRegion",
        "https://w3id.org/gongfu/id/region/331127",
    ) in triples
    quotes = {o for _, p, o in triples if p.endswith("#quote")}
    assert any("三门消薄飞地项目实现收益276万元" in q for q in quotes)
    other_cases = {s for s, _, _ in triples if s.startswith(CASE_IRI) and not s.startswith(case)}
    assert other_cases == set()
    assert b"@prefix" in result.payload["turtle"]
