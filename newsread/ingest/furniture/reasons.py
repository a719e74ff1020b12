"""Why cleaning cut a piece of text: the names the reader and ``i`` show beside it.

One name per rule family, worded for the person reading the article (they
decide whether a cut was right), not for the rule's implementation. The line
rules (``lines``), the in-paragraph rules (``inline``) and the dump parser's
structural cuts (``dumps``) all draw from this one list, so the same page part
is called the same thing wherever it was found.
"""

from __future__ import annotations

# Widgets and page chrome
SHARE_BAR = "share bar"
NEWSLETTER = "newsletter sign-up"
SIGN_IN = "sign-up or log-in link"
CALL_TO_ACTION = "call to follow or join"
ADVERT = "advertisement"
SPONSOR = "sponsor credit"
PROMO = "app or feature promo"
NAVIGATION = "navigation link"
TOPICS = "tags and topics"
CONSENT = "cookie notice"
AFFILIATE = "affiliate note"
#: "This article is for subscribers only.", "Already a subscriber? Log in"
PAYWALL = "paywall notice"

# Media
PHOTO_CAPTION = "photo caption"
VIDEO_CAPTION = "video caption"
VIDEO_LINK = "video or audio pointer"
#: A photo gallery's controls: "Photo 2 of 12", "1 / 3", "Back to gallery".
GALLERY = "gallery controls"

# Around the story
RELATED = "related links"
TEASERS = "teaser list"
COMMENTS = "comments"
TIME_AGO = "time-ago stamp"
DATE_STAMP = "date stamp"
OUTLET = "outlet line"
COPYRIGHT = "copyright line"
#: "X and Y are registered trademarks of Z." in a page's footer.
TRADEMARK = "trademark notice"
#: "The post ... appeared first on ...", "This article was originally published on ..."
FIRST_PUBLISHED = "note on where it first appeared"
SOURCES = "source list"
REPEATED = "repeated on the page"
LABEL = "menu or label"
PAGE_TEXT = "page text before the story"
OTHER_STORY = "glued-on other story"
#: Key points set above the story ("Highlights"), which the story tells again.
SUMMARY = "summary box above the story"
BOX = "box inside the story"
#: A web page's headline, shown as the article's title rather than in its body.
HEADLINE = "headline (shown as the title)"
#: A web page's block that no rule names but that is not in the story: menus,
#: footers, sidebars, told apart by trafilatura from the page's layout.
LAYOUT = "not part of the story (page layout)"

# Metadata taken out of the text (shown in the reader's details line instead)
BYLINE = "byline (moved to metadata)"
#: No longer cut (the dateline stays in the body); the name stays for the cuts
#: that articles imported before carry in the library.
DATELINE = "dateline (moved to metadata)"

# The story's tail
BIO = "writer's bio"
ABOUT = "about the company or disclaimer"
AFTER_END = "after the story's end"

#: A line the user cut by hand in the reader (``storage.corrections``).
BY_USER = "cut by you"
