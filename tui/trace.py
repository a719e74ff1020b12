"""A log of what happens to each key, for a key that seems lost.

Set ``NEWSREAD_TRACE_KEYS`` to a file and the app appends one line per step
(a key held, run at a widget, done; an article read, shown or failed), with
the seconds since the app started. The end-to-end tests set it and print it
when a key did not do what it should: a timing seen once on a loaded machine
can then be read instead of guessed.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable

from newsread.sanitize import visible

#: The environment variable naming the trace file.
TRACE_VARIABLE = "NEWSREAD_TRACE_KEYS"


def trace_from_env() -> Callable[[str], None] | None:
    """A function that appends a line to the trace file, or None when no trace
    was asked for (nothing is timed or written then)."""
    path = os.environ.get(TRACE_VARIABLE, "")
    if not path:
        return None
    start = time.monotonic()
    lock = threading.Lock()  # the event loop and the reading worker both trace

    def trace(what: str) -> None:
        line = f"{time.monotonic() - start:8.3f} {visible(what)}\n"
        with lock:
            try:
                with open(path, "a", encoding="utf-8") as out:
                    out.write(line)
            except OSError:
                pass  # a trace must never stop the app

    return trace


def say(app: object, what: str) -> None:
    """Trace ``what`` when the running app keeps a trace (widgets call this)."""
    trace = getattr(app, "trace", None)
    if trace is not None:
        trace(what)
