"""The reader shows what cleaning cut and lets the user correct it (Pilot).

``C`` draws the cut lines in place, each after its reason, without moving the
body's offsets; the cursor steps onto them; ``P`` puts the one under the cursor
back, ``X`` cuts the paragraph under the cursor; both are saved with the
annotations re-anchored; ``i`` lists the cuts with their reasons. The text is
invented, in the style of tests/fixtures/dumps.
"""

from __future__ import annotations

from pathlib import Path

from newsread.config import Config
from newsread.ingest.furniture import reasons as why
from newsread.model import Article, Cut
from storage.corrections import RESTORE, stored
from storage.edits import tag_quote
from storage.imports import import_paths
from storage.library import Library
from tests.pilot_helpers import SIZE, open_first_reader, wait_until, wait_writes
from tui.app import NewsreadApp
from tui.models import cuts as cut_lines
from tui.models.cursor import TextCursor
from tui.screens.reader import ReaderScreen
from tui.widgets.article_view import GUTTER
from tui.widgets.layout import BodyLayout, Ghost, GhostRow, ScreenLine

TITLE = "Night buses return to the valley"
RELATED = "Related: Valley rail bridge reopens after repairs"
DUMP = f"""{TITLE}
By Ines Varga
2 hours ago

The regional transport board will run night buses through the valley again from June, it said on Thursday. The service was cut three years ago to save money.

{RELATED}

Buses will leave the central station every hour between midnight and five in the morning. Share on Facebook Share on Twitter Copy link Tickets cost the same as in the day.

Students and shift workers had asked for the service for a long time, the board said.

Copyright 2030 Valley Post. All rights reserved.
"""  # noqa: E501 - a dump has a paragraph a line


def _library(tmp_path: Path, dump: str = DUMP) -> tuple[Library, Article]:
    source = tmp_path / "src" / "buses.txt"
    source.parent.mkdir(parents=True)
    source.write_text(dump)
    library = Library(tmp_path / "lib")
    _, [article] = import_paths(library, [str(source)])
    return library, article


def _cut_rows(reader: ReaderScreen) -> list[str]:
    """The cut lines as drawn: the text of their screen rows."""
    view = reader.view
    layout = view._layout
    assert layout is not None
    return [
        view.ghosts[row.ghost].text[row.start : row.end]
        for row in layout.rows
        if isinstance(row, GhostRow)
    ]


def _covered(reader: ReaderScreen) -> list[tuple[int, int]]:
    """Each paragraph's span as its screen rows cover it, gap-free."""
    spans: dict[int, tuple[int, int]] = {}
    for row in reader.view._layout.rows:
        if isinstance(row, ScreenLine):
            start, end = spans.get(row.paragraph, (row.start, row.start))
            assert end == row.start, "rows of a paragraph must follow each other"
            spans[row.paragraph] = (start, row.end)
    return [spans[k] for k in sorted(spans)]


async def _onto_cut(pilot, reader: ReaderScreen, text: str) -> None:
    """Step down (j) until the cursor stands on the cut line ``text``."""
    for _ in range(30):
        cut = reader.model.cut_at_cursor()
        if cut is not None and cut.text == text:
            return
        await pilot.press("j")
    raise AssertionError(f"never reached the cut line {text!r}")


async def _onto_paragraph(pilot, reader: ReaderScreen, start: str) -> None:
    """Step down (j) until the cursor stands on body text starting with ``start``."""
    for _ in range(30):
        span = reader.view.cursor
        on_text = span is not None and reader.model.cut_at_cursor() is None
        if on_text and reader.article.body[span[0] :].startswith(start):
            return
        await pilot.press("j")
    raise AssertionError(f"never reached the text {start!r}")


async def test_c_shows_the_cut_lines_in_place_without_moving_the_text(tmp_path, pipeline):
    library, article = _library(tmp_path)
    tag_quote(library, None, article.id, "Buses will leave the central station", ["check"])
    app = NewsreadApp(library, Config())
    async with app.run_test(size=SIZE) as pilot:
        reader = await open_first_reader(pilot, app, TITLE)
        highlights = list(reader.view.highlights)
        assert _cut_rows(reader) == []
        await pilot.press("C")
        await wait_until(pilot, lambda: bool(_cut_rows(reader)))
        rows = _cut_rows(reader)
        assert any(row.startswith(f"✂ {why.RELATED}: {RELATED}") for row in rows)
        assert any(row.startswith(f"✂ {why.SHARE_BAR}, inside the paragraph: ") for row in rows)
        assert any(row.startswith(f"✂ {why.BYLINE}: By Ines Varga") for row in rows)
        # The body's rows still cover its paragraphs, in the body's own offsets:
        # the cut lines sit between them and take none.
        assert _covered(reader) == reader.view._layout.paragraphs
        assert reader.view.highlights == highlights
        assert reader.view.body == article.body
        # The related line stands between the first and the second paragraph.
        layout = reader.view._layout
        related = next(k for k, c in enumerate(reader.article.cuts) if c.text == RELATED)
        first, _ = layout.ghost_rows[related]
        assert layout.rows[first - 1] is None and layout.rows[first - 2].paragraph == 0
        await pilot.press("C")
        await wait_until(pilot, lambda: not _cut_rows(reader))


async def test_c_rewraps_the_text_when_its_cut_lines_bring_a_scrollbar(tmp_path, pipeline):
    # Three more paragraphs: at 120x36 the text alone fits the view, with its
    # cut lines it does not, and the scrollbar takes two of the text's columns.
    more = "".join(
        f"The {name} route will stop at every village on the way, and drivers will wait "
        "for the last train from the city before they leave the central station, the "
        "board said. Timetables go up at the stops and online in May, when the council "
        "also sets the fares for the late hours and the weekend services.\n\n"
        for name in ("northern", "southern", "eastern")
    )
    dump = DUMP.replace("Copyright 2030", more + "Copyright 2030")
    library, _ = _library(tmp_path, dump)
    app = NewsreadApp(library, Config())
    async with app.run_test(size=SIZE) as pilot:
        reader = await open_first_reader(pilot, app, TITLE)
        view = reader.view

        def wrapped_to_fit() -> bool:
            room = view.scrollable_content_region.width - GUTTER
            lines = [r for r in view._layout.rows if isinstance(r, ScreenLine)]
            widest = max(len(view.body[r.start : r.end].rstrip()) for r in lines)
            return view._layout.width == room and widest <= room

        await wait_until(pilot, lambda: view.cursor is not None and wrapped_to_fit())
        assert not view.show_vertical_scrollbar
        await pilot.press("C")
        await wait_until(pilot, lambda: bool(_cut_rows(reader)) and view.show_vertical_scrollbar)
        await wait_until(pilot, wrapped_to_fit)
        await pilot.press("C")
        await wait_until(pilot, lambda: not view.show_vertical_scrollbar and wrapped_to_fit())


async def test_the_cursor_steps_onto_a_cut_line_and_the_status_names_it(tmp_path, pipeline):
    library, _ = _library(tmp_path)
    app = NewsreadApp(library, Config())
    async with app.run_test(size=SIZE) as pilot:
        reader = await open_first_reader(pilot, app, TITLE)
        await pilot.press("C")
        await _onto_cut(pilot, reader, RELATED)
        assert reader.view.target is None  # nothing of the body is under the cursor
        status = str(reader.query_one("#reader-status").render())
        assert why.RELATED in status and "P puts it back" in status
        await pilot.press("j")
        s, e = reader.view.cursor
        assert reader.article.body[s:e].startswith("Buses will leave")
        await pilot.press("k")
        assert reader.model.cut_at_cursor().text == RELATED
        await pilot.press("t")
        assert "P puts it back" in reader.message


async def test_p_puts_a_cut_line_back_and_annotations_follow(tmp_path, pipeline):
    library, article = _library(tmp_path)
    quote = "Students and shift workers"
    tag_quote(library, None, article.id, quote, ["check"])
    root = tmp_path / "lib"
    app = NewsreadApp(library, Config())
    async with app.run_test(size=SIZE) as pilot:
        reader = await open_first_reader(pilot, app, TITLE)
        await pilot.press("C")
        await _onto_cut(pilot, reader, RELATED)
        await pilot.press("P")
        await wait_until(pilot, lambda: RELATED in reader.article.body)
        await wait_writes(app)
        # i lists the line put back with the reason cleaning had cut it.
        await pilot.press("i")
        await wait_until(pilot, lambda: type(app.screen).__name__ == "InfoScreen")
        shown = app.screen.body.plain
        assert "Cut by cleaning (4)" in shown and "Put back by you (1)" in shown
        assert f"↩ {why.RELATED}: {RELATED}" in shown
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is reader)
        body = reader.article.body
        assert reader.view.body == body
        s, e = reader.view.cursor
        assert body[s:e] == RELATED  # the cursor is on the line put back
        assert RELATED not in [c.text for c in reader.article.cuts]
        [ann] = reader.annotations
        assert body[ann.start : ann.end] == quote
        stored_article = Library(root).get_article(article.id)
        assert stored_article.body == body
        [stored_ann] = Library(root).annotations(article.id)
        assert stored_article.body[stored_ann.start : stored_ann.end] == quote
        assert [c.action for c in stored(Library(root), article.id)] == [RESTORE]
        # The analysis runs again on the new text and the cursor moves by its sentences.
        await wait_until(pilot, lambda: reader.analysis is not None)
        assert all(body[s:e].strip() for s, e in reader.model.cursor.units["sentence"])


async def test_x_cuts_the_paragraph_under_the_cursor(tmp_path, pipeline):
    library, article = _library(tmp_path)
    app = NewsreadApp(library, Config())
    paragraph = (
        "Students and shift workers had asked for the service for a long time, the board said."
    )
    async with app.run_test(size=SIZE) as pilot:
        reader = await open_first_reader(pilot, app, TITLE)
        await pilot.press("C")
        await _onto_paragraph(pilot, reader, "Students")
        await pilot.press("X")
        await wait_until(pilot, lambda: paragraph not in reader.article.body)
        await wait_writes(app)
        # The cut line is shown where the paragraph was, with the cursor on it.
        cut = reader.model.cut_at_cursor()
        assert cut is not None and (cut.text, cut.reason) == (paragraph, why.BY_USER)
        assert any(row.startswith(f"✂ {why.BY_USER}: Students") for row in _cut_rows(reader))
        stored_body = Library(tmp_path / "lib").get_article(article.id).body
        assert stored_body == reader.article.body
        # i counts it apart from cleaning's five cuts (it used to say "by cleaning (6)").
        await pilot.press("i")
        await wait_until(pilot, lambda: type(app.screen).__name__ == "InfoScreen")
        assert "Cut by cleaning (5) and by you (1)" in app.screen.body.plain
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is reader)
        # P on it puts it back: the text is as cleaning left it.
        await pilot.press("P")
        await wait_until(pilot, lambda: paragraph in reader.article.body)
        await wait_writes(app)
        assert reader.article.body == article.body
        assert stored(Library(tmp_path / "lib"), article.id) == []


async def test_x_on_an_annotated_paragraph_asks_first(tmp_path, pipeline):
    library, article = _library(tmp_path)
    quote = "Students and shift workers"
    tag_quote(library, None, article.id, quote, ["check"])
    app = NewsreadApp(library, Config())
    async with app.run_test(size=SIZE) as pilot:
        reader = await open_first_reader(pilot, app, TITLE)
        await _onto_paragraph(pilot, reader, "Students")
        await pilot.press("X")
        await wait_until(pilot, lambda: type(app.screen).__name__ == "DestroyDialog")
        assert "holds 1 annotation" in str(app.screen.question)
        await pilot.press("n")
        await wait_until(pilot, lambda: app.screen is reader)
        await wait_writes(app)
        assert quote in Library(tmp_path / "lib").get_article(article.id).body
        [kept] = reader.annotations
        assert not kept.orphan
        await pilot.press("X")
        await wait_until(pilot, lambda: type(app.screen).__name__ == "DestroyDialog")
        await pilot.press("y")
        await wait_until(pilot, lambda: quote not in reader.article.body)
        await wait_writes(app)
        [unplaced] = Library(tmp_path / "lib").annotations(article.id)
        assert unplaced.orphan and unplaced.quote == quote


async def test_x_says_whose_annotations_a_cut_would_unplace(tmp_path, pipeline):
    library, article = _library(tmp_path)
    tag_quote(library, None, article.id, "Students and shift workers", ["check"], annotator="ada")
    app = NewsreadApp(library, Config(annotator="ines"))
    async with app.run_test(size=SIZE) as pilot:
        reader = await open_first_reader(pilot, app, TITLE)
        await _onto_paragraph(pilot, reader, "Students")
        await pilot.press("X")
        await wait_until(pilot, lambda: type(app.screen).__name__ == "DestroyDialog")
        assert "holds 1 annotation, ada's. Cut it?" in str(app.screen.question)
        await pilot.press("n")
        await wait_until(pilot, lambda: app.screen is reader)
        # Two more, one of them the user's own; W showing only the user's
        # still counts the teammates' the cut would take off the text too.
        for quote, who in (("shift workers", "kwame"), ("for a long time", "ines")):
            tag_quote(library, None, article.id, quote, ["check"], annotator=who)
        reader.reload_annotations()
        await wait_until(pilot, lambda: len(reader.annotations) == 3)
        await pilot.press("W")
        await wait_until(pilot, lambda: reader.model.annotator_filter == "ines")
        await pilot.press("X")
        await wait_until(pilot, lambda: type(app.screen).__name__ == "DestroyDialog")
        question = str(app.screen.question)
        assert "holds 3 annotations, 2 of them teammates' (ada, kwame). Cut it?" in question


def test_whose_annotations_are_said_in_words():
    from tui.wording import annotations_held

    assert annotations_held(2, []) == "2 annotations"
    assert annotations_held(2, ["ada"]) == "2 annotations, 1 of them a teammate's (ada)"
    assert annotations_held(2, ["ada", "ada"]) == "2 annotations, both ada's"
    assert annotations_held(3, ["kwame", "ada", "ada"]) == (
        "3 annotations, all teammates' (ada, kwame)"
    )


async def test_u_right_after_a_cut_says_what_it_undoes_before_undoing_an_older_tag(
    tmp_path, pipeline
):
    from storage.history import History

    library, article = _library(tmp_path)
    quote = "Buses will leave the central station"
    tag_quote(library, History(library), article.id, quote, ["check"])
    app = NewsreadApp(library, Config())
    async with app.run_test(size=SIZE) as pilot:
        reader = await open_first_reader(pilot, app, TITLE)
        await _onto_paragraph(pilot, reader, "Students")
        await pilot.press("X")
        await wait_until(pilot, lambda: "Students" not in reader.article.body)
        await wait_writes(app)
        await pilot.press("u")
        await wait_writes(app)
        assert "not the paragraph cut" in reader.message
        assert [a.quote for a in Library(tmp_path / "lib").annotations(article.id)] == [quote]
        # Asked again, it undoes the older tag, as before.
        await pilot.press("u")
        await wait_until(pilot, lambda: not reader.annotations)
        await wait_writes(app)
        assert Library(tmp_path / "lib").annotations(article.id) == []


async def test_info_lists_the_cuts_with_their_reasons(tmp_path, pipeline):
    library, _ = _library(tmp_path)
    app = NewsreadApp(library, Config())
    async with app.run_test(size=SIZE) as pilot:
        await open_first_reader(pilot, app, TITLE)
        await pilot.press("i")
        await wait_until(pilot, lambda: type(app.screen).__name__ == "InfoScreen")
        shown = app.screen.body.plain
        assert "Cut by cleaning (5)" in shown
        assert f"✂ {why.RELATED}: {RELATED}" in shown
        assert f"✂ {why.BYLINE}: By Ines Varga" in shown
        assert f"✂ {why.TIME_AGO}: 2 hours ago" in shown
        assert f"✂ {why.COPYRIGHT}: Copyright 2030 Valley Post" in shown
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, ReaderScreen))


async def test_the_cut_keys_have_ids_and_can_be_remapped(tmp_path, pipeline):
    ids = NewsreadApp.known_bindings()
    for binding_id in ("reader.toggle_cuts", "reader.restore_cut", "reader.cut_paragraph"):
        assert binding_id in ids
    library, _ = _library(tmp_path)
    keys = {"reader.toggle_cuts": "f6", "reader.restore_cut": "f7"}
    app = NewsreadApp(library, Config(keys=keys))
    async with app.run_test(size=SIZE) as pilot:
        reader = await open_first_reader(pilot, app, TITLE)
        await pilot.press("f6")
        await wait_until(pilot, lambda: bool(_cut_rows(reader)))
        await _onto_cut(pilot, reader, RELATED)
        await pilot.press("f7")
        await wait_until(pilot, lambda: RELATED in reader.article.body)
        await pilot.press("question_mark")
        await wait_until(pilot, lambda: type(app.screen).__name__ == "HelpScreen")
        rows = {binding_id: (keys, what) for keys, what, binding_id in app.screen.rows}
        assert rows["reader.toggle_cuts"][0] == "f6"
        assert rows["reader.restore_cut"][0] == "f7"
        assert rows["reader.cut_paragraph"][1] == "Cut paragraph"
        await wait_writes(app)


# ---------------------------------------------------------------- without a terminal


def test_steps_go_through_cut_lines_in_reading_order() -> None:
    body = "One two. Three four.\n\nFive six."
    cuts = [
        Cut("By Jo Roe", why.BYLINE, 0),
        Cut("Share this", why.SHARE_BAR, 9, inline=True),
        Cut("Related: More", why.RELATED, 22),
        Cut("Copyright", why.COPYRIGHT, len(body)),
    ]
    cursor = TextCursor(body)
    cursor.set_units("sentence", [(0, 8), (9, 20), (22, 31)])
    cursor.set_units("word", [(0, 3), (4, 8), (9, 14), (15, 20), (22, 26), (27, 31)])
    seen = []
    cursor.span = None
    while cut_lines.step(cursor, cuts, "sentence", 1):
        seen.append(cuts[cursor.cut].text if cursor.cut is not None else body[slice(*cursor.span)])
    assert seen == [
        "By Jo Roe",
        "One two.",
        "Share this",
        "Three four.",
        "Related: More",
        "Five six.",
        "Copyright",
    ]
    assert cursor.target is None  # on a cut line: nothing of the body
    assert cut_lines.step(cursor, cuts, "sentence", -1)
    assert body[slice(*cursor.target)] == "Five six."
    # Word steps stay in the body, also from a cut line.
    cursor.move_to_cut(2)
    assert cut_lines.step(cursor, cuts, "word", 1)
    assert (cursor.cut, body[slice(*cursor.span)]) == (None, "Five")
    # While a selection grows, steps go through the body only.
    cursor.move_to_span((0, 8), "sentence")
    cursor.toggle_selection()
    assert cut_lines.step(cursor, cuts, "sentence", 1)
    assert cursor.cut is None and body[slice(*cursor.selection)] == "One two. Three four."


def test_cut_lines_are_laid_out_where_they_stood() -> None:
    body = "One two three four five six.\n\nSeven eight."
    ghosts = [
        Ghost(0, False, "✂ byline: By Jo Roe"),
        Ghost(8, True, "✂ share bar: Share"),
        Ghost(30, False, "✂ related links: Related"),
        Ghost(len(body), False, "✂ copyright line: Copyright"),
    ]
    layout = BodyLayout(body, 12, ghosts)

    def shown(row) -> str:
        if row is None:
            return ""
        if isinstance(row, GhostRow):
            return "G" + ghosts[row.ghost].text[row.start : row.end].strip()
        return body[row.start : row.end].strip()

    assert [shown(r) for r in layout.rows] == [
        "G✂ byline: By",
        "GJo Roe",
        "",
        "One two",
        "G✂ share bar:",
        "GShare",
        "three four",
        "five six.",
        "",
        "G✂ related",
        "Glinks:",
        "GRelated",
        "",
        "Seven eight.",
        "",
        "G✂ copyright",
        "Gline:",
        "GCopyright",
    ]
    assert layout.row_of(8) == 6  # body offsets still find their rows
    assert layout.offset_at(4, 0, body) is None  # a cut line has no body offset
    assert layout.ghost_rows[2] == (9, 11)


async def test_x_moves_the_rejected_suggestions_on_screen_and_says_those_it_drops(
    tmp_path, pipeline
):
    # The rejections move on disk with the text; the reader kept them at their
    # old offsets, so a suggestion rejected after the cut line came back on
    # screen (and another, on the old offsets, was hidden). One on the cut
    # paragraph itself is dropped, as a re-import drops it: said, not silent.
    library, article = _library(tmp_path)
    body = article.body

    def reject(text: str) -> None:
        start = body.index(text)
        library.save_rejected(
            article.id,
            {
                "kind": "entity",
                "label": "ORG",
                "start": start,
                "end": start + len(text),
                "text": text,
            },
        )

    reject("Students and shift workers")
    reject("central station")
    app = NewsreadApp(library, Config())
    async with app.run_test(size=SIZE) as pilot:
        reader = await open_first_reader(pilot, app, TITLE)
        await _onto_paragraph(pilot, reader, "Buses will leave")
        await pilot.press("X")
        await wait_until(pilot, lambda: "central station" not in reader.article.body)
        await wait_writes(app)
        [moved] = Library(tmp_path / "lib").rejected(article.id)
        assert moved["text"] == "Students and shift workers"
        assert reader.article.body[moved["start"] : moved["end"]] == moved["text"]
        assert reader.model.rejected == [moved]
        status = str(reader.query_one("#reader-status").render())
        assert "1 rejected suggestion dropped" in status
