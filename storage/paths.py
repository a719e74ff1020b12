"""Where the library and the config live: flag, then environment, then XDG dirs."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

from storage.errors import LibraryError

APP = "newsread"

#: Names a newsread library folder holds; a folder with only these (or nothing)
#: may become a library without asking.
LIBRARY_MARKER = "library.json"


def _expand(raw: str, what: str) -> Path:
    if not raw.strip():
        raise LibraryError(f"{what}: empty path; give a folder")
    try:
        path = Path(raw).expanduser()
    except RuntimeError:  # Path.expanduser's word for an unknown user
        path = Path(raw)
    if str(path).startswith("~"):
        # expanduser leaves "~nouser/x" as it is: it would become a folder named
        # "~nouser" in the current directory.
        raise LibraryError(f"{raw}: cannot expand {raw.split('/')[0]!r} (no such user)")
    return path


def library_dir(explicit: str | Path | None = None) -> Path:
    if explicit is not None:
        return _expand(str(explicit), "--library")
    env = os.environ.get("NEWSREAD_LIBRARY")
    if env is not None:
        return _expand(env, "NEWSREAD_LIBRARY")
    return Path(platformdirs.user_data_dir(APP))


def check_library_dir(path: Path, create: bool = False) -> Path:
    """Refuse to turn a folder that holds other things into a library.

    A typo such as ``--library /`` or ``--library ~/Documents`` would otherwise
    scatter library files among the user's own; ``create`` is the user's word
    that the folder is meant.
    """
    try:
        if path.is_dir() and not (path / LIBRARY_MARKER).exists():
            with os.scandir(path) as entries:
                if any(True for _ in entries) and not create:
                    raise LibraryError(
                        f"{path}: folder is not empty and is not a newsread library; "
                        "give an empty or new folder, or add --create-library to use it"
                    )
        elif path.exists() and not path.is_dir():
            raise LibraryError(f"{path}: not a folder")
    except OSError as exc:
        raise LibraryError(f"{path}: cannot open the library ({exc.strerror or exc})") from exc
    return path


def config_path() -> Path:
    env = os.environ.get("NEWSREAD_CONFIG")
    if env:
        return Path(env).expanduser()
    return Path(platformdirs.user_config_dir(APP)) / "config.toml"
