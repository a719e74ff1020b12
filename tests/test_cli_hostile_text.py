"""The command line prints titles, tags, paths and notes literally: Rich markup
in them stays text (no live links, no colours, no crash on ``[/]``) and no
escape sequence from a file reaches the terminal."""

from __future__ import annotations

import json
import re
import shutil

import pytest

from newsread.model import Article
from tests.conftest import FIXTURES
from tests.pilot_helpers import make_library
from tui.cli import main

OSC0 = "\x1b]0;pwned\x07"
CLEAR = "\x1b[2J"
CSI8 = "\x9b31m"
LINK = "[link=file:///etc/passwd]x[/link]"
TITLES = {
    "hx01": f"Port{OSC0}deal",
    "hx02": f"Crane{CLEAR}arrives",
    "hx03": f"Price{CSI8}rises",
    "hx04": "Court [/] rules",
    "hx05": f"See {LINK}",
    "hx06": "Budget [red]x[/red] cut",
}
BODY = "The harbour board approved the crane on Monday. Workers welcomed it."
UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def assert_clean(*streams: str) -> None:
    for stream in streams:
        found = sorted({f"U+{ord(c):04X}" for c in UNSAFE.findall(stream)})
        assert not found, f"{found} reached the terminal in:\n{stream}"


@pytest.fixture
def hostile(tmp_path):
    root = tmp_path / "lib"
    library = make_library(
        root,
        [
            Article(id=ident, title=title, body=BODY, source=f"W{CLEAR}")
            for ident, title in TITLES.items()
        ],
    )
    library.close()
    return root


def test_list_prints_titles_literally(capsys, hostile):
    code, out, err = run(capsys, "list", "--library", str(hostile))
    assert code == 0, err
    assert_clean(out, err)
    for shown in ("Port\u241b]0;pwned\u2407deal", "Crane\u241b[2Jarrives", "Price\u242631mrises"):
        assert shown in out
    assert "Court [/] rules" in out and LINK in out and "Budget [red]x[/red] cut" in out
    assert "W\u241b[2J" in out


def test_list_json_keeps_the_data_and_escapes_what_a_terminal_obeys(capsys, hostile):
    code, out, err = run(capsys, "list", "--json", "--library", str(hostile))
    assert code == 0, err
    assert_clean(out, err)
    assert "\\u009b" in out  # C1 as a JSON escape, not a raw byte
    assert {row["id"]: row["title"] for row in json.loads(out)} == TITLES


def test_tag_success_line_shows_tag_names_as_typed(capsys, hostile):
    lib = str(hostile)
    code, out, err = run(
        capsys, "tag", "hx04", "--quote", "the crane", "--tag", "/x", "--library", lib
    )
    assert code == 0, err
    assert "[/x]" in out
    code, out, err = run(
        capsys, "tag", "hx05", "--quote", "the crane", "--tag", "red", "--library", lib
    )
    assert code == 0, err
    assert "[red]" in out
    code, out, err = run(
        capsys, "tag", "hx06", "--quote", "Workers", "--tag", f"t{OSC0}", "--library", lib
    )
    assert_clean(out, err)
    if code == 0:  # a library may refuse such a name; printed, it must be harmless
        assert "[t\u241b]0;pwned\u2407]" in out


def _ferry_with_title(title: str) -> str:
    text = (FIXTURES / "e2e" / "ferry.txt").read_text(encoding="utf-8")
    first, rest = text.split("\n", 1)
    return f"{title}\n{rest}"


def test_import_summary_prints_titles_and_paths_literally(capsys, tmp_path):
    lib = str(tmp_path / "lib")
    text = _ferry_with_title(f"Island ferry [/] resumes {LINK} after{CLEAR} repairs")
    first, second = tmp_path / "a.txt", tmp_path / "b.txt"
    first.write_text(text, encoding="utf-8")
    second.write_text(text, encoding="utf-8")
    refused = tmp_path / f"page{OSC0}.html"
    refused.write_text("<html><body><p>Not text.</p></body></html>", encoding="utf-8")
    code, out, err = run(
        capsys, "import", str(first), str(second), str(refused), "--no-analyze", "--library", lib
    )
    assert code == 0, err
    assert_clean(out, err)
    assert "1 added" in out and "1 skipped as duplicates" in out and "1 file rejected" in out
    duplicate = next(line for line in out.splitlines() if "duplicate:" in line)
    assert "[/]" in duplicate and LINK in duplicate
    assert "page\u241b]0;pwned\u2407.html" in err


def test_import_reports_one_orphan_in_the_singular(capsys, tmp_path):
    lib = str(tmp_path / "lib")
    source = tmp_path / "ferry.txt"
    shutil.copy(FIXTURES / "e2e" / "ferry.txt", source)
    assert run(capsys, "import", str(source), "--no-analyze", "--library", lib)[0] == 0
    [row] = json.loads(run(capsys, "list", "--json", "--library", lib)[1])
    quote = "Engineers replaced 40 metres of decking and two mooring posts."
    code, _, err = run(capsys, "tag", row["id"], "--quote", quote, "--tag", "x", "--library", lib)
    assert code == 0, err
    source.write_text(source.read_text(encoding="utf-8").replace(quote, "Nothing happened."))
    code, out, err = run(capsys, "import", str(source), "--no-analyze", "--library", lib)
    assert code == 0, err
    [line] = [line for line in out.splitlines() if "could not be placed" in line]
    # Kept, and the line says where to find it.
    assert "1 annotation could not be placed" in line and "kept as an orphan" in line
    assert "search is:orphan" in line


def test_analyze_prints_paths_and_counts_plainly(capsys, tmp_path, monkeypatch, pipeline):
    monkeypatch.chdir(tmp_path)  # a short path: the heading rule would cut a long one
    source = tmp_path / "brief [bold]one.txt"
    source.write_text(f"The mayor{CLEAR} opened the bridge on Monday.\n", encoding="utf-8")
    code, out, err = run(capsys, "analyze", source.name)
    assert code == 0, err
    assert_clean(out, err)
    assert "brief [bold]one.txt" in out
    assert "1 sentence," in out
    assert not re.search(r"\b1 (entities|claims)\b", out)
