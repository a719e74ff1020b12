"""Everything that faces a person at a terminal: the Textual app and the CLI."""
