"""What was read from each file of a folder, read again only where a file changed.

The displays that go over every annotations file (the library's counts, the
annotations screen) are asked again after every tag and every return from
the reader. Reading 10,000 files each time would take seconds; a stat of each
takes a fraction of that. Every write replaces a file by rename, so a changed
file has a new (inode, mtime, size) stamp even within one clock tick. This
is a display's cache: writers never rely on it.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Generic, TypeVar

from storage.errors import CorruptFileError

T = TypeVar("T")
Stamp = tuple[int, int, int]


class StampedFolder(Generic[T]):
    """``read(path)`` of every ``*.json`` file in ``folder`` that ``wanted``
    accepts (by name), kept with the file's stamp between scans."""

    def __init__(
        self,
        folder: Path,
        read: Callable[[Path], T],
        wanted: Callable[[str], bool] = lambda name: True,
    ) -> None:
        self.folder = Path(folder)
        self._read = read
        self._wanted = wanted
        # file name -> (stamp, what read gave); (stamp, why it cannot be read)
        self._values: dict[str, tuple[Stamp, T]] = {}
        self._errors: dict[str, tuple[Stamp, str]] = {}
        self._lock = threading.Lock()

    def scan(self) -> tuple[dict[str, T], dict[str, str]]:
        """(what each readable file gave, why each other one cannot be read),
        both by file name."""
        values: dict[str, tuple[Stamp, T]] = {}
        errors: dict[str, tuple[Stamp, str]] = {}
        with self._lock:
            try:
                entries = list(os.scandir(self.folder))
            except (FileNotFoundError, NotADirectoryError):
                entries = []
            for entry in entries:
                name = entry.name
                if not name.endswith(".json") or not self._wanted(name):
                    continue
                try:
                    st = entry.stat()
                except FileNotFoundError:
                    continue  # removed since the listing
                stamp = (st.st_ino, st.st_mtime_ns, st.st_size)
                value = self._values.get(name)
                error = self._errors.get(name)
                if value is not None and value[0] == stamp:
                    values[name] = value
                elif error is not None and error[0] == stamp:
                    errors[name] = error
                else:
                    try:
                        values[name] = (stamp, self._read(Path(entry.path)))
                    except CorruptFileError as exc:
                        errors[name] = (stamp, str(exc))
            self._values, self._errors = values, errors
        return (
            {name: value for name, (_, value) in values.items()},
            {name: why for name, (_, why) in errors.items()},
        )
