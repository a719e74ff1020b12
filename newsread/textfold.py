"""What a letter is without its case and accents, the one rule for search
(the index's words, a query's, the tag picker's matching) and title order.

Kept out of the ``newsread.search`` package so that the library's first
screen can order titles without loading the query parser.

Chinese, Japanese and Korean characters are never folded: NFD would take the
voicing mark off a kana (が is not か) and cut a Hangul syllable into its
letters, and FTS5's unicode61 keeps them whole too. So a word is first cut
into its CJK runs and the rest (``split_runs``).
"""

from __future__ import annotations

import re
import unicodedata

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
RUN = re.compile(f"{CHAR}+")


def has_cjk(text: str) -> bool:
    return not text.isascii() and _ANY.search(text) is not None


def is_cjk(char: str) -> bool:
    return RUN.fullmatch(char) is not None


def split_runs(word: str) -> list[tuple[str, bool]]:
    """A word (letters and digits) cut at every change between CJK and other
    scripts: (part, whether it is a CJK run)."""
    parts: list[tuple[str, bool]] = []
    at = 0
    for m in RUN.finditer(word):
        if m.start() > at:
            parts.append((word[at : m.start()], False))
        parts.append((m.group(), True))
        at = m.end()
    if at < len(word):
        parts.append((word[at:], False))
    return parts


def _fold_accents(word: str) -> str:
    decomposed = unicodedata.normalize("NFD", word)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def fold(word: str) -> str:
    """Lower case without accents: ``Zürich`` -> ``zurich``; CJK characters
    stay as they are."""
    if word.isascii():
        return word.lower()
    if not has_cjk(word):
        return _fold_accents(word)
    return "".join(part if cjk else _fold_accents(part) for part, cjk in split_runs(word))
