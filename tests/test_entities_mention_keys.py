"""A name's vote key: its lower-cased words without a leading determiner,
built once per token range of a Doc and never taken from another Doc."""

from __future__ import annotations

import pytest

from newsread.analysis.entities.mentions import _key

spacy = pytest.importorskip("spacy")


def _doc(words: list[str]):
    from spacy.tokens import Doc

    return Doc(spacy.blank("en").vocab, words=words)


def test_the_key_drops_a_leading_determiner_and_lowers_the_words() -> None:
    doc = _doc(["The", "Harbour", "Board", "met", "the", "Board"])
    assert _key(doc, 0, 3) == "harbour board"
    assert _key(doc, 4, 6) == "board"
    assert _key(doc, 4, 5) == "the"  # a lone determiner stays
    assert _key(doc, 1, 2) == "harbour"


def test_the_key_of_a_range_is_built_once_per_doc() -> None:
    doc = _doc(["The", "Harbour", "Board", "met"])
    assert _key(doc, 0, 3) is _key(doc, 0, 3)


def test_each_doc_has_its_own_keys() -> None:
    one = _doc(["Ana", "Silva", "spoke"])
    two = _doc(["Tom", "Hughes", "spoke"])
    assert _key(one, 0, 2) == "ana silva"
    assert _key(two, 0, 2) == "tom hughes"
    assert _key(one, 0, 2) == "ana silva"
