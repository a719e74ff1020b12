"""Cheap unit spans of a body (paragraphs, words, rough sentences) as offsets."""

from __future__ import annotations

import re

# A comma between digits stays inside the word: "1,800" is one number, as
# "3.5" is, so that w steps over it in one press and agreement counts one token.
_WORD = re.compile(r"\w(?:[\w'’.-]|(?<=\d),(?=\d))*\w|\w", re.UNICODE)
_ROUGH_SENTENCE = re.compile(r"[^.!?\n]+(?:[.!?]+[\"'”’)]*|$)")


def paragraph_spans(body: str) -> list[tuple[int, int]]:
    """Non-blank lines, trimmed: the body keeps one paragraph per line."""
    spans = []
    pos = 0
    for raw in body.split("\n"):
        stripped = raw.strip()
        if stripped:
            lead = len(raw) - len(raw.lstrip())
            spans.append((pos + lead, pos + lead + len(stripped)))
        pos += len(raw) + 1
    return spans


def word_spans(body: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _WORD.finditer(body)]


def rough_sentences(body: str) -> list[tuple[int, int]]:
    """A punctuation-based split, used only until (or if) spaCy cannot run."""
    spans = []
    for start, end in paragraph_spans(body):
        for match in _ROUGH_SENTENCE.finditer(body, start, end):
            s, e = match.start(), match.end()
            while s < e and body[s].isspace():
                s += 1
            while e > s and body[e - 1].isspace():
                e -= 1
            if e > s:
                spans.append((s, e))
    return spans


def without_spaces(body: str, span: tuple[int, int]) -> tuple[int, int]:
    """``span`` without the spaces around it (a selection dragged one too far)."""
    start, end = span
    while start < end and body[start].isspace():
        start += 1
    while end > start and body[end - 1].isspace():
        end -= 1
    return start, end
