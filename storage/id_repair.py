"""Giving an annotation id held by annotations of several articles back to
one of them: the others get new ids, so undo, export and import-annotations
stop taking one annotation for another."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import replace
from pathlib import Path

from storage.errors import LibraryError


def renewed_id(ident: str, article_id: str) -> str:
    """The new id of an annotation whose id another article's holds: the same
    for the same id and article every time, so that a file imported again (or
    an export made before a repair) finds the copy stored under it and merges
    into it; a random one added an orphan, which has no passage to merge on,
    once more on every re-import."""
    return hashlib.sha1(f"{ident}\0{article_id}".encode()).hexdigest()[:12]


def renew_shared_ids(root: Path, owners: Mapping[str, Sequence[str]]) -> list[str]:
    """For each id held in several articles (``owners``: id -> those articles),
    keep it on the annotation made first and give each other its
    ``renewed_id``: one transaction per article (an atomic replace of its
    annotation file under the library lock, read afresh inside it), so a kill
    between two leaves every file whole and the next --restore renews the
    rest. One line per id."""
    from storage.library import Library

    try:
        library = Library(root)
    except LibraryError as exc:
        return [f"annotation ids not renewed: {exc}"]
    done: list[str] = []
    for ident, articles in owners.items():
        held = {
            a: [x for x in library.annotations(a) if x.id == ident] for a in dict.fromkeys(articles)
        }
        if any(len(found) != 1 for found in held.values()):
            # Twice in one article's file: which record a change by id reaches
            # cannot be told, so this is left to the user (doctor says how).
            continue
        keeper = min(held, key=lambda a: (held[a][0].created, a))
        renewed = 0
        for article_id in held:
            if article_id == keeper:
                continue
            try:
                with library.transaction():
                    now = [x for x in library.annotations(article_id) if x.id == ident]
                    if len(now) != 1:
                        continue
                    fresh = replace(now[0], id=renewed_id(ident, article_id))
                    library.apply_annotation_changes(article_id, save=[fresh], delete=[ident])
                    renewed += 1
            except LibraryError as exc:
                done.append(f"annotation id {ident} of {article_id} not renewed: {exc}")
        if renewed:
            done.append(
                f"annotation id {ident} kept by article {keeper}'s annotation; "
                f"{renewed} of other articles given new ids"
            )
    return done
