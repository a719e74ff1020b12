"""The reader follows the article's heading and says what a change elsewhere
did: a title changed by a feed refresh (alone or with the text), and the
annotations a re-import could not place. Driven by Pilot on real library files."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import OptionList

from newsread.config import Config
from newsread.model import REQUOTED_FROM, Article, new_annotation
from storage.imports import import_paths
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
from tui.screens.dialogs import Chooser
from tui.screens.reader import ReaderScreen

NEW_TITLE = "Harbour crane approved after a long vote"


def title_shown(reader) -> str:
    return str(reader.query_one("#reader-title").render())


def notices(app: NewsreadApp) -> list[str]:
    return [str(n.message) for n in app._notifications]


def saved_elsewhere(root: Path, title: str, body: str) -> None:
    # Another process (a feed refresh keeps the id when an entry's title changes).
    Library(root).save_articles(
        [Article(id="harbour01", title=title, body=body, source="Test Wire")]
    )


async def test_a_title_changed_alone_is_shown_and_said(tmp_path, pipeline):
    root = tmp_path / "lib"
    app = NewsreadApp(make_library(root), Config())
    async with app.run_test(size=SIZE) as pilot:
        reader = await open_first_reader(pilot, app)
        assert title_shown(reader) == "Harbour crane approved"
        saved_elsewhere(root, NEW_TITLE, BODY)
        await wait_until(pilot, lambda: title_shown(reader) == NEW_TITLE, timeout=15)
        assert reader.article.title == NEW_TITLE and reader.article.body == BODY
        await wait_until(pilot, lambda: any("its title changed" in n for n in notices(app)))
        [said] = [n for n in notices(app) if "title changed" in n]
        assert f"“{NEW_TITLE}”" in said and "(was “Harbour crane approved”)" in said


async def test_a_reimport_changing_text_and_title_shows_both(tmp_path, pipeline):
    root = tmp_path / "lib"
    app = NewsreadApp(make_library(root), Config())
    async with app.run_test(size=SIZE) as pilot:
        reader = await open_first_reader(pilot, app)
        saved_elsewhere(root, NEW_TITLE, "A shorter text now.")
        await wait_until(pilot, lambda: reader.article.body == "A shorter text now.", timeout=15)
        # The new text came with the old title before.
        assert title_shown(reader) == NEW_TITLE
        # The notice reaches the app as a message after the text is replaced.
        await wait_until(pilot, lambda: any("re-imported" in n for n in notices(app)))
        [said] = [n for n in notices(app) if "re-imported" in n]
        assert f"its title changed: “{NEW_TITLE}”" in said
        assert "could not be placed" not in said


async def test_new_text_followed_on_screen_is_read_for_this_annotator_only(tmp_path, pipeline):
    from storage.reading import ReadState, mark_unread

    root = tmp_path / "lib"
    app = NewsreadApp(make_library(root), Config(annotator="ines"))
    async with app.run_test(size=SIZE) as pilot:
        reader = await open_first_reader(pilot, app)
        await wait_writes(app)
        ReadState(Library(root), "kwame").mark(["harbour01"])
        # As a refresh does: the new text and "unread for everyone", in one commit.
        other = Library(root)
        with other.transaction():
            other.save_articles(
                [Article(id="harbour01", title=NEW_TITLE, body="A shorter text now.", source="W")]
            )
            mark_unread(other, ["harbour01"])
        await wait_until(pilot, lambda: reader.article.body == "A shorter text now.", timeout=15)
        await wait_writes(app)
        assert ReadState(Library(root), "ines").is_read("harbour01")
        assert not ReadState(Library(root), "kwame").is_read("harbour01")


async def test_the_reimport_notice_says_how_many_annotations_could_not_be_placed(
    tmp_path, pipeline
):
    """The side panel listed them; the notice said nothing. An orphan from
    before the re-import is not counted again."""
    root, source = tmp_path / "lib", tmp_path / "crane.txt"
    first, second, third = BODY.split("\n\n")
    source.write_text(f"Harbour crane approved\n\n{BODY}\n", encoding="utf-8")
    library = Library(root)
    import_paths(library, [str(source)])
    article = library.get_article(library.article_metas()[0]["id"])
    at = article.body.index("Critics warned")
    library.save_annotation(new_annotation(article, at, at + len("Critics warned"), ["check"]))
    at = article.body.index("Dock workers")
    old = new_annotation(article, at, at + len("Dock workers"), ["earlier"])
    old.orphan = True
    library.save_annotation(old)
    app = NewsreadApp(Library(root), Config())
    async with app.run_test(size=SIZE) as pilot:
        reader = await open_first_reader(pilot, app)
        source.write_text(f"Harbour crane approved\n\n{first}\n\n{second}\n", encoding="utf-8")
        import_paths(Library(root), [str(source)])
        await wait_until(pilot, lambda: "Critics" not in reader.article.body, timeout=15)
        # The notice reaches the app as a message after the text is replaced.
        await wait_until(pilot, lambda: any("re-imported" in n for n in notices(app)))
        [said] = [n for n in notices(app) if "re-imported" in n]
        assert said.endswith(
            "are shown now; 1 annotation could not be placed in the new text "
            "(o re-attaches one to the selection)"
        ), said
        assert title_shown(reader) == "Harbour crane approved"


SENTENCE = "The crane cost 12 million dollars, according to the board's annual report."


def _crane_sentence_tagged(tmp_path: Path) -> tuple[Path, Path, Article, str]:
    """A library imported from a file, its crane sentence tagged ``check``."""
    root, source = tmp_path / "lib", tmp_path / "crane.txt"
    source.write_text(f"Harbour crane approved\n\n{BODY}\n", encoding="utf-8")
    library = Library(root)
    import_paths(library, [str(source)])
    article = library.get_article(library.article_metas()[0]["id"])
    at = article.body.index(SENTENCE)
    library.save_annotation(new_annotation(article, at, at + len(SENTENCE), ["check"]))
    return root, source, article, SENTENCE


async def test_the_reimport_notice_and_the_panel_tell_a_tag_placed_on_changed_words(
    tmp_path, pipeline
):
    # "12 million dollars" corrected to "14 million dollars": the tag follows by
    # similarity, and the user is told, with the words first tagged in the panel.
    root, source, article, sentence = _crane_sentence_tagged(tmp_path)
    app = NewsreadApp(Library(root), Config())
    async with app.run_test(size=SIZE) as pilot:
        reader = await open_first_reader(pilot, app)
        fixed = BODY.replace("12 million", "14 million")
        source.write_text(f"Harbour crane approved\n\n{fixed}\n", encoding="utf-8")
        import_paths(Library(root), [str(source)])
        await wait_until(pilot, lambda: "14 million" in reader.article.body, timeout=15)
        # The notice reaches the app as a message after the text is replaced.
        await wait_until(pilot, lambda: any("re-imported" in n for n in notices(app)))
        [said] = [n for n in notices(app) if "re-imported" in n]
        assert "1 annotation placed on changed words" in said, said
        panel = str(reader.query_one("#side-annotations").render())
        assert "≈ first tagged: The crane cost 12 million" in panel


async def test_o_confirms_a_tag_placed_on_changed_words_and_u_takes_it_back(tmp_path, pipeline):
    # The panel's "≈ first tagged" stays until the user says the new words are
    # right: o on the tag keeps it there (undoable), with a selection moves it.
    root, source, article, sentence = _crane_sentence_tagged(tmp_path)
    source.write_text(f"Harbour crane approved\n\n{BODY.replace('12 million', '14 million')}\n")
    import_paths(Library(root), [str(source)])
    [moved] = Library(root).annotations(article.id)
    assert moved.data[REQUOTED_FROM] == sentence
    app = NewsreadApp(Library(root), Config())
    async with app.run_test(size=SIZE) as pilot:
        reader = await open_first_reader(pilot, app)
        await wait_until(pilot, lambda: reader.analysis is not None)
        await pilot.press("o")
        assert "no annotations are waiting" in reader.message  # the cursor is elsewhere
        reader.view.move_to_span((moved.start, moved.end), "sentence")
        await pilot.press("o")
        await wait_until(pilot, lambda: isinstance(app.screen, Chooser))
        assert "keep on these words: [check] The crane cost 14 million" in str(
            app.screen.query_one(OptionList).get_option_at_index(0).prompt
        )
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ReaderScreen))
        await wait_writes(app)
        [kept] = Library(root).annotations(article.id)
        assert REQUOTED_FROM not in kept.data and (kept.start, kept.end) == (moved.start, moved.end)
        assert "first tagged" not in str(reader.query_one("#side-annotations").render())
        await pilot.press("u")
        await wait_writes(app)
        [back] = Library(root).annotations(article.id)
        assert back.data[REQUOTED_FROM] == sentence


async def test_a_tag_made_elsewhere_just_before_the_reimport_is_counted(tmp_path, pipeline):
    # Tagged on the command line a moment before the re-import, before the
    # reader looked: the import said 2 placed on changed words, the reader 1.
    root, source, article, sentence = _crane_sentence_tagged(tmp_path)
    app = NewsreadApp(Library(root), Config())
    async with app.run_test(size=SIZE) as pilot:
        reader = await open_first_reader(pilot, app)
        await wait_until(pilot, lambda: len(reader.annotations) == 1)
        # Both written with no await between them: the reader cannot look in between.
        library = Library(root)
        at = article.body.index("12 million dollars")
        library.save_annotation(new_annotation(article, at, at + len("12 million"), ["figure"]))
        fixed = BODY.replace("12 million", "14 million")
        source.write_text(f"Harbour crane approved\n\n{fixed}\n", encoding="utf-8")
        summary, _ = import_paths(Library(root), [str(source)])
        assert summary.requoted == 2
        await wait_until(pilot, lambda: "14 million" in reader.article.body, timeout=15)
        await wait_until(pilot, lambda: any("re-imported" in n for n in notices(app)))
        [said] = [n for n in notices(app) if "re-imported" in n]
        assert "2 annotations placed on changed words" in said, said
