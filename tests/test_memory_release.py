"""The app hands freed heap memory back to the system after large loads."""

from __future__ import annotations

import platform

from tui.memory import release_free_memory


def _anon_kb() -> int:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("RssAnon:"):
                return int(line.split()[1])
    return 0


def test_freed_memory_goes_back_to_the_system_where_the_c_library_allows():
    glibc = platform.system() == "Linux" and platform.libc_ver()[0] == "glibc"
    # Blocks below glibc's mmap threshold come from its heap; freed, it keeps them.
    blocks = [bytearray(64 * 1024) for _ in range(400)]  # ~25 MB, touched
    for block in blocks:
        block[::4096] = b"x" * len(block[::4096])
    keep = bytearray(64 * 1024)  # allocated last: the heap's top stays in use
    del blocks
    before = _anon_kb()
    assert release_free_memory() is glibc
    assert release_free_memory() is glibc  # and again: the lookup is kept
    if glibc:
        assert before - _anon_kb() > 10_000, "the freed ~25 MB stayed with the process"
    del keep
