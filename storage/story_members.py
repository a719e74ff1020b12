"""Who belongs to a same-story group, read through the index's spans."""

from __future__ import annotations

from typing import Any, Protocol

from storage.jsonio import encode_json


class _Spans(Protocol):
    def entry(self, article_id: str) -> dict[str, Any] | None | bool: ...

    def entries_with(self, needle: bytes) -> list[dict[str, Any]] | None: ...


def group_entries(spans: _Spans, group: str) -> list[dict[str, Any]] | None:
    """The index entries of every member of ``group``; None when they cannot
    be read through the spans (the caller then reads the whole index).

    A group's id is its first member's id, and that member (its head) may
    carry no ``story_group`` of its own, so it is looked up by id too."""
    found = spans.entries_with(b'"story_group":' + encode_json(group))
    head = spans.entry(group)
    if found is None or head is False:
        return None
    if isinstance(head, dict):
        found.append(head)
    return [
        doc
        for doc in found
        if isinstance(doc.get("id"), str) and (doc.get("story_group") or doc["id"]) == group
    ]
