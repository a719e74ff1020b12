"""Drawing text that came from a file or a person.

Every title, source, note, tag name, quote and entity the screens draw goes
through here: as a Rich ``Text`` it is never parsed as markup (``[red]`` or
``[/]`` in a title stays literal), and ``visible`` has replaced the control
characters a terminal would obey (see ``newsread.sanitize``).

For APIs that take a string (``notify``, an ``Input``'s value), pass
``visible(text)`` with ``markup=False`` where the API offers it.
"""

from __future__ import annotations

from rich.style import StyleType
from rich.text import Text

from newsread.sanitize import visible

__all__ = ["shown", "visible"]


def shown(text: str, style: StyleType = "") -> Text:
    """``text`` ready to draw: literal, with visible stand-ins for control characters."""
    return Text(visible(text), style=style)
