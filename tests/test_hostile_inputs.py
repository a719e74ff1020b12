"""Hostile inputs to ``newsread import`` and ``newsread analyze`` (issue 7).

Each bad input must give one line naming its path and the problem, the command
exits as documented, and the rest of the batch goes on. The inputs are
generated here: binary and mis-encoded files, special files, link loops, hostile
file names and text that is valid but unfriendly to parsers and terminals.
"""

from __future__ import annotations

import io
import json
import os
import random
import shutil
import socket
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from newsread.ingest import sources
from newsread.ingest.sources import InputText, Rejected, iter_inputs
from tests.conftest import FIXTURES

NEWSREAD = Path(sys.executable).with_name("newsread")
GOOD = FIXTURES / "e2e" / "ferry.txt"
#: How a refusal goes on once the legacy code pages were tried too.
LEGACY = ", nor text in cp1252, latin-1 or another legacy code page"
AS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0
# Generous: the whole batch takes a few seconds. A command that blocks (on a
# FIFO, on /dev/zero) fails the test instead of hanging it.
TIMEOUT = 180

pytestmark = pytest.mark.skipif(not NEWSREAD.exists(), reason=f"{NEWSREAD} is not installed")


@dataclass(frozen=True)
class Expected:
    path: str  # as the command names it: absolute, links not resolved
    reason: str  # a piece of the reason it must give


def shown(path: str) -> str:
    """How a path appears on stderr: one line, escapes for newlines, tabs, CR and
    bytes that are not UTF-8, stand-ins for other control characters."""
    return sources.shown_origin(path)


def run(*args: str | Path, stdin: int = subprocess.DEVNULL) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(NEWSREAD), *map(str, args)],
        stdin=stdin,
        capture_output=True,
        timeout=TIMEOUT,
        check=False,
    )


def no_crash(proc: subprocess.CompletedProcess) -> str:
    """stderr as text, after checking it is UTF-8 with no traceback and no raw ESC."""
    err = proc.stderr.decode("utf-8")
    assert "Traceback" not in err, err[-3000:]
    assert b"\x1b" not in proc.stderr and b"\x1b" not in proc.stdout
    return err


def fs_name(raw: bytes) -> str:
    """A file name from raw bytes, as Python spells names that are not UTF-8."""
    return os.fsdecode(raw)


# -- building the inputs ---------------------------------------------------------------------


def _text_cases(folder: Path) -> list[Path]:
    """Valid text that is unfriendly to the cleaner, the terminal or markup: it may be
    imported or rejected ("no article text found"), but never crash anything."""
    rnd = random.Random(7)
    story = GOOD.read_text(encoding="utf-8")
    texts: dict[str, str] = {
        "markup.txt": (
            "[bold red]Breaking[/] [/] [link=file:///etc/passwd]click here[/link] [/bold]\n\n"
            + story.replace("harbour", "[/]harbour[link=https://example.invalid]")
        ),
        "escapes_in_body.txt": (
            "\x1b]0;owned\x07\x1b[2J\x1b[31mHeadline in red\x1b[0m\n\n"
            + story.replace(
                "ferry", "ferry\x1b[5m\x1b]8;;https://example.invalid\x1b\\link\x1b]8;;\x1b\\"
            )
            + "\x1b]52;c;ZXZpbA==\x07\x9b31m\x07\x08\x08\x08\r"
        ),
        "zero_width.txt": story.replace("e", "e\u200b").replace("o", "\u200do\ufeff"),
        "rtl_override.txt": story.replace("the", "\u202ethe\u202c").replace(
            "said", "\u2067said\u2069"
        ),
        "only_control_chars.txt": "".join(chr(c) for c in range(1, 32) if c not in (9, 10, 13))
        * 50,
        "only_zero_width.txt": "\u200b\u200c\u200d\u2060\ufeff" * 400,
        "tiny_paragraphs.txt": "\n\n".join(f"P{i}." for i in range(10_000)),
        "furniture_only.txt": "\n".join(
            [
                "Share on Facebook",
                "Share on Twitter",
                "Sign up for our newsletter",
                "Advertisement",
                "Read more",
                "Comments (0)",
                "3 hours ago",
                "Related articles",
            ]
            * 20
        ),
        "content.json": json.dumps({"title": "Ferry", "body": story, "tags": [1, 2, {"a": None}]}),
        "page_as_text.txt": (
            f"<html><head><title>Ferry</title></head><body><p>{story}</p></body></html>"
        ),
        "page.html": f"<html><body>{story}</body></html>",
        "feed.xml": (
            '<?xml version="1.0"?><rss><channel><item><title>Ferry</title>'
            f"<description><![CDATA[{story}]]></description></item></channel></rss>"
        ),
        "table.csv": "id,title,body\n"
        + "\n".join(f'{i},"T{i}","{story[:80]}"' for i in range(300)),
        "crlf.txt": story.replace("\n", "\r\n"),
        "cr_only.txt": story.replace("\n", "\r"),
        "bom_inside.txt": story.replace("\n\n", "\n\ufeff\n", 2),
        "long_title.txt": "Headline " * 1200 + "\n\n" + story,
        "zalgo.txt": "Z" + "\u0301\u0316\u0334" * 100_000 + "\n\n" + story,
        "astral.txt": "\U0001f6a2 " * 2000
        + "\n\n"
        + story.replace("pier", "pier \U0001f30a\U00010348"),
        "one_huge_word.txt": "x" * 300_000,
        "huge_single_line.txt": " ".join(
            rnd.choice(["harbour", "ferry", "island", "said", "the", "repairs", "Thursday."])
            for _ in range(700_000)
        ),
        "traceback_lookalike.txt": story + '\n\nFile "x.py", line 1\nMemoryError\n',
    }
    paths = []
    for name, text in texts.items():
        path = folder / name
        path.write_text(text, encoding="utf-8", newline="")
        paths.append(path)
    return paths


def _byte_cases(folder: Path) -> list[Expected]:
    """Files whose bytes are not UTF-8 text: each must be rejected with its reason."""
    rnd = random.Random(11)
    story = GOOD.read_bytes()
    utf16 = GOOD.read_text(encoding="utf-8").encode("utf-16-le")
    binary = "binary data"
    utf8 = "not valid UTF-8"
    no_article = "no article text found"
    cases: dict[str, tuple[bytes, str]] = {
        "png.txt": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200), binary),
        "zeros.txt": (bytes(4096), binary),
        "nul_inside.txt": (story[:100] + b"\x00" + story[100:], binary),
        "nul_at_end_of_2mb.txt": (story * (2_000_000 // len(story)) + b"\x00", binary),
        "gzip.gz": (b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03" + bytes(50), binary),
        "elf": (b"\x7fELF\x02\x01\x01\x00" + bytes(100), binary),
        "random.bin": (bytes([0]) + rnd.randbytes(65_536), binary),
        "utf16le_no_bom.txt": (utf16, binary),
        "utf16be_no_bom.txt": (GOOD.read_text(encoding="utf-8").encode("utf-16-be"), binary),
        "utf32.txt": (GOOD.read_text(encoding="utf-8").encode("utf-32"), binary),
        # Decoded now (windows-1252, sure of it on this many letters), and then
        # too short to be an article: the reason shows the text was read.
        "latin1.txt": ("Café, naïve façade: the island ferry".encode("latin-1"), no_article),
        "cp1252_quotes.txt": (b"\x93We know\x94 said the harbour master.", no_article),
        "lone_continuation.txt": (b"Harbour \x80 news", utf8),
        "overlong_slash.txt": (b"path \xc0\xaf etc", utf8),
        "truncated_at_end.txt": (story + b"\xe2\x82", utf8),
        "encoded_surrogate.txt": (b"before \xed\xa0\x80 after", utf8),
        "beyond_unicode.txt": (b"big \xf4\x90\x80\x80 code point", utf8),
        "byte_ff.txt": (b"\xff" + story, utf8),
        "byte_fe_ff.txt": (b"\xfe\xff" + story, "not UTF-16 text"),
        "five_byte_form.txt": (b"old \xf8\x88\x80\x80\x80 form", utf8),
        "shift_jis.txt": ("フェリーの運航再開".encode("shift_jis"), utf8),
        "bad_in_middle_of_1mb.txt": (story * 200 + b"\xc3\x28" + story * 200, utf8),
        "empty.txt": (b"", "empty"),
        "whitespace_only.txt": (b"  \n\t\n\r\n   \n", "empty"),
        "bom_only.txt": (b"\xef\xbb\xbf", "empty"),
        "unicode_spaces_only.txt": ("\u00a0\u3000\u2028\u2029\u2003\n".encode() * 50, "empty"),
        "too_large_25mb.txt": (b"a" * (25 * 1024 * 1024), "too large"),
        # Hostile names, each with content that is rejected so the name is printed.
        "\x1b[31mred\x1b[0m.txt": (bytes(10), binary),
        "\x1b]0;renamed window\x07.txt": (bytes(10), binary),
        "carriage\rreturn.txt": (bytes(10), binary),
        "right\u202etxt.exe": (bytes(10), binary),
        "colon: and spaces.txt": (bytes(10), binary),
        "-rf --library.txt": (bytes(10), binary),
        "tab\tin name.txt": (bytes(10), binary),
        "\u200bzero width name.txt": (bytes(10), binary),
    }
    # UTF-16 with a byte-order mark is text: imported, so no line may name it.
    (folder / "utf16_with_bom.txt").write_bytes(b"\xff\xfe" + utf16)
    utf16be = GOOD.read_text(encoding="utf-8").encode("utf-16-be")
    (folder / "utf16be_with_bom.txt").write_bytes(b"\xfe\xff" + utf16be)
    expected = []
    for name, (data, reason) in cases.items():
        path = folder / name
        path.write_bytes(data)
        expected.append(Expected(str(path), reason))
    return expected


def _special_cases(root: Path, folder: Path) -> tuple[list[str], list[Expected]]:
    """Links, special files and awkward folders: the extra arguments and what each gives."""
    args: list[str] = []
    expected: list[Expected] = []

    def given(path: Path | str, reason: str) -> None:
        args.append(str(path))
        expected.append(Expected(str(path), reason))

    def inside(path: Path, reason: str) -> None:
        expected.append(Expected(str(path), reason))

    # Inside the walked folder.
    os.symlink("self_loop", folder / "self_loop")
    inside(folder / "self_loop", "symbolic link loop")
    os.symlink("ping", folder / "pong")
    os.symlink("pong", folder / "ping")
    inside(folder / "ping", "symbolic link loop")
    inside(folder / "pong", "symbolic link loop")
    os.symlink("nowhere.txt", folder / "dangling")
    inside(folder / "dangling", "broken symbolic link")
    os.mkfifo(folder / "fifo.txt")
    inside(folder / "fifo.txt", "named pipe")
    os.symlink(folder / "fifo.txt", folder / "link_to_fifo.txt")
    inside(folder / "link_to_fifo.txt", "named pipe")
    os.symlink("/dev/zero", folder / "link_to_dev_zero.txt")
    inside(folder / "link_to_dev_zero.txt", "character device")
    cycle = folder / "cycle"
    cycle.mkdir()
    os.symlink("..", cycle / "up")
    inside(cycle / "up", "symbolic link loop")
    (folder / "folder.txt").mkdir()  # a folder named like a file, walked like any folder
    (folder / "folder.txt" / "inner.txt").write_bytes(b"\x00inner")
    inside(folder / "folder.txt" / "inner.txt", "binary data")
    (folder / "hidden_only").mkdir()
    (folder / "hidden_only" / ".swap").write_bytes(b"\x00")  # skipped, as hidden files are
    bad_dir = Path(os.fsdecode(bytes(folder) + b"/dir\xff"))
    bad_dir.mkdir()
    (bad_dir / "fine.txt").write_bytes(GOOD.read_bytes())
    inside(bad_dir, "not valid UTF-8")
    sock_path = folder / "sock"
    if len(os.fsencode(sock_path)) < 100:  # AF_UNIX paths are short
        with socket.socket(socket.AF_UNIX) as sock:
            sock.bind(str(sock_path))
        inside(sock_path, "socket")
    # Deeper than PATH_MAX: created one level at a time relative to its parent.
    deep = folder / "deep"
    deep.mkdir()
    fd = os.open(deep, os.O_RDONLY)
    try:
        for _ in range(170):
            os.mkdir("d" * 30, dir_fd=fd)
            fd, old = os.open("d" * 30, os.O_RDONLY, dir_fd=fd), fd
            os.close(old)
        with open(os.open("bottom.txt", os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=fd), "wb") as f:
            f.write(b"\x00bottom")
    finally:
        os.close(fd)
    # The walk stops at the first path too long for the system to look up.
    too_long = deep
    while len(os.fsencode(too_long)) < 4096:
        too_long /= "d" * 30
    inside(too_long, "file name too long")
    if not AS_ROOT:  # root reads a chmod 000 file and folder: nothing to test there
        locked = folder / "locked.txt"
        locked.write_bytes(GOOD.read_bytes())
        locked.chmod(0)
        inside(locked, "permission denied")
        shut = folder / "shut"
        shut.mkdir()
        (shut / "a.txt").write_bytes(GOOD.read_bytes())
        shut.chmod(0)
        inside(shut, "permission denied")
    # A name with a newline, holding a real article: it is added, so no line is printed.
    (folder / "new\nline.txt").write_text(
        GOOD.read_text(encoding="utf-8").replace("Island ferry", "Island\nferry", 1),
        encoding="utf-8",
    )

    # Given as paths on the command line.
    os.symlink("top_loop", root / "top_loop")
    given(root / "top_loop", "symbolic link loop")
    os.symlink("missing_target", root / "top_dangling")
    given(root / "top_dangling", "broken symbolic link")
    os.mkfifo(root / "top_fifo")
    given(root / "top_fifo", "named pipe")
    given("/dev/zero", "character device")
    given("/dev/null", "character device")
    given(root / "does_not_exist.txt", "no such file")
    (root / "empty_folder").mkdir()
    given(root / "empty_folder", "no files to import")
    bad_name = Path(os.fsdecode(bytes(root) + b"/name\xe9.txt"))
    bad_name.write_bytes(GOOD.read_bytes())
    given(bad_name, "not valid UTF-8")
    (root / "plain.txt").write_bytes(b"x")
    given(root / "plain.txt" / "child.txt", "not a folder")
    given(root / ("n" * 300 + ".txt"), "file name too long")
    return args, expected


def test_one_batch_of_hostile_inputs(tmp_path: Path) -> None:
    root = tmp_path.resolve()
    folder = root / "inputs"
    folder.mkdir()
    text_cases = _text_cases(folder)
    expected = _byte_cases(folder)
    extra_args, special = _special_cases(root, folder)
    expected += special
    good = root / "good" / "ferry.txt"
    good.parent.mkdir()
    shutil.copy(GOOD, good)
    assert len(text_cases) + len(expected) >= 60
    library = root / "library"

    proc = run("import", "--no-analyze", "--library", library, folder, *extra_args, good)

    err = no_crash(proc)
    # cmd_import: 0 when something was added, updated or unchanged.
    assert proc.returncode == 0, err
    lines = err.splitlines()
    # The one article over a million characters is imported, and named: its
    # analysis would take minutes.
    [note] = [line for line in lines if line.startswith("note ")]
    assert note.startswith(f"note {shown(str(folder / 'huge_single_line.txt'))}: '")
    assert note.endswith("characters: its analysis takes minutes"), note
    lines.remove(note)
    assert all(line.startswith("rejected ") for line in lines), err
    for case in expected:
        prefix = f"rejected {shown(case.path)}: "
        mine = [line for line in lines if line.startswith(prefix)]
        assert len(mine) == 1, f"{len(mine)} lines for {case.path!r}:\n{err}"
        assert case.reason in mine[0], mine
    # Every line is about one of our inputs: nothing else was rejected by surprise.
    named = [shown(str(p)) for p in text_cases] + [shown(c.path) for c in expected]
    for line in lines:
        assert any(line.startswith(f"rejected {n}") for n in named), line
    assert len(lines) <= len(text_cases) + len(expected)

    listed = run("list", "--json", "--library", library)
    no_crash(listed)
    assert listed.returncode == 0
    rows = json.loads(listed.stdout.decode("utf-8"))
    titles = {row["title"] for row in rows}
    assert "Island ferry service to resume after storm repairs" in titles


def test_a_rejected_name_with_a_newline_stays_on_one_line(tmp_path: Path) -> None:
    bad = tmp_path / "two\nlines.txt"
    bad.write_bytes(b"\x00")
    proc = run("import", "--no-analyze", "--library", tmp_path / "lib", bad)
    err = no_crash(proc)
    assert proc.returncode == 1
    assert len(err.splitlines()) == 1, err


def test_stdin_from_dev_zero_is_rejected_at_once(tmp_path: Path) -> None:
    with open("/dev/zero", "rb") as zero:
        proc = run(
            "import", "--no-analyze", "--library", tmp_path / "lib", "-", stdin=zero.fileno()
        )
    err = no_crash(proc)
    assert proc.returncode == 1
    assert err.splitlines() == ["rejected stdin: binary data (contains NUL bytes)"]


def test_stdin_over_the_limit_is_rejected_and_the_batch_goes_on(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    big.write_bytes(b"word " * (sources.MAX_BYTES // 5 + 1))
    good = tmp_path / "ferry.txt"
    shutil.copy(GOOD, good)
    with big.open("rb") as stream:
        proc = run(
            "import",
            "--no-analyze",
            "--library",
            tmp_path / "lib",
            "-",
            good,
            stdin=stream.fileno(),
        )
    err = no_crash(proc)
    assert proc.returncode == 0
    assert b"1 added" in proc.stdout
    assert err.splitlines() == [
        f"rejected stdin: too large (more than the limit of {sources.MAX_BYTES} bytes)"
    ]


def test_stdin_is_decoded_like_a_file(tmp_path: Path) -> None:
    bad = tmp_path / "latin1.txt"
    # A lone € or continuation byte: neither UTF-8 nor a letter cp1252 could vouch for.
    bad.write_bytes(b"Harbour \x80 society news")
    with bad.open("rb") as stream:
        proc = run(
            "import", "--no-analyze", "--library", tmp_path / "lib", "-", stdin=stream.fileno()
        )
    err = no_crash(proc)
    assert proc.returncode == 1
    assert err.splitlines() == [
        f"rejected stdin: not valid UTF-8 (byte 0x80 at position 8){LEGACY}"
    ]
    with_bom = tmp_path / "bom.txt"
    with_bom.write_bytes(b"\xef\xbb\xbf" + GOOD.read_bytes())
    with with_bom.open("rb") as stream:
        proc = run(
            "import", "--no-analyze", "--library", tmp_path / "lib", "-", stdin=stream.fileno()
        )
    no_crash(proc)
    assert proc.returncode == 0 and b"1 added" in proc.stdout


def test_analyze_names_each_bad_input_on_one_line_and_analyses_the_rest(tmp_path: Path) -> None:
    good = tmp_path / "ferry.txt"
    shutil.copy(GOOD, good)
    latin1 = tmp_path / "latin1.txt"
    latin1.write_bytes(b"Harbour \x80 news")
    escape = tmp_path / "\x1b[2Jclear.txt"
    escape.write_bytes(b"\xff\xff")
    fifo = tmp_path / "fifo.txt"
    os.mkfifo(fifo)
    loop = tmp_path / "loop.txt"
    os.symlink("loop.txt", loop)
    stdin_bad = tmp_path / "stdin.bin"
    stdin_bad.write_bytes(b"Harbour \xc3\x28 news")
    with stdin_bad.open("rb") as stream:
        proc = run(
            "analyze", "--json", latin1, "-", escape, fifo, loop, "/dev/zero", good,
            stdin=stream.fileno(),
        )  # fmt: skip
    err = no_crash(proc)
    assert proc.returncode == 1
    assert err.splitlines() == [
        f"newsread: error: {latin1}: not valid UTF-8 (byte 0x80 at position 8){LEGACY}",
        f"newsread: error: stdin: not valid UTF-8 (byte 0xc3 at position 8){LEGACY}",
        f"newsread: error: {tmp_path}/\u241b[2Jclear.txt: "
        f"not valid UTF-8 (byte 0xff at position 0){LEGACY}",
        f"newsread: error: {fifo}: not a regular file (a named pipe)",
        f"newsread: error: {loop}: symbolic link loop",
        "newsread: error: /dev/zero: not a regular file (a character device)",
    ]
    [line] = proc.stdout.decode("utf-8").splitlines()
    result = json.loads(line)
    assert result["path"] == str(good)
    text = GOOD.read_text(encoding="utf-8")
    assert all(text[e["start"] : e["end"]] == e["text"] for e in result["entities"])


def test_analyze_stdin_from_dev_zero_is_one_line(tmp_path: Path) -> None:
    with open("/dev/zero", "rb") as zero:
        proc = run("analyze", "--json", "-", stdin=zero.fileno())
    err = no_crash(proc)
    assert proc.returncode == 1
    assert err.splitlines() == ["newsread: error: stdin: binary data (contains NUL bytes)"]


# -- in-process: what a subprocess cannot arrange at the right moment ------------------------


def test_a_file_that_disappears_during_the_walk_is_rejected(tmp_path: Path) -> None:
    for name in ("a.txt", "b.txt", "c.txt"):
        (tmp_path / name).write_bytes(GOOD.read_bytes())
    walk = iter_inputs([str(tmp_path)], None)
    first = next(walk)
    assert isinstance(first, InputText)
    (tmp_path / "b.txt").unlink()  # after the folder was listed, before b.txt is read
    rest = list(walk)
    assert rest[0] == Rejected(str(tmp_path / "b.txt"), "no such file or directory")
    assert isinstance(rest[1], InputText)


def test_a_folder_that_disappears_during_the_walk_is_rejected(tmp_path: Path) -> None:
    # A folder's files come before its subfolders, which are looked at (stat) first.
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "x.txt").write_bytes(GOOD.read_bytes())
    (tmp_path / "z.txt").write_bytes(GOOD.read_bytes())
    walk = iter_inputs([str(tmp_path)], None)
    assert next(walk).origin == str(tmp_path / "z.txt")
    shutil.rmtree(tmp_path / "sub")  # after it was seen, before it is listed
    assert list(walk) == [
        Rejected(str(tmp_path / "sub"), "cannot read folder: no such file or directory")
    ]


def test_stdin_streams_are_capped_and_decoded_like_files(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sources, "MAX_BYTES", 1000)
    monkeypatch.setattr(sources, "CHUNK_BYTES", 64)
    assert list(iter_inputs(["-"], io.StringIO("é" * 501))) == [
        Rejected("stdin", "too large (more than the limit of 1000 bytes)")
    ]
    [ok] = list(iter_inputs(["-"], io.BytesIO(b"\xef\xbb\xbf" + "é".encode() * 400)))
    assert ok == InputText("stdin", "é" * 400)


@pytest.mark.skipif(AS_ROOT, reason="root reads chmod 000 files and folders")
def test_unreadable_file_and_folder_are_rejected(tmp_path: Path) -> None:
    locked = tmp_path / "locked.txt"
    locked.write_bytes(GOOD.read_bytes())
    locked.chmod(0)
    shut = tmp_path / "shut"
    shut.mkdir()
    (shut / "a.txt").write_bytes(GOOD.read_bytes())
    shut.chmod(0)
    try:
        assert list(iter_inputs([str(tmp_path)], None)) == [
            Rejected(str(locked), "cannot read: permission denied"),
            Rejected(str(shut), "cannot read folder: permission denied"),
        ]
    finally:
        shut.chmod(0o755)
