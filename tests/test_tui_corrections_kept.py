"""Corrections of claims in the app, on a library on disk: their roles follow
a re-import onto their own words, a correction and a tag on the same words
stay two annotations (x on the tag keeps the correction), K refuses a cue
overlapping the speaker or content, and n on a selection of tagged words
edits that annotation's note."""

from __future__ import annotations

import json

from newsread.analysis.corrections import NOT_A_CLAIM, correction_of
from newsread.config import Config
from newsread.model import Article, new_annotation
from storage.library import Library
from storage.tag_ops import recolour_tag
from tests.pilot_helpers import (
    SIZE,
    make_library,
    open_first_reader,
    wait_until,
    wait_writes,
)
from tests.test_tui_corrections import choose, claim_at, status
from tui.app import NewsreadApp
from tui.cli import main
from tui.screens.dialogs import Chooser, NoteEditor
from tui.screens.reader import ReaderScreen

QUOTE = (
    "\u201cFuel costs have doubled since 2024 across the fleet,\u201d said Priya Halvorsen, "
    "the board's finance chief."
)
STORY = "Port fees to rise\n\nThe board met on Monday.\n\n" + QUOTE + "\n\nShe left early.\n"
EDITED = (
    "Port fees to rise\n\nA paragraph added at the top of the story, well above the quote.\n\n"
    "The board met on Monday.\n\n" + QUOTE.replace("doubled", "tripled") + "\n\nShe left early.\n"
)
CONTENT = "Fuel costs have doubled since 2024 across the fleet"


async def _reader(pilot, app, title: str) -> ReaderScreen:
    reader = await open_first_reader(pilot, app, title)
    await wait_until(pilot, lambda: reader.analysis is not None)
    return reader


def _span(body: str, text: str) -> tuple[int, int]:
    at = body.index(text)
    return at, at + len(text)


async def test_a_corrected_content_follows_a_re_import_onto_its_new_words(
    tmp_path, pipeline, capsys
):
    source = tmp_path / "fees.txt"
    source.write_text(STORY, encoding="utf-8")
    root = str(tmp_path / "lib")
    assert main(["import", "--library", root, str(source)]) == 0
    lib = Library(tmp_path / "lib")
    [article_id] = lib.article_ids()
    body = lib.get_article(article_id).body
    app = NewsreadApp(lib, Config())
    async with app.run_test(size=SIZE) as pilot:
        reader = await _reader(pilot, app, "Port fees to rise")
        reader.view.select_span(*_span(body, CONTENT))
        await pilot.press("K")
        await choose(pilot, app, "set:content")
        await wait_until(pilot, lambda: "content is now" in status(reader))
        await wait_writes(app)

    source.write_text(EDITED, encoding="utf-8")
    capsys.readouterr()
    assert main(["import", "--library", root, str(source)]) == 0
    assert "placed on changed words" in capsys.readouterr().out
    assert main(["export", "--library", root, "--article", article_id, "--with-text"]) == 0
    exported = json.loads(capsys.readouterr().out)
    [record] = exported["annotations"]
    new_body = Library(tmp_path / "lib").get_article(article_id).body
    assert record["orphan"] is False
    for role in ("speaker", "cue", "content"):
        held = record["data"][role]
        assert new_body[held["start"] : held["end"]] == held["text"], role
    assert record["data"]["content"]["text"].startswith("Fuel costs have tripled")

    app = NewsreadApp(Library(tmp_path / "lib"), Config())
    async with app.run_test(size=SIZE) as pilot:
        reader = await _reader(pilot, app, "Port fees to rise")
        start = new_body.index("Fuel costs")
        await wait_until(pilot, lambda: claim_at(reader, start) is not None)
        reader.view.move_to_span(_span(new_body, "Fuel costs"), "word")
        await pilot.press("K")
        await wait_until(pilot, lambda: isinstance(app.screen, Chooser))
        offered = dict(app.screen.items)
        assert "Fuel costs have tripled" in offered["clear:content"]


async def test_a_role_whose_words_changed_orphans_the_correction(tmp_path, pipeline, capsys):
    source = tmp_path / "fees.txt"
    source.write_text(STORY, encoding="utf-8")
    root = str(tmp_path / "lib")
    assert main(["import", "--library", root, str(source)]) == 0
    lib = Library(tmp_path / "lib")
    [article_id] = lib.article_ids()
    body = lib.get_article(article_id).body
    app = NewsreadApp(lib, Config())
    async with app.run_test(size=SIZE) as pilot:
        reader = await _reader(pilot, app, "Port fees to rise")
        reader.view.select_span(*_span(body, "Fuel costs have doubled"))
        await pilot.press("K")
        await choose(pilot, app, "set:content")
        await wait_until(pilot, lambda: "content is now" in status(reader))
        await wait_writes(app)
    source.write_text(EDITED, encoding="utf-8")
    capsys.readouterr()
    assert main(["import", "--library", root, str(source)]) == 0
    assert "1 annotation could not be placed" in capsys.readouterr().out
    [stored] = Library(tmp_path / "lib").annotations(article_id)
    assert stored.orphan and stored.data["content"]["text"] == "Fuel costs have doubled"


# -- a correction and a tag on the same words --------------------------------------------

BODY = (
    "The mill will cut 120 jobs by March, the owner said on Friday. "
    "Workers were told in a letter.\n\n"
    "Output fell 8 percent last year, the union said."
)
TITLE = "Mill cuts jobs"


def _library(tmp_path) -> Library:
    return make_library(tmp_path / "lib", [Article(id="mill01", title=TITLE, body=BODY)])


def _sentence(reader: ReaderScreen, text: str) -> tuple[int, int]:
    at = BODY.index(text)
    return next(s for s in reader.analysis.sentences if s[0] <= at < s[1])


async def test_x_on_a_tag_beside_a_correction_keeps_the_correction(tmp_path, pipeline, capsys):
    lib = _library(tmp_path)
    app = NewsreadApp(lib, Config(quick_tags={"1": "figure"}))
    async with app.run_test(size=SIZE) as pilot:
        reader = await _reader(pilot, app, TITLE)
        sentence = _sentence(reader, "The mill")
        reader.view.move_to_span(sentence, "sentence")
        await pilot.press("1")
        await wait_until(pilot, lambda: "tagged figure" in status(reader))
        reader.view.select_span(*_span(BODY, "said"))
        await pilot.press("K")
        await choose(pilot, app, "set:cue")
        await wait_until(pilot, lambda: "cue is now" in status(reader))
        await wait_writes(app)
        tag, fix = sorted(lib.annotations("mill01"), key=lambda a: correction_of(a) is not None)
        assert tag.tags == ["figure"] and correction_of(tag) is None
        assert correction_of(fix) is not None and "figure" not in fix.tags
        reader.view.move_to_span(sentence, "sentence")
        await pilot.press("x")
        await wait_until(pilot, lambda: "deleted [figure]" in status(reader))
        await wait_writes(app)
        [left] = lib.annotations("mill01")
        assert correction_of(left) is not None and "figure" not in left.tags
        await pilot.press("x")
        await wait_until(pilot, lambda: "deleted the correction" in status(reader))
        await wait_writes(app)
        assert lib.annotations("mill01") == []

        # The other way: a tag on a sentence marked not a claim.
        other = _sentence(reader, "Output fell")
        reader.view.move_to_span(other, "sentence")
        await pilot.press("K")
        await choose(pilot, app, NOT_A_CLAIM)
        await wait_until(pilot, lambda: "marked as not a claim" in status(reader))
        reader.view.move_to_span(other, "sentence")
        await pilot.press("1")
        await wait_until(pilot, lambda: "tagged figure" in status(reader))
        await wait_writes(app)
        tags = sorted(a.tags for a in lib.annotations("mill01"))
        assert tags == [["figure"], [NOT_A_CLAIM]]
        await pilot.press("x")
        await wait_until(pilot, lambda: "deleted [figure]" in status(reader))
        await wait_writes(app)
        assert [a.tags for a in lib.annotations("mill01")] == [[NOT_A_CLAIM]]

    # The command line's tag leaves the correction alone too.
    root = str(tmp_path / "lib")
    words = BODY[other[0] : other[1]]
    assert main(["tag", "mill01", "--quote", words, "--tag", "check", "--library", root]) == 0
    capsys.readouterr()
    assert main(["export", "--library", root]) == 0
    records = json.loads(capsys.readouterr().out)["annotations"]
    assert sorted(r["tags"] for r in records) == [["check"], [NOT_A_CLAIM]]


async def test_x_on_an_old_librarys_mixed_annotation_deletes_only_the_tags(tmp_path, pipeline):
    lib = _library(tmp_path)
    article = lib.get_article("mill01")
    at = BODY.index("Output fell")
    end = BODY.index("said.", at) + len("said.")
    # As an older newsread stored it: the correction merged into the tag.
    mixed = new_annotation(
        article,
        at,
        end,
        ["stressa", NOT_A_CLAIM],
        note="ask the union",
        data={"correction": {"kind": "claim", "wrong": True, "was": {"start": at, "end": end}}},
    )
    lib.save_annotation(mixed)
    app = NewsreadApp(lib, Config())
    async with app.run_test(size=SIZE) as pilot:
        reader = await _reader(pilot, app, TITLE)
        reader.view.move_to_span((at, end), "sentence")
        await pilot.press("x")
        await wait_until(pilot, lambda: "kept the correction [not-a-claim]" in status(reader))
        assert "deleted [stressa]" in status(reader)
        # Said at once, "saving…" until written: the file is read once it is.
        await wait_until(pilot, lambda: reader.message.endswith("(x again deletes it) · u undoes"))
        [left] = lib.annotations("mill01")
        assert left.tags == [NOT_A_CLAIM] and correction_of(left) is not None
        await pilot.press("u")
        await wait_writes(app)
        await wait_until(pilot, lambda: [a.tags for a in reader.annotations] == [mixed.tags])


async def test_a_tag_recoloured_elsewhere_after_x_leaves_u_undoes_said(tmp_path, pipeline):
    # The tag table changing alone (here a colour; on an old library's
    # correction, x's own write adding its tag) once wiped x's answer, read
    # by the next look at the files as a change that took the edit away.
    lib = _library(tmp_path)
    article = lib.get_article("mill01")
    at = BODY.index("Output fell")
    end = BODY.index("said.", at) + len("said.")
    lib.ensure_tag("stressa")
    lib.save_annotation(new_annotation(article, at, end, ["stressa"]))
    app = NewsreadApp(lib, Config())
    async with app.run_test(size=SIZE) as pilot:
        reader = await _reader(pilot, app, TITLE)
        reader.view.move_to_span((at, end), "sentence")
        await pilot.press("x")
        await wait_until(pilot, lambda: reader.message.endswith("u undoes"))
        said = reader.message
        assert "deleted [stressa]" in said
        recolour_tag(Library(tmp_path / "lib"), "stressa", "#123456")
        await wait_until(pilot, lambda: reader.tags["stressa"].color == "#123456")
        assert reader.message == said
        await pilot.press("u")
        await wait_writes(app)
        await wait_until(pilot, lambda: [a.tags for a in reader.annotations] == [["stressa"]])


async def test_k_refuses_a_cue_overlapping_the_speaker_or_content(tmp_path, pipeline):
    lib = _library(tmp_path)
    app = NewsreadApp(lib, Config())
    async with app.run_test(size=SIZE) as pilot:
        reader = await _reader(pilot, app, TITLE)
        owner = BODY.index("the owner")
        reader.view.select_span(owner, owner + len("the owner"))
        await pilot.press("K")
        await choose(pilot, app, "set:speaker")
        await wait_until(pilot, lambda: "speaker is now" in status(reader))
        content = _span(BODY, "The mill will cut 120 jobs by March")
        reader.view.select_span(*content)
        await pilot.press("K")
        await choose(pilot, app, "set:content")
        await wait_until(pilot, lambda: "content is now" in status(reader))
        await wait_writes(app)
        before = [a.to_dict() for a in lib.annotations("mill01")]
        # "March, the owner said": over the content's end and the speaker.
        reader.view.select_span(BODY.index("March"), BODY.index("said") + len("said"))
        await pilot.press("K")
        await choose(pilot, app, "set:cue")
        await wait_until(pilot, lambda: "not changed: the cue" in status(reader))
        assert "would overlap the" in status(reader)
        claim = claim_at(reader, owner)
        assert claim.cue is None or claim.cue.text != "March, the owner said"
        await wait_writes(app)
        assert [a.to_dict() for a in lib.annotations("mill01")] == before


async def test_n_on_a_selection_of_tagged_words_edits_their_note(tmp_path, pipeline):
    lib = _library(tmp_path)
    app = NewsreadApp(lib, Config(quick_tags={"1": "figure"}))
    words = _span(BODY, "120 jobs")
    async with app.run_test(size=SIZE) as pilot:
        reader = await _reader(pilot, app, TITLE)
        reader.view.select_span(*words)
        await pilot.press("n")
        await wait_until(pilot, lambda: isinstance(app.screen, NoteEditor))
        await pilot.press(*"cli note", "ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, ReaderScreen))
        await wait_writes(app)
        reader.view.select_span(*words)
        await pilot.press("n")
        await wait_until(pilot, lambda: isinstance(app.screen, NoteEditor))
        editor = app.screen
        from textual.widgets import TextArea

        area = editor.query_one(TextArea)
        assert area.text == "cli note"
        area.text = "ines edit"
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, ReaderScreen))
        await wait_writes(app)
        [ann] = lib.annotations("mill01")
        assert (ann.start, ann.end, ann.note) == (*words, "ines edit")


async def test_o_does_not_re_attach_a_correction_whose_role_is_not_in_the_words(tmp_path, pipeline):
    lib = _library(tmp_path)
    article = lib.get_article("mill01")
    where = _span(BODY, "Output fell 8 percent last year, the union said.")
    gone = {"start": where[0], "end": where[0] + 12, "text": "Output rose "}
    lost = new_annotation(
        article,
        *where,
        ["attributed"],
        data={
            "suggestion": {"kind": "claim", "label": "attributed", "score": 1.0},
            "content": gone,
            "correction": {"kind": "claim", "fields": ["content"], "was": {"content": None}},
        },
    )
    lib.save_annotation(lost.__class__(**{**lost.to_dict(), "orphan": True}))
    app = NewsreadApp(lib, Config())
    async with app.run_test(size=SIZE) as pilot:
        reader = await _reader(pilot, app, TITLE)
        reader.view.select_span(*where)
        await pilot.press("o")
        await choose(pilot, app, lost.id)
        await wait_until(pilot, lambda: "not re-attached" in reader.message)
        assert "its “Output rose” is not in those words" in reader.message
        await wait_writes(app)
        [stored] = lib.annotations("mill01")
        assert stored.orphan
