"""One search, as the library's ``/`` box and ``newsread search`` both run it:
the query's hits, how many match in all, and why nothing matched. The index
that answers is storage.search_index's (the core does not import storage)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Generic, Protocol, TypeVar

from newsread.search.query import Query

H = TypeVar("H")
H_co = TypeVar("H_co", covariant=True)


class Searchable(Protocol[H_co]):
    """What ``ask`` needs of an index (storage.search_index.SearchIndex)."""

    def search_counted(
        self, query: Query, limit: int, sync: bool = ..., detailed: int | None = ...
    ) -> tuple[list[H_co], int]: ...

    def unknown_names(self, query: Query, sync: bool = ...) -> list[str]: ...


@dataclass(frozen=True)
class Answer(Generic[H]):
    """The best hits of a query and what a user is told of them."""

    #: best first; ties newest first, then by title and id
    hits: list[H]
    #: how many articles match in all (more than the hits: they are the first)
    total: int
    #: why nothing matched, beyond "no article matches": a feed:, label: or
    #: tag: naming nothing in the library, one line each
    notes: tuple[str, ...] = ()

    @property
    def capped(self) -> bool:
        """The hits are the first of more matches, not all of them."""
        return self.total > len(self.hits)


def ask(
    index: Searchable[H],
    query: Query,
    limit: int,
    sync: bool = True,
    detailed: int | None = None,
) -> Answer[H]:
    """``query`` asked of ``index``: at most ``limit`` hits (``detailed``: only
    the first so many with their snippets), counted past the limit in the same
    look at the index, and the filters that name nothing when none matched."""
    hits, total = index.search_counted(query, limit, sync=sync, detailed=detailed)
    notes = () if hits else tuple(index.unknown_names(query, sync=False))
    if not hits and not notes:
        notes = _hidden_by_read_marks(index, query)
    return Answer(hits, total, notes)


def _hidden_by_read_marks(index: Searchable[H], query: Query) -> tuple[str, ...]:
    """For a query with is:unread or is:read that matched nothing: how many
    articles it matches without that flag, hidden by the user's read marks
    ("No article matches" alone read as if the words were nowhere, qa37 F2)."""
    flag = next((f for f in ("unread", "read") if f in query.flags), None)
    if flag is None:
        return ()
    without = replace(query, flags=query.flags - {flag})
    if without == Query():
        return ()  # the flag alone: nothing else it could have found
    _, total = index.search_counted(without, 1, sync=False, detailed=0)
    if not total:
        return ()
    if flag == "unread":
        why = "you have read it" if total == 1 else "you have read them"
    else:
        why = "not read yet" if total == 1 else "none read yet"
    return (f"{total:,} article{'' if total == 1 else 's'} found without is:{flag}, {why}",)
