"""Where the library and the config live: flag, then environment, then XDG dirs."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP = "newsread"


def library_dir(explicit: str | Path | None = None) -> Path:
    if explicit:
        return Path(explicit).expanduser()
    env = os.environ.get("NEWSREAD_LIBRARY")
    if env:
        return Path(env).expanduser()
    return Path(platformdirs.user_data_dir(APP))


def config_path() -> Path:
    env = os.environ.get("NEWSREAD_CONFIG")
    if env:
        return Path(env).expanduser()
    return Path(platformdirs.user_config_dir(APP)) / "config.toml"
