"""URLs in scraped text: where they start and where they really end."""

from __future__ import annotations

import pytest

from generator.text.weblinks import clean_url, find_urls


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://github.com/a/b", "https://github.com/a/b"),
        ("https://github.com/a/b.", "https://github.com/a/b"),
        ("https://github.com/a/b,", "https://github.com/a/b"),
        ("https://github.com/a/b;", "https://github.com/a/b"),
        ("https://github.com/a/b...", "https://github.com/a/b"),
        ("https://github.com/a/b).", "https://github.com/a/b"),
        ("https://github.com/a/b)", "https://github.com/a/b"),
        ("https://github.com/a/b.git", "https://github.com/a/b.git"),
        ("https://en.wikipedia.org/wiki/Foo_(bar)", "https://en.wikipedia.org/wiki/Foo_(bar)"),
        ("https://en.wikipedia.org/wiki/Foo_(bar)).", "https://en.wikipedia.org/wiki/Foo_(bar)"),
        ("https://x.org/a”", "https://x.org/a"),
        ("https://x.org/?q=1!", "https://x.org/?q=1"),
        ("https://x.org/a]", "https://x.org/a"),
        ("https://x.org/a}", "https://x.org/a"),
        ("https://x.org/[a]", "https://x.org/[a]"),
    ],
)
def test_clean_url(url: str, expected: str) -> None:
    assert clean_url(url) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Code: https://github.com/a/b.", ["https://github.com/a/b"]),
        ("(code at https://github.com/a/b)", ["https://github.com/a/b"]),
        ("[code at https://github.com/a/b]", ["https://github.com/a/b"]),
        ("see https://a.org/x, and http://b.org/y.", ["https://a.org/x", "http://b.org/y"]),
        ('"https://a.org/q"', ["https://a.org/q"]),
        ("<https://a.org/q>", ["https://a.org/q"]),
        ("no url, just https:// and ftp://x.org", []),
        ("www.example.com is not linked", []),
        # No host urlsplit reads: it raised ValueError and the build crashed.
        ("see http://[x and http://a]b/ too", []),
        ("http://[::1]/x and http://u@h:80/p", ["http://[::1]/x", "http://u@h:80/p"]),
        ("http://@/ and http://:80/", []),
    ],
)
def test_find_urls(text: str, expected: list[str]) -> None:
    found = find_urls(text)
    assert [url for _, _, url in found] == expected
    assert all(text[start:end] == url for start, end, url in found)
