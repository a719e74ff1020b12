"""Importing spaCy for running pipelines, without its command-line tools.

Below ingest, analysis and annotations (all three may load spaCy), so that none
of them imports another for it.
"""

from __future__ import annotations

import sys
import types
from typing import Any


def _info_on_demand(*args: Any, **kwargs: Any) -> Any:
    from spacy.cli.info import info

    return info(*args, **kwargs)


def import_spacy() -> types.ModuleType:
    """``import spacy`` without its command-line tools.

    spaCy's ``__init__`` imports ``spacy.cli`` only to re-export ``spacy.info``,
    and that drags in requests, weasel, typer and the training schemas: ~360
    modules, ~19 MB and ~0.3 s of CPU in every process that analyses text (the
    app, each worker of the pool), none of which loading or running a pipeline
    uses. Placeholders stand in for the two modules while spaCy imports and are
    taken out again, so a later ``import spacy.cli`` gets the real package, as
    does ``spacy.info()``.
    """
    if "spacy" in sys.modules:
        return sys.modules["spacy"]
    package = types.ModuleType("spacy.cli")
    package.__path__ = []
    info = types.ModuleType("spacy.cli.info")
    info.info = _info_on_demand  # type: ignore[attr-defined]
    placeholders = {"spacy.cli": package, "spacy.cli.info": info}
    if any(name in sys.modules for name in placeholders):
        import spacy  # someone imported the real tools already: nothing to save

        return spacy
    sys.modules.update(placeholders)
    try:
        import spacy
    finally:
        for name, module in placeholders.items():
            if sys.modules.get(name) is module:
                del sys.modules[name]
        loaded = sys.modules.get("spacy")
        if loaded is not None and getattr(loaded, "cli", None) is package:
            delattr(loaded, "cli")
    return spacy
