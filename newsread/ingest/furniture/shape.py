"""The shape of a line: its words, whether it ends a sentence, reads as prose or as a title."""

from __future__ import annotations

import re

# ---------------------------------------------------------------- shape helpers

_WORD = re.compile(r"\w[\w'’.&-]*")
# Sentence-final punctuation, optionally followed by closing quotes/brackets.
_FINAL = re.compile(r"[.!?…:;][\"'”’)\]]*$")
# A full stop after a lower-case letter or digit, before a capital: a sentence
# end, not "U.S. officials" or "Inc. shares".
_SENTENCE_END = re.compile(r"[a-z0-9%][.!?][\"'”’)\]]*(?:\s+[\"'“‘(]?[A-Z0-9]|$)")


# Chinese and Japanese write no spaces between words: count two characters as
# a word there, which is about their average word length.
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")
_CJK_END = re.compile(r"[。！？][」』”）)]*$|[。！？].{2,}[。！？]")


def word_count(text: str) -> int:
    cjk = len(_CJK.findall(text))
    if not cjk:
        return len(_WORD.findall(text))
    return len(_WORD.findall(_CJK.sub(" ", text))) + cjk // 2


# Emoji, pictographs and their joiners after the last sentence: "See you soon! 🙂".
_TRAILING_EMOJI = re.compile(r"[\s\U0001F000-\U0001FAFF\u2600-\u27BF\u2B00-\u2BFF\uFE0F\u200D]+$")


def ends_sentence(line: str) -> bool:
    return bool(_FINAL.search(_TRAILING_EMOJI.sub("", line)))


def is_prose(line: str) -> bool:
    """A line that reads as running text rather than a label.

    Either a sentence (ends with sentence punctuation and has a handful of
    words) or a long line containing at least one sentence end: flattened
    paragraphs sometimes end in a caption or trailer without a full stop.
    """
    words = word_count(line)
    if words >= 5 and ends_sentence(line) and not line.rstrip().endswith(":"):
        return True
    if words >= 8 and _CJK_END.search(line.rstrip()):
        return True
    return words >= 15 and bool(_SENTENCE_END.search(line))
