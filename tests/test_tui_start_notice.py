"""Warnings from the start are one notice: a [keys] entry another binding
answers first on three screens gave three toasts, stacked over half of an
80x24 library screen."""

from __future__ import annotations

from newsread.config import Config
from tests.pilot_helpers import library_ready, make_library, wait_until
from tui.app import NewsreadApp
from tui.keymap import keymap_report


async def test_several_warnings_at_start_are_one_notice(tmp_path):
    keys = {"app.quit": "ctrl+x,r"}
    problems, warnings = keymap_report(keys, NewsreadApp, "config.toml")
    assert problems == [] and len(warnings) == 3  # the reader, the tag manager, the queue
    app = NewsreadApp(make_library(tmp_path / "lib"), Config(keys=keys), notices=warnings)
    async with app.run_test(size=(80, 24)) as pilot:
        await library_ready(pilot, app)
        await wait_until(pilot, lambda: len(app._notifications) > 0)
        [notice] = list(app._notifications)
        assert notice.message.startswith("3 warnings at start")
        assert "(newsread config check lists them)" in notice.message
        assert warnings[0] in notice.message


async def test_one_warning_at_start_is_said_as_it_is(tmp_path):
    warning = "config.toml: pipeline 'xx_nothing' is not installed; using en_core_web_sm"
    app = NewsreadApp(make_library(tmp_path / "lib"), Config(), notices=[warning])
    async with app.run_test(size=(80, 24)) as pilot:
        await library_ready(pilot, app)
        await wait_until(pilot, lambda: len(app._notifications) > 0)
        assert [n.message for n in app._notifications] == [warning]
