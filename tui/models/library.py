"""What the library screen lists, without Textual: the rows for the filter and
sort in use, the columns a terminal width has room for, and the status line.

The screen loads the library off the event loop, hands the result here, and
draws the rows this model gives it.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from tui.wording import plural

Column = tuple[str, str, int]  # key, heading, width in cells

# Columns after the title, most wanted first: a narrow terminal drops from the
# end of this list so that titles stay readable (an 80-column terminal keeps
# the annotation count, date and source).
_COLUMNS: tuple[Column, ...] = (
    ("annotations", "Annots", 6),
    ("date", "Date", 10),
    ("source", "Source", 18),
    ("copies", "Copies", 6),
    ("claims", "Claims", 6),
    ("entities", "Entities", 8),
)
_DISPLAY_ORDER = ("source", "date", "entities", "claims", "annotations", "copies")
_MIN_TITLE = 34
_NARROW_SOURCE = 12

SORTS = ("date", "title", "source", "annotations")
EMPTY = "The library is empty. Add articles with: newsread import PATH..."


def column_plan(width: int) -> list[Column]:
    """The table's columns for a terminal ``width`` cells wide, title first."""
    # Each column has a cell of padding either side; the table's scrollbar and
    # edges take four more.
    room = width - 4 - (_MIN_TITLE + 2)
    chosen: list[Column] = []
    for key, label, size in _COLUMNS:
        if key == "source" and width < 100:
            size = _NARROW_SOURCE
        if size + 2 > room:
            continue
        chosen.append((key, label, size))
        room -= size + 2
    chosen.sort(key=lambda c: _DISPLAY_ORDER.index(c[0]))
    title = width - 4 - sum(size + 2 for _, _, size in chosen) - 2
    return [("title", "Title", max(title, 12)), *chosen]


def article_date(meta: dict[str, Any]) -> str:
    """The published day, else the day it was imported."""
    return (meta.get("published") or meta.get("imported") or "")[:10]


def _count(value: Any) -> str:
    return "" if value is None else str(value)


@dataclass(frozen=True)
class Row:
    """One article as the table shows it; every cell is plain text."""

    id: str
    cells: dict[str, str]
    # The date is the import day, not one the text gave: drawn dimmed.
    date_is_imported: bool
    copies: int


class LibraryModel:
    def __init__(self) -> None:
        self.metas: list[dict[str, Any]] = []
        self.counts: dict[str, int] = {}
        #: article id -> why its annotations file cannot be read
        self.damaged: dict[str, str] = {}
        #: why the library itself cannot be read ("" when it can)
        self.error = ""
        self.filter_text = ""
        self.sort_index = 0

    def load(
        self,
        metas: list[dict[str, Any]],
        counts: dict[str, int],
        damaged: dict[str, str],
        error: str = "",
    ) -> None:
        self.metas = metas
        self.counts = counts
        self.damaged = damaged
        self.error = error

    @property
    def sort(self) -> str:
        return SORTS[self.sort_index]

    def next_sort(self) -> str:
        self.sort_index = (self.sort_index + 1) % len(SORTS)
        return self.sort

    # -- rows ----------------------------------------------------------------------------

    def visible_metas(self) -> list[dict[str, Any]]:
        """The articles the filter lets through (title or source, ignoring case), sorted."""
        needle = self.filter_text.casefold()
        metas = [
            m
            for m in self.metas
            if not needle
            or needle in m["title"].casefold()
            or needle in m.get("source", "").casefold()
        ]
        if self.sort == "date":
            metas.sort(key=article_date, reverse=True)
        elif self.sort == "title":
            metas.sort(key=lambda m: m["title"].casefold())
        elif self.sort == "source":
            metas.sort(key=lambda m: (m.get("source", "").casefold(), m["title"].casefold()))
        else:
            metas.sort(key=lambda m: -self.counts.get(m["id"], 0))
        return metas

    def copies(self) -> dict[str, int]:
        """Article id -> how many other articles in the library are the same story."""
        groups = Counter(m.get("story_group") or m["id"] for m in self.metas)
        return {m["id"]: groups[m.get("story_group") or m["id"]] - 1 for m in self.metas}

    def rows(self) -> list[Row]:
        """The visible articles, in order, with every column's cell."""
        copies = self.copies()
        rows = []
        for meta in self.visible_metas():
            article_id = meta["id"]
            count = copies[article_id]
            cells = {
                "title": meta["title"],
                "source": meta.get("source") or "—",
                "date": article_date(meta),
                "entities": _count(meta.get("entities")),
                "claims": _count(meta.get("claims")),
                # "!" rather than 0: its annotations exist but cannot be read.
                "annotations": "!"
                if article_id in self.damaged
                else str(self.counts.get(article_id, 0)),
                "copies": str(count) if count else "",
            }
            rows.append(Row(article_id, cells, not meta.get("published"), count))
        return rows

    def meta(self, article_id: str) -> dict[str, Any] | None:
        return next((m for m in self.metas if m["id"] == article_id), None)

    def forget(self, article_id: str) -> None:
        """Drop a deleted article at once; the next load confirms it from disk."""
        self.metas = [m for m in self.metas if m["id"] != article_id]
        self.counts.pop(article_id, None)

    def delete_question(self, article_id: str) -> str:
        meta = self.meta(article_id)
        title = meta["title"] if meta else article_id
        count = self.counts.get(article_id, 0)
        question = f"Delete “{title}” from the library?"
        if count:
            question += f" Its {plural(count, 'annotation')} will be deleted too."
        return question

    # -- status ----------------------------------------------------------------------------

    def summary(self, listed: int) -> str:
        """The status line for ``listed`` rows in the table."""
        if self.error:
            return f"cannot read the library: {self.error}"
        total = len(self.metas)
        if not total:
            return EMPTY
        notes = sum(self.counts.values())
        status = (
            f"{plural(total, 'article')} · {plural(notes, 'annotation')}"
            f" · sorted by {self.sort}"
        )
        if listed != total:
            status = f"{listed} of {status} · filter: {self.filter_text!r}"
        if self.damaged:
            status += (
                f" · annotations of {plural(len(self.damaged), 'article')} unreadable (!): "
                "newsread doctor"
            )
        return status

    @staticmethod
    def copies_note(columns: list[Column], copies: int) -> str:
        """Without room for the Copies column, the highlighted row's copies are
        named in the status line instead."""
        if copies and "copies" not in {key for key, _, _ in columns}:
            return f" · this story has {plural(copies, 'other copy', 'other copies')}"
        return ""
