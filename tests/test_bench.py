"""``kg bench``: synthetic corpora, the measured report and its targets, and a short load test.

One small bench run (the newspaper page at 1× and 2×, a 4-client × 3 s load test) is shared by the tests
that read its report; the full bench (1×/10×/100×, 20 clients × 30 s) is `kg bench --serve`, run by hand.
"""

from __future__ import annotations

import json
import time

import pytest

from kg.bench.http import Endpoint, serving
from kg.bench.latency import http_latencies
from kg.bench.load import load_test, percentile
from kg.bench.report import markdown, targets, write_report
from kg.bench.run import run_bench
from kg.bench.stages import STAGES
from kg.bench.synth import region_mapping, variant, write_corpus
from kg.cli import main
from kg.lexicons.gazetteer import load_gazetteer
from kg.paths import raw_dir
from kg.pipeline import read_all

RAW = raw_dir()
NEWSPAPER = RAW / "002_c8f8e4b79e6b039e.txt"
BRIEF = RAW / "000_d3d2b23bbdabca64.txt"


# ---------------------------------------------------------------- synthetic corpora


def test_copy_zero_is_the_seed_itself():
    text = BRIEF.read_text(encoding="utf-8")
    assert variant(text, 0) == text


def test_a_copy_is_the_same_every_time():
    text = BRIEF.read_text(encoding="utf-8")
    assert variant(text, 3) == variant(text, 3)
    assert variant(text, 3) != variant(text, 4)


def test_a_copy_renames_the_regions_of_the_brief():
    """在 000 里 温岭市 leads the first article; in copy 1 another place leads it."""
    copy = variant(BRIEF.read_text(encoding="utf-8"), 1)
    assert "温岭市念好新时代山海经" not in copy
    assert "念好新时代山海经" in copy


def test_a_county_named_with_its_city_becomes_a_county_of_the_new_city():
    gaz = load_gazetteer()
    full_names = {r.full_name for r in gaz.regions.values() if r.in_zhejiang and r.full_name != r.name}
    for i in (1, 2, 7):
        mapping = region_mapping(i)
        assert all(mapping[src] in full_names for src in full_names), i


def test_copies_shift_printed_years():
    assert variant("2021年9月30日", 1) == "2022年9月30日"
    assert variant("2021年9月30日", 4) == "2021年9月30日"


def test_a_corpus_has_scale_copies_that_all_read_as_distinct_documents(tmp_path):
    files = write_corpus([BRIEF, NEWSPAPER], 3, tmp_path)
    docs, warnings = read_all(sorted(files))
    assert len(docs) == 6 and not warnings
    assert len({d.doc_id for d in docs}) == 6


def test_a_scale_below_one_is_refused(tmp_path):
    with pytest.raises(ValueError, match="at least 1"):
        write_corpus([BRIEF], 0, tmp_path)


# ---------------------------------------------------------------- one small bench run


@pytest.fixture(scope="module")
def report():
    return run_bench([1, 2], repeat=3, build_repeat=1, timeout=5.0, seeds=[NEWSPAPER])


@pytest.mark.slow
def test_every_stage_is_timed_at_every_scale(report):
    for row in report["scales"]:
        assert set(row["seconds"]) == set(STAGES)
        assert all(v is not None and v >= 0 for v in row["seconds"].values())


@pytest.mark.slow
def test_the_synthetic_scale_doubles_the_work(report):
    one, two = report["scales"]
    assert two["documents"] == 2 * one["documents"] and two["cases"] == 2 * one["cases"]
    assert two["text_mb"] >= 1.9 * one["text_mb"] and two["quads"] > one["quads"]


@pytest.mark.slow
def test_references_are_measured_on_the_same_text(report):
    for row in report["scales"]:
        assert row["jieba_seconds"] > 0 and row["extract_vs_jieba"] > 0
        assert row["rdflib_parse_seconds"] > 0 and row["load_speedup_vs_rdflib"] > 0
        assert row["peak_rss_mb"] >= row["baseline_rss_mb"] > 0


@pytest.mark.slow
def test_every_saved_query_is_timed_in_process(report):
    from kg.bench.load import saved_query_texts

    assert set(report["queries"]) == set(saved_query_texts())
    assert all(v["p50_ms"] <= v["p95_ms"] for v in report["queries"].values() if "error" not in v)


@pytest.mark.slow
def test_the_report_is_written_as_json_and_markdown(report, tmp_path):
    json_path, md_path = write_report(report, tmp_path / "bench.json")
    data = json.loads(json_path.read_text(encoding="utf-8"))
    assert {t["name"] for t in data["targets"]} >= {"store load vs rdflib", "extraction vs raw jieba"}
    table = md_path.read_text(encoding="utf-8")
    assert "| 2× |" in table and "| saved query |" in table


@pytest.mark.slow
def test_similar_reports_and_the_analysis_are_timed_as_a_user_runs_them(report):
    r = report["reports"]
    assert r["similar_first_seconds"] > 0 and r["analyze"]["median_seconds"] > 0
    assert r["similar_max_after_first_seconds"] >= max(r["similar_case"]["runs"] + r["similar_text"]["runs"])


# ---------------------------------------------------------------- targets and report, on made-up numbers


def made_up(**row) -> dict:
    base = {
        "scale": 1,
        "extract_vs_jieba": 0.8,
        "load_speedup_vs_rdflib": 9.0,
        "time_per_mb_vs_first": 1.0,
        "memory_per_mb_vs_first": 1.0,
    }
    return {
        "machine": {},
        "scales": [base, {**base, "scale": 100, **row}],
        "seed_build": {"median_seconds": 2.0, "runs": [2.0]},
        "queries": {"cases": {"p50_ms": 3.0}},
    }


def test_all_targets_met_on_good_numbers():
    assert all(t.met for t in targets(made_up()))


@pytest.mark.parametrize(
    ("field", "value", "target"),
    [
        ("extract_vs_jieba", 0.3, "extraction vs raw jieba"),
        ("load_speedup_vs_rdflib", 2.0, "store load vs rdflib"),
        ("time_per_mb_vs_first", 1.5, "time growth 1×→100× (per MB)"),
        ("memory_per_mb_vs_first", 1.3, "memory growth 1×→100× (per MB)"),
    ],
)
def test_a_missed_target_is_reported_as_missed(field, value, target):
    missed = {t.name for t in targets(made_up(**{field: value})) if not t.met}
    assert missed == {target}


def test_a_similar_report_slower_than_a_second_misses_its_target():
    r = made_up()
    r["reports"] = {
        "similar_max_after_first_seconds": 1.4,
        "similar_first_seconds": 3.0,
        "similar_case": {"runs": [0.4], "median_seconds": 0.4},
        "similar_text": {"runs": [1.4], "median_seconds": 1.4},
        "analyze": {"runs": [6.0], "median_seconds": 6.0},
    }
    missed = {t.name for t in targets(r) if not t.met}
    assert missed == {"similar report (after the first)"}


def test_a_slow_or_timed_out_query_misses_its_target():
    r = made_up()
    r["queries"]["case-regions"] = {"p50_ms": 1200.0, "p95_ms": 1300.0}
    r["queries"]["stuck"] = {"error": "timed out (over 10 s)"}
    (t,) = [t for t in targets(r) if t.name.startswith("saved queries p50")]
    assert not t.met and t.measured.startswith("2 of 3 over: case-regions (1200.0 ms), stuck (timed out")


# ---------------------------------------------------------------- load test and CLI


def test_percentile_is_nearest_rank():
    xs = [float(i) for i in range(1, 101)]
    assert percentile(xs, 50) == 50.0 and percentile(xs, 99) == 99.0 and percentile([7.0], 99) == 7.0


def test_the_load_test_only_targets_loopback():
    with pytest.raises(ValueError, match="loopback"):
        load_test(Endpoint("192.0.2.1", 9), clients=1, duration=0.1)


@pytest.fixture(scope="module")
def served(seed_build):
    """``kg serve`` on the seed build: every saved query timed over HTTP, then 4 clients × 3 s. A query
    gets 2 s (its target is 20 ms): a stuck one fails the tests below instead of slowing them down."""
    t0 = time.monotonic()
    with serving(seed_build / "store") as endpoint:
        latencies = http_latencies(endpoint, repeat=1, timeout=2.0)
        result = load_test(endpoint, clients=4, duration=3.0, max_requests=400, timeout=2.0)
    return latencies, result, time.monotonic() - t0


@pytest.mark.slow
def test_every_saved_query_answers_over_http(served):
    latencies, _, _ = served
    failed = {name: v["error"] for name, v in latencies.items() if "error" in v}
    assert not failed


@pytest.mark.slow
def test_a_short_load_test_on_the_seed_build_has_no_errors(served):
    _, result, _ = served
    assert result["errors"] == 0, result["error_examples"]
    assert 0 < result["requests"] <= 400


@pytest.mark.slow
def test_the_short_load_test_stops_by_itself(served):
    _, result, _seconds = served
    assert result["duration_seconds"] < 3.0 + 2.0 + 1.0


@pytest.mark.parametrize("scale", ["0", "1,x", ""])
def test_bench_refuses_a_bad_scale(scale, capsys):
    assert main(["bench", "--scale", scale]) == 1
    assert "--scale" in capsys.readouterr().err


def test_markdown_names_the_machine():
    r = made_up()
    r["machine"] = {"cpu": "Test CPU", "cores": 2, "memory_mb": 1024, "python": "3.11", "platform": "Linux"}
    for row in r["scales"]:
        row.update(
            documents=5,
            cases=1,
            text_mb=0.5,
            seconds=dict.fromkeys(STAGES, 0.1),
            total_seconds=0.7,
            workers=1,
            quads=10,
            triples_per_s=1.0,
            peak_rss_mb=100,
            extract_mb_per_s=1,
            jieba_mb_per_s=1,
            oxigraph_memory_load_seconds=0.1,
            rdflib_parse_seconds=1,
        )
    assert markdown(r).startswith("Machine: Test CPU, 2 cores, 1024 MB RAM")
