"""Scraped text as every reader takes it: titles and abstracts cleaned, real line ends,
the date in a listing's file name."""

from __future__ import annotations

import re
from datetime import date
from pathlib import PurePath

# Characters that XML 1.0 (and so HTML, feeds and sitemaps) cannot carry:
# C0 controls except tab/newline/CR, DEL..C1 controls, and the non-characters
# U+FFFE/U+FFFF, and lone surrogates (JSON's "\ud800" decodes to one; no UTF-8 file
# can hold it). Source: XML 1.0 section 2.2 "Characters".
# Also removed: bidirectional overrides, embeddings and isolates (U+202A-202E,
# U+2066-2069), which can make "evil" display as "live" (CVE-2021-42574, "Trojan
# Source"), and the invisible U+200B / U+FEFF. Joiners (U+200C/D, in emoji and Indic
# scripts) and the plain LRM/RLM marks stay.
_INVALID = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff\u200b\u202a-\u202e\u2066-\u2069\ufeff]"
)
_NEWLINE = re.compile(r"\r\n?")
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n\s*")


def remove_invalid(text: str) -> tuple[str, int]:
    """Drop characters invalid in XML/HTML, bidi controls and invisible spaces.

    Returns the text and how many characters were dropped.
    """
    cleaned, count = _INVALID.subn("", text)
    return cleaned, count


def count_invalid(*texts: object) -> int:
    """Return how many characters invalid in XML/HTML the strings among ``texts`` hold."""
    return sum(len(_INVALID.findall(text)) for text in texts if isinstance(text, str))


def clean_title(text: str) -> str:
    """Return a one-line title: hard wraps (arXiv's ``"\\n  "``) become one space."""
    text, _ = remove_invalid(_NEWLINE.sub("\n", text))
    return " ".join(part for part in _unwrapped_lines(text.strip()) if part)


def clean_abstract(text: str) -> str:
    """Unwrap hard-wrapped lines inside paragraphs; keep paragraph breaks as one blank line."""
    text, _ = remove_invalid(_NEWLINE.sub("\n", text))
    paragraphs = _PARAGRAPH_BREAK.split(text.strip())
    return "\n\n".join(" ".join(_unwrapped_lines(p.strip())) for p in paragraphs if p.strip())


def _unwrapped_lines(text: str) -> list[str]:
    """Return the lines of ``text`` without the blanks around each line end.

    Not a regex ``[ \\t]*\\n[ \\t]*``: it retried a long run of spaces at each of its
    characters (quadratic time).
    """
    return [line.strip(" \t") for line in text.split("\n")]


# Only real line ends: str.splitlines() would also split on form feeds and U+2028
# scraped into an abstract, and pair titles with the wrong abstracts.
LINE_BREAK = re.compile(r"\r\n|\r|\n")
_FILE_DATE = re.compile(r"(?<!\d)(?P<year>(?:19|20)\d\d)(?:-(?P<month>\d\d)-(?P<day>\d\d))?(?!\d)")


def date_from_file_name(source: str) -> tuple[int, date | None] | None:
    """Return the year, and the full date if there is one, in a listing's file name."""
    match = _FILE_DATE.search(PurePath(source).name)
    if not match:
        return None
    year = int(match["year"])
    full = None
    if match["month"]:
        try:
            full = date(year, int(match["month"]), int(match["day"]))
        except ValueError:
            full = None
    return year, full
