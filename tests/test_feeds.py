"""Feed documents (RSS, Atom, JSON Feed), HTML fragments into text, OPML and
newsboat subscription lists. No network: see test_refresh.py for that."""

from __future__ import annotations

import pytest

from newsread.ingest.feeds import (
    FeedError,
    discover_feeds,
    html_to_text,
    looks_like_feed,
    parse_feed,
    plain_to_text,
)
from newsread.ingest.opml import (
    FeedSpec,
    SubscriptionListError,
    read_opml,
    read_subscriptions,
    read_urls,
    write_opml,
)
from tests.http_server import STORIES, Entry, atom, json_feed, rss, story_text

BASE = "http://127.0.0.1:9/"
ENTRIES = [
    Entry("bridge", BASE + "bridge", guid="tag:valley,2026:1"),
    Entry("orchard", BASE + "orchard", guid="tag:valley,2026:2", full=False),
    Entry("choir", BASE + "choir", guid="tag:valley,2026:3"),
]


@pytest.mark.parametrize("build", [rss, atom, json_feed], ids=["rss", "atom", "json"])
def test_full_content_and_summary_only_entries(build):
    data = build(ENTRIES).encode()
    assert looks_like_feed(data)
    feed = parse_feed(data, BASE + "feed")
    assert feed.title.startswith("Valley Post")
    assert feed.problem == ""
    by_link = {e.link: e for e in feed.entries}
    assert list(by_link) == [BASE + "bridge", BASE + "orchard", BASE + "choir"]
    full = by_link[BASE + "bridge"]
    assert full.title == STORIES["bridge"][0]
    assert full.content == story_text("bridge")
    assert full.published == "2026-03-02"
    assert full.author == "Local Desk"
    assert full.guid
    summary_only = by_link[BASE + "orchard"]
    assert summary_only.content == "" and summary_only.summary.endswith("...")
    # JSON Feed's content_text is read as well as content_html.
    assert by_link[BASE + "choir"].content == story_text("choir")


def test_rss_091_and_rdf_are_read():
    rss091 = (
        '<?xml version="1.0"?><rss version="0.91"><channel><title>Old style</title>'
        "<link>http://127.0.0.1/</link><description>d</description>"
        "<item><title>One</title><link>http://127.0.0.1/1</link>"
        "<description>Only a summary here.</description></item></channel></rss>"
    )
    feed = parse_feed(rss091.encode())
    assert feed.kind == "rss091u" or feed.kind.startswith("rss09")
    assert [e.title for e in feed.entries] == ["One"]


def test_broken_xml_still_gives_its_entries():
    # A bare ampersand and an unclosed element: not well-formed, read anyway.
    data = (
        rss(ENTRIES)
        .replace("Local news", "Local & regional news")
        .replace("</channel>", "<oops></channel>")
    )
    feed = parse_feed(data.encode())
    assert feed.problem
    assert [e.title for e in feed.entries] == [
        STORIES[k][0] for k in ("bridge", "orchard", "choir")
    ]
    assert feed.entries[0].content == story_text("bridge")


def test_not_a_feed_is_refused():
    with pytest.raises(FeedError, match="not a feed") as refused:
        parse_feed(b"<!doctype html><html><body><p>Hello</p></body></html>")
    # Said in the user's terms, not the XML parser's ("<unknown>:1:0: ...").
    assert str(refused.value) == "not a feed (no RSS, Atom or JSON Feed in it)"
    with pytest.raises(FeedError, match="no RSS, Atom or JSON Feed in it"):
        parse_feed(b"<html><body><p>Broken <b>page</p>")
    with pytest.raises(FeedError):
        parse_feed(b'{"version": "https://jsonfeed.org/version/1.1", "items": 3}')
    assert not looks_like_feed(b"<!doctype html><html><body>rss</body></html>")


def test_entries_without_a_title_get_one_from_their_text():
    doc = {
        "version": "https://jsonfeed.org/version/1",
        "title": "Notes",
        "items": [{"id": "n1", "content_text": "A short note about the weather today. More."}],
    }
    import json

    feed = parse_feed(json.dumps(doc).encode())
    assert feed.entries[0].title.startswith("A short note about the weather")
    assert feed.kind == "json1"


def test_html_fragments_become_paragraphs():
    fragment = (
        "<div><p>First <b>bold</b> and <a href='x'>linked</a>.</p>"
        "<script>alert(1)</script><style>p{}</style>"
        "<ul><li>one</li><li>two</li></ul>Tail text<br>after a break</div>"
    )
    assert (
        html_to_text(fragment)
        == "First bold and linked.\n\none\n\ntwo\n\nTail text\n\nafter a break"
    )
    assert html_to_text("<p>caf&eacute; &amp; co &#8212; ok</p>") == "caf\u00e9 & co \u2014 ok"
    page = "<html><head><title>T</title></head><body><p>Story.</p></body></html>"
    assert html_to_text(page) == "Story."


def test_plain_text_paragraphs():
    assert plain_to_text("one\ntwo\n\nthree") == "one two\n\nthree"
    assert plain_to_text("one\r\ntwo") == "one\n\ntwo"


def test_feed_links_are_discovered_in_a_page():
    page = (
        '<html><head><link rel="stylesheet" href="/s.css">'
        '<link rel="alternate" type="application/rss+xml" href="/feed.xml">'
        '<link rel="alternate" type="application/atom+xml" href="https://127.0.0.1/atom">'
        "</head><body></body></html>"
    )
    assert discover_feeds(page, "http://127.0.0.1:8/news/") == [
        "http://127.0.0.1:8/feed.xml",
        "https://127.0.0.1/atom",
    ]


# -- OPML and newsboat ---------------------------------------------------------------------------


def test_opml_round_trip():
    specs = [
        FeedSpec("http://127.0.0.1:9/a.xml", "Valley Post", ["local", "daily"], "http://x/"),
        FeedSpec("http://127.0.0.1:9/b.json", "Harbour & Hills <news>", []),
    ]
    text = write_opml(specs)
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>')
    back, problems = read_opml(text.encode())
    assert problems == []
    assert back == specs


def test_opml_folders_are_folders_not_tags():
    # A folder's title made into tags was cut at its commas ("Local, Regional"
    # gave two tags) and shown among the tags; only category gives tags.
    opml = b"""<?xml version="1.0"?><opml version="1.0"><head><title>x</title></head><body>
      <outline text="Local"><outline text="Town" type="rss" xmlUrl="http://127.0.0.1/t"/>
        <outline text="Sport"><outline title="Club" type="rss" xmlUrl="http://127.0.0.1/c"
           category="football"/></outline></outline>
      <outline text="Broken" type="rss"/>
    </body></opml>"""
    specs, problems = read_subscriptions(opml)
    assert [(s.url, s.name, s.tags, s.folders) for s in specs] == [
        ("http://127.0.0.1/t", "Town", [], [["Local"]]),
        ("http://127.0.0.1/c", "Club", ["football"], [["Local", "Sport"]]),
    ]
    assert problems == ["outline 'Broken' has no xmlUrl"]


_FOLDERS = b"""<?xml version="1.0"?><opml version="2.0"><head/><body>
  <outline text="Local"><outline text="City &amp; Harbour">
    <outline text="Quay" type="rss" xmlUrl="http://127.0.0.1/q"/></outline>
    <outline text="Both" type="rss" xmlUrl="http://127.0.0.1/b" category="daily"/></outline>
  <outline title="Sub, with comma">
    <outline text="Both" type="rss" xmlUrl="HTTP://127.0.0.1:80/b#again"/></outline>
</body></opml>"""


def test_opml_folders_keep_their_names_nesting_and_every_listing():
    specs, problems = read_subscriptions(_FOLDERS)
    assert problems == []
    assert [(s.url, s.folders, s.tags) for s in specs] == [
        ("http://127.0.0.1/q", [["Local", "City & Harbour"]], []),
        ("http://127.0.0.1/b", [["Local"], ["Sub, with comma"]], ["daily"]),
    ]


def test_opml_export_writes_folders_as_nested_outlines_that_read_back():
    import xml.etree.ElementTree as ET

    specs, _ = read_subscriptions(_FOLDERS)
    text = write_opml(specs)
    body = ET.fromstring(text).find("body")
    assert [o.get("text") for o in body] == ["Local", "Sub, with comma"]
    local, comma = body
    assert [o.get("text") for o in local] == ["City & Harbour", "Both"]
    assert [o.get("xmlUrl") for o in local[0]] == ["http://127.0.0.1/q"]
    listed = [(o.get("xmlUrl"), o.get("category")) for o in comma]
    assert listed == [("http://127.0.0.1/b", "daily")]
    assert "Local,City" not in text
    back, problems = read_opml(text.encode())
    assert problems == [] and back == specs


def test_opml_outlines_without_an_http_url_are_problems_not_feeds():
    # They were subscribed as they stood, to fail at every refresh (file://
    # is refused there), while the same lines of a urls file were skipped.
    opml = b"""<?xml version="1.0"?><opml version="2.0"><head/><body>
      <outline text="Local file" type="rss" xmlUrl="file:///etc/hostname"/>
      <outline text="Relative" type="rss" xmlUrl="/feed.xml"/>
      <outline text="Town" type="rss" xmlUrl="HTTPS://127.0.0.1/t"/>
    </body></opml>"""
    specs, problems = read_opml(opml)
    assert [s.url for s in specs] == ["HTTPS://127.0.0.1/t"]
    assert problems == [
        "outline 'Local file': 'file:///etc/hostname' is not an http(s) feed URL",
        "outline 'Relative': '/feed.xml' is not an http(s) feed URL",
    ]


def test_bad_opml_is_one_reason():
    with pytest.raises(SubscriptionListError, match="not well-formed OPML"):
        read_opml(b"<opml><body><outline></body>")


def test_newsboat_urls_file():
    text = "\n".join(
        [
            "# my feeds",
            "http://127.0.0.1/a.xml",
            'http://127.0.0.1/b.xml "local" "~Valley Post" "!hidden"  # trailing comment',
            '"query:Unread Articles:unread = \\"yes\\""',
            'https://127.0.0.1/c.xml "two words" local "!"',
            "exec:~/bin/make-feed.sh",
            "   ",
        ]
    )
    specs, problems = read_subscriptions(text.encode())
    # "!" and "!hidden" are newsboat's hidden-feed marks, never tags.
    assert [(s.url, s.name, s.tags) for s in specs] == [
        ("http://127.0.0.1/a.xml", "", []),
        ("http://127.0.0.1/b.xml", "Valley Post", ["local"]),
        ("https://127.0.0.1/c.xml", "", ["two words", "local"]),
    ]
    assert problems == [
        "line 4: 'query:Unread Articles:unread = \"yes\"' is a newsboat query feed "
        "(a saved search), not a subscription; search the library with: newsread search",
        "line 6: 'exec:~/bin/make-feed.sh' is not an http(s) feed URL",
    ]


def test_urls_file_that_is_not_text():
    with pytest.raises(SubscriptionListError, match="neither OPML nor a urls file"):
        read_subscriptions(b"\xff\xfe\x00binary")
    assert read_urls("") == ([], [])
