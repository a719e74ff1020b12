"""What ``newsread import`` of one more file loads, in a clean interpreter: a
JSON file does without the dump parser, the line rules and the HTML
extractor, and a new article without the anchoring (rapidfuzz) and the
corrections, which only a changed article needs. Each of these was loaded by
every import (~60 ms of the ~0.5 s one file takes at 100,000 articles)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from storage.imports import import_paths
from storage.library import Library

NOT_FOR_JSON = {
    "newsread.ingest.dumps.parse",
    "newsread.ingest.furniture.lines",
    "newsread.ingest.html",
}
NOT_FOR_NEW = {"rapidfuzz", "storage.corrections", "storage.reanchor"}

BODY = (
    "The harbour council voted on Tuesday to rebuild the old pier before the summer. "
    "The mayor said the work would cost four million pounds and take a year. "
    "Fishing crews welcomed the plan, which the council had delayed twice."
)


def _library(tmp_path: Path) -> Path:
    """A library of a dozen articles, grouped: one more is compared with them."""
    root = tmp_path / "lib"
    paths = []
    for n, place in enumerate(
        [
            "Avonmouth",
            "Barrow",
            "Carrick",
            "Dunmore",
            "Ely",
            "Fowey",
            "Girvan",
            "Hythe",
            "Ilfracombe",
            "Jarrow",
            "Keel",
            "Lerwick",
        ]
    ):
        path = tmp_path / f"{n:02d}.txt"
        body = BODY.replace("harbour council", f"{place} council").replace("four", str(n + 5))
        path.write_text(f"{place} pier to be rebuilt\n\n{body}\n", encoding="utf-8")
        paths.append(str(path))
    import_paths(Library(root), paths)
    return root


def _loaded_by_import(root: Path, path: Path) -> set[str]:
    code = (
        "import sys\n"
        "from tui.cli import main\n"
        f"code = main(['import', '--no-analyze', {str(path)!r}, '--library', {str(root)!r}])\n"
        "print(code, ' '.join(sorted(sys.modules)))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    last = result.stdout.strip().splitlines()[-1]
    status, _, modules = last.partition(" ")
    assert status == "0", result.stdout + result.stderr
    return set(modules.split())


def test_a_json_file_is_imported_without_the_dump_parser_or_the_anchoring(tmp_path):
    root = _library(tmp_path)
    record = tmp_path / "one.json"
    record.write_text(
        # Avonmouth's story with one word changed: a copy, so it joins that
        # story's group (the others name other towns and sums: other stories).
        json.dumps(
            {
                "title": "Pier vote",
                "body": BODY.replace("harbour council", "Avonmouth council")
                .replace("four", "5")
                .replace("welcomed", "praised"),
            }
        ),
        encoding="utf-8",
    )
    loaded = _loaded_by_import(root, record)
    assert not loaded & (NOT_FOR_JSON | NOT_FOR_NEW)
    # It did read the record and compare it with the library's stories: without
    # numpy (~60 ms to import), by searching the shingle cache's order member.
    assert "newsread.ingest.jsonfiles" in loaded
    assert "numpy" not in loaded
    metas = Library(root).article_metas()
    assert len(metas) == 13
    groups = {m["title"]: m["story_group"] for m in metas}
    assert groups["Pier vote"] == groups["Avonmouth pier to be rebuilt"]


def test_a_text_dump_loads_the_parser_it_needs_and_still_no_anchoring(tmp_path):
    root = _library(tmp_path)
    dump = tmp_path / "two.txt"
    dump.write_text("Pier vote delayed\n\n" + BODY.replace("Tuesday", "Friday") + "\n")
    loaded = _loaded_by_import(root, dump)
    assert {"newsread.ingest.dumps.parse", "newsread.ingest.furniture.lines"} <= loaded
    assert not loaded & NOT_FOR_NEW
