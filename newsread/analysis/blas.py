"""How many threads numpy's matrix products may use in this process.

The check-worthiness encoder is matrix products; OpenBLAS runs them on every
core. In an analysis worker that is wrong: the pool already gives each core a
process, and two processes each running two BLAS threads on two cores ran
slower together (0.83 times) than one alone. Called in the worker, after fork,
so the parent keeps its threads.
"""

from __future__ import annotations

import ctypes
from pathlib import Path

# OpenBLAS's setter and getter under the names its builds export: numpy's
# wheels bundle a "scipy_openblas" build with 64-bit integers, others the plain one.
_SETTERS = (
    "scipy_openblas_set_num_threads64_",
    "openblas_set_num_threads64_",
    "openblas_set_num_threads",
)
_GETTERS = (
    "scipy_openblas_get_num_threads64_",
    "openblas_get_num_threads64_",
    "openblas_get_num_threads",
)


def _loaded_openblas() -> list[str]:
    """Paths of the OpenBLAS libraries mapped into this process (Linux only:
    elsewhere nothing is found and the thread count is left alone)."""
    maps = Path("/proc/self/maps")
    try:
        lines = maps.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return []
    paths = {line.split()[-1] for line in lines if "openblas" in line.lower() and "/" in line}
    return sorted(p for p in paths if p.startswith("/"))


def _function(names: tuple[str, ...]) -> list:
    found = []
    for path in _loaded_openblas():
        try:
            lib = ctypes.CDLL(path)
        except OSError:
            continue
        for name in names:
            fn = getattr(lib, name, None)
            if fn is not None:
                found.append(fn)
                break
    return found


def set_threads(n: int) -> bool:
    """Let numpy's matrix products use ``n`` threads; False when no OpenBLAS
    is loaded (numpy not imported yet, or another BLAS)."""
    setters = _function(_SETTERS)
    for fn in setters:
        fn(ctypes.c_int(n))
    return bool(setters)


def threads() -> int | None:
    """The threads OpenBLAS uses now, or None when none is loaded."""
    for fn in _function(_GETTERS):
        fn.restype = ctypes.c_int
        return int(fn())
    return None
