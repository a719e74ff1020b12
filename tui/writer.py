"""One background thread that performs library writes in the order they were made.

Tagging must feel instant and never stall the event loop on fsync, yet the
writes must land in order (a delete after its create, an undo after its edit).
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable

Job = Callable[[], None]


class BackgroundWriter:
    def __init__(self, on_error: Callable[[str], None]) -> None:
        self._queue: queue.Queue[Job | None] = queue.Queue()
        self._on_error = on_error
        self._idle = threading.Event()
        self._idle.set()
        self._pending = 0
        self._submitted = 0
        self._count_lock = threading.Lock()
        self._thread = threading.Thread(target=self._run, name="newsread-writer", daemon=True)
        self._thread.start()

    def submit(self, job: Job) -> None:
        with self._count_lock:
            self._pending += 1
            self._submitted += 1
            self._idle.clear()
        self._queue.put(job)

    @property
    def idle(self) -> bool:
        return self._idle.is_set()

    @property
    def submitted(self) -> int:
        """How many writes were ever submitted. A reader of the files that
        notes it before reading can tell, later on the event loop, whether an
        edit was made (and its write queued) while it read: what it read may
        then predate that edit, and is not someone else's change."""
        with self._count_lock:
            return self._submitted

    def wait_idle(self, timeout: float | None = None) -> bool:
        return self._idle.wait(timeout)

    def close(self, timeout: float = 10.0) -> None:
        """Finish every queued write, then stop the thread."""
        self._queue.put(None)
        self._thread.join(timeout)

    def _run(self) -> None:
        while True:
            job = self._queue.get()
            if job is None:
                return
            try:
                job()
            except Exception as exc:  # noqa: BLE001 - reported to the user, thread goes on
                self._on_error(f"could not save: {exc}")
            finally:
                with self._count_lock:
                    self._pending -= 1
                    if self._pending == 0:
                        self._idle.set()
