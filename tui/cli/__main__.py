"""``python -m tui.cli``: the same as the ``newsread`` command."""

import sys

from tui.cli import main

sys.exit(main())
