"""Web addresses in scraped text: where each one starts, and where it really ends.

A URL in an abstract runs to the first space or quote; trailing sentence punctuation
and closing brackets it did not open are not part of it. Every stage that links or
weighs a URL in text (mentions, tags, abstract checks, rendering) finds it here.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

URL = re.compile(r"https?://[^\s<>\"'`]+")
_TRAILING = ".,;:!?'\"”’»"
_CLOSERS = {")": "(", "]": "[", "}": "{"}
# A tail's runs: of one closing bracket, or of sentence punctuation (all of it goes).
# Single-character classes, not "(.)\1*": a backreference is ten times slower per
# character of a run of a million ")".
_TAIL_RUNS = re.compile(r"\)+|\]+|\}+|[^)\]}]+")


def clean_url(url: str) -> str:
    """Strip trailing sentence punctuation (and an unbalanced ``)``) from a found URL.

    Walks the URL's tail of punctuation and closing brackets from the right a run of
    equal characters at a time: linear time, and one step for a million ``)``.
    """
    stripped = url.rstrip(_TRAILING + "".join(_CLOSERS))
    if len(stripped) == len(url):
        return url
    # The tail holds no opening bracket: the counts of openers stay as they are.
    excess = {closer: url.count(closer) - url.count(opener) for closer, opener in _CLOSERS.items()}
    end = len(url)
    for run in reversed(list(_TAIL_RUNS.finditer(url, len(stripped)))):
        char, size = run.group()[0], len(run.group())
        if char not in _CLOSERS:
            end -= size
            continue
        removed = min(size, max(excess[char], 0))
        excess[char] -= removed
        end -= removed
        if removed < size:
            break
    return url[:end]


def find_urls(text: str) -> list[tuple[int, int, str]]:
    """Return ``(start, end, url)`` for every http(s) URL in ``text``, cleaned.

    A URL with no host, or a host ``urlsplit`` cannot read (``http://[x``: an
    unclosed IPv6 bracket), is no URL: it stays text.
    """
    found = []
    for match in URL.finditer(text):
        url = clean_url(match.group())
        if _has_host(url):
            found.append((match.start(), match.start() + len(url), url))
    return found


_AUTHORITY = re.compile(r"https?://([^/?#]*)")


def _has_host(url: str) -> bool:
    """True when ``urlsplit(url).hostname`` is a host name, for a ``URL`` match.

    Reads the authority as ``urlsplit`` does (after ``//``, up to ``/``, ``?`` or
    ``#``; the host after the last ``@`` and before ``:``) without its cost, which was
    most of an abstract of many URLs; a bracketed (IPv6) host is left to ``urlsplit``,
    which raises ``ValueError`` on an unclosed bracket.
    """
    authority = _AUTHORITY.match(url)
    if authority is None:
        return False
    if "[" in authority[1] or "]" in authority[1]:
        try:
            return bool(urlsplit(url).hostname)
        except ValueError:
            return False
    return bool(authority[1].rpartition("@")[2].partition(":")[0])
