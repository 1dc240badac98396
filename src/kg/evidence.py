"""Evidence: the sentence of the original document that a fact was read from."""

from __future__ import annotations

from kg.model import Document, Evidence

_END = "。！？；!?;"
_MAX = 400


def sentence_span(text: str, start: int, end: int, *, lo: int = 0, hi: int | None = None) -> tuple[int, int]:
    """The sentence around text[start:end], bounded by [lo, hi): from after the previous sentence end
    (or blank line) to the next sentence end (inclusive) or blank line; at most about 400 characters.

    The boundaries are found with str.find/rfind over the 400-character windows (C speed), not by walking
    character by character: the build calls this for every fact."""
    hi = len(text) if hi is None else hi
    s = start
    if start > lo:
        w = max(lo, start - _MAX - 2)
        found = max(text.rfind(c, w, start) for c in _END)  # a sentence end before the span
        blank = text.rfind("\n\n", w, start)  # a blank line before the span
        s = max(lo, start - _MAX - 1, found + 1, blank + 2 if blank >= 0 else lo)
    e = end
    if end < hi:
        w = min(hi, end + _MAX + 1)
        ends = [i for c in _END if (i := text.find(c, max(end - 1, 0), w)) >= 0]
        blank = text.find("\n\n", end, w + 1)
        e = min(w, min(ends) + 1 if ends else w, blank if blank >= 0 and blank + 1 < hi else w)
    while s < start and text[s].isspace():
        s += 1
    while e > end and text[e - 1].isspace():
        e -= 1
    return s, max(e, end)


def evidence_for(doc: Document, start: int, end: int, *, part: tuple[int, int] | None = None) -> Evidence:
    lo, hi = part if part else (0, len(doc.text))
    s, e = sentence_span(doc.text, start, end, lo=lo, hi=hi)
    return Evidence(doc.doc_id, s, e, doc.text[s:e])
