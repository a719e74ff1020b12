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


def cached(doc: Doc, name: str, build: Callable[[Doc], T]) -> T:
    """``build(doc)``, computed on the first call for this Doc and ``name``."""
    key = ("newsread", name)
    data = doc.user_data
    if key in data:
        return data[key]
    value = build(doc)
    data[key] = value
    return value


def tokens_of(doc: Doc) -> list[Token]:
    """The Doc's tokens, one Token object each, to index instead of ``doc[i]``."""
    return cached(doc, "tokens", list)


def texts_of(doc: Doc) -> list[str]:
    """Each token's ``text``."""
    return cached(doc, "texts", lambda d: [t.text for t in tokens_of(d)])


def lowers_of(doc: Doc) -> list[str]:
    """Each token's ``lower_``."""
    return cached(doc, "lowers", lambda d: [t.lower_ for t in tokens_of(d)])


def whitespaces_of(doc: Doc) -> list[str]:
    """Each token's ``whitespace_``."""
    return cached(doc, "whitespaces", lambda d: [t.whitespace_ for t in tokens_of(d)])


def line_breaks_at(doc: Doc) -> list[bool]:
    """For each token, whether a line break is in it or in the white space after it."""
    return cached(
        doc,
        "line_breaks",
        lambda d: [
            "\n" in t or "\n" in w for t, w in zip(texts_of(d), whitespaces_of(d), strict=True)
        ],
    )
