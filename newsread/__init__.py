"""newsread domain core: articles, import and cleaning, analysis, anchoring, export.

Pure Python: nothing here imports Textual or TinyDB.
"""

__version__ = "0.1.0"
