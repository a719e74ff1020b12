"""Fast paths in the rules give what the plain loops gave.

``find_quotes`` jumps between the characters it acts on instead of reading
every one; ``_known_mentions`` passes over tokens no country or demonym can
start at. Each is checked against the plain loop it replaced, kept here as
the reference, on texts generated from the characters that matter.
"""

from __future__ import annotations

import random

import pytest

from newsread.analysis import quote_marks as qm
from newsread.analysis.quote_marks import find_quotes
from newsread.analysis.records import Quote
from tests.analysis_helpers import claims_scored_by


def _reference_find_quotes(text: str) -> list[Quote]:
    """``find_quotes`` as it was: one step per character."""
    quotes: list[Quote] = []
    open_at: int | None = None
    kind = ""
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch == "'" and text.startswith("''", i):
            if open_at is None and qm._opens(text, i) and i + 2 < n and not text[i + 2].isspace():
                open_at, kind = i + 1, "a"
                i += 2
                continue
            if open_at is not None and kind == "a" and qm._closes(text, i + 1):
                quotes.append(Quote(open_at, i + 1))
                open_at = None
                i += 2
                continue
        if open_at is None:
            if (
                ch == qm._OPEN_DOUBLE
                or (ch == '"' and qm._opens(text, i))
                or qm._misturned(text, i)
            ):
                open_at, kind = i, "d"
            elif ch == qm._OPEN_SINGLE or (
                ch == "'" and qm._opens(text, i) and not qm._ELISION.match(text, i)
            ):
                open_at, kind = i, "s"
        elif ch == "\n":
            reopen_marks = {"d": '\u201c"', "s": "\u2018'", "a": "'"}[kind]
            j = qm._next_paragraph_reopens(text, i, reopen_marks)
            if j is None or (kind == "a" and not text.startswith("''", j)):
                open_at = None
            else:
                i = j + 1 if kind == "a" else j
        elif ch in (qm._CLOSE_DOUBLE, '"', qm._CLOSE_SINGLE, "'") and qm._closes_kind(
            text, i, kind
        ):
            quotes.append(Quote(open_at, i + 1))
            open_at = None
        i += 1
    return quotes


_PIECES = [
    "a",
    "Bo",
    "80s",
    "til",
    " ",
    "  ",
    "\n",
    "\n\n",
    "\t",
    "\xa0",
    "(",
    "-",
    ".",
    ",",
    "'",
    "''",
    '"',
    "\u201c",
    "\u201d",
    "\u2018",
    "\u2019",
]


@pytest.mark.parametrize("seed", range(40))
def test_find_quotes_equals_the_character_loop(seed: int) -> None:
    rng = random.Random(seed)
    for _ in range(200):
        text = "".join(rng.choice(_PIECES) for _ in range(rng.randint(0, 40)))
        assert find_quotes(text) == _reference_find_quotes(text), repr(text)


def test_find_quotes_on_news_shapes() -> None:
    text = (
        "\u201cWe will build it,\u201d she said. 'Not now,' he said.\n"
        "\u201cThe first part.\n\n\u201cThe second part,\u201d she said.\n"
        "''We will,'' she said. In the early '80s, rockers' songs didn't sell."
    )
    assert find_quotes(text) == _reference_find_quotes(text)
    assert len(find_quotes(text)) == 4


def _reference_known_mentions(doc, names, others, caps):
    """``_known_mentions`` as it was: every length tried at every token."""
    from newsread.analysis.entities.lexicon import COUNTRIES, DEMONYMS
    from newsread.analysis.entities.mentions import Mention, covered

    n = len(doc)
    taken = covered(n, names, others)
    texts = [t.text for t in doc]
    lowers = [t.lower_ for t in doc]
    capital = [t[:1].isupper() and any(ch.isalpha() for ch in t) for t in texts]

    def free_capital(i: int) -> bool:
        return not taken[i] and capital[i]

    def glued(i: int, end: int) -> bool:
        before = i > 0 and texts[i - 1] in {"-", "–"} and not doc[i - 1].whitespace_
        after = end < n and texts[end] in {"-", "–"} and not doc[end - 1].whitespace_
        return before or after

    added = []
    i = 0
    while i < n:
        found = None
        for length in (3, 2, 1):
            end = i + length
            if end > n or not all(free_capital(j) for j in range(i, end)):
                continue
            key = " ".join(lowers[i:end])
            label = "GPE" if key in COUNTRIES else "NORP" if key in DEMONYMS else None
            if label is None or glued(i, end):
                continue
            if not caps[i] and (
                (i > 0 and free_capital(i - 1) and not doc[i - 1].is_sent_start)
                or (end < n and free_capital(end))
            ):
                continue
            found = Mention(i, end, label)
            break
        if found is not None:
            added.append(found)
            i = found.end
        else:
            i += 1
    return names + added if added else names


def _random_doc(rng: random.Random, vocab, pool: list[str], most: int, starts: bool = False):
    """A Doc of 1 to ``most`` words drawn from ``pool``, most followed by a
    space; with ``starts``, a random sentence start now and then."""
    from spacy.tokens import Doc

    n = rng.randint(1, most)
    words = [rng.choice(pool) for _ in range(n)]
    spaces = [rng.random() < 0.8 for _ in range(n)]
    if not starts:
        return Doc(vocab, words=words, spaces=spaces)
    sent_starts = [True] + [rng.random() < 0.2 for _ in range(n - 1)]
    return Doc(vocab, words=words, spaces=spaces, sent_starts=sent_starts)


_WORDS = ["France", "South", "Korea", "Korean", "Swiss", "Re", "Irish", "Times", "New"]
_WORDS += ["Zealand", "Papua", "Guinea", "the", "said", "-", ".", "FRANCE", "Ana"]


@pytest.mark.parametrize("seed", range(20))
def test_known_mentions_equal_the_plain_loop(seed: int) -> None:
    spacy = pytest.importorskip("spacy")

    from newsread.analysis.entities.known import _known_mentions
    from newsread.analysis.entities.mentions import Mention

    vocab = spacy.blank("en").vocab
    rng = random.Random(seed)
    for _ in range(30):
        doc = _random_doc(rng, vocab, _WORDS, 25, starts=True)
        n, words = len(doc), [t.text for t in doc]
        s = rng.randrange(n)
        names = [Mention(s, min(n, s + rng.randint(1, 2)), "ORG")] if rng.random() < 0.5 else []
        caps = bytearray(rng.random() < 0.2 for _ in range(n))
        got = _known_mentions(doc, list(names), [], caps)
        assert got == _reference_known_mentions(doc, list(names), [], caps), words


def _claims_with_counted_scores(pipeline, text: str):
    scored: list[str] = []

    def score(sentence: str, span) -> float:
        scored.append(sentence)
        return 0.9

    return claims_scored_by(pipeline, text, score), scored


def test_a_sentence_two_claims_share_is_scored_once(pipeline) -> None:
    # Two attributions in one sentence: both are scored on the whole sentence.
    text = (
        "The mayor said the bridge will cost 40 million dollars, "
        "and the council said taxes rose 4 percent."
    )
    claims, scored = _claims_with_counted_scores(pipeline, text)
    assert len(claims) >= 2
    assert {c.score for c in claims} == {0.9}
    assert len(scored) == len(set(scored)) == 1


def test_sentences_are_still_cut_after_a_clock_time(pipeline) -> None:
    from newsread.analysis.run import sentence_spans

    text = (
        "The hall closes after 9 p.m. Visitor numbers fell by a third. It opens at 9 a.m. Tuesday."
    )
    doc = pipeline.nlp(text)
    got = [text[s:e] for s, e in sentence_spans(doc)]
    assert "Visitor numbers fell by a third." in got
    assert not any(t.startswith("Tuesday") for t in got)


def _reference_all_caps_tokens(doc) -> bytearray:
    """``_find_all_caps_tokens`` as it was: every word's Token, then ``is_upper``."""
    tokens = list(doc)
    flags = bytearray(len(doc))
    line: list[int] = []

    def close() -> None:
        words = [tokens[k] for k in line if any(ch.isalpha() for ch in tokens[k].text)]
        if len(words) >= 2 and all(w.is_upper for w in words):
            for k in line:
                flags[k] = 1
        line.clear()

    for tok in tokens:
        if "\n" in tok.text:
            close()
            continue
        line.append(tok.i)
        if "\n" in tok.whitespace_:
            close()
    close()
    return flags


# Capitals, lower case, title case (ǅ), letters without case (北), numbers,
# marks and words of both, so each branch of the line test is met.
_CAPS_WORDS = ["MAYOR", "SAYS", "Mayor", "says", "U.S.", "A", "I", "5", "1996-08-31", "-"]
_CAPS_WORDS += ["(UPI)", "ÉTÉ", "été", "ǅemal", "北京", "3RD", "x2", "\n", "\n\n", ":"]


@pytest.mark.parametrize("seed", range(20))
def test_all_caps_lines_equal_the_token_loop(seed: int) -> None:
    spacy = pytest.importorskip("spacy")

    from newsread.analysis.entities.consistency import _find_all_caps_tokens

    vocab = spacy.blank("en").vocab
    rng = random.Random(seed)
    for _ in range(40):
        doc = _random_doc(rng, vocab, _CAPS_WORDS, 20)
        words = [t.text for t in doc]
        assert _find_all_caps_tokens(doc) == _reference_all_caps_tokens(doc), words


def _reference_heading_lines(doc, names) -> set[int]:
    """``_heading_lines`` as it was: every token's Token, its line searched in the text."""
    from collections import defaultdict

    from newsread.analysis.entities.spans import _LIST_MARKS, _line_of

    in_name = bytearray(len(doc))
    for m in names:
        in_name[m.start : m.end] = b"\x01" * (m.end - m.start)
    lines: dict[int, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    text = doc.text
    for tok in doc:
        word = tok.text
        if word in _LIST_MARKS or tok.like_num:
            lines[_line_of(text, tok.idx)[0]][3] += 1
            continue
        if len(word) < 4 or not word[0].isalpha():
            continue
        counts = lines[_line_of(text, tok.idx)[0]]
        if word[0].isupper():
            counts[0] += 1
            if not in_name[tok.i] and not tok.is_upper:
                counts[2] += 1
        else:
            counts[1] += 1
    return {
        start
        for start, (caps, lower, outside, marks) in lines.items()
        if caps + lower >= 3 and caps >= 0.9 * (caps + lower) and outside >= 2 and marks <= 1
    }


_HEADING_WORDS = ["Budget", "Hawks", "Slam", "Harlow", "Over", "Transit", "Plan", "BUDGET"]
_HEADING_WORDS += ["says", "council", "of", "2", "48.34", "twelve", ",", "(", "\n", "\n\n"]
_HEADING_WORDS += ["Ǆemal", "Ärzte", "ärzte", "北京市政府", "-"]


@pytest.mark.parametrize("seed", range(20))
def test_heading_lines_equal_the_token_loop(seed: int) -> None:
    spacy = pytest.importorskip("spacy")

    from newsread.analysis.entities.mentions import Mention
    from newsread.analysis.entities.spans import _heading_lines

    vocab = spacy.blank("en").vocab
    rng = random.Random(seed)
    for _ in range(40):
        doc = _random_doc(rng, vocab, _HEADING_WORDS, 30)
        n, words = len(doc), [t.text for t in doc]
        s = rng.randrange(n)
        names = [Mention(s, min(n, s + rng.randint(1, 3)), "ORG")] if rng.random() < 0.5 else []
        assert _heading_lines(doc, names) == _reference_heading_lines(doc, names), words
