"""Escape sequences and markup in articles, notes and tags never reach the terminal.

A library whose title, source, body, note, quote and tag name carry terminal
escape sequences (OSC 0 renames the window, ESC[2J blanks the screen, U+009B
is a one-byte CSI, U+202E reverses text) and Rich markup is opened in every
screen; what each screen draws must hold none of those characters, only their
visible stand-ins, and the markup literally.
"""

from __future__ import annotations

import os
import re
import time

import pytest

from newsread.config import Config
from newsread.model import Annotation, Article, Tag
from storage.library import Library
from tests.pilot_helpers import SIZE, library_ready, make_library, open_first_reader, wait_until
from tui.app import NewsreadApp

OSC0 = "\x1b]0;pwned\x07"
CLEAR = "\x1b[2J"
CSI8 = "\x9b31m"
RLO = "\u202e"
# Their stand-ins (newsread.sanitize): ␛ for ESC, ␇ for BEL, ␦ for C1, ⇄ for bidi.
OSC0_SHOWN = "\u241b]0;pwned\u2407"
CLEAR_SHOWN = "\u241b[2J"
CSI8_SHOWN = "\u242631m"

TITLE = f"Port{OSC0} deal {CLEAR}[red]x[/red] [/] {CSI8}{RLO}fed"
BODY = (
    f"The port authority signed the deal{OSC0} on Monday. "
    f"Officials said the crane{CLEAR} would arrive in May.\n\n"
    f"Critics said the {CSI8}price rose and {RLO}nobody checked."
)
TAG = f"hot{CLEAR}tag"
NOTE = f"call back{OSC0}"
QUOTE_END = BODY.index(" on Monday.")

# Every character a terminal could obey; newline and tab are the only controls kept.
UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def hostile_library(root) -> Library:
    library = make_library(
        root,
        [
            Article(
                id="hostile1",
                title=TITLE,
                body=BODY,
                source=f"Wire{CLEAR}",
                url_or_path=f"/tmp/{OSC0}.txt",
                removed=[f"Share{CSI8}this"],
            )
        ],
    )
    library.apply_tag_changes(save=[Tag(TAG, "red", description=f"why{OSC0}")])
    library.save_annotation(
        Annotation(
            id="h1",
            article_id="hostile1",
            start=0,
            end=QUOTE_END,
            quote=BODY[:QUOTE_END],
            tags=[TAG],
            note=NOTE,
        )
    )
    library.save_annotation(
        Annotation(
            id="h2",
            article_id="hostile1",
            start=0,
            end=4,
            quote=f"gone{CLEAR}",
            tags=[TAG],
            orphan=True,
        )
    )
    return library


def assert_drawn_safely(app, where: str) -> str:
    """The whole screen as drawn (every widget, dialog and notification on it)."""
    drawn = app.export_screenshot()
    found = sorted({f"U+{ord(c):04X}" for c in UNSAFE.findall(drawn)})
    assert not found, f"{where}: {found} reached the screen"
    return drawn


def rendered(widget) -> str:
    return str(widget.render())


async def test_every_screen_draws_hostile_text_as_visible_stand_ins(tmp_path, pipeline):
    app = NewsreadApp(hostile_library(tmp_path / "lib"), Config())
    # Notifications on: they are drawn text too.
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await library_ready(pilot, app)
        table = app.screen.query_one("#articles")
        title_cell = str(table.get_row_at(0)[0])
        assert OSC0_SHOWN in title_cell and "[red]x[/red] [/]" in title_cell
        assert_drawn_safely(app, "library")

        reader = await open_first_reader(pilot, app, title_cell)
        await wait_until(pilot, lambda: reader.analysis is not None)
        title = rendered(reader.query_one("#reader-title"))
        assert f"Port{OSC0_SHOWN} deal {CLEAR_SHOWN}[red]x[/red] [/] {CSI8_SHOWN}" in title
        assert CLEAR_SHOWN in rendered(reader.query_one("#reader-meta"))
        body_rows = "".join(
            seg.text for y in range(reader.view.size.height) for seg in reader.view.render_line(y)
        )
        assert OSC0_SHOWN in body_rows and CLEAR_SHOWN in body_rows and "\u21c4" in body_rows
        side = rendered(reader.query_one("#side-annotations"))
        assert f"[hot{CLEAR_SHOWN}tag]" in side and f"call back{OSC0_SHOWN}" in side
        assert f"gone{CLEAR_SHOWN}" in side  # the orphan's quote
        assert_drawn_safely(app, "reader")

        # The cursor on the tagged sentence names its tag in the panel; the stored
        # text and every offset are untouched.
        assert reader.article.body == BODY and reader.view.drawn.index("Officials") == (
            BODY.index("Officials")
        )
        assert f"hot{CLEAR_SHOWN}tag" in rendered(reader.query_one("#side-cursor"))

        reader.last_search = CLEAR  # what a pasted search could hold
        await pilot.press("ctrl+n")
        start, end = reader.view.selection
        assert BODY[start:end] == CLEAR
        assert CLEAR_SHOWN in rendered(reader.query_one("#reader-status"))
        assert_drawn_safely(app, "reader status after a find")
        await pilot.press("escape")
        # The find left the cursor on the match's sentence: back to the first.
        await pilot.press("k")
        await wait_until(pilot, lambda: reader.view.cursor[0] == 0)

        await pilot.press("t")
        await wait_until(pilot, lambda: type(app.screen).__name__ == "TagPicker")
        await pilot.pause()
        picker = app.screen
        assert OSC0_SHOWN in rendered(picker.query_one("#picker-target"))
        first = picker.query_one("OptionList").get_option_at_index(0)
        assert f"hot{CLEAR_SHOWN}tag" in str(first.prompt)
        assert_drawn_safely(app, "tag picker")
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is reader)

        await pilot.press("n")
        await wait_until(pilot, lambda: type(app.screen).__name__ == "NoteEditor")
        await pilot.pause()
        assert app.screen.query_one("TextArea").text == f"call back{OSC0_SHOWN}"
        assert_drawn_safely(app, "note editor")
        await pilot.press("ctrl+s")  # saved untouched: the note keeps what it held
        await wait_until(pilot, lambda: app.screen is reader)
        assert [a.note for a in reader.annotations if a.id == "h1"] == [NOTE]

        await pilot.press("i")
        await wait_until(pilot, lambda: type(app.screen).__name__ == "InfoScreen")
        await pilot.pause()
        info = app.screen.body.plain
        assert OSC0_SHOWN in info and f"Share{CSI8_SHOWN}this" in info
        assert_drawn_safely(app, "info screen")
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is reader)

        await pilot.press("o")
        await wait_until(pilot, lambda: type(app.screen).__name__ == "Chooser")
        await pilot.pause()
        label = str(app.screen.query_one("OptionList").get_option_at_index(0).prompt)
        assert f"[hot{CLEAR_SHOWN}tag] gone{CLEAR_SHOWN}" in label
        assert_drawn_safely(app, "orphan chooser")
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is reader)

        await pilot.press("T")
        await wait_until(pilot, lambda: type(app.screen).__name__ == "TagManagerScreen")
        manager = app.screen
        await wait_until(pilot, lambda: manager.loaded)
        row = [str(cell) for cell in manager.query_one("DataTable").get_row_at(0)]
        assert f"hot{CLEAR_SHOWN}tag" in row[0] and f"why{OSC0_SHOWN}" in row[3]
        assert_drawn_safely(app, "tag manager")
        await pilot.press("e")
        await wait_until(pilot, lambda: type(app.screen).__name__ == "TextPrompt")
        await pilot.pause()
        assert app.screen.query_one("Input").value == f"why{OSC0_SHOWN}"
        assert f"hot{CLEAR_SHOWN}tag" in rendered(app.screen.query_one(".dialog-title"))
        assert_drawn_safely(app, "describe prompt")
        await pilot.press("enter")  # accepted untouched: nothing changes
        await wait_until(pilot, lambda: app.screen is manager)
        await pilot.press("d")
        await wait_until(pilot, lambda: type(app.screen).__name__ == "DestroyDialog")
        await pilot.pause()
        assert f"hot{CLEAR_SHOWN}tag" in rendered(app.screen.query_one("#confirm-question"))
        assert_drawn_safely(app, "delete question")
        await pilot.press("n")
        await wait_until(pilot, lambda: app.screen is manager)
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is reader)
        await pilot.press("escape")

        await library_ready(pilot, app)
        await pilot.press("d")
        await wait_until(pilot, lambda: type(app.screen).__name__ == "DestroyDialog")
        await pilot.press("y")

        def toasts() -> str:
            return "\n".join(rendered(toast) for toast in app.screen.query("Toast"))

        # Other notices (the orphan warning) may still be up: look for this one.
        await wait_until(pilot, lambda: "deleted" in toasts())
        assert f"deleted “Port{OSC0_SHOWN}" in toasts()
        assert_drawn_safely(app, "deleted notification")
    assert Library(tmp_path / "lib").get_tag(TAG).description == f"why{OSC0}"


async def test_help_screen_shows_its_bracketed_words(tmp_path, pipeline):
    app = NewsreadApp(make_library(tmp_path / "lib"), Config())
    async with app.run_test(size=SIZE) as pilot:
        await library_ready(pilot, app)
        await pilot.press("question_mark")
        await wait_until(pilot, lambda: type(app.screen).__name__ == "HelpScreen")
        assert "the [keys] table of the config file" in rendered(app.screen.query_one("#help-hint"))


# -- in a real terminal -------------------------------------------------------------------


@pytest.mark.e2e
def test_opening_an_article_leaves_the_window_title_alone(tmp_path):
    from tests.test_e2e_tmux import NEWSREAD, Tmux, _need_tools

    _need_tools()
    root = tmp_path / "library"
    hostile_library(root).close()
    env = {
        "NEWSREAD_LIBRARY": str(root),
        "NEWSREAD_CONFIG": str(tmp_path / "config.toml"),
        "TERM": "xterm-256color",
        "PATH": os.environ.get("PATH", ""),
        "HOME": str(tmp_path),
    }
    tmux = Tmux(env, SIZE)
    tmux.start([str(NEWSREAD)])

    def window_title() -> str:
        return tmux.tmux("display-message", "-p", "-t", tmux.name, "#{pane_title}").stdout

    try:
        tmux.wait(lambda s: "sorted by" in s, "the library")
        before = window_title()
        tmux.keys("Enter")
        shown = tmux.wait(lambda s: "Officials said" in s, "the article text")
        assert OSC0_SHOWN in shown and CLEAR_SHOWN in shown
        # One more look after the next refresh: a late escape would show here.
        time.sleep(0.5)
        assert "Officials said" in tmux.screen()
        assert window_title() == before and "pwned" not in window_title()
    finally:
        tmux.kill()
