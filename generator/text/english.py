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
    """Return the first sentence of ``text`` (plain text), cut at a word within ``limit``."""
    first = _SENTENCE_END.split(" ".join(text.split()), maxsplit=1)[0]
    return cut_at_word(first, limit, trailing=",;:")


def count(number: int, noun: str) -> str:
    """Return ``1 paper`` / ``2 papers`` (English plural in s)."""
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


def long_date(day: date | None) -> str:
    """Return ``11 March 2025`` (no locale: builds are byte-identical everywhere)."""
    if day is None:
        return ""
    return f"{day.day} {day:%B} {day.year}"
