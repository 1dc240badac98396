"""Clauses of Chinese prose, read on text whose line breaks were removed (shared by endorsements, recognitions).

A clause runs between top-level clause marks (，。；：…) or removed line breaks; marks inside quotes, book-title
marks or brackets do not end it (批示“勇于创新、成效明显” is one clause). Both extractors cut their evidence
and their look-ahead windows at clause ends, so they share one definition of where a clause starts and ends.
"""

from __future__ import annotations

from dataclasses import dataclass

# Closed grammatical sets (not knowledge): clause punctuation and paired brackets.
CLAUSE_END = "，。；！？：,;!?:"
BRACKETS = {"“": "”", "《": "》", "（": "）", "「": "」", "‘": "’", "(": ")"}
_CLOSERS = frozenset(BRACKETS.values())


@dataclass(frozen=True)
class JoinedText:
    """The text with line breaks removed (so a term broken over two lines still matches) and an offset map."""

    text: str
    pos: tuple[int, ...]  # original offset of each character of ``text``
    breaks: tuple[int, ...]  # sorted positions in ``text`` where a sentence ends (punctuation or a removed break)
    break_set: frozenset[int]  # the same, for membership tests


def clause_start(view: JoinedText, i: int) -> int:
    """Start of the clause holding ``i``: after the previous top-level clause mark, or a removed line break."""
    text, depth, s = view.text, 0, i
    while s > 0:
        ch = text[s - 1]
        if ch in _CLOSERS:
            depth += 1
        elif ch in BRACKETS and depth:
            depth -= 1
        elif depth == 0 and (ch in CLAUSE_END or s in view.break_set):
            break
        s -= 1
    return s


def clause_end(view: JoinedText, i: int) -> int:
    """End (exclusive) of the clause holding ``i``: the next top-level clause mark or removed line break."""
    text, depth, e = view.text, 0, i
    while e < len(text):
        ch = text[e]
        if ch in BRACKETS:
            depth += 1
        elif ch in _CLOSERS and depth:
            depth -= 1
        elif depth == 0 and (ch in CLAUSE_END or (e in view.break_set and e > i)):
            break
        e += 1
    return e
