"""End to end: ``o`` with a browser that draws in the terminal (w3m, lynx, a
$BROWSER script), the installed ``newsread`` in tmux. The app steps aside
while the browser runs: the browser's page is on the screen, the keys typed
go to the browser, and the app comes back when it exits."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsread.model import Article
from storage.library import Library
from tests.test_e2e_tmux import NEWSREAD, Tmux, e2e_env  # noqa: F401

pytestmark = pytest.mark.e2e

URL = "http://harbour.example/cranes"


def _tty_browser(tmp_path: Path) -> tuple[Path, Path]:
    """A browser reading its keys from the terminal, as w3m does: it shows a
    page, reads one line from /dev/tty and logs the address and the line."""
    log = tmp_path / "browser.log"
    script = tmp_path / "ttybrowser.sh"
    script.write_text(
        "#!/bin/sh\n"
        "printf '\\033[2J\\033[HFAKE BROWSER ON %s\\n' \"$1\" > /dev/tty\n"
        "read line < /dev/tty\n"
        f'printf "%s typed:%s\\n" "$1" "$line" >> "{log}"\n'
    )
    script.chmod(0o755)
    return script, log


def test_a_terminal_browser_gets_the_keys_and_the_app_comes_back(e2e_env, tmp_path):  # noqa: F811
    Library(Path(e2e_env["NEWSREAD_LIBRARY"])).save_articles(
        [
            Article(
                id="cranes01",
                title="Harbour cranes arrive by sea",
                body="Two cranes arrived on Monday, the port said.",
                url_or_path=URL,
            )
        ]
    )
    script, log = _tty_browser(tmp_path)
    tmux = Tmux({**e2e_env, "BROWSER": str(script)})
    tmux.start([str(NEWSREAD)])
    try:
        tmux.wait(lambda s: "Harbour cranes arrive" in s, "the library screen")
        tmux.keys("o")
        tmux.wait(lambda s: f"FAKE BROWSER ON {URL}" in s, "the browser's page")
        # Keys the app would act on ('o' opens the browser again, 'q' quits).
        tmux.keys("-l", "go home")
        tmux.keys("Enter")
        tmux.wait(lambda s: "sorted by" in s and "Harbour cranes arrive" in s, "the app again")
        assert log.read_text() == f"{URL} typed:go home\n"
        assert "FAKE BROWSER" not in tmux.screen()
        # The app has its keys back: q quits it.
        tmux.keys("q")
        tmux.wait(lambda s: not tmux.alive() or "sorted by" not in s, "newsread to quit")
    finally:
        tmux.kill()
