"""An index without spans (written before them, or a killed spans write) gets
them once, only when they can describe its exact bytes."""

from __future__ import annotations

import json

from newsread.model import Article
from storage import atomic
from storage.index_spans import FILE, INDEX, LazyTables
from storage.library import Library
from storage.spans_repair import ensure_spans


def _library(tmp_path) -> Library:
    library = Library(tmp_path / "lib")
    library.save_articles(
        [Article(id=f"a{i:03d}", title=f"Story {i}", body=f"Body {i}.") for i in range(12)]
    )
    return library


def test_an_index_without_spans_gets_them_and_is_read_lazily_again(tmp_path):
    library = _library(tmp_path)
    spans = library.root / FILE
    written = spans.read_bytes()
    spans.unlink()
    assert ensure_spans(library.root, library.lock)
    assert spans.read_bytes() == written  # exactly what a write would have made
    assert not ensure_spans(library.root, library.lock)  # already right: untouched
    atomic._parsed.clear()
    tables = atomic.current_tables(library.root / INDEX)
    assert isinstance(tables, LazyTables)
    assert Library(library.root).get_meta("a007")["title"] == "Story 7"


def test_an_index_written_by_another_encoder_gets_none(tmp_path):
    library = _library(tmp_path)
    (library.root / FILE).unlink()
    index = library.root / INDEX
    # Same tables, other bytes (spaces after separators, as json.dumps writes).
    index.write_text(json.dumps(json.loads(index.read_text())))
    assert not ensure_spans(library.root, library.lock)
    assert not (library.root / FILE).exists()
    assert Library(library.root).get_meta("a007")["title"] == "Story 7"


def test_a_damaged_index_is_left_to_doctor(tmp_path):
    library = _library(tmp_path)
    (library.root / FILE).unlink()
    (library.root / INDEX).write_text("{damaged")
    assert not ensure_spans(library.root, library.lock)
    assert not (library.root / FILE).exists()


def test_spans_of_a_copied_library_name_its_stamp_again(tmp_path, monkeypatch):
    """A hard-linked copy (or a restore, a sync) moves the index's ctime: the
    spans still describe its bytes, but until they name the new stamp every
    reader reads and hashes the whole index to know it."""
    import os
    import shutil

    from storage.index_spans import load_stamped_spans

    library = _library(tmp_path)
    before = (library.root / FILE).read_bytes()
    copy = tmp_path / "copy"
    shutil.copytree(library.root, copy, copy_function=os.link)
    stamp = atomic.stat_stamp(copy / INDEX)
    assert load_stamped_spans(copy, stamp) is None  # the ctime moved with the link
    copied = Library(copy)
    assert ensure_spans(copy, copied.lock)
    assert load_stamped_spans(copy, stamp) is not None
    assert not ensure_spans(copy, copied.lock)  # stamped: untouched
    # Now a reader maps the index without reading or hashing it.
    atomic._parsed.clear()

    def refuse(*_args, **_kw):
        raise AssertionError("the index was read whole")

    monkeypatch.setattr(atomic, "_read_fd", refuse)
    assert Library(copy).get_meta("a007")["title"] == "Story 7"
    # The copy's spans file was replaced, not written in place: the original's,
    # which it was a link to, is as it was.
    assert (library.root / FILE).read_bytes() == before
