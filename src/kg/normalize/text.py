"""Normalise Chinese policy text for matching, keeping every character's original offset.

Extractors match on the normalised text; facts are stored with offsets into the original text. Every
change here is a deletion or a one-to-one substitution, so ``to_orig[i]`` (the original offset of the
i-th normalised character) is all that is needed to map a span back.

What changes, and why:
- Traditional characters → Simplified (OpenCC ``t2s``, character by character), so lexicons written in
  Simplified match 河頭鎮 as 河头镇.
- Full-width ASCII forms (Ａ１０％) → half-width; half-width Chinese punctuation (, : ; ( ) ! ?) next to
  Chinese text → full-width, so a rule written with ，matches the newspaper's ``,``.
- Line breaks inside a sentence (page or column breaks, "云\\n认购") are removed; a break after sentence-final
  punctuation or after a heading-like short line is kept as a single newline.
- Spaces next to Chinese characters ("2020 年", "70 余家") are removed.
- Inline pinyin glosses such as ``(zhèn)`` and footnote markers (¹ ²) are removed.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

_SENTENCE_END = set("。！？；!?;…")
_HALF_TO_FULL_PUNCT = {",": "，", ":": "：", ";": "；", "(": "（", ")": "）", "!": "！", "?": "？"}
_FOOTNOTE_MARKS = set("¹²³⁴⁵⁶⁷⁸⁹⁰")
_PINYIN_GLOSS = re.compile(r"[(（][a-zA-Zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹ]{1,12}[)）]")
_HEADING = re.compile(
    r"^\s*(?:[一二三四五六七八九十]+、|\d+[.、．]|（[一二三四五六七八九十]+）|第[一二三四五六七八九十]+)"
)


def is_cjk(ch: str) -> bool:
    """True for CJK ideographs and CJK/full-width punctuation (False for the empty string at a text edge)."""
    if len(ch) != 1:
        return False
    o = ord(ch)
    return (
        0x4E00 <= o <= 0x9FFF
        or 0x3400 <= o <= 0x4DBF
        or 0x3000 <= o <= 0x303F
        or 0xFF00 <= o <= 0xFFEF
        or 0x2018 <= o <= 0x201F
        or 0xF900 <= o <= 0xFAFF
    )


@dataclass(frozen=True)
class NormalizedText:
    """Normalised text plus, for each of its characters, the offset of the original character."""

    text: str
    to_orig: tuple[int, ...]
    orig_len: int

    def orig_span(self, start: int, end: int) -> tuple[int, int]:
        """Map a half-open span of the normalised text to the original text."""
        if start >= len(self.to_orig):
            return self.orig_len, self.orig_len
        if end <= start:
            o = self.to_orig[start]
            return o, o
        return self.to_orig[start], self.to_orig[end - 1] + 1


@lru_cache(maxsize=1)
def _t2s_chars() -> dict[str, str]:
    """OpenCC's Traditional → Simplified character table (first candidate of each entry)."""
    from pathlib import Path

    import opencc

    table: dict[str, str] = {}
    path = Path(opencc.__file__).parent / "dictionary" / "TSCharacters.txt"
    for line in path.read_text(encoding="utf-8").splitlines():
        trad, _, simp = line.partition("\t")
        simp = simp.split(" ")[0] if simp else ""
        if len(trad) == 1 and len(simp) == 1 and trad != simp:
            table[trad] = simp
    return table


@lru_cache(maxsize=1)
def _t2s_table() -> dict[int, str]:
    """The same table for ``str.translate``."""
    return {ord(t): s for t, s in _t2s_chars().items()}


def _needs_t2s(text: str) -> bool:
    """True when the text holds a Traditional-only character (a set test: no conversion of the text)."""
    return not _t2s_chars().keys().isdisjoint(text)


# Every character step 1 may drop or change; any other character passes through as it is, so step 1 copies
# the runs between them whole instead of looking at each character.
_STEP1_SPECIAL = re.compile(
    "["
    + "".join(re.escape(c) for c in (*_FOOTNOTE_MARKS, "\ufeff", "\u200b", "\r", "\u3000", *_HALF_TO_FULL_PUNCT))
    + "\uff01-\uff5e]"
)
_STEP2_SPACE = re.compile(r"\n[ \t\n]*|[ \t]+")  # step 2 looks only at these runs of white space
_FULL_PUNCT_KEPT = "，：；（）！？"


def _step1_char(text: str, i: int, n: int) -> str | None:
    """What step 1 makes of the special character text[i] (None: dropped)."""
    ch = text[i]
    if ch in _FOOTNOTE_MARKS or ch in "\ufeff\u200b\r":
        return None
    code = ord(ch)
    if 0xFF01 <= code <= 0xFF5E and ch not in _FULL_PUNCT_KEPT:
        return chr(code - 0xFEE0)  # full-width ASCII → half-width (digits, letters, %, +, ...)
    if ch == "\u3000":
        return " "
    if ch in _HALF_TO_FULL_PUNCT:
        prev = text[i - 1] if i > 0 else ""
        nxt = text[i + 1] if i + 1 < n else ""
        between_digits = prev.isdecimal() and nxt.isdecimal()
        if not between_digits and (is_cjk(prev) or is_cjk(nxt)):
            return _HALF_TO_FULL_PUNCT[ch]
    return ch


def normalize(text: str, *, traditional: bool | None = None) -> NormalizedText:
    """Normalise ``text`` (see module docstring) and return it with its offset map."""
    if traditional is None:
        traditional = _needs_t2s(text) if text else False
    n = len(text)

    # 1. character-level substitutions and deletions (pinyin glosses after a Chinese character go whole)
    skips = [
        (m.start(), m.end(), 0) for m in _PINYIN_GLOSS.finditer(text) if m.start() > 0 and is_cjk(text[m.start() - 1])
    ]
    # a gloss sorts before the special character it starts with (its bracket), so the bracket goes with it
    events = sorted(
        skips + [(m.start(), m.end(), 1) for m in _STEP1_SPECIAL.finditer(text)], key=lambda e: (e[0], e[2])
    )
    pieces: list[str] = []
    orig: list[int] = []
    pos = 0
    for a, b, kind in events:
        if a < pos:
            continue  # inside a gloss already skipped
        if a > pos:
            pieces.append(text[pos:a])
            orig.extend(range(pos, a))
        pos = b
        if kind == 1:
            ch = _step1_char(text, a, n)
            if ch is not None:
                pieces.append(ch)
                orig.append(a)
    if pos < n:
        pieces.append(text[pos:])
        orig.extend(range(pos, n))
    chars = "".join(pieces)
    if traditional:
        chars = chars.translate(_t2s_table())

    # 2. whitespace: drop spaces next to Chinese, join lines broken inside a sentence
    out: list[str] = []  # pieces of the output
    out_o: list[int] = []
    last = ""  # the last character output so far
    line_start = 0  # index in ``out`` where the current line starts
    m = len(chars)
    pos = 0
    for run in _STEP2_SPACE.finditer(chars):
        j, k = run.span()
        if j > pos:
            out.append(chars[pos:j])
            out_o.extend(orig[pos:j])
            last = chars[j - 1]
        pos = k
        nxt = chars[k] if k < m else ""
        if chars[j] != "\n":
            if not last or last == "\n" or nxt in ("", "\n") or is_cjk(last) or is_cjk(nxt):
                continue
            out.append(" ")
            out_o.append(orig[j])
            last = " "
            continue
        line = "".join(out[line_start:])
        prev = line.rstrip()[-1:] if line.strip() else ""
        next_line = chars[k : k + 12]
        heading_like = bool(_HEADING.match(line)) or bool(_HEADING.match(next_line))
        wrapped = "。" in line or len(line.strip()) >= 30
        if (
            prev
            and nxt
            and prev not in _SENTENCE_END
            and not heading_like
            and wrapped
            and (is_cjk(nxt) or nxt.isalnum())
        ):
            continue  # a break inside a sentence: join
        if out and last != "\n":
            out.append("\n")
            out_o.append(orig[j])
            last = "\n"
        line_start = len(out)
    if pos < m:
        out.append(chars[pos:])
        out_o.extend(orig[pos:])
    return NormalizedText("".join(out), tuple(out_o), n)


def nfkc_key(s: str) -> str:
    """A comparison key for short labels (titles, names): NFKC, no whitespace."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", s))
