"""library-spans.json: one article read from library.json without parsing it all.

The spans file is derived and checked by the index's digest, so whatever is
wrong with it (stale, damaged, ranges that do not hold the entry) must only
send readers back to the whole file, never give them a wrong article.
"""

from __future__ import annotations

import hashlib
import json
import os

import orjson
import pytest

from newsread.model import Article
from storage import atomic
from storage.doctor import diagnose, restore
from storage.errors import NotFoundError
from storage.index_spans import (
    FILE,
    LazyTables,
    _pack,
    _unpack,
    encode_index,
    load_spans,
    load_stamped_spans,
)
from storage.library import Library


def _articles(n: int) -> list[Article]:
    return [
        Article(
            id=f"art{i:04d}",
            title=f'Title {i} with "quotes" and a , comma',
            body=f"Body {i}: the council met.",
            source="Wire",
        )
        for i in range(n)
    ]


@pytest.fixture
def lib(tmp_path):
    library = Library(tmp_path / "lib")
    library.save_articles(_articles(30))
    library.ensure_tag("check")
    return library


def _fresh(library: Library) -> Library:
    """Another process's view: nothing of this one's parse cache."""
    atomic._parsed.clear()
    return Library(library.root)


def test_encoding_is_the_plain_encoding_and_ranges_hold_the_entries():
    tables = {
        "_meta": {"1": {"schema": 1}},
        "articles": {str(i + 1): a.meta_dict() for i, a in enumerate(_articles(5))},
        "tags": {"1": {"name": "x", "color": "red"}},
    }
    data, sidecar = encode_index(tables)
    assert data == orjson.dumps(tables)
    assert json.loads(data) == tables
    assert sidecar is not None
    spans = load_spans_from(sidecar, data)
    for i, article_id in enumerate(spans.ids):
        entry = json.loads(data[spans.starts[i] : spans.ends[i]])
        assert entry == tables["articles"][str(i + 1)]
        assert entry["id"] == article_id
    for name, (start, end) in spans.tables.items():
        assert json.loads(data[start:end]) == tables[name]


def load_spans_from(sidecar: bytes, data: bytes):
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / FILE).write_bytes(sidecar)
        spans = load_spans(Path(folder), data, hashlib.sha256(data).digest())
    assert spans is not None
    return spans


def test_an_empty_articles_table_has_spans(tmp_path):
    tables = {"_meta": {"1": {"schema": 1}}, "articles": {}}
    data, sidecar = encode_index(tables)
    assert sidecar is not None
    (tmp_path / FILE).write_bytes(sidecar)
    spans = load_spans(tmp_path, data, hashlib.sha256(data).digest())
    assert spans is not None and spans.ids == [] and spans.position("x") is None


def test_no_spans_for_an_entry_without_a_valid_id():
    tables = {"articles": {"1": {"id": "../bad", "title": "t"}}}
    data, sidecar = encode_index(tables)
    assert sidecar is None
    assert data == orjson.dumps(tables)


def test_a_nested_key_like_the_next_entry_only_makes_the_range_unreadable(tmp_path):
    # Entry 1 holds an object whose member has the next entry's key: no spans
    # at all, or ranges the reader refuses; never a misread entry.
    tables = {
        "articles": {
            "1": {"id": "one", "extra": {"x": 1, "2": {"id": "two"}}},
            "2": {"id": "two", "title": "real"},
        }
    }
    data, sidecar = encode_index(tables)
    assert data == orjson.dumps(tables)
    if sidecar is None:
        return  # refused up front: readers parse the whole file
    (tmp_path / FILE).write_bytes(sidecar)
    spans = load_spans(tmp_path, data, hashlib.sha256(data).digest())
    assert spans is not None
    lazy = LazyTables(tmp_path / "library.json", data, spans)
    for article_id in ("one", "two"):
        entry = lazy.entry(article_id)
        assert entry is False or entry == next(
            d for d in tables["articles"].values() if d["id"] == article_id
        )


def test_writes_leave_a_current_spans_file_and_reads_use_it(lib):
    assert (lib.root / FILE).exists()
    fresh = _fresh(lib)
    assert fresh.get_meta("art0007")["title"].startswith("Title 7 ")
    lazy = fresh._lazy_index()
    assert lazy is not None and not lazy.loaded("articles")  # one entry, no full parse
    assert fresh.has_article("art0029") and not fresh.has_article("art9999")
    with pytest.raises(NotFoundError):
        fresh.get_meta("art9999")
    assert fresh.article_ids() == {f"art{i:04d}" for i in range(30)}
    assert [t.name for t in fresh.tags()] == ["check"]
    assert fresh._lazy_index() is not None  # the tags came from their own range
    # Everything agrees with a full parse.
    assert {m["id"]: m for m in fresh.article_metas()} == {
        m["id"]: m for m in _fresh(lib).article_metas()
    }


def test_a_stale_spans_file_is_ignored_and_reported(lib):
    stale = (lib.root / FILE).read_bytes()
    lib.save_articles([Article(id="late0001", title="Late", body="Late body.", source="S")])
    (lib.root / FILE).write_bytes(stale)  # as if the process died before writing it
    fresh = _fresh(lib)
    assert fresh._lazy_index() is None
    assert fresh.get_meta("late0001")["title"] == "Late"
    problems = [p for p in diagnose(lib.root) if p.path.name == FILE]
    assert len(problems) == 1 and problems[0].disposable and "stale" in problems[0].reason
    restore(lib.root, problems)
    assert not (lib.root / FILE).exists()
    assert _fresh(lib).get_meta("late0001")["title"] == "Late"


def test_doctor_finds_spans_that_name_the_stamp_of_an_index_written_in_place(lib):
    """The one case a stamp cannot catch: another program rewriting library.json
    in place and the spans file then naming its new stamp. Readers would trust
    the spans; doctor compares the bytes, says so, and --restore removes them."""
    path = lib.root / "library.json"
    raw = path.read_bytes()
    assert raw.count(b"Title 7 with") == 1
    with open(path, "r+b") as handle:  # in place: same inode, same size
        handle.write(raw.replace(b"Title 7 with", b"Title 7 WITH"))
    sidecar = json.loads((lib.root / FILE).read_text())
    sidecar["stamp"] = list(atomic.stat_stamp(path))
    (lib.root / FILE).write_text(json.dumps(sidecar))
    problems = [p for p in diagnose(lib.root) if p.path.name == FILE]
    assert len(problems) == 1 and "readers would trust it" in problems[0].reason
    restore(lib.root, problems)
    assert _fresh(lib).get_meta("art0007")["title"].startswith("Title 7 WITH")


@pytest.mark.parametrize("damage", [b"", b"{not json", b'{"format": 1}', b"[]"])
def test_a_damaged_spans_file_is_ignored(lib, damage):
    (lib.root / FILE).write_bytes(damage)
    fresh = _fresh(lib)
    assert fresh._lazy_index() is None
    assert fresh.get_meta("art0003")["id"] == "art0003"
    assert any(p.path.name == FILE and p.disposable for p in diagnose(lib.root))


def test_ranges_that_do_not_hold_the_entry_send_readers_to_the_whole_file(lib):
    data = orjson.loads((lib.root / FILE).read_bytes())
    starts = list(_unpack(data["starts"]))
    starts[3] += 5  # the digest still matches: only the ranges are wrong
    data["starts"] = _pack(starts)
    (lib.root / FILE).write_bytes(orjson.dumps(data))
    fresh = _fresh(lib)
    assert fresh.get_meta("art0003")["id"] == "art0003"
    assert any(p.path.name == FILE for p in diagnose(lib.root))


def test_an_index_written_by_an_older_version_opens_without_spans(lib):
    (lib.root / FILE).unlink()
    raw = (lib.root / "library.json").read_bytes()
    # Older versions wrote the same JSON with other spacing.
    (lib.root / "library.json").write_text(json.dumps(json.loads(raw), indent=1))
    fresh = _fresh(lib)
    assert fresh.get_meta("art0012")["id"] == "art0012"
    assert not [p for p in diagnose(lib.root) if p.path.name == FILE]
    fresh.save_articles([Article(id="new00001", title="New", body="New body.", source="S")])
    assert (lib.root / FILE).exists()
    assert _fresh(lib)._lazy_index() is not None


@pytest.fixture
def mapped_reads():
    atomic.map_index_reads(True)
    yield
    atomic.map_index_reads(False)
    atomic._parsed.clear()


def test_a_mapped_index_reads_entries_and_survives_its_replacement(lib, mapped_reads):
    import mmap

    fresh = _fresh(lib)
    lazy = fresh._lazy_index()
    assert lazy is not None and isinstance(lazy.held_bytes(), mmap.mmap)
    assert fresh.get_meta("art0007")["title"].startswith("Title 7 ")
    assert [t.name for t in fresh.tags()] == ["check"]
    # Another process replaces the index (by rename, as every write does): the
    # map still shows the bytes it was made from, and the next read sees the new.
    other = _fresh(lib)
    other.save_articles([Article(id="late0001", title="Late", body="Late body.", source="S")])
    assert lazy.entry("art0007")["title"].startswith("Title 7 ")
    assert lazy.entry("late0001") is None
    assert fresh.get_meta("late0001")["title"] == "Late"
    # A writer under the lock compares the mapped index by its digest.
    fresh.save_articles([Article(id="late0002", title="Later", body="Later body.", source="S")])
    assert _fresh(lib).get_meta("late0002")["title"] == "Later"
    assert _fresh(lib).article_ids() >= {"late0001", "late0002", "art0029"}


def _no_index_reads(monkeypatch) -> None:
    def refuse(*_args, **_kw):
        raise AssertionError("the index was read whole")

    monkeypatch.setattr(atomic, "_read_fd", refuse)
    monkeypatch.setattr(atomic, "_read_raw", refuse)


def test_spans_naming_the_index_stamp_map_it_without_reading_or_hashing_it(lib, monkeypatch):
    import mmap

    sidecar = json.loads((lib.root / FILE).read_text())
    assert sidecar["stamp"] == list(atomic.stat_stamp(lib.root / "library.json"))
    _no_index_reads(monkeypatch)
    fresh = _fresh(lib)
    lazy = fresh._lazy_index()
    assert lazy is not None and isinstance(lazy.held_bytes(), mmap.mmap)
    assert fresh.get_meta("art0007")["title"].startswith("Title 7 ")
    assert [t.name for t in fresh.tags()] == ["check"]


def test_a_writer_under_the_lock_trusts_the_index_it_holds_open(lib, monkeypatch):
    fresh = _fresh(lib)
    assert fresh.get_meta("art0003")["id"] == "art0003"
    _no_index_reads(monkeypatch)
    # The transaction checks the index it read before the lock: its inode has
    # been held open since, so an unchanged stamp is the same file.
    fresh.save_articles([Article(id="late0004", title="Late", body="Late body.", source="S")])
    assert _fresh(lib).get_meta("late0004")["title"] == "Late"


def test_without_its_pin_a_writer_compares_the_index_bytes_again(lib, monkeypatch):
    fresh = _fresh(lib)
    assert fresh.get_meta("art0003")["id"] == "art0003"
    for pin in atomic._pins.values():
        pin.close()
    reads = []
    real = atomic._read_raw
    monkeypatch.setattr(atomic, "_read_raw", lambda path: reads.append(path) or real(path))
    fresh.save_articles([Article(id="late0005", title="Late", body="Late body.", source="S")])
    assert lib.root / "library.json" in reads
    assert _fresh(lib).get_meta("late0005")["title"] == "Late"


@pytest.mark.parametrize("change", ["touch", "hard link"])
def test_an_index_whose_stamp_changed_is_checked_by_its_digest(lib, change):
    path = lib.root / "library.json"
    if change == "touch":
        st = path.stat()
        os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000))
    else:
        os.link(path, lib.root / "copy.json")  # a cp -al copy: the ctime moves
    stamp = atomic.stat_stamp(path)
    assert stamp is not None and load_stamped_spans(lib.root, stamp) is None
    fresh = _fresh(lib)
    lazy = fresh._lazy_index()
    # Same bytes: the digest still matches, so the spans are used all the same.
    assert lazy is not None and isinstance(lazy.held_bytes(), bytes)
    assert fresh.get_meta("art0011")["id"] == "art0011"


def test_a_stale_spans_file_with_a_stamp_is_not_trusted(lib, tmp_path):
    path = lib.root / "library.json"
    stale = (lib.root / FILE).read_bytes()
    lib.save_articles([Article(id="late0006", title="Late", body="Late body.", source="S")])
    # A process killed between the index and its spans file: the old spans
    # name the old index's stamp, so a reader parses the index whole.
    (lib.root / FILE).write_bytes(stale)
    stamp = atomic.stat_stamp(path)
    assert stamp is not None and load_stamped_spans(lib.root, stamp) is None
    fresh = _fresh(lib)
    assert fresh._lazy_index() is None
    assert fresh.get_meta("late0006")["title"] == "Late"


def _whole(library: Library) -> list[dict]:
    return [dict(e) for e in _fresh(library).index_entries()]


def test_streamed_entries_read_one_range_at_a_time_and_equal_the_whole_parse(lib):
    fresh = _fresh(lib)
    total, entries = fresh.streamed_entries()
    first = next(entries)
    # Nothing parsed whole to give the first entry.
    assert fresh._lazy_index() is not None
    assert total == 30 and [first, *entries] == _whole(lib)


def test_streamed_entries_go_on_from_the_whole_parse_after_a_bad_range(lib):
    data = json.loads((lib.root / FILE).read_text())
    starts = list(_unpack(data["starts"]))
    starts[12] += 1  # entry 12's range no longer holds an object
    data["starts"] = _pack(starts)
    (lib.root / FILE).write_text(json.dumps(data))
    total, entries = _fresh(lib).streamed_entries()
    assert total == 30 and list(entries) == _whole(lib)


def test_streamed_entries_go_on_when_the_table_is_parsed_meanwhile(lib):
    fresh = _fresh(lib)
    total, entries = fresh.streamed_entries()
    taken = [next(entries) for _ in range(5)]
    fresh.article_metas()  # another reader parses the whole table
    assert [*taken, *entries] == _whole(lib)
    # And without spans at all.
    (lib.root / FILE).unlink()
    total, entries = _fresh(lib).streamed_entries()
    assert total == 30 and list(entries) == _whole(lib)


def _resident_kb(path) -> int:
    """This process's resident kB of its maps of ``path`` (Linux /proc)."""
    total, inside = 0, False
    with open("/proc/self/smaps") as smaps:
        for line in smaps:
            if line[0] in "0123456789abcdef" and "-" in line.split(" ", 1)[0]:
                inside = line.rstrip().endswith(str(path))
            elif inside and line.startswith("Rss:"):
                total += int(line.split()[1])
    return total


@pytest.mark.skipif(not os.path.exists("/proc/self/smaps"), reason="needs Linux /proc")
def test_a_pass_over_a_mapped_index_lets_the_pages_behind_it_go(tmp_path, monkeypatch):
    """The search index's build streams every entry beside the app: the pages it
    has read are let go as it goes, not kept resident (36 MB at 100,000)."""
    import storage.index_spans as spans_module

    library = Library(tmp_path / "lib")
    library.save_articles(_articles(3000))
    monkeypatch.setattr(spans_module, "_RELEASE_EVERY", 50)
    fresh = _fresh(library)
    count, entries = fresh.streamed_entries()
    path = (library.root / "library.json").resolve()
    seen = 0
    for entry in entries:
        assert entry is not None and entry["id"] == f"art{seen:04d}"
        seen += 1
        if seen == count // 2:
            halfway = _resident_kb(path)
    size_kb = path.stat().st_size // 1024
    assert seen == count == 3000
    assert size_kb > 400
    # Halfway through, what was read is not all resident: kept, it would be
    # half the file or more. (Not a tighter bound: the kernel maps read-ahead
    # around the position, and on newer kernels whole large folios at once.)
    assert halfway < size_kb // 2
