"""The one interface every listing reader implements, and the entries it returns."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, Protocol

from generator.model import Problem
from generator.sources.schema import FACT_FIELDS

# The fields of a record that are a paper's fields too (``model.Paper``), besides the
# title and the listing day; ingest (generator/ingest/listing.py) copies these.
PAPER_FIELDS = ("abstract", "arxiv_id", "authors", "code", *FACT_FIELDS)


@dataclass(frozen=True)
class Entry:
    """One paper as a listing showed it; ``line`` is 1-based in ``source``.

    ``day`` is set by readers of multi-day sources; single-day listings leave it
    ``None`` and the day comes from :class:`ReadListing`.
    """

    title: str
    abstract: str
    source: str
    line: int
    arxiv_id: str | None = None
    authors: tuple[str, ...] = ()
    code: tuple[str, ...] = ()
    day: date | None = None
    published: date | None = None
    project_page: str | None = None
    upvotes: int | None = None
    organization: str | None = None
    ai_summary: str | None = None
    arxiv_category: str | None = None
    doi: str | None = None
    journal: str | None = None
    # Characters invalid in HTML/XML that cleaning removed from title and abstract.
    removed_characters: int = 0

    def paper_fields(self) -> dict[str, Any]:
        """Return what a paper takes from this record (:data:`PAPER_FIELDS`): a new
        paper all of it, a known one what it lacks."""
        return {name: getattr(self, name) for name in PAPER_FIELDS}


@dataclass(frozen=True)
class ReadListing:
    """What a reader made of one listing file.

    ``entries`` are in the listing's order. ``problems`` are records that were
    skipped, each with its line and reason; the rest of the listing is still read.
    """

    source: str
    day: date | None
    entries: tuple[Entry, ...]
    problems: tuple[Problem, ...] = ()


class Reader(Protocol):
    """A reader for one listing layout, chosen by :func:`detect` on the content."""

    name: str

    def detect(self, text: str) -> bool:
        """Return True when ``text`` is in this reader's layout."""
        ...

    def read(self, text: str, source: str, year: int | None) -> ReadListing:
        """Parse ``text`` read from ``source``.

        ``year`` completes a day line that has none. Raises ``PapersiteError``
        naming ``source`` and the line when the listing cannot be read.
        """
        ...
