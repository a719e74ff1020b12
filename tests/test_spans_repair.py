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
