"""`kg build` end to end: artefacts, contract queries, determinism, atomicity and bad input."""

from __future__ import annotations

import csv
import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kg.cli import main
from kg.errors import InputError, KgError
from kg.paths import raw_dir
from kg.pipeline import run_pipeline
from kg.store.build import build
from kg.store.writer import build_lock, sort_nquads, sorted_nquads

RAW = raw_dir()
SEED_CASES = {
    "000_d3d2b23bbdabca64.txt": 4,
    "001_9759aca1b68797ff.txt": 4,
    "002_c8f8e4b79e6b039e.txt": 10,
    "003_1001a0cc11561e98.txt": 71,
    "004_fb53225e94c1d7b6.txt": 67,
}


def kg(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def csv_rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_build_writes_store_and_dumps(seed_build):
    for name in ("store", "kg.nq", "kg.ttl", "kg.jsonld", "void.ttl", "build.json"):
        assert (seed_build / name).exists(), name
    assert (seed_build / "store" / "CURRENT").exists()


def test_no_triple_is_stated_in_two_graphs(seed_build):
    """The served default graph is the union of the named graphs and Oxigraph does not merge a triple
    stated in two of them: a region label repeated per document would repeat every row that joins on it."""
    graphs_of: dict[str, set[str]] = {}
    for line in (seed_build / "kg.nq").read_text(encoding="utf-8").splitlines():
        body = line.rstrip(" .")
        cut = body.rfind(" <")
        graphs_of.setdefault(body[:cut], set()).add(body[cut:])
    repeated = [t for t, gs in graphs_of.items() if len(gs) > 1]
    assert repeated == []


def test_cases_query_lists_every_case_with_the_contract_columns(seed_build, capsys):
    code, out, _ = kg(capsys, "query", "cases", "--format", "csv", "--store", str(seed_build / "store"))
    assert code == 0
    header = out.splitlines()[0]
    assert header == "doc,ordinal,number,title,category,region,adcode"
    rows = csv_rows(out)
    per_doc: dict[str, set[str]] = {}
    for r in rows:
        per_doc.setdefault(r["doc"], set()).add(r["ordinal"])
        assert r["title"] and r["region"], r
    assert {d: len(o) for d, o in per_doc.items()} == SEED_CASES


def test_case_regions_query_has_the_contract_columns_and_roles(seed_build, capsys):
    code, out, _ = kg(capsys, "query", "case-regions", "--format", "csv", "--store", str(seed_build / "store"))
    assert code == 0
    assert out.splitlines()[0] == "doc,ordinal,role,region,adcode,level"
    rows = csv_rows(out)
    assert {r["role"] for r in rows} == {"primary", "partner", "mentioned"}
    wenling = {(r["role"], r["region"]) for r in rows if r["doc"].startswith("000") and r["ordinal"] == "1"}
    assert ("primary", "台州市温岭市") in wenling
    assert ("partner", "台州市三门县") in wenling and ("partner", "丽水市景宁畲族自治县") in wenling


def test_a_reform_row_naming_no_place_gives_its_county_no_title_as_a_name(seed_build, capsys):
    """Row 2 of 004 (保险制度改革) names no place: 三门县 comes from the table's title, and the row's title
    must not become one of 三门县's names."""
    query = (
        "PREFIX skos: <http://www.w3.org/2004/02/skos/core#> "
        "SELECT ?alt WHERE { <https://w3id.org/gongfu/id/region/331022> skos:altLabel ?alt } ORDER BY ?alt"
    )
    _, out, _ = kg(capsys, "query", "--sparql", query, "--format", "csv", "--store", str(seed_build / "store"))
    assert [r["alt"] for r in csv_rows(out)] == ["三门", "三门县"]


def test_primary_regions_of_known_cases(seed_build, capsys):
    _, out, _ = kg(capsys, "query", "cases", "--format", "csv", "--store", str(seed_build / "store"))
    primary: dict[tuple[str, str], set[str]] = {}
    for r in csv_rows(out):
        primary.setdefault((r["doc"][:3], r["ordinal"]), set()).add(r["region"])
    assert primary[("002", "3")] == {"温州市文成县"}
    assert primary[("002", "4")] == {"温州市苍南县"}
    assert primary[("003", "2")] == {"杭州市萧山区", "杭州市滨江区"}
    assert primary[("003", "6")] == {"浙江省"}
    assert primary[("003", "11")] == {"温州市龙港市"}
    assert primary[("004", "40")] == {"台州市三门县"}
    assert primary[("001", "1")] == {"台州市椒江区"}


def test_every_evidence_quote_is_the_text_at_its_offsets(seed_build, capsys):
    from kg.read import read_document

    docs = {p.name.split("_")[0]: read_document(p) for p in RAW.glob("*.txt")}
    _code, out, _ = kg(
        capsys,
        "query",
        "--store",
        str(seed_build / "store"),
        "--format",
        "csv",
        "--sparql",
        "PREFIX gf: <https://w3id.org/gongfu/ontology#> PREFIX dcterms: <http://purl.org/dc/terms/> "
        "SELECT ?id ?s ?e ?q WHERE { ?ev a gf:Evidence ; dcterms:source ?d ; gf:startOffset ?s ; "
        "gf:endOffset ?e ; gf:quote ?q . BIND(STRAFTER(STR(?d), '/doc/') AS ?id) }",
    )
    rows = csv_rows(out)
    assert len(rows) > 500
    for r in rows:
        assert docs[r["id"]].text[int(r["s"]) : int(r["e"])] == r["q"].replace("\r\n", "\n")


def test_two_builds_give_byte_identical_dumps(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    build([RAW], a)
    files = sorted(RAW.glob("*.txt"), reverse=True)  # another input order
    build(files, b)
    assert (a / "kg.nq").read_bytes() == (b / "kg.nq").read_bytes()
    assert (a / "kg.ttl").read_bytes() == (b / "kg.ttl").read_bytes()
    assert (a / "void.ttl").read_bytes() == (b / "void.ttl").read_bytes()


def test_the_parallel_pipeline_keeps_the_serial_pipelines_quads_as_nquads_text():
    """Two workers send their quads as N-Quads text and the parent keeps it unparsed: the same quads, counted
    the same, as objects (parsed on demand) and as the text the dumps are sorted from."""
    serial = run_pipeline([RAW], workers=1)
    parallel = run_pipeline([RAW], workers=2)
    assert any(d.nquads for d in parallel.documents) and not any(d.nquads for d in serial.documents)
    text = parallel.nquads()
    assert sort_nquads(text) == sort_nquads(serial.nquads()) == sorted_nquads(parallel.quads)
    assert text.count(b"\n") == len(parallel.quads) == len(serial.quads)


@pytest.fixture()
def small_build(tmp_path) -> Path:
    out = tmp_path / "out"
    build([RAW / "001_9759aca1b68797ff.txt"], out)
    return out


def test_a_failing_build_leaves_the_previous_build_intact(small_build, tmp_path, capsys):
    before = (small_build / "kg.nq").read_bytes()
    empty = tmp_path / "empty.txt"
    empty.write_text("  \n", encoding="utf-8")
    code, _, err = kg(capsys, "build", "--input", str(empty), "--out", str(small_build))
    assert code != 0 and "empty" in err
    assert (small_build / "kg.nq").read_bytes() == before
    code, out, _ = kg(capsys, "query", "cases", "--format", "csv", "--store", str(small_build / "store"))
    assert code == 0 and len(csv_rows(out)) == 4


def test_missing_path_is_an_error_naming_it(tmp_path, capsys):
    code, _, err = kg(capsys, "build", "--input", str(tmp_path / "nope.txt"), "--out", str(tmp_path / "o"))
    assert code == 1 and "nope.txt: no such file or directory" in err


def test_binary_file_is_an_error(tmp_path, capsys):
    f = tmp_path / "blob.txt"
    f.write_bytes(bytes(range(256)) * 4)
    code, _, err = kg(capsys, "build", "--input", str(f), "--out", str(tmp_path / "o"))
    assert code == 1 and "blob.txt" in err


def test_directory_without_documents_is_an_error(tmp_path, capsys):
    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "notes.md").write_text("x", encoding="utf-8")
    code, _, err = kg(capsys, "build", "--input", str(tmp_path / "d"), "--out", str(tmp_path / "o"))
    assert code == 1 and "no readable documents" in err


def test_gb18030_text_is_decoded_with_a_warning(tmp_path):
    f = tmp_path / "gbk_report.txt"
    f.write_bytes((RAW / "001_9759aca1b68797ff.txt").read_text(encoding="utf-8").encode("gb18030"))
    report = build([f], tmp_path / "o")
    assert report.summary["documents"][0]["cases"] == 4
    assert any("gb18030" in w.lower() for w in report.summary["warnings"])


def test_identical_inputs_are_kept_once_with_a_warning(tmp_path):
    a = tmp_path / "a_copy.txt"
    b = tmp_path / "b_copy.txt"
    shutil.copy(RAW / "001_9759aca1b68797ff.txt", a)
    shutil.copy(RAW / "001_9759aca1b68797ff.txt", b)
    report = build([a, b], tmp_path / "o")
    assert [d["doc"] for d in report.summary["documents"]] == ["a_copy.txt"]
    assert any("same content" in w for w in report.summary["warnings"])


def test_document_without_structure_becomes_one_case(tmp_path):
    f = tmp_path / "news.txt"
    f.write_text(
        "强村公司带动村集体增收\n\n丽水市遂昌县探索强村公司模式，2022年村集体经营性收入增长20%。\n", encoding="utf-8"
    )
    report = build([f], tmp_path / "o")
    assert report.summary["documents"][0]["cases"] == 1


def test_a_second_concurrent_build_is_refused(tmp_path):
    out = tmp_path / "o"
    with build_lock(out), pytest.raises(KgError, match="another build"):
        build([RAW / "001_9759aca1b68797ff.txt"], out)


def test_unwritable_output_directory_is_a_clear_error(tmp_path):
    if os.geteuid() == 0:
        target = Path("/proc/kg-cannot-write-here")
    else:
        ro = tmp_path / "ro"
        ro.mkdir()
        ro.chmod(0o500)
        target = ro / "out"
    with pytest.raises(KgError, match="cannot write"):
        build([RAW / "001_9759aca1b68797ff.txt"], target)


def test_query_on_a_missing_store_suggests_building(tmp_path, capsys):
    code, _, err = kg(capsys, "query", "cases", "--store", str(tmp_path / "none"))
    assert code == 1 and "kg build" in err


def test_query_on_a_corrupted_store_says_so(tmp_path, capsys):
    bad = tmp_path / "store"
    bad.mkdir()
    (bad / "CURRENT").write_text("garbage\n")
    code, _, err = kg(capsys, "query", "cases", "--store", str(bad))
    assert code == 1 and "rebuild" in err


def test_console_script_runs_the_cli(seed_build):
    exe = Path(sys.executable).parent / "kg"
    res = subprocess.run(
        [str(exe), "query", "cases", "--format", "tsv", "--store", str(seed_build / "store")],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert res.returncode == 0
    assert res.stdout.splitlines()[0].split("\t") == [
        "doc",
        "ordinal",
        "number",
        "title",
        "category",
        "region",
        "adcode",
    ]


def test_unknown_query_name_lists_the_known_ones(seed_build, capsys):
    code, _, err = kg(capsys, "query", "no-such-query", "--store", str(seed_build / "store"))
    assert code == 1 and "cases" in err


def test_read_error_type_is_input_error(tmp_path):
    with pytest.raises(InputError):
        build([tmp_path / "missing.txt"], tmp_path / "o")
