"""Web addresses compared however they are spelt (newsread.urls)."""

from __future__ import annotations

import pytest

from newsread.urls import canonical_url, without_fragment


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
