"""A feed refresh as the app shows it, without Textual: the progress line while
it runs and the notification at the end.

Fed with storage.refresh's progress events and summary; only their fields are
read here, so importing this module does not pull in the network stack.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from newsread.sanitize import visible
from tui.wording import plural, reanchor_lines, short

if TYPE_CHECKING:
    from storage.refresh import FeedReport, RefreshProgress, RefreshSummary

NO_FEEDS = "No feeds to refresh. Subscribe with: newsread feed add URL"
ALREADY = "Feeds are already being refreshed"
_TROUBLE = ("failed", "waiting", "cancelled")
# Failures named one per line in the notification; the rest are counted.
_MAX_NAMED = 5


@dataclass
class RefreshTracker:
    total: int
    done: int = 0
    added: int = 0
    updated: int = 0
    failed: int = 0
    #: feed URL -> (its name, entries read, entries listed) while it is being read
    reading: dict[str, tuple[str, int, int]] = field(default_factory=dict)

    def update(self, event: RefreshProgress) -> bool:
        """Take one progress event; True when a feed just finished with new or
        changed articles (the library is then worth reloading)."""
        if event.stage == "fetching":
            self.reading[event.url] = (event.name, 0, 0)
        elif event.stage == "entries":
            self.reading[event.url] = (event.name, event.done, event.total)
        elif event.stage == "done":
            self.reading.pop(event.url, None)
            self.done += 1
            report = event.report
            if report is None:
                return False
            self.added += len(report.added)
            self.updated += len(report.updated)
            if report.status in ("failed", "waiting"):
                self.failed += 1
            return bool(report.added or report.updated)
        return False

    def status(self) -> str:
        """One line: feed n of m, the feed being read and its entries, counts so far."""
        line = f"Refreshing feeds: {self.done} of {self.total} done"
        if self.reading:
            name, done, total = next(reversed(self.reading.values()))
            line += f" · {short(name, 30)}: " + (
                f"{done}/{plural(total, 'entry', 'entries')}" if total else "fetching"
            )
        if self.added:
            line += f" · {self.added} new"
        if self.updated:
            line += f" · {self.updated} updated"
        if self.failed:
            line += f" · {self.failed} failed"
        return visible(line)


def _clock(stamp: str) -> str:
    """An ISO stamp as the notification says it: ``2026-12-06 03:15 UTC``."""
    return stamp[:16].replace("T", " ") + " UTC" if len(stamp) >= 16 else stamp


def _reason(report: FeedReport) -> str:
    # One line each, whatever a server put in its error page or a feed in its name.
    why = short(report.reason or "no reason given", 100)
    return f"{short(report.name, 40)}: {report.status}, {why}"


def summary_text(summary: RefreshSummary) -> tuple[str, str]:
    """The notification at the end, and its severity (Textual's names)."""
    feeds = summary.feeds
    if not feeds:
        return NO_FEEDS, "information"
    added = sum(len(r.added) for r in feeds)
    changed = sum(len(r.updated) for r in feeds)
    trouble = [r for r in feeds if r.status in _TROUBLE]
    failed = [r for r in trouble if r.status != "cancelled"]
    shared = sum(len(r.shared) for r in feeds)
    lines = [
        f"{plural(len(feeds), 'feed')} refreshed: {plural(added, 'new article')}, "
        f"{changed} updated, {len(failed)} failed"
        + (f", {shared} filed under a further feed" if shared else "")
    ]
    # What a changed text could not take along: said as the CLI says it.
    lines += [
        line.strip()
        for line in reanchor_lines(
            sum(r.orphaned for r in feeds),
            sum(r.rejections_dropped for r in feeds),
            sum(r.requoted for r in feeds),
        )
    ]
    summaries = sum(len(r.summary_only) for r in feeds)
    waiting = sum(r.pages_waiting for r in feeds)
    soonest = min((r.next_page_try for r in feeds if r.next_page_try), default="")
    if summaries or waiting:
        # Not "the next refresh": a page that failed waits a while (an hour,
        # then longer) before it is asked for again.
        failed_now = f"{summaries} failed now, " if summaries and waiting else ""
        lines.append(
            f"{plural(summaries + waiting, 'entry', 'entries')} kept as the feed's summary "
            f"alone ({failed_now}pages not fetched; asked for again after a back-off"
            + (f", the first from {_clock(soonest)}" if soonest else "")
            + ")"
        )
    lines += [_reason(r) for r in trouble[:_MAX_NAMED]]
    if len(trouble) > _MAX_NAMED:
        lines.append(f"… and {len(trouble) - _MAX_NAMED} more (newsread feed list)")
    skipped = [(r.name, origin, why) for r in feeds for origin, why in r.rejected]
    if skipped:
        lines.append(f"{plural(len(skipped), 'entry', 'entries')} skipped:")
        lines += [
            f"  {short(origin, 60)} ({short(name, 30)}): {short(why, 80)}"
            for name, origin, why in skipped[:_MAX_NAMED]
        ]
        if len(skipped) > _MAX_NAMED:
            lines.append(f"  … and {len(skipped) - _MAX_NAMED} more (newsread refresh names them)")
    severity = "warning" if failed else "information"
    return visible("\n".join(lines)), severity
