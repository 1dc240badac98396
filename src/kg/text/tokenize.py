"""Word tokens for text similarity: jieba segmentation, then a filter that keeps content-bearing words.

Two tokenizers, so that a similar-cases query stays fast:

- ``CorpusTokenizer`` — jieba with its full dictionary plus the project's own terms (mechanism names,
  target groups) as user words, so 山海协作 or 消薄飞地 stay one token. Loading jieba's dictionary takes
  about a second, which is paid once, when the corpus index is built (and then cached on disk).
- ``VocabularyTokenizer`` — jieba with a dictionary made of the corpus vocabulary and its counts only.
  It loads in about 0.1 s and segments a query into the same words the corpus index knows; words outside
  the corpus have no IDF weight anyway, so nothing is lost for scoring.

The filter drops what carries no topic: single characters, numbers and punctuation. Common words (工作,
推进 …) are not listed anywhere: their IDF, computed from the corpus, makes them weigh little.

``expand_compounds`` adds, for a word of three or more characters, the shorter words inside it that the
corpus also uses on their own (道德信贷 → 道德, 信贷; 整村授信 → 整村, 授信), as search engines index Chinese
compounds (jieba's "search mode" does the same against its dictionary). Local brand names are compounds of
ordinary words, and without this a description that says 信贷 would share nothing with a case that only
says 道德信贷.
"""

from __future__ import annotations

import logging
import re
import sys
from collections import Counter
from collections.abc import Container, Iterable
from pathlib import Path

_HAS_CJK = re.compile(r"[\u3400-\u9fff]")
_NUMERIC = re.compile(r"^[\d.,%％〇零一二三四五六七八九十百千万亿两几]+[个项次年月日号]?$")
_ASCII_WORD = re.compile(r"^[A-Za-z][A-Za-z0-9+\-]{1,}$")


def keep(token: str) -> bool:
    """True for a token worth indexing: two or more characters, Chinese or a Latin word, not a number."""
    t = token.strip()
    if len(t) < 2 or _NUMERIC.match(t):
        return False
    return bool(_HAS_CJK.search(t) or _ASCII_WORD.match(t))


def expand_compounds(tokens: Iterable[str], known: Container[str]) -> list[str]:
    """``tokens`` plus, after each word of ≥ 3 characters, every shorter word (≥ 2 characters) inside it that
    is in ``known`` (the corpus's own words), once per occurrence of the compound."""
    out: list[str] = []
    for t in tokens:
        out.append(t)
        n = len(t)
        if n < 3:
            continue
        out.extend(t[i : i + k] for k in range(2, n) for i in range(n - k + 1) if t[i : i + k] in known)
    return out


def _quiet_jieba():
    """jieba, imported without ``pkg_resources``: jieba only uses it to locate its own data files and falls
    back to a plain path when it is missing, while importing it costs ≈ 0.1 s of the ≈ 0.5 s budget of a
    similar-cases query. The block is lifted again right after the import."""
    if "jieba" not in sys.modules and "pkg_resources" not in sys.modules:
        sys.modules["pkg_resources"] = None  # type: ignore[assignment]  # makes `import pkg_resources` fail
        try:
            import jieba
        finally:
            del sys.modules["pkg_resources"]
    import jieba

    jieba.setLogLevel(logging.WARNING)
    return jieba


class CorpusTokenizer:
    """Full jieba plus the project's terms as user words (each kept whole)."""

    def __init__(self, user_words: Iterable[str] = ()) -> None:
        jieba = _quiet_jieba()
        self._tk = jieba.Tokenizer()
        self._tk.initialize()
        for w in sorted({w.strip() for w in user_words if len(w.strip()) >= 2 and " " not in w}):
            self._tk.add_word(w, freq=max(self._tk.suggest_freq(w), 10))

    def raw(self, text: str) -> list[str]:
        """Every jieba token, unfiltered (used to build the vocabulary dictionary)."""
        return self._tk.lcut(text, HMM=True)

    def tokens(self, text: str) -> list[str]:
        return [t for t in self.raw(text) if keep(t)]


class VocabularyTokenizer:
    """jieba over a dictionary of the corpus vocabulary (``word count`` lines in ``path``)."""

    def __init__(self, path: Path) -> None:
        jieba = _quiet_jieba()
        self._tk = jieba.Tokenizer(dictionary=str(path))
        self._tk.tmp_dir = str(path.parent)  # jieba's prefix cache goes next to the dictionary
        self._tk.initialize()

    def tokens(self, text: str) -> list[str]:
        return [t for t in self._tk.lcut(text, HMM=False) if keep(t)]


def write_vocabulary(counts: Counter[str], path: Path) -> Path:
    """Write a jieba dictionary (``word count`` per line) of every token seen in the corpus."""
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = [f"{w} {n}\n" for w, n in sorted(counts.items()) if w.strip() and not any(c.isspace() for c in w)]
    path.write_text("".join(lines), encoding="utf-8")
    return path
