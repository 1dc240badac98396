"""Plain-text reader: file bytes → Unicode text, or an error a user can act on.

Policy documents arrive as UTF-8 from most tools, but Chinese office software still saves GB18030/GBK
(mainland) or Big5 (Taiwan, Hong Kong) text. Rather than refuse those, we detect the encoding and say so in a
warning, so the user can fix the file once. Decoding is the only change made here apart from line endings:
every later offset points into the text this module returns.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass

from kg.errors import InputError

# Legacy encodings worth trying when a file is not UTF-8. Restricting detection to these keeps short
# Chinese files from being "detected" as UTF-16 or Korean, and makes real binary data fail cleanly.
CHINESE_ENCODINGS = ("gb18030", "big5")

# Byte-order marks that make the encoding certain. UTF-32 LE must come before UTF-16 LE (same prefix).
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


@dataclass(frozen=True)
class Extracted:
    """What a format reader hands back: the document text and how it was obtained."""

    text: str
    encoding: str
    warnings: tuple[str, ...] = ()


def normalize_newlines(text: str) -> str:
    """CRLF and lone CR become LF, so that line-based segmenters see one convention."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read_txt(data: bytes, source: str) -> Extracted:
    """Decode a text file: UTF-8 (a BOM is stripped), else a detected Chinese encoding with a warning.

    ``source`` names the file in messages. Raises InputError for binary or undecodable data.
    """
    if data.startswith(codecs.BOM_UTF8):
        return Extracted(normalize_newlines(_strict_utf8(data[len(codecs.BOM_UTF8) :], source)), "utf-8-sig")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _decode_with_bom(data[len(bom) :], encoding, source)
    if b"\x00" in data:
        raise InputError(
            f"{source}: looks binary/undecodable (it contains NUL bytes); expected a text file "
            "in UTF-8 (or GB18030/Big5)"
        )
    try:
        return Extracted(normalize_newlines(data.decode("utf-8")), "utf-8")
    except UnicodeDecodeError as exc:
        return _decode_legacy(data, source, exc)


def _strict_utf8(data: bytes, source: str) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{source}: looks binary/undecodable: it starts with a UTF-8 byte-order mark but byte "
            f"{exc.start + len(codecs.BOM_UTF8)} is not valid UTF-8; expected a UTF-8 text file"
        ) from exc


def _decode_with_bom(data: bytes, encoding: str, source: str) -> Extracted:
    """UTF-16/32 with a BOM is unambiguous text (Windows "Unicode" files): read it, but ask for UTF-8."""
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{source}: looks binary/undecodable: it starts with a {encoding} byte-order mark but is not "
            f"valid {encoding} at byte {exc.start}; expected a UTF-8 text file"
        ) from exc
    warning = f"{source}: decoded as {encoding}; save as UTF-8 to silence this"
    return Extracted(normalize_newlines(text), encoding, (warning,))


def _decode_legacy(data: bytes, source: str, utf8_error: UnicodeDecodeError) -> Extracted:
    """Detect GB18030/Big5 with charset-normalizer; anything else is reported as undecodable."""
    encoding = detect_chinese_encoding(data)
    if encoding is None:
        raise InputError(
            f"{source}: looks binary/undecodable: byte {utf8_error.start} is not valid UTF-8 "
            f"({utf8_error.reason}) and the file "
            f"does not decode as {' or '.join(CHINESE_ENCODINGS)} either; expected a text file in UTF-8"
        ) from utf8_error
    text = data.decode(encoding)
    warning = f"{source}: decoded as {encoding}; save as UTF-8 to silence this"
    return Extracted(normalize_newlines(text), encoding, (warning,))


def detect_chinese_encoding(data: bytes) -> str | None:
    """The Chinese legacy encoding ``data`` is written in (gb18030 or big5), or None if neither fits.

    GBK and GB2312 answers are widened to GB18030, their superset, so rare characters still decode.
    """
    from charset_normalizer import from_bytes  # imported here: only non-UTF-8 files pay for it

    best = from_bytes(data, cp_isolation=list(CHINESE_ENCODINGS)).best()
    if best is None:
        return None
    name = best.encoding.replace("_", "").lower()
    encoding = "gb18030" if name in {"gb18030", "gbk", "gb2312"} else best.encoding
    try:
        data.decode(encoding)
    except UnicodeDecodeError:
        return None
    return encoding
