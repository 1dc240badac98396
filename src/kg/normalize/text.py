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


def _simplify_char(ch: str) -> str:
    return _t2s_chars().get(ch, ch)


def _needs_t2s(text: str) -> bool:
    """True when the text holds a Traditional-only character (a set test: no conversion of the text)."""
    table = _t2s_chars()
    return any(ch in table for ch in set(text))


def normalize(text: str, *, traditional: bool | None = None) -> NormalizedText:
    """Normalise ``text`` (see module docstring) and return it with its offset map."""
    if traditional is None:
        traditional = _needs_t2s(text) if text else False
    chars: list[str] = []
    orig: list[int] = []

    # 1. character-level substitutions and deletions
    skip_until = -1
    gloss_spans = {
        m.start(): m.end() for m in _PINYIN_GLOSS.finditer(text) if m.start() > 0 and is_cjk(text[m.start() - 1])
    }
    n = len(text)
    i = 0
    while i < n:
        if i in gloss_spans:
            i = gloss_spans[i]
            continue
        ch = text[i]
        if i < skip_until:
            i += 1
            continue
        if ch in _FOOTNOTE_MARKS or ch == "\ufeff" or ch == "\u200b":
            i += 1
            continue
        if ch == "\r":
            i += 1
            continue
        code = ord(ch)
        if 0xFF01 <= code <= 0xFF5E and ch not in "，：；（）！？":
            ch = chr(code - 0xFEE0)  # full-width ASCII → half-width (digits, letters, %, +, ...)
        elif ch == "\u3000":
            ch = " "
        elif ch in _HALF_TO_FULL_PUNCT:
            prev = text[i - 1] if i > 0 else ""
            nxt = text[i + 1] if i + 1 < n else ""
            between_digits = prev.isdigit() and nxt.isdigit()
            if not between_digits and (is_cjk(prev) or is_cjk(nxt)):
                ch = _HALF_TO_FULL_PUNCT[ch]
        if traditional:
            ch = _simplify_char(ch)
        chars.append(ch)
        orig.append(i)
        i += 1

    # 2. whitespace: drop spaces next to Chinese, join lines broken inside a sentence
    out_c: list[str] = []
    out_o: list[int] = []
    m = len(chars)
    j = 0
    line_start = 0  # index in out_c where the current line starts
    while j < m:
        ch = chars[j]
        if ch in " \t":
            prev = out_c[-1] if out_c else ""
            k = j
            while k < m and chars[k] in " \t":
                k += 1
            nxt = chars[k] if k < m else ""
            if not prev or prev == "\n" or nxt in ("", "\n") or is_cjk(prev) or is_cjk(nxt):
                j = k
                continue
            out_c.append(" ")
            out_o.append(orig[j])
            j = k
            continue
        if ch == "\n":
            k = j
            while k < m and chars[k] in " \t\n":
                k += 1
            line = "".join(out_c[line_start:])
            prev = line.rstrip()[-1:] if line.strip() else ""
            nxt = chars[k] if k < m else ""
            next_line = "".join(chars[k : k + 12])
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
                j = k  # a break inside a sentence: join
                continue
            if out_c and out_c[-1] != "\n":
                out_c.append("\n")
                out_o.append(orig[j])
            line_start = len(out_c)
            j = k
            continue
        out_c.append(ch)
        out_o.append(orig[j])
        j += 1
    return NormalizedText("".join(out_c), tuple(out_o), len(text))


def nfkc_key(s: str) -> str:
    """A comparison key for short labels (titles, names): NFKC, no whitespace."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", s))
