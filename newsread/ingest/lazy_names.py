"""Names a package gives from its modules, each module loaded when one of its
names is first asked for (PEP 562): ``from newsread.ingest.dumps import
ParsedArticle`` does not load the dump parser that sits beside it."""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Mapping
from typing import Any


def lazy_names(
    package: str, homes: Mapping[str, str], submodules: frozenset[str] = frozenset()
) -> Callable[[str], Any]:
    """The module ``__getattr__`` of ``package``: ``homes`` maps each name to
    the module (within the package) it lives in; ``submodules`` are modules
    asked for by name (``furniture.reasons``)."""
    namespace = sys.modules[package].__dict__

    def __getattr__(name: str) -> Any:
        if name in submodules:
            return importlib.import_module(f"{package}.{name}")
        home = homes.get(name)
        if home is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(f"{package}.{home}"), name)
        namespace[name] = value  # the next use is a plain attribute
        return value

    return __getattr__
