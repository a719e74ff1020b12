"""Where a quote found on changed words begins and ends, by its words.

A fuzzy match is placed by character similarity, which prefers dropping a
changed word at a quote's edge to covering its replacement ("48 million
pounds" become "52 million pounds": " million pounds" costs two deletions,
"52 million pounds" four substitutions). So the old quote and its stored
context are aligned with the new text word by word, and each edge of the
quote is put where its first (last) word went: on that word when it is kept,
on the words that replaced it when it was changed, on the next kept word when
it was deleted. The edges then never fall inside a word or on white space.

An edge the user did not put on a word's edge (a selection starting inside a
word or on a space) is left where the similarity put it: the words cannot
say where such an edge goes.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher

# Words, and each punctuation mark on its own: "said:" is the word and the
# colon, so a changed colon is a changed token rather than a changed word. A
# mark between word characters stays inside the word ("9.5", "1,800",
# "don't", "long-serving"): "9" become "9.5" is one changed word, not three.
_TOKEN = re.compile(r"\w+(?:[.,'’-]\w+)*|[^\w\s]")

Token = tuple[int, int, str]


def _tokens(text: str, offset: int = 0) -> list[Token]:
    return [(m.start() + offset, m.end() + offset, m.group()) for m in _TOKEN.finditer(text)]


def word_edges(
    body: str, start: int, end: int, exact: str, prefix: str, suffix: str
) -> tuple[int, int] | None:
    """``(start, end)``, a rough place of ``exact`` in ``body``, moved to the
    words that align with the quote's first and last words; None when every
    word of the quote is gone (nothing is left to place it on).

    ``prefix`` and ``suffix`` (the stored context, possibly empty) tie the
    quote's edges down: a changed first word is covered up to where the
    words before it match the prefix. Without context a changed edge word is
    matched one for one with the words next to the rough place.
    """
    old_text = prefix + exact + suffix
    q0, q1 = len(prefix), len(prefix) + len(exact)
    old = _tokens(old_text)
    first = next((i for i, t in enumerate(old) if t[0] == q0), None)
    last = next((i for i, t in enumerate(old) if t[1] == q1), None)
    if first is None and last is None:
        return start, end

    # The new text around the rough place, reaching as far as the context
    # could have moved; widened to whole words so none is cut at its edges.
    pad = 8
    lo = max(0, start - len(prefix) - pad)
    hi = min(len(body), end + len(suffix) + pad)
    while lo > 0 and _is_word(body[lo - 1]) and _is_word(body[lo]):
        lo -= 1
    while hi < len(body) and _is_word(body[hi - 1]) and _is_word(body[hi]):
        hi += 1
    new = _tokens(body[lo:hi], lo)
    if not new:
        return None
    ops = SequenceMatcher(None, [t[2] for t in old], [t[2] for t in new], autojunk=False)
    opcodes = [op for op in ops.get_opcodes() if op[1] < op[2]]  # inserts hold no old word

    new_start, new_end = start, end
    if first is not None:
        j = _start_index(opcodes, first, old, new, start)
        if j >= len(new):
            return None
        new_start = new[j][0]
    if last is not None:
        j = _end_index(opcodes, last + 1, old, new, end)
        if j <= 0:
            return None
        new_end = new[j - 1][1]
    if new_end <= new_start:
        return None
    return new_start, new_end


def _is_word(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


def _start_index(
    opcodes: list[tuple[str, int, int, int, int]],
    b: int,
    old: list[Token],
    new: list[Token],
    rough: int,
) -> int:
    """The new token the old token ``b`` (the quote's first) maps to."""
    for tag, i1, i2, j1, j2 in opcodes:
        if not i1 <= b < i2:
            continue
        if tag == "equal":
            return j1 + (b - i1)
        if i1 == 0 and i2 < len(old):
            # Nothing before it to tie it down: as many new words as old ones
            # are counted back from the first word that matched.
            return max(j1, j2 - (i2 - b))
        if b == i1 and i1 > 0:
            # Its first word was changed or deleted: the replacement is the
            # quote's, up to the kept word before it; marks put before the
            # new word are not, when the quote began on a word.
            j = j1
            while j < j2 - 1 and _is_mark(new[j]) and not _is_mark(old[b]):
                j += 1
            return j
        # The change runs from the context into the quote, or nothing at all
        # matched: where the rough place began, on a word's start.
        return min(range(j1, j2 + 1), key=lambda j: abs(_start_of(new, j) - rough))
    return len(new)


def _end_index(
    opcodes: list[tuple[str, int, int, int, int]],
    b: int,
    old: list[Token],
    new: list[Token],
    rough: int,
) -> int:
    """How many new tokens lie before the quote's end, the old boundary ``b``
    (after the quote's last token) mapped onto the new text."""
    n_old = len(old)
    for tag, i1, i2, j1, j2 in opcodes:
        if not i1 < b <= i2:
            continue
        if tag == "equal":
            return j1 + (b - i1)
        if i2 == n_old and i1 > 0:
            return min(j2, j1 + (b - i1))
        if b == i2 and i2 < n_old:
            # As at the start: a comma put after a changed last word is not
            # the quote's when it ended on a word.
            j = j2
            while j > j1 + 1 and _is_mark(new[j - 1]) and not _is_mark(old[b - 1]):
                j -= 1
            return j
        return min(range(j1, j2 + 1), key=lambda j: abs(_end_of(new, j) - rough))
    return 0


def _is_mark(token: Token) -> bool:
    return not _is_word(token[2][0])


def _start_of(new: list[Token], j: int) -> int:
    return new[j][0] if j < len(new) else new[-1][1]


def _end_of(new: list[Token], j: int) -> int:
    return new[j - 1][1] if j > 0 else new[0][0]


def cut_edge(body: str, start: int, end: int, first_tagged: str) -> str | None:
    """How the span ``body[start:end]``, placed by similarity on words that
    replaced ``first_tagged``, has an edge off its words ("starts on white
    space", "ends inside a word"); None when both edges are sound.

    An edge is only named when the words first tagged did not have it so: a
    selection the user began inside a word ("illion pounds") keeps that edge
    through a move and is theirs, not a fault.
    """
    if not 0 <= start < end <= len(body) or not first_tagged:
        return None
    quote = body[start:end]
    old, now = _tokens(first_tagged), _tokens(quote)
    if quote[0].isspace() and not first_tagged[0].isspace():
        return "starts on white space"
    if quote[-1].isspace() and not first_tagged[-1].isspace():
        return "ends on white space"
    inside_start = start > 0 and _is_word(body[start - 1]) and _is_word(body[start])
    if inside_start and old and now and old[0][2] != now[0][2]:
        return "starts inside a word"
    inside_end = end < len(body) and _is_word(body[end - 1]) and _is_word(body[end])
    if inside_end and old and now and old[-1][2] != now[-1][2]:
        return "ends inside a word"
    return None


def whole_words(
    body: str,
    start: int,
    end: int,
    exact: str,
    prefix: str,
    suffix: str,
    began_text: bool = False,
    ended_text: bool = False,
) -> tuple[int, int]:
    """``(start, end)``, an exact occurrence of ``exact`` in ``body``, widened
    to the edges of the words it now lies in ("48 million euros" found in
    "148 million euros", "Monday" in "Mondays"): the quote glued into a
    longer word is a change of its words, which the user must see, not a tag
    kept on part of a word. An edge the user put inside a word (judged on the
    stored context, ``prefix + exact + suffix``) stays where it is, and so
    does one whose side has no context, unless the quote began (``began_text``)
    or ended (``ended_text``) the old text: with no context and no such
    knowledge nothing says the edge was on a word's edge."""
    old_text = prefix + exact + suffix
    q0, q1 = len(prefix), len(prefix) + len(exact)
    if (prefix or began_text) and _inside_token(old_text, q0) is None:
        token = _inside_token(body, start)
        if token is not None:
            start = token[0]
    if (suffix or ended_text) and _inside_token(old_text, q1) is None:
        token = _inside_token(body, end)
        if token is not None:
            end = token[1]
    return start, end


def _inside_token(text: str, at: int) -> Token | None:
    """The token of ``text`` that ``at`` falls strictly inside, if any.

    Only the run of non-space characters around ``at`` is tokenised: tokens
    never hold white space, so the run splits as the whole text would.
    """
    if not 0 < at < len(text) or text[at - 1].isspace() or text[at].isspace():
        return None
    lo, hi = at, at
    while lo > 0 and not text[lo - 1].isspace():
        lo -= 1
    while hi < len(text) and not text[hi].isspace():
        hi += 1
    for token in _tokens(text[lo:hi], lo):
        if token[0] < at < token[1]:
            return token
    return None
