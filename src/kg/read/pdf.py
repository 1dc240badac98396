"""PDF reader: the text layer, pages joined by a newline.

Policy PDFs are often scans. A scan has no text layer, and we do not do OCR, so such a file is refused with a
message that says so instead of producing an empty document. pypdf may put spaces between CJK glyphs or
break lines mid-sentence; the normaliser downstream removes both, so the text is kept as extracted.
"""

from __future__ import annotations

from io import BytesIO

from kg.errors import InputError
from kg.read.text import Extracted, normalize_newlines

# The PDF's ToUnicode maps give Unicode directly; there is no byte encoding to report.
PDF_ENCODING = "unicode"


def read_pdf(data: bytes, source: str) -> Extracted:
    """Text of every page; ``source`` names the file in messages.

    Raises InputError for a file pypdf cannot parse, a password-protected file, or one without text.
    """
    pages = _page_texts(data, source)
    if not pages:
        raise InputError(f"{source}: the PDF has no pages; expected a policy document with text")
    empty = [i + 1 for i, t in enumerate(pages) if not t.strip()]
    if len(empty) == len(pages):
        raise InputError(
            f"{source}: the PDF has no text layer (a scanned image?); OCR is not supported: expected a PDF "
            "with selectable text, or convert the document to .txt or .docx"
        )
    warnings: tuple[str, ...] = ()
    if empty:
        warnings = (
            f"{source}: page(s) {', '.join(map(str, empty))} of {len(pages)} have no text layer "
            "(scanned?); their text is missing",
        )
    return Extracted(normalize_newlines("\n".join(pages)), PDF_ENCODING, warnings)


def _page_texts(data: bytes, source: str) -> list[str]:
    from pypdf import PdfReader  # imported here so that reading .txt does not pay for it
    from pypdf.errors import FileNotDecryptedError, PyPdfError

    try:
        reader = PdfReader(BytesIO(data))
        if reader.is_encrypted:
            reader.decrypt("")  # many "protected" PDFs only restrict printing: the empty password opens them
        return [page.extract_text() or "" for page in reader.pages]
    except FileNotDecryptedError as exc:
        raise InputError(
            f"{source}: the PDF is password-protected; expected an unprotected PDF (remove the password)"
        ) from exc
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError) as exc:
        raise InputError(
            f"{source}: cannot be read as a PDF ({type(exc).__name__}: {exc}); expected a valid PDF file"
        ) from exc
