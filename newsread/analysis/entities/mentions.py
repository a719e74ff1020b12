"""The ``Mention`` record the steps pass, its vote key, and the label sets they share."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from newsread.analysis.doc_cache import doc_data
from newsread.analysis.entities.lexicon import COUNTRIES, DEMONYMS

if TYPE_CHECKING:
    from spacy.tokens import Doc


NAME_LABELS = frozenset(
    {
        "PERSON",
        "NORP",
        "FAC",
        "ORG",
        "GPE",
        "LOC",
        "PRODUCT",
        "EVENT",
        "WORK_OF_ART",
        "LAW",
        "LANGUAGE",
    }
)
# Labels whose short forms inherit from a full form (step 2).


_POSSESSIVE = frozenset({"'s", "’s", "'", "’"})
_DETERMINERS = frozenset({"the", "a", "an"})
_HAS_UPPER = re.compile(r"[A-Z]")
_QUOTE_CHARS = "\"'“”‘’"


@dataclass
class Mention:
    """One entity mention while the rules work on it (token offsets into the Doc)."""

    start: int  # token index
    end: int  # token index, exclusive
    label: str
    weight: float = 1.0
    cue_label: str | None = None  # label a strong local cue asks for


def covered(size: int, *groups: Iterable[Mention]) -> bytearray:
    """One byte a token of a doc of ``size`` tokens: 1 where a mention of
    ``groups`` covers it (the tokens a rule must leave to what was found)."""
    taken = bytearray(size)
    for group in groups:
        for m in group:
            taken[m.start : m.end] = b"\x01" * (m.end - m.start)
    return taken


def untagged_name_word(doc: Doc, taken: bytearray) -> Callable[[int], bool]:
    """Whether token ``i`` can be a word of a name the model left untagged: a
    capitalised word no mention covers, not a stop word, a demonym or a
    country (those the model tags itself, and a run through one is no name)."""

    def word(i: int) -> bool:
        tok = doc[i]
        return (
            not taken[i]
            and tok.is_alpha
            and tok.is_title
            and not tok.is_stop
            and tok.lower_ not in DEMONYMS
            and tok.lower_ not in COUNTRIES
        )

    return word


def _key(doc: Doc, start: int, end: int) -> str:
    """Vote key: the lower-cased words without a leading determiner."""
    # Remembered per Doc: about fifteen rules ask for the key of each name.
    data = doc_data(doc)
    keys = data.named.get(_KEYS_NAME)
    if keys is None:
        keys = data.named[_KEYS_NAME] = {}
    key = keys.get((start, end))
    if key is None:
        words = data.lowers[start:end]
        if len(words) > 1 and words[0] in _DETERMINERS:
            words = words[1:]
        key = keys[start, end] = " ".join(words)
    return key


_KEYS_NAME = "mentions.keys"


_FRAGMENT_LABELS = frozenset({"PERSON", "ORG", "WORK_OF_ART", "PRODUCT", "EVENT", "FAC", "LAW"})
