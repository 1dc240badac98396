"""Records passed along the pipeline: documents, case spans, and the evidence behind facts.

Offsets are always character offsets into ``Document.text`` (the decoded original text), so that any
fact can be traced back to the exact characters it came from.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Document:
    """A decoded input document."""

    name: str  # file name, e.g. 003_1001a0cc11561e98.txt (the contract's ``doc``)
    doc_id: str  # short id used in IRIs, e.g. 003
    text: str
    sha256: str
    source_format: str  # txt | docx | pdf
    encoding: str = "utf-8"
    layout: str = "generic"  # brief | newspaper | compilation | reform_table | generic
    title: str | None = None
    issuer: str | None = None
    date: str | None = None  # YYYY-MM-DD or YYYY-MM
    warnings: list[str] = field(default_factory=list)


@dataclass
class Case:
    """One practice case: a set of text spans of a document plus what the layout tells us about it."""

    doc: Document
    ordinal: int  # 1-based position in the document (the contract's ``ordinal``)
    title: str
    title_span: tuple[int, int]
    parts: list[tuple[int, int]]  # the case text: spans of doc.text, captions/headers cut out
    number: str | None = None  # the number the document prints, e.g. "9" (starred kept apart)
    starred: bool = False
    category: str | None = None
    region_hint: str | None = None  # a place prefix given by the layout (TOC "台州椒江区："), raw text
    fields: dict[str, tuple[int, int]] = field(default_factory=dict)  # reform table columns → span

    @property
    def case_id(self) -> str:
        """Stable id ``<doc_id>-<ordinal:03d>`` used in IRIs and on the command line."""
        return f"{self.doc.doc_id}-{self.ordinal:03d}"

    @property
    def start(self) -> int:
        return min(s for s, _ in self.parts) if self.parts else self.title_span[0]

    @property
    def end(self) -> int:
        return max(e for _, e in self.parts) if self.parts else self.title_span[1]

    def text_parts(self) -> list[tuple[int, str]]:
        """(offset, text) for each part: extractors run on these and add the offset back."""
        return [(s, self.doc.text[s:e]) for s, e in self.parts]

    def plain_text(self) -> str:
        """The case text with excluded spans dropped (for similarity and display, not for offsets)."""
        return "\n".join(t for _, t in self.text_parts())

    def field_text(self, name: str) -> str | None:
        span = self.fields.get(name)
        return self.doc.text[span[0] : span[1]] if span else None


@dataclass(frozen=True)
class Evidence:
    """A quoted span of a document: the sentence a fact was read from."""

    doc_id: str
    start: int
    end: int
    quote: str


@dataclass(frozen=True)
class Jurisdiction:
    """The administrative context of a case: used to resolve 县民政局 → 三门县民政局.

    ``county`` and ``city`` are official names (三门县, 台州市); any may be None when unknown.
    """

    province: str = "浙江省"
    city: str | None = None
    county: str | None = None
    adcode: str | None = None  # adcode of the most specific known unit
