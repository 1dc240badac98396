"""Similar-cases building blocks on hand-made inputs: metrics, TF-IDF, tokens, target groups, department
kinds, region signal, report rendering (no build needed)."""

from __future__ import annotations

import math
from collections import Counter

import pytest

from kg.report.blocks import Link, Quote, Table, para, to_html, to_markdown
from kg.report.evaluate import ndcg_at, precision_at
from kg.report.groups import find_groups
from kg.report.profiles import CaseProfile, RegionFact, Span, department_kind
from kg.report.similar import combine, region_signal
from kg.text.tfidf import cosine, document_frequencies, idf_table, shared_terms, vectorize
from kg.text.tokenize import keep

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
