"""Read input documents (.txt, .docx, .pdf) into ``Document`` records.

The text a reader returns is the reference for every offset in the graph, so readers change as little as
possible: a .txt file is only decoded and its line endings unified; .docx and .pdf are turned into text in a
fixed, documented layout. Every problem a user can fix (wrong format, empty file, scan without text,
unknown encoding) is an ``InputError`` naming the file, the problem, and what was expected.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from pathlib import Path

from kg.errors import InputError
from kg.model import Document
from kg.read.docx import read_docx
from kg.read.pdf import read_pdf
from kg.read.text import Extracted, read_txt

_READERS: dict[str, Callable[[bytes, str], Extracted]] = {
    ".txt": read_txt,
    ".docx": read_docx,
    ".pdf": read_pdf,
}
SUPPORTED_SUFFIXES = frozenset(_READERS)

_NUMBERED_NAME = re.compile(r"^(\d+)_")
# Letters and digits (ASCII), CJK ideographs (basic, extension A, compatibility, extensions B+), - and _.
_NOT_ID_CHAR = re.compile(r"[^A-Za-z0-9\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f_-]")


def doc_id_for(name: str) -> str:
    """Short document id used in IRIs: ``003_1001a0cc11561e98.txt`` → ``003``.

    File names that start with digits and ``_`` follow the seed convention (number, then a content hash);
    the number alone is stable and readable. Any other name gives its stem, with characters that would be
    awkward in an IRI or a prefixed name (spaces, dots, slashes, punctuation) replaced by ``_``.
    """
    m = _NUMBERED_NAME.match(name)
    if m:
        return m.group(1)
    return _NOT_ID_CHAR.sub("_", Path(name).stem)


def read_document(path: Path) -> Document:
    """Read one document file; raises InputError when it cannot be used as a policy document."""
    path = Path(path)
    source = str(path)
    reader = _reader_for(path)
    data = _read_bytes(path)
    if not data.strip():
        raise InputError(f"{source}: the file is empty; expected a policy document with text")
    extracted = reader(data, source)
    if not extracted.text.strip():
        raise InputError(f"{source}: the file is empty; expected a policy document with text")
    return Document(
        name=path.name,
        doc_id=doc_id_for(path.name),
        text=extracted.text,
        sha256=hashlib.sha256(data).hexdigest(),
        source_format=path.suffix.lower().lstrip("."),
        encoding=extracted.encoding,
        warnings=list(extracted.warnings),
    )


def _reader_for(path: Path) -> Callable[[bytes, str], Extracted]:
    if not path.exists():
        raise InputError(f"{path}: no such file; expected a document ({_supported()})")
    if path.is_dir():
        raise InputError(f"{path}: is a directory; expected a document file ({_supported()})")
    reader = _READERS.get(path.suffix.lower())
    if reader is None:
        found = f"'{path.suffix}'" if path.suffix else "no extension"
        raise InputError(
            f"{path}: unsupported file type ({found}); supported: {_supported()} "
            "(convert other formats, e.g. a Word .doc, to one of these)"
        )
    return reader


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot be read ({exc.strerror or exc}); expected a readable file") from exc


def _supported() -> str:
    return ", ".join(sorted(SUPPORTED_SUFFIXES))


__all__ = ["SUPPORTED_SUFFIXES", "doc_id_for", "read_document"]
