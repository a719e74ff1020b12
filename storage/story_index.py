"""Cached same-story shingles, so an import regroups without reading every body.

``story-shingles.json`` maps article id to its sampled shingle hashes. It is a
cache: missing or damaged, it is rebuilt from the bodies.
"""

from __future__ import annotations

from collections.abc import Iterable

from newsread.ingest.samestory import groups_from_shingles, link_new, shingles
from newsread.model import Article
from storage.atomic import CorruptFileError, read_json
from storage.library import Library

FILE = "story-shingles.json"


def _load(library: Library) -> dict[str, set[int]]:
    try:
        txn = library.current_transaction()
        path = library.root / FILE
        data = (txn.read_json(path) if txn else read_json(path)) or {}
    except CorruptFileError:
        data = {}
    if not isinstance(data, dict):
        return {}
    return {aid: set(values) for aid, values in data.items() if isinstance(values, list)}


def regroup(library: Library, fresh: Iterable[Article] = ()) -> None:
    """Give new and changed articles their same-story group; others only merge."""
    with library.transaction() as txn:
        metas = library.article_metas()
        known = {m["id"] for m in metas}
        sets = {aid: s for aid, s in _load(library).items() if aid in known}
        fresh_ids: set[str] = set()
        for article in fresh:
            sets[article.id] = shingles(article.body)
            fresh_ids.add(article.id)
        for aid in known - set(sets):  # first run on an older library, or a lost cache
            # The body file directly: get_article would query the index once per id.
            sets[aid] = shingles(library.read_body(aid))
            fresh_ids.add(aid)
        if len(fresh_ids) * 10 > len(sets):
            # Much that is new: one batch pass (indexed by rare shingles) is cheaper
            # than checking every new article against the library.
            library.set_story_groups(groups_from_shingles(sets))
        else:
            groups = {m["id"]: m.get("story_group") or m["id"] for m in metas}
            library.set_story_groups(link_new(groups, sets, fresh_ids))
        txn.stage_json(library.root / FILE, {aid: sorted(s) for aid, s in sets.items()})
