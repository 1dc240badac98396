"""The query cookbook (docs/queries.md) shows what the queries really return on the seed build.

When extraction or a query changes its output, this fails until `scripts/update_cookbook.py` is re-run.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def cookbook():
    spec = importlib.util.spec_from_file_location("update_cookbook", ROOT / "scripts" / "update_cookbook.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_cookbook_example_shows_the_current_output(cookbook, seed_build):
    text = cookbook.COOKBOOK.read_text(encoding="utf-8")
    assert len(cookbook.EXAMPLE.findall(text)) >= 19  # one example per analyst query
    assert cookbook.render(text, seed_build / "store") == text, "run scripts/update_cookbook.py"


def test_an_example_longer_than_its_excerpt_ends_with_an_ellipsis(cookbook):
    assert cookbook.excerpt("h\n-\na\nb\nc\n", "h\n-\na\n…") == "h\n-\na\n…"


def test_a_hand_picked_graph_excerpt_stays_while_its_lines_are_in_the_output(cookbook):
    assert cookbook.excerpt("@prefix x: <y> .\nb\na\nc\n", "a\nc\n…", graph=True) == "a\nc\n…"
    assert cookbook.excerpt("@prefix x: <y> .\nb\nd\n", "a\n…", graph=True) == "b\n…"
