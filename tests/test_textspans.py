"""Word units (w and b in the reader, agreement's tokens)."""

from __future__ import annotations

from newsread.annotations.textspans import word_spans


def words(text: str) -> list[str]:
    return [text[s:e] for s, e in word_spans(text)]


def test_a_number_with_thousands_commas_is_one_word() -> None:
    text = "About 1,800 dockworkers, 25,000,000 crowns and 3.5 cranes, 1, 2 or 3."
    assert words(text) == [
        "About",
        "1,800",
        "dockworkers",
        "25,000,000",
        "crowns",
        "and",
        "3.5",
        "cranes",
        "1",
        "2",
        "or",
        "3",
    ]


def test_words_keep_apostrophes_and_hyphens_but_not_edge_punctuation() -> None:
    got = words("The port's 72-hour strike, 'now'.")
    assert got == ["The", "port's", "72-hour", "strike", "now"]
