"""Web addresses compared however they are spelt (newsread.urls)."""

from __future__ import annotations

import pytest

from newsread.urls import canonical_url, page_address, without_fragment


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("HTTP://Example.COM/Feed.xml", "http://example.com/Feed.xml"),
        ("http://example.com:80/feed.xml#top", "http://example.com/feed.xml"),
        ("https://example.com:443", "https://example.com/"),
        ("https://example.com:8443/a?b=1&c=2#x", "https://example.com:8443/a?b=1&c=2"),
        ("http://[::1]:80/f", "http://[::1]/f"),
        ("http://127.0.0.1:8720/rss.xml", "http://127.0.0.1:8720/rss.xml"),
    ],
)
def test_spellings_of_one_address_compare_equal(given: str, expected: str) -> None:
    assert canonical_url(given) == expected


@pytest.mark.parametrize(
    "given", ["/home/me/feed.xml", "file:///tmp/feed.xml", "pod-12", "http://", "http://x:no/"]
)
def test_what_is_no_web_address_has_no_canonical_form(given: str) -> None:
    assert canonical_url(given) == ""


def test_the_fragment_alone_is_dropped_from_what_the_user_typed() -> None:
    assert without_fragment("HTTP://Example.com/f.xml#frag") == "HTTP://Example.com/f.xml"


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("http://h.test/s.html?utm_source=x#top", "http://h.test/s.html"),
        ("http://h.test/s?id=7&UTM_Medium=m&fbclid=1&gclid=2", "http://h.test/s?id=7"),
        ("http://h.test/s?mc_cid=a&b=2&mc_eid=c", "http://h.test/s?b=2"),
        ("http://h.test/s?utmost=1&id=2", "http://h.test/s?utmost=1&id=2"),
        ("/home/me/page.html", ""),
    ],
)
def test_a_pages_address_is_compared_without_its_tracking_parameters(
    given: str, expected: str
) -> None:
    assert page_address(given) == expected
