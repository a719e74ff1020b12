"""Crash-safe file writes and the TinyDB storage built on them.

TinyDB's own JSONStorage truncates and rewrites its file in place, so a crash
mid-write leaves a partial or empty database. Here every write goes to a temp
file, is fsynced, then renamed over the old file: readers see either the old
or the new version, never a mix. A replaced file keeps the old file's mode
(a library may be shared by a group); a new one gets the umask's.
"""

from __future__ import annotations

import contextlib
import hashlib
import mmap
import os
import secrets
import stat
import threading
from collections.abc import Callable, Iterator, MutableMapping
from pathlib import Path
from typing import Any

from tinydb.storages import Storage

from storage.errors import CorruptFileError, LibraryError, WriteError
from storage.faults import boundary
from storage.index_spans import INDEX, LazyTables, load_spans, load_stamped_spans
from storage.jsonio import check_tables, decode_file, decode_json, encode_json

__all__ = [
    "AtomicJSONStorage",
    "CorruptFileError",
    "atomic_write_bytes",
    "atomic_write_json",
    "atomic_write_text",
    "check_tables",
    "write_named_file",
    "decode_json",
    "encode_json",
    "move_file",
    "read_json",
    "read_tables",
]


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _why(exc: OSError) -> str:
    return exc.strerror or str(exc)


def atomic_write_bytes(
    path: Path, data: bytes, tmp_dir: Path | None = None, sync: bool = True
) -> None:
    """Replace ``path`` with ``data`` in one rename; raise WriteError naming the file.

    ``tmp_dir`` (same filesystem) holds the temp file instead of the target's
    folder, so a library can sweep up what a killed write left in one place.
    ``sync=False`` leaves the fsyncs to the caller (``sync_files``): only for a
    write whose content a durable journal holds, which replays it after a crash.
    """
    folder = tmp_dir or path.parent
    try:
        try:
            old_mode: int | None = stat.S_IMODE(os.stat(path).st_mode)
        except FileNotFoundError:
            old_mode = None
        tmp = folder / f".{path.name}.{secrets.token_hex(4)}.tmp"
        # 0o666 is narrowed by the umask, as for any new file; a replaced file
        # gets its old mode back with fchmod, which the umask does not touch.
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL
        try:
            fd = os.open(tmp, flags, 0o666)
        except FileNotFoundError:
            folder.mkdir(parents=True, exist_ok=True)
            fd = os.open(tmp, flags, 0o666)
    except OSError as exc:
        raise WriteError(f"{path}: cannot write ({_why(exc)})") from exc
    try:
        with os.fdopen(fd, "wb") as handle:
            if old_mode is not None:
                os.fchmod(handle.fileno(), old_mode)
            handle.write(data)
            handle.flush()
            if sync:
                os.fsync(handle.fileno())
        # Folders are made when a write finds them missing, not tried before
        # every write: two mkdir calls a write were a tenth of saving 100,000 bodies.
        try:
            os.replace(tmp, path)
        except FileNotFoundError:
            path.parent.mkdir(parents=True, exist_ok=True)
            os.replace(tmp, path)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if isinstance(exc, OSError):
            raise WriteError(f"{path}: cannot write ({_why(exc)})") from exc
        raise
    if sync:
        _fsync_dir(path.parent)
    boundary(f"write {path}")


#: More written files than this are synced with one syncfs(2) where there is one:
#: an fsync each still cost ~0.35 ms a file (10,000 bodies: 3.5 s).
_SYNCFS_FROM = 64


def _syncfs(folder: Path) -> bool:
    """syncfs(2) on the file system holding ``folder`` (Linux): every written
    file and folder entry of it durable at once. False where there is none."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        call = libc.syncfs
    except (OSError, AttributeError, ImportError):
        return False
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return False
    try:
        if call(fd) != 0:
            code = ctypes.get_errno()
            raise WriteError(f"{folder}: cannot write ({os.strerror(code)})")
    finally:
        os.close(fd)
    return True


def sync_files(paths: list[Path]) -> None:
    """fsync written files and their folders, after writes made with
    ``sync=False``. One flush of the file system's journal covers the lot, so
    10,000 bodies cost about one fsync instead of 20,000 (a third of a 2,000-line
    import went there). A file that cannot be synced raises WriteError."""
    if len(paths) > _SYNCFS_FROM and _syncfs(paths[0].parent):
        return
    for path in paths:
        try:
            fd = os.open(path, os.O_RDONLY)
        except FileNotFoundError:
            continue  # removed by this very commit
        except OSError as exc:
            raise WriteError(f"{path}: cannot write ({_why(exc)})") from exc
        try:
            os.fsync(fd)
        except OSError as exc:
            raise WriteError(f"{path}: cannot write ({_why(exc)})") from exc
        finally:
            os.close(fd)
    for folder in dict.fromkeys(path.parent for path in paths):
        _fsync_dir(folder)


def write_named_file(path: Path, data: bytes) -> None:
    """Write ``data`` to a file a user named (``-o FILE``); WriteError names it.

    A regular file, or a new one, is replaced atomically, through any symlink:
    the link stays and the file it points to is replaced. Anything else that
    exists (/dev/stdout, /dev/null, a FIFO, a terminal) is written in place, as
    the shell's ``>`` would: renaming over it would swap the device or pipe for
    a plain file.
    """
    try:
        mode: int | None = os.stat(path).st_mode
    except FileNotFoundError:
        mode = None
    except OSError as exc:
        raise WriteError(f"{path}: cannot write ({_why(exc)})") from exc
    if mode is None and not path.parent.is_dir():
        # Made quietly, a mistyped folder left an export where nobody looks.
        raise WriteError(f"{path}: cannot write (no folder {path.parent}: make it first)")
    if mode is not None and not stat.S_ISREG(mode):
        try:
            with open(path, "wb") as handle:
                handle.write(data)
        except OSError as exc:
            raise WriteError(f"{path}: cannot write ({_why(exc)})") from exc
        return
    atomic_write_bytes(Path(os.path.realpath(path)) if path.is_symlink() else path, data)


def atomic_write_text(path: Path, text: str, tmp_dir: Path | None = None) -> None:
    atomic_write_bytes(path, text.encode("utf-8"), tmp_dir)


def atomic_write_json(path: Path, data: Any, tmp_dir: Path | None = None) -> None:
    atomic_write_bytes(path, encode_json(data), tmp_dir)


def move_file(path: Path, target: Path) -> None:
    """Rename ``path`` to ``target`` (same filesystem): one step, so the bytes
    are always whole under one of the two names; both folders made durable."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(path, target)
    except OSError as exc:
        raise WriteError(f"{path}: cannot move to {target} ({_why(exc)})") from exc
    _fsync_dir(target.parent)
    _fsync_dir(path.parent)
    boundary(f"move {path}")


def remove_file(path: Path) -> None:
    try:
        path.unlink()
    except FileNotFoundError:
        return
    except OSError as exc:
        raise WriteError(f"{path}: cannot remove ({_why(exc)})") from exc
    boundary(f"remove {path}")


def read_json(path: Path) -> Any:
    """Read a JSON file, or None when it does not exist; refuse a damaged one."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise CorruptFileError(f"{path}: cannot read ({_why(exc)})") from exc
    return decode_file(path, raw)


def read_tables(path: Path) -> dict[str, dict[str, dict[str, Any]]] | None:
    data = read_json(path)
    return None if data is None else check_tables(path, data)


_parsed: dict[Path, tuple[tuple[int, ...], bytes, dict[str, Any]]] = {}
_parsed_lock = threading.Lock()
# Whether an index read through its spans keeps a memory map of the file rather
# than its bytes (see map_index_reads).
_map_index = False


def map_index_reads(enabled: bool = True) -> None:
    """Hold an index that had to be read and hashed (its spans file did not name
    its stamp) as a read-only memory map instead of its bytes. For a long-lived
    process (the app): at 100,000 articles the bytes are 36-44 MB of private
    memory for as long as the parse is cached, where a map costs only the pages
    of the entries read. A short command keeps the bytes, which a writer
    compares faster than it hashes them again (see _same_bytes). An index whose
    spans file names its stamp is always mapped: nothing else reads it."""
    global _map_index
    _map_index = enabled


class _Pin:
    """An open descriptor of the index file a cached parse was read from.

    While it is open the file's inode cannot be freed, so no file made later
    can take its number: an unchanged stat stamp (inode, mtime, ctime, size)
    then means the very same file. newsread replaces the index only by rename,
    never writes it in place, so the same file holds the same bytes, and a
    writer under the lock need not read 36 MB again to know it."""

    __slots__ = ("fd", "stamp")

    def __init__(self, fd: int, stamp: tuple[int, ...]) -> None:
        self.fd = fd
        self.stamp = stamp

    def close(self) -> None:
        fd, self.fd = self.fd, -1
        if fd >= 0:
            with contextlib.suppress(OSError):
                os.close(fd)

    def __del__(self) -> None:
        self.close()


#: Pins of the indexes parsed last, a few at most: a test session opens
#: thousands of libraries, and each pin is a descriptor. An index whose pin
#: went is checked by its bytes again, as before pins.
_pins: dict[Path, _Pin] = {}
_PINNED = 8


def _pin(path: Path, pin: _Pin) -> None:
    with _parsed_lock:
        old = _pins.pop(path, None)
        _pins[path] = pin
        gone = [_pins.pop(p) for p in list(_pins)[: max(0, len(_pins) - _PINNED)]]
    for done in [old, *gone]:
        if done is not None and done is not pin:
            done.close()


def _pinned(path: Path, stamp: tuple[int, ...]) -> bool:
    with _parsed_lock:
        pin = _pins.get(path)
    return pin is not None and pin.fd >= 0 and pin.stamp == stamp


def _open_pinned(path: Path) -> _Pin:
    """The file open for reading, with its stamp; OSError as os.open raises it."""
    fd = os.open(path, os.O_RDONLY)
    try:
        return _Pin(fd, _fd_stamp(fd))
    except OSError:
        os.close(fd)
        raise


def _fd_stamp(fd: int) -> tuple[int, ...]:
    st = os.fstat(fd)
    return (st.st_ino, st.st_mtime_ns, st.st_ctime_ns, st.st_size)


def _read_fd(fd: int, size: int) -> bytes:
    with open(fd, "rb", closefd=False) as handle:
        raw = handle.read()
    if len(raw) != size:
        raise OSError("changed size while read")
    return raw


def _digest(raw: bytes | mmap.mmap) -> bytes:
    # SHA-256 runs on the CPU's SHA extensions where there are any: twice as fast
    # as BLAKE2 on a 36 MB index (23 ms against 47 ms on the dev machine).
    return hashlib.sha256(raw).digest()


def _read_index(path: Path) -> tuple[tuple[int, ...], bytes, Any, _Pin] | None:
    """(stamp, digest, tables, pin) of the index as it is now, read through one
    descriptor, so the stamp is the stamp of the bytes read. When the spans
    file names this stamp, nothing of the index is read here: its tables are
    parsed from a map as they are asked for (storage.index_spans)."""
    try:
        pin = _open_pinned(path)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise CorruptFileError(f"{path}: cannot read ({_why(exc)})") from exc
    fd, stamp = pin.fd, pin.stamp
    size = stamp[-1]
    spans = load_stamped_spans(path.parent, stamp) if size else None
    if spans is not None and spans.digest is not None:
        try:
            held = mmap.mmap(fd, size, access=mmap.ACCESS_READ)
        except (OSError, ValueError):
            held = None
        if held is not None:
            return stamp, spans.digest, LazyTables(path, held, spans), pin
    try:
        raw = _read_fd(fd, size)
    except OSError as exc:
        raise CorruptFileError(f"{path}: cannot read ({_why(exc)})") from exc
    digest = _digest(raw)
    spans = load_spans(path.parent, raw, digest)
    if spans is None:
        return stamp, digest, check_tables(path, decode_file(path, raw)), pin
    mapped: bytes | mmap.mmap = raw
    if _map_index and size:
        with contextlib.suppress(OSError, ValueError):
            mapped = mmap.mmap(fd, size, access=mmap.ACCESS_READ)
    return stamp, digest, LazyTables(path, mapped, spans), pin


def current_tables(path: Path, verify: bool = False) -> dict[str, Any] | None:
    """The file's tables as on disk now, parsed again only when the file changed.

    Without ``verify`` the stat stamp (inode, mtime, ctime, size) decides: cheap,
    and right for drawing a screen. A writer passes ``verify``: a file replaced
    by another process within one clock tick can reuse a freed inode number and
    keep the same size, so under the lock the bytes themselves are compared (a
    read and a hash, far cheaper than parsing), unless the index's inode was
    held open since it was read (see _Pin). The result is shared: callers
    copy before they change it.
    """
    stamp = _stamp(path)
    if stamp is None:
        return None
    with _parsed_lock:
        hit = _parsed.get(path)
    raw: bytes | None = None
    if hit is not None and hit[0] == stamp:
        if not verify or _pinned(path, stamp):
            return hit[2]
        raw = _read_raw(path)
        if raw is not None and _same_bytes(hit, raw):
            return hit[2]
    if path.name == INDEX and raw is None:
        read = _read_index(path)
        if read is None:
            return None
        stamp, digest, data, pin = read
        with _parsed_lock:
            _parsed[path] = (stamp, digest, data)
        _pin(path, pin)
        return data  # type: ignore[no-any-return]
    if raw is None:
        raw = _read_raw(path)
        if raw is None:
            return None
    digest = _digest(raw)
    data: dict[str, Any] | LazyTables | None = None
    if path.name == INDEX:
        # Read again after a failed check of its bytes: through its spans file
        # when that describes exactly these bytes.
        spans = load_spans(path.parent, raw, digest)
        if spans is not None:
            data = LazyTables(path, raw, spans)
    if data is None:
        data = check_tables(path, decode_file(path, raw))
    with _parsed_lock:
        _parsed[path] = (stamp, digest, data)
    return data  # type: ignore[return-value]


def remember_tables(
    path: Path, raw: bytes, tables: dict[str, Any], digest: bytes | None = None
) -> None:
    """Record ``tables`` as the parse of ``path``, just written as ``raw`` by this
    process under the lock: the next read (the regrouping after an import, say)
    then does not parse the 36 MB it wrote. ``tables`` must never change after."""
    if path.name != INDEX:
        stamp = _stamp(path)
        if stamp is not None:
            with _parsed_lock:
                _parsed[path] = (stamp, digest or _digest(raw), tables)
        return
    try:
        pin = _open_pinned(path)
    except OSError:
        return
    with _parsed_lock:
        _parsed[path] = (pin.stamp, digest or _digest(raw), tables)
    _pin(path, pin)


def _same_bytes(hit: tuple[tuple[int, ...], bytes, Any], raw: bytes) -> bool:
    """Whether ``raw`` are the bytes the cached parse ``hit`` was made from. An
    index read through its spans still holds its bytes: comparing them is ~8x
    cheaper than hashing 36 MB again."""
    held = hit[2].held_bytes() if isinstance(hit[2], LazyTables) else None
    if isinstance(held, bytes):
        return held == raw
    return _digest(raw) == hit[1]


def _read_raw(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise CorruptFileError(f"{path}: cannot read ({_why(exc)})") from exc


def file_stamp(path: Path) -> tuple[int, int, int, int]:
    """(inode, mtime, size, ctime) of a file, zeros when it is missing. Every
    library write replaces a file by rename, so the inode and ctime change even
    within one clock tick."""
    try:
        st = path.stat()
    except FileNotFoundError:
        return (0, 0, 0, 0)
    return (st.st_ino, st.st_mtime_ns, st.st_size, st.st_ctime_ns)


def stat_stamp(path: Path) -> tuple[int, ...] | None:
    """(inode, mtime, ctime, size) of a file, None when it is missing: what the
    parse cache and the spans file (storage.index_spans) recognise a file by."""
    return _stamp(path)


def _stamp(path: Path) -> tuple[int, ...] | None:
    try:
        st = path.stat()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise CorruptFileError(f"{path}: cannot read ({_why(exc)})") from exc
    return (st.st_ino, st.st_mtime_ns, st.st_ctime_ns, st.st_size)


class TablesView(MutableMapping[str, Any]):
    """A file's tables for TinyDB, copied one table at a time when TinyDB asks for it.

    TinyDB mutates what it reads, so what it gets must be a copy of the shared
    parse cache; but a query on the small tags table should not copy 100,000
    article entries. Tables never asked for are written back as they were.
    """

    def __init__(self, shared: dict[str, Any]) -> None:
        self._shared = shared
        self._own: dict[str, Any] = {}
        self._gone: set[str] = set()

    def __getitem__(self, name: str) -> Any:
        if name in self._own:
            return self._own[name]
        if name in self._gone or name not in self._shared:
            raise KeyError(name)
        table = {k: dict(v) for k, v in self._shared[name].items()}
        self._own[name] = table
        return table

    def __setitem__(self, name: str, table: Any) -> None:
        self._gone.discard(name)
        self._own[name] = table

    def __delitem__(self, name: str) -> None:
        if name not in self:
            raise KeyError(name)
        self._own.pop(name, None)
        self._gone.add(name)

    def _names(self) -> list[str]:
        names = [n for n in self._shared if n not in self._gone]
        return names + [n for n in self._own if n not in self._shared]

    def __iter__(self) -> Iterator[str]:
        return iter(self._names())

    def __len__(self) -> int:
        return len(self._names())

    def __contains__(self, name: object) -> bool:
        return name in self._own or (name in self._shared and name not in self._gone)

    def spliced(self) -> Any:
        """The tables as a PatchedIndex over the index as read, when only tables
        other than the articles were asked for; else None."""
        from storage.index_patch import PatchedIndex

        shared = self._shared
        if self._gone or "articles" in self._own:
            return None
        if not isinstance(shared, (LazyTables, PatchedIndex)):
            return None
        return PatchedIndex.with_tables(shared, self._own)

    def materialize(self) -> dict[str, Any]:
        """Every table, in file order: the changed ones as changed, the others as read
        (shared: the caller encodes them, never mutates them)."""
        return {n: self._own[n] if n in self._own else self._shared[n] for n in self._names()}


class AtomicJSONStorage(Storage):
    """TinyDB storage over one file; every write goes through a library transaction.

    Outside a transaction the parsed file is reused while its stat stamp is
    unchanged, so queries do not re-parse it. Inside one (``transaction()``
    returns it, under the library lock) reads see the file as it is on disk now
    plus what this transaction has staged, and writes are staged, never
    written directly: the transaction replaces every file it touched at commit.
    """

    def __init__(
        self, path: str | Path, transaction: Callable[[], Any] | None = None, **_: Any
    ) -> None:
        self.path = Path(path)
        # Without a transaction source this is a plain file store (one atomic
        # replace per write); a library's files always have one.
        self._standalone = transaction is None
        self._transaction = transaction or (lambda: None)

    def read(self) -> MutableMapping[str, Any] | None:
        txn = self._transaction()
        # In a transaction: what it staged, else the file as on disk now, its
        # bytes checked once per transaction (under the lock nobody else
        # replaces it). Outside: re-parsed only when its stamp changed. Never
        # changed in place either way, so shared through a view.
        data = txn.current(self.path) if txn is not None else current_tables(self.path)
        if data is None:
            return None
        return TablesView(data)

    def write(self, data: MutableMapping[str, Any]) -> None:
        txn = self._transaction()
        if isinstance(data, TablesView) and txn is not None and self.path.name == INDEX:
            spliced = data.spliced()
            if spliced is not None:
                # The tags (or the schema) changed, not the articles: their
                # bytes are spliced into the index as read (storage.index_patch).
                txn.stage_tables(self.path, spliced, owned=True)
                return
        if isinstance(data, TablesView):
            data = data.materialize()
        if self._standalone:
            atomic_write_json(self.path, data)
            return
        txn = self._transaction()
        if txn is None:
            raise LibraryError(f"{self.path}: write outside a library transaction (a bug)")
        # TinyDB built ``data`` for this write and forgets it after: staged as
        # it is (the tables TinyDB never asked for are the shared parse, which
        # nobody changes in place).
        txn.stage_tables(self.path, dict(data), owned=True)

    def close(self) -> None:
        pass
