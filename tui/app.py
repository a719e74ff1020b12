"""The Textual application: library and reader screens over one library folder."""

from __future__ import annotations

import contextlib
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from newsread.config import Config
from newsread.sanitize import visible
from storage.history import History
from storage.library import Library
from tui.commands import binding_commands
from tui.keymap import binding_ids, help_rows, validate_keymap
from tui.screens.dialogs import Chooser, InfoScreen, NoteEditor
from tui.screens.help import HelpScreen
from tui.screens.library import LibraryScreen
from tui.screens.reader import ReaderScreen
from tui.screens.tag_dialogs import ConfirmDialog, KeyCapture, TagChooser, TextPrompt
from tui.screens.tag_picker import TagPicker
from tui.screens.tags import TagManagerScreen
from tui.writer import BackgroundWriter


class NewsreadApp(App):
    TITLE = "newsread"
    CSS_PATH = "newsread.tcss"
    BINDINGS = [
        Binding("q", "quit", "Quit", id="app.quit"),
        Binding("question_mark", "help", "Keys", id="app.help"),
        Binding("T", "tags", "Tag manager", id="app.tags"),
    ]

    SCREEN_CLASSES = (
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
        TagChooser,
        KeyCapture,
    )

    def __init__(self, library: Library, config: Config | None = None) -> None:
        super().__init__()
        self.library = library
        self.config = config or Config()
        self.tag_counts: Counter[str] = Counter()
        self.history = History(library)
        self.writer = BackgroundWriter(self._report_write_error)

    @classmethod
    def known_bindings(cls):
        return binding_ids((cls, *cls.SCREEN_CLASSES))

    @classmethod
    def check_keymap(cls, config: Config) -> None:
        validate_keymap(config.keys, cls.known_bindings(), str(config.path or "config"))

    def on_mount(self) -> None:
        if self.config.keys:
            self.set_keymap(dict(self.config.keys))
        self.push_screen(LibraryScreen())
        self.warm_pipeline()

    def set_tag_counts(self, per_tag: dict[str, int]) -> None:
        """Uses per tag as counted on disk (the library screen's scan brings them)."""
        self.tag_counts.clear()
        self.tag_counts.update({name: n for name, n in per_tag.items() if n})

    @work(thread=True, exit_on_error=False, group="pipeline")
    def warm_pipeline(self) -> None:
        """Load spaCy in the background after the first paint, so the first
        article opened does not wait for it."""
        from newsread.analysis.pipeline import PipelineError, load_pipeline

        # A failure is reported by the reader when it needs the pipeline.
        with contextlib.suppress(PipelineError):
            load_pipeline(self.config.pipeline)

    def _report_write_error(self, message: str) -> None:
        # After the app has gone the CLI reports failures itself.
        with contextlib.suppress(RuntimeError):
            self.call_from_thread(
                self.notify, visible(message), severity="error", timeout=10, markup=False
            )

    @work(thread=True, exclusive=True, group="open", exit_on_error=False)
    def open_article(self, article_id: str) -> None:
        """Read the article and what belongs to it off the event loop, then show it."""
        try:
            article = self.library.get_article(article_id)
            annotations = self.library.annotations(article_id)
            tags = self.library.tags()
            rejected = self.library.rejected(article_id)
            group = article.story_group
            copies = [
                m
                for m in self.library.article_metas()
                if group and m.get("story_group") == group and m["id"] != article_id
            ]
        except Exception as exc:  # noqa: BLE001 - shown to the user, the app keeps going
            self.call_from_thread(
                self.notify, visible(str(exc)), severity="error", timeout=8, markup=False
            )
            return
        # Widgets are built on the event loop's thread, never in a worker.
        self.call_from_thread(
            lambda: self.push_screen(ReaderScreen(article, annotations, tags, rejected, copies))
        )

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield from binding_commands(self, screen)

    def action_help(self) -> None:
        if isinstance(self.screen, HelpScreen):
            return
        screen = self.screen
        rows = help_rows(
            ((key, active.binding) for key, active in screen.active_bindings.items()),
            self.get_key_display,
        )
        names = {ReaderScreen: "Reader", LibraryScreen: "Library", TagManagerScreen: "Tag manager"}
        self.push_screen(HelpScreen(names.get(type(screen), screen.__class__.__name__), rows))

    def action_tags(self) -> None:
        if isinstance(self.screen, TagManagerScreen):
            return
        if isinstance(self.screen, ReaderScreen):
            self.screen.stale = True
        self.push_screen(TagManagerScreen())

    async def action_quit(self) -> None:
        self.writer.close()
        self.exit()


def run_app(library_dir: Path, config: Config) -> None:
    library = Library(library_dir)
    try:
        NewsreadApp(library, config).run()
    finally:
        library.close()
