"""A command that must wait for another process's hold on the library says so
once on stderr, naming the holder's pid, then carries on."""

from __future__ import annotations

import os
import select
import subprocess
import sys

from storage.lock import LibraryLock, holder_pid
from tests.conftest import ROOT
from tui.cli import main

STORY = (
    "Harbour cranes of Valdmere\n\nThe two old cranes of the Valdmere harbour are to be "
    "taken down next spring, the port said on Monday.\n"
)


def test_the_holder_writes_its_pid_and_takes_it_away(tmp_path):
    lock = LibraryLock(tmp_path / ".lock")
    with lock.hold():
        fd = os.open(tmp_path / ".lock", os.O_RDONLY)
        try:
            assert holder_pid(fd) == os.getpid()
        finally:
            os.close(fd)
    assert (tmp_path / ".lock").read_bytes() == b""


def test_a_command_behind_another_process_says_it_waits(capsys, tmp_path):
    lib = tmp_path / "lib"
    first, second = tmp_path / "first.txt", tmp_path / "second.txt"
    first.write_text(STORY, encoding="utf-8")
    second.write_text(STORY.replace("Valdmere", "Ostrava"), encoding="utf-8")
    assert main(["--library", str(lib), "import", "--no-analyze", str(first)]) == 0
    capsys.readouterr()
    holder = LibraryLock(lib / ".lock")
    held = holder.hold()
    held.__enter__()
    try:
        waiting = subprocess.Popen(
            [sys.executable, "-m", "tui.cli", "--library", str(lib)]
            + ["import", "--no-analyze", str(second)],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        # Only a guard against hanging the suite: the line comes before the wait.
        ready, _, _ = select.select([waiting.stderr], [], [], 120)
        line = waiting.stderr.readline() if ready else ""
    finally:
        held.__exit__(None, None, None)
    out, err = waiting.communicate(timeout=120)
    assert line == (
        f"newsread: waiting for {lib}: another newsread (pid {os.getpid()}) is changing it "
        "(Ctrl-C stops)\n"
    )
    assert waiting.returncode == 0 and out.startswith("1 added") and err == ""
