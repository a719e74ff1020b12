"""``o`` in the library and ``O`` in the reader: an article's web address in
the browser, said in the screen's status line (a toast over that line hid it).

Run on a worker thread: the address is read from disk, and a graphical
browser is waited for until it has started."""

from __future__ import annotations

from collections.abc import Callable

from textual.app import App

from storage.errors import LibraryError
from storage.library import Library
from tui.models.library import web_address
from tui.widgets.shown import visible

#: what the screen says; called on the event loop
Tell = Callable[[str], None]


def open_in_browser(app: App, library: Library, article_id: str, tell: Tell) -> None:
    """(Worker thread.) Open the article's web address, then ``tell`` what
    happened: opened, no web address (where it came from instead), or no
    browser could be started."""
    from tui import browser

    def say(text: str) -> None:
        app.call_from_thread(tell, visible(text))

    # The address is read here, not kept for every row (storage.catalog).
    try:
        meta = library.get_meta(article_id)
    except LibraryError as exc:
        say(f"not opened: {exc}")
        return
    url = web_address(meta)
    if not url:
        where = meta.get("url_or_path") or "nowhere recorded"
        say(f"no web address to open: this article came from {where}")
        return
    failed: str | None = None
    if browser.runs_in_terminal():
        failed = app.call_from_thread(_open_suspended, app, url)
    if failed is None:
        # A graphical browser, or no terminal to give away (a headless run):
        # one that runs until it exits is never on the event loop.
        failed = browser.open_url(url)
    if failed:
        say(f"{url} not opened: {failed}")
    else:
        say(f"opened {url} in the browser")


def _open_suspended(app: App, url: str) -> str | None:
    """Open ``url`` in a browser that draws in this terminal, with the app
    suspended: it shows on its own and reads the keys until it exits (the
    event loop waits, having nothing to draw). None when the app cannot give
    the terminal away; else what ``browser.open_url`` says."""
    from textual.app import SuspendNotSupported

    from tui import browser

    try:
        with app.suspend():
            return browser.open_url(url)
    except SuspendNotSupported:
        return None
