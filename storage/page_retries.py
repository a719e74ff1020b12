"""When a refresh asks again for a summary-only entry's page that failed.

A feed entry with only a summary has its text from its linked page. When that
page cannot be fetched the summary is kept (``Article.summary_only``), and
the page is asked for again, but not at every refresh: a feed of 2,000 such
entries on a dead site cost 2,000 requests and minutes of waiting each time.
After each failure the entry waits longer (newsread.page_backoff: an hour,
four hours, a day, three days, then a week at most), counted in the
article's ``page_tries`` from its ``page_tried``; ``refresh --pages`` asks at
once.

Within one refresh, a host that cannot be reached at all (no such name, no
connection, no answer in time) is not asked again for the other entries'
pages (:class:`UnreachableHosts`): each of them fails with that reason, and
counts as tried. The host is the one that failed, and every hop of a fetch is
checked against them: entries whose links redirect (a click counter) to a
dead host wait for it once, not once each.
"""

from __future__ import annotations

import threading

from newsread.ingest.fetch import FetchError
from newsread.urls import host_of


class UnreachableHosts:
    """Hosts found unreachable during one refresh, shared by its feeds'
    threads: a later page of one fails at once with the first failure's
    reason instead of waiting for the same timeout or DNS error again."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._hosts: dict[str, str] = {}

    def check(self, url: str) -> None:
        """FetchError when ``url``'s host was found unreachable already."""
        host = host_of(url)
        with self._lock:
            reason = self._hosts.get(host) if host else None
        if reason is not None:
            raise FetchError(url, reason, unreachable=True)

    def note(self, error: FetchError) -> None:
        """Remember ``error``'s host when the host itself could not be reached."""
        host = host_of(error.url)
        if error.unreachable and host:
            with self._lock:
                self._hosts.setdefault(host, error.reason)
