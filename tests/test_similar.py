"""`kg similar` and `kg eval-similar` on the seed build: query resolution, ranking, reasons with evidence,
output formats, the on-disk cache, and the dev judgments."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kg.analysis.source import Source
from kg.cli import main
from kg.paths import raw_dir
from kg.report import profiles
from kg.report.evaluate import evaluate, load_judgments, summary
from kg.report.explain import plain
from kg.report.profiles import load_corpus, source_fingerprint
from kg.report.run import similar_report
from kg.report.similar import WEIGHTS

JUDGMENTS = Path(__file__).parent / "data" / "dev-gold" / "similar.json"
PLAN = "我县是山区县，村集体经济薄弱，想在发达地区建设飞地项目获取稳定收益"


@pytest.fixture(scope="module")
def source(seed_build) -> Source:
    return Source(store=seed_build / "store")


@pytest.fixture(scope="module")
def corpus(source):
    return load_corpus(source)


def _ids(report) -> list[str]:
    return [m.profile.case_id for m in report.matches]


def test_the_query_case_is_not_among_its_own_similar_cases(source, corpus):
    assert "003-020" not in _ids(similar_report(source, "003-020", top=10, corpus=corpus))


def test_case_id_doc_ordinal_and_title_fragment_name_the_same_case(source, corpus):
    by_id = similar_report(source, "003-20", corpus=corpus).query.case_id
    by_doc = similar_report(source, "003_1001a0cc11561e98.txt#20", corpus=corpus).query.case_id
    by_title = similar_report(source, "助山区奔富", corpus=corpus).query.case_id
    assert by_id == by_doc == by_title == "003-020"


def test_a_fragment_found_in_several_titles_is_searched_as_free_text(source, corpus):
    report = similar_report(source, "飞地", corpus=corpus)
    assert not report.query.is_case and "003-020" in report.query.note


def test_a_planned_feidi_practice_finds_feidi_cases_first(source, corpus):
    top = _ids(similar_report(source, PLAN, top=3, corpus=corpus))
    assert top[0] == "003-020" and "000-001" in top


def test_a_description_in_traditional_characters_ranks_like_the_simplified_one(source, corpus):
    traditional = "我縣是山區縣，村集體經濟薄弱，想在發達地區建設飛地項目獲取穩定收益"
    assert _ids(similar_report(source, traditional, corpus=corpus)) == _ids(similar_report(source, PLAN, corpus=corpus))


def test_reform_table_rows_are_ranked_only_when_asked(source, corpus):
    assert not any(i.startswith("004-") for i in _ids(similar_report(source, PLAN, top=20, corpus=corpus)))
    with_plans = similar_report(source, PLAN, top=20, include_plans=True, corpus=corpus)
    assert any(i.startswith("004-") for i in _ids(with_plans))


def test_every_quoted_sentence_is_found_at_its_offsets_in_the_source_document(source, corpus):
    report = similar_report(source, "000-001", top=5, corpus=corpus)
    texts = {}
    spans = [s for m in report.matches for r in m.reasons for s in (*r.query_evidence, *r.case_evidence)]
    assert spans
    for s in spans:
        text = texts.setdefault(s.doc, (raw_dir() / s.doc).read_text(encoding="utf-8"))
        assert text[s.start : s.end] == s.quote


def test_a_shared_mechanism_reason_quotes_sentences_that_name_it(source, corpus):
    report = similar_report(source, "000-001", corpus=corpus)
    shared = [r for m in report.matches for r in m.reasons if r.kind == "mechanism"]
    assert shared
    for r in shared:
        query_form = r.summary.split("查询写作“")[1].split("”")[0]
        case_form = r.summary.split("本案例写作“")[1].split("”")[0]
        assert query_form in plain(r.query_evidence[0].quote)
        assert case_form in plain(r.case_evidence[0].quote)


def test_a_broader_mechanism_in_the_query_matches_a_narrower_one_in_a_case(source, corpus):
    report = similar_report(source, "想建设飞地项目", top=10, corpus=corpus)
    kinds = {r.kind for m in report.matches for r in m.reasons}
    assert "narrower" in kinds  # 飞地 in the query, 产业飞地 / 消薄飞地 / 飞地抱团 in cases


def test_a_free_text_query_quotes_itself_as_evidence(source, corpus):
    report = similar_report(source, PLAN, corpus=corpus)
    quotes = [s for m in report.matches for r in m.reasons for s in r.query_evidence]
    assert quotes and all(s.doc is None and PLAN[s.start : s.end] == s.quote for s in quotes)


def test_json_output_gives_doc_ordinal_title_score_and_reasons(seed_build, capsys):
    assert main(["similar", "003-020", "--format", "json", "--top", "3", "--store", str(seed_build / "store")]) == 0
    results = json.loads(capsys.readouterr().out)["results"]
    assert len(results) == 3
    assert {"doc", "ordinal", "title", "score", "reasons"} <= set(results[0])
    assert results[0]["score"] >= results[1]["score"] >= results[2]["score"]


def test_markdown_and_html_reports_list_the_same_cases(seed_build, tmp_path):
    store = str(seed_build / "store")
    for fmt in ("md", "html"):
        assert main(["similar", "000-001", "--format", fmt, "--out", str(tmp_path / f"r.{fmt}"), "--store", store]) == 0
    md, page = (tmp_path / "r.md").read_text(encoding="utf-8"), (tmp_path / "r.html").read_text(encoding="utf-8")
    titles = [line[4:].split(". ", 1)[1] for line in md.splitlines() if line.startswith("### ")]
    assert len(titles) == 5 and all(t in page for t in titles)
    assert "#char=" in md and "<q>" in page


def test_the_cache_is_keyed_by_the_sha256_of_kg_nq(seed_build, corpus):
    source = Source(store=seed_build / "store")
    key = source_fingerprint(source)[:16]
    assert (seed_build / "cache" / f"similar-{key}.pickle").exists()


def test_a_report_after_the_first_reads_the_cached_corpus_instead_of_rebuilding_it(seed_build, corpus, monkeypatch):
    def rebuild(*args, **kwargs):
        raise AssertionError("the corpus was rebuilt although a cache for this kg.nq exists")

    monkeypatch.setattr(profiles, "build_corpus", rebuild)
    assert similar_report(Source(store=seed_build / "store"), "003-045").matches


def test_eval_similar_beats_the_text_only_baseline_on_the_dev_judgments(corpus):
    means = summary(evaluate(corpus, load_judgments(JUDGMENTS)))["all"]
    assert means["ndcg"] > means["baseline_ndcg"]
    assert means["ndcg"] >= 0.8


def test_eval_similar_prints_both_methods_side_by_side(seed_build, capsys):
    assert main(["eval-similar", "--judgments", str(JUDGMENTS), "--store", str(seed_build / "store")]) == 0
    out = capsys.readouterr().out
    assert "nDCG@5" in out and "P@5" in out and "baseline" in out and "mean text (3)" in out


def _reasons(report, kind: str) -> list:
    return [r for m in report.matches for r in m.reasons if r.kind == kind]


def test_a_shared_group_reason_gives_the_words_each_side_writes_and_they_are_in_its_quotes(source, corpus):
    reasons = _reasons(similar_report(source, PLAN, top=10, corpus=corpus), "group")
    assert reasons
    for r in reasons:
        query_words = r.summary.split("查询写作“")[1].split("”，")[0].split("、")
        case_words = r.summary.split("本案例写作“")[1].rsplit("”）", 1)[0].split("、")
        assert all(w in plain(r.query_evidence[0].quote) for w in query_words)
        assert all(w in plain(r.case_evidence[0].quote) for w in case_words)


def test_the_words_a_text_reason_cites_as_shared_are_in_both_quoted_sentences(source, corpus):
    reasons = _reasons(similar_report(source, "000-004", top=5, corpus=corpus), "text")
    assert reasons
    for r in reasons:
        example = r.summary.split("例句同含“")[1].rsplit("”）", 1)[0].split("”“")
        for w in example:
            assert w in plain(r.query_evidence[0].quote) and w in plain(r.case_evidence[0].quote)


def test_shared_departments_are_one_reason_per_case_quoting_each_sentence_once(source, corpus):
    report = similar_report(source, "000-004", top=5, corpus=corpus)
    for m in report.matches:
        departments = [r for r in m.reasons if r.kind == "department"]
        assert len(departments) <= 1
        for r in departments:
            assert len(set(r.query_evidence)) == len(r.query_evidence)
            assert len(set(r.case_evidence)) == len(r.case_evidence)


def test_no_quoted_sentence_stops_at_a_comma_where_the_layout_broke_the_line(source, corpus):
    for query in ("000-004", "003-045", PLAN):
        report = similar_report(source, query, top=5, corpus=corpus)
        quotes = [s.quote for m in report.matches for r in m.reasons for s in (*r.query_evidence, *r.case_evidence)]
        assert quotes and not [q for q in quotes if q.rstrip()[-1] in "，、："]


def test_cases_sharing_only_a_category_get_at_most_one_category_reason(source, corpus):
    report = similar_report(source, "想向每个村派驻金融专员，开展整村授信", top=10, corpus=corpus)
    for m in report.matches:
        assert sum(1 for r in m.reasons if r.kind == "sibling" and "类机制" in r.summary) <= 1


def test_a_local_loan_product_finds_cases_with_other_loan_products_of_the_scheme(source, corpus):
    report = similar_report(source, "想向每个村派驻金融专员，开展整村授信", top=5, corpus=corpus)
    others = [
        m for m in report.matches if not {"整村授信", "金融专员"} & {corpus.label(c) for c in m.profile.mechanisms}
    ]
    assert any(r.kind == "sibling" and "金融产品" in r.summary for m in others for r in m.reasons)


def test_json_scores_are_the_weighted_mean_of_the_scaled_signals(seed_build, capsys):
    assert main(["similar", PLAN, "--format", "json", "--store", str(seed_build / "store")]) == 0
    for result in json.loads(capsys.readouterr().out)["results"]:
        scaled = result["scaled"]
        assert all(0.0 <= v <= 1.0 for v in scaled.values())
        mean = sum(WEIGHTS[k] * v for k, v in scaled.items()) / sum(WEIGHTS[k] for k in scaled)
        assert result["score"] == pytest.approx(mean, abs=1e-4)
