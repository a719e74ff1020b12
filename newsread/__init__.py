"""newsread domain core: the records, and how news arrives, is analysed and annotated.

Pure Python: nothing here imports Textual or TinyDB, and spaCy only inside the
functions that need it, so importing any of it is cheap.

- ``model``: the shared records (Article, Annotation, Tag, quote context). A leaf.
- ``sanitize``: text made safe to draw on a terminal. A leaf.
- ``config``: the user's config file; may import ``newsread.analysis.pipeline`` and
  ``newsread.analysis.checkworthy_choice``.
- ``ingest``: how news arrives (files and stdin, page dumps, same-story grouping, the demo).
- ``analysis``: the spaCy pipeline and the entity, quote, attribution and claim rules.
- ``annotations``: anchoring annotations to text, fuzzy search, text spans, export.

``ingest``, ``analysis`` and ``annotations`` never import each other: each may
import only ``newsread.model``, ``newsread.sanitize``, the standard library and
third-party packages, so each can change without the others noticing.
"""

__version__ = "0.1.0"
