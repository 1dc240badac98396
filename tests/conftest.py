"""Shared fixtures: the seed documents, segmented once per test session, and one seed build."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from kg.model import Document
from kg.paths import raw_dir

RAW = raw_dir()
SEEDS = {
    "brief3": "000_d3d2b23bbdabca64.txt",
    "brief7": "001_9759aca1b68797ff.txt",
    "newspaper": "002_c8f8e4b79e6b039e.txt",
    "compilation": "003_1001a0cc11561e98.txt",
    "reform": "004_fb53225e94c1d7b6.txt",
}


def seed_document(name: str) -> Document:
    """A seed document as the reader would produce it (UTF-8 text, read as is)."""
    path = RAW / name
    data = path.read_bytes()
    return Document(
        name=name,
        doc_id=name.split("_", 1)[0],
        text=data.decode("utf-8"),
        sha256=hashlib.sha256(data).hexdigest(),
        source_format="txt",
    )


@pytest.fixture(scope="session")
def segmented():
    """{key: (document, cases)} for the five seed documents."""
    from kg.segment import segment

    out = {}
    for key, name in SEEDS.items():
        doc = seed_document(name)
        out[key] = (doc, segment(doc))
    return out


@pytest.fixture(scope="session")
def seed_build(tmp_path_factory) -> Path:
    """One full build of data/raw into a temporary directory, shared by the tests that read it."""
    from kg.store.build import build

    out = tmp_path_factory.mktemp("build")
    build([RAW], out)
    return out
