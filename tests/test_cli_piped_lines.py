"""Into a pipe, a message line stays one line (Rich folded it at 80 columns, and
an article id folded onto a line of its own was lost to ``grep``)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT

HEADLINE = "A considerably longer headline about the harbour crane vote, and more words"


def _newsread(library: Path, *argv: str) -> str:
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
    env["PYTHONPATH"] = str(ROOT)
    done = subprocess.run(
        [sys.executable, "-m", "tui.cli", "--library", str(library), *argv],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return done.stdout


def test_a_duplicate_is_named_on_one_line(tmp_path):
    first, second = tmp_path / "a.txt", tmp_path / "b.txt"
    story = "The treasurer said on Monday that the budget would balance by spring."
    first.write_text(f"{HEADLINE}\n\n{story}\n")
    second.write_bytes(first.read_bytes())
    library = tmp_path / "lib"
    _newsread(library, "import", "--no-analyze", str(first))
    out = _newsread(library, "import", "--no-analyze", str(second))
    [said] = [line for line in out.splitlines() if "duplicate:" in line]
    ident = os.listdir(library / "bodies")[0].removesuffix(".txt")
    assert said.endswith(f"is already in the library as {ident}") and HEADLINE in said
