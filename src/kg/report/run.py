"""``similar_report``: resolve a query, rank, explain — what ``kg similar`` prints."""

from __future__ import annotations

from pathlib import Path

from kg.analysis.source import Source
from kg.report.explain import explain
from kg.report.profiles import Corpus, load_corpus
from kg.report.render import SimilarReport
from kg.report.similar import rank, resolve


def similar_report(
    source: Source,
    query: str,
    *,
    top: int = 5,
    as_text: bool = False,
    include_plans: bool = False,
    cache_dir: Path | None = None,
    corpus: Corpus | None = None,
) -> SimilarReport:
    """The ``top`` cases most similar to ``query`` (case id, doc#ordinal, title fragment or free text), each
    with its reasons. The corpus is loaded from the on-disk cache when possible (see kg.report.profiles)."""
    corpus = corpus or load_corpus(source, cache_dir=cache_dir)
    q = resolve(corpus, query, as_text=as_text)
    matches = rank(corpus, q, top=top, include_plans=include_plans)
    for m in matches:
        m.reasons = explain(corpus, q, m)
    return SimilarReport(corpus, q, matches)
