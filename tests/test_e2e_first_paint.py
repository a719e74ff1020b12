"""End to end, in a real terminal under tmux: the titles drawn before Textual
is imported (tui.first_paint), keys typed while the app starts, and the shell's
screen given back when the app does not start after all."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
from pathlib import Path

import pytest

from tests.test_e2e_tmux import NEWSREAD, Tmux, e2e_env, run_cli

pytestmark = pytest.mark.e2e

__all__ = ["e2e_env"]  # the fixture, used by name

TITLES = [f"Harbour council story number {i}" for i in range(1, 6)]
#: What would keep the screen from being drawn early (or change its colours),
#: should the machine running the tests have it set.
UNSET = ("NO_COLOR", "COLORTERM", "TEXTUAL_THEME", "TEXTUAL_COLOR_SYSTEM", "NEWSREAD_FIRST_PAINT")


def _library(env, tmp_path) -> None:
    """Five articles, newest last, in a library the app has opened once (its
    catalog is saved then, and the first screen is drawn from it)."""
    source = tmp_path / "articles.jsonl"
    source.write_text(
        "".join(
            json.dumps(
                {
                    "title": title,
                    "body": f"The council met. It approved plan {i}. Work starts soon.",
                    "source": "Coast Wire",
                    "published": f"2026-10-0{i + 1}",
                }
            )
            + "\n"
            for i, title in enumerate(TITLES)
        ),
        encoding="utf-8",
    )
    imported = run_cli(env, "import", "--no-analyze", str(source))
    assert imported.returncode == 0, imported.stderr
    tmux = Tmux(env)
    tmux.start([str(NEWSREAD)])
    try:
        tmux.wait(lambda s: "5 articles · 0 annotations" in s, "the library, counted")
        tmux.keys("q")
        deadline = time.monotonic() + 20
        while tmux.alive() and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        tmux.kill()


def _in_shell(env, tmp_path) -> Tmux:
    """newsread run from a shell that prints a line before and after it."""
    script = tmp_path / "run.sh"
    script.write_text(f'echo BEFORE-APP\n"{NEWSREAD}"\necho "AFTER-APP rc=$?"\nexec sleep 600\n')
    tmux = Tmux(env, unset=UNSET)
    tmux.start(["sh", str(script)])
    return tmux


def test_titles_show_before_the_app_is_up_and_keys_typed_then_reach_it(e2e_env, tmp_path):
    _library(e2e_env, tmp_path)
    tmux = _in_shell(e2e_env, tmp_path)
    try:
        # Polled quickly: the drawn screen lasts as long as Textual's import.
        deadline = time.monotonic() + 60
        painted = ""
        while time.monotonic() < deadline:
            screen = tmux.screen()
            if TITLES[-1] in screen and "sorted by" in screen:  # drawn to the status line
                painted = screen
                break
            time.sleep(0.005)
        lines = painted.splitlines()
        assert lines and "newsread" in lines[0], painted
        # The newest first, the counts still coming, and no key footer yet: this
        # screen was drawn before the app (whose footer lists the keys).
        assert TITLES[-1] in lines[2] and TITLES[-2] in lines[3], painted
        assert "counting annotations" in painted, painted
        assert "Quit" not in painted, painted
        # Typed now, before Textual reads the terminal: down, then open.
        tmux.keys("j")
        tmux.keys("Enter")
        tmux.wait(lambda s: "sentence 1/" in s, "the reader")
        screen = tmux.screen()
        assert TITLES[-2] in screen.splitlines()[0], screen  # the second row's article
        tmux.keys("Escape")
        tmux.wait(lambda s: "sorted by" in s, "the library again")
        tmux.keys("q")
        shell = tmux.wait(lambda s: "AFTER-APP rc=0" in s, "the shell after the app")
        assert "BEFORE-APP" in shell  # the shell's screen is back as it was
    finally:
        tmux.kill()


def test_a_config_the_app_refuses_after_the_titles_are_drawn_gives_the_screen_back(
    e2e_env, tmp_path
):
    _library(e2e_env, tmp_path)
    # Valid TOML (read before drawing), but a key id that does not exist: found
    # only with the app's bindings, once Textual is imported.
    (tmp_path / "config.toml").write_text('[keys]\n"library.no_such_key" = "x"\n')
    tmux = _in_shell(e2e_env, tmp_path)
    try:
        shell = tmux.wait(lambda s: "AFTER-APP rc=2" in s, "the app to refuse the config")
        assert "BEFORE-APP" in shell, shell
        # The error, on the shell's screen (wrapped there: a long temporary path).
        assert "library.no_such_key" in "".join(shell.splitlines()), shell
        assert TITLES[0] not in shell, shell
    finally:
        tmux.kill()


def _newsread_pid(tmux: Tmux) -> int:
    """The app's process: the one child of the pane's shell."""
    shell = tmux.tmux("display-message", "-p", "-t", tmux.name, "#{pane_pid}").stdout.strip()
    children = Path(f"/proc/{shell}/task/{shell}/children").read_text().split()
    assert len(children) == 1, children
    return int(children[0])


def _stopped(pid: int) -> bool:
    # The state follows the command's name, which is in parentheses.
    return Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()[0] == "T"


def test_ctrl_backslash_typed_on_the_titles_drawn_early_is_a_key(e2e_env, tmp_path):
    """ctrl+\\ on the early screen was a SIGQUIT: a core dump, the shell left on
    the alternate screen. Now it is what it is once the app is up, a key no
    binding takes. The app is stopped while the early screen is up, so the
    keys reach the terminal then, whatever the machine's speed."""
    if not Path("/proc/self/task").is_dir():
        pytest.skip("needs /proc to find and stop the app's process")
    _library(e2e_env, tmp_path)
    tmux = _in_shell(e2e_env, tmp_path)
    pid = 0
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and "sorted by" not in tmux.screen():
            time.sleep(0.005)
        pid = _newsread_pid(tmux)
        os.kill(pid, signal.SIGSTOP)
        while not _stopped(pid):
            time.sleep(0.005)
        pane = tmux.tmux("display-message", "-p", "-t", tmux.name, "#{pane_tty}").stdout.strip()
        modes = subprocess.run(
            ["stty", "-F", pane, "-a"], capture_output=True, text=True, check=True
        ).stdout.split()
        if "-icanon" in modes:
            pytest.skip("the app's driver had the keyboard before the early screen was seen")
        # The early screen's modes: what is typed now is read in them.
        assert "-icrnl" in modes and "-echo" in modes, modes
        tmux.keys("C-\\")
        tmux.keys("j")
        tmux.keys("Enter")
        os.kill(pid, signal.SIGCONT)
        pid = 0
        tmux.wait(lambda s: "sentence 1/" in s, "the reader")
        assert TITLES[-2] in tmux.screen().splitlines()[0]  # the second row's article
        tmux.keys("Escape")
        tmux.wait(lambda s: "sorted by" in s, "the library again")
        tmux.keys("q")
        shell = tmux.wait(lambda s: "AFTER-APP" in s, "the shell after the app")
        assert "AFTER-APP rc=0" in shell and "BEFORE-APP" in shell, shell
    finally:
        if pid:
            os.kill(pid, signal.SIGCONT)
        tmux.kill()
