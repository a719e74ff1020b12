"""The library on disk: atomic writes, reopening, schema version, damaged files."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from newsread.model import Annotation, Article
from storage.atomic import AtomicJSONStorage, CorruptFileError, atomic_write_json
from storage.errors import WriteError
from storage.library import SCHEMA_VERSION, Library, LibraryError


def _article(i: int = 1, body: str = "A body. Two sentences.") -> Article:
    return Article(id=f"art{i:04d}", title=f"Title {i}", body=body, source="Wire")


def test_atomic_write_replaces_whole_file_and_leaves_no_temp(tmp_path):
    target = tmp_path / "db.json"
    atomic_write_json(target, {"a": 1})
    atomic_write_json(target, {"b": 2})
    assert json.loads(target.read_text()) == {"b": 2}
    assert [p.name for p in tmp_path.iterdir()] == ["db.json"]


def test_failed_write_keeps_the_old_file(tmp_path, monkeypatch):
    target = tmp_path / "db.json"
    atomic_write_json(target, {"keep": True})

    def boom(*_args, **_kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(WriteError, match="db.json: cannot write \\(disk full\\)"):
        atomic_write_json(target, {"keep": False})
    assert json.loads(target.read_text()) == {"keep": True}
    assert [p.name for p in tmp_path.iterdir()] == ["db.json"]


def test_killed_writer_never_leaves_a_partial_database(tmp_path):
    """A process killed while rewriting the file leaves the previous version intact."""
    target = tmp_path / "db.json"
    atomic_write_json(target, {"_default": {"1": {"n": 0}}})
    script = (
        "import sys\n"
        "from storage.atomic import atomic_write_json\n"
        "from pathlib import Path\n"
        "big = {'_default': {str(i): {'n': i, 'pad': 'x' * 200} for i in range(20000)}}\n"
        "while True:\n"
        "    atomic_write_json(Path(sys.argv[1]), big)\n"
    )
    proc = subprocess.Popen([sys.executable, "-c", script, str(target)])
    try:
        for _ in range(50):
            data = json.loads(target.read_text())  # never partial, never empty
            assert "_default" in data
    finally:
        proc.kill()
        proc.wait()
    data = json.loads(target.read_text())
    assert "_default" in data


def test_library_reopens_with_articles_annotations_and_schema(tmp_path):
    root = tmp_path / "lib"
    lib = Library(root)
    lib.save_articles([_article(1), _article(2, "Other text here.")])
    ann = Annotation(id="a1", article_id="art0001", start=0, end=7, quote="A body.", tags=["x"])
    lib.save_annotation(ann)
    lib.close()

    again = Library(root)
    assert [m["id"] for m in again.article_metas()] == ["art0001", "art0002"]
    assert again.get_article("art0002").body == "Other text here."
    assert again.annotations("art0001") == [ann]
    assert again.schema_version == SCHEMA_VERSION
    assert again.annotation_counts() == {"art0001": 1}


def test_an_update_clears_a_flag_the_new_version_no_longer_has(tmp_path):
    # Saving merged the new entry over the stored one, so a field the new
    # version leaves out (the summary-only flag, stored only when set) stayed.
    from dataclasses import replace

    lib = Library(tmp_path / "lib")
    first = replace(_article(1), entry_version="v1", summary_only=True)
    lib.save_articles([first])
    with lib.transaction():  # a key some newer newsread wrote: not ours to drop
        lib.update_entries({first.id: {**lib.get_meta(first.id), "future": 7}})
    assert lib.get_meta(first.id)["summary_only"] is True
    page = replace(first, body="The page's text.", summary_only=False, content_hash="")
    lib.save_articles([page])
    meta = lib.get_meta(first.id)
    assert "summary_only" not in meta and meta["future"] == 7
    assert not lib.get_article(first.id).summary_only
    assert b"summary_only" not in (tmp_path / "lib" / "library.json").read_bytes()


def test_an_older_prefixed_entry_version_reads_as_summary_only():
    old = Article(id="a1", title="T", body="B", entry_version="summary-only:0123")
    assert old.summary_only and old.entry_version == ""
    assert Article(id="a2", title="T", body="B", entry_version="0123").summary_only is False


def test_tagging_does_not_rewrite_bodies_or_the_index(tmp_path):
    lib = Library(tmp_path)
    lib.save_articles([_article(1)])
    index = tmp_path / "library.json"
    body = lib.body_path("art0001")
    stamps = (index.stat().st_mtime_ns, body.stat().st_mtime_ns)
    lib.save_annotation(Annotation(id="a1", article_id="art0001", start=0, end=1, quote="A"))
    assert (index.stat().st_mtime_ns, body.stat().st_mtime_ns) == stamps


def test_newer_schema_is_refused_with_a_clear_error(tmp_path):
    atomic_write_json(tmp_path / "library.json", {"_meta": {"1": {"schema": SCHEMA_VERSION + 1}}})
    with pytest.raises(LibraryError, match="newer than this newsread"):
        Library(tmp_path)


def test_corrupt_library_file_is_reported_not_overwritten(tmp_path):
    (tmp_path / "library.json").write_text("{not json")
    with pytest.raises(LibraryError, match="library.json: not valid JSON"):
        Library(tmp_path)
    assert (tmp_path / "library.json").read_text() == "{not json"


def test_storage_sees_writes_from_another_process(tmp_path):
    path = tmp_path / "t.json"
    storage = AtomicJSONStorage(path)
    storage.write({"_default": {"1": {"v": 1}}})
    assert storage.read() == {"_default": {"1": {"v": 1}}}
    subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from storage.atomic import atomic_write_json; from pathlib import Path;"
            "atomic_write_json(Path(sys.argv[1]), {'_default': {'1': {'v': 2}}})",
            str(path),
        ],
        check=True,
    )
    assert storage.read() == {"_default": {"1": {"v": 2}}}


def test_empty_file_is_corrupt(tmp_path):
    path = tmp_path / "t.json"
    path.write_text("")
    with pytest.raises(CorruptFileError):
        AtomicJSONStorage(path).read()


def test_ids_cannot_escape_the_library(tmp_path):
    lib = Library(tmp_path)
    with pytest.raises(LibraryError):
        lib.get_article("../../etc/passwd")


def test_lookups_follow_writes_from_another_library_object(tmp_path):
    first = Library(tmp_path)
    first.save_articles([_article(1)])
    assert first.get_meta("art0001")["title"] == "Title 1"
    other = Library(tmp_path)  # as another process would
    other.save_articles([Article(id="art0001", title="Renamed", body="New.", source="Wire")])
    assert first.get_meta("art0001")["title"] == "Renamed"


def test_story_groups_are_kept_up_to_date_incrementally(tmp_path):
    from storage.story_index import regroup

    lib = Library(tmp_path)
    story = " ".join(f"word{i} appears in the shared wire story about rates" for i in range(40))
    a = Article(id="aaa", title="A", body=story, source="X")
    b = Article(id="bbb", title="B", body="Intro line. " + story, source="Y")
    c = Article(id="ccc", title="C", body="An unrelated note about gardens. " * 20, source="Z")
    lib.save_articles([a, c])
    regroup(lib, [a, c])
    assert {m["id"]: m["story_group"] for m in lib.article_metas()} == {"aaa": "aaa", "ccc": "ccc"}
    lib.save_articles([b])
    regroup(lib, [b])
    groups = {m["id"]: m["story_group"] for m in lib.article_metas()}
    assert groups == {"aaa": "aaa", "bbb": "aaa", "ccc": "ccc"}
    assert (tmp_path / "story-shingles.npz").exists()


def test_a_writer_sees_a_change_that_kept_the_stat_stamp(tmp_path, monkeypatch):
    """Another process can replace a file within one clock tick, reuse the freed
    inode number and keep the size: the stat stamp then looks unchanged. Under
    the lock the bytes decide, so no write is based on a stale parse. (While
    this process holds the index open, its inode number cannot be reused: the
    pin is let go here, as when other indexes pushed it out.)"""
    from storage import atomic

    lib = Library(tmp_path / "lib")
    lib.ensure_tag("from-app")
    lib.tags()  # parsed and cached
    for pin in atomic._pins.values():
        pin.close()
    frozen = atomic._stamp(tmp_path / "lib" / "library.json")
    monkeypatch.setattr(atomic, "_stamp", lambda path: frozen)
    tables = json.loads((tmp_path / "lib" / "library.json").read_text())
    for doc in tables["tags"].values():
        doc["name"] = "from-cli"  # same length: same size on disk
    (tmp_path / "lib" / "library.json").write_text(json.dumps(tables, separators=(",", ":")))
    with lib.transaction():
        assert [t.name for t in lib.tags()] == ["from-cli"]
        lib.ensure_tag("second")
    assert sorted(
        doc["name"]
        for doc in json.loads((tmp_path / "lib" / "library.json").read_text())["tags"].values()
    ) == ["from-cli", "second"]
