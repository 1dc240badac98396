"""``kg eval-similar``: nDCG@5 and precision@5 of the similar-cases ranking against graded judgments, next
to a text-only TF-IDF baseline.

Judgments (tests/data/dev-gold/similar.json): ``case_queries`` (``query`` = "<doc>#<ordinal>") and
``text_queries`` (``text``), each with ``judged`` cases ``{"case": "<doc>#<ordinal>", "rel": 0-3}``;
unlisted cases count as 0.

- nDCG@k: DCG = Σ_{i≤k} rel_i / log2(i + 1) (linear gain), divided by the DCG of the ideal ordering of
  all judged cases for the query.
- P@k: the share of the top k with rel ≥ 2 ("closely related" or better counts as relevant).
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path

from kg.errors import KgError
from kg.report.profiles import Corpus
from kg.report.similar import Query, case_query, rank, rank_text_only, text_query

K = 5
RELEVANT = 2


@dataclass(frozen=True)
class QueryScore:
    query: str
    kind: str  # case | text
    ndcg: float
    precision: float
    baseline_ndcg: float
    baseline_precision: float
    ranked: tuple[str, ...]  # doc#ordinal of the top k
    baseline_ranked: tuple[str, ...]


def dcg(gains: list[float]) -> float:
    return sum(g / math.log2(i + 2) for i, g in enumerate(gains))


def ndcg_at(ranked: list[str], rel: dict[str, int], k: int = K) -> float:
    ideal = dcg(sorted(rel.values(), reverse=True)[:k])
    return dcg([rel.get(c, 0) for c in ranked[:k]]) / ideal if ideal else 0.0


def precision_at(ranked: list[str], rel: dict[str, int], k: int = K, threshold: int = RELEVANT) -> float:
    return sum(1 for c in ranked[:k] if rel.get(c, 0) >= threshold) / k


def _key(doc: str | None, ordinal: int) -> str:
    return f"{doc}#{ordinal}"


def load_judgments(path: Path) -> dict:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise KgError(f"{path}: no such judgments file") from None
    except json.JSONDecodeError as e:
        raise KgError(f"{path} is not valid JSON: {e}") from None
    if not isinstance(data, dict) or not ({"case_queries", "text_queries"} & set(data)):
        raise KgError(f"{path}: expected an object with case_queries and/or text_queries")
    return data


def _query_for(corpus: Corpus, entry: dict, kind: str) -> Query:
    if kind == "text":
        return text_query(corpus, entry["text"])
    doc, _, ordinal = entry["query"].rpartition("#")
    p = corpus.by_doc_ordinal(doc, int(ordinal))
    if p is None:
        raise KgError(f"judged query case {entry['query']} is not in the graph")
    return case_query(corpus, p)


def evaluate(corpus: Corpus, judgments: dict, *, k: int = K) -> list[QueryScore]:
    out: list[QueryScore] = []
    for kind, section in (("case", "case_queries"), ("text", "text_queries")):
        for entry in judgments.get(section, []):
            rel = {j["case"]: int(j["rel"]) for j in entry["judged"]}
            q = _query_for(corpus, entry, kind)
            ranked = [_key(m.profile.doc, m.profile.ordinal) for m in rank(corpus, q, top=k)]
            base = [_key(m.profile.doc, m.profile.ordinal) for m in rank_text_only(corpus, q, top=k)]
            out.append(
                QueryScore(
                    entry.get("id") or entry.get("query") or "",
                    kind,
                    ndcg_at(ranked, rel, k),
                    precision_at(ranked, rel, k),
                    ndcg_at(base, rel, k),
                    precision_at(base, rel, k),
                    tuple(ranked),
                    tuple(base),
                )
            )
    return out


def summary(scores: list[QueryScore]) -> dict[str, dict[str, float]]:
    """Means per query kind and overall: {kind: {ndcg, precision, baseline_ndcg, baseline_precision, n}}."""
    out: dict[str, dict[str, float]] = {}
    for kind in ("case", "text", "all"):
        rows = [s for s in scores if kind in ("all", s.kind)]
        if not rows:
            continue
        n = len(rows)
        out[kind] = {
            "n": n,
            "ndcg": sum(s.ndcg for s in rows) / n,
            "precision": sum(s.precision for s in rows) / n,
            "baseline_ndcg": sum(s.baseline_ndcg for s in rows) / n,
            "baseline_precision": sum(s.baseline_precision for s in rows) / n,
        }
    return out


def format_scores(scores: list[QueryScore], k: int = K) -> str:
    """A side-by-side table: per query, then the means."""
    lines = [
        f"nDCG@{k} (linear gain) and P@{k} (relevant = rel ≥ {RELEVANT}); baseline = text-only TF-IDF",
        "",
        f"{'query':<32} {'kind':<5} {'nDCG':>6} {'base':>6}   {'P':>5} {'base':>5}",
    ]
    for s in scores:
        lines.append(
            f"{s.query[:32]:<32} {s.kind:<5} {s.ndcg:6.3f} {s.baseline_ndcg:6.3f}   "
            f"{s.precision:5.2f} {s.baseline_precision:5.2f}"
        )
    lines.append("")
    for kind, m in summary(scores).items():
        lines.append(
            f"{'mean ' + kind + ' (' + str(int(m['n'])) + ')':<32} {'':<5} {m['ndcg']:6.3f} "
            f"{m['baseline_ndcg']:6.3f}   {m['precision']:5.2f} {m['baseline_precision']:5.2f}"
        )
    return "\n".join(lines) + "\n"
