"""Which kind of web browser ``o`` starts: one drawing in this terminal must
have it to itself, one with its own window must not block the app.

Python's webbrowser starts a graphical browser in the background
(BackgroundBrowser and the remote-controlled kinds) and waits for every other
command (GenericBrowser): the console browsers it knows (w3m, lynx, links,
elinks, www-browser) and any $BROWSER it does not know to be graphical. A
command it waits for is taken to use the terminal, as newsboat does.

A $BROWSER command line with ``%s`` is split as webbrowser splits it, a last
``&`` making it a background one (``firefox %s &``, a common setting).
"""

from __future__ import annotations

import os
import subprocess
import webbrowser

#: Why nothing opened when no browser is known or every one failed.
NO_BROWSER = "no browser could be started (set $BROWSER)"

#: Seconds a browser started in the background has to fail before it counts
#: as opened. webbrowser looks once, at once: ``firefox %s &`` handing the
#: address to a Firefox already running exits 0 straight away, and was called
#: a failure though the page opened.
BACKGROUND_START = 1.0


def runs_in_terminal() -> bool:
    """Whether the browser webbrowser would start first is one it waits for,
    which is taken to draw in this terminal and read its keys."""
    try:
        controller = webbrowser.get()
    except webbrowser.Error:
        return False  # none at all: open_url says so
    return type(controller) is webbrowser.GenericBrowser


def open_url(url: str) -> str:
    """Open ``url`` as webbrowser does; "" once opened, else why not."""
    try:
        controller = webbrowser.get()
    except webbrowser.Error:
        return NO_BROWSER
    if type(controller) is webbrowser.BackgroundBrowser:
        return _open_in_background(controller, url)
    try:
        return "" if webbrowser.open(url) else NO_BROWSER
    except webbrowser.Error:
        return NO_BROWSER


def _open_in_background(controller: webbrowser.BackgroundBrowser, url: str) -> str:
    """The command line webbrowser made of $BROWSER, started as it starts it
    (a session of its own), judged by how it ends: an exit with 0 (the address
    handed to a running browser) or still running is opened. Its output goes
    nowhere: written over the app, it scribbled on the screen."""
    command = [controller.name, *(arg.replace("%s", url) for arg in controller.args)]
    name = os.path.basename(controller.name)
    try:
        process = subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            close_fds=True,
            start_new_session=True,
        )
    except OSError as exc:
        return f"{name} could not be started: {exc.strerror or exc}"
    try:
        status = process.wait(timeout=BACKGROUND_START)
    except subprocess.TimeoutExpired:
        return ""  # a browser of its own, still running
    return "" if status == 0 else f"{name} failed (exit status {status})"
