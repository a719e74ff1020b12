"""One writer at a time, across processes and across threads.

TinyDB is neither thread- nor process-safe: the app's worker threads and a
`newsread import` in another terminal may write the same library. Every
transaction holds the in-process lock and an flock on the library's lock file.

The holder writes its process id into the lock file, so one that has to wait
can say for whom (see ``on_wait``): a command waiting behind a long import
was silent.
"""

from __future__ import annotations

import errno
import fcntl
import os
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from storage.errors import LibraryError

#: Called with the lock file and the holder's pid (None when it is not known)
#: before a hold waits for another process; the command line sets it, the app
#: (whose screen stderr would garble) does not.
WaitNotice = Callable[[Path, int | None], None]
_wait_notice: WaitNotice | None = None


def on_wait(notice: WaitNotice | None) -> WaitNotice | None:
    """Set what is told when a hold must wait for another process; returns the
    one set before (to put back)."""
    global _wait_notice
    before, _wait_notice = _wait_notice, notice
    return before


def holder_pid(fd: int) -> int | None:
    """The process id the lock's holder wrote, if any."""
    try:
        text = os.pread(fd, 32, 0).decode("ascii").strip()
    except (OSError, UnicodeDecodeError):
        return None
    return int(text) if text.isdigit() else None


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
                    self._wait_for(fd)
                except OSError as exc:
                    os.close(fd)
                    raise LibraryError(f"{self.path}: cannot lock ({exc.strerror})") from exc
                except BaseException:  # Ctrl-C while waiting
                    os.close(fd)
                    raise
                self._fd = fd
                _sign(fd)
            self._depth += 1
            try:
                yield
            finally:
                self._leave()

    def _wait_for(self, fd: int) -> None:
        """flock ``fd``; when another process holds it, say so once and wait."""
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            pass
        notice = _wait_notice
        if notice is not None:
            notice(self.path, holder_pid(fd))
        fcntl.flock(fd, fcntl.LOCK_EX)

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
                _sign(fd)
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
            with suppress(OSError):
                os.ftruncate(self._fd, 0)  # no holder now: no stale pid for a waiter
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None


def _sign(fd: int) -> None:
    """Write this process's id into the held lock file (read-only: left out)."""
    with suppress(OSError):
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode("ascii"), 0)
