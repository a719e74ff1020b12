"""The domain core and storage never import Textual: checked in a clean interpreter."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import newsread
import storage


def _modules(package) -> list[str]:
    # The prefix makes walk_packages descend into subpackages (ingest, analysis, ...).
    return [m.name for m in pkgutil.walk_packages(package.__path__, prefix=f"{package.__name__}.")]


def test_core_and_storage_do_not_import_textual_or_rich_ui():
    names = _modules(newsread) + _modules(storage)
    assert "newsread.analysis" in names and "storage.library" in names
    code = (
        "import importlib, sys\n"
        f"for name in {names!r}:\n"
        "    importlib.import_module(name)\n"
        "bad = sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.'))\n"
        "print(','.join(bad))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "", f"textual imported by the core: {result.stdout}"


def test_core_does_not_import_tinydb():
    names = _modules(newsread)
    code = (
        "import importlib, sys\n"
        f"for name in {names!r}:\n"
        "    importlib.import_module(name)\n"
        "print('tinydb' in sys.modules, 'spacy' in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    tinydb_loaded, spacy_loaded = result.stdout.split()
    assert tinydb_loaded == "False"
    # spaCy is heavy: importing the core must not load it (the app paints first).
    assert spacy_loaded == "False"
