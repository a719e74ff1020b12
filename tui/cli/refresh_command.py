"""``newsread refresh``: fetch every subscribed feed into the library."""

from __future__ import annotations

import argparse
import sys

from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn
from rich.text import Text

from newsread.sanitize import visible
from newsread.stamps import moment
from storage.refresh import (
    FeedReport,
    PagePolicy,
    RefreshProgress,
    RefreshSummary,
    refresh_feeds,
)
from tui.cli.analysis_commands import analyse_with_progress
from tui.cli.common import err, open_library, out, user_config
from tui.cli.entry_lines import EntryGroup, entry_groups
from tui.wording import plural, reanchor_lines


class _Bars:
    """One Rich progress bar per feed on stderr; plain lines when stderr is not
    a terminal (a log file gets one line per feed, no cursor games)."""

    def __init__(self) -> None:
        self.live = err.is_terminal
        self.progress = Progress(
            # Feed names and reasons are not markup: "[local]" must stay as it is.
            TextColumn("{task.description}", markup=False),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[status]}", markup=False),
            console=err,
            transient=False,
        )
        self.tasks: dict[str, TaskID] = {}
        self.totals: dict[str, int] = {}

    def __enter__(self) -> _Bars:
        if self.live:
            self.progress.start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self.live:
            self.progress.stop()

    def __call__(self, event: RefreshProgress) -> None:
        if not self.live:
            # A feed in trouble is named once, with its reason, in the summary.
            report = event.report
            if event.stage == "done" and report is not None and report.status not in _TROUBLE:
                sys.stderr.write(f"{visible(event.name)}: {visible(_short(report))}\n")
            return
        task = self.tasks.get(event.url)
        if task is None:
            task = self.progress.add_task(visible(event.name), total=None, status="")
            self.tasks[event.url] = task
        if event.stage == "fetching":
            self.progress.update(task, status="fetching")
        elif event.stage == "entries":
            self.totals[event.url] = event.total
            self.progress.update(task, total=event.total, completed=event.done, status="reading")
        elif event.stage == "done" and event.report is not None:
            total = self.totals.get(event.url) or 1
            status = visible(_short(event.report))
            self.progress.update(task, total=total, completed=total, status=status)


_TROUBLE = ("failed", "waiting", "cancelled")
#: ``refresh``'s exit status when any feed failed (README, "Feeds").
EXIT_FAILED = 1


def _short(report: FeedReport) -> str:
    if report.status in _TROUBLE:
        return report.status  # the reason is in the summary: said once
    parts = []
    if report.added:
        parts.append(f"{len(report.added)} new")
    if report.updated:
        parts.append(f"{len(report.updated)} updated")
    if report.shared:
        parts.append(f"{len(report.shared)} already in the library, now under this feed too")
    if report.duplicates:
        parts.append(f"{len(report.duplicates)} already in the library from elsewhere")
    return ", ".join(parts) or report.status


def _filed(summary: RefreshSummary) -> list[str]:
    """The feeds that only gained stories already in the library (another
    feed's): said when there are some, as they are neither new nor unchanged."""
    filed = len(summary.with_status("filed"))
    return [f", {filed} with known articles only (filed under it too)"] if filed else []


def print_summary(summary: RefreshSummary) -> None:
    """One line of counts on stdout, the feeds' then the articles' (each named:
    "1 new (1 article added), 1 updated (3 changed)" read as feeds and articles
    mixed); then each failed or waiting feed, notes and skipped entries on
    stderr, one line each with the reason."""
    feeds = summary.feeds
    failed = summary.with_status("failed")
    waiting = summary.with_status("waiting")
    added = sum(len(r.added) for r in feeds)
    changed = sum(len(r.updated) for r in feeds)
    parts: list[str | tuple[str, str]] = [
        f"{plural(len(feeds), 'feed')}: ",
        (f"{len(summary.with_status('new'))} with new articles", "green"),
        ", ",
        (f"{len(summary.with_status('updated'))} with updates only", "cyan"),
        *_filed(summary),
        f", {len(summary.with_status('unchanged', 'not modified'))} unchanged, ",
        (f"{len(failed)} failed", "red" if failed else ""),
    ]
    if waiting:
        parts.append((f", {len(waiting)} waiting", "yellow"))
    # The articles as each feed's progress line counts them ("Valley: 1 new").
    parts += ["; articles: ", (f"{added} new", "green"), ", ", (f"{changed} updated", "cyan")]
    shared = sum(len(r.shared) for r in feeds)
    if shared:
        # Counted by the feeds that gained them: "6 unchanged" hid that.
        parts.append(f", {shared} filed under a further feed")
    skipped = sum(len(r.rejected) for r in feeds)
    if skipped:
        parts.append((f"; {plural(skipped, 'entry', 'entries')} skipped", "yellow"))
    # soft_wrap: one line for scripts and logs, however narrow the terminal.
    out.print(Text.assemble(*parts), soft_wrap=True)
    orphaned = sum(r.orphaned for r in feeds)
    dropped = sum(r.rejections_dropped for r in feeds)
    requoted = sum(r.requoted for r in feeds)
    for line in reanchor_lines(orphaned, dropped, requoted):
        out.print(line, markup=False, soft_wrap=True)
    for report in feeds:
        where = visible(
            report.name if report.name == report.url else f"{report.name} ({report.url})"
        )
        if report.status in ("failed", "waiting"):
            sys.stderr.write(f"{report.status} {where}: {visible(report.reason)}\n")
        elif report.reason:
            sys.stderr.write(f"note {where}: {visible(report.reason)}\n")
        # Each entry with its feed's name: a line of its own, grep-able, whether
        # or not the feed had a line above; entries that failed alike at one
        # host share one line (a site that is down is not 2,000 lines).
        name = visible(report.name)
        for group in entry_groups(report.rejected):
            if len(group.origins) == 1:
                where = f"entry {visible(group.origins[0])}"
            else:
                where = f"{len(group.origins)} entries at {visible(group.host)}"
            sys.stderr.write(f"skipped {where} of {name}: {visible(group.reason)}{_e_g(group)}\n")
        for group in entry_groups(report.summary_only):
            if len(group.origins) == 1:
                sys.stderr.write(
                    f"summary only {visible(group.origins[0])} of {name}: {visible(group.reason)} "
                    "(the feed's summary is its text until its page comes)\n"
                )
            else:
                sys.stderr.write(
                    f"summary only: {len(group.origins)} entries of {name} at "
                    f"{visible(group.host)}: {visible(group.reason)}{_e_g(group)} (the feed's "
                    "summary is their text until their pages come)\n"
                )
        waiting = len(report.summary_only) + report.pages_waiting
        if waiting and report.next_page_try:
            sys.stderr.write(f"pages of {name}: {_retry_note(waiting, report.next_page_try)}\n")


def _e_g(group: EntryGroup) -> str:
    return f" (e.g. {visible(group.origins[0])})" if len(group.origins) > 1 else ""


def _retry_note(count: int, soonest: str) -> str:
    """When the pages that failed are asked for again: each after its own
    back-off (an hour after the first failure, then longer), the soonest named."""
    when = moment(soonest)
    at = when.strftime("%Y-%m-%d %H:%M UTC") if when is not None else soonest
    pages = plural(count, "page")
    return (
        f"{pages} not fetched yet, asked for again after a back-off, the first from {at} "
        "(newsread refresh --pages asks now)"
    )


def cmd_refresh(args: argparse.Namespace) -> int:
    library = open_library(args, existing=True)
    with _Bars() as bars:
        pages = PagePolicy(days=args.pages_days) if args.pages else None
        summary = refresh_feeds(library, args.feed or None, progress=bars, pages=pages)
    if not summary.feeds:
        out.print("No feeds to refresh. Subscribe with: newsread feed add URL", markup=False)
        return 0
    if summary.fresh and not args.no_analyze:
        analyse_with_progress(library, summary.fresh, user_config())
    print_summary(summary)
    # For cron and scripts: 1 when a feed failed (its reason is on stderr). A
    # feed waiting out the Retry-After its server sent is no failure: it is
    # asked again once that time has passed.
    return EXIT_FAILED if summary.with_status("failed") else 0
