"""The analysis and the similar-cases report read the graph through SPARQL only, so they give the same
results on a remote endpoint (`--endpoint`) as on the local store."""

from __future__ import annotations

import socket

import pytest

from kg.analysis.run import analyze
from kg.analysis.source import Source
from kg.report.run import similar_report

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def endpoint(seed_build):
    """`oxigraph serve-read-only` on the seed store, on a free loopback port."""
    from kg.serve import start, stop

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = start(seed_build / "store", port=port)
    yield f"http://127.0.0.1:{port}/query"
    stop(proc)


def test_the_analysis_through_a_remote_endpoint_equals_the_local_one(endpoint, seed_build):
    local, remote = analyze(Source(store=seed_build / "store")), analyze(Source(endpoint=endpoint))
    assert [(r.label, r.regions, r.cases) for r in remote.ranks] == [(r.label, r.regions, r.cases) for r in local.ranks]
    assert [c.members for c in remote.region_communities] == [c.members for c in local.region_communities]


def test_similar_cases_through_a_remote_endpoint_equal_the_local_ones(endpoint, seed_build, tmp_path):
    remote = similar_report(Source(endpoint=endpoint), "000-001", cache_dir=tmp_path)
    local = similar_report(Source(store=seed_build / "store"), "000-001")
    assert [(m.profile.case_id, m.score) for m in remote.matches] == [
        (m.profile.case_id, m.score) for m in local.matches
    ]
