"""Per-Doc data the rules share, computed once per Doc and kept on it.

``doc[i]`` and ``for tok in doc`` build a new Token object on each call, and
each of a Token's string attributes (``lower_``, ``pos_``, ...) a new string;
the rules index the same tokens again and again (about 40 Token objects per
token of text, once the larger part of their time). The Token list and the
token attributes the rules read most are built here once per Doc, as plain
lists (string attributes in one ``to_array`` call each), and so is any other
per-Doc value a rule names (``cached``).

Everything lives in one ``DocData`` in the Doc's own ``user_data``, so it
never leaks into another Doc; the analysis drops it when it is done with the
Doc (``release``), so the Doc is freed as soon as its last reference goes.
The rules never change a Doc's tokens, so nothing here can go stale.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from functools import cached_property
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

T = TypeVar("T")

_KEY = ("newsread", "doc_data")
# Each string a column has read, by its id. An id is the hash of its string
# (or a symbol, the same in every vocabulary), so the pair holds for every
# Doc of every pipeline. Kept across Docs: ``StringStore`` decodes a new
# string object on each look-up, which cost about as much as the rest of the
# column, and the memo's dictionaries (``checkworthy_weights``) compare one
# object with itself faster than two equal strings. Emptied when full, so a
# long run's memory stays bounded.
_NAME_OF: dict[int, str] = {}
_NAMES_KEPT = 500_000
# ``Token.ent_iob_`` by the code ``to_array`` gives.
_IOB_NAMES = ("", "I", "O", "B")


class DocData:
    """One Doc's token list and token attributes, each built on first use."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.named: dict[str, Any] = {}
        # ``doc[start:end].root.i`` by (start, end): several rules ask for the
        # root of the same cue or content (a slice goes through spaCy's
        # Python-level ``normalize_slice`` and builds a Span and a Token).
        self.roots: dict[tuple[int, int], int] = {}

    def _strings(self, attr: str) -> list[str]:
        """A string attribute of every token ("LOWER" for ``lower_``)."""
        ids = self.doc.to_array(attr).tolist()
        try:
            return list(map(_NAME_OF.__getitem__, ids))
        except KeyError:
            pass
        strings = self.doc.vocab.strings
        known = _NAME_OF.get
        # A mapping of its own, so that another thread emptying the shared
        # one meanwhile cannot take a string from under this column.
        name_of = {i: known(i) or strings[i] for i in set(ids)}
        if len(_NAME_OF) > _NAMES_KEPT:
            _NAME_OF.clear()
        _NAME_OF.update(name_of)
        return list(map(name_of.__getitem__, ids))

    @cached_property
    def text(self) -> str:
        # Doc.text is joined anew on each access, from a Token object built
        # for every token; the two columns give the same string without them.
        return "".join(
            itertools.chain.from_iterable(zip(self.texts, self.whitespaces, strict=True))
        )

    @cached_property
    def tokens(self) -> list[Token]:
        return list(self.doc)

    @cached_property
    def texts(self) -> list[str]:
        return self._strings("ORTH")

    @cached_property
    def lowers(self) -> list[str]:
        return self._strings("LOWER")

    @cached_property
    def whitespaces(self) -> list[str]:
        return [" " if k else "" for k in self.doc.to_array("SPACY").tolist()]

    @cached_property
    def line_breaks(self) -> list[bool]:
        return ["\n" in t or "\n" in w for t, w in zip(self.texts, self.whitespaces, strict=True)]

    @cached_property
    def line_starts(self) -> list[int]:
        # What ``text.rfind("\n", 0, tok.idx) + 1`` gives each token, in one
        # pass: that search runs back over the whole line, for every token.
        out: list[int] = []
        start = at = 0
        for text, space, breaks in zip(self.texts, self.whitespaces, self.line_breaks, strict=True):
            out.append(start)
            if breaks:
                start = at + (text + space).rfind("\n") + 1
            at += len(text) + len(space)
        return out

    @cached_property
    def pos(self) -> list[str]:
        return self._strings("POS")

    @cached_property
    def tags(self) -> list[str]:
        return self._strings("TAG")

    @cached_property
    def deps(self) -> list[str]:
        return self._strings("DEP")

    @cached_property
    def lemmas(self) -> list[str]:
        return self._strings("LEMMA")

    @cached_property
    def ent_types(self) -> list[str]:
        return self._strings("ENT_TYPE")

    @cached_property
    def ent_iobs(self) -> list[str]:
        return [_IOB_NAMES[k] for k in self.doc.to_array("ENT_IOB").tolist()]

    @cached_property
    def is_space(self) -> list[bool]:
        return [k == 1 for k in self.doc.to_array("IS_SPACE").tolist()]

    @cached_property
    def is_punct(self) -> list[bool]:
        return [k == 1 for k in self.doc.to_array("IS_PUNCT").tolist()]

    @cached_property
    def like_num(self) -> list[bool]:
        return [k == 1 for k in self.doc.to_array("LIKE_NUM").tolist()]

    @cached_property
    def idxs(self) -> list[int]:
        return self.doc.to_array("IDX").tolist()

    @cached_property
    def sent_starts(self) -> list[int]:
        # ``Token.sent`` walks back to the nearest token that starts a
        # sentence (or to the first), and forward to the next, for each call,
        # slicing the Doc twice and checking its annotation: done here once.
        if len(self.doc) and not self.doc.has_annotation("SENT_START"):
            raise ValueError("the Doc has no sentence boundaries (it was not parsed)")
        out: list[int] = []
        start = 0
        for i, flag in enumerate(self.doc.to_array("SENT_START").tolist()):
            if flag == 1:
                start = i
            out.append(start)
        return out

    @cached_property
    def sent_ends(self) -> list[int]:
        starts = self.sent_starts
        out = [0] * len(starts)
        end = len(starts)
        for i in range(len(starts) - 1, -1, -1):
            out[i] = end
            if starts[i] == i:
                end = i
        return out

    @cached_property
    def heads(self) -> list[int]:
        # Stored as the offset to the head, wrapped round as an unsigned number.
        offsets = self.doc.to_array("HEAD").astype("int64").tolist()
        return [i + k for i, k in enumerate(offsets)]


def doc_data(doc: Doc) -> DocData:
    """The Doc's ``DocData``, made on the first call."""
    data = doc.user_data.get(_KEY)
    if data is None:
        data = doc.user_data[_KEY] = DocData(doc)
    return data


def release(doc: Doc) -> None:
    """Drop the Doc's ``DocData`` (the analysis of it is done).

    The data refers back to the Doc (and its Token list to it again), a cycle
    only Python's cyclic collector frees: without this, every analysed Doc,
    with its token arrays and cached columns, outlived its last use until the
    next full collection.
    """
    doc.user_data.pop(_KEY, None)


def cached(doc: Doc, name: str, build: Callable[[Doc], T]) -> T:
    """``build(doc)``, computed on the first call for this Doc and ``name``."""
    named = doc_data(doc).named
    if name not in named:
        named[name] = build(doc)
    return named[name]


def text_of(doc: Doc) -> str:
    """``doc.text``, built once (the rules read it about a thousand times over
    60 articles, which once cost a third of their time)."""
    return doc_data(doc).text


def tokens_of(doc: Doc) -> list[Token]:
    """The Doc's tokens, one Token object each, to index instead of ``doc[i]``."""
    return doc_data(doc).tokens


def texts_of(doc: Doc) -> list[str]:
    """Each token's ``text``."""
    return doc_data(doc).texts


def lowers_of(doc: Doc) -> list[str]:
    """Each token's ``lower_``."""
    return doc_data(doc).lowers


def whitespaces_of(doc: Doc) -> list[str]:
    """Each token's ``whitespace_``."""
    return doc_data(doc).whitespaces


def line_breaks_at(doc: Doc) -> list[bool]:
    """For each token, whether a line break is in it or in the white space after it."""
    return doc_data(doc).line_breaks


def line_starts_of(doc: Doc) -> list[int]:
    """For each token, the character offset where its line starts."""
    return doc_data(doc).line_starts


def pos_of(doc: Doc) -> list[str]:
    """Each token's ``pos_``."""
    return doc_data(doc).pos


def tags_of(doc: Doc) -> list[str]:
    """Each token's ``tag_``."""
    return doc_data(doc).tags


def deps_of(doc: Doc) -> list[str]:
    """Each token's ``dep_``."""
    return doc_data(doc).deps


def lemmas_of(doc: Doc) -> list[str]:
    """Each token's ``lemma_``."""
    return doc_data(doc).lemmas


def ent_types_of(doc: Doc) -> list[str]:
    """Each token's ``ent_type_``."""
    return doc_data(doc).ent_types


def ent_iobs_of(doc: Doc) -> list[str]:
    """Each token's ``ent_iob_``."""
    return doc_data(doc).ent_iobs


def idxs_of(doc: Doc) -> list[int]:
    """Each token's ``idx``, its character offset."""
    return doc_data(doc).idxs


def sent_start_of(doc: Doc, i: int) -> int:
    """``doc[i].sent.start``."""
    return doc_data(doc).sent_starts[i]


def sent_end_of(doc: Doc, i: int) -> int:
    """``doc[i].sent.end``."""
    return doc_data(doc).sent_ends[i]


def root_of(doc: Doc, start: int, end: int) -> int:
    """``doc[start:end].root.i``, found once per range."""
    roots = doc_data(doc).roots
    root = roots.get((start, end))
    if root is None:
        root = roots[start, end] = doc[start:end].root.i
    return root


def heads_of(doc: Doc) -> list[int]:
    """Each token's ``head.i`` (``head`` builds a Token object on each call)."""
    return doc_data(doc).heads
