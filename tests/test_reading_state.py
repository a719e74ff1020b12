"""Read/unread state (storage.reading): a small file of its own, written through
the library's transactions, merged with other processes' marks, and whole
after a kill at any write."""

from __future__ import annotations

import json
import shutil
import signal

import pytest

from newsread.model import Article
from storage.errors import CorruptFileError, NotFoundError
from storage.library import Library
from storage.reading import FILE, ReadState
from tests.test_faults import boundaries, leftovers, python


def _library(root) -> Library:
    library = Library(root)
    library.save_articles(
        [
            Article(id=f"art{k}", title=f"Story {k}", body=f"Body number {k}.", source="Wire")
            for k in range(3)
        ]
    )
    return library


def test_everything_starts_unread_and_marks_stick(tmp_path):
    library = _library(tmp_path / "lib")
    state = ReadState(library)
    assert state.read_ids() == set() and not (library.root / FILE).exists()
    assert state.mark(["art0", "art1"]) is True
    assert state.read_ids() == {"art0", "art1"} and state.is_read("art0")
    # A fresh object (another process, a restart) sees the same marks.
    assert ReadState(Library(library.root)).read_ids() == {"art0", "art1"}
    assert state.mark(["art1"], read=False) is True
    assert state.read_ids() == {"art0"}
    assert state.toggle("art2") is True and state.toggle("art2") is False
    assert state.read_ids() == {"art0"}


def test_marking_never_rewrites_the_library_index(tmp_path):
    library = _library(tmp_path / "lib")
    index = library.root / "library.json"
    before = index.stat()
    state = ReadState(library)
    state.mark(["art0"])
    state.toggle("art1")
    after = index.stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)
    assert json.loads((library.root / FILE).read_text()) == {
        "read": {"1": {"ids": ["art0", "art1"]}}
    }


def test_a_mark_that_changes_nothing_writes_nothing(tmp_path):
    state = ReadState(_library(tmp_path / "lib"))
    state.mark(["art0"])
    stamp = state.stamp()
    assert state.mark(["art0"]) is False and state.mark(["art1"], read=False) is False
    assert state.stamp() == stamp


def test_two_writers_merge_their_marks(tmp_path):
    """Each mark reads the file under the lock: a mark made by another process
    since this one last looked is kept, not overwritten."""
    root = tmp_path / "lib"
    one = ReadState(_library(root))
    two = ReadState(Library(root))
    assert one.read_ids() == two.read_ids() == set()
    one.mark(["art0"])
    two.mark(["art1"])
    one.mark(["art2"])
    assert one.read_ids() == two.read_ids() == {"art0", "art1", "art2"}


def test_ids_are_checked_and_a_damaged_file_is_named(tmp_path):
    library = _library(tmp_path / "lib")
    state = ReadState(library)
    with pytest.raises(NotFoundError):
        state.mark(["../library"])
    (library.root / FILE).write_text("{not json")
    with pytest.raises(CorruptFileError, match="reading.json"):
        state.read_ids()


@pytest.mark.parametrize("reader", [None, "ines"])
def test_a_mark_killed_at_any_write_leaves_before_or_after(tmp_path, reader):
    """SIGKILL right after each file write of a mark (as a power cut would):
    the next process reads the old marks or the new ones, never a torn file;
    a reader's first mark (which starts their own set) as well."""
    base = tmp_path / "base"
    library = _library(base)
    ReadState(library).mark(["art0"])
    library.close()

    def operation(root, fault):
        code = (
            "from storage.reading import ReadState\n"
            f"ReadState(lib, {reader!r}).mark(['art1', 'art2'])"
        )
        return python(root, code, fault)

    def marks(root) -> list[str]:
        done = python(root, "from storage.reading import ReadState\n"
                            f"print(sorted(ReadState(lib, {reader!r}).read_ids()))")  # fmt: skip
        assert done.returncode == 0, done.stderr
        return json.loads(done.stdout.replace("'", '"'))

    probe = tmp_path / "probe"
    shutil.copytree(base, probe)
    count = boundaries(lambda fault: operation(probe, fault), tmp_path)
    assert marks(probe) == ["art0", "art1", "art2"]
    for k in range(1, count + 1):
        root = tmp_path / f"run{k}"
        shutil.copytree(base, root)
        done = operation(root, f"kill:{k}")
        assert done.returncode == -signal.SIGKILL, (k, done.stderr)
        assert marks(root) in (["art0"], ["art0", "art1", "art2"]), k
        assert leftovers(root) == [], k
        assert operation(root, None).returncode == 0
        assert marks(root) == ["art0", "art1", "art2"], k


def test_a_file_imported_again_with_new_text_is_unread_again(tmp_path):
    """As a refresh does for a feed's article: new text is news again; the
    same text imported again leaves the mark alone."""
    from storage.imports import import_paths

    library = Library(tmp_path / "lib")
    story = (
        "{title}\n\n"
        "The harbour board said on Monday that the ferry to the outer islands would run "
        "again from the end of the month, after repairs to the landing stage.\n\n"
        "Tickets go on sale on {day}, a spokesperson for the operator said.\n"
    )
    first, second = tmp_path / "ferry.txt", tmp_path / "crane.txt"
    first.write_text(story.format(title="Island ferry to run again", day="Friday"), "utf-8")
    second.write_text(story.format(title="Harbour board meets", day="Thursday"), "utf-8")
    import_paths(library, [str(first), str(second)])
    ids = {m["title"]: m["id"] for m in library.article_metas()}
    assert set(ids) == {"Island ferry to run again", "Harbour board meets"}
    state = ReadState(library)
    state.mark(ids.values())
    import_paths(library, [str(first), str(second)])
    assert state.read_ids() == set(ids.values())
    first.write_text(story.format(title="Island ferry to run again", day="Saturday"), "utf-8")
    summary, _ = import_paths(library, [str(first), str(second)])
    assert summary.updated == [ids["Island ferry to run again"]]
    assert state.read_ids() == {ids["Harbour board meets"]}
    state.close()


def test_each_reader_has_marks_of_their_own(tmp_path):
    """Annotators sharing a library each go through every article: what one
    opens stays unread for the other, and the shared set older releases read
    and write is left alone."""
    library = _library(tmp_path / "lib")
    ines, kwame = ReadState(library, "ines"), ReadState(Library(library.root), "kwame")
    assert ines.mark(["art0"]) is True
    assert kwame.read_ids() == set() and ReadState(library).read_ids() == set()
    kwame.mark(["art1", "art2"])
    assert ines.read_ids() == {"art0"} and kwame.read_ids() == {"art1", "art2"}
    assert ines.toggle("art0") is False
    assert ines.read_ids() == set() and kwame.read_ids() == {"art1", "art2"}
    saved = json.loads((library.root / FILE).read_text())["read"]
    assert "1" not in saved  # the shared set was never written
    assert sorted((doc["reader"], doc["ids"]) for doc in saved.values()) == [
        ("ines", []),
        ("kwame", ["art1", "art2"]),
    ]


def test_a_reader_starts_from_the_marks_an_older_release_made(tmp_path):
    """After an upgrade nothing read becomes unread: a reader with no marks of
    their own reads the shared set, and their first mark starts from it; marks
    an older release (no reader) makes afterwards stay in the shared set."""
    library = _library(tmp_path / "lib")
    ReadState(library).mark(["art0", "art1"])  # as an older release marks
    ines = ReadState(library, "ines")
    assert ines.read_ids() == {"art0", "art1"} and ines.is_read("art1")
    assert ines.mark(["art0"]) is False  # already read: nothing to write
    assert ines.mark(["art1"], read=False) is True
    assert ines.read_ids() == {"art0"}
    assert ReadState(library).read_ids() == {"art0", "art1"}
    assert ReadState(library, "kwame").read_ids() == {"art0", "art1"}
    ReadState(library).mark(["art2"])
    assert ines.read_ids() == {"art0"}
    assert ReadState(library, "kwame").read_ids() == {"art0", "art1", "art2"}


def test_new_text_is_unread_again_for_every_reader(tmp_path):
    from storage.reading import mark_unread

    library = _library(tmp_path / "lib")
    ReadState(library, "ines").mark(["art0", "art1"])
    ReadState(library, "kwame").mark(["art1"])
    ReadState(library).mark(["art0", "art2"])
    with library.transaction():
        mark_unread(library, ["art0", "art1"])
    assert ReadState(library).read_ids() == {"art2"}
    assert ReadState(library, "ines").read_ids() == set()
    assert ReadState(library, "kwame").read_ids() == set()
    assert ReadState(library, "remy").read_ids() == {"art2"}
