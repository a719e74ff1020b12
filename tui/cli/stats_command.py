"""``newsread stats [--json]``: the library's figures (storage.stats computes
them) as tables, or as one JSON document.

The tables are built here from Rich alone, and the statistics screen draws the
same ones (tui.screens.stats), so the command and the screen never disagree
on what a figure is called or how it is ordered.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING

from newsread.sanitize import json_for_terminal, visible
from tui.cli.common import open_library

if TYPE_CHECKING:
    from rich.console import RenderableType
    from rich.table import Table
    from rich.text import Text

    from storage.stats import Bucket, LibraryStats, Ranked

#: Width of the longest bar in the plain output's time line, when it fits.
BAR_WIDTH = 30
#: Narrower bars than this say nothing: the time line goes without them.
MIN_BAR_WIDTH = 4
_EIGHTHS = " ▏▎▍▌▋▊▉"


def cmd_stats(args: argparse.Namespace) -> int:
    from newsread.config import read_config
    from storage.paths import config_path
    from storage.stats import annotator_of, library_stats

    library = open_library(args, existing=True)
    # A config with a mistake elsewhere must not stop a read-only report:
    # read_config keeps what it could read.
    config, _ = read_config(config_path())
    try:
        stats = library_stats(library, default_annotator=annotator_of(config))
    finally:
        library.close()
    for problem in stats.damaged:
        sys.stderr.write(f"newsread: skipped {visible(problem)}\n")
    if args.json:
        data = json.dumps(stats.to_json(), ensure_ascii=False, indent=2)
        sys.stdout.write(json_for_terminal(data) + "\n")
        return 0
    from tui.cli.common import out

    out.print(summary(stats))
    for renderable in tables(stats, bars=True, width=out.width):
        out.print()
        out.print(renderable)
    note = analysis_note(stats)
    if note is not None:
        out.print()
        out.print(note)
    return 0


def summary(stats: LibraryStats) -> Text:
    """One line: articles, how many annotated (the share), annotations, analyses."""
    from rich.text import Text

    from tui.wording import plural

    line = Text(plural(stats.articles, "article"), style="bold")
    if stats.articles:
        line.append(f", {stats.annotated_articles} annotated ({stats.annotated_share:.0%})")
    line.append(", " + plural(stats.annotations, "annotation"))
    if stats.orphans:
        line.append(f" ({stats.orphans} not placed)")
    line.append(f", {stats.analysed_articles} analysed")
    if stats.articles:
        line.append(f" ({stats.analysed_articles / stats.articles:.0%})")
    return line


def tables(stats: LibraryStats, bars: bool = False, width: int = 80) -> list[RenderableType]:
    """Every figure as a table, in the order the screen shows them. ``bars``
    adds a bar per step of the time line (the screen draws a chart instead),
    as wide as ``width`` columns leave room for."""
    found: list[RenderableType] = []
    if stats.per_tag:
        found.append(_counts("Annotations per tag", "tag", stats.per_tag))
    if stats.per_annotator:
        found.append(_counts("Annotations per annotator", "annotator", stats.per_annotator))
    if stats.timeline:
        found.append(timeline_table(stats, bars, width))
    if stats.claims_by_kind:
        found.append(_counts("Claims by kind", "kind", stats.claims_by_kind))
    if stats.top_entities:
        found.append(_ranked("Top entities", stats.top_entities, entity=True))
    if stats.top_speakers:
        found.append(_ranked("Top speakers", stats.top_speakers, entity=False))
    if stats.entities_by_label:
        found.append(_counts("Entities by label", "label", stats.entities_by_label))
    return found


def analysis_note(stats: LibraryStats) -> Text | None:
    """Why there are no entities, speakers or claims, when none is analysed."""
    from rich.text import Text

    if stats.analysed_articles or not stats.articles:
        return None
    return Text(
        "No article has a current analysis yet: entities, speakers and claims appear "
        "once articles are analysed (import analyses them; the reader does when one is opened).",
        style="dim",
    )


def timeline_title(stats: LibraryStats) -> str:
    undated = []
    if stats.undated_articles:
        undated.append(f"{stats.undated_articles} articles")
    if stats.undated_annotations:
        undated.append(f"{stats.undated_annotations} annotations")
    title = f"Articles and annotations per {stats.grain}"
    return title + (f" ({' and '.join(undated)} without a date)" if undated else "")


def timeline_table(stats: LibraryStats, bars: bool = False, width: int = 80) -> Table:
    """The time line's counts, and with ``bars`` a bar beside each count, both
    bars drawn to one scale (the caption says it) and shortened to fit
    ``width``: at 80 columns two 30-cell bars left Rich no room but to
    squeeze the count columns, headers and numbers, out of the table."""
    rows = _trim(stats.timeline)
    top = max((n for b in rows for n in (b.articles, b.annotations)), default=0)
    for cells in range(BAR_WIDTH if bars and top else 0, MIN_BAR_WIDTH - 1, -1):
        table = _timeline_rows(stats, rows, top, cells)
        if _fits(table, width):
            return table
    return _timeline_rows(stats, rows, top, 0)  # no room for bars that say anything


def _fits(table: Table, width: int) -> bool:
    from rich.console import Console
    from rich.measure import Measurement

    # Measured on a console wider than any table: Rich clamps a measure to
    # the console's width, which would say every table fits.
    console = Console(width=10_000, color_system=None)
    return Measurement.get(console, console.options, table).maximum <= width


def _timeline_rows(stats: LibraryStats, rows: list[Bucket], top: int, cells: int) -> Table:
    """The time line table, with bars ``cells`` wide to the scale ``top``, or
    none for 0 cells."""
    table = _table(timeline_title(stats))
    table.add_column(stats.grain, no_wrap=True)
    table.add_column("articles", justify="right", no_wrap=True)
    if cells:
        table.add_column("", no_wrap=True, style="cyan", width=cells)
    table.add_column("annotations", justify="right", no_wrap=True)
    if cells:
        table.add_column("", no_wrap=True, style="yellow", width=cells)
        table.caption = f"one scale for both bars: {cells} cells = {top}"
        table.caption_justify = "left"
        table.caption_style = "dim"
    for bucket in rows:
        line = [bucket.label, str(bucket.articles)]
        if cells:
            line.append(bar(bucket.articles, top, cells))
        line.append(str(bucket.annotations))
        if cells:
            line.append(bar(bucket.annotations, top, cells))
        table.add_row(*line)
    return table


def _trim(buckets: list[Bucket]) -> list[Bucket]:
    """The time line without its empty ends: a day grain keeps the span whole
    for the chart, but a table of empty leading rows says nothing."""
    used = [i for i, b in enumerate(buckets) if b.articles or b.annotations]
    return buckets[used[0] : used[-1] + 1] if used else []


def bar(value: int, most: int, width: int = BAR_WIDTH) -> str:
    """A horizontal bar in eighths of a cell, ``width`` cells for ``most``."""
    if most <= 0 or value <= 0:
        return ""
    eighths = max(1, round(value / most * width * 8))
    return "█" * (eighths // 8) + (_EIGHTHS[eighths % 8] if eighths % 8 else "")


def _table(title: str) -> Table:
    from rich import box
    from rich.table import Table

    # The title sits above as a caption of its own width: Rich would wrap it to
    # the width of a narrow table ("Annotations per" / "tag").
    return Table(
        box=box.SIMPLE_HEAD,
        show_edge=False,
        header_style="dim",
        min_width=len(title),
        title=title,
        title_justify="left",
        title_style="bold",
    )


def _counts(title: str, what: str, rows: list[tuple[str, int]]) -> Table:
    from rich.text import Text

    from newsread.sanitize import visible_line

    table = _table(title)
    table.add_column(what)
    table.add_column("count", justify="right")
    for name, count in rows:
        # Tag and annotator names come from people and files: literal, escapes
        # visible, one row each (a tab or newline split a name over two).
        table.add_row(Text(visible_line(name)), str(count))
    return table


def _ranked(title: str, rows: list[Ranked], entity: bool) -> Table:
    from tui.widgets.shown import shown

    table = _table(title)
    table.add_column("#", justify="right", style="dim")
    # Speakers run long ("Sellin Terminals chief executive Oskar Brandt"): cut, so
    # the screen can set the tables side by side.
    table.add_column(
        "entity" if entity else "speaker", max_width=26, overflow="ellipsis", no_wrap=True
    )
    if entity:
        table.add_column("label")
    table.add_column("mentions" if entity else "claims", justify="right")
    table.add_column("articles", justify="right")
    for n, row in enumerate(rows, 1):
        cells: list[str | Text] = [str(n), shown(row.text)]
        if entity:
            cells.append(shown(row.label))
        cells += [str(row.mentions), str(row.articles)]
        table.add_row(*cells)
    return table
