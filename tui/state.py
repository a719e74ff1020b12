"""What the app remembers between runs about how the user likes to look at a
library (sort, its direction, the filters) and where they left its suggestion
queue (its restriction, position and skipped suggestions), kept beside the
config file as ``state.json``: a preference of the person, not a fact about
the library, so it never goes into the library folder that a team may share.

Each library has its own: a filter or a queue position belongs to the library
it was set in (a carried-over filter once opened another library's reader with
a word selected). The file holds ``{"libraries": {ROOT: {"library": {...},
"queue": {...}}}}``, ROOT the library's resolved path. A file from before that
held one flat ``library`` and ``queue``: they are read as the default
library's (``storage.paths.library_dir``) and moved under it on the next save.

A state file that cannot be read is ignored (the defaults apply); one that
cannot be written is left as it was. Neither ever stops the app. A save reads
the file afresh and replaces it under ``state.json.lock``: two apps open at
once (on one library or two) each keep their own change.
"""

from __future__ import annotations

import contextlib
import json
import threading
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

from storage.atomic import atomic_write_bytes
from storage.errors import LibraryError
from storage.lock import LibraryLock
from storage.paths import library_dir

FILE = "state.json"
#: The sections one library's state holds; before per-library state they sat
#: at the top of the file.
SECTIONS = ("library", "queue")
LIBRARIES = "libraries"
LOCK_SUFFIX = ".lock"

_locks: dict[Path, LibraryLock] = {}
_locks_guard = threading.Lock()


def _lock_for(path: Path) -> LibraryLock:
    """One lock object per state file in this process, so the app's writer
    thread and a second app built in the same process also wait for each
    other (the flock alone would not: one process's own descriptors)."""
    lock_path = path.with_name(path.name + LOCK_SUFFIX)
    with _locks_guard:
        return _locks.setdefault(lock_path, LibraryLock(lock_path))


@dataclass
class LibraryView:
    sort: str = "date"
    reverse: bool = False
    filter_text: str = ""
    unread_only: bool = False
    #: the feed (URL) the f key picked; "" for every article
    feed: str = ""


def state_path(config_path: Path | None) -> Path | None:
    """``state.json`` beside the config file; None for a config that came from
    nowhere (tests, an app built in code): then nothing is remembered."""
    return config_path.with_name(FILE) if config_path is not None else None


def library_key(root: Path) -> str:
    """The name a library's state is kept under: its folder, symlinks resolved."""
    try:
        return str(Path(root).resolve())
    except (OSError, RuntimeError):
        return str(Path(root).absolute())


def _default_key() -> str | None:
    try:
        return library_key(library_dir())
    except LibraryError:
        return None


def _read(path: Path) -> dict[str, Any]:
    with contextlib.suppress(OSError, ValueError):
        loaded = json.loads(path.read_text(encoding="utf-8"))
        if isinstance(loaded, dict):
            return loaded
    return {}


def _migrated(data: dict[str, Any]) -> dict[str, Any]:
    """``data`` with a flat state from before per-library state moved under the
    default library (unless that one has its own already)."""
    libraries = data.get(LIBRARIES)
    libraries = dict(libraries) if isinstance(libraries, dict) else {}
    flat = {name: data[name] for name in SECTIONS if isinstance(data.get(name), dict)}
    default = _default_key()
    if flat and default is not None and default not in libraries:
        libraries[default] = flat
    return {**{k: v for k, v in data.items() if k not in SECTIONS}, LIBRARIES: libraries}


def _section(path: Path | None, root: Path, name: str) -> dict[str, Any]:
    """One library's section ``name`` as stored, {} when there is none."""
    if path is None:
        return {}
    data = _read(path)
    key = library_key(root)
    libraries = data.get(LIBRARIES)
    if isinstance(libraries, dict) and isinstance(libraries.get(key), dict):
        section = libraries[key].get(name, {})
    elif key == _default_key() and name in data:
        section = data[name]  # a file from before per-library state
    else:
        section = {}
    return section if isinstance(section, dict) else {}


def load_view(path: Path | None, root: Path) -> LibraryView:
    """The view remembered for the library at ``root``."""
    view = LibraryView()
    data = _section(path, root, "library")
    for spec in fields(LibraryView):
        value = data.get(spec.name)
        if isinstance(value, type(getattr(view, spec.name))):
            setattr(view, spec.name, value)
    return view


def save_view(path: Path | None, root: Path, view: LibraryView) -> None:
    _save_section(path, root, "library", asdict(view))


def _save_section(path: Path | None, root: Path, name: str, section: dict[str, Any]) -> None:
    if path is None:
        return
    with contextlib.suppress(LibraryError, OSError), _lock_for(path).hold():
        # Read inside the lock: another app may have saved since this one read.
        # Other libraries and other sections are kept as they are.
        data = _migrated(_read(path))
        key = library_key(root)
        mine = data[LIBRARIES].get(key)
        # A hand-edited file may hold anything there: start this library afresh.
        mine = mine if isinstance(mine, dict) else {}
        data[LIBRARIES][key] = {**mine, name: section}
        atomic_write_bytes(path, json.dumps(data, indent=2).encode("utf-8"))


# -- the suggestion queue --------------------------------------------------------------

#: Skipped suggestions remembered at most; the oldest are forgotten first.
MOST_SKIPPED = 10_000


@dataclass
class QueueView:
    """Where the suggestion queue stood: its restriction, the suggestion it
    showed last and the suggestions skipped. A suggestion is a list
    ``[article_id, content_hash, kind, start, end, label]``
    (``tui.models.queue.SuggestionKey``)."""

    label: str = ""
    kind: str = ""
    query: str = ""
    position: list[Any] = field(default_factory=list)
    skipped: list[list[Any]] = field(default_factory=list)


def load_queue(path: Path | None, root: Path) -> QueueView:
    """Where the queue of the library at ``root`` stood."""
    view = QueueView()
    data = _section(path, root, "queue")
    for name in ("label", "kind", "query"):
        if isinstance(data.get(name), str):
            setattr(view, name, data[name])
    if isinstance(data.get("position"), list):
        view.position = data["position"]
    skipped = data.get("skipped")
    if isinstance(skipped, list):
        view.skipped = [k for k in skipped if isinstance(k, list)][-MOST_SKIPPED:]
    return view


def save_queue(path: Path | None, root: Path, view: QueueView) -> None:
    view.skipped = view.skipped[-MOST_SKIPPED:]
    _save_section(path, root, "queue", asdict(view))
