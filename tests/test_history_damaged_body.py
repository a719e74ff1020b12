"""Undo, redo and edits read the article's text to place or check annotations:
a body file damaged on disk since is refused by each of them in one line
naming the file and the re-import, and nothing is written."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsread.model import new_annotation
from storage.body_integrity import DamagedBodyError
from storage.edits import apply_edits
from storage.history import History
from storage.imports import import_paths
from storage.library import Library

BODY = (
    "The ferry board met on Tuesday to approve the new pier for the north bank.\n\n"
    "Residents said the council should wait for the tide study.\n"
)


def _setup(tmp_path: Path) -> tuple[Library, History, str, Path, Path]:
    root, source = tmp_path / "lib", tmp_path / "pier.txt"
    source.write_text(f"Pier vote\n\n{BODY}", encoding="utf-8")
    library = Library(root)
    import_paths(library, [str(source)])
    (article_id,) = library.article_ids()
    return library, History(library), article_id, root / "bodies" / f"{article_id}.txt", source


def _tag(library: Library, history: History, article_id: str, quote: str, tag: str) -> None:
    article = library.get_article(article_id)
    start = article.body.index(quote)
    ann = new_annotation(article, start, start + len(quote), [tag])
    apply_edits(library, history, article_id, f"tagged {tag}", [(None, ann)])


def _files(root: Path) -> dict[str, bytes]:
    """Every data file's bytes (backups aside: they only grow on a write)."""
    return {
        str(p.relative_to(root)): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and "backups" not in p.parts and ".lock" not in p.name
    }


def _damage(path: Path) -> None:
    # Same length, other words: offsets still fit, so only the hash tells.
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("north bank", "south bank"), encoding="utf-8")


@pytest.mark.parametrize("step", ["undo", "redo"])
def test_undo_and_redo_refuse_a_damaged_body_and_write_nothing(tmp_path, step):
    library, history, article_id, path, source = _setup(tmp_path)
    _tag(library, history, article_id, "north bank", "place")
    _tag(library, history, article_id, "tide study", "topic")
    if step == "redo":
        history.undo()
    _damage(path)
    before = _files(library.root)
    with pytest.raises(DamagedBodyError) as caught:
        getattr(history, step)()
    said = str(caught.value)
    assert "\n" not in said
    assert str(path) in said and f"newsread import {source}" in said
    assert f"nothing {step}ne" in said
    assert _files(library.root) == before


def test_an_edit_on_a_damaged_body_is_refused_before_the_claim_check(tmp_path):
    library, history, article_id, path, _ = _setup(tmp_path)
    article = library.get_article(article_id)
    start = article.body.index("tide study")
    ann = new_annotation(article, start, start + 10, ["topic"])
    _damage(path)
    before = _files(library.root)
    with pytest.raises(DamagedBodyError, match=str(path)):
        apply_edits(library, history, article_id, "tagged topic", [(None, ann)])
    assert _files(library.root) == before
    assert not history.can_undo()


def test_a_step_recorded_without_a_checked_text_is_refused_whole(tmp_path):
    # record() fills in the text a change's offsets refer to: a damaged one
    # is not written into the journal as if it were the article's text.
    from storage.history import Change

    library, history, article_id, path, _ = _setup(tmp_path)
    article = library.get_article(article_id)
    ann = new_annotation(article, 4, 9, ["x"])
    _damage(path)
    before = _files(library.root)
    with pytest.raises(DamagedBodyError), library.transaction():
        library.save_annotation(ann)
        history.record("tagged x", [Change(article_id, None, ann)])
    assert _files(library.root) == before
