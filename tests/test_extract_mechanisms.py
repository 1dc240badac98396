"""The mechanism scheme (data/lexicons/mechanisms.ttl) and the mechanism extractor (kg.extract.mechanisms)."""

from __future__ import annotations

import itertools
import json
import re
import time
from functools import cache, lru_cache
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pyoxigraph import Literal, NamedNode, RdfFormat, parse

from kg.extract.mechanisms import (
    _load_scheme,
    default_scheme_path,
    find_candidates,
    find_mechanisms,
    label_key,
    load_scheme,
)
from kg.normalize import normalize
from kg.paths import raw_dir

MECH = "https://w3id.org/gongfu/id/mechanism/"
DOC = "https://w3id.org/gongfu/id/doc/"
SCHEME = "https://w3id.org/gongfu/id/scheme/mechanisms"
SKOS = "http://www.w3.org/2004/02/skos/core#"
GF = "https://w3id.org/gongfu/ontology#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
KINDS = {"model", "platform", "institution", "program", "fund", "product", "other"}
GOLD = Path(__file__).parent / "data" / "dev-gold"

# Dev-gold figures reached by the curated scheme (scheme mentions only, per case of 000 and 001): R 0.615, P 0.885.
# Precision fell from 0.93 when instruments shared by several cases (创业园, 就业帮扶, 农旅融合 …) were added: the
# annotators list them in some cases and not in others where the text names them too.
DEV_RECALL_FLOOR = 0.60
DEV_PRECISION_FLOOR = 0.86


@pytest.fixture(scope="module")
def scheme():
    return load_scheme()


@cache
def doc_text(doc_id: str) -> str:
    """A seed document, normalised as the pipeline does before calling extractors."""
    path = next(raw_dir().glob(f"{doc_id}_*.txt"))
    return normalize(path.read_text(encoding="utf-8")).text


def labels_found(doc_id: str) -> set[str]:
    s = load_scheme()
    return {s.concepts[m.concept].label for m in find_mechanisms(doc_text(doc_id), s)}


def found(text: str, scheme) -> list[tuple[str, str]]:
    return [(scheme.concepts[m.concept].label, m.surface) for m in find_mechanisms(text, scheme)]


# ---------------------------------------------------------------- the named mechanisms of the brief


@pytest.mark.parametrize(
    ("label", "doc_id"),
    [
        ("共富工坊", "003"),
        ("飞地", "000"),
        ("产业飞地", "003"),
        ("产业飞地", "004"),
        ("消薄飞地", "000"),
        ("消薄飞地", "004"),
        ("科创飞地", "004"),
        ("飞柜经济", "000"),
        ("山海协作", "000"),
        ("山海协作", "003"),
        ("结对帮扶", "000"),
        ("强村公司", "003"),
        ("产业大脑", "003"),
        ("产业大脑", "001"),
        ("未来工厂", "003"),
        ("共享法庭", "003"),
        ("共享法庭", "004"),
        ("两山合作社", "003"),
        ("贷款码", "003"),
        ("助共体", "000"),
        ("折股量化", "002"),
        ("折股量化", "000"),
        ("来料加工", "003"),
        ("数字化改革", "004"),
        ("千万工程", "003"),
        ("未来乡村", "003"),
        ("未来乡村", "004"),
        ("科技特派员", "003"),
        ("浙里办", "003"),
        ("浙里办", "004"),
        ("县域医共体", "004"),
        ("城乡教共体", "003"),
        ("农村文化礼堂", "003"),
        ("和盈模式", "001"),
    ],
)
def test_named_mechanism_is_found_in_the_document_it_occurs_in(label, doc_id):
    assert label in labels_found(doc_id)


def test_misspelt_form_in_000_is_recognised_as_its_concept(scheme):
    # 000 writes 拆股量化 for 折股量化 (a hiddenLabel)
    assert ("折股量化", "拆股量化") in found(doc_text("000"), scheme)


def test_quoted_fragment_variant_in_003_is_one_label(scheme):
    assert ("两山转化", "“两山”转化") in found(doc_text("003"), scheme)


# ---------------------------------------------------------------- matching behaviour


def test_a_line_break_inside_a_term_is_tolerated(scheme):
    text = "积极开展“云采摘”“云\n认购”“云认领”等网上直播活动"
    assert ("云认购", "云\n认购") in found(text, scheme)


def test_spaces_inside_a_term_are_tolerated(scheme):
    assert ("e商贷", "e 商贷") in found("开发“e 商贷”、青农贷等青年创业贷款渠道", scheme)


def test_line_break_term_of_000_is_found_in_the_raw_document(scheme):
    raw = next(raw_dir().glob("000_*.txt")).read_text(encoding="utf-8")
    assert "云\n\n认购" in raw
    assert any(label == "云认购" for label, _ in found(raw, scheme))


def test_longest_match_wins_over_a_shorter_label_inside_it(scheme):
    assert found("三门消薄飞地项目实现收益276万元", scheme) == [("消薄飞地", "消薄飞地")]


def test_inverted_variant_maps_to_the_canonical_concept(scheme):
    assert found("签署“飞地消薄”项目共建协议", scheme) == [("消薄飞地", "飞地消薄")]


def test_quotes_inside_a_name_are_ignored_and_kept_balanced_in_the_surface(scheme):
    assert found("依托“助共体”服务平台", scheme) == [("助共体服务平台", "“助共体”服务平台")]


def test_quoted_only_label_needs_the_quotes(scheme):
    assert found("实施“三带”策略", scheme) == [("三带策略", "“三带”策略")]
    assert found("以“三带”为抓手", scheme) == [("三带策略", "“三带”")]
    assert found("一带三带动发展", scheme) == []


def test_a_name_inside_an_ordinary_word_is_not_matched(scheme):
    assert found("营造道德文化雅俗共赏的氛围", scheme) == []
    assert found("形塑“德文化”推动全民精神富有", scheme) == [("德文化建设", "“德文化”")]


def test_ascii_labels_match_only_as_whole_words(scheme):
    assert found("上架IRS实现共享", scheme) == [("一体化智能化公共数据平台", "IRS")]
    assert found("FIRST", scheme) == []


def test_top_concepts_are_categories_and_never_matched(scheme):
    assert {c.label for c in scheme.top_concepts} >= {"区域协作", "社会救助", "金融产品"}
    assert found("加强区域协作，完善社会救助和金融产品", scheme) == []


def test_traditional_text_is_matched_after_normalisation(scheme):
    text = normalize("推廣「共富工坊」與飛地經濟，組建強村公司").text
    assert [label for label, _ in found(text, scheme)] == ["共富工坊", "飞地", "强村公司"]


def test_mentions_are_sorted_and_do_not_overlap(scheme):
    mentions = find_mechanisms(doc_text("003"), scheme)
    assert all(a.end <= b.start for a, b in itertools.pairwise(mentions))


@pytest.mark.parametrize("doc_id", ["000", "001", "002", "003", "004"])
def test_offsets_of_every_mention_point_at_its_surface(doc_id, scheme):
    text = doc_text(doc_id)
    for m in [*find_mechanisms(text, scheme), *find_candidates(text, scheme)]:
        assert text[m.start : m.end] == m.surface


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet="飞地消薄产业共富工坊“”「」 \n云认购e商贷扩中提低a1", max_size=40))
def test_any_text_gives_valid_non_overlapping_spans(text):
    s = load_scheme()
    mentions = find_mechanisms(text, s)
    assert all(text[m.start : m.end] == m.surface for m in mentions)
    assert all(a.end <= b.start for a, b in itertools.pairwise(mentions))


# ---------------------------------------------------------------- hierarchy


def test_narrower_enclaves_are_below_feidi(scheme):
    feidi = MECH + "飞地"
    assert feidi in scheme.broader_closure(MECH + "消薄飞地")
    assert {MECH + "产业飞地", MECH + "消薄飞地", MECH + "科创飞地"} <= scheme.narrower_closure(feidi)


def test_broader_closure_reaches_the_top_concept(scheme):
    assert MECH + "区域协作" in scheme.broader_closure(MECH + "消薄飞地")
    assert MECH + "消薄飞地" not in scheme.broader_closure(MECH + "消薄飞地")


def test_feigui_is_related_to_feidi(scheme):
    assert MECH + "飞柜经济" in scheme.concepts[MECH + "飞地"].related


# ---------------------------------------------------------------- candidates


def test_quoted_programme_name_not_in_the_scheme_is_a_candidate(scheme):
    assert [c.label for c in find_candidates(doc_text("001"), scheme)].count("四千工程") == 1


def test_candidate_label_has_no_quotes_and_includes_a_following_suffix(scheme):
    [c] = find_candidates("打造“文昌”教育品牌，破解后顾之忧", scheme)
    assert (c.label, c.surface) == ("文昌教育品牌", "“文昌”教育品牌")


def test_scheme_names_slogans_and_numbers_are_not_candidates(scheme):
    text = "创新“贷款码”模式，“人人有事做，家家有收入”模式，“135”机制，“三大工程”，“敢贷”"
    assert find_candidates(text, scheme) == []


def test_no_candidate_of_the_corpus_is_a_scheme_concept(scheme):
    for doc_id in ("000", "001", "002", "003", "004"):
        for c in find_candidates(doc_text(doc_id), scheme):
            assert scheme.lookup(c.label) is None, c.label


# ---------------------------------------------------------------- the scheme file


@lru_cache(maxsize=1)
def scheme_triples() -> dict[str, dict[str, list]]:
    out: dict[str, dict[str, list]] = {}
    with default_scheme_path().open("rb") as f:
        for t in parse(f, format=RdfFormat.TURTLE):
            out.setdefault(t.subject.value, {}).setdefault(t.predicate.value, []).append(t.object)
    return out


def mechanism_subjects() -> dict[str, dict[str, list]]:
    return {s: p for s, p in scheme_triples().items() if any(o.value == GF + "Mechanism" for o in p.get(RDF_TYPE, []))}


def test_scheme_has_at_least_150_concepts(scheme):
    assert len(scheme) >= 150


def test_scheme_is_a_skos_concept_scheme_and_a_mechanism_scheme():
    types = {o.value for o in scheme_triples()[SCHEME][RDF_TYPE]}
    assert types >= {SKOS + "ConceptScheme", GF + "MechanismScheme"}


def test_every_concept_has_one_preflabel_a_kind_and_is_in_the_scheme():
    for s, p in mechanism_subjects().items():
        assert len(p.get(SKOS + "prefLabel", [])) == 1, s
        assert [o.value for o in p.get(GF + "mechanismKind", [])] in ([k] for k in KINDS), s
        assert [o.value for o in p.get(SKOS + "inScheme", [])] == [SCHEME], s
        assert any(o.value == SKOS + "Concept" for o in p[RDF_TYPE]), s


def test_every_broader_and_related_target_exists():
    subjects = mechanism_subjects()
    for s, p in subjects.items():
        for o in p.get(SKOS + "broader", []) + p.get(SKOS + "related", []):
            assert o.value in subjects, (s, o.value)


def test_top_concepts_have_no_broader_and_all_others_have_one(scheme):
    for c in scheme.concepts.values():
        assert bool(c.broader) != c.top, c.label


def test_concept_iris_are_the_canonical_name_without_unsafe_characters(scheme):
    for c in scheme.concepts.values():
        name = c.iri.removeprefix(MECH)
        assert name == c.label
        assert not re.search(r"[/\s\"“”‘’「」()（）\[\]【】《》<>]", name), name


def test_no_label_names_two_concepts(scheme):
    owner: dict[str, str] = {}
    for c in scheme.concepts.values():
        for label in c.labels:
            assert owner.setdefault(label_key(label), c.iri) == c.iri, label


def test_labels_are_chinese_literals():
    for p in mechanism_subjects().values():
        for o in p.get(SKOS + "prefLabel", []) + p.get(SKOS + "altLabel", []):
            assert isinstance(o, Literal) and o.language == "zh"


def test_mechanisms_cite_the_seed_documents_they_were_found_in(scheme):
    for c in scheme.concepts.values():
        if not c.top:
            assert c.sources and all(re.fullmatch(DOC + r"\d{3}", d) for d in c.sources), c.label
    assert DOC + "003" in scheme.concepts[MECH + "共享法庭"].sources


def test_source_documents_are_iris():
    for p in mechanism_subjects().values():
        assert all(isinstance(o, NamedNode) for o in p.get("http://purl.org/dc/terms/source", []))


# ---------------------------------------------------------------- dev gold and speed

_QUOTES_WS = re.compile(r"[“”\"'‘’「」《》\s]")


def _key(s: str) -> str:
    return _QUOTES_WS.sub("", s)


def test_recall_and_precision_against_the_dev_gold_stay_at_the_reached_level(segmented, scheme):
    tp = fp = fn = 0
    for key, gold_name in (("brief3", "000_d3d2b23bbdabca64.json"), ("brief7", "001_9759aca1b68797ff.json")):
        doc, cases = segmented[key]
        gold = json.loads((GOLD / gold_name).read_text(encoding="utf-8"))
        for case, gold_case in zip(cases, gold["cases"], strict=True):
            ours = {
                frozenset({_key(scheme.concepts[m.concept].label), _key(m.surface)})
                for a, b in case.parts
                for m in find_mechanisms(normalize(doc.text[a:b]).text, scheme)
            }
            golds = [{_key(x) for x in [g["name"], *g["surface"]]} for g in gold_case["mechanisms"]]
            hits = sum(1 for g in golds if any(g & o for o in ours))
            tp, fn = tp + hits, fn + len(golds) - hits
            fp += sum(1 for o in ours if not any(g & o for g in golds))
    assert tp / (tp + fn) >= DEV_RECALL_FLOOR
    assert tp / (tp + fp) >= DEV_PRECISION_FLOOR


def test_scheme_loads_in_well_under_a_third_of_a_second():
    t = time.perf_counter()
    _load_scheme.__wrapped__(str(default_scheme_path()))
    assert time.perf_counter() - t < 0.3


def test_whole_corpus_goes_through_both_finders_in_under_a_second(scheme):
    texts = [doc_text(d) for d in ("000", "001", "002", "003", "004")]
    t = time.perf_counter()
    for text in texts:
        find_mechanisms(text, scheme)
        find_candidates(text, scheme)
    assert time.perf_counter() - t < 1.0


# ---------------------------------------------------------------- income groups, formula names, shared instruments


@pytest.mark.parametrize("text", ["助力“扩中”“提低”", "扩中提低改革", "聚焦“扩中、提低”"])
def test_kuozhong_tidi_are_two_reforms_even_when_written_as_one(text, scheme):
    assert [label for label, _ in found(text, scheme)] == ["扩中", "提低"]


def test_a_case_that_takes_up_only_kuozhong_uses_only_kuozhong(scheme):
    assert found("椒江区盯才“扩中” 大力培育“中收”后备军", scheme) == [("扩中", "扩中")]


def test_a_quoted_formula_before_a_name_is_part_of_its_surface(scheme):
    assert found("建立飞地研发平台的“2+N”校地合作模式", scheme)[-1] == ("校地合作", "“2+N”校地合作模式")


def test_a_quoted_word_before_a_name_is_not_a_formula(scheme):
    assert found("“红色”校地合作", scheme) == [("校地合作", "校地合作")]


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("建立组织部门牵头、14个部门参与的联席会议机制", "联席会议制度"),
        ("共建校企实训基地，采用“校企双制”", "实训基地"),
        ("开发公益性岗位，托底安置就业困难人员", "公益性岗位"),
        ("着力培养一批乡村“法治带头人”", "法治带头人"),
        ("整合临时救助、低收入农户补助等资金", "临时救助"),
    ],
)
def test_instruments_shared_by_several_cases_are_in_the_scheme(text, label, scheme):
    assert label in [lab for lab, _ in found(text, scheme)]


def test_every_shared_instrument_is_named_in_two_or_more_seed_cases(segmented, scheme):
    """The curation rule of the block "instruments shared by several cases": no one-off enters through it."""
    ttl = default_scheme_path().read_text(encoding="utf-8")
    block = ttl.split("# ---- instruments shared by several cases", 1)[1]
    labels = re.findall(r"(?m)^<([^>]+)> a gf:Mechanism", block)
    assert len(labels) >= 30
    cases_of: dict[str, set[str]] = {label: set() for label in labels}
    for key, (doc, cases) in segmented.items():
        for case in cases:
            for a, b in case.parts:
                for m in find_mechanisms(normalize(doc.text[a:b]).text, scheme):
                    label = scheme.concepts[m.concept].label
                    if label in cases_of:
                        cases_of[label].add(f"{key}-{case.ordinal}")
    assert {label: len(c) for label, c in cases_of.items() if len(c) < 2} == {}
