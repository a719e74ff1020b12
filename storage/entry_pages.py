"""Which summary-only entries' pages ``refresh --pages`` fetches again.

A feed entry with only a summary has its text from its linked page, fetched
when the entry first came or changed. The page may change while the entry
does not (a figure corrected, a paragraph added), and the feed then gives no
sign of it. Fetching every such page at every refresh would cost a request
per entry per feed, so it is asked for (``--pages``) and bounded: entries
published in the last :attr:`PagePolicy.days` days (or, undated, imported
then), each asked conditionally with the ETag and Last-Modified its page
last came with (``Article.page_etag``/``page_modified``), so an unchanged
page costs a 304.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from newsread.stamps import moment

if TYPE_CHECKING:
    # Not at run time: the CLI's parser reads DEFAULT_DAYS, and feedparser
    # is no cost for a command that only parses its arguments.
    from newsread.ingest.feeds import FeedEntry

#: Days back ``refresh --pages`` looks by default: a story is mostly corrected
#: in its first days, and a week of a busy feed is a few hundred requests.
DEFAULT_DAYS = 7
#: The longest window: a century, which every date before it can still be
#: subtracted from (a million days back is before year 1, an OverflowError).
MAX_DAYS = 36_500

_WEB = re.compile(r"^https?://", re.I)


@dataclass(frozen=True)
class PagePolicy:
    """Fetch again the pages of summary-only entries of the last ``days`` days."""

    days: int = DEFAULT_DAYS
    now: datetime | None = None

    def __post_init__(self) -> None:
        # Refused here, not when the first entry is dated: there it would be
        # every feed's failure, stored as its last error.
        if not 1 <= self.days <= MAX_DAYS:
            raise ValueError(f"pages days must be 1 to {MAX_DAYS}, not {self.days}")

    def due(self, entry: FeedEntry, meta: dict[str, Any]) -> bool:
        """Whether ``entry`` (the article ``meta``) has a page worth asking
        for again: its text came from its linked page, and it is recent."""
        if entry.content.strip() or not _WEB.match(entry.link):
            return False  # the feed gives the text itself, or no page to ask
        when = (
            _dated(entry.published) or _dated(meta.get("published")) or moment(meta.get("imported"))
        )
        if when is None:
            return False  # no date to bound it by: never fetched for nothing
        now = self.now or datetime.now(UTC)
        return when >= now - timedelta(days=self.days)


def _dated(day: object) -> datetime | None:
    """An entry's ``YYYY-MM-DD`` (or a full stamp) as the end of that day, so
    a story of today is within a window of one day."""
    when = moment(day)
    if when is None:
        return None
    if isinstance(day, str) and len(day.strip()) == 10:
        return when + timedelta(days=1)
    return when
