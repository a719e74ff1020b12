"""Fault points: let a test kill the process at an exact write boundary.

Every completed file replace or removal in the library passes through
:func:`boundary`. With ``NEWSREAD_FAULT`` unset it costs one dictionary lookup.
Tests set it to:

``count:FILE``
    append one line per boundary to FILE (how many boundaries an operation has)
``kill:N``
    SIGKILL this process right after the N-th boundary, as a power cut or an
    OOM kill would: no cleanup handler, no flush, no atexit.
"""

from __future__ import annotations

import os
import signal
import threading

ENV = "NEWSREAD_FAULT"

_lock = threading.Lock()
_seen = 0


def boundary(what: str) -> None:
    spec = os.environ.get(ENV)
    if not spec:
        return
    global _seen
    with _lock:
        _seen += 1
        seen = _seen
    mode, _, arg = spec.partition(":")
    if mode == "count":
        with open(arg, "a", encoding="utf-8") as log:
            log.write(f"{seen}\t{what}\n")
    elif mode == "kill" and seen == int(arg):
        os.kill(os.getpid(), signal.SIGKILL)
