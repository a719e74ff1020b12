"""The Textual application: library and reader screens over one library folder."""

from __future__ import annotations

import contextlib
import gc
import threading
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from textual import events, work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from newsread.config import Config, annotator_name, apply_analysis_settings
from newsread.sanitize import pasted, visible
from storage.atomic import map_index_reads
from storage.errors import LibraryError
from storage.library import Library
from storage.reading import ReadState
from tui.commands import binding_commands
from tui.keymap import canonical_keymap, help_rows, known_bindings, validate_keymap
from tui.keyorder import KeyOrder, KeysInOrder
from tui.models.refresh import ALREADY, NO_FEEDS, RefreshTracker, summary_text
from tui.screens.library import LibraryScreen
from tui.trace import say, trace_from_env
from tui.whole_pastes import reading_pastes_whole
from tui.widgets.article_table import ArticleTable
from tui.writer import BackgroundWriter

if TYPE_CHECKING:
    from textual.driver import Driver
    from textual.notifications import SeverityLevel

    from storage.history import History
    from storage.refresh import RefreshProgress
    from tui.first_paint import Painted
    from tui.models.library import QuickLoad


#: Seconds after the app's start at which the cyclic collector runs again even
#: if the first screen has not completed (see NewsreadApp.resume_collector).
COLLECTOR_PAUSE_MAX = 10.0


class NewsreadApp(KeysInOrder, App):
    TITLE = "newsread"
    CSS_PATH = "newsread.tcss"
    BINDINGS = [
        Binding("q", "quit", "Quit", id="app.quit"),
        Binding("question_mark", "help", "Keys", id="app.help"),
        Binding("T", "tags", "Tag manager", id="app.tags"),
        Binding("percent_sign", "stats", "Statistics", id="app.stats"),
        Binding("L", "annotations", "All annotations", id="app.annotations"),
        Binding("Q", "queue", "Suggestion queue", id="app.queue"),
        # Job control as in any terminal program: Textual binds no key to it,
        # and its raw mode makes ctrl+z a key the terminal does not act on.
        Binding("ctrl+z", "suspend_process", "Suspend", show=False, id="app.suspend"),
        # Textual's own app keys, bound here again with ids so that the help
        # screen names them and [keys] can move them.
        Binding(
            "ctrl+q",
            "quit",
            "Quit, from anywhere",
            show=False,
            priority=True,
            id="app.quit_anywhere",
        ),
        Binding("ctrl+c", "help_quit", "How to quit", show=False, system=True, id="app.help_quit"),
        Binding(
            "ctrl+p",
            "command_palette",
            "Palette",
            show=False,
            priority=True,
            id="app.command_palette",
        ),
    ]

    @staticmethod
    def widget_classes() -> tuple[type, ...]:
        """Widgets with bindings of their own (ids, help rows, remappable). The
        keyed table and list are imported only here and by the screens using
        them: Textual's DataTable is not needed for the first screen."""
        from tui.widgets.keyed import (
            KeyedDataTable,
            KeyedInput,
            KeyedOptionList,
            KeyedTextArea,
            KeyedVerticalScroll,
        )

        return (
            ArticleTable,
            KeyedDataTable,
            KeyedOptionList,
            KeyedVerticalScroll,
            KeyedInput,
            KeyedTextArea,
        )

    @staticmethod
    def screen_classes() -> tuple[type, ...]:
        """Every screen the app can show. The first screen needs only the
        library's; the others (the reader, with rapidfuzz and the analysis
        records behind it) are imported when first wanted: here, for checking a
        keymap, and the likeliest of them as the first screen goes idle (_warm)."""
        from tui.screens.annotations import AnnotationsScreen
        from tui.screens.dialogs import Chooser, InfoScreen, NoteEditor
        from tui.screens.help import HelpScreen
        from tui.screens.queue import QueueScreen
        from tui.screens.queue_restrict import RestrictDialog
        from tui.screens.reader import ReaderScreen
        from tui.screens.stats import StatsScreen
        from tui.screens.tag_dialogs import (
            ConfirmDialog,
            DestroyDialog,
            KeyCapture,
            TagChooser,
            TextPrompt,
        )
        from tui.screens.tag_picker import TagPicker
        from tui.screens.tags import TagManagerScreen

        return (
            LibraryScreen,
            ReaderScreen,
            TagPicker,
            HelpScreen,
            NoteEditor,
            Chooser,
            InfoScreen,
            TagManagerScreen,
            TextPrompt,
            ConfirmDialog,
            DestroyDialog,
            TagChooser,
            KeyCapture,
            StatsScreen,
            AnnotationsScreen,
            QueueScreen,
            RestrictDialog,
        )

    def __init__(
        self,
        library: Library,
        config: Config | None = None,
        *,
        collector_paused: bool = False,
        screen_drawn: bool = False,
        screen_taken: Callable[[], None] | None = None,
        first_load: QuickLoad | None = None,
        terminal_modes: list | None = None,
        notices: list[str] | None = None,
        search_limit: int | None = None,
    ) -> None:
        """``screen_drawn``: tui.first_paint has drawn the first screen on the
        alternate screen already; ``screen_taken`` is called once the app's
        driver has that screen (and will leave it when it stops);
        ``first_load``: what it read to draw it, for the library screen;
        ``terminal_modes``: the keyboard's modes from before it, which the
        driver restores when it stops; ``notices``: warnings from the start
        (a config's pipeline that is not installed), shown once the app is up;
        ``search_limit``: the most hits the library's search lists (by default
        tui.screens.library.SEARCH_LIMIT)."""
        kept = None
        if screen_drawn:
            kept = _keeping_the_screen(self.get_driver_class(), screen_taken, terminal_modes)
        super().__init__(driver_class=kept)
        #: the command paused the cyclic collector for the start (tui.cli.setup_commands)
        self._collector_paused = collector_paused
        self.library = library
        self._search_limit = search_limit
        self.config = config or Config()
        self._notices = list(notices or [])
        # Before any cached analysis is looked up: the keys name the model.
        apply_analysis_settings(self.config)
        self.tag_counts: Counter[str] = Counter()
        self._history: History | None = None
        self._history_lock = threading.Lock()
        # Each annotator goes through every article: read marks are theirs.
        self.reading = ReadState(library, annotator_name(self.config))
        self.writer = BackgroundWriter(self._report_write_error)
        self.refreshing = False
        self._warming = False
        self._first_load = first_load
        # Set on quit: a refresh still running stops at its next feed entry
        # instead of keeping the process alive until every feed is read.
        self._refresh_stop = threading.Event()
        self.trace = trace_from_env()
        self.keys = KeyOrder(self, self.handle_key_now)

    def get_driver_class(self) -> type[Driver]:
        # A paste holding ESC came in as stray keys, "^" first (tui.whole_pastes).
        return reading_pastes_whole(super().get_driver_class())

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Paste) and not event.is_forwarded:
            # Into any box, as every box shows it (newsread.sanitize.pasted).
            event.text = pasted(event.text)
        await super().on_event(event)

    def notify(self, message: str, **options: Any) -> None:
        say(self, f"notice: {message}")
        super().notify(message, **options)

    @classmethod
    def known_bindings(cls):
        return known_bindings(cls)

    @classmethod
    def check_keymap(cls, config: Config) -> None:
        validate_keymap(config.keys, cls.known_bindings(), str(config.path or "config"))

    def on_mount(self) -> None:
        if self._collector_paused:
            # Should the first screen never complete (its count failed), the
            # collector still comes back.
            self.set_timer(COLLECTOR_PAUSE_MAX, self.resume_collector)
        if self.config.keys:
            # As written ("Ctrl+T"), a key never matched what Textual reports (ctrl+t).
            self.set_keymap(canonical_keymap(self.config.keys))
        # spaCy warms up once the library screen has its titles and counts (it
        # calls warm_pipeline), or when the first article is opened: loading it
        # now would compete with the first paint.
        self.push_screen(LibraryScreen(search_limit=self._search_limit))
        if self._notices:
            # Printed on the shell's screen before the start, they were only
            # seen after quitting. One notice: a toast each (a key warning per
            # screen) covered half of an 80x24 library.
            notice = start_notice(self._notices)
            self.notify(visible(notice), severity="warning", timeout=15, markup=False)

    def set_tag_counts(self, per_tag: dict[str, int]) -> None:
        """Uses per tag as counted on disk (the library screen's scan brings them)."""
        self.tag_counts.clear()
        self.tag_counts.update({name: n for name, n in per_tag.items() if n})

    def take_first_load(self) -> QuickLoad | None:
        loaded, self._first_load = self._first_load, None
        return loaded

    def warm_pipeline(self) -> None:
        """Load spaCy in the background after the first screen, so the first
        article opened does not wait for it; once per app."""
        self.resume_collector()
        if not self._warming:
            self._warming = True
            self._warm()

    def resume_collector(self) -> None:
        """The first screen is complete: the cyclic collector runs again, if the
        command paused it for the start. What the start built (Textual, the
        modules, the first screen) is frozen first: it lives as long as the app,
        and every later full collection would scan it again for nothing."""
        if self._collector_paused:
            self._collector_paused = False
            gc.freeze()
            gc.enable()

    @property
    def history(self) -> History:
        """The undo/redo journal, opened when an edit first needs it."""
        with self._history_lock:  # the writer thread and the event loop may both ask
            if self._history is None:
                from storage.history import History

                # Named with each step it takes: another annotator's open
                # reader says who took their tag (storage.history.LastStep).
                self._history = History(self.library, by=annotator_name(self.config))
            return self._history

    @work(thread=True, exit_on_error=False, group="pipeline")
    def _warm(self) -> None:
        # An index from a newsread before spans gets them now, once: until then
        # every start parses it whole (storage.spans_repair).
        from storage.spans_repair import ensure_spans

        with contextlib.suppress(LibraryError):
            ensure_spans(self.library.root, self.library.lock)
        # The screens the next keys most likely open first (a fraction of a
        # second), then spaCy (seconds). Not the annotation queue and the
        # statistics (plotext): rarely opened, they are imported when first
        # asked for, and held 7 MB for nothing in every app until then.
        import tui.screens.annotations
        import tui.screens.help
        import tui.screens.reader
        import tui.screens.tag_dialogs
        import tui.screens.tag_picker
        import tui.screens.tags  # noqa: F401
        from newsread.analysis.pipeline import PipelineError, load_pipeline

        # A failure is reported by the reader when it needs the pipeline.
        with contextlib.suppress(PipelineError):
            load_pipeline(self.config.pipeline)
        from tui.memory import release_free_memory

        # The model's file buffers and the first load's parse are freed by now.
        release_free_memory()

    def _report_write_error(self, message: str) -> None:
        # After the app has gone the CLI reports failures itself.
        with contextlib.suppress(RuntimeError):
            self.call_from_thread(
                self.notify, visible(message), severity="error", timeout=10, markup=False
            )

    def open_article(
        self, article_id: str, copies: list[dict[str, Any]] | None = None, find: Any = None
    ) -> None:
        """Read the article and what belongs to it off the event loop, then show
        it. ``copies``: the other articles of its story when the caller knows them
        (the library screen does); else they are looked up in the index.
        ``find``: a search's SearchJump (tui.models.library): the reader opens
        on its first match. Keys typed meanwhile wait for the reader."""
        say(self, f"open article {article_id}")
        self._read_article(article_id, copies, find, self.keys.expect_screen())

    @work(thread=True, exclusive=True, group="open", exit_on_error=False)
    def _read_article(
        self,
        article_id: str,
        copies: list[dict[str, Any]] | None,
        find: Any,
        token: object,
    ) -> None:
        self.warm_pipeline()
        try:
            article = self.library.get_article(article_id)
            annotations = self.library.annotations(article_id)
            tags = self.library.tags()
            rejected = self.library.rejected(article_id)
            group = article.story_group
            if copies is None:
                copies = [
                    m
                    for m in self.library.article_metas()
                    if group and m.get("story_group") == group and m["id"] != article_id
                ]
        except Exception as exc:  # noqa: BLE001 - shown to the user, the app keeps going
            say(self, f"article {article_id} cannot be read: {exc}")
            self.call_from_thread(self.keys.arrived, token)
            self.call_from_thread(
                self.notify, visible(str(exc)), severity="error", timeout=8, markup=False
            )
            return
        # Opened is read. Through the writer, so the reader never waits on fsync.
        self.writer.submit(lambda: self.reading.mark([article_id]))
        from tui.screens.reader import ReaderScreen

        def show() -> None:
            # Widgets are built on the event loop's thread, never in a worker.
            reader = ReaderScreen(article, annotations, tags, rejected, copies)
            if find is not None:
                reader.find_on_open(find)
            self.push_screen(reader)
            say(self, f"article {article_id} shown")
            self.keys.arrived(token)

        self.call_from_thread(show)

    # -- refreshing feeds ------------------------------------------------------------------

    def refresh_feeds(self) -> None:
        """Refresh every subscribed feed in the background; one refresh at a time."""
        if self.refreshing:
            self.notify(ALREADY, timeout=3)
            return
        self.refreshing = True
        self._refresh_worker()

    def open_next_unannotated(self, after: str) -> bool:
        screens = self._library_screens()
        if not screens or screens[-1].model.next_unannotated(after) is None:
            return False
        library = screens[-1]
        # Back to the library (the reader and anything over it), which opens it.
        while self.screen is not library:
            self.pop_screen()
        return library.open_next_unannotated(after)

    def open_neighbour(self, after: str, step: int, unread: bool = False) -> bool:
        screens = self._library_screens()
        if not screens or screens[-1].model.neighbour(after, step, unread) is None:
            return False
        library = screens[-1]
        while self.screen is not library:
            self.pop_screen()
        return library.open_neighbour(after, step, unread)

    def unlisted(self, article_id: str) -> str:
        screens = self._library_screens()
        return screens[-1].model.unlisted(article_id) if screens else ""

    def search_library(self, query: str) -> bool:
        """Back to the library (over the reader and anything on it), searching
        for ``query``; False when there is no library screen to go back to."""
        screens = self._library_screens()
        if not screens:
            return False
        library = screens[-1]
        while self.screen is not library:
            self.pop_screen()
        library.search_for(query)
        return True

    def _library_screens(self) -> list[LibraryScreen]:
        return [s for s in self.screen_stack if isinstance(s, LibraryScreen)]

    def _show_refresh(self, text: str, reload: bool = False) -> None:
        for screen in self._library_screens():
            screen.show_refresh(text)
            if reload:
                screen.reload()

    def _refresh_ended(self, message: str, severity: str) -> None:
        self.refreshing = False
        self._show_refresh("", reload=True)
        if message:  # "" after new articles were told of and analysed without trouble
            self._notify_refresh(message, severity)

    def _refresh_fetched(self, message: str, severity: str) -> None:
        self._show_refresh("", reload=True)
        self._notify_refresh(message, severity)

    def _notify_refresh(self, message: str, severity: str) -> None:
        timeout = 12 if severity != "information" else 6
        level = cast("SeverityLevel", severity)
        self.notify(message, severity=level, timeout=timeout, markup=False)

    def _analyse_fresh(self, articles: list[Any]) -> str:
        """Analyse what the refresh added or changed, on this worker's thread,
        as ``newsread refresh`` does: else search and statistics miss them
        until each is opened. Returns a problem to tell, or ""."""
        from tui.models.refresh_analysis import analyse_fresh, analysing_status

        def progress(done: int, total: int) -> None:
            self.call_from_thread(self._show_refresh, analysing_status(done, total))

        return analyse_fresh(
            self.library, articles, self.config.pipeline, progress, self._refresh_stop
        )

    @work(thread=True, exit_on_error=False, group="refresh")
    def _refresh_worker(self) -> None:
        # Imported here: the network stack is not needed to open the app.
        from storage.feeds import list_feeds
        from storage.refresh import refresh_feeds

        message, severity = NO_FEEDS, "information"
        try:
            total = len(list_feeds(self.library))
            if total:
                tracker = RefreshTracker(total)
                self.call_from_thread(self._show_refresh, tracker.status())

                def progress(event: RefreshProgress) -> None:
                    # Called on this thread (refresh_feeds' calling thread).
                    changed = tracker.update(event)
                    self.call_from_thread(self._show_refresh, tracker.status(), changed)

                summary = refresh_feeds(self.library, progress=progress, stop=self._refresh_stop)
                message, severity = summary_text(summary)
                if summary.fresh and not self._refresh_stop.is_set():
                    # Said now: the new titles are listed while they are analysed.
                    self.call_from_thread(self._refresh_fetched, message, severity)
                    message, severity = self._analyse_fresh(summary.fresh), "warning"
        except Exception as exc:  # noqa: BLE001 - shown to the user, the app keeps going
            message, severity = visible(f"refresh failed: {exc}"), "error"
        finally:
            # After quit there is no app to tell.
            with contextlib.suppress(RuntimeError):
                self.call_from_thread(self._refresh_ended, message, severity)

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield from binding_commands(self, screen)
        yield SystemCommand(
            "Export annotations…",
            "every annotation, or one tag's: json, jsonl, w3c, csv, spacy, doccano, labelstudio",
            self.action_export,
        )

    def action_export(self) -> None:
        from tui.export_action import start_export

        start_export(self, self.library)

    def action_help(self) -> None:
        from tui.screens.help import HelpScreen

        if isinstance(self.screen, HelpScreen):
            return
        screen = self.screen
        rows = help_rows(
            ((key, active.binding) for key, active in screen.active_bindings.items()),
            self.get_key_display,
        )
        self.push_screen(HelpScreen(screen_title(screen), rows))

    def action_tags(self) -> None:
        from tui.screens.tags import TagManagerScreen

        if isinstance(self.screen, TagManagerScreen):
            return
        self._mark_reader_stale()
        self.push_screen(TagManagerScreen())

    def action_annotations(self) -> None:
        from tui.screens.annotations import AnnotationsScreen

        if not isinstance(self.screen, AnnotationsScreen):
            self._mark_reader_stale()
            self.push_screen(AnnotationsScreen())

    def action_queue(self) -> None:
        from tui.screens.queue import QueueScreen

        if not isinstance(self.screen, QueueScreen):
            self._mark_reader_stale()
            self.push_screen(QueueScreen())

    def _mark_reader_stale(self) -> None:
        """A screen that writes annotations is going over the reader: it reads
        its article again when it comes back."""
        from tui.screens.reader import ReaderScreen

        if isinstance(self.screen, ReaderScreen):
            self.screen.stale = True

    def action_stats(self) -> None:
        from tui.screens.stats import StatsScreen

        if not isinstance(self.screen, StatsScreen):
            self.push_screen(StatsScreen())

    async def action_quit(self) -> None:
        from tui.screens.dialogs import NoteEditor

        # ctrl+q quits from anywhere, the note editor too: a note being typed
        # is asked about first, as escape asks, never dropped unsaid.
        if any(isinstance(s, NoteEditor) and s.would_lose_typing() for s in self.screen_stack):
            from tui.screens.tag_dialogs import DestroyDialog

            if isinstance(self.screen, DestroyDialog):
                return  # asked already: a second ctrl+q is no answer

            def answered(quit_anyway: bool | None) -> None:
                if quit_anyway:
                    self._quit_now()

            self.push_screen(DestroyDialog("Quit and discard the note being typed?"), answered)
            return
        self._quit_now()

    def _quit_now(self) -> None:
        self._refresh_stop.set()
        self.writer.close()
        self.exit()


def start_notice(notices: list[str]) -> str:
    """The warnings from the start (a config's pipeline that is not installed,
    keys another binding answers first) said as one notice: one as it is;
    several counted, the first of them said, the rest left to the command
    that lists them all (and to the shell's screen, where they were printed)."""
    if len(notices) == 1:
        return notices[0]
    return f"{len(notices)} warnings at start (newsread config check lists them); 1: {notices[0]}"


#: What the help screen calls each screen.
SCREEN_TITLES = {
    "LibraryScreen": "Library",
    "ReaderScreen": "Reader",
    "TagManagerScreen": "Tag manager",
    "StatsScreen": "Statistics",
    "AnnotationsScreen": "Annotations",
    "QueueScreen": "Suggestion queue",
}


def screen_title(screen: Screen) -> str:
    return SCREEN_TITLES.get(type(screen).__name__, type(screen).__name__)


def _keeping_the_screen(
    driver: type[Driver],
    taken: Callable[[], None] | None = None,
    user_modes: list | None = None,
) -> type[Driver]:
    """``driver`` that does not enter the alternate screen the first time: the
    first paint is there already, and xterm (among others) clears that screen
    when it is entered again, which made the titles blink out until the first
    frame. Should Textual enter it otherwise one day, the cost is that blink.
    ``taken`` is called then: from there the driver leaves the screen when it
    stops; before it, the first paint's code has to.

    The keyboard is still in the paint's modes when the driver starts (put
    back earlier, keys typed in between were read in the user's: Enter as
    ctrl+j, ctrl+\\ as SIGQUIT), so the driver would save those as the ones to
    restore: it restores ``user_modes`` instead, and its raw mode is made from
    them as it would have been."""

    class KeepingTheScreen(driver):  # type: ignore[valid-type, misc]
        _entered = False
        _user_modes = user_modes

        def write(self, data: str) -> None:
            if not self._entered and data == "\x1b[?1049h":
                self._entered = True
                if taken is not None:
                    taken()
                return
            super().write(data)

        def start_application_mode(self) -> None:
            super().start_application_mode()
            # Once only: after a suspend the modes it finds are the user's own.
            modes, self._user_modes = self._user_modes, None
            if modes is not None and getattr(self, "attrs_before", None) is not None:
                self.attrs_before = modes
                _raw_from(self, modes)

    return KeepingTheScreen


def _raw_from(driver: Driver, modes: list) -> None:
    """Textual's raw mode made from ``modes`` rather than the paint's: they
    differ in the keys the paint took from signals (ctrl+z, ctrl+\\), which
    matters with TEXTUAL_ALLOW_SIGNALS."""
    import termios
    import tty

    patch_lflag = getattr(driver, "_patch_lflag", None)
    patch_iflag = getattr(driver, "_patch_iflag", None)
    fileno = getattr(driver, "fileno", None)
    if patch_lflag is None or patch_iflag is None or not isinstance(fileno, int):
        return
    raw = [*modes[:6], list(modes[6])]
    raw[tty.LFLAG] = patch_lflag(raw[tty.LFLAG])
    raw[tty.IFLAG] = patch_iflag(raw[tty.IFLAG])
    raw[tty.CC][termios.VMIN] = 1
    with contextlib.suppress(termios.error):
        termios.tcsetattr(fileno, termios.TCSANOW, raw)


def run_app(
    library_dir: Path,
    config: Config,
    *,
    collector_paused: bool = False,
    painted: Painted | None = None,
    notices: list[str] | None = None,
) -> None:
    """``painted``: tui.first_paint drew the first screen; the app starts on
    it, with the library it opened and what it read to draw it. ``notices``
    are shown in the app as warnings."""
    # The app lives long and reads one article at a time: the index it reads
    # through its spans is mapped, not held as 36 MB of bytes at 100,000 articles.
    map_index_reads(True)
    library = painted.library if painted is not None else Library(library_dir)
    try:
        NewsreadApp(
            library,
            config,
            collector_paused=collector_paused,
            screen_drawn=painted is not None,
            screen_taken=painted.taken if painted is not None else None,
            first_load=painted.loaded if painted is not None else None,
            terminal_modes=painted.user_modes if painted is not None else None,
            notices=notices,
        ).run()
    finally:
        library.close()
