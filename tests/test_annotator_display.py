"""Several annotators in the reader: another annotator's annotations are
underlined in their tag's colour without your background, and W shows
everyone's, then each annotator's alone."""

from __future__ import annotations

from pathlib import Path

from newsread.model import Annotation, Article, Tag
from storage.library import Library
from tests.pilot_helpers import BODY, SIZE, make_library, open_article, wait_until, wait_writes
from tui.app import NewsreadApp
from tui.highlights import annotation_highlights
from tui.models.reader import ReaderModel


def ann(ann_id: str, start: int, end: int, annotator: str, tag: str = "check") -> Annotation:
    return Annotation(
        id=ann_id,
        article_id="harbour01",
        start=start,
        end=end,
        quote=BODY[start:end],
        tags=[tag],
        annotator=annotator,
    )


MINE = ann("m1", 0, 20, "ines")
OLD = ann("o1", 30, 40, "")  # made before annotators were recorded: counted as yours
THEIRS = ann("t1", 50, 70, "kwame")
OTHER = ann("t2", 80, 90, "li")
TAGS = {"check": Tag("check", "#61afef")}


def test_others_are_underlined_without_a_background() -> None:
    spans = {h.start: h for h in annotation_highlights([MINE, OLD, THEIRS], TAGS, me="ines")}
    assert spans[0].style.bgcolor is not None and not spans[0].style.underline
    assert spans[30].style.bgcolor is not None
    theirs = spans[50].style
    assert theirs.bgcolor is None and theirs.underline
    assert theirs.color is not None and theirs.color.name == "#61afef"


def test_the_annotator_filter_cycles_through_everyone() -> None:
    article = Article(id="harbour01", title="t", body=BODY)
    model = ReaderModel(article, [MINE, OLD, THEIRS, OTHER], list(TAGS.values()), annotator="ines")
    assert model.annotators() == ["ines", "kwame", "li"]
    assert model.shown_annotations() == [MINE, OLD, THEIRS, OTHER]
    assert model.cycle_annotator_filter() == "ines"
    assert model.shown_annotations() == [MINE, OLD]
    assert model.cycle_annotator_filter() == "kwame"
    assert model.shown_annotations() == [THEIRS]
    assert model.cycle_annotator_filter() == "li"
    assert model.cycle_annotator_filter() is None
    assert len(model.shown_annotations()) == 4


def _ines_app(tmp_path: Path, annotations: list[Annotation]) -> NewsreadApp:
    """The app on one article holding ``annotations``, with ines as its annotator."""
    from newsread.config import load_config

    root = tmp_path / "lib"
    make_library(root, [Article(id="harbour01", title="Harbour crane approved", body=BODY)])
    library = Library(root)
    library.ensure_tag("check")
    for a in annotations:
        library.save_annotation(a)
    config_path = tmp_path / "config.toml"
    config_path.write_text('annotator = "ines"\n')
    return NewsreadApp(Library(root), load_config(config_path))


async def test_W_in_the_reader_shows_one_annotator_at_a_time(tmp_path: Path, pipeline) -> None:
    app = _ines_app(tmp_path, [MINE, THEIRS])
    async with app.run_test(size=SIZE) as pilot:
        reader = await open_article(pilot, app)
        # The analysis placing the cursor would clear W's message.
        await wait_until(pilot, lambda: reader.analysis is not None)

        def tag_spans() -> dict[int, object]:
            return {h.start: h.style for h in reader.view.highlights if h.layer == "tag"}

        assert tag_spans()[50].bgcolor is None and tag_spans()[0].bgcolor is not None
        listed = str(reader.query_one("#side-annotations").render())
        assert "[check] by kwame" in listed and "by ines" not in listed
        await pilot.press("W")
        assert set(tag_spans()) == {0}
        status = reader.query_one("#reader-status")
        await wait_until(pilot, lambda: "only ines (yours)" in str(status.render()))
        await pilot.press("W")
        assert set(tag_spans()) == {50}
        await pilot.press("W")
        assert set(tag_spans()) == {0, 50}


def test_keys_act_only_on_the_annotations_W_shows() -> None:
    """With one annotator shown, what is at the cursor (listed, and what x and n
    act on) is theirs alone: a hidden annotation is never the one deleted."""
    inner = ann("t3", 4, 11, "kwame")  # inside MINE, shorter: the innermost
    article = Article(id="harbour01", title="t", body=BODY)
    model = ReaderModel(article, [MINE, inner], list(TAGS.values()), annotator="ines")
    assert model.innermost_first((0, 20)) == [inner, MINE]
    assert model.cycle_annotator_filter() == "ines"
    assert model.annotations_at((0, 20)) == [MINE]
    assert model.innermost_first((0, 20)) == [MINE]
    assert model.cycle_annotator_filter() == "kwame"
    assert model.annotations_at((12, 20)) == []


async def test_x_under_W_deletes_the_shown_annotation_not_a_hidden_one(
    tmp_path: Path, pipeline
) -> None:
    root = tmp_path / "lib"
    hidden = ann("t3", 4, 11, "kwame")  # inside MINE and shorter: x's pick without W
    app = _ines_app(tmp_path, [MINE, hidden])
    async with app.run_test(size=SIZE) as pilot:
        reader = await open_article(pilot, app)
        await wait_until(pilot, lambda: reader.analysis is not None)
        await pilot.press("W")  # only ines (yours)
        await wait_until(pilot, lambda: reader.model.annotator_filter == "ines")
        at_cursor = str(reader.query_one("#side-cursor").render())
        assert "by kwame" not in at_cursor and "[check]" in at_cursor
        await pilot.press("x")
        await wait_until(pilot, lambda: [a.id for a in reader.model.annotations] == ["t3"])
    left = {a.id for a in Library(root).annotations("harbour01")}
    assert left == {"t3"}


async def test_x_on_another_annotators_annotation_asks_first(tmp_path: Path, pipeline) -> None:
    root = tmp_path / "lib"
    app = _ines_app(tmp_path, [ann("k1", 0, 20, "kwame")])
    async with app.run_test(size=SIZE) as pilot:
        reader = await open_article(pilot, app)
        await wait_until(pilot, lambda: reader.analysis is not None)
        await pilot.press("x")
        await wait_until(pilot, lambda: type(app.screen).__name__ == "DestroyDialog")
        assert "kwame's annotation" in str(app.screen.question)
        await pilot.press("n")
        await wait_until(pilot, lambda: app.screen is reader)
        assert [a.id for a in reader.model.annotations] == ["k1"]
        await pilot.press("x")
        await wait_until(pilot, lambda: type(app.screen).__name__ == "DestroyDialog")
        await pilot.press("y")
        await wait_until(pilot, lambda: reader.model.annotations == [])
        await wait_writes(app)
    assert Library(root).annotations("harbour01") == []
