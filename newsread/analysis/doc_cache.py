"""Per-Doc data the rules share, computed once per Doc and kept on it.

``doc[i]`` and ``for tok in doc`` build a new Token object on each call; the
rules index the same tokens again and again (about 40 Token objects per token
of text, once the larger part of their time). A Token list and the token
attributes the rules read most are built here once per Doc, and so is any
other per-Doc value a rule names (``cached``).

Everything lives in the Doc's own ``user_data`` under a ``("newsread", name)``
key, so it lives and dies with the Doc and never leaks into another one. The
rules never change a Doc's tokens, so nothing here can go stale.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

T = TypeVar("T")
_MISSING = object()


def cached(doc: Doc, name: str, build: Callable[[Doc], T]) -> T:
    """``build(doc)``, computed on the first call for this Doc and ``name``."""
    key = ("newsread", name)
    data = doc.user_data
    value = data.get(key, _MISSING)
    if value is _MISSING:
        value = data[key] = build(doc)
    return value


def tokens_of(doc: Doc) -> list[Token]:
    """The Doc's tokens, one Token object each, to index instead of ``doc[i]``."""
    return cached(doc, "tokens", list)


def texts_of(doc: Doc) -> list[str]:
    """Each token's ``text``."""
    return cached(doc, "texts", lambda d: _string_column(d, "ORTH"))


def lowers_of(doc: Doc) -> list[str]:
    """Each token's ``lower_``."""
    return cached(doc, "lowers", lambda d: _string_column(d, "LOWER"))


def whitespaces_of(doc: Doc) -> list[str]:
    """Each token's ``whitespace_``."""
    return cached(
        doc, "whitespaces", lambda d: [" " if k else "" for k in d.to_array("SPACY").tolist()]
    )


def line_breaks_at(doc: Doc) -> list[bool]:
    """For each token, whether a line break is in it or in the white space after it."""
    return cached(
        doc,
        "line_breaks",
        lambda d: [
            "\n" in t or "\n" in w for t, w in zip(texts_of(d), whitespaces_of(d), strict=True)
        ],
    )


def _string_column(doc: Doc, attr: str) -> list[str]:
    """A string attribute of every token (``pos_`` for "POS"), read in one
    ``to_array`` call instead of a Token object and a string look-up a token."""
    ids = doc.to_array(attr).tolist()
    strings = doc.vocab.strings
    name_of = {i: strings[i] for i in set(ids)}
    return [name_of[i] for i in ids]


def pos_of(doc: Doc) -> list[str]:
    """Each token's ``pos_``."""
    return cached(doc, "pos", lambda d: _string_column(d, "POS"))


def tags_of(doc: Doc) -> list[str]:
    """Each token's ``tag_``."""
    return cached(doc, "tags", lambda d: _string_column(d, "TAG"))


def deps_of(doc: Doc) -> list[str]:
    """Each token's ``dep_``."""
    return cached(doc, "deps", lambda d: _string_column(d, "DEP"))


def lemmas_of(doc: Doc) -> list[str]:
    """Each token's ``lemma_``."""
    return cached(doc, "lemmas", lambda d: _string_column(d, "LEMMA"))


def ent_types_of(doc: Doc) -> list[str]:
    """Each token's ``ent_type_``."""
    return cached(doc, "ent_types", lambda d: _string_column(d, "ENT_TYPE"))


# ``Token.ent_iob_`` by the code ``to_array`` gives.
_IOB_NAMES = ("", "I", "O", "B")


def ent_iobs_of(doc: Doc) -> list[str]:
    """Each token's ``ent_iob_``."""
    return cached(
        doc, "ent_iobs", lambda d: [_IOB_NAMES[k] for k in d.to_array("ENT_IOB").tolist()]
    )


def heads_of(doc: Doc) -> list[int]:
    """Each token's ``head.i``: ``head`` builds a Token object on each call."""

    def build(d: Doc) -> list[int]:
        # Stored as the offset to the head, wrapped round as an unsigned number.
        offsets = d.to_array("HEAD").astype("int64")
        return [i + k for i, k in enumerate(offsets.tolist())]

    return cached(doc, "heads", build)
