"""Words for readers: dates, counts and first sentences, in English, the same everywhere.

No locale: builds are byte-identical on every machine.
"""

from __future__ import annotations

import re
from datetime import date

from generator.text.cut import cut_at_word

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")
EXCERPT_CHARS = 220


def excerpt(text: str, limit: int = EXCERPT_CHARS) -> str:
    """Return the first sentence of ``text`` (plain text), cut at a word within ``limit``.

    Reads only the start of ``text``: a paper is on its tag, day and home pages, and a
    1 MB abstract must not be read whole for each (issue 16, rule 6).
    """
    size = 4 * limit
    while True:
        # Past ``limit + 1`` characters (spaces collapsed), the rest of ``text`` cannot
        # change the first ``limit`` characters of its first sentence nor whether a
        # sentence ends inside them.
        flat = " ".join(text[:size].split())
        if len(flat) > limit + 1 or size >= len(text):
            break
        size *= 2
    first = _SENTENCE_END.split(flat, maxsplit=1)[0]
    return cut_at_word(first, limit, trailing=",;:")


def count(number: int, noun: str) -> str:
    """Return ``1 paper`` / ``2 papers`` (English plural in s)."""
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


def long_date(day: date | None) -> str:
    """Return ``11 March 2025`` (no locale: builds are byte-identical everywhere)."""
    if day is None:
        return ""
    return f"{day.day} {day:%B} {day.year}"


def month_year(day: date) -> str:
    """Return the month of ``day`` as ``March 2025`` (no locale)."""
    return f"{day:%B} {day.year}"


def date_span(first: date, last: date) -> str:
    """Return the days from ``first`` to ``last`` as ``10 to 16 March 2025``, naming a
    month or year only once when both days share it (``24 February to 2 March 2025``,
    ``30 December 2024 to 5 January 2025``)."""
    if first.year != last.year:
        return f"{long_date(first)} to {long_date(last)}"
    if first.month != last.month:
        return f"{first.day} {first:%B} to {long_date(last)}"
    return f"{first.day} to {long_date(last)}"
