"""Chinese, Japanese and Korean text as the search index cuts it: into
overlapping pairs of characters.

These scripts write a sentence without spaces between its words, so FTS5's
unicode61 tokenizer would take everything between two punctuation marks as
one word, found only whole. Without a dictionary to find the words, each run
of CJK characters is indexed as its overlapping bigrams, as Lucene's
CJKBigramFilter does (市长说 -> 市长 长说); a query's run is cut the same way,
and its bigrams must stand next to each other, in order (a phrase).

A run is also followed by its last character alone (市长说 -> 市长 长说 说): a
query of one character is a prefix (桥 matches 桥将 and 桥), which finds
every place of the character but the end of a run without it; and a phrase
going from a CJK run on into other words ("说 The") matches only where the
run ends too, as the text's own run does.

Script changes split words: 市长说The is 市长说 and The, as a reader sees it.
"""

from __future__ import annotations

import re

#: Han ideographs (with 々 〆 〇 and the Hangzhou numerals), hiragana,
#: katakana (with ー, without the ・ that separates words), halfwidth
#: katakana, and Hangul syllables; letters and numbers only, so a run is
#: always inside one of unicode61's words.
_RANGES = (
    "\u3005-\u3007\u3021-\u3029\u3031-\u3035\u303b\u303c"
    "\u3041-\u3096\u309d-\u309f\u30a1-\u30fa\u30fc-\u30ff\u31f0-\u31ff"
    "\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7a3\uf900-\ufaff\uff66-\uff9f"
    "\U00020000-\U0003134f"
)
#: One character of a run (the look-ahead leaves out unassigned code points
#: of the blocks, which are no word characters to either tokenizer).
CHAR = f"(?:(?=[^\\W_])[{_RANGES}])"
_ANY = re.compile(f"[{_RANGES}]")
_RUN = re.compile(f"{CHAR}+")


def has_cjk(text: str) -> bool:
    return not text.isascii() and _ANY.search(text) is not None


def is_cjk(char: str) -> bool:
    return _RUN.fullmatch(char) is not None


def split_runs(word: str) -> list[tuple[str, bool]]:
    """A word (letters and digits) cut at every change between CJK and other
    scripts: (part, whether it is a CJK run)."""
    parts: list[tuple[str, bool]] = []
    at = 0
    for m in _RUN.finditer(word):
        if m.start() > at:
            parts.append((word[at : m.start()], False))
        parts.append((m.group(), True))
        at = m.end()
    if at < len(word):
        parts.append((word[at:], False))
    return parts


def run_tokens(run: str, closed: bool) -> list[str]:
    """The tokens of a CJK run: its bigrams, then its last character when the
    run is known to end there (``closed``; always in indexed text, in a query
    when more words follow) or is one character long."""
    tokens = [run[i : i + 2] for i in range(len(run) - 1)]
    if closed or len(run) == 1:
        tokens.append(run[-1])
    return tokens


def _spaced(m: re.Match[str]) -> str:
    return " " + " ".join(run_tokens(m.group(), closed=True)) + " "


def index_text(text: str) -> str:
    """``text`` as it is given to FTS5: each CJK run replaced by its tokens
    between spaces, everything else as it is (unicode61 then cuts it as it
    always did)."""
    if not has_cjk(text):
        return text
    return _RUN.sub(_spaced, text)
