"""Page furniture: the text around and inside a news story that is not the story.

A dump copied from a web page carries navigation, share menus, newsletter
sign-ups, comment widgets, time stamps and copyright lines. Two kinds of rules:

* **Line rules** decide what a whole line is (furniture, a heading, a byline,
  an outlet label, a time stamp). They look at shape (length, final
  punctuation) and at wording that only page chrome uses.
* **In-paragraph rules** cut furniture that the copy flattened *into* a
  paragraph (a sign-up blurb or a video caption between two sentences). These
  are conservative: each needs a distinctive anchor phrase, because cutting a
  real sentence is worse than leaving a stray menu label.

Every rule is written for the pattern, not for one site's exact string.

- ``shape``: word counts and sentence ends (a leaf).
- ``lines``: the line rules, their pattern tables beside them.
- ``metadata``: bylines, wire datelines and dates.
- ``inline``: the in-paragraph rules.
- ``quality``: how much a line reads like running text.
- ``summary``: the heading of a key-points box above the story.
- ``legal``: legal notices besides the copyright line (trademark notices).
- ``reasons``: the names of the reasons a piece was cut, shown to the user.

Each rule that cuts can say why: ``furniture_reason`` and
``page_chrome_reason`` name the line rule that matched, and
``clean_paragraph_cuts`` gives each in-paragraph cut its reason and offset.

Imports only the standard library and ``lazy_names``; ``dumps`` reads it as
``furniture.<name>`` through the names re-exported here, each loaded when
first used.
"""

from typing import TYPE_CHECKING

from newsread.ingest.lazy_names import lazy_names

if TYPE_CHECKING:
    from newsread.ingest.furniture import reasons
    from newsread.ingest.furniture.inline import (
        InlineCut,
        clean_paragraph,
        clean_paragraph_cuts,
        cut_video_captions,
        normalise_space,
    )
    from newsread.ingest.furniture.legal import is_trademark_notice
    from newsread.ingest.furniture.lines import (
        copyright_holder,
        furniture_reason,
        is_about_boilerplate,
        is_bio,
        is_call_to_action,
        is_caption,
        is_comment_mark,
        is_consent_notice,
        is_copyright,
        is_credit_line,
        is_cut_teaser,
        is_furniture_line,
        is_page_chrome,
        is_paywall_notice,
        is_related_heading,
        is_relative_time,
        is_stamp,
        is_tail_clutter,
        is_title_like,
        opens_comment_thread,
        outlet_label,
        page_chrome_reason,
        tail_pitch_reason,
    )
    from newsread.ingest.furniture.metadata import Byline, find_date, parse_byline, split_dateline
    from newsread.ingest.furniture.quality import STOPWORDS, LineShape, line_quality, line_shape
    from newsread.ingest.furniture.shape import ends_sentence, is_prose, word_count
    from newsread.ingest.furniture.summary import is_summary_heading

#: The module each name lives in, loaded when the name is first asked for: a
#: caller that needs one helper (JSON records need normalise_space and
#: find_date) does not compile the line rules' pattern tables (~30 ms).
_HOME = {
    **dict.fromkeys(
        ("InlineCut", "clean_paragraph", "clean_paragraph_cuts", "cut_video_captions",
         "normalise_space"),
        "inline",
    ),
    **dict.fromkeys(
        ("copyright_holder", "furniture_reason", "is_about_boilerplate", "is_bio",
         "is_call_to_action", "is_caption", "is_comment_mark", "is_consent_notice",
         "is_copyright", "is_credit_line", "is_cut_teaser", "is_furniture_line",
         "is_page_chrome", "is_paywall_notice", "is_related_heading", "is_relative_time",
         "is_stamp",
         "is_tail_clutter", "is_title_like", "opens_comment_thread", "outlet_label",
         "page_chrome_reason", "tail_pitch_reason"),
        "lines",
    ),
    **dict.fromkeys(("Byline", "find_date", "parse_byline", "split_dateline"), "metadata"),
    **dict.fromkeys(("STOPWORDS", "LineShape", "line_quality", "line_shape"), "quality"),
    **dict.fromkeys(("ends_sentence", "is_prose", "word_count"), "shape"),
    "is_summary_heading": "summary",
    "is_trademark_notice": "legal",
}  # fmt: skip


__getattr__ = lazy_names(__name__, _HOME, frozenset({"reasons"}))


__all__ = [
    "STOPWORDS",
    "Byline",
    "InlineCut",
    "LineShape",
    "clean_paragraph",
    "clean_paragraph_cuts",
    "copyright_holder",
    "cut_video_captions",
    "ends_sentence",
    "find_date",
    "furniture_reason",
    "is_about_boilerplate",
    "is_bio",
    "is_call_to_action",
    "is_caption",
    "is_comment_mark",
    "is_consent_notice",
    "is_copyright",
    "is_credit_line",
    "is_cut_teaser",
    "is_furniture_line",
    "is_page_chrome",
    "is_paywall_notice",
    "is_prose",
    "is_related_heading",
    "is_relative_time",
    "is_stamp",
    "is_summary_heading",
    "is_tail_clutter",
    "is_title_like",
    "is_trademark_notice",
    "line_quality",
    "line_shape",
    "normalise_space",
    "opens_comment_thread",
    "outlet_label",
    "page_chrome_reason",
    "parse_byline",
    "reasons",
    "split_dateline",
    "tail_pitch_reason",
    "word_count",
]
