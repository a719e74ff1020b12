"""Every command whose reader leaves the pipe (``| head``) stops the same way:
nothing on stderr, exit status 141 (128 + SIGPIPE), whatever prints its output
(Rich's consoles, plain writes, a buffer flushed at the end)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

from tests.conftest import FIXTURES, ROOT
from tui.cli import READER_LEFT, main


@pytest.fixture(scope="module")
def library(tmp_path_factory) -> str:
    root = tmp_path_factory.mktemp("reader") / "lib"
    src = root.parent / "ferry.txt"
    shutil.copy(FIXTURES / "e2e" / "ferry.txt", src)
    assert main(["--library", str(root), "import", "--no-analyze", str(src)]) == 0
    ident = os.listdir(root / "bodies")[0].removesuffix(".txt")
    for who, quote in (("ines", "ferry"), ("kwame", "storm")):
        argv = ["tag", ident, "--quote", quote, "--tag", "late", "--annotator", who]
        assert main(["--library", str(root), *argv]) == 0
    return str(root)


@pytest.mark.parametrize(
    "command",
    [
        ("list",),
        ("list", "--json"),
        ("stats",),
        ("stats", "--json"),
        ("search", "ferry"),
        ("search", "ferry", "--json"),
        ("agreement",),
        ("export", "--format", "csv"),
        ("feed", "list"),
        ("config", "path"),
    ],
)
def test_a_reader_gone_ends_every_command_alike(library, command):
    read, write = os.pipe()
    os.close(read)  # a reader already gone: the first write meets EPIPE
    try:
        done = subprocess.run(
            [sys.executable, "-m", "tui.cli", "--library", library, *command],
            cwd=ROOT,
            stdout=write,
            stderr=subprocess.PIPE,
            text=True,
            timeout=120,
        )
    finally:
        os.close(write)
    assert (
        done.stderr.replace(
            "newsread: building the search index of 1 article (once; it is kept up to date)\n", ""
        )
        == ""
    )
    assert done.returncode == READER_LEFT


def test_ctrl_c_while_the_reader_gone_is_handled_ends_as_ctrl_c(monkeypatch, capsys):
    """A Ctrl-C that lands while a gone reader is being handled, or while the
    first Ctrl-C is being reported, ends with Ctrl-C's status and no traceback."""
    import tui.cli as cli

    def reader_gone(args):
        raise BrokenPipeError

    def interrupted(args):
        raise KeyboardInterrupt

    def ctrl_c(*args):
        raise KeyboardInterrupt

    def status(command) -> int:
        try:
            return cli._dispatch(type("Args", (), {"func": staticmethod(command)})())
        except KeyboardInterrupt:  # it escaped: the user would see a traceback
            pytest.fail("Ctrl-C escaped the command's handlers")

    monkeypatch.setattr(cli, "_silence_stdout", ctrl_c)
    assert status(reader_gone) == 130
    monkeypatch.setattr(cli, "_say_interrupted", ctrl_c)
    assert status(interrupted) == 130
    assert capsys.readouterr().err == ""
