from __future__ import annotations

import io
from pathlib import Path

import pytest

from newsread.ingest import sources
from newsread.ingest.sources import InputText, Rejected, iter_inputs


def _only(paths: list[str], stdin: io.StringIO | None = None) -> InputText | Rejected:
    results = list(iter_inputs(paths, stdin))
    assert len(results) == 1
    return results[0]


def test_reads_text_file_with_resolved_origin(tmp_path: Path) -> None:
    f = tmp_path / "a.txt"
    f.write_text("Headline\nBody sentence here.\n", encoding="utf-8")
    result = _only([str(f)])
    assert result == InputText(str(f.resolve()), "Headline\nBody sentence here.\n")


def test_any_suffix_is_accepted_as_text(tmp_path: Path) -> None:
    f = tmp_path / "notes.md"
    f.write_text("Some text.", encoding="utf-8")
    assert isinstance(_only([str(f)]), InputText)


def test_utf8_bom_is_dropped(tmp_path: Path) -> None:
    f = tmp_path / "bom.txt"
    f.write_bytes("\ufeffCaf\u00e9 news.".encode())
    result = _only([str(f)])
    assert isinstance(result, InputText)
    assert result.text == "Caf\u00e9 news."


def test_missing_path_is_rejected(tmp_path: Path) -> None:
    result = _only([str(tmp_path / "nope.txt")])
    assert isinstance(result, Rejected)
    assert "no such file" in result.reason


@pytest.mark.parametrize("content", [b"", b"  \n\t\n"])
def test_empty_files_are_rejected(tmp_path: Path, content: bytes) -> None:
    f = tmp_path / "empty.txt"
    f.write_bytes(content)
    result = _only([str(f)])
    assert isinstance(result, Rejected)
    assert "empty" in result.reason


def test_binary_is_rejected(tmp_path: Path) -> None:
    f = tmp_path / "img.txt"
    f.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    result = _only([str(f)])
    assert isinstance(result, Rejected)
    assert "binary" in result.reason


def test_invalid_utf8_names_the_byte_position(tmp_path: Path) -> None:
    f = tmp_path / "latin1.txt"
    f.write_bytes("Caf\u00e9".encode("latin-1"))
    result = _only([str(f)])
    assert isinstance(result, Rejected)
    assert "UTF-8" in result.reason
    assert "position 3" in result.reason


def test_too_large_is_rejected(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sources, "MAX_BYTES", 10)
    f = tmp_path / "big.txt"
    f.write_text("x" * 11, encoding="utf-8")
    result = _only([str(f)])
    assert isinstance(result, Rejected)
    assert "too large" in result.reason


@pytest.mark.parametrize("name", ["page.html", "page.HTM", "page.txt"])
def test_html_is_read_as_html_by_name_or_content(tmp_path: Path, name: str) -> None:
    f = tmp_path / name
    f.write_text("<html><body>Hi</body></html>", encoding="utf-8")
    assert _only([str(f)]) == InputText(str(f.resolve()), "<html><body>Hi</body></html>", "html")


def test_directory_is_walked_sorted_recursively_skipping_hidden(tmp_path: Path) -> None:
    (tmp_path / "b.txt").write_text("B text.", encoding="utf-8")
    (tmp_path / "a.txt").write_text("A text.", encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text("secret", encoding="utf-8")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "x.txt").write_text("git", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "c.txt").write_text("C text.", encoding="utf-8")
    results = list(iter_inputs([str(tmp_path)], None))
    assert [Path(r.origin).name for r in results] == ["a.txt", "b.txt", "c.txt"]
    assert all(isinstance(r, InputText) for r in results)


def test_stdin_dash(tmp_path: Path) -> None:
    result = _only(["-"], io.StringIO("From a pipe."))
    assert result == InputText("stdin", "From a pipe.")


def test_stdin_missing_or_empty() -> None:
    assert isinstance(_only(["-"], None), Rejected)
    assert isinstance(_only(["-"], io.StringIO("   ")), Rejected)


def test_not_a_regular_file(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    try:
        import os

        os.mkfifo(fifo)
    except (AttributeError, OSError):
        pytest.skip("named pipes not available")
    result = _only([str(fifo)])
    assert isinstance(result, Rejected)
    assert "regular file" in result.reason


def test_one_bad_input_does_not_stop_the_rest(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text("Fine.", encoding="utf-8")
    results = list(iter_inputs([str(tmp_path / "missing"), str(good)], None))
    assert [type(r) for r in results] == [Rejected, InputText]
