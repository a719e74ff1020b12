"""Tags that break the tag rule (newsread.annotations.tagnames), as a library
made before it may hold them: look-alike spellings of one tag ("check",
"Check", "é" in NFC and NFD), which doctor reports and ``--restore`` merges,
and names no tag can have (control characters, a comma), which it reports for
the user to rename: what a name should become is theirs to say. Also names
the annotations carry that the tags table lacks (written by a newsread whose
``save_annotation`` did not add them): doctor reports them and ``--restore``
adds them to the table."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from newsread.annotations.tagnames import clean_tag_name, look_alikes, tag_name_problem
from newsread.sanitize import visible
from storage.errors import LibraryError


def stored_tag_names(
    tables: Mapping[str, Any], annotation_docs: Iterable[Mapping[str, Any]]
) -> set[str]:
    """Every tag name library.json's tags table and the annotations hold."""
    names = {
        doc["name"]
        for doc in tables.get("tags", {}).values()
        if isinstance(doc.get("name"), str) and not doc.get("deleted")
    }
    for doc in annotation_docs:
        names.update(t for t in doc.get("tags", []) if isinstance(t, str))
    return names


def missing_from_table(
    tables: Mapping[str, Any], annotation_docs: Iterable[Mapping[str, Any]]
) -> list[str]:
    """The tag names annotations carry that the tags table has no row of."""
    listed = {
        doc["name"]
        for doc in tables.get("tags", {}).values()
        if isinstance(doc.get("name"), str) and not doc.get("deleted")
    }
    used = {t for doc in annotation_docs for t in doc.get("tags", []) if isinstance(t, str)}
    return sorted(used - listed)


def missing_reason(names: Sequence[str]) -> str:
    shown = ", ".join(repr(visible(name)) for name in names)
    return (
        f"{'tag' if len(names) == 1 else 'tags'} {shown} used by annotations but "
        "missing from the tags table: no colour of their own, no quick key, not in "
        "the export's tag chooser"
    )


def add_missing_tags(root: Path) -> list[str]:
    """Add to the tags table every name the annotations use that it lacks, read
    afresh under the lock (after any merge of look-alikes): one write of
    library.json. One line per tag added."""
    from storage.library import Library
    from storage.tag_ops import tag_usage

    try:
        library = Library(root)
    except LibraryError as exc:
        return [f"tags not added to the tags table: {exc}"]
    with library.transaction():
        used = [name for name, uses in tag_usage(library).items() if uses]
        added = library.keep_tags(sorted(used))
    return [
        f"added tag {visible(tag.name)!r} to the tags table (colour {tag.color})" for tag in added
    ]


def look_alike_reason(group: Sequence[str]) -> str:
    shown = ", ".join(repr(visible(name)) for name in group)
    return (
        f"tags {shown} differ only in case, spaces or Unicode normalisation: "
        "one tag to search, the picker and import-annotations, counted apart elsewhere"
    )


def refused_names(names: Iterable[str]) -> list[str]:
    """One line per name the tag rule refuses."""
    return [
        f"tag {visible(name)!r}: {why}; its annotations cannot be imported by a colleague"
        for name in sorted(names)
        if (why := tag_name_problem(name)) is not None
    ]


def merge_look_alikes(root: Path, groups: Sequence[Sequence[str]]) -> list[str]:
    """Merge each group of look-alike tags into its most used spelling without
    spaces around it (on a tie, the tags table's row, then the spelling a new
    tag would have, then the first sorted): each merge one
    storage.tag_ops.merge_tags (an atomic write of each article's file and the
    table, under the lock, read afresh inside it) and one undoable step. One
    line per merge."""
    from storage.history import History
    from storage.library import Library
    from storage.tag_ops import merge_tags, record_op, tag_usage

    try:
        library = Library(root)
    except LibraryError as exc:
        return [f"look-alike tags not merged: {exc}"]
    history = History(library)
    done: list[str] = []
    for group in groups:
        usage = tag_usage(library)
        present = [name for name in group if name in usage or library.get_tag(name)]
        now = look_alikes(present)
        if not now:
            continue
        names = now[0]
        keep = min(
            names,
            key=lambda n: (
                n.strip() != n,  # a merge strips the name it merges into
                -usage.get(n, 0),
                library.get_tag(n) is None,
                clean_tag_name(n) != n,
                n,
            ),
        )
        for name in names:
            if name == keep:
                continue
            try:
                result = merge_tags(library, name, keep)
            except LibraryError as exc:
                done.append(f"tag {visible(name)!r} not merged into {visible(keep)!r}: {exc}")
                continue
            record_op(history, result)
            done.append(
                f"merged tag {visible(name)!r} into {visible(keep)!r} "
                f"({len(result.changes)} annotations changed; "
                "one step the app's tag manager can undo)"
            )
    return done
