"""Keyboard annotation in the reader: units, quick keys, notes, delete, undo/redo
across restarts, suggestions, orphans, mouse selection. Driven by Pilot."""

from __future__ import annotations

from newsread.config import Config
from newsread.model import Annotation
from storage.history import History
from storage.library import Library
from tests.pilot_helpers import (
    BODY,
    SIZE,
    make_library,
    open_first_reader,
    wait_until,
    wait_writes,
)
from tui.app import NewsreadApp
from tui.screens.dialogs import Chooser, NoteEditor
from tui.screens.reader import ReaderScreen
from tui.screens.tag_picker import TagPicker


def stored(root) -> list[Annotation]:
    return Library(root).annotations("harbour01")


async def test_word_and_paragraph_moves_extend_a_selection(tmp_path, pipeline):
    app = NewsreadApp(make_library(tmp_path / "lib"), Config())
    async with app.run_test(size=SIZE) as pilot:
        reader = await open_first_reader(pilot, app)
        await pilot.press("w")  # from a sentence, w narrows to its first word
        assert BODY[slice(*reader.view.cursor)] == "The"
        await pilot.press("w")
        s, e = reader.view.cursor
        assert BODY[s:e] == "harbour"
        await pilot.press("w", "b")
        assert BODY[slice(*reader.view.cursor)] == "harbour"
        await pilot.press("right_curly_bracket")
        s, e = reader.view.cursor
        assert BODY[s:e].startswith("\u201cWe waited ten years") and BODY[e - 1] == "."
        # Anchored on a word, word moves extend the selection word by word.
        await pilot.press("left_curly_bracket", "w", "w", "v", "w", "w")
        lo, hi = reader.view.selection
        assert BODY[lo:hi] == "harbour board said"
        # ... and a sentence move extends it to the end of the next sentence.
        await pilot.press("j")
        lo, hi = reader.view.selection
        assert BODY[lo:hi] == BODY[BODY.index("harbour") : BODY.index("plan.") + 5]


async def test_quick_key_from_config_and_several_tags(tmp_path, pipeline):
    root = tmp_path / "lib"
    app = NewsreadApp(make_library(root), Config(quick_tags={"1": "check"}))
    async with app.run_test(size=SIZE) as pilot:
        await open_first_reader(pilot, app)
        await pilot.press("1")
        await pilot.press("j", "t")
        picker = app.screen
        assert isinstance(picker, TagPicker)
        first = picker.query_one("OptionList").get_option_at_index(0)
        assert first.id == "check" and "[1]" in str(first.prompt)
        await pilot.press(*"person, place", "enter")
        await wait_writes(app)
    anns = stored(root)
    assert anns[0].tags == ["check"] and anns[0].quote.startswith("The harbour board")
    assert anns[1].tags == ["person", "place"]
    assert anns[1].quote == "Dock workers welcomed the plan."


async def test_note_create_edit_delete_and_undo_redo_across_restart(tmp_path, pipeline):
    root = tmp_path / "lib"
    app = NewsreadApp(make_library(root), Config())
    async with app.run_test(size=SIZE) as pilot:
        reader = await open_first_reader(pilot, app)
        await pilot.press("n")
        await wait_until(pilot, lambda: isinstance(app.screen, NoteEditor))
        await pilot.press(*"ask the board", "enter", *"for the report", "ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, ReaderScreen))
        await wait_writes(app)
        [ann] = stored(root)
        assert ann.tags == [] and ann.note == "ask the board\nfor the report"
        # n on an annotated sentence edits that annotation's note
        await pilot.press("n", *"; called", "ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, ReaderScreen))
        await wait_writes(app)
        assert [a.note for a in stored(root)] == ["ask the board\nfor the report; called"]
        await pilot.press("x")
        await wait_writes(app)
        assert stored(root) == []
        assert "deleted [note]" in str(reader.query_one("#reader-status").render())
        await pilot.press("u")
        await wait_writes(app)
        await wait_until(pilot, lambda: len(reader.annotations) == 1)
        assert [a.note for a in stored(root)] == ["ask the board\nfor the report; called"]
        # Worded as every other screen words it: what was done, not a command.
        status = reader.query_one("#reader-status")
        await wait_until(pilot, lambda: "undid: deleted [note]" in str(status.render()))
    # A new session undoes the note edit, then redoes it.
    app2 = NewsreadApp(Library(root), Config())
    async with app2.run_test(size=SIZE) as pilot:
        reader = await open_first_reader(pilot, app2)
        await pilot.press("u")
        await wait_writes(app2)
        await wait_until(
            pilot, lambda: [a.note for a in reader.annotations] == ["ask the board\nfor the report"]
        )
        await pilot.press("ctrl+r")
        await wait_writes(app2)
        await wait_until(
            pilot,
            lambda: (
                [a.note for a in reader.annotations] == ["ask the board\nfor the report; called"]
            ),
        )
    assert [a.note for a in stored(root)] == ["ask the board\nfor the report; called"]
    assert History(Library(root)).can_undo()


async def test_accept_reject_and_accept_all_suggestions(tmp_path, pipeline):
    root = tmp_path / "lib"
    body = (
        "Mara Quist met the board. The board praised Mara Quist. Later, Mara Quist left Port Ellis."
    )
    from newsread.model import Article

    library = make_library(
        root, [Article(id="harbour01", title="Harbour crane approved", body=body, source="Wire")]
    )
    app = NewsreadApp(library, Config())
    async with app.run_test(size=SIZE) as pilot:
        reader = await open_first_reader(pilot, app)
        await wait_until(pilot, lambda: reader.analysis is not None)
        people = [e for e in reader.analysis.entities if e.label == "PERSON"]
        assert len(people) == 3
        await pilot.press("right_square_bracket")
        assert reader.view.cursor == (people[0].start, people[0].end)
        status = reader.query_one("#reader-status")
        assert "a accept · r reject" in str(status.render())
        await pilot.press("a")
        await wait_writes(app)
        [ann] = Library(root).annotations("harbour01")
        assert ann.tags == ["PERSON"] and ann.quote == "Mara Quist"
        # Accepted: the line no longer offers to accept it.
        await wait_until(pilot, lambda: "accepted · x deletes it" in str(status.render()))
        assert "a accept" not in str(status.render())
        assert ann.data["suggestion"] == {"kind": "entity", "label": "PERSON"}
        await pilot.press("A")
        await wait_writes(app)
        assert len(Library(root).annotations("harbour01")) == 3
        # reject the place: remembered, hidden, exported
        place = next(e for e in reader.analysis.entities if e.text == "Port Ellis")
        reader.view.move_to_span((place.start, place.end), "mark")
        await pilot.press("r")
        await wait_writes(app)
        assert (place.start, place.end) not in reader.view.units["mark"]
        rejected = Library(root).rejected("harbour01")
        assert rejected[0]["text"] == "Port Ellis" and rejected[0]["kind"] == "entity"
        # u right after r takes the rejection back; r rejects it again.
        await pilot.press("u")
        await wait_writes(app)
        assert Library(root).rejected("harbour01") == []
        assert "undid: rejected entity" in reader.message
        assert len(Library(root).annotations("harbour01")) == 3  # no tag undone
        reader.view.move_to_span((place.start, place.end), "mark")
        await pilot.press("r")
        await wait_writes(app)
        rejected = Library(root).rejected("harbour01")
        assert rejected[0]["text"] == "Port Ellis" and rejected[0]["kind"] == "entity"
        # The export carries the negatives next to the accepted annotations.
        from tui.cli import export_document

        document = export_document(Library(root))
        assert [r["text"] for r in document["rejected_suggestions"]] == ["Port Ellis"]
        assert {a["quote"] for a in document["annotations"]} == {"Mara Quist"}
        assert all(a["data"]["suggestion"]["label"] == "PERSON" for a in document["annotations"])
    app2 = NewsreadApp(Library(root), Config())
    async with app2.run_test(size=SIZE) as pilot:
        reader = await open_first_reader(pilot, app2)
        await wait_until(pilot, lambda: reader.analysis is not None)
        assert (place.start, place.end) not in reader.view.units["mark"]
        await pilot.press("R")
        assert (place.start, place.end) in reader.view.units["mark"]


async def test_orphan_is_listed_and_reattached(tmp_path, pipeline):
    root = tmp_path / "lib"
    library = make_library(root)
    library.save_annotation(
        Annotation(
            id="orph1",
            article_id="harbour01",
            start=0,
            end=5,
            quote="gone text",
            tags=["lost"],
            orphan=True,
        )
    )
    app = NewsreadApp(library, Config())
    async with app.run_test(size=SIZE) as pilot:
        reader = await open_first_reader(pilot, app)
        side = str(reader.query_one("#side-annotations").render())
        assert "1 annotation could not be placed" in side
        await pilot.press("j", "o")
        await wait_until(pilot, lambda: isinstance(app.screen, Chooser))
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ReaderScreen))
        await wait_writes(app)
    [ann] = Library(root).annotations("harbour01")
    assert not ann.orphan and ann.quote == "Dock workers welcomed the plan."


async def test_mouse_drag_selects_and_tags(tmp_path, pipeline):
    root = tmp_path / "lib"
    app = NewsreadApp(make_library(root), Config())
    async with app.run_test(size=SIZE) as pilot:
        reader = await open_first_reader(pilot, app)
        view = reader.view
        await pilot.mouse_down(view, offset=(1, 0))
        await pilot.hover(view, offset=(12, 0))
        await pilot.mouse_up(view, offset=(12, 0))
        await wait_until(pilot, lambda: view.selection is not None)
        lo, hi = view.selection
        assert BODY[lo:hi] == "The harbour"
        await pilot.press("t", *"mouse", "enter")
        await wait_writes(app)
    assert [a.quote for a in stored(root)] == ["The harbour"]


async def test_tag_manager_rename_shows_in_the_reader(tmp_path, pipeline):
    root = tmp_path / "lib"
    app = NewsreadApp(make_library(root), Config())
    async with app.run_test(size=SIZE) as pilot:
        reader = await open_first_reader(pilot, app)
        await pilot.press("t", *"draft", "enter")
        await wait_writes(app)
        await pilot.press("T")
        await wait_until(pilot, lambda: type(app.screen).__name__ == "TagManagerScreen")
        await wait_until(pilot, lambda: app.screen.query_one("DataTable").row_count == 1)
        await pilot.press("r")
        await wait_until(pilot, lambda: type(app.screen).__name__ == "TextPrompt")
        prompt = app.screen.query_one("Input")
        prompt.value = ""
        await pilot.press(*"final", "enter")
        await wait_writes(app)
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is reader)
        await wait_until(pilot, lambda: [a.tags for a in reader.annotations] == [["final"]])
        assert "[final]" in str(reader.query_one("#side-annotations").render())


async def test_tagging_the_same_passage_again_adds_tags_to_it(tmp_path, pipeline):
    root = tmp_path / "lib"
    app = NewsreadApp(make_library(root), Config(quick_tags={"2": "urgent"}))
    async with app.run_test(size=SIZE) as pilot:
        await open_first_reader(pilot, app)
        await pilot.press("t", *"check", "enter")
        await pilot.press("t", *"source", "enter")
        await pilot.press("2")
        await wait_writes(app)
    [ann] = stored(root)
    assert ann.tags == ["check", "source", "urgent"]


async def test_find_selects_matches_and_tags_one(tmp_path, pipeline):
    root = tmp_path / "lib"
    app = NewsreadApp(make_library(root), Config())
    async with app.run_test(size=SIZE) as pilot:
        reader = await open_first_reader(pilot, app)
        await pilot.press("slash", *"crane", "enter")
        await wait_until(pilot, lambda: app.screen is reader and reader.view.selection)
        first = reader.view.selection
        assert BODY[first[0] : first[1]].casefold() == "crane"
        await pilot.press("ctrl+n")
        second = reader.view.selection
        assert second[0] > first[0] and BODY[second[0] : second[1]].casefold() == "crane"
        await pilot.press("t", *"body", "enter")
        await wait_writes(app)
    [ann] = stored(root)
    assert ann.quote.casefold() == "crane" and ann.start == second[0]


async def test_side_lists_jump_to_entity_mentions_and_claims(tmp_path, pipeline):
    from textual.widgets import OptionList

    app = NewsreadApp(make_library(tmp_path / "lib"), Config())
    async with app.run_test(size=SIZE) as pilot:
        reader = await open_first_reader(pilot, app)
        await wait_until(pilot, lambda: reader.analysis is not None)
        entity_list = reader.query_one("#side-entity-list", OptionList)
        claim_list = reader.query_one("#side-claim-list", OptionList)
        await pilot.press("tab")
        assert entity_list.has_focus
        target = next(
            i
            for i in range(entity_list.option_count)
            if (entity_list.get_option_at_index(i).id or "").endswith(":Mara Quist")
        )
        entity_list.highlighted = target
        await pilot.press("enter")
        assert BODY[slice(*reader.view.cursor)] == "Mara Quist"
        await pilot.press("tab")
        assert claim_list.has_focus and claim_list.option_count == len(reader.analysis.claims)
        claim_list.highlighted = claim_list.option_count - 1
        await pilot.press("enter")
        last = reader.analysis.claims[-1]
        assert reader.view.cursor == (last.start, last.end) and reader.view.has_focus


async def test_new_tags_made_together_get_different_colours(tmp_path, pipeline):
    root = tmp_path / "lib"
    app = NewsreadApp(make_library(root), Config())
    async with app.run_test(size=SIZE) as pilot:
        reader = await open_first_reader(pilot, app)
        await pilot.press("t", *"alpha, beta", "enter")
        await wait_writes(app)
        shown = {name: reader.tags[name].color for name in ("alpha", "beta")}
    stored = {t.name: t.color for t in Library(root).tags()}
    assert stored == shown and shown["alpha"] != shown["beta"]


async def test_no_annotation_lands_on_text_that_changed_underneath(tmp_path, pipeline):
    from newsread.model import Article

    root = tmp_path / "lib"
    app = NewsreadApp(make_library(root), Config())
    async with app.run_test(size=SIZE) as pilot:
        await open_first_reader(pilot, app)
        # Another process re-imports an edited version of the open article.
        Library(root).save_articles(
            [
                Article(
                    id="harbour01",
                    title="Harbour crane approved",
                    body="Completely new text.",
                    source="Test Wire",
                )
            ]
        )
        reader = app.screen
        # The open reader follows the re-import: the new text, said so.
        await wait_until(pilot, lambda: reader.article.body == "Completely new text.", timeout=15)
        await wait_until(
            pilot, lambda: any("re-imported" in str(n.message) for n in app._notifications)
        )
        await pilot.press("t", *"late", "enter")
        await wait_writes(app)
    # A tag made then lands on the words it was made on, in the new text.
    [ann] = stored(root)
    assert ann.tags == ["late"] and ann.quote == "Completely new text." and not ann.orphan


async def test_the_reader_that_follows_a_reimport_keeps_moving_by_sentence(tmp_path, pipeline):
    """After the re-import the cursor was on a whole paragraph (the unit a
    put-back line uses) and stayed so: t and n took two sentences."""
    from newsread.model import Article

    root = tmp_path / "lib"
    app = NewsreadApp(make_library(root), Config())
    async with app.run_test(size=SIZE) as pilot:
        reader = await open_first_reader(pilot, app)
        await wait_until(pilot, lambda: reader.analysis is not None)
        await pilot.press("j")
        assert reader.model.cursor.unit == "sentence"
        body = "Two sentences open it. The second one follows.\n\nA new paragraph comes last."
        Library(root).save_articles(
            [Article(id="harbour01", title="Harbour crane approved", body=body, source="Test Wire")]
        )
        await wait_until(pilot, lambda: reader.article.body == body, timeout=15)
        assert reader.model.cursor.unit == "sentence"
        span = reader.model.cursor.span
        assert span is not None and "\n" not in body[span[0] : span[1]]
        await wait_until(pilot, lambda: reader.analysis is not None)
        assert reader.model.cursor.unit == "sentence"


async def test_side_lists_accept_claims_sharing_a_span_and_names_in_two_groups(tmp_path, pipeline):
    from newsread.analysis import Claim, Entity

    app = NewsreadApp(make_library(tmp_path / "lib"), Config())
    async with app.run_test(size=SIZE) as pilot:
        reader = await open_first_reader(pilot, app)
        await wait_until(pilot, lambda: reader.analysis is not None)
        start, end = reader.analysis.sentences[0]
        reader.analysis.claims = [
            Claim(start, end, "attributed", 0.9),
            Claim(start, end, "statistic", 0.8),
        ]
        reader.analysis.entities = [
            Entity(4, 11, "PERSON", "harbour"),
            Entity(4, 11, "GPE", "harbour"),
        ]
        reader.refresh_all()
        claim_list = reader.query_one("#side-claim-list")
        assert claim_list.option_count == 2
        claim_list.focus()
        claim_list.highlighted = 1
        await pilot.press("enter")
        assert reader.view.cursor == (start, end)


async def test_the_suggestion_hints_name_the_remapped_keys(tmp_path, pipeline):
    """With accept, reject, accept-all, delete and undo remapped in [keys], the
    status line and the messages name the user's keys, not the defaults."""
    from newsread.model import Article

    body = "Mara Quist met the board. The board praised Mara Quist. Later, Mara Quist left."
    library = make_library(
        tmp_path / "lib",
        [Article(id="harbour01", title="Harbour crane approved", body=body, source="Wire")],
    )
    keys = {
        "reader.accept": "y",
        "reader.reject": "z",
        "reader.accept_all": "Y",
        "reader.delete": "ctrl+x",
        "reader.undo": "U",
    }
    app = NewsreadApp(library, Config(keys=keys))
    async with app.run_test(size=SIZE) as pilot:
        reader = await open_first_reader(pilot, app)
        await wait_until(pilot, lambda: reader.analysis is not None)
        status = reader.query_one("#reader-status")
        await pilot.press("right_square_bracket")
        await wait_until(
            pilot, lambda: "y accept · z reject · Y every mention" in str(status.render())
        )
        await pilot.press("y")
        await wait_writes(app)
        await wait_until(pilot, lambda: "accepted · ^x deletes it" in str(status.render()))
        await wait_until(pilot, lambda: reader.message.endswith("· U undoes"))
        await pilot.press("right_square_bracket")
        await pilot.press("z")
        await wait_writes(app)
        await wait_until(pilot, lambda: "(U takes it back, R shows rejected)" in reader.message)
        await pilot.press("U")
        await wait_writes(app)
        assert "(z rejects it again)" in reader.message
