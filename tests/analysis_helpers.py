"""What the analysis tests share: one text analysed, and the claim holding a fragment."""

from __future__ import annotations

from newsread.analysis import Analysis, Claim, analyze_texts


def analyse(pipeline, text: str) -> Analysis:
    return next(analyze_texts([text], pipeline))


def claim_with(analysis: Analysis, fragment: str) -> Claim:
    for claim in analysis.claims:
        if claim.content and fragment in claim.content.text:
            return claim
    raise AssertionError(f"no claim whose content holds {fragment!r}")
