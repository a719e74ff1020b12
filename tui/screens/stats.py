"""The statistics screen: the figures ``newsread stats`` prints (storage.stats
computes both), with the articles and annotations over time drawn as a chart.

The figures are counted in a worker thread: at 10,000 articles the pass over
the annotation and analysis files takes seconds, and the event loop must keep
answering keys meanwhile (escape closes the screen before they arrive).
"""

from __future__ import annotations

from rich.columns import Columns
from rich.text import Text
from textual import events, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.widgets import Static
from textual_plotext import PlotextPlot

from storage.stats import LibraryStats, annotator_of, library_stats
from tui.cli.stats_command import analysis_note, summary, tables, timeline_title
from tui.context import app_context
from tui.screens.key_places import KeysInPlace
from tui.screens.keyed import KeyedScreen
from tui.widgets.footer import KeyFooter
from tui.widgets.keyed import KeyedVerticalScroll
from tui.widgets.shown import visible

#: Up to this many steps the time line is drawn as bars; more as lines, which
#: stay readable where a bar would be narrower than a cell.
MOST_BARS = 16
#: The most date labels under the chart: more would run into each other.
MOST_TICKS = 8
#: The most count labels beside the chart.
MOST_COUNT_TICKS = 6


class StatsScreen(KeysInPlace, KeyedScreen):
    #: the pane the focus stays in, whose scroll keys come first (tui.keymap checks them)
    FOCUSED_WIDGETS = (KeyedVerticalScroll,)
    BINDINGS = [
        Binding("escape", "close", "Back", id="stats.close"),
        Binding("q", "close", "Back", show=False, id="stats.close_alt"),
        Binding("R", "reload", "Count again", id="stats.reload"),
    ]

    DEFAULT_CSS = """
    StatsScreen #stats-title {
        height: 1;
        padding: 0 1;
        background: $primary;
        color: $text;
        text-style: bold;
    }
    StatsScreen #stats-summary {
        padding: 0 1;
    }
    StatsScreen #stats-chart {
        height: 16;
        margin: 0 1;
    }
    StatsScreen #stats-tables {
        padding: 0 1;
    }
    """

    class Counted(Message):
        def __init__(self, stats: LibraryStats | None, error: str = "") -> None:
            super().__init__()
            self.stats = stats
            self.error = error

    def __init__(self) -> None:
        super().__init__()
        #: the figures last counted; None until the first count arrives
        self.stats: LibraryStats | None = None
        self.error = ""

    @property
    def loaded(self) -> bool:
        return self.stats is not None or bool(self.error)

    def compose(self) -> ComposeResult:
        yield Static("Statistics", id="stats-title")
        with KeyedVerticalScroll(id="stats-body"):
            yield Static(Text("Counting…", style="dim"), id="stats-summary")
            yield PlotextPlot(id="stats-chart")
            yield Static("", id="stats-tables")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#stats-chart").display = False
        self._count()

    def action_reload(self) -> None:
        self.query_one("#stats-summary", Static).update(Text("Counting…", style="dim"))
        self._count()

    def action_close(self) -> None:
        self.dismiss()

    @work(thread=True, exclusive=True, group="stats", exit_on_error=False)
    def _count(self) -> None:
        context = app_context(self.app)
        try:
            stats = library_stats(context.library, annotator_of(context.config))
        except Exception as exc:  # noqa: BLE001 - shown on the screen, the app keeps going
            self.post_message(self.Counted(None, visible(f"cannot count: {exc}")))
            return
        self.post_message(self.Counted(stats))

    def on_stats_screen_counted(self, message: Counted) -> None:
        self.error = message.error
        if message.stats is None:
            self.query_one("#stats-summary", Static).update(Text(self.error, style="red"))
            return
        stats = self.stats = message.stats
        line = summary(stats)
        if stats.damaged:
            line.append(f" ({len(stats.damaged)} unreadable annotation files left out)", "red")
        note = analysis_note(stats)
        if note is not None:
            # Under the summary, not among the tables: Columns would give every
            # column the width of this long line.
            line.append("\n").append_text(note)
        self.query_one("#stats-summary", Static).update(line)
        chart = self.query_one("#stats-chart", PlotextPlot)
        chart.display = bool(stats.timeline)
        if stats.timeline:
            draw_timeline(chart, stats, self._chart_width())
        # Side by side as far as the width allows, wrapping below.
        self.query_one("#stats-tables", Static).update(
            Columns(tables(stats), padding=(1, 3), align="left")
        )

    def _chart_width(self, screen_width: int | None = None) -> int:
        """The chart's width, known before its first layout: the screen's less
        the chart's margins and the scroll bar's room."""
        return max(0, (self.size.width if screen_width is None else screen_width) - 4)

    def on_resize(self, event: events.Resize) -> None:
        # How many date labels fit changes with the width.
        if self.stats is not None and self.stats.timeline:
            chart = self.query_one("#stats-chart", PlotextPlot)
            draw_timeline(chart, self.stats, self._chart_width(event.size.width))


def draw_timeline(chart: PlotextPlot, stats: LibraryStats, width: int = 0) -> None:
    """Articles and annotations per step of the time line, as two series;
    ``width``: the chart's cells across (0: not known yet), which decides how
    many of the date labels fit."""
    plt = chart.plt
    plt.clear_figure()
    labels = [b.label for b in stats.timeline]
    articles = [b.articles for b in stats.timeline]
    annotations = [b.annotations for b in stats.timeline]
    ticks = whole_ticks(max([*articles, *annotations, 0]))
    # Beside the plot: the count labels, their tick mark and the frame's two sides.
    plot_width = width - len(str(ticks[-1])) - 3 if width else 0
    if len(labels) <= MOST_BARS:
        # A bar as wide as its whole step would make one or two steps a wall;
        # the margin of half a step each side keeps the first and last off the frame.
        bar = 0.8 if len(labels) > 3 else 0.3
        # The series stand side by side, centred on the step's tick together:
        # one of nothing but zeros (a library not annotated yet) left the
        # other's bars half a bar left of their labels, so it is not drawn.
        drawn = [
            (name, counts)
            for name, counts in (("articles", articles), ("annotations", annotations))
            if any(counts)
        ] or [("articles", articles)]
        plt.multiple_bar(
            labels,
            [counts for _, counts in drawn],
            labels=[name for name, _ in drawn],
            width=bar,
        )
        plt.xlim(0, len(labels) + 1)
        # The bars stand at 1, 2, ...: plotext alone dropped the labels that
        # collided, leaving uneven gaps (01, 03, 04, 06); here a fixed step.
        xs = list(range(1, len(labels) + 1))
        every = label_step(labels, plot_width, len(labels) + 1)
    else:
        xs = list(range(len(labels)))
        plt.plot(xs, articles, label="articles", marker="braille")
        plt.plot(xs, annotations, label="annotations", marker="braille")
        # The first and last labels stand at the frame's edges, moved inwards
        # by up to half their length: the steps between them get that less room.
        room = plot_width - max(len(label) for label in labels) - 3 if plot_width else 0
        every = max(-(-len(labels) // MOST_TICKS), label_step(labels, room, len(labels) - 1))
    plt.xticks(xs[::every], labels[::every])
    # Counts are whole numbers: plotext's own ticks split the range evenly (2.2, 10.8).
    plt.yticks(ticks, [str(t) for t in ticks])
    plt.ylim(0, ticks[-1])
    plt.title(timeline_title(stats))
    chart.refresh()


def label_step(labels: list[str], plot_width: int, span: int) -> int:
    """Every how many steps a date label goes, the same step all along: each
    label where they all fit across ``plot_width`` cells (the x axis running
    over ``span`` steps), else every 2nd, 3rd, ...; with the width not known,
    at most MOST_TICKS labels."""
    if not labels:
        return 1
    if plot_width <= 0:
        return max(1, -(-len(labels) // MOST_TICKS))
    # A label, the free cell plotext wants each side of it, and one more: the
    # steps' columns are rounded, and plotext shifts a label that touches another.
    needed = max(len(label) for label in labels) + 3
    every = 1
    while every < len(labels) and every * plot_width < needed * max(span, 1):
        every += 1
    return every


def whole_ticks(top: int, most: int = MOST_COUNT_TICKS) -> list[int]:
    """At most ``most`` whole-number ticks from 0 to ``top`` or just above it,
    a round step apart (1, 2, 5, 10, 20, 50 …)."""
    scale = 1
    while True:
        for step in (scale, 2 * scale, 5 * scale):
            if -(-top // step) + 1 <= most:
                return list(range(0, max(1, -(-top // step)) * step + 1, step))
        scale *= 10
