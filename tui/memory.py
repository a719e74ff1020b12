"""Handing memory the app has freed back to the system.

The app lives for hours. Loading spaCy reads the model's weights (~12 MB) and
the catalog's file into buffers that are freed once they are parsed; glibc's
allocator keeps such freed memory for reuse rather than returning it, so the
app went on holding ~12 MB it no longer used (measured at 100,000 articles).
"""

from __future__ import annotations

import threading
from typing import Any

_libc: Any = None
_looked = False
_lock = threading.Lock()


def release_free_memory() -> bool:
    """Return the C heap's free pages to the system (glibc's ``malloc_trim``).
    Where the C library has no such call (macOS, some others) nothing is done.
    Returns whether anything could be asked. Takes a few milliseconds: call
    it from a worker, after a large load."""
    global _libc, _looked
    with _lock:
        if not _looked:
            _looked = True
            try:
                import ctypes

                _libc = getattr(ctypes.CDLL(None), "malloc_trim", None)
            except (OSError, AttributeError):
                _libc = None
        if _libc is None:
            return False
        _libc(0)
        return True
