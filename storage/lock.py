"""One writer at a time, across processes and across threads.

TinyDB is neither thread- nor process-safe: the app's worker threads and a
`newsread import` in another terminal may write the same library. Every
transaction holds the in-process lock and an flock on the library's lock file.
"""

from __future__ import annotations

import errno
import fcntl
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from storage.errors import LibraryError


class LibraryLock:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._thread_lock = threading.RLock()
        self._depth = 0
        self._fd: int | None = None

    def _open(self) -> int:
        try:
            return os.open(self.path, os.O_RDWR | os.O_CREAT, 0o666)
        except OSError as exc:
            if exc.errno not in (errno.EACCES, errno.EROFS, errno.EPERM):
                raise LibraryError(f"{self.path}: cannot open the lock ({exc.strerror})") from exc
        # A read-only library can still be read consistently: flock works on a
        # read-only descriptor. Writes then fail, each with its own message.
        try:
            return os.open(self.path, os.O_RDONLY)
        except OSError as exc:
            raise LibraryError(
                f"{self.path.parent}: library is read-only and has no lock file ({exc.strerror})"
            ) from exc

    @property
    def held(self) -> bool:
        return self._depth > 0

    @contextmanager
    def hold(self) -> Iterator[None]:
        with self._thread_lock:
            if self._depth == 0:
                fd = self._open()
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX)
                except OSError as exc:
                    os.close(fd)
                    raise LibraryError(f"{self.path}: cannot lock ({exc.strerror})") from exc
                self._fd = fd
            self._depth += 1
            try:
                yield
            finally:
                self._leave()

    @contextmanager
    def try_hold(self) -> Iterator[bool]:
        """Hold the lock if nobody else does (yields True), else go on without
        it at once (yields False): for a reader that can work either way and
        must not wait behind a long import."""
        if not self._thread_lock.acquire(blocking=False):
            yield False
            return
        try:
            if self._depth == 0:
                fd = self._open()
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except OSError:
                    os.close(fd)
                    yield False
                    return
                self._fd = fd
            self._depth += 1
            try:
                yield True
            finally:
                self._leave()
        finally:
            self._thread_lock.release()

    def _leave(self) -> None:
        """One hold less; the last one unlocks the file (the thread lock is held)."""
        self._depth -= 1
        if self._depth == 0 and self._fd is not None:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None
