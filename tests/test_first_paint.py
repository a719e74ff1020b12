"""The first screen drawn before Textual is imported (tui.first_paint) is the
app's own first frame, cell for cell, colours included: the app draws over it
with no visible jump. And it is drawn only where it can be."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from pilot_helpers import SIZE, library_ready, make_library
from rich.style import Style

from newsread.config import Config
from newsread.model import Article
from storage import catalog
from storage.feeds import Feed, add_feeds
from storage.library import Library
from storage.reading import ReadState
from tui import first_paint
from tui.app import NewsreadApp
from tui.screens import library as library_screen
from tui.state import LibraryView, save_view, state_path

BODY = "The council met on Tuesday. It approved the plan."


def _articles() -> list[Article]:
    articles = []
    for i in range(60):
        articles.append(
            Article(
                id=f"art{i:04d}",
                title=f"Story {i:03d} about the harbour and the council's long-running plan",
                body=f"{BODY} Number {i}.",
                source="Coast Wire" if i % 3 else "",
                # Every fourth has no date of its own: the import day, drawn dimmed.
                published="" if i % 4 == 0 else f"2026-10-{1 + i % 28:02d}",
                feed="https://example.org/feed.xml" if i % 5 == 0 else "",
            )
        )
    articles.append(Article(id="wide0001", title="東京 harbour plan 港湾計画", body=BODY))
    articles.append(
        Article(id="hostile1", title="[bold]Not bold[/] \x1b[31mred\x1b[0m title", body=BODY)
    )
    return articles


async def _library(root: Path) -> None:
    """A library opened once by the app (which saves its catalog)."""
    library = make_library(root, _articles())
    add_feeds(library, [Feed(url="https://example.org/feed.xml", name="Example feed")])
    ReadState(library).mark(["art0002", "art0007"])
    app = NewsreadApp(Library(root), Config())
    async with app.run_test(size=SIZE) as pilot:
        await library_ready(pilot, app)
    assert (root / catalog.FILE).exists()


def _cells_of_strip(strip) -> list[tuple]:
    """(character, foreground, background, bold, dim) per cell as a terminal shows
    it: reverse applied; of a blank cell only its background (bold, dim and a
    foreground change nothing there). Dim stays a flag here, as in the frame:
    how a dim cell's colour is blended on the way out is checked by the dim
    test below, against the app's own filter."""
    cells = []
    for segment in strip:
        style = segment.style
        fg = style.color.triplet.hex if style and style.color and style.color.triplet else None
        bg = (
            style.bgcolor.triplet.hex if style and style.bgcolor and style.bgcolor.triplet else None
        )
        if style and style.reverse:
            fg, bg = bg, fg
        for char in segment.text:
            bold, dim = bool(style and style.bold), bool(style and style.dim)
            cells.append(
                (char, None, bg, False, False) if char == " " else (char, fg, bg, bold, dim)
            )
    return cells


def _cells_of_line(line: first_paint.Line) -> list[tuple]:
    cells = []
    for text, look in line:
        for char in text:
            blank = char == " "
            cells.append(
                (char, None, look.bg, False, False)
                if blank
                else (char, look.fg, look.bg, look.bold, look.dim)
            )
    return cells


REMEMBERED = LibraryView(
    sort="source", reverse=True, unread_only=True, feed="https://example.org/feed.xml"
)


@pytest.mark.parametrize(
    ("size", "view"),
    [(SIZE, None), ((80, 24), None), ((150, 50), None), ((41, 9), None), (SIZE, REMEMBERED)],
    # 41x9: the status line is cut where the app's wraps it, at a word.
    ids=["120x36", "80x24", "150x50", "41x9", "remembered-view"],
)
async def test_the_painted_screen_is_the_apps_first_frame(tmp_path, monkeypatch, size, view):
    root = tmp_path / "lib"
    await _library(root)
    config = tmp_path / "config" / "config.toml"
    config.parent.mkdir()
    if view is not None:
        save_view(state_path(config), root, view)
    opened = first_paint.first_model(root, config)
    assert opened is not None
    library, model = opened
    painted = first_paint.frame(model, *size)
    library.close()
    # The app's own first frame: what it shows before its load's worker runs.
    monkeypatch.setattr(library_screen.LibraryScreen, "reload", lambda self: None)
    app = NewsreadApp(Library(root), Config(path=config))
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        strips = app.screen._compositor.render_strips()
    assert len(painted) == len(strips) == size[1]
    # Every line but the footer's (the keys come with the app).
    for y in range(size[1] - 1):
        assert _cells_of_line(painted[y]) == _cells_of_strip(strips[y]), f"line {y}"
    assert "Story 0" in "".join(text for text, _ in painted[2])
    if view is not None:
        assert "feed: Example feed" in "".join(text for text, _ in painted[-2])
    shown = "".join(text for line in painted for text, _ in line)
    assert "\x1b" not in shown  # control characters from a title are neutralised


async def test_the_paint_follows_the_remembered_sort_and_is_not_drawn_for_a_filter(tmp_path):
    root = tmp_path / "lib"
    await _library(root)
    config = tmp_path / "config" / "config.toml"
    config.parent.mkdir()
    save_view(state_path(config), root, LibraryView(sort="title", reverse=True))
    opened = first_paint.first_model(root, config)
    assert opened is not None
    lines = first_paint.frame(opened[1], 120, 36)
    opened[0].close()
    first = "".join(text for text, _ in lines[2])
    assert "東京" in first  # Z to A: the wide title sorts last, so first here
    assert "sorted by title" in "".join(text for text, _ in lines[-2])
    save_view(state_path(config), root, LibraryView(filter_text="harbour"))
    assert first_paint.first_model(root, config) is None


@pytest.mark.parametrize(
    "text",
    [
        "62 articles · counting annotations… · 60 unread · sorted by date",
        "one two  three   four",
        "averyveryverylongwordthatfoldsonitsown and then more",
        "short averyveryverylongwordthatfoldsonitsown",
        "東京 harbour 港湾計画港湾計画港湾計画港湾計画 plan",
        "a b",
    ],
)
def test_the_status_line_is_cut_where_textual_wraps_it(text):
    """The status line is one line of a wrapped text in the app: words that do
    not fit go to the second, unseen line (the paint had cut mid-word)."""
    from textual._wrap import compute_wrap_offsets

    for width in range(2, len(text) + 3):  # one cell: no room for a wide character
        breaks = compute_wrap_offsets(text, width, tab_size=8)
        expected = text[: breaks[0]] if breaks else text
        assert first_paint._first_line(text, width).rstrip() == expected.rstrip(), width


def test_nothing_is_drawn_without_a_saved_catalog_or_with_a_journal(tmp_path):
    root = tmp_path / "lib"
    make_library(root)
    assert first_paint.first_model(root, None) is None  # the app never saved one
    assert first_paint.first_model(tmp_path / "missing", None) is None


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({"TERM": "xterm-256color"}, "256"),
        ({"TERM": "tmux-256color", "COLORTERM": "truecolor"}, "truecolor"),
        ({"TERM": "xterm"}, None),  # 16 colours: the app's colours differ
        ({"TERM": "xterm-256color", "NO_COLOR": "1"}, None),
        ({"TERM": "dumb"}, None),
        ({"TERM": "xterm", "TEXTUAL_COLOR_SYSTEM": "truecolor"}, "truecolor"),
        ({"TERM": "xterm-256color", "TEXTUAL_COLOR_SYSTEM": "standard"}, None),
        # Another theme for every Textual app: not the dark colours drawn here.
        ({"TERM": "xterm-256color", "TEXTUAL_THEME": "textual-light"}, None),
        ({"TERM": "xterm-256color", "TEXTUAL_THEME": "textual-dark"}, "256"),
    ],
)
def test_colours_are_drawn_as_the_app_draws_them(environ, expected):
    assert first_paint.colour_system(environ) == expected


def test_256_colours_are_the_ones_rich_picks():
    from rich.color import Color, ColorSystem

    looks = [
        getattr(first_paint, name)
        for name in ("TITLE_BAR", "HEADING", "ROW", "EVEN_ROW", "CURSOR", "STATUS", "FOOTER")
    ]
    colours = {c for look in looks for c in (look.fg, look.bg)}
    colours |= {first_paint.SCROLL_TRACK, first_paint.SCROLL_THUMB, "#777777", "#ffffff"}
    for colour in colours:
        expected = Color.parse(colour).downgrade(ColorSystem.EIGHT_BIT).number
        assert first_paint.eight_bit(colour) == expected, colour


@pytest.mark.parametrize("factor", [None, "40"])
def test_dim_cells_are_drawn_in_the_colour_the_app_blends(factor):
    """The app draws a dim cell (an import day's date) in its colour blended
    towards the background (Textual's ANSIToTruecolor filter), never with the
    terminal's own dim attribute: the paint had sent SGR 2, which tmux and
    xterm draw in another colour than the app's frame that followed."""
    from rich.color import Color, ColorSystem
    from rich.segment import Segment
    from textual.color import Color as TextualColor
    from textual.filter import ANSIToTruecolor, dim_color

    environ = {} if factor is None else {"TEXTUAL_DIM_FACTOR": factor}
    blend = first_paint.dim_factor(environ)
    for look in (first_paint.CURSOR, first_paint.ROW, first_paint.EVEN_ROW):
        dim = first_paint.Look(look.fg, look.bg, bold=look.bold, dim=True)
        style = Style(color=dim.fg, bgcolor=dim.bg, dim=True)
        if factor is None:
            (shown,) = ANSIToTruecolor(None).apply(
                [Segment("2026", style)], TextualColor.parse(dim.bg)
            )
            expected = shown.style
        else:
            colour = dim_color(Color.parse(dim.bg), Color.parse(dim.fg), 0.4)
            expected = Style(color=colour, bgcolor=dim.bg)
        assert not expected.dim
        for system, colours in (
            (ColorSystem.TRUECOLOR, "truecolor"),
            (ColorSystem.EIGHT_BIT, "256"),
        ):
            drawn = first_paint.encode([[("2026", dim)]], colours, blend)
            sgr = re.search(r"\x1b\[([0-9;]*)m2026", drawn).group(1)
            attributes = sgr.split(";38;")[0].split(";")
            assert "2" not in attributes, sgr  # no dim attribute
            fg = expected.color.downgrade(system)
            want = (
                "38;2;{};{};{}".format(*fg.triplet)
                if system == ColorSystem.TRUECOLOR
                else f"38;5;{fg.number}"
            )
            assert want in sgr, (look, colours, sgr)


def test_paint_writes_to_a_terminal_and_leave_restores_it(tmp_path):
    """Through a real pseudo-terminal: the escape sequences enter the alternate
    screen and draw the titles; leave() (the app did not start) goes back."""
    import pty

    root = tmp_path / "lib"
    import asyncio

    asyncio.run(_library(root))
    main, child = pty.openpty()
    try:
        import fcntl
        import struct
        import termios

        fcntl.ioctl(child, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
        before = termios.tcgetattr(child)
        painted = first_paint.paint_library(
            root, None, fd=child, environ={"TERM": "xterm-256color"}, keys_fd=child
        )
        assert painted is not None
        # Meanwhile keys are not echoed and Enter stays Enter (not ctrl+j).
        quiet = termios.tcgetattr(child)
        assert not quiet[3] & termios.ECHO and not quiet[0] & termios.ICRNL
        # ctrl+z is a key for the app, not a stop on the painted screen.
        assert quiet[6][termios.VSUSP] == bytes([os.fpathconf(child, "PC_VDISABLE")])
        assert before[6][termios.VSUSP] == b"\x1a"
        # The user's modes are kept for the app's driver to restore; until it
        # takes the screen, leaving it is still the paint's: ctrl+c in between
        # (the app being made, its driver imported) left the shell on the
        # alternate screen with no cursor.
        assert painted.user_modes == before
        painted.leave()
        painted.leave()  # once only
        assert termios.tcgetattr(child) == before
        painted.library.close()
        out = b""
        import select

        # Until the screen is left, or 10 s without a byte (it was not left).
        while not out.endswith(first_paint.LEAVE.encode()) and select.select([main], [], [], 10)[0]:
            out += os.read(main, 65536)
    finally:
        os.close(main)
        os.close(child)
    text = out.decode()
    assert text.startswith(first_paint.ENTER)
    assert "Story 0" in text and "38;5;" in text
    assert text.count(first_paint.LEAVE) == 1
    assert "\x1b[31m" not in text  # the hostile title's escape is not passed on


def test_drawing_imports_neither_textual_nor_richs_console(tmp_path):
    """The point of drawing early: nothing of Textual (or Rich's console, ~50 ms)
    is imported for it, the CLI's start included."""
    import asyncio
    import subprocess
    import sys

    root = tmp_path / "lib"
    asyncio.run(_library(root))
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "import tui.cli, tui.cli.setup_commands\n"
        "from tui import first_paint\n"
        f"library, model = first_paint.first_model(Path({str(root)!r}), None)\n"
        "first_paint.encode(first_paint.frame(model, 120, 40), '256')\n"
        "loaded = [m for m in sys.modules if m.startswith('textual') or m == 'rich.console']\n"
        "print(loaded)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    assert done.stdout.strip() == "[]", done.stdout + done.stderr


def test_the_app_does_not_enter_the_drawn_alternate_screen_again():
    """xterm clears the alternate screen each time it is entered: the app's
    driver skips entering it once, after the first paint, and only then."""
    from tui.app import _keeping_the_screen

    class Recording:
        def __init__(self) -> None:
            self.written: list[str] = []

        def write(self, data: str) -> None:
            self.written.append(data)

    driver = _keeping_the_screen(Recording)()  # type: ignore[arg-type]
    for data in ("\x1b[?1049h", "\x1b[?25l", "frame", "\x1b[?1049l", "\x1b[?1049h"):
        driver.write(data)
    # Entered again after a suspend (ctrl+z): the screen was left, so it is entered.
    assert driver.written == ["\x1b[?25l", "frame", "\x1b[?1049l", "\x1b[?1049h"]


def test_the_paint_leaves_the_screen_only_until_the_apps_driver_takes_it(tmp_path):
    from tui.app import _keeping_the_screen

    root = tmp_path / "lib"
    import asyncio

    asyncio.run(_library(root))
    read, write = os.pipe()
    try:
        painted = first_paint.Painted(Library(root), write)
        written: list[str] = []

        class Recording:
            def write(self, data: str) -> None:
                written.append(data)

        driver = _keeping_the_screen(Recording, painted.taken)()  # type: ignore[arg-type]
        assert not painted.handed_over  # not yet the app's to leave
        driver.write("\x1b[?1049h")  # the driver's start: it will leave the screen itself
        assert painted.handed_over and written == []
        painted.leave()
        painted.library.close()
        os.close(write)
        write = -1
        assert os.read(read, 1024) == b""  # nothing written by the paint's side
    finally:
        os.close(read)
        if write >= 0:
            os.close(write)


def test_only_an_app_started_on_a_drawn_screen_keeps_it(tmp_path):
    library = make_library(tmp_path / "lib")
    plain = NewsreadApp(library, Config()).driver_class
    kept = NewsreadApp(library, Config(), screen_drawn=True).driver_class
    assert kept is not plain and issubclass(kept, plain)


def test_a_failure_while_drawing_leaves_the_start_to_the_app(tmp_path, monkeypatch):
    """Drawing early is a head start only: should anything in it fail, nothing
    is written and the app starts as it would have."""
    import asyncio
    import pty

    root = tmp_path / "lib"
    asyncio.run(_library(root))

    calls = []

    def broken(*args, **kwargs):
        calls.append(args)
        raise ValueError("a bug in the layout")

    monkeypatch.setattr(first_paint, "frame", broken)
    main, child = pty.openpty()
    try:
        import fcntl
        import struct
        import termios

        fcntl.ioctl(child, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
        painted = first_paint.paint_library(
            root, None, fd=child, environ={"TERM": "xterm-256color"}, keys_fd=child
        )
        assert painted is None and calls
        os.set_blocking(main, False)
        with pytest.raises(BlockingIOError):
            os.read(main, 100)  # nothing was written
    finally:
        os.close(main)
        os.close(child)


def test_a_command_that_changes_a_small_library_saves_its_catalog(tmp_path, monkeypatch):
    """After `newsread import` (or any command that rewrites the index), the
    app's next start draws the titles early: the command saved the catalog the
    app would otherwise make first."""
    from tui.cli import main

    root = tmp_path / "lib"
    story = tmp_path / "story.txt"
    story.write_text(
        "Harbour crane approved\n\nThe harbour board approved the new crane on Monday, "
        "and work on its rails starts next spring.\n"
    )
    assert main(["--library", str(root), "import", "--no-analyze", str(story)]) == 0
    assert catalog.saved_small(root, catalog.QUICK_CATALOG_BYTES) is not None
    opened = first_paint.first_model(root, None)
    assert opened is not None
    lines = first_paint.frame(opened[1], 100, 20)
    opened[0].close()
    assert "Harbour crane approved" in "".join(text for text, _ in lines[2])
    # A larger library is left to the app (the catalog is then made by its worker).
    monkeypatch.setattr(catalog, "QUICK_INDEX_BYTES", 10)
    second = tmp_path / "second.txt"
    second.write_text(
        "Ferry timetable changes\n\nThe island ferry will sail twice more each day "
        "from June, the operator said on Friday.\n"
    )
    assert main(["--library", str(root), "import", "--no-analyze", str(second)]) == 0
    assert catalog.saved_small(root, catalog.QUICK_CATALOG_BYTES) is None


def test_ctrl_c_while_the_frame_is_written_leaves_the_alternate_screen(tmp_path, monkeypatch):
    """On a slow terminal the frame takes a while to write: ctrl+c then has
    entered the alternate screen, and no Painted is there to leave it."""
    import asyncio

    root = tmp_path / "lib"
    asyncio.run(_library(root))
    written: list[str] = []

    def interrupted(fd: int, text: str) -> None:
        written.append(text)
        if len(written) == 1:
            raise KeyboardInterrupt  # half the frame out

    monkeypatch.setattr(first_paint, "_write", interrupted)
    monkeypatch.setattr(os, "get_terminal_size", lambda fd: os.terminal_size((100, 30)))
    closed = []
    monkeypatch.setattr(Library, "close", lambda self: closed.append(self))
    with pytest.raises(KeyboardInterrupt):
        first_paint.paint_library(root, None, fd=1, environ={"TERM": "xterm-256color"})
    assert written[0].startswith(first_paint.ENTER)
    assert written[1:] == [first_paint.LEAVE]
    assert closed


def test_ctrl_backslash_while_painted_is_a_key_for_the_app(tmp_path):
    """Once the app is up, ctrl+\\ is a key (Textual's raw mode has no signal
    keys). On the painted screen it was SIGQUIT: the process dumped core and
    left the shell on the alternate screen, without a cursor or echo."""
    import asyncio
    import fcntl
    import pty
    import struct
    import termios

    root = tmp_path / "lib"
    asyncio.run(_library(root))
    main, child = pty.openpty()
    try:
        fcntl.ioctl(child, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
        painted = first_paint.paint_library(
            root, None, fd=child, environ={"TERM": "xterm-256color"}, keys_fd=child
        )
        assert painted is not None
        # A signal key is taken out of the input (and the input flushed): only
        # what is left reaches a read of the terminal.
        os.write(main, b"x\x1c\r\n")
        assert os.read(child, 100) == b"x\x1c\r\n"
        painted.leave()
        painted.library.close()
    finally:
        os.close(main)
        os.close(child)


def test_the_terminal_stays_quiet_from_the_paint_until_the_app_reads_it(tmp_path, monkeypatch):
    """From the paint to the app's driver setting its own modes (the app being
    made, its driver started: 6-19 ms) the keyboard stays as the paint set it.
    The user's modes were put back in that gap, and what was typed then was
    read in them: Enter turned into a newline (ctrl+j for the app), ctrl+\\ a
    SIGQUIT. The user's modes go to the app's driver instead, to restore when it
    stops; the paint restores them itself only when the app never took over."""
    import argparse
    import asyncio
    import fcntl
    import pty
    import struct
    import termios

    from tui import app as app_module
    from tui.cli import setup_commands

    root = tmp_path / "lib"
    asyncio.run(_library(root))
    monkeypatch.setenv("NEWSREAD_CONFIG", str(tmp_path / "absent.toml"))
    main, child = pty.openpty()
    seen: dict[str, object] = {}
    try:
        fcntl.ioctl(child, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
        before = termios.tcgetattr(child)
        paint = first_paint.paint_library

        def paint_on_the_pty(
            root: Path, config: Path | None, reader: str | None = None
        ) -> first_paint.Painted | None:
            environ = {"TERM": "xterm-256color"}
            return paint(root, config, fd=child, environ=environ, keys_fd=child, reader=reader)

        def config_read_again(config: Path | None) -> str:
            raise AssertionError("the paint parsed the config the start had read")

        def run_app(
            root: Path, config: Config, *, collector_paused: bool, painted, notices
        ) -> None:
            assert painted is not None
            painted.library.close()
            seen["user_modes"] = painted.user_modes
            os.write(main, b"\r\x1c\n")  # typed while the app is being made
            seen["typed"] = os.read(child, 100)

        monkeypatch.setattr(first_paint, "paint_library", paint_on_the_pty)
        monkeypatch.setattr(first_paint, "_reader", config_read_again)
        monkeypatch.setattr(app_module, "run_app", run_app)
        for name, mode in (("stdin", "r"), ("stdout", "w"), ("stderr", "w")):
            monkeypatch.setattr(f"sys.{name}", open(child, mode, closefd=False))  # noqa: SIM115
        args = argparse.Namespace(library=str(root), create_library=False)
        assert setup_commands._open(args, collector_paused=False) == 0
        assert seen["typed"] == b"\r\x1c\n"
        assert seen["user_modes"] == before
        # The app's driver never took the screen here: the paint gave it back.
        assert termios.tcgetattr(child) == before
    finally:
        os.close(main)
        os.close(child)


async def test_the_apps_driver_reads_the_early_keys_and_restores_the_users_modes(tmp_path):
    """The app's own driver (Textual's, on a pseudo-terminal) started on the
    painted screen: the keys typed since the paint reach the app as typed, and
    when it stops the terminal is back in the user's modes, not the paint's."""
    import asyncio
    import fcntl
    import pty
    import signal
    import struct
    import termios

    from textual import events

    root = tmp_path / "lib"
    await _library(root)
    main, child = pty.openpty()
    winch = signal.getsignal(signal.SIGWINCH)
    try:
        fcntl.ioctl(child, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
        before = termios.tcgetattr(child)
        painted = first_paint.paint_library(
            root, None, fd=child, environ={"TERM": "xterm-256color"}, keys_fd=child
        )
        assert painted is not None
        os.write(main, b"j\r\x1c")
        app = NewsreadApp(
            painted.library,
            Config(),
            screen_drawn=True,
            screen_taken=painted.taken,
            terminal_modes=painted.user_modes,
        )
        keys: list[str] = []
        three = asyncio.Event()

        class Target:
            async def _post_message(self, message) -> bool:
                if isinstance(message, events.Key):
                    keys.append(message.key)
                    if len(keys) == 3:
                        three.set()
                return True

        driver = app.driver_class(Target(), mouse=False)  # type: ignore[arg-type]
        driver.fileno = child  # type: ignore[attr-defined]
        driver._file = open(os.dup(child), "w")  # type: ignore[attr-defined]  # noqa: SIM115
        driver.start_application_mode()
        try:
            await asyncio.wait_for(three.wait(), 30)
            assert keys == ["j", "enter", "ctrl+backslash"]
            assert painted.handed_over
            raw = termios.tcgetattr(child)
            assert not raw[3] & (termios.ICANON | termios.ECHO | termios.ISIG)
        finally:
            driver.stop_application_mode()
            driver.close()
        assert termios.tcgetattr(child) == before
        painted.library.close()
    finally:
        signal.signal(signal.SIGWINCH, winch)
        os.close(main)
        os.close(child)


LONG_FEED = "https://example.org/evening.xml"
SHORT_FEED = "https://example.org/morning.xml"


@pytest.mark.parametrize("size", [SIZE, (80, 24)], ids=["120x36", "80x24"])
async def test_the_first_paint_and_the_apps_first_status_say_the_same(tmp_path, monkeypatch, size):
    """One function builds the status line and the Feed cell for both: a story
    of three feeds whose named one is too long for the column keeps its "+2"
    in the paint as in the app (the paint cut it off), and the status line,
    copies note and all, is the same text."""
    root = tmp_path / "lib"
    articles = [
        Article(
            id=f"st{i:04d}",
            title=f"Storm closes the coast road, part {i}",
            body=f"{BODY} Part {i}.",
            source="Coast Wire",
            published=f"2026-10-{1 + i:02d}",
            feed=LONG_FEED,
            feeds=[LONG_FEED, SHORT_FEED, "https://example.org/gone.xml"],
            story_group="storm" if i >= 2 else "",  # the newest two, listed first
        )
        for i in range(4)
    ]
    library = make_library(root, articles)
    add_feeds(
        library,
        [
            Feed(url=LONG_FEED, name="Riverside Evening Ledger"),
            Feed(url=SHORT_FEED, name="Morning"),
        ],
    )
    app = NewsreadApp(Library(root), Config())
    async with app.run_test(size=SIZE) as pilot:
        await library_ready(pilot, app)
    opened = first_paint.first_model(root, None)
    assert opened is not None
    painted = first_paint.frame(opened[1], *size)
    opened[0].close()
    monkeypatch.setattr(library_screen.LibraryScreen, "reload", lambda self: None)
    app = NewsreadApp(Library(root), Config())
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        status = str(app.screen.query_one("#library-status").render())
        table = app.screen.query_one("#articles")
        keys = [key for key, _, _ in table.columns]
        feed = str(table.get_row_at(0)[keys.index("feed")]) if "feed" in keys else None
    paint_status = "".join(text for text, _ in painted[-2]).strip()
    assert paint_status == status.strip()
    assert "4 articles" in status
    first_row = "".join(text for text, _ in painted[2])
    if feed is not None:
        assert feed.endswith(" +2") and "…" in feed
        assert feed in first_row
    else:
        assert "this story has 1 other copy" in status  # no Copies column at 80
