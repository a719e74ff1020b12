"""The user's TOML config: pipeline choice, key remapping, quick tag keys.

Example::

    [pipeline]
    name = "en_core_web_sm"

    [keys]            # binding id = keys (comma-separated for several)
    "reader.tag" = "t,ctrl+t"

    [quick_tags]      # digit = tag name
    1 = "check"
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path


class ConfigError(ValueError):
    pass


@dataclass
class Config:
    path: Path | None = None
    pipeline: str | None = None
    keys: dict[str, str] = field(default_factory=dict)
    quick_tags: dict[str, str] = field(default_factory=dict)


def load_config(path: Path) -> Config:
    """Read the config; a missing file is the defaults, a bad one a ConfigError."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return Config(path=path)
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read config ({exc.strerror})") from exc
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: not valid TOML ({exc})") from exc
    config = Config(path=path)
    unknown = set(data) - {"pipeline", "keys", "quick_tags"}
    if unknown:
        raise ConfigError(f"{path}: unknown section [{sorted(unknown)[0]}]")
    pipeline = data.get("pipeline", {})
    if not isinstance(pipeline, dict):
        raise ConfigError(f"{path}: [pipeline] must be a table")
    name = pipeline.get("name")
    if name is not None and (not isinstance(name, str) or not name.strip()):
        raise ConfigError(f"{path}: [pipeline] name must be a non-empty string")
    config.pipeline = name
    config.keys = _string_table(path, data, "keys")
    config.quick_tags = _string_table(path, data, "quick_tags")
    for digit in config.quick_tags:
        if digit not in "123456789" or len(digit) != 1:
            raise ConfigError(f"{path}: [quick_tags] key {digit!r} must be a digit 1-9")
    return config


def _string_table(path: Path, data: dict, section: str) -> dict[str, str]:
    table = data.get(section, {})
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: [{section}] must be a table")
    out: dict[str, str] = {}
    for key, value in table.items():
        if not isinstance(value, str) or not value.strip():
            raise ConfigError(f"{path}: [{section}] {key!r} must be a non-empty string")
        out[str(key)] = value.strip()
    return out
