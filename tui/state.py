"""What the app remembers between runs about how the user likes to look at the
library (sort, its direction, the filters) and where they left the suggestion
queue (its restriction, position and skipped suggestions), kept beside the
config file as ``state.json``: a preference of the person, not a fact about
the library, so it never goes into the library folder that a team may share.

A state file that cannot be read is ignored (the defaults apply); one that
cannot be written is left as it was. Neither ever stops the app.
"""

from __future__ import annotations

import contextlib
import json
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

from storage.atomic import atomic_write_bytes
from storage.errors import LibraryError

FILE = "state.json"


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


def load_view(path: Path | None) -> LibraryView:
    view = LibraryView()
    if path is None:
        return view
    try:
        data = json.loads(path.read_text(encoding="utf-8")).get("library", {})
    except (OSError, ValueError, AttributeError):
        return view
    if not isinstance(data, dict):
        return view
    for spec in fields(LibraryView):
        value = data.get(spec.name)
        if isinstance(value, type(getattr(view, spec.name))):
            setattr(view, spec.name, value)
    return view


def save_view(path: Path | None, view: LibraryView) -> None:
    _save_section(path, "library", asdict(view))


def _save_section(path: Path | None, name: str, section: dict[str, Any]) -> None:
    if path is None:
        return
    data: dict[str, Any] = {}
    with contextlib.suppress(OSError, ValueError, AttributeError):
        loaded = json.loads(path.read_text(encoding="utf-8"))
        if isinstance(loaded, dict):
            data = loaded  # other sections are kept as they are
    data[name] = section
    with contextlib.suppress(LibraryError, OSError):
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


def load_queue(path: Path | None) -> QueueView:
    view = QueueView()
    if path is None:
        return view
    try:
        data = json.loads(path.read_text(encoding="utf-8")).get("queue", {})
    except (OSError, ValueError, AttributeError):
        return view
    if not isinstance(data, dict):
        return view
    for name in ("label", "kind", "query"):
        if isinstance(data.get(name), str):
            setattr(view, name, data[name])
    if isinstance(data.get("position"), list):
        view.position = data["position"]
    skipped = data.get("skipped")
    if isinstance(skipped, list):
        view.skipped = [k for k in skipped if isinstance(k, list)][-MOST_SKIPPED:]
    return view


def save_queue(path: Path | None, view: QueueView) -> None:
    view.skipped = view.skipped[-MOST_SKIPPED:]
    _save_section(path, "queue", asdict(view))
