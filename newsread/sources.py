"""Reading import inputs: files, folders and stdin, turned into text or a reason why not.

Every input yields exactly one result so the caller can report each file the user
named, and a bad file never stops the rest of an import.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

#: Larger files are almost certainly not a news dump (logs, databases, archives);
#: reading them whole would also stall the import for no benefit.
MAX_BYTES = 20 * 1024 * 1024

HTML_SUFFIXES = frozenset({".html", ".htm"})

STDIN = "stdin"


@dataclass(frozen=True)
class InputText:
    origin: str  # absolute resolved path, or "stdin"
    text: str


@dataclass(frozen=True)
class Rejected:
    origin: str
    reason: str


def iter_inputs(paths: list[str], stdin: TextIO | None) -> Iterator[InputText | Rejected]:
    """Yield one result per readable input named in ``paths``.

    Directories are walked recursively in sorted order, skipping hidden files and
    folders (editor swap files, ``.git``); ``"-"`` reads ``stdin``.
    """
    for raw in paths:
        if raw == "-":
            yield _from_stdin(stdin)
            continue
        path = Path(raw).expanduser()
        if not path.exists():
            yield Rejected(_origin(path), "no such file or directory")
        elif path.is_dir():
            for child in _walk(path):
                yield read_file(child)
        else:
            yield read_file(path)


def _origin(path: Path) -> str:
    try:
        return str(path.resolve())
    except OSError:
        return str(path.absolute())


def _walk(folder: Path) -> Iterator[Path]:
    for dirpath, dirnames, filenames in os.walk(folder):
        # Pruning in place is how os.walk is told not to descend.
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if not name.startswith("."):
                yield Path(dirpath) / name


def _from_stdin(stdin: TextIO | None) -> InputText | Rejected:
    if stdin is None:
        return Rejected(STDIN, "standard input is not available")
    text = stdin.read()
    if "\x00" in text:
        return Rejected(STDIN, "binary data (contains NUL bytes)")
    if not text.strip():
        return Rejected(STDIN, "empty input")
    return InputText(STDIN, text.lstrip("\ufeff"))


def read_file(path: Path) -> InputText | Rejected:
    """Read one file as text, or explain why it cannot be imported."""
    origin = _origin(path)
    if not path.is_file():
        return Rejected(origin, "not a regular file")
    if path.suffix.lower() in HTML_SUFFIXES:
        return Rejected(origin, "HTML import is not supported yet")
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            return Rejected(origin, f"too large ({size} bytes; the limit is {MAX_BYTES})")
        data = path.read_bytes()
    except OSError as exc:
        return Rejected(origin, f"cannot read: {exc.strerror or exc}")
    return decode_bytes(origin, data)


def decode_text(data: bytes, keep_bom: bool = False) -> str:
    """Decode bytes as UTF-8 or raise ``ValueError`` saying why it is not text.

    We refuse to guess legacy encodings: a wrong guess silently corrupts quotes
    and names, which is worse for annotation than an honest rejection.
    ``keep_bom`` keeps a leading byte-order mark as a character, for callers
    whose offsets must count every decoded character.
    """
    if b"\x00" in data:
        raise ValueError("binary data (contains NUL bytes)")
    try:
        return data.decode("utf-8" if keep_bom else "utf-8-sig")
    except UnicodeDecodeError as exc:
        bad = data[exc.start]
        raise ValueError(f"not valid UTF-8 (byte 0x{bad:02x} at position {exc.start})") from exc


def decode_bytes(origin: str, data: bytes) -> InputText | Rejected:
    """Decode a dump as UTF-8 (a leading BOM is dropped) or reject it."""
    try:
        text = decode_text(data)
    except ValueError as exc:
        return Rejected(origin, str(exc))
    if not text.strip():
        return Rejected(origin, "empty file")
    return InputText(origin, text)
