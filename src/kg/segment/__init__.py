"""Split a document into cases. One segmenter per known layout, plus a generic fallback.

``segment(doc)`` detects the layout, fills the document's title/issuer/date where the layout states them,
and returns the cases with character spans into ``doc.text``.
"""

from __future__ import annotations

from kg.model import Case, Document
from kg.segment import brief, compilation, generic, newspaper, reform_table

# Order matters: the most specific layout signature first.
_LAYOUTS = (
    ("reform_table", reform_table),
    ("brief", brief),
    ("newspaper", newspaper),
    ("compilation", compilation),
)


def detect_layout(text: str) -> str:
    """Name of the layout whose signature the text shows ("generic" if none)."""
    for name, module in _LAYOUTS:
        if module.matches(text):
            return name
    return "generic"


def segment(doc: Document) -> list[Case]:
    """Cases of ``doc``; falls back to the generic segmenter (with a warning) when a layout finds none."""
    layout = detect_layout(doc.text)
    module = dict(_LAYOUTS).get(layout, generic)
    cases = module.segment(doc)
    if not cases and module is not generic:
        doc.warnings.append(
            f"{doc.name}: looked like a {layout} document but no cases were found; fell back to the generic segmenter"
        )
        layout = "generic"
        cases = generic.segment(doc)
    doc.layout = layout
    return cases


__all__ = ["detect_layout", "segment"]
