"""`kg serve` is the real oxigraph server: saved queries over HTTP give the in-process rows; writes get 403.

Also `kg query --endpoint`: connection refused, HTTP errors, malformed results and timeouts give clear messages.
"""

from __future__ import annotations

import http.server
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from SPARQLWrapper import JSON, POST, SPARQLWrapper

from kg.errors import QueryError
from kg.query.bind import bind
from kg.query.remote import run_remote
from kg.query.run import open_store, run_local
from kg.query.saved import list_queries

pytestmark = pytest.mark.slow
KG = str(Path(sys.executable).parent / "kg")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_serve(store: Path, port: int, *extra: str, preexec_fn=None) -> subprocess.Popen:
    proc = subprocess.Popen(
        [KG, "serve", "--store", str(store), "--port", str(port), "--host", "127.0.0.1", *extra],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=preexec_fn,
    )
    line = proc.stdout.readline()  # the server prints the query page URL once it answers
    assert line.startswith("SPARQL query page: http://127.0.0.1:"), line + proc.stderr.read()
    return proc


@pytest.fixture(scope="module")
def server(seed_build):
    port = free_port()
    proc = start_serve(seed_build / "store", port)
    yield f"http://127.0.0.1:{port}"
    os.kill(proc.pid, signal.SIGTERM)
    proc.wait(timeout=10)


def test_serve_prints_the_query_page_url_and_the_page_answers_html(server):
    with urllib.request.urlopen(server + "/", timeout=5) as r:
        assert r.status == 200
        assert "text/html" in r.headers["Content-Type"]


@pytest.mark.parametrize("query", [q for q in list_queries() if q.form == "SELECT"], ids=lambda q: q.name)
def test_every_saved_select_query_gives_the_same_rows_over_http(server, seed_build, query):
    text = bind(query, {})
    local = run_local(open_store(seed_build / "store"), text)
    sw = SPARQLWrapper(server + "/query")
    sw.setQuery(text)
    sw.setMethod(POST)
    sw.setReturnFormat(JSON)
    data = sw.query().convert()
    remote = [[(b.get(c) or {}).get("value") for c in local.columns] for b in data["results"]["bindings"]]
    if "ORDER BY" in query.text:
        assert remote == local.rows
    else:
        assert sorted(map(repr, remote)) == sorted(map(repr, local.rows))


@pytest.mark.parametrize("query", list_queries(), ids=lambda q: q.name)
def test_sparql_clients_see_every_saved_query_as_a_query_not_an_update(query):
    # SPARQLWrapper (and clients like it) guess the form from the text, comments included: a comment word
    # such as "copy", "drops" or "padding" would make them send the query to the endpoint as an update
    sw = SPARQLWrapper("http://127.0.0.1/query")
    sw.setQuery(bind(query, {}))
    assert sw.queryType == query.form


def test_run_remote_sends_a_query_whose_comments_look_like_an_update(server):
    text = "# copy, drop, load, add: words of a comment\nSELECT ?s WHERE { ?s ?p ?o } LIMIT 1"
    assert len(run_remote(server + "/query", text).rows) == 1


def test_a_construct_query_over_http_gives_turtle(server):
    q = next(q for q in list_queries() if q.name == "case-profile")
    result = run_remote(server + "/query", bind(q, {}))
    assert result.kind == "graph"
    assert "温岭市念好新时代山海经".encode() in result.payload["turtle"]


def test_a_construct_query_over_http_gives_the_same_graph_in_every_format(server, seed_build):
    q = next(q for q in list_queries() if q.name == "case-profile")
    remote = run_remote(server + "/query", bind(q, {}))
    local = run_local(open_store(seed_build / "store"), bind(q, {}))
    assert json.loads(remote.payload["jsonld"]) == json.loads(local.payload["jsonld"])
    assert sorted(remote.payload["ntriples"].splitlines()) == sorted(local.payload["ntriples"].splitlines())


# A case, its @zh title, its integer ordinal and a variable that stays unbound.
CASE_QUERY = """PREFIX gf: <https://w3id.org/gongfu/ontology#>
PREFIX dcterms: <http://purl.org/dc/terms/>
SELECT ?case ?title ?ordinal ?none WHERE {
  ?case gf:sourceDocument/gf:fileName "000_d3d2b23bbdabca64.txt" ; gf:ordinal ?ordinal ; dcterms:title ?title .
  FILTER(?ordinal = 1)
  OPTIONAL { ?case gf:noSuchProperty ?none }
}"""
XSD_INTEGER = "http://www.w3.org/2001/XMLSchema#integer"


def test_json_output_is_sparql_json_results_with_term_types(seed_build):
    out = subprocess.run(
        [KG, "query", "--sparql", CASE_QUERY, "--store", str(seed_build / "store"), "--format", "json"],
        capture_output=True,
        text=True,
        check=True,
    )
    data = json.loads(out.stdout)
    assert data["head"]["vars"] == ["case", "title", "ordinal", "none"]
    assert data["results"]["bindings"] == [
        {
            "case": {"type": "uri", "value": "https://w3id.org/gongfu/id/case/000-001"},
            "title": {"type": "literal", "value": "温岭市念好新时代山海经 奏响共同富裕协作曲", "xml:lang": "zh"},
            "ordinal": {"type": "literal", "value": "1", "datatype": XSD_INTEGER},
        }
    ]


def test_json_output_of_an_ask_query_is_a_boolean(seed_build):
    out = subprocess.run(
        [KG, "query", "--sparql", "ASK { ?s ?p ?o }", "--store", str(seed_build / "store"), "--format", "json"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert json.loads(out.stdout) == {"head": {}, "boolean": True}


def test_json_output_from_an_endpoint_is_what_the_server_sent(server, seed_build):
    remote = subprocess.run(
        [KG, "query", "--sparql", CASE_QUERY, "--endpoint", server + "/query", "--format", "json"],
        capture_output=True,
        text=True,
        check=True,
    )
    local = run_local(open_store(seed_build / "store"), CASE_QUERY, results_json=True)
    assert json.loads(remote.stdout) == json.loads(local.json)
    assert json.loads(remote.stdout)["results"]["bindings"][0]["case"]["type"] == "uri"


def test_csv_output_keeps_plain_values(seed_build):
    out = subprocess.run(
        [KG, "query", "--sparql", CASE_QUERY, "--store", str(seed_build / "store"), "--format", "csv"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert out.stdout.splitlines() == [
        "case,title,ordinal,none",
        "https://w3id.org/gongfu/id/case/000-001,温岭市念好新时代山海经 奏响共同富裕协作曲,1,",
    ]


def test_an_update_is_refused_with_403(server):
    req = urllib.request.Request(
        server + "/update",
        data=b"update=" + urllib.request.quote("DROP ALL").encode(),
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    with pytest.raises(urllib.error.HTTPError) as e:
        urllib.request.urlopen(req, timeout=5)
    assert e.value.code == 403


def test_serve_stops_cleanly_on_sigint(seed_build):
    proc = start_serve(seed_build / "store", free_port())
    os.kill(proc.pid, signal.SIGINT)
    assert proc.wait(timeout=10) == 0
    assert "stopping the server" in proc.stdout.read()


def test_serve_stops_on_sigint_even_when_started_with_sigint_ignored(seed_build):
    """`kg serve &` from a script starts with SIGINT ignored; Ctrl-C (or kill -INT) must still stop it."""

    def ignore_sigint():
        signal.signal(signal.SIGINT, signal.SIG_IGN)

    proc = start_serve(seed_build / "store", free_port(), preexec_fn=ignore_sigint)
    os.kill(proc.pid, signal.SIGINT)
    assert proc.wait(timeout=10) == 0
    assert "stopping the server" in proc.stdout.read()


def test_a_runaway_query_is_stopped_by_the_server_timeout(seed_build):
    """Counting the graph's cross product takes minutes; `--timeout 1` makes the server cancel it (oxigraph
    cuts the 200 response short and says so at its end), and the server goes on answering."""
    port = free_port()
    proc = start_serve(seed_build / "store", port, "--timeout", "1")
    try:
        endpoint = f"http://127.0.0.1:{port}/query"
        runaway = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f }"
        t0 = time.monotonic()
        with pytest.raises(QueryError, match="cancelled the query"):
            run_remote(endpoint, runaway, timeout=60)
        assert time.monotonic() - t0 < 30
        assert run_remote(endpoint, "ASK { ?s ?p ?o }").boolean is True
    finally:
        os.kill(proc.pid, signal.SIGTERM)
        proc.wait(timeout=10)


def test_serve_refuses_a_missing_store(tmp_path):
    out = subprocess.run([KG, "serve", "--store", str(tmp_path / "nope")], capture_output=True, text=True, timeout=30)
    assert out.returncode != 0
    assert "no store at" in out.stderr and "kg build" in out.stderr


def test_serve_refuses_an_unbuilt_store(tmp_path):
    (tmp_path / "empty").mkdir()
    out = subprocess.run([KG, "serve", "--store", str(tmp_path / "empty")], capture_output=True, text=True, timeout=30)
    assert out.returncode != 0 and "not a built Oxigraph store" in out.stderr


def test_serve_refuses_a_port_in_use(seed_build):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        port = s.getsockname()[1]
        out = subprocess.run(
            [KG, "serve", "--store", str(seed_build / "store"), "--port", str(port)],
            capture_output=True,
            text=True,
            timeout=30,
        )
    assert out.returncode != 0 and f"port {port}" in out.stderr and "already in use" in out.stderr


# --- kg query --endpoint: failures of the remote side -------------------------------------------------


class _Handler(http.server.BaseHTTPRequestHandler):
    mode = "garbage"

    def do_POST(self):
        if self.mode == "slow":
            time.sleep(3)
        if self.mode == "error":
            self.send_response(500)
            self.end_headers()
            self.wfile.write(b"internal failure")
            return
        self.send_response(200)
        self.send_header("Content-Type", "application/sparql-results+json")
        self.end_headers()
        self.wfile.write(b"{ this is not json" if self.mode == "garbage" else b'{"results": 1}')

    def log_message(self, *args):
        pass


@pytest.fixture()
def fake_endpoint(request):
    handler = type("H", (_Handler,), {"mode": request.param})
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/sparql"
    httpd.shutdown()
    httpd.server_close()


def test_connection_refused_is_reported():
    with pytest.raises(QueryError, match="connection refused"):
        run_remote(f"http://127.0.0.1:{free_port()}/sparql", "SELECT * WHERE { ?s ?p ?o }", timeout=5)


@pytest.mark.parametrize("fake_endpoint", ["error"], indirect=True)
def test_an_http_error_is_reported_with_its_status(fake_endpoint):
    with pytest.raises(QueryError, match="HTTP 500"):
        run_remote(fake_endpoint, "SELECT * WHERE { ?s ?p ?o }", timeout=5)


@pytest.mark.parametrize("fake_endpoint", ["garbage", "nohead"], indirect=True)
def test_malformed_results_are_reported(fake_endpoint):
    with pytest.raises(QueryError, match="malformed"):
        run_remote(fake_endpoint, "SELECT * WHERE { ?s ?p ?o }", timeout=5)


@pytest.mark.parametrize("fake_endpoint", ["slow"], indirect=True)
def test_a_timeout_is_reported(fake_endpoint):
    with pytest.raises(QueryError, match="did not answer within 1 s"):
        run_remote(fake_endpoint, "SELECT * WHERE { ?s ?p ?o }", timeout=1)


def test_the_cli_reports_remote_failures_without_a_traceback():
    out = subprocess.run(
        [KG, "query", "cases", "--endpoint", f"http://127.0.0.1:{free_port()}/sparql", "--timeout", "3"],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert out.returncode != 0
    assert out.stderr.startswith("kg: error:") and "connection refused" in out.stderr
    assert "Traceback" not in out.stderr


def test_the_cli_rejects_a_wrong_type_and_an_unknown_parameter(seed_build):
    store = str(seed_build / "store")
    bad = subprocess.run(
        [KG, "query", "shared-mechanisms", "--store", store, "-p", "min=many"], capture_output=True, text=True
    )
    assert bad.returncode != 0 and "parameter 'min' expects an integer, got 'many'" in bad.stderr
    unknown = subprocess.run(
        [KG, "query", "shared-mechanisms", "--store", store, "-p", "max=3"], capture_output=True, text=True
    )
    assert unknown.returncode != 0 and "has no parameter 'max' (its parameters: min)" in unknown.stderr
