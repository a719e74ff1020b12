"""A journaled commit makes its files durable together, before the journal goes.

The files of a change that spans several of them are written without an fsync
each (the fsynced journal holds them all and is replayed after a crash), then
synced at once: one syncfs(2) when there are many, else an fsync per file and
folder. What matters is the order: nothing is synced after the journal is gone.
"""

from __future__ import annotations

import os

from storage import atomic, txn
from storage.library import Library


def _stage_bodies(library: Library, n: int) -> None:
    with library.transaction() as t:
        for i in range(n):
            t.stage_text(library.root / "bodies" / f"b{i:04d}.txt", f"body {i}")


def test_many_files_are_synced_once_before_the_journal_goes(tmp_path, monkeypatch):
    library = Library(tmp_path / "lib")
    events: list[str] = []

    def syncfs(folder):
        events.append("syncfs")
        assert (library.root / txn.JOURNAL).exists()  # still there to replay
        return True

    real_fsync = os.fsync

    def fsync(fd):
        events.append("fsync")
        real_fsync(fd)

    monkeypatch.setattr(atomic, "_syncfs", syncfs)
    monkeypatch.setattr(atomic.os, "fsync", fsync)
    _stage_bodies(library, atomic._SYNCFS_FROM + 10)
    assert events.count("syncfs") == 1
    # The journal and its folder are fsynced; no body is, one by one.
    assert events == ["fsync", "fsync", "syncfs"]
    assert not (library.root / txn.JOURNAL).exists()
    assert (library.root / "bodies" / "b0003.txt").read_text() == "body 3"


def test_without_syncfs_every_file_is_fsynced(tmp_path, monkeypatch):
    library = Library(tmp_path / "lib")
    synced: list[int] = []
    real_fsync = os.fsync

    def fsync(fd):
        synced.append(fd)
        real_fsync(fd)

    monkeypatch.setattr(atomic, "_syncfs", lambda folder: False)
    monkeypatch.setattr(atomic.os, "fsync", fsync)
    n = atomic._SYNCFS_FROM + 5
    _stage_bodies(library, n)
    # The journal, then every body, then their folder (the journal's folder
    # fsync goes through _fsync_dir too, after its file).
    assert len(synced) >= n + 1
    assert len(list((library.root / "bodies").iterdir())) == n


def test_a_single_file_is_still_written_with_its_fsync(tmp_path, monkeypatch):
    library = Library(tmp_path / "lib")
    calls: list[bool] = []
    real = atomic.atomic_write_bytes

    def spy(path, data, tmp_dir=None, sync=True):
        calls.append(sync)
        real(path, data, tmp_dir, sync)

    monkeypatch.setattr(txn, "atomic_write_bytes", spy)
    _stage_bodies(library, 1)
    assert calls == [True]
