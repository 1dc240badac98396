"""TF-IDF vectors over tokens, with IDF estimated from the corpus of cases (no external statistics).

Weights: sublinear term frequency ``1 + ln(tf)`` times ``idf = ln(N / df)``, vectors L2-normalised, so the
dot product of two vectors is their cosine. Terms in every document get idf 0 and drop out by themselves.
Sparse vectors are plain dicts: the corpus is a few hundred cases, a matrix library would not pay.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Iterable, Sequence

Vector = dict[str, float]


def document_frequencies(docs: Iterable[Iterable[str]]) -> tuple[Counter[str], int]:
    df: Counter[str] = Counter()
    n = 0
    for tokens in docs:
        df.update(set(tokens))
        n += 1
    return df, n


def idf_table(df: Counter[str], n: int) -> dict[str, float]:
    """ln(N / df) for every term (0 for a term in every document)."""
    return {t: math.log(n / c) for t, c in df.items() if c > 0}


def weigh(counts: dict[str, float], idf: dict[str, float]) -> Vector:
    """An L2-normalised vector from ``term → count`` (sublinear tf × idf; unknown terms dropped)."""
    v = {t: (1.0 + math.log(c)) * idf[t] for t, c in counts.items() if c > 0 and idf.get(t, 0.0) > 0}
    return normalise(v)


def vectorize(tokens: Sequence[str], idf: dict[str, float]) -> Vector:
    return weigh(Counter(tokens), idf)


def normalise(v: Vector) -> Vector:
    norm = math.sqrt(sum(x * x for x in v.values()))
    return {t: x / norm for t, x in v.items()} if norm else {}


def cosine(a: Vector, b: Vector) -> float:
    """Dot product of two normalised vectors (iterating over the smaller one)."""
    if len(a) > len(b):
        a, b = b, a
    return sum(x * b[t] for t, x in a.items() if t in b)


def shared_terms(a: Vector, b: Vector, k: int = 8) -> list[tuple[str, float]]:
    """The terms that contribute most to cos(a, b), best first."""
    if len(a) > len(b):
        a, b = b, a
    contrib = [(t, x * b[t]) for t, x in a.items() if t in b]
    return sorted(contrib, key=lambda p: (-p[1], p[0]))[:k]


def soft_dot(a: Vector, b: Vector, similarity: Callable[[str, str], float]) -> float:
    """Σ_ij a_i b_j sim(i, j): the dot product when different terms may be partly alike (soft cosine,
    Sidorov et al. 2014); with sim(i, j) = [i = j] it is the ordinary dot product."""
    return sum(x * y * similarity(i, j) for i, x in a.items() for j, y in b.items())


def soft_normalise(v: Vector, similarity: Callable[[str, str], float]) -> Vector:
    """``v`` scaled so that soft_dot(v, v) = 1; the soft cosine of two such vectors is then their soft_dot."""
    norm = math.sqrt(max(soft_dot(v, v, similarity), 0.0))
    return {t: x / norm for t, x in v.items()} if norm else {}
