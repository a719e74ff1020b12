"""The library screen's catalog: made from library.json, kept as a derived file,
never trusted once the index has changed."""

from __future__ import annotations

import pytest

from newsread.model import Article
from storage import catalog
from storage.errors import CorruptFileError
from storage.library import Library


def library(tmp_path) -> Library:
    lib = Library(tmp_path / "lib")
    lib.save_articles(
        [
            Article(
                id="crane01",
                title="Harbour crane approved",
                body="The board approved the crane.",
                source="Test Wire",
                published="2026-03-01T10:00:00",
            ),
            Article(id="copy002", title="Crane plan passes", body="Crane plan passes today."),
            Article(id="feed003", title="From a feed", body="Feed text.", feed="http://x/f.xml"),
        ]
    )
    lib.set_story_groups({"crane01": "crane01", "copy002": "crane01"})
    return lib


def test_catalog_holds_what_the_index_lists(tmp_path):
    lib = library(tmp_path)
    made = catalog.load(lib.root)
    assert made.fresh and sorted(made.ids) == ["copy002", "crane01", "feed003"]
    by_id = {made.ids[i]: made.meta(i) for i in range(len(made))}
    for meta in lib.article_metas():
        listed = by_id[meta["id"]]
        assert listed["title"] == meta["title"]
        assert listed["source"] == meta.get("source", "")
        assert (listed["story_group"] or meta["id"]) == (meta.get("story_group") or meta["id"])
        assert listed["feed"] == meta.get("feed", "")
    # The published day; without one, the import day, flagged as such.
    row = made.ids.index("crane01")
    assert made.dates[row] == "2026-03-01" and not made.imported_dates[row]
    row = made.ids.index("copy002")
    assert made.imported_dates[row] and made.dates[row] == lib.get_meta("copy002")["imported"][:10]


def test_a_saved_catalog_is_used_until_the_index_changes(tmp_path):
    lib = library(tmp_path)
    assert catalog.save(lib.root, catalog.load(lib.root), lib.lock)
    assert (lib.root / catalog.FILE).exists()
    again = catalog.load(lib.root)
    assert not again.fresh and len(again) == 3
    # Another import replaces library.json: the saved catalog no longer counts.
    lib.save_articles([Article(id="late004", title="Late story", body="Late text.")])
    after = catalog.load(lib.root)
    assert after.fresh and "late004" in after.ids


def test_a_small_saved_catalog_is_read_only_while_it_matches_the_index(tmp_path):
    lib = library(tmp_path)
    # Nothing saved yet: nothing is made either (that is load's work).
    assert catalog.saved_small(lib.root, 1 << 20) is None
    assert not (lib.root / catalog.FILE).exists()
    assert catalog.save(lib.root, catalog.load(lib.root), lib.lock)
    small = catalog.saved_small(lib.root, 1 << 20)
    assert small is not None and sorted(small.ids) == ["copy002", "crane01", "feed003"]
    size = (lib.root / catalog.FILE).stat().st_size
    assert catalog.saved_small(lib.root, size) is not None
    assert catalog.saved_small(lib.root, size - 1) is None
    lib.save_articles([Article(id="late004", title="Late story", body="Late text.")])
    assert catalog.saved_small(lib.root, 1 << 20) is None


def test_a_saved_catalog_shares_each_repeated_value_once(tmp_path):
    lib = library(tmp_path)
    lib.set_story_groups({"crane01": "crane01", "copy002": "crane01", "feed003": "crane01"})
    assert catalog.save(lib.root, catalog.load(lib.root), lib.lock)
    again = catalog.load(lib.root)
    assert not again.fresh
    rows = [again.ids.index(article_id) for article_id in ("copy002", "feed003")]
    # Two copies of one story hold one group string, not one each.
    first, second = (again.groups[row] for row in rows)
    assert first == second == "crane01" and first is second


def test_a_damaged_or_foreign_catalog_file_is_made_again(tmp_path):
    lib = library(tmp_path)
    for junk in (b"{not json", b"[]", b'{"format": 1, "stamp": [1, 2, 3, 4]}'):
        (lib.root / catalog.FILE).write_bytes(junk)
        made = catalog.load(lib.root)
        assert made.fresh and len(made) == 3


def test_a_catalog_of_the_first_format_or_with_numbers_it_cannot_hold_is_made_again(tmp_path):
    """Format 1 also held every address; a count that is not a number (or too
    large for the int arrays) makes the file untrustworthy, not the app crash."""
    import orjson

    lib = library(tmp_path)
    assert catalog.save(lib.root, catalog.load(lib.root), lib.lock)
    saved = orjson.loads((lib.root / catalog.FILE).read_bytes())
    assert saved["format"] == catalog.FORMAT == 3 and "urls" not in saved
    for column, value in (
        ("format", 1),
        ("format", 2),  # its feeds column held one feed an article
        ("entities", [None, 1, 2]),
        ("claims", [2**40, 0, 0]),
    ):
        changed = dict(saved, **{column: value})
        (lib.root / catalog.FILE).write_bytes(orjson.dumps(changed))
        made = catalog.load(lib.root)
        assert made.fresh and len(made) == 3, column


def test_counts_a_catalog_cannot_hold_read_as_not_counted():
    made = catalog.from_metas([
        {"id": "big00001", "title": "Big", "entities": 2**40, "claims": True},
        {"id": "fine0002", "title": "Fine", "entities": 3, "claims": 0},
    ])  # fmt: skip
    assert list(made.entities) == [-1, 3] and list(made.claims) == [-1, 0]
    assert "entities" not in made.meta(0) and made.meta(1)["entities"] == 3
    assert "url_or_path" not in made.meta(1)  # the browser key reads it from the library


def test_a_catalog_is_not_saved_over_a_newer_index(tmp_path):
    lib = library(tmp_path)
    made = catalog.load(lib.root)
    lib.save_articles([Article(id="late004", title="Late story", body="Late text.")])
    assert not catalog.save(lib.root, made, lib.lock)
    assert not (lib.root / catalog.FILE).exists()


def test_a_damaged_index_is_named(tmp_path):
    lib = library(tmp_path)
    (lib.root / "library.json").write_text('{"articles": {"1": {"title": "no id"}}}')
    with pytest.raises(CorruptFileError, match=r"library\.json: article entry 1 has no id"):
        catalog.load(lib.root)
    (lib.root / "library.json").write_text("{broken")
    with pytest.raises(CorruptFileError, match=r"library\.json: not valid JSON"):
        catalog.load(lib.root)


def test_a_catalog_that_cannot_be_written_is_only_skipped(tmp_path):
    lib = library(tmp_path)
    # Where temp files go is not a folder: every atomic write there fails.
    if (lib.root / ".tmp").is_dir():
        (lib.root / ".tmp").rmdir()
    (lib.root / ".tmp").write_text("in the way")
    made = catalog.load(lib.root)
    assert not catalog.save(lib.root, made, lib.lock)
    assert not (lib.root / catalog.FILE).exists()
    assert len(catalog.load(lib.root)) == 3


def _columns(made: catalog.Catalog) -> dict[str, list]:
    return {name: getattr(made, name) for name in catalog._COLUMNS}


def test_a_lean_load_has_a_child_make_and_save_the_catalog(tmp_path, monkeypatch):
    lib = library(tmp_path)
    monkeypatch.setattr(catalog, "LEAN_BYTES", 0)
    made = catalog.load(lib.root, lean=True)
    # Read from the file the child saved, not parsed here.
    assert not made.fresh and (lib.root / catalog.FILE).exists()
    assert _columns(made) == _columns(catalog.from_index(lib.root))
    assert made.stamp == catalog.index_stamp(lib.root)


def test_a_lean_load_parses_the_index_itself_when_the_child_cannot(tmp_path, monkeypatch):
    lib = library(tmp_path)
    monkeypatch.setattr(catalog, "LEAN_BYTES", 0)
    monkeypatch.setattr(catalog.sys, "executable", str(tmp_path / "no-such-python"))
    made = catalog.load(lib.root, lean=True)
    assert made.fresh and not (lib.root / catalog.FILE).exists()
    assert _columns(made) == _columns(catalog.from_index(lib.root))


def test_a_lean_load_of_a_small_index_starts_no_child(tmp_path, monkeypatch):
    lib = library(tmp_path)
    monkeypatch.setattr(catalog.sys, "executable", str(tmp_path / "no-such-python"))
    started = []
    monkeypatch.setattr(catalog, "_made_by_child", lambda root: started.append(root) or False)
    assert catalog.load(lib.root, lean=True).fresh and started == []


def test_the_child_refuses_a_damaged_index_with_its_reason(tmp_path, capsys):
    lib = library(tmp_path)
    (lib.root / "library.json").write_text("{not json", encoding="utf-8")
    assert catalog._main([str(lib.root)]) == 1
    assert "not valid JSON" in capsys.readouterr().err
    assert catalog._main([]) == 2


def test_the_child_reads_the_index_one_entry_at_a_time(tmp_path, monkeypatch):
    from storage import atomic
    from storage.index_spans import LazyTables

    lib = library(tmp_path)
    lib.close()
    atomic._parsed.clear()  # as in the child, a process that has parsed nothing yet
    # The whole parse is what the child no longer does: at 100,000 articles it
    # held ~250 MB at once beside the app.
    monkeypatch.setattr(catalog, "from_index", lambda root: pytest.fail("parsed whole"))
    assert catalog._main([str(lib.root)]) == 0
    monkeypatch.undo()
    tables = atomic.current_tables(lib.root / "library.json")
    assert isinstance(tables, LazyTables) and not tables.loaded("articles")
    saved = catalog.load(lib.root)
    assert not saved.fresh
    assert _columns(saved) == _columns(catalog.from_index(lib.root))


def test_the_child_names_an_entry_without_an_id(tmp_path, capsys):
    import json

    lib = library(tmp_path)
    path = lib.root / "library.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    first = next(iter(data["articles"]))
    del data["articles"][first]["id"]
    path.write_text(json.dumps(data), encoding="utf-8")
    assert catalog._main([str(lib.root)]) == 1
    assert "has no id" in capsys.readouterr().err
