"""Kill -9 a real process while it rebuilds or updates the search index.

The index's writes pass fault points (storage.faults: after each article,
before the commit, after it). A process is first run with
``NEWSREAD_FAULT=count:FILE`` to learn how many there are, then killed with
SIGKILL at each of them (``kill:N``). After every kill, the next search must
work without help and answer exactly as an index built from scratch does:
SQLite's journal leaves the index as it was before the killed transaction,
and the stamps written with it make the lost update happen again.
"""

from __future__ import annotations

import shutil
import signal
import subprocess
from pathlib import Path

import pytest

from newsread.model import Article, new_annotation
from storage.library import Library
from storage.search_index import FILE, SearchIndex
from tests.test_faults import boundaries, python
from tests.test_search import FERRY, HARBOUR, SCHOOL, make_library

ROOT = Path(__file__).resolve().parents[1]
QUERIES = [
    "board",
    '"board chair"',
    "tag:check",
    "tag:later",
    "ferry",
    "is:annotated",
    "extra*",
    "source:gazette",
    "invoice",
]
EXTRA = [
    Article(id=f"extra{i}", title=f"Extra story {i}", body=f"Extra body {i} about the board.")
    for i in range(12)
]


def run_index(library: Path, code: str, fault: str) -> subprocess.CompletedProcess[str]:
    """``code`` in a real separate process, with ``index`` the library's index."""
    prelude = "from storage.search_index import SearchIndex\nindex = SearchIndex(lib)\n"
    return python(library, prelude + code, fault)


def count_points(library: Path, code: str, tmp_path: Path) -> int:
    def run(fault: str) -> None:
        done = run_index(library, code, fault)
        assert done.returncode == 0, done.stderr

    return boundaries(run, tmp_path)


def answers(root: Path) -> dict[str, list[str]]:
    notices: list[str] = []
    with SearchIndex(Library(root), on_notice=notices.append) as index:
        out = {q: sorted(h.article_id for h in index.search(q, limit=100)) for q in QUERIES}
    assert not [n for n in notices if "damaged" in n], notices
    return out


def reference(root: Path, tmp_path: Path) -> dict[str, list[str]]:
    """The answers of an index built from scratch over the same library."""
    copy = tmp_path / "reference"
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(root, copy, ignore=shutil.ignore_patterns(f"{FILE}*"))
    return answers(copy)


def change(library: Library) -> None:
    """A tag, a note, an import and a removal: what the update must catch."""
    start = HARBOUR.body.index("cranes")
    library.save_annotation(
        new_annotation(HARBOUR, start, start + 6, ["later"], note="the invoice")
    )
    library.delete_articles([SCHOOL.id])
    library.save_articles(EXTRA[6:])


@pytest.fixture
def template(tmp_path: Path) -> Path:
    root = tmp_path / "template"
    library = make_library(root, [HARBOUR, FERRY, SCHOOL, *EXTRA[:6]])
    start = FERRY.body.index("ferry")
    library.save_annotation(new_annotation(FERRY, start, start + 5, ["check"]))
    SearchIndex(library).sync()
    return root


def _killed_at(root: Path, code: str, point: int) -> None:
    done = run_index(root, code, f"kill:{point}")
    assert done.returncode == -signal.SIGKILL, (point, done.returncode, done.stderr)


def test_killed_rebuild_leaves_a_working_index(template: Path, tmp_path: Path) -> None:
    code = "index.rebuild()\n"
    points = count_points(template, code, tmp_path)
    assert points >= len(EXTRA[:6]) + 3  # articles, before commit, committed
    expected = reference(template, tmp_path)
    for point in sorted({1, 2, points // 2, points - 1, points}):
        root = tmp_path / f"rebuild-{point}"
        shutil.copytree(template, root)
        _killed_at(root, code, point)
        assert answers(root) == expected, f"killed at point {point} of {points}"


def test_killed_first_build_leaves_a_working_index(template: Path, tmp_path: Path) -> None:
    for path in template.glob(f"{FILE}*"):
        path.unlink()
    code = "index.sync()\n"
    points = count_points(template, code, tmp_path)
    for path in template.glob(f"{FILE}*"):
        path.unlink()
    expected = reference(template, tmp_path)
    for point in sorted({1, points // 2, points - 1}):
        root = tmp_path / f"first-{point}"
        shutil.copytree(template, root)
        _killed_at(root, code, point)
        assert answers(root) == expected, f"killed at point {point} of {points}"


def test_killed_update_is_redone(template: Path, tmp_path: Path) -> None:
    # The library changes after its index was last updated: the index is stale.
    changed = tmp_path / "changed"
    shutil.copytree(template, changed)
    change(Library(changed))
    code = "index.sync()\n"
    counting = tmp_path / "counting"
    shutil.copytree(changed, counting)
    points = count_points(counting, code, tmp_path)
    assert points >= 3  # articles re-indexed, before the commit
    expected = reference(changed, tmp_path)
    assert expected["tag:later"] == ["harbour"] and "school" not in expected["board"]
    for point in range(1, points + 1):
        root = tmp_path / f"update-{point}"
        shutil.copytree(changed, root)
        _killed_at(root, code, point)
        assert answers(root) == expected, f"killed at point {point} of {points}"


def test_killed_commit_leaves_index_and_library_agreeing(template: Path, tmp_path: Path) -> None:
    """A library change re-indexes what it commits under the library lock
    (SearchIndex.following). Killed at any write, of the library or of the
    index, the next search answers as an index built from scratch over the
    library as the kill left it."""
    code = "from tests.test_search_faults import change\nchange(index.library)\n"
    counting = tmp_path / "counting"
    shutil.copytree(template, counting)
    SearchIndex(Library(counting)).sync()  # current: the follower may move its stamps
    points = count_points(counting, code, tmp_path)
    log = (tmp_path / "boundaries.log").read_text().splitlines()
    follows = [n for n, what in enumerate(log, 1) if "search-index: follow" in what]
    assert follows, log  # the follower did index the changes
    for point in sorted({1, *follows, min(follows[-1] + 1, points), points // 2, points}):
        root = tmp_path / f"commit-{point}"
        shutil.copytree(template, root)
        SearchIndex(Library(root)).sync()
        _killed_at(root, code, point)
        assert answers(root) == reference(root, tmp_path), f"killed at point {point} of {points}"
    # Not killed: the index is current without a sync, and agrees.
    with SearchIndex(Library(counting)) as index:
        assert index.sync().changed == 0
    assert answers(counting) == reference(counting, tmp_path)
