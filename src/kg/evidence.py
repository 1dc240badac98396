"""Evidence: the sentence of the original document that a fact was read from."""

from __future__ import annotations

from kg.model import Document, Evidence

_END = "。！？；!?;"
_MAX = 400


def sentence_span(text: str, start: int, end: int, *, lo: int = 0, hi: int | None = None) -> tuple[int, int]:
    """The sentence around text[start:end], bounded by [lo, hi): from after the previous sentence end
    (or blank line) to the next sentence end (inclusive) or blank line; at most about 400 characters."""
    hi = len(text) if hi is None else hi
    s = start
    while s > lo and text[s - 1] not in _END and not (text[s - 1] == "\n" and s - 2 >= lo and text[s - 2] == "\n"):
        if start - s > _MAX:
            break
        s -= 1
    e = end
    while (
        e < hi and text[e - 1 : e] not in tuple(_END) and not (text[e] == "\n" and e + 1 < hi and text[e + 1] == "\n")
    ):
        if e - end > _MAX:
            break
        e += 1
    while s < start and text[s].isspace():
        s += 1
    while e > end and text[e - 1].isspace():
        e -= 1
    return s, max(e, end)


def evidence_for(doc: Document, start: int, end: int, *, part: tuple[int, int] | None = None) -> Evidence:
    lo, hi = part if part else (0, len(doc.text))
    s, e = sentence_span(doc.text, start, end, lo=lo, hi=hi)
    return Evidence(doc.doc_id, s, e, doc.text[s:e])
