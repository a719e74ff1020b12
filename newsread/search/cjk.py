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
Which characters are CJK, and that split, are newsread.textfold's, which
folding a word needs too.
"""

from __future__ import annotations

import re

from newsread.textfold import RUN, has_cjk


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
    return RUN.sub(_spaced, text)
