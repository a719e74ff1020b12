"""How long a summary-only entry's page that failed waits before it is asked
for again: an hour after the first failure, four hours after the second, a
day, three days, then a week at most.

A dead site's pages were asked for at every refresh, 2,000 requests (or DNS
failures, or timeouts) each time for a feed of 2,000 entries; now each page
waits longer after each failure. Kept apart from the network code so the
reader can say when a page is tried again without importing it.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from newsread.stamps import moment

#: The wait after the first, second, ... failure; the last one repeats.
BACKOFF = (
    timedelta(hours=1),
    timedelta(hours=4),
    timedelta(days=1),
    timedelta(days=3),
    timedelta(days=7),
)


def wait_after(tries: int) -> timedelta:
    """How long a page that failed ``tries`` times (1 or more) waits."""
    return BACKOFF[min(max(tries, 1), len(BACKOFF)) - 1]


def next_try(tries: object, tried: object) -> datetime | None:
    """When a page that failed ``tries`` times, last at ``tried`` (ISO), is
    asked for again; None when it may be asked now (never tried, or no
    readable count or stamp: an older library, a hand edit)."""
    when = moment(tried)
    if not isinstance(tries, int) or isinstance(tries, bool) or tries < 1 or when is None:
        return None
    return when + wait_after(tries)


def retry_due(meta: dict[str, Any], now: datetime) -> bool:
    """Whether the stored summary-only article ``meta``'s page is worth asking
    for at ``now``."""
    when = next_try(meta.get("page_tries", 0), meta.get("page_tried", ""))
    return when is None or when <= now
