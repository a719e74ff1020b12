"""A search hit's snippet is cut to a budget of terminal columns, not
characters: a Chinese or Japanese character takes two columns, and such text
has no spaces to cut at."""

from __future__ import annotations

import pytest
from rich.cells import cell_len

from newsread.search.columns import Columns
from newsread.search.matching import make_snippet

# Invented filler: a made-up sentence about a river town, repeated.
HAN = "河边小镇的居民每天早上去市场买菜然后回家做饭" * 12
KANA = "ちいさなまちのひとびとはあさにいちばへいきます" * 12


def marked(snippet) -> list[str]:
    return [snippet.text[s:e] for s, e in snippet.highlights]


@pytest.mark.parametrize("filler", [HAN, KANA])
def test_a_cjk_snippet_fits_the_column_budget_with_its_match(filler: str) -> None:
    word = "图书馆"
    text = filler + word + filler
    at = text.index(word)
    snippet = make_snippet("body", text, [(at, at + len(word))])
    # Two ellipses, one column each, around 160 columns of text (not 320).
    assert 150 <= cell_len(snippet.text) <= 162
    assert snippet.text.startswith("\u2026") and snippet.text.endswith("\u2026")
    assert marked(snippet) == [word]
    # The text shown is the field's own from ``offset`` (after the ellipsis).
    body = snippet.text[1:-1]
    assert text[snippet.offset : snippet.offset + len(body)] == body


def test_mixed_text_is_cut_at_a_space_when_one_is_near_and_keeps_every_match() -> None:
    text = (
        "The mayor opened the new 图书馆 on Friday " * 3
        + "and said the 图书馆 would stay open late "
        + "市民可以在晚上借书 readers can borrow books in the evening " * 4
    )
    matches = []
    start = 0
    while (at := text.find("图书馆", start)) >= 0:
        matches.append((at, at + 3))
        start = at + 3
    snippet = make_snippet("body", text, matches)
    assert cell_len(snippet.text) <= 162
    assert set(marked(snippet)) == {"图书馆"} and len(marked(snippet)) >= 2
    body = snippet.text.removeprefix("\u2026").removesuffix("\u2026")
    # Whole words: the cut falls where a space was, not inside "readers".
    assert text[snippet.offset + len(body)] == " "
    assert snippet.offset == 0 or text[snippet.offset - 1] == " "


def test_a_cjk_snippet_with_no_match_starts_the_text_and_fits() -> None:
    snippet = make_snippet("title", HAN, [])
    assert snippet.offset == 0 and snippet.highlights == []
    assert snippet.text == HAN[:80] + "\u2026"


def test_latin_snippets_keep_their_160_characters() -> None:
    text = "word " * 100
    snippet = make_snippet("body", text, [(250, 254)])
    assert marked(snippet) == ["word"]
    assert 150 <= len(snippet.text) <= 162


@pytest.mark.parametrize(
    "text",
    [
        "",
        "plain",
        "市长说 The",
        "é x\u0302 한국어 🎉 ｆｕｌｌ",
        "zero\u200bwidth",
        "カタカナ・ひらがな",
    ],
)
def test_columns_count_as_rich_does(text: str) -> None:
    cols = Columns(text)
    assert cols.total == cell_len(text)
    for offset in range(len(text) + 1):
        column = cols.column(offset)
        assert column == cell_len(text[:offset])
        assert cols.column(cols.last_within(column)) == column
        assert cols.first_from(column) <= offset <= cols.last_within(column)


def test_the_densest_match_is_the_first_of_the_passage_the_snippet_shows() -> None:
    from newsread.search import Term, densest_match, find_matches

    text = (
        "Ships came to port and went to sea. "
        + "Quiet days passed on the quay. " * 8
        + "A clerk asked not to be named."
    )
    terms = [Term((word,)) for word in ("not", "to", "be", "named")]
    matches = find_matches(text, terms)
    first = densest_match(text, matches)
    assert matches[first] == (text.index("not to"), text.index("not to") + 3)
    snippet = make_snippet("body", text, matches)
    assert snippet.offset <= matches[first][0]
    assert "not to be named" in snippet.text and "Ships" not in snippet.text
    assert densest_match(text, []) == 0
