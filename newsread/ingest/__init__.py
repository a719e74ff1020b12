"""How news arrives: files and stdin, whole-page dumps, same-story grouping, the demo.

- ``sources``: files, folders and stdin read and decoded into ``InputText``, or rejected.
- ``dumps``: a saved or copied whole page cut down to the article (title, date, body).
- ``furniture``: the tables and line tests that tell page furniture from article text.
- ``samestory``: which articles tell the same story (word shingles).
- ``demo``: the demo articles.

May import ``newsread.model``, ``newsread.sanitize``, the standard library and
third-party packages; never ``newsread.analysis`` or ``newsread.annotations``.
"""
