"""Similar-cases building blocks on hand-made inputs: metrics, TF-IDF, tokens and compounds, soft cosine and
concept similarity, target groups, department kinds, region signal, sentences, indicators, report rendering
(no build needed)."""

from __future__ import annotations

import math
from collections import Counter

import pytest

from kg.report.blocks import Link, Quote, Table, para, to_html, to_markdown
from kg.report.evaluate import ndcg_at, precision_at
from kg.report.explain import distinctive_words
from kg.report.groups import find_groups
from kg.report.profiles import (
    CaseProfile,
    Concept,
    Corpus,
    IndicatorFact,
    RegionFact,
    Span,
    department_kind,
    whole_sentence,
)
from kg.report.render import indicator_clause, key_indicators
from kg.report.similar import combine, region_signal
from kg.text.tfidf import (
    cosine,
    document_frequencies,
    idf_table,
    shared_terms,
    soft_dot,
    soft_normalise,
    vectorize,
)
from kg.text.tokenize import expand_compounds, keep

R = "https://w3id.org/gongfu/id/region/"


def test_ndcg_is_one_for_the_ideal_order():
    rel = {"a": 3, "b": 2, "c": 1}
    assert ndcg_at(["a", "b", "c", "x", "y"], rel) == pytest.approx(1.0)


def test_ndcg_uses_linear_gain_and_log2_discount():
    rel = {"a": 3, "b": 1}
    ideal = 3 + 1 / math.log2(3)
    assert ndcg_at(["b", "a"], rel) == pytest.approx((1 + 3 / math.log2(3)) / ideal)


def test_unjudged_cases_count_as_irrelevant():
    assert ndcg_at(["x", "y", "z"], {"a": 2}) == 0.0


def test_precision_at_5_counts_only_rel_2_or_more():
    assert precision_at(["a", "b", "c", "d", "e"], {"a": 3, "b": 2, "c": 1}) == pytest.approx(0.4)


def test_a_word_in_every_document_has_no_weight():
    df, n = document_frequencies([["飞地", "建设"], ["工坊", "建设"]])
    idf = idf_table(df, n)
    assert idf["建设"] == 0.0 and vectorize(["飞地", "建设"], idf) == {"飞地": 1.0}


def test_identical_texts_have_cosine_one_and_share_their_words():
    idf = {"飞地": 1.0, "消薄": 2.0}
    v = vectorize(["飞地", "消薄", "消薄"], idf)
    assert cosine(v, v) == pytest.approx(1.0)
    assert [t for t, _ in shared_terms(v, v)] == ["消薄", "飞地"]


def test_tokens_keep_words_and_drop_single_characters_and_numbers():
    assert [t for t in ["飞地", "的", "2021", "30万", "APP", "共富工坊", "，"] if keep(t)] == [
        "飞地",
        "APP",
        "共富工坊",
    ]


def test_overlapping_target_terms_of_different_groups_are_both_found():
    groups = {g.group for g in find_groups("村集体经济薄弱")}
    assert groups == {"村集体经济增收", "集体经济薄弱村"}


def test_a_target_term_broken_by_a_newline_is_found_with_its_offsets():
    text = "帮扶低收\n入农户增收"
    (g,) = [g for g in find_groups(text) if g.group == "低收入群体"]
    assert text[g.start : g.end] == g.surface == "低收\n入农户"


def test_a_term_inside_a_longer_one_of_the_same_group_is_not_repeated():
    assert [g.surface for g in find_groups("经济薄弱村")] == ["经济薄弱村"]


@pytest.mark.parametrize(
    ("label", "jurisdiction", "kind"),
    [
        ("三门县民政局", "三门县", "民政局"),
        ("浙江省教育厅", "浙江省", "教育局"),
        ("中国人民银行三门支行", "三门县", "中国人民银行支行"),
        ("国家发展和改革委员会", None, "国家发展和改革委员会"),
    ],
)
def test_department_kind_drops_the_place_and_levels_ting_to_ju(label, jurisdiction, kind):
    assert department_kind(label, jurisdiction) == kind


def _profile(*regions: tuple[str, str]) -> CaseProfile:
    p = CaseProfile("x", "d.txt", 1, "t", None, None, 0, "")
    p.regions = [
        RegionFact(R + code, code, "county", role, R + code, Span("d.txt", 0, 1, "t")) for code, role in regions
    ]
    return p


def test_region_signal_is_one_for_the_same_county_and_half_for_a_partner_or_the_same_city():
    wenling = _profile(("331081", "primary"), ("331022", "partner"))
    assert region_signal(wenling, _profile(("331081", "primary"))) == 1.0
    assert region_signal(wenling, _profile(("331022", "primary"))) == 0.5  # 三门 is 温岭's partner
    assert region_signal(wenling, _profile(("331002", "primary"))) == 0.5  # 椒江: same city (台州)
    assert region_signal(wenling, _profile(("330602", "primary"))) == 0.0


def test_signals_the_query_lacks_are_left_out_of_the_weighted_mean():
    assert combine({"text": 0.5}) == pytest.approx(0.5)
    assert combine({"text": 1.0, "mechanisms": 0.0}) == pytest.approx(0.4 / 0.7)


def test_markdown_escapes_table_pipes_and_html_escapes_markup():
    blocks = [Table(("名称",), (("a|b",),)), para(Quote("“<飞地>”"), Link("003 字符 1–2", "x.txt#char=1,2"))]
    assert "a\\|b" in to_markdown(blocks)
    page = to_html(blocks, title="t")
    assert "&lt;飞地&gt;" in page and 'href="x.txt#char=1,2"' in page


def test_quotes_are_shown_on_one_line():
    assert "\n" not in to_markdown([para(Quote("山海\n协作"))]).strip()


def test_vectors_weigh_repeated_mentions_sublinearly():
    idf = {"飞地": 1.0, "工坊": 1.0}
    v = vectorize(list(Counter({"飞地": 4, "工坊": 1}).elements()), idf)
    assert v["飞地"] / v["工坊"] == pytest.approx(1 + math.log(4))


# ---------------------------------------------------------------- compounds, soft cosine, concept similarity


def test_a_compound_also_counts_the_corpus_words_inside_it():
    known = {"道德", "信贷", "整村", "授信"}
    assert expand_compounds(["道德信贷", "整村授信", "农户"], known) == [
        "道德信贷",
        "道德",
        "信贷",
        "整村授信",
        "整村",
        "授信",
        "农户",
    ]


def test_words_unknown_to_the_corpus_are_not_cut_out_of_a_compound():
    assert expand_compounds(["好家风信用贷"], {"信用"}) == ["好家风信用贷", "信用"]


def test_soft_dot_with_identity_similarity_is_the_plain_dot_product():
    a, b = {"x": 0.6, "y": 0.8}, {"x": 1.0}
    assert soft_dot(a, b, lambda i, j: float(i == j)) == pytest.approx(cosine(a, b))


def test_a_soft_normalised_vector_has_soft_norm_one():
    def sim(i: str, j: str) -> float:
        return 1.0 if i == j else 0.5

    v = soft_normalise({"x": 2.0, "y": 1.0}, sim)
    assert soft_dot(v, v, sim) == pytest.approx(1.0)


M = "https://w3id.org/gongfu/id/mechanism/"


def _scheme_corpus() -> Corpus:
    """飞地 with two narrower concepts, a category 金融产品 with two products; IC from made-up case counts."""
    concepts = {
        M + "区域协作": Concept(M + "区域协作", "区域协作", (), True, False),
        M + "飞地": Concept(M + "飞地", "飞地", (M + "区域协作",), False, False),
        M + "消薄飞地": Concept(M + "消薄飞地", "消薄飞地", (M + "飞地",), False, False),
        M + "产业飞地": Concept(M + "产业飞地", "产业飞地", (M + "飞地",), False, False),
        M + "金融产品": Concept(M + "金融产品", "金融产品", (), True, False),
        M + "道德信贷": Concept(M + "道德信贷", "道德信贷", (M + "金融产品",), False, False),
    }
    n = 100
    used_by = {"区域协作": 30, "飞地": 10, "消薄飞地": 3, "产业飞地": 2, "金融产品": 20, "道德信贷": 1}
    idf = {M + k: math.log(n / v) for k, v in used_by.items()}
    profiles = {f"{i:03d}": CaseProfile(f"{i:03d}", "d.txt", i, "", None, None, 0, "") for i in range(n)}
    return Corpus(profiles, concepts, {}, idf, {}, {}, "test")


def test_a_concept_is_fully_similar_to_itself_and_not_at_all_to_an_unrelated_one():
    corpus = _scheme_corpus()
    assert corpus.concept_similarity(M + "消薄飞地", M + "消薄飞地") == 1.0
    assert corpus.concept_similarity(M + "消薄飞地", M + "道德信贷") == 0.0


def test_a_kind_of_feidi_is_closer_to_feidi_itself_than_to_another_kind_of_feidi():
    corpus = _scheme_corpus()
    siblings = corpus.concept_similarity(M + "消薄飞地", M + "产业飞地")
    narrower_broader = corpus.concept_similarity(M + "消薄飞地", M + "飞地")
    assert 0 < siblings < narrower_broader < 1


def test_mechanism_vectors_of_sibling_concepts_have_a_positive_soft_cosine():
    corpus = _scheme_corpus()
    a = corpus.mechanism_vector({M + "消薄飞地": 2})
    b = corpus.mechanism_vector({M + "产业飞地": 1})
    assert 0 < corpus.mechanism_similarity(a, b) < corpus.mechanism_similarity(a, a) == pytest.approx(1.0)


def test_a_concept_no_case_uses_is_as_specific_as_one_used_once():
    corpus = _scheme_corpus()
    assert corpus.information_content(M + "未收录") == pytest.approx(math.log(100))


# ---------------------------------------------------------------- sentences, regions, indicators, keywords


def test_a_blank_line_inside_a_sentence_does_not_cut_the_quote():
    text = "二是物业出租型。针对全县一批山区乡村集体经济薄弱、\n\n资源匮乏的情况，使用扶贫资金参与物业投资。下一句。"
    i = text.index("集体经济薄弱")
    a, b = whole_sentence(text, i, i + 6)
    assert text[a:b] == "针对全县一批山区乡村集体经济薄弱、\n\n资源匮乏的情况，使用扶贫资金参与物业投资。"


def test_a_page_break_inside_a_word_is_bridged_when_the_line_is_paragraph_text():
    text = "二是创新“优教共享”发展模式，打造乡村教育新高地。多部\n\n门联合推进办学模式，快速提升新校弱校发展水平。"
    i = text.index("门联合")
    a, b = whole_sentence(text, i, i + 3)
    assert text[a:b].startswith("多部\n\n门联合推进")


def test_a_title_and_the_heading_after_it_stay_apart():
    text = "省统计局建设“全面覆盖+精准画像” 基础数据库 助力“扩中”“提低”改革\n\n一、基本情况\n\n近年来，我省推进改革。"
    i = text.index("基础数据库")
    a, b = whole_sentence(text, i, i + 5)
    assert text[a:b] == "省统计局建设“全面覆盖+精准画像” 基础数据库 助力“扩中”“提低”改革"


def test_two_cases_of_provincial_departments_are_not_in_the_same_place():
    zhejiang = CaseProfile("x", "d.txt", 1, "t", None, None, 0, "")
    zhejiang.regions = [
        RegionFact(R + "330000", "浙江省", "province", "primary", R + "330000", Span("d.txt", 0, 1, "t"))
    ]
    assert region_signal(zhejiang, zhejiang) == 0.0


def test_a_key_indicator_is_shown_as_the_clause_that_states_the_figure():
    quote = "截至目前，已发放专项贷款超30亿元，支持新型农业经营主体15.6亿元。"
    fact = IndicatorFact(
        "发放专项贷款", "超30亿元", "亿元", 30.0, "亿元", "outcome", Span("d.txt", 0, len(quote), quote)
    )
    assert indicator_clause(fact) == "已发放专项贷款超30亿元"


def test_key_indicators_come_from_the_results_section_first():
    text = "一、基本情况\n投入1亿元建设宿舍。\n三、实施成效\n升学率提高15%。"
    p = CaseProfile("x", "d.txt", 1, "t", None, None, 0, text)
    before, after = "投入1亿元建设宿舍。", "升学率提高15%。"
    p.indicators = [
        IndicatorFact("投入", "1亿元", "亿元", 1.0, "亿元", "outcome", Span("d.txt", 7, 17, before)),
        IndicatorFact("升学率", "15%", "%", 15.0, "%", "outcome", Span("d.txt", 25, 34, after)),
    ]
    assert [i.metric for i in key_indicators(p)] == ["升学率", "投入"]


def test_shared_words_are_shown_in_their_longest_shared_form():
    pairs = [("山区", 0.3), ("区县", 0.2), ("山区县", 0.1), ("飞地", 0.25)]
    assert distinctive_words(pairs, 2) == [("山区县", pytest.approx(0.6)), ("飞地", 0.25)]
