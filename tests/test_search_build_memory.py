"""What keeps the app's background index build small (it runs beside the app,
whose process tree has a budget): no list of every article id during the
pass, and no Rich console to print one line. Structure only; the figures are
in the commit messages, measured at 100,000 articles."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from array import array
from pathlib import Path
from unittest import mock

import pytest

from newsread.model import Article
from storage import atomic
from storage.index_spans import Spans, encode_index, load_spans
from storage.library import Library
from storage.search_index import SearchIndex

ROOT = Path(__file__).resolve().parents[1]


def _articles(n: int) -> list[Article]:
    return [
        Article(id=f"art{i:03d}", title=f"Story {i}", body=f"The council met {i} times.")
        for i in range(n)
    ]


@pytest.fixture
def lib(tmp_path: Path) -> Library:
    library = Library(tmp_path / "lib")
    library.save_articles(_articles(40))
    return library


def _spans(ids: list[str]) -> Spans:
    joined = "\n" + "\n".join(ids) + "\n" if ids else ""
    return Spans({}, joined, array("q", range(len(ids))), array("q", range(len(ids))))


@pytest.mark.parametrize("ids", [[], ["a"], ["a", "b-1", "c_2", "a"]])
def test_ids_one_at_a_time_are_the_ids(ids: list[str]) -> None:
    spans = _spans(ids)
    assert list(spans.iter_ids()) == spans.ids == ids


def test_ids_unique_is_told_by_a_listing_order_or_found_out() -> None:
    assert _spans(["a", "b"]).ids_unique()
    assert not _spans(["a", "b", "a"]).ids_unique()
    spans = _spans(["a", "b"])
    spans.order = array("q", [1, 0])
    with mock.patch.object(Spans, "ids", property(lambda self: pytest.fail("ids listed"))):
        assert spans.ids_unique()


def test_no_listing_order_is_written_for_a_repeated_id(tmp_path: Path) -> None:
    # What ids_unique relies on: an order names unique ids.
    articles = {str(i + 1): a.meta_dict() for i, a in enumerate(_articles(3))}
    articles["3"]["id"] = articles["1"]["id"]
    data, sidecar = encode_index({"articles": articles})
    assert sidecar is not None
    (tmp_path / "library-spans.json").write_bytes(sidecar)
    spans = load_spans(tmp_path, data, hashlib.sha256(data).digest())
    assert spans is not None and spans.order is None and not spans.ids_unique()


def test_a_build_never_lists_every_id(lib: Library) -> None:
    atomic._parsed.clear()  # another process's view: the index read through its spans
    fresh = Library(lib.root)
    assert fresh._lazy_index() is not None
    with mock.patch.object(Spans, "ids", property(lambda self: pytest.fail("ids listed"))):
        assert fresh.article_count() == 40
        total, entries = fresh.streamed_entries()
        assert total == 40
        with SearchIndex(fresh) as index:
            report = index.rebuild()
            assert report.rebuilt and report.added == 40
            assert index.stats()["articles"] == 40
    assert [hit.article_id for hit in SearchIndex(lib).search("council", limit=50)]


def test_the_background_build_does_not_import_rich(lib: Library) -> None:
    script = (
        "import sys\n"
        "from tui.cli import main\n"
        "code = main(['index', '--background', '--library', sys.argv[1]])\n"
        "print(code, sorted({m.split('.')[0] for m in sys.modules} & {'rich', 'textual'}))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(lib.root)],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stderr
    assert "search index built: 40 articles" in done.stdout
    assert done.stdout.splitlines()[-1] == "0 []"


def test_a_build_stamps_each_file_as_it_reads_it(lib: Library) -> None:
    # No scan of the folders into dicts of every stamp; the stamps stored are
    # the files' own, so a sync right after finds nothing to do.
    from newsread.model import new_annotation
    from storage.library import analysis_key

    articles = _articles(40)
    for article in articles[:3]:
        lib.save_annotation(new_annotation(article, 4, 11, ["check"], note="verify"))
    analysis = {"entities": [{"start": 4, "end": 11, "text": "council", "label": "ORG"}]}
    for article in articles[2:6]:
        lib.store_analysis(article.id, analysis_key(article.content_hash, "t", "1"), analysis)
    fail = mock.patch.object(SearchIndex, "_folder_stamps", side_effect=AssertionError("scan"))
    with SearchIndex(lib) as index, fail:
        index.rebuild()
    with SearchIndex(lib) as index:
        assert index.sync().changed == 0
        conn = index._connection()
        rows = dict(conn.execute("SELECT article_id, ann_fp || ' ' || ana_fp FROM docs"))
        for name in ("annotations", "analysis"):
            files = index._folder_stamps(name)
            assert len(files) == (3 if name == "annotations" else 4)
            for aid, stamp in files.items():
                assert stamp in rows[aid].split(" ")
        assert sorted(h.article_id for h in index.search("tag:check")) == [
            "art000",
            "art001",
            "art002",
        ]
        assert len(index.search("entity:council")) == 4


def test_a_build_without_the_folders_looks_for_no_files(tmp_path: Path) -> None:
    library = Library(tmp_path / "lib")
    library.save_articles(_articles(5))
    assert not (library.root / "analysis").exists()
    with mock.patch("os.stat", wraps=os.stat) as stat, SearchIndex(library) as index:
        index.rebuild()
    looked = [str(c.args[0]) for c in stat.call_args_list]
    assert not [
        p for p in looked if p.endswith(".json") and ("/analysis/" in p or "/annotations/" in p)
    ]
    with SearchIndex(library) as index:
        assert index.sync().changed == 0 and index.stats()["articles"] == 5


@pytest.mark.parametrize("junk", [b"", b"\xff\xfe{}", b"[1]", b'{"format": 2', b"[" * 100_000])
def test_a_damaged_spans_file_is_not_read(lib: Library, junk: bytes) -> None:
    from storage.index_spans import FILE, load_stamped_spans

    stamp = atomic.stat_stamp(lib.root / "library.json")
    assert stamp is not None and load_stamped_spans(lib.root, stamp) is not None
    (lib.root / FILE).write_bytes(junk)
    assert load_stamped_spans(lib.root, stamp) is None
    atomic._parsed.clear()
    assert Library(lib.root).article_count() == 40
