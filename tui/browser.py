"""Which kind of web browser ``o`` starts: one drawing in this terminal must
have it to itself, one with its own window must not block the app.

Python's webbrowser starts a graphical browser in the background
(BackgroundBrowser and the remote-controlled kinds) and waits for every other
command (GenericBrowser): the console browsers it knows (w3m, lynx, links,
elinks, www-browser) and any $BROWSER it does not know to be graphical. A
command it waits for is taken to use the terminal, as newsboat does.
"""

from __future__ import annotations

import webbrowser


def runs_in_terminal() -> bool:
    """Whether the browser webbrowser would start first is one it waits for,
    which is taken to draw in this terminal and read its keys."""
    try:
        controller = webbrowser.get()
    except webbrowser.Error:
        return False  # none at all: open_url says so
    return type(controller) is webbrowser.GenericBrowser


def open_url(url: str) -> bool:
    """Open ``url`` as webbrowser does, False when no browser could."""
    try:
        return webbrowser.open(url)
    except webbrowser.Error:
        return False
