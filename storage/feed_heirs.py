"""A shared story whose own feed is no longer subscribed, taken over by another.

An article's text is updated only by its own feed (``Article.feed``); the other
feeds that carry it (``Article.feeds``) only file it. Once its own feed is
unsubscribed, nothing would ever update it: the first feed of its list that is
still subscribed becomes its own (the list's order, so the choice does not hang
on which feed a refresh happens to read first).

Done when a refresh starts, not at ``feed remove``: it then also covers feeds
removed before this existed, or by another process or the app, and it runs
where the new owner's changes are about to be read.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from newsread.model import article_feeds
from storage.feeds import Feed, list_feeds, save_feed_states
from storage.library import Library


def hand_over_orphans(library: Library) -> int:
    """Give each article whose own feed is unsubscribed the first subscribed
    feed that carries it, in one write of the index (with those feeds' states)
    under the lock, read fresh there; returns how many changed hands. The
    entry's version is forgotten and the new feed's ETag and date with it: the
    new feed's entry is read whole at this refresh and, when its text differs,
    updates the article as any changed entry does (annotations re-anchored).

    Looked for first without the lock: at nearly every refresh there is
    nothing to hand over, and the lock (and a transaction) would be taken for
    nothing."""
    if not _orphans(library)[0]:
        return 0
    with library.transaction():
        changed, heirs, feeds = _orphans(library)
        if changed:
            library.update_entries(changed)
            save_feed_states(
                library, [replace(feeds[url], etag="", last_modified="") for url in sorted(heirs)]
            )
    return len(changed)


def _orphans(
    library: Library,
) -> tuple[dict[str, dict[str, Any]], set[str], dict[str, Feed]]:
    """The index entries to hand over, as they become; their heirs; the feeds."""
    feeds = {f.url: f for f in list_feeds(library)}
    changed: dict[str, dict[str, Any]] = {}
    heirs: set[str] = set()
    for meta in library._by_id().values():
        own = meta.get("feed")
        if not isinstance(own, str) or not own or own in feeds:
            continue
        carried = article_feeds(meta)
        heir = next((url for url in carried if url in feeds), None)
        if heir is None:
            continue
        changed[meta["id"]] = {
            **meta,
            "feed": heir,
            # The removed feed still lists it: it stays filed under that name.
            "feeds": [heir, *(url for url in carried if url != heir)],
            "entry_version": "",
        }
        heirs.add(heir)
    return changed, heirs, feeds
