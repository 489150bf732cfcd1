"""Listing readers: one per layout, chosen by content, never by file extension."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from generator.errors import PapersiteError
from generator.readers.base import Entry, Reader, ReadListing
from generator.readers.details_digest import DetailsDigestReader
from generator.readers.hf_daily_json import HfDailyJsonReader
from generator.readers.hf_trending_markdown import HfTrendingMarkdownReader
from generator.readers.jekyll_paper import JekyllPaperReader
from generator.readers.papers_jsonl import PapersJsonlReader
from generator.readers.trending_text import TrendingTextReader
from generator.sources import limits

# Each detect is specific to its layout, so the order only decides cost: the
# JSON readers look at the first value or lines, the markdown ones search text.
READERS: tuple[Reader, ...] = (
    TrendingTextReader(),
    HfDailyJsonReader(),
    PapersJsonlReader(),
    JekyllPaperReader(),
    HfTrendingMarkdownReader(),
    DetailsDigestReader(),
)

__all__ = ["READERS", "Entry", "ReadListing", "Reader", "detect_reader", "read_listing"]


def detect_reader(text: str, source: str) -> Reader:
    """Return the reader whose layout ``text`` is in.

    Raises ``PapersiteError`` naming ``source`` when no reader recognises it.
    """
    for reader in READERS:
        if reader.detect(text):
            return reader
    names = ", ".join(reader.name for reader in READERS)
    raise PapersiteError.at(
        source, 1, "unknown listing layout", f"papersite reads these layouts: {names}"
    )


def read_listing(path: Path, year: int | None = None) -> ReadListing:
    """Read the listing file at ``path`` in whatever layout it is.

    Raises ``PapersiteError`` (with file and line) for undecodable, unknown or
    malformed listings.
    """
    source = str(path)
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = error.object[: error.start].count(b"\n") + 1
        raise PapersiteError.at(source, line, f"not UTF-8 text: {error.reason}") from None
    except OSError as error:
        raise PapersiteError.at(source, 1, f"cannot read the listing: {error.strerror}") from None
    if not text.strip():
        raise PapersiteError.at(source, 1, "the listing is empty", "save the page's text into it")
    return _days_in_range(detect_reader(text, source).read(text, source, year))


def _days_in_range(listing: ReadListing) -> ReadListing:
    """Refuse a listing day outside :func:`generator.sources.limits.day_problem`'s range; skip,
    with a problem, each record of another such day.

    Raises ``PapersiteError`` for the listing's own day (nothing is written then).
    """
    if listing.day is not None:
        problem = limits.day_problem(listing.day, listing.source, 1)
        if problem:
            raise PapersiteError([problem])
    kept, skipped = [], []
    for entry in listing.entries:
        problem = limits.day_problem(entry.day, entry.source, entry.line) if entry.day else None
        if problem:
            skipped.append(problem)
        else:
            kept.append(entry)
    if not skipped:
        return listing
    return replace(
        listing,
        entries=tuple(kept),
        problems=tuple(sorted([*listing.problems, *skipped], key=lambda p: p.line)),
    )
