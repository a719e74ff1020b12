"""Same-story groups re-formed after articles are removed.

Groups are single-link: a removed article may have been the only link between
members that are not the same story by themselves. Only the groups a removed
article belonged to can split, so only their remaining members are sketched
again (from their bodies; a group is a handful of copies) and linked by their
own matches, exactly as an import links new articles (``link_new``).
"""

from __future__ import annotations

from collections.abc import Collection

from newsread.ingest.samestory import Placed, link_new, sketch
from storage.articles import ArticleIndex
from storage.errors import LibraryError
from storage.story_members import group_entries


def groups_without(library: ArticleIndex, doomed: Collection[str]) -> dict[str, str]:
    """The groups the remaining members of ``doomed``'s groups get once
    ``doomed`` is gone, by id (read from the index as it is, before the
    removal is staged). A group with a member whose body cannot be read keeps
    its members together: splitting it on a guess would be wrong data too."""
    meta = library._meta_reader()
    groups: set[str] = set()
    for aid in doomed:
        doc = meta(aid)
        if doc is not None:
            groups.add(doc.get("story_group") or aid)
    regrouped: dict[str, str] = {}
    for group in sorted(groups):
        members = [aid for aid in _members(library, group) if aid not in doomed]
        sets: dict[str, Placed] = {}
        try:
            for aid in members:
                sets[aid] = sketch(library.read_body(aid))
        except LibraryError:
            # The removed id may name the group: the rest still need one of their own.
            if group in doomed and members:
                regrouped.update(dict.fromkeys(members, min(members)))
            continue
        regrouped.update(link_new({}, sets, set(sets)))
    return regrouped


def _members(library: ArticleIndex, group: str) -> list[str]:
    """Every article of ``group`` (its head has the group's id, and may have
    no story_group of its own), read through the index's spans when it can be."""
    lazy = library._lazy_index()
    found = None if lazy is None else group_entries(lazy, group)
    if found is None:
        found = list(library._by_id().values())
    return sorted(
        {
            doc["id"]
            for doc in found
            if isinstance(doc.get("id"), str) and (doc.get("story_group") or doc["id"]) == group
        }
    )
