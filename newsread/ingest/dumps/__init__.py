"""Plain-text news dumps: split into articles, strip page furniture, read the metadata.

A dump is what a person gets by copying a news page (or an aggregator's page)
into a text file: the story, a byline somewhere, widgets and menus, and often
"related" stories glued on after it. ``parse_dump`` returns one
``ParsedArticle`` per story, in the order they appear.

How it works, line by line:

0. A dump with a blank line after every line (no two lines touch, and wider
   gaps part the blocks) has every gap halved (``spacing``). A dump
   hard-wrapped at a fixed width (a text browser's or a mail's 60-80
   columns) has each paragraph joined back into one line first (``unwrap``):
   most lines near the width go on below, mid-sentence.
1. Every line is classified: prose (running text), blank, furniture (widgets,
   stamps, sign-ups: see ``furniture``), a *boundary* (a "Related articles"
   heading, a relative time stamp, an outlet label "- Outlet", a copyright
   line, a byline, a date-only stamp, unless it is a video's running time
   set under its "WATCH:" line; "- Outlet" lines one under the other
   are a bulleted list, not outlet labels), or a short line (headline, label,
   sub-heading, list item). Furniture includes text-shaped page parts: cookie
   banners, captions with a credit, calls to subscribe, source-list entries,
   a footer's trademark notice ("X and Y are registered trademarks of Z."),
   a widget's label or button set tight against its text ("Accept" under a
   cookie banner, a newsletter box's heading), runs of teasers cut off with
   an ellipsis, a sentence among a block of
   links (one line each, no blank line between), and long prose lines that
   occur twice on the page. A comment-thread heading or a commenter's signature
   ("jdoe says:") is a boundary: reader comments never continue a story, and
   under a thread after the main story no run of prose is an article. A run
   whose words mostly repeat an earlier story (a print or phone copy of it on
   the same page) is that story again, not another article.
2. Stories are maximal runs of prose. Short lines between prose lines stay in
   the story (sub-headings, bullet lists) as long as there are at most
   ``MAX_GAP`` of them in a row, or however many when a story line ending in a
   colon announced them as a list (a widget set into the list does not end
   it); a boundary line always ends the story, because
   aggregators put exactly those between one story and the next. After a
   box the story resumes only with its own text (a "Read more" box of one
   teaser, its heading and at most two lines, is such a box; its headline
   is the link's, and a sentence set tight under it, in the heading's
   block, is the teaser's blurb; lines below such a tight box are the
   story's again): a run of teasers (short
   lines shaped as headlines or cut off with an ellipsis) is the box's.
   A second story glued on after the first (its headline, under a section
   heading or none, over a lede that says again what the headline says) is
   an article of its own, not a box's teaser or a sub-heading (``glued``).
   Short headline-less runs before the main (longest) story are dropped: a
   headline counts for them only with a byline or date beside it, because the
   page title at the top of a saved page is not the headline of the cookie
   notice or promo under it; a run under a box's heading ("Most read") is
   dropped when merely smaller than the main story. A date stamp is never crossed: a short run
   above one is the standfirst of the story below it. A story whose dateline
   stands on a line of its own ("BAAR, SWITZERLAND") starts there; one under
   a box of its key points ("Key Points" and a few lines) starts after it.
   The main story comes first: the one whose headline the page's title bar
   (its first line) repeats, or else, when a later story, not much smaller
   than the first, shares clearly more of the title bar's words in its
   headline and opening, that one (``title_match``).
3. The lines before a story are its header: the nearest title-like line is the
   title; bylines, dates and outlet labels fill the metadata. The lines after it
   up to the next header are its trailer (a closing byline, a copyright line).
4. Paragraphs are cleaned of in-paragraph furniture and whitespace-normalised.
   A short line right after the story's last paragraph that ends a sentence
   (a full stop or "!": "That's right," she said.) is its closing line.
   The story's tail is trimmed: short link lines after its last sentence, and
   a writer's bio, a company "About" paragraph or a disclaimer near the end
   together with everything after it, and the page's pitches to the reader
   (subscribe, join, follow) after its last sentence (see ``_trim_tail``).

Body format: one paragraph per line of input, paragraphs separated by a blank
line, single spaces inside, characters otherwise as in the input (quotes are
not straightened: annotations quote the text exactly).

What was cut: ``removed`` lists the text of every line and in-paragraph
piece left out, and ``cuts`` gives each its reason (``furniture.reasons``:
the rule that matched, or where it stood: before the story, inside a box the
story was merged across, after its end) and its body offset, in body order,
so the reader can show a cut between the kept lines and put it back. Computing
them changes nothing of what is kept.

Datelines: a wire dateline ("BANGKOK — ", "CITY, Country (AP) — ") is read
into ``dateline``, which readers show in the metadata line, and stays where
the page printed it, at the start of the body: it is the story's first words
as its writer filed them, and a page imported as HTML keeps it there too.

Modules, in the order a dump goes through them: ``parse`` (``parse_dump``, the
steps in order), ``spacing`` (doubled blank lines halved), ``unwrap``
(wrapped paragraphs joined), ``stories``
(classifying lines, finding the runs of prose), ``glued`` (a second story
run on after the first), ``openings`` (page parts at
the top of a run of prose), ``header`` (headline and metadata around a
story), ``assembly`` (body, tail, derived titles), ``title_match`` (the story
the title bar names); ``shared`` holds the tuning, the line kinds and the
records.
Imports ``newsread.ingest.furniture``, ``lazy_names`` and the standard library only.
"""

from typing import TYPE_CHECKING

from newsread.ingest.lazy_names import lazy_names

if TYPE_CHECKING:
    from newsread.ingest.dumps.assembly import derive_title, first_sentence
    from newsread.ingest.dumps.parse import parse_dump
    from newsread.ingest.dumps.shared import ParsedArticle

#: The module each name lives in, loaded when first asked for: JSON records
#: are built as ParsedArticle without loading the parser or the line rules.
_HOME = {
    "derive_title": "assembly",
    "first_sentence": "assembly",
    "parse_dump": "parse",
    "ParsedArticle": "shared",
}


__getattr__ = lazy_names(__name__, _HOME)


__all__ = ["ParsedArticle", "derive_title", "first_sentence", "parse_dump"]
