"""End to end, in a real terminal under tmux: the titles drawn before Textual
is imported (tui.first_paint), keys typed while the app starts, and the shell's
screen given back when the app does not start after all."""

from __future__ import annotations

import json
import time

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
