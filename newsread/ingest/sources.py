"""Reading import inputs: files, folders and stdin, turned into text or a reason why not.

Every input yields exactly one result so the caller can report each file the user
named, and a bad file never stops the rest of an import: whatever the file system
or a pipe throws at us (symbolic link loops, unreadable folders, FIFOs, devices,
endless streams) becomes a ``Rejected`` with a reason, never an exception.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, TextIO

from newsread.ingest.encodings import BINARY, DecodeError, decode_text
from newsread.ingest.extract import JSON, TEXT, decode_input
from newsread.ingest.feed_sniff import FEED_SUFFIXES, looks_like_feed
from newsread.sanitize import visible

#: Larger files are almost certainly not a news dump (logs, databases, archives);
#: reading them whole would also stall the import for no benefit.
MAX_BYTES = 20 * 1024 * 1024

#: Inputs are read in pieces this size, so an endless stream stops at the limit
#: and binary data is noticed in its first piece rather than after 20 MB.
CHUNK_BYTES = 1024 * 1024

STDIN = "stdin"

#: Why a feed document met where articles are read (a folder's file, stdin, a
#: name without a feed's suffix) is refused: read as a dump, its XML or JSON
#: would become articles titled with markup. A feed named by a file name
#: ending so, or by its URL, is imported entry by entry (tui.cli.url_inputs).
#: A folder's feeds are not: their entries' pages would be fetched from the
#: network by a command that was only asked to read a folder.
FEED_INPUT = "a feed, not an article file"


def _feed_refused(name: str, in_folder: bool) -> str:
    """FEED_INPUT with the way to import the feed's entries from where it was met:
    a file with no name (stdin), a name without a feed's suffix, a folder's file."""
    others = ", ".join(sorted(FEED_SUFFIXES - {".xml"}))
    if not name:
        how = f"save it as a file named *.xml (or {others}) and name that file"
    elif Path(name).suffix.lower() not in FEED_SUFFIXES:
        how = f"rename it to end in .xml (or {others}) and name it"
    elif in_folder:
        how = "name the file itself"
    else:
        return f"{FEED_INPUT} (newsread import adds its entries when given this file)"
    where = "a folder's files are imported as articles only; " if in_folder else ""
    return f"{FEED_INPUT}: {where}to import its entries, {how} on the command line"


#: Starts of data that hold NUL bytes and may still be text: UTF-16 byte-order
#: marks and gzip's magic number.
_NUL_ALLOWED = (b"\xff\xfe", b"\xfe\xff", b"\x1f\x8b")

__all__ = [
    "BINARY",
    "InputText",
    "Rejected",
    "UnreadableInput",
    "decode_bytes",
    "decode_text",
    "iter_inputs",
    "nothing_found",
    "read_file",
    "read_path",
    "read_stdin",
    "read_stream",
    "shown_origin",
    "STDIN",
]


@dataclass(frozen=True)
class InputText:
    origin: str  # absolute resolved path, or "stdin"
    text: str
    #: What the text is, for ``extract.extract_text``: "text", "html", "json" or "jsonl".
    kind: str = TEXT


@dataclass(frozen=True)
class Rejected:
    origin: str
    reason: str


def nothing_found(item: InputText) -> str:
    """Why an input gave no article, as far as a user can act on it (import's
    rejection and extract's error say the same)."""
    if item.kind != TEXT:
        return "no article text found"
    from newsread.ingest.dumps.shared import MIN_BRIEF_WORDS

    # The first line is the title; a story is a run of prose after it.
    lines = item.text.strip().splitlines()
    words = len(" ".join(lines[1:]).split())
    if words < MIN_BRIEF_WORDS:
        return (
            f"no article text found: {words} words after the title line "
            f"(a story needs {MIN_BRIEF_WORDS} or more)"
        )
    return "no article text found: no run of sentences (menus, links and short lines are cut)"


class UnreadableInput(Exception):
    """An input that cannot be imported; the message is the reason, for one line."""


def iter_inputs(
    paths: list[str], stdin: BinaryIO | TextIO | None
) -> Iterator[InputText | Rejected]:
    """Yield one result per readable input named in ``paths``.

    Directories are walked recursively in sorted order (a folder's files before
    its subfolders), skipping hidden files and folders (editor swap files,
    ``.git``) and following symbolic links to folders once; ``"-"`` reads
    ``stdin``, a binary or a text stream. A rejected input is named by the path
    it was reached by, a read one by its resolved path.
    """
    for raw in paths:
        if raw == "-":
            yield read_stdin(stdin)
            continue
        path = _expand(raw)
        try:
            info = _stat(path)
            if stat.S_ISDIR(info.st_mode):
                _check_name(_named(path))
        except UnreadableInput as exc:
            yield Rejected(_named(path), str(exc))
            continue
        if not stat.S_ISDIR(info.st_mode):
            yield read_file(path)
            continue
        found = False
        for item in _walk(path, info):
            found = True
            yield item
        if not found:
            # Said out loud: the user named this folder and would otherwise hear nothing.
            yield Rejected(_named(path), "no files to import (hidden ones are skipped)")


def _expand(raw: str) -> Path:
    try:
        return Path(raw).expanduser()
    except RuntimeError:  # "~nosuchuser/..." names no home folder; take it literally
        return Path(raw)


def _named(path: Path) -> str:
    return str(path.absolute())


def _origin(path: Path) -> str:
    """The resolved path; for a broken link or a link loop, the link's own path,
    which is the name the user can find (Python 3.11 raises RuntimeError on a loop)."""
    try:
        return str(path.resolve(strict=True))
    except (OSError, RuntimeError):
        return str(path.absolute())


def _check_name(origin: str) -> None:
    """Refuse a path that is not valid UTF-8: it could not be stored or shown as it is."""
    try:
        origin.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise UnreadableInput("file name is not valid UTF-8") from exc


_REASONS = {
    errno.ENOENT: "no such file or directory",
    errno.ELOOP: "symbolic link loop",
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
    errno.ENOTDIR: "not a folder where the path needs one",
    errno.ENAMETOOLONG: "file name too long",
}


def _reason(exc: OSError) -> str:
    if exc.errno in _REASONS:
        return _REASONS[exc.errno]
    return (exc.strerror or str(exc)).lower()


def _stat(path: Path) -> os.stat_result:
    """``stat`` following links, or ``UnreadableInput`` saying what is wrong."""
    try:
        return os.stat(path)
    except ValueError as exc:  # an embedded NUL in the name
        raise UnreadableInput("invalid file name") from exc
    except OSError as exc:
        if exc.errno == errno.ENOENT:
            try:
                target = os.readlink(path)
            except (OSError, ValueError):
                pass
            else:
                raise UnreadableInput(f"broken symbolic link (to {target})") from exc
        raise UnreadableInput(_reason(exc)) from exc


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISCHR(mode):
        return "a character device"
    if stat.S_ISBLK(mode):
        return "a block device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "a special file"


@dataclass(frozen=True)
class _Folder:
    path: Path
    key: tuple[int, int]  # (device, inode): the same folder reached by another path
    parent: _Folder | None


def _walk(top: Path, info: os.stat_result) -> Iterator[InputText | Rejected]:
    # An explicit stack rather than recursion: a deeply nested tree must not hit
    # Python's recursion limit. os.walk is not used because it drops unreadable
    # folders silently and cannot tell a link loop from a second link.
    walked: dict[tuple[int, int], str] = {}
    stack = [_Folder(top, (info.st_dev, info.st_ino), None)]
    while stack:
        folder = stack.pop()
        # The path it was reached by: resolving would name a looping link by its target.
        origin = _named(folder.path)
        seen = walked.get(folder.key)
        if seen is not None:
            ancestor = folder.parent
            while ancestor is not None and ancestor.key != folder.key:
                ancestor = ancestor.parent
            if ancestor is not None:
                yield Rejected(origin, f"symbolic link loop (leads back to {seen})")
            else:
                yield Rejected(origin, f"folder already read as {seen}")
            continue
        walked[folder.key] = origin
        try:
            with os.scandir(folder.path) as entries:
                names = sorted(e.name for e in entries if not e.name.startswith("."))
        except OSError as exc:
            yield Rejected(origin, f"cannot read folder: {_reason(exc)}")
            continue
        subfolders: list[_Folder] = []
        for name in names:
            path = folder.path / name
            try:
                entry = _stat(path)
                if stat.S_ISDIR(entry.st_mode):
                    _check_name(_named(path))
            except UnreadableInput as exc:
                yield Rejected(_named(path), str(exc))
                continue
            if stat.S_ISDIR(entry.st_mode):
                subfolders.append(_Folder(path, (entry.st_dev, entry.st_ino), folder))
            else:
                yield read_file(path, in_folder=True)
        stack.extend(reversed(subfolders))


def read_stream(stream: BinaryIO | TextIO) -> bytes:
    """All bytes of a stream, read in pieces up to ``MAX_BYTES``.

    A text stream without a binary ``buffer`` is turned back into the bytes it
    was decoded from, so stdin is decoded exactly like a file whatever Python
    made of it. Raises ``UnreadableInput`` when the first piece holds NUL bytes
    (unless it opens UTF-16 text or gzip data, where NULs are normal: the
    decoder judges those), the stream goes on past the limit, or it cannot be read.
    """
    raw = getattr(stream, "buffer", None)
    source = raw if raw is not None else stream
    pieces: list[bytes] = []
    total = 0
    try:
        while total <= MAX_BYTES:
            piece = source.read(CHUNK_BYTES)
            if not piece:
                break
            if isinstance(piece, str):
                # surrogateescape gives back the bytes a lenient decoder let through.
                piece = piece.encode("utf-8", "surrogateescape")
            if not pieces and b"\x00" in piece and not piece.startswith(_NUL_ALLOWED):
                raise UnreadableInput(BINARY)
            pieces.append(piece)
            total += len(piece)
    except UnicodeError as exc:  # a strict text stream met bytes that are not UTF-8
        raise UnreadableInput("not valid UTF-8") from exc
    except OSError as exc:
        raise UnreadableInput(f"cannot read: {_reason(exc)}") from exc
    if total > MAX_BYTES:
        raise UnreadableInput(f"too large (more than the limit of {MAX_BYTES} bytes)")
    return b"".join(pieces)


def read_path(path: Path) -> bytes:
    """The bytes of a regular file, up to ``MAX_BYTES``, or ``UnreadableInput``.

    Anything but a regular file is refused before it is opened: opening a FIFO
    waits for a writer, and opening some devices has effects of its own. The
    open itself does not block and is checked again on the descriptor, in case a
    FIFO took the file's place in between.
    """
    _regular(_stat(path))
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
    except ValueError as exc:
        raise UnreadableInput("invalid file name") from exc
    except OSError as exc:
        raise UnreadableInput(f"cannot read: {_reason(exc)}") from exc
    with os.fdopen(fd, "rb", buffering=0) as handle:
        info = os.fstat(fd)
        _regular(info)
        if info.st_size > MAX_BYTES:
            raise UnreadableInput(f"too large ({info.st_size} bytes; the limit is {MAX_BYTES})")
        # The file may grow after fstat; read_stream enforces the limit on what it reads.
        return read_stream(handle)


def _regular(info: os.stat_result) -> None:
    if stat.S_ISDIR(info.st_mode):
        raise UnreadableInput("is a folder")
    if not stat.S_ISREG(info.st_mode):
        raise UnreadableInput(f"not a regular file ({_kind(info.st_mode)})")


def read_stdin(stdin: BinaryIO | TextIO | None) -> InputText | Rejected:
    """Standard input read and decoded like a file with no name: what it is
    (HTML, JSON, a dump) is told by its content."""
    if stdin is None:
        return Rejected(STDIN, "standard input is not available")
    try:
        data = read_stream(stdin)
    except UnreadableInput as exc:
        return Rejected(STDIN, str(exc))
    return _decoded(STDIN, data, "empty input")


def read_file(path: Path, in_folder: bool = False) -> InputText | Rejected:
    """Read one file as text of its kind, or explain why it cannot be imported.
    ``in_folder``: met while walking a folder, not named by the user."""
    named = _named(path)
    origin = _origin(path)
    try:
        _check_name(origin)
        data = read_path(path)
    except UnreadableInput as exc:
        return Rejected(named, str(exc))
    result = _decoded(origin, data, "empty file", name=path.name, in_folder=in_folder)
    return Rejected(named, result.reason) if isinstance(result, Rejected) else result


def decode_bytes(origin: str, data: bytes, name: str = "") -> InputText | Rejected:
    """Decode an input's bytes by the kind its name or content shows, or reject it.

    Text is UTF-8 (a leading BOM is dropped), UTF-16 with a BOM, or a legacy
    encoding we are sure of; HTML follows its declared charset (see
    ``encodings``); ``.gz`` files are decompressed first.
    """
    return _decoded(origin, data, "empty file", name=name)


def _decoded(
    origin: str, data: bytes, empty: str, name: str = "", in_folder: bool = False
) -> InputText | Rejected:
    try:
        text, kind = decode_input(data, name=name, limit=MAX_BYTES)
    except DecodeError as exc:
        return Rejected(origin, str(exc))
    if not text.strip():
        return Rejected(origin, empty)
    if kind in (TEXT, JSON) and looks_like_feed(text[:4096].encode("utf-8", "ignore")):
        return Rejected(origin, _feed_refused(name, in_folder))
    return InputText(origin, text, kind)


def shown_origin(origin: str) -> str:
    """A path fit for one line of a message: undecodable bytes, newlines and tabs
    written as escapes, other control characters as visible stand-ins."""
    # Bytes that are not UTF-8 come back as they were and show as \xNN.
    safe = origin.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return visible(safe.replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t"))
