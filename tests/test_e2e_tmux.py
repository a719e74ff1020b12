"""End to end: the installed ``newsread`` in a real terminal under tmux.

Imports a file, opens the app, tags a sentence with the keyboard, quits, and
checks what ``newsread export`` prints.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import FIXTURES

pytestmark = pytest.mark.e2e

NEWSREAD = Path(sys.executable).with_name("newsread")

# 80x24 is what a terminal opens at when nobody resizes it: the side panel is
# hidden there, so the status line has to say what was tagged.
BOTH_SIZES = pytest.mark.parametrize("size", [(120, 36), (80, 24)], ids=["120x36", "80x24"])


def _need_tools() -> None:
    if shutil.which("tmux") is None:
        pytest.skip("tmux is not installed (make test installs it)")
    if not NEWSREAD.exists():
        pytest.skip(f"the newsread command is not installed at {NEWSREAD}")


class Tmux:
    """One app in its own tmux server, so no other server's options or clients
    can change the terminal's size under the test."""

    def __init__(
        self, env: dict[str, str], size: tuple[int, int] = (120, 36), unset: tuple[str, ...] = ()
    ) -> None:
        self.name = f"nr-{uuid.uuid4().hex[:8]}"
        self.env = env
        self.size = size
        #: variables of the test's own environment the app must not see
        self.unset = ("COLUMNS", "LINES", *unset)

    def tmux(self, *args: str, check: bool = False) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            ["tmux", "-L", self.name, "-f", "/dev/null", *args],
            capture_output=True,
            text=True,
            check=check,
        )

    def start(self, command: list[str]) -> None:
        env_args = [f"{k}={v}" for k, v in self.env.items()]
        width, height = (str(n) for n in self.size)
        self.tmux(
            "new-session", "-d", "-s", self.name, "-x", width, "-y", height,
            # tmux can hand its panes COLUMNS/LINES of 80x24 (seen when its
            # server starts under pytest); Textual trusts those over the pty's
            # real size, so the app must not inherit them.
            "env", *(a for name in self.unset for a in ("-u", name)), *env_args, *command,
            check=True,
        )  # fmt: skip
        # A detached session can still be sized by server defaults; pin it.
        self.tmux("resize-window", "-t", self.name, "-x", width, "-y", height)
        shown = self.tmux(
            "display-message", "-p", "-t", self.name, "#{window_width}x#{window_height}"
        )
        if shown.stdout.strip() != f"{width}x{height}":
            self.kill()
            pytest.skip(f"this tmux made a {shown.stdout.strip()} window, not {width}x{height}")

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p", "-t", self.name).stdout

    def alive(self) -> bool:
        return self.tmux("has-session", "-t", self.name).returncode == 0

    def keys(self, *keys: str) -> None:
        self.tmux("send-keys", "-t", self.name, *keys, check=True)

    def wait(self, condition: Callable[[str], bool], what: str, timeout: float = 60) -> str:
        start = time.monotonic()
        # Each different screen seen, with when: a failure on a shared machine
        # then shows what came and went (a toast, a screen) after the keys.
        seen: list[tuple[float, str]] = []
        while time.monotonic() - start < timeout:
            text = self.screen()
            if condition(text):
                return text
            if not seen or seen[-1][1] != text:
                seen.append((time.monotonic() - start, text))
            time.sleep(0.1)
        shown = "\n".join(f"--- at {t:.1f} s:\n{text}" for t, text in seen[-4:])
        raise AssertionError(
            f"timed out waiting for {what}; the last screens seen:\n{shown}\n{self.trace()}"
        )

    def trace(self) -> str:
        path = Path(self.env.get("NEWSREAD_TRACE_KEYS", ""))
        if not path.is_file():
            return "(no key trace)"
        return "--- the app's key trace (last 80 lines):\n" + "\n".join(
            path.read_text(encoding="utf-8").splitlines()[-80:]
        )

    def open_first_article(self, title: str) -> None:
        self.wait(lambda s: title in s, "the library screen")
        self.keys("Enter")
        self.wait(lambda s: "sentence 1/" in s, "sentences in the reader")

    def tag(self, name: str) -> None:
        self.keys("t")
        self.wait(lambda s: "Tag:" in s, "the tag picker")
        self.keys("-l", name)
        self.keys("Enter")
        self.wait(lambda s: f"[{name}]" in s, "the annotation in the side panel")

    def quit_from_reader(self) -> None:
        self.keys("Escape")
        # The status line's count: at 80 columns an active search fills the
        # rest of it ("sorted by" is cut off).
        self.wait(lambda s: re.search(r"\d articles? · ", s) is not None, "the library again")
        self.keys("q")
        deadline = time.monotonic() + 20
        while self.alive() and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not self.alive(), "newsread did not quit on q"

    def kill(self) -> None:
        self.tmux("kill-server")


def run_cli(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(NEWSREAD), *args],
        capture_output=True,
        text=True,
        env={**os.environ, **env},
        timeout=300,
    )


@pytest.fixture
def e2e_env(tmp_path) -> dict[str, str]:
    _need_tools()
    return {
        "NEWSREAD_LIBRARY": str(tmp_path / "library"),
        "NEWSREAD_CONFIG": str(tmp_path / "config.toml"),
        "TERM": "xterm-256color",
        "PATH": os.environ.get("PATH", ""),
        "HOME": str(tmp_path),
        # What happened to each key, printed when a wait times out.
        "NEWSREAD_TRACE_KEYS": str(tmp_path / "keys.trace"),
    }


@BOTH_SIZES
def test_tag_a_sentence_by_keyboard_then_export(e2e_env, tmp_path, size):
    source = tmp_path / "ferry.txt"
    shutil.copy(FIXTURES / "e2e" / "ferry.txt", source)
    imported = run_cli(e2e_env, "import", str(source))
    assert imported.returncode == 0, imported.stderr
    assert "1 added" in imported.stdout

    tmux = Tmux(e2e_env, size)
    tmux.start([str(NEWSREAD)])
    try:
        tmux.open_first_article("Island ferry service")
        tmux.keys("j")
        tmux.wait(lambda s: "sentence 2/" in s, "the cursor to move")
        tmux.tag("e2e-check")
        tmux.quit_from_reader()
    finally:
        tmux.kill()

    exported = run_cli(e2e_env, "export")
    assert exported.returncode == 0, exported.stderr
    doc = json.loads(exported.stdout)
    assert doc["format"] == "newsread-annotations" and doc["version"] == 1
    [ann] = doc["annotations"]
    assert ann["tags"] == ["e2e-check"]
    assert ann["quote"] == ("Engineers replaced 40 metres of decking and two mooring posts.")
    assert ann["article"]["title"] == "Island ferry service to resume after storm repairs"


@BOTH_SIZES
def test_selection_survives_an_edit_and_reimport(e2e_env, tmp_path, size):
    source = tmp_path / "ferry.txt"
    shutil.copy(FIXTURES / "e2e" / "ferry.txt", source)
    assert run_cli(e2e_env, "import", str(source)).returncode == 0

    tmux = Tmux(e2e_env, size)
    tmux.start([str(NEWSREAD)])
    try:
        tmux.open_first_article("Island ferry service")
        tmux.keys("j")
        tmux.wait(lambda s: "sentence 2/" in s, "the cursor on sentence 2")
        tmux.keys("v")
        tmux.keys("j")
        tmux.wait(lambda s: "selection:" in s and "sentence 3/" in s, "a two-sentence selection")
        tmux.tag("repairs")
        tmux.quit_from_reader()
    finally:
        tmux.kill()

    # Edit a word elsewhere (before the passage, so every offset after it shifts).
    text = source.read_text(encoding="utf-8")
    edited = text.replace("three weeks of repairs", "nearly four weeks of repairs")
    assert edited != text
    source.write_text(edited, encoding="utf-8")
    again = run_cli(e2e_env, "import", str(source))
    assert again.returncode == 0, again.stderr
    assert "1 updated" in again.stdout

    doc = json.loads(run_cli(e2e_env, "export").stdout)
    [ann] = doc["annotations"]
    assert ann["tags"] == ["repairs"] and not ann["orphan"]
    assert ann["quote"] == (
        "Engineers replaced 40 metres of decking and two mooring posts. "
        "The work cost about 1.2 million dollars, according to the authority's figures."
    )
    listed = json.loads(run_cli(e2e_env, "list", "--json").stdout)
    assert [row["annotations"] for row in listed] == [1]


@BOTH_SIZES
def test_search_from_the_library_open_the_hit_and_tag_it(e2e_env, tmp_path, size):
    source = tmp_path / "ferry.txt"
    shutil.copy(FIXTURES / "e2e" / "ferry.txt", source)
    other = tmp_path / "choir.txt"
    other.write_text(
        "Choir wins the regional contest\n\n"
        "The town choir won the regional contest on Saturday, its first win in a decade.\n",
        encoding="utf-8",
    )
    imported = run_cli(e2e_env, "import", str(source), str(other))
    assert imported.returncode == 0, imported.stderr

    tmux = Tmux(e2e_env, size)
    tmux.start([str(NEWSREAD)])
    try:
        tmux.wait(lambda s: "Choir wins" in s and "Island ferry" in s, "the library screen")
        # A word of the body only: the title filter cannot find it, the index does.
        tmux.keys("/")
        tmux.keys("-l", "decking")
        tmux.wait(
            lambda s: "metres of decking" in s and "Choir wins" not in s,
            "the hit with its snippet",
        )
        tmux.keys("Enter")  # applies the query
        tmux.keys("Enter")  # opens the hit
        tmux.wait(lambda s: "match 1/1" in s, "the reader on the match")
        tmux.tag("found-it")
        tmux.quit_from_reader()
    finally:
        tmux.kill()

    doc = json.loads(run_cli(e2e_env, "export").stdout)
    [ann] = doc["annotations"]
    assert ann["tags"] == ["found-it"] and ann["quote"] == "decking"
    assert ann["article"]["title"] == "Island ferry service to resume after storm repairs"


def test_keys_sent_in_one_burst_open_the_article_and_tag_its_second_sentence(e2e_env, tmp_path):
    """A terminal that sends enter, a move, t, a tag name and enter at once (a
    fast typist, a macro): every key reaches the screen it was meant for, the
    reader once it knows its sentences and the tag picker once it is up, and
    none is left held. (Through a real terminal the old code's timing often
    happened to work too; tests/test_tui_key_order.py pins the order.)"""
    source = tmp_path / "ferry.txt"
    shutil.copy(FIXTURES / "e2e" / "ferry.txt", source)
    assert run_cli(e2e_env, "import", str(source)).returncode == 0

    tmux = Tmux(e2e_env)
    tmux.start([str(NEWSREAD)])
    try:
        tmux.wait(lambda s: "Island ferry service" in s, "the library screen")
        tmux.keys("Enter", "j", "t", "u", "r", "g", "e", "n", "t", "Enter")
        tmux.wait(lambda s: "[urgent]" in s, "the annotation in the side panel")
        tmux.quit_from_reader()
    finally:
        tmux.kill()

    exported = run_cli(e2e_env, "export")
    [ann] = json.loads(exported.stdout)["annotations"]
    assert ann["tags"] == ["urgent"]
    assert ann["quote"] == "Engineers replaced 40 metres of decking and two mooring posts."
