"""Entries spliced into the index's bytes (storage.index_patch) give exactly
the bytes and spans that encoding the whole changed index gives, and an import
of one file into a library takes that path and ends as the whole path would."""

from __future__ import annotations

import base64
import hashlib
import json
import random
from collections.abc import Callable
from pathlib import Path
from typing import Any

import orjson
import pytest

from newsread.model import Article
from storage import atomic, imports, story_index
from storage.articles import ArticleIndex
from storage.imports import import_paths
from storage.index_patch import PatchedIndex
from storage.index_spans import LazyTables, encode_index, load_spans
from storage.library import Library


def _entry(i: int, rng: random.Random) -> dict:
    return {
        "id": f"a{i:05d}",
        "title": rng.choice(["Port", "Crane — «quay»", 'Say "no"', "Ünïcode ☃"]) + f" {i}",
        "content_hash": hashlib.sha256(str(rng.random()).encode()).hexdigest(),
        "story_group": f"a{rng.randrange(i + 1):05d}",
        "published": rng.choice(["", "2025-01-02", "2024-12-31T08:00:00+00:00"]),
        "imported": rng.choice(["2026-01-01T00:00:00+00:00", "2025-06-01T00:00:00+00:00"]),
        "cuts": [{"line": "share", "reason": "share bar"}] if i % 3 else [],
    }


def _lazy(tables: dict, folder: Path) -> tuple[LazyTables, bytes]:
    data, sidecar = encode_index(tables)
    assert sidecar is not None
    (folder / "library-spans.json").write_bytes(sidecar)
    spans = load_spans(folder, data, hashlib.sha256(data).digest())
    assert spans is not None and spans.next_key is not None
    return LazyTables(folder / "library.json", data, spans), data


def _tables(n: int, rng: random.Random) -> dict:
    articles = {str(k + 1): _entry(k, rng) for k in range(n)}
    return {"_meta": {"1": {"schema": 1}}, "articles": articles, "tags": {"1": {"name": "x"}}}


@pytest.mark.parametrize("seed", range(16))
def test_spliced_bytes_and_spans_are_those_of_the_whole_encoding(seed, tmp_path):
    rng = random.Random(seed)
    tables = _tables(rng.randint(1, 40), rng)
    lazy, _ = _lazy(tables, tmp_path)
    ids = [e["id"] for e in tables["articles"].values()]
    current: LazyTables | PatchedIndex = lazy
    expected = {k: dict(v) for k, v in tables["articles"].items()}
    others: dict[str, dict] = {}
    next_key = len(expected) + 1
    # Two rounds of changes, the second on top of the first (an import stages
    # its articles, then their groups).
    for _ in range(2):
        changes = {}
        for aid in rng.sample(ids, rng.randint(0, min(4, len(ids)))):
            changes[aid] = {**_entry(int(aid[1:]), rng), "title": "changed " * rng.randint(0, 9)}
        for _ in range(rng.randint(0, 3)):
            new = _entry(1000 + next_key, rng)
            changes[new["id"]] = new
        patched = PatchedIndex.make(current, changes)
        assert patched is not None
        if rng.random() < 0.6:
            # Whole other tables: the tags changed, or a table new to the file.
            name = rng.choice(["tags", "_meta", "feeds"])
            table = {str(k): {"name": "t" * rng.randint(0, 30)} for k in range(rng.randint(0, 4))}
            patched = PatchedIndex.with_tables(patched, {name: table})
            assert patched is not None
            others[name] = table
        for aid, entry in changes.items():
            key = next((k for k, v in expected.items() if v["id"] == aid), None)
            if key is None:
                key = str(next_key)
                next_key += 1
                ids.append(aid)
            expected[key] = entry
        current = patched
    assert isinstance(current, PatchedIndex)
    data, sidecar, spans = current.encode()
    whole = {**tables, "articles": expected, **others}
    want_data, want_sidecar = encode_index(whole)
    assert data == want_data
    assert orjson.loads(sidecar) == orjson.loads(want_sidecar)
    # What a reader of the dicts gets is the same as well.
    assert dict(current["articles"]) == expected
    assert json.loads(data) == whole
    assert spans.ids == ids


def test_an_id_found_twice_or_an_older_spans_file_is_not_spliced(tmp_path):
    rng = random.Random(1)
    tables = _tables(3, rng)
    tables["articles"]["3"]["id"] = tables["articles"]["1"]["id"]
    lazy, _ = _lazy(tables, tmp_path)
    twice = tables["articles"]["1"]["id"]
    assert PatchedIndex.make(lazy, {twice: {**tables["articles"]["1"], "title": "x"}}) is None
    tables = _tables(3, rng)
    lazy, _ = _lazy(tables, tmp_path)
    lazy.spans.next_key = None  # a spans file written before these fields
    assert PatchedIndex.make(lazy, {"zz": {**_entry(9, rng), "id": "zz"}}) is None


def _story(i: int, rng: random.Random, pool: list[str]) -> Article:
    if i % 4 == 3:
        body = "Updated copy. " + pool[rng.randrange(len(pool))]
    else:
        words = ["rates", "port", "crane", "strike", "council", "budget", "river", "school"]
        body = " ".join(rng.choice(words) + str(rng.randint(0, 400)) for _ in range(150))
    pool.append(body)
    return Article(id=f"s{i:04d}", title=f"Story {i}", body=body, source="Wire")


def _import_all(root: Path, articles: list[Article], files: list[Path]) -> Library:
    lib = Library(root)
    lib.save_articles(articles)
    story_index.regroup(lib, articles)
    for path in files:
        # Each import as a new process would make it: the index read through
        # its spans, not the tables this process remembers writing.
        atomic._parsed.clear()
        lib = Library(root)
        import_paths(lib, [str(path)])
    return lib


def test_importing_files_one_by_one_ends_as_the_whole_path_does(tmp_path, monkeypatch):
    rng = random.Random(4)
    pool: list[str] = []
    articles = [_story(i, rng, pool) for i in range(60)]
    files = []
    for i in range(6):
        body = (
            ("A new lead. " + pool[rng.randrange(len(pool))])
            if i % 2
            else _story(100 + i, rng, pool).body
        )
        path = tmp_path / f"in{i}.json"
        published = ["", "2024-05-01", "2023-01-01T10:00:00+00:00"][i % 3]
        path.write_text(
            json.dumps(
                {"title": f"Extra {i}", "body": body, "source": "Desk", "published": published}
            )
        )
        files.append(path)
    # A story in two versions, the second cut short, then a third version
    # sharing text with the first only: the group of all three must take in
    # the second, which the new article is no partner of.
    words = " ".join(f"harbour{k} crane{k % 7}" for k in range(160))
    articles += [
        Article(id="t0001", title="Full", body=words, source="A"),
        Article(id="t0002", title="Short", body=words[: len(words) // 3], source="B"),
    ]
    late = tmp_path / "late.json"
    late.write_text(json.dumps({"title": "Late", "body": words[len(words) // 3 :], "source": "C"}))
    files.append(late)
    files.append(files[0])  # the same file again: unchanged
    dup = tmp_path / "dup.json"
    dup.write_text(json.dumps({"title": "Copy", "body": articles[5].body, "source": "Else"}))
    files.append(dup)

    # The spans path each grouping took: numpy's (_stage_few) or the one
    # without numpy (_stage_light); None for neither.
    taken: list[str | None] = []

    def counted(name: str) -> Callable[..., Any]:
        real = getattr(story_index, name)

        def run(*args: Any) -> Any:
            done = real(*args)
            if done is not False and taken[-1] is None:
                taken[-1] = name
            return done

        return run

    real_stage = imports.stage_groups

    def staged(*args: Any) -> Any:
        taken.append(None)
        return real_stage(*args)

    monkeypatch.setattr(imports, "stage_groups", staged)
    for name in ("_stage_light", "_stage_few"):
        monkeypatch.setattr(story_index, name, counted(name))
    spliced = _import_all(tmp_path / "fast", articles, files)
    # Every import that added an article took a spans path, new articles alone
    # the one without numpy.
    assert taken and all(taken), taken
    assert "_stage_light" in taken, taken

    monkeypatch.setattr(PatchedIndex, "make", classmethod(lambda cls, *a: None))
    monkeypatch.setattr(story_index, "_stage_few", lambda *a: False)
    monkeypatch.setattr(story_index, "_stage_light", lambda *a: False)
    whole = _import_all(tmp_path / "whole", articles, files)

    def listed(lib: Library) -> list[dict]:
        return [{k: v for k, v in m.items() if k != "imported"} for m in lib.article_metas()]

    assert listed(spliced) == listed(whole)
    groups = {m["title"]: m["story_group"] for m in listed(whole)}
    assert groups["Full"] == groups["Short"] == groups["Late"] != "t0001"
    assert (tmp_path / "fast" / "library.json").read_bytes().count(b'"id"') == len(listed(whole))
    fresh = ArticleIndex(tmp_path / "fast")
    assert sorted(fresh.article_ids()) == sorted(m["id"] for m in listed(whole))
    # The listing order the spans file kept through the splices is the order
    # of sorting the whole index, entry by entry.
    atomic._parsed.clear()
    streamed = ArticleIndex(tmp_path / "fast")
    spans = streamed._lazy_index().spans  # type: ignore[union-attr]
    assert spans.order is not None
    assert list(streamed.listed_stream()) == ArticleIndex(tmp_path / "fast").listed_entries()


def test_a_listed_article_whose_body_is_missing_is_rewritten_through_the_journal(
    tmp_path, monkeypatch
):
    """Bodies go before the index without a journal only for articles the index
    does not list: a listed article whose body file was lost must not get a
    new text while the index still describes the old one."""
    from storage import txn

    lib = Library(tmp_path / "lib")
    rng = random.Random(2)
    pool: list[str] = []
    first, second = _story(0, rng, pool), _story(1, rng, pool)
    lib.save_articles([first])
    lib.body_path(first.id).unlink()
    written: list[str] = []
    real = txn.atomic_write_bytes

    def spy(path, *args, **kwargs):
        written.append(Path(path).name)
        return real(path, *args, **kwargs)

    monkeypatch.setattr(txn, "atomic_write_bytes", spy)
    atomic._parsed.clear()
    lib = Library(tmp_path / "lib")
    changed = Article(id=first.id, title=first.title, body="New text. " * 20, source="Wire")
    lib.save_articles([changed])
    assert "journal.json" in written and written.index("journal.json") < written.index(
        f"{first.id}.txt"
    )
    written.clear()
    lib.save_articles([second])  # not listed, no file: no journal
    assert "journal.json" not in written and f"{second.id}.txt" in written


def test_doctor_names_a_spans_file_whose_hashes_or_next_id_are_wrong(tmp_path):
    from storage.index_spans import check_spans

    rng = random.Random(7)
    tables = _tables(5, rng)
    data, sidecar = encode_index(tables)
    (tmp_path / "library.json").write_bytes(data)
    (tmp_path / "library-spans.json").write_bytes(sidecar)
    assert check_spans(tmp_path) is None
    fields = orjson.loads(sidecar)
    wrong = dict(fields, next_key=5)  # the last entry's key is "5"
    (tmp_path / "library-spans.json").write_bytes(orjson.dumps(wrong))
    assert "next document id" in (check_spans(tmp_path) or "")
    spans = load_spans(tmp_path, data, hashlib.sha256(data).digest())
    assert spans is not None and spans.next_key == 5
    lazy = LazyTables(tmp_path / "library.json", data, spans)
    assert PatchedIndex.make(lazy, {"new1": {**_entry(9, rng), "id": "new1"}}) is None
    prefixes = bytearray(base64.b64decode(fields["hashes"]))
    prefixes[8 * 3] ^= 0xFF
    wrong = dict(fields, hashes=base64.b64encode(bytes(prefixes)).decode())
    (tmp_path / "library-spans.json").write_bytes(orjson.dumps(wrong))
    assert "content hash" in (check_spans(tmp_path) or "")
