"""The user's corrections of the analysis as storage reads them: annotations
whose ``data`` has a ``correction`` (made by the reader's E and K keys). The
search index and the statistics count the entities, speakers and claims as
the reader shows them, not as the model had them: a cached analysis is put
through the same ``apply_corrections`` the reader uses, for the articles that
have corrections (few; the others are read raw, fast)."""

from __future__ import annotations

from typing import Any

from newsread.analysis import Analysis
from newsread.analysis.corrections import CORRECTION, apply_corrections
from newsread.model import Annotation


def is_correction(doc: dict[str, Any]) -> bool:
    """Whether an annotation record (as stored) is a correction of the analysis."""
    data = doc.get("data")
    return isinstance(data, dict) and isinstance(data.get(CORRECTION), dict)


def corrected_analysis(
    analysis: dict[str, Any], docs: list[dict[str, Any]], body: str
) -> dict[str, Any]:
    """A cached analysis (its stored dict) with the corrections among ``docs``
    applied; unchanged when there are none or either side is malformed (what
    the index and the statistics then count is the model's)."""
    found = [doc for doc in docs if is_correction(doc)]
    if not found:
        return analysis
    try:
        parsed = Analysis.from_dict(analysis)
        annotations = [Annotation.from_dict(doc) for doc in found]
    except (KeyError, TypeError, ValueError):
        return analysis
    return apply_corrections(parsed, annotations, body).to_dict()
