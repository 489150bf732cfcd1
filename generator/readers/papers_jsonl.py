"""Reader for a JSON Lines paper corpus, one paper per line, from many listing days.

Layout: one JSON object per line with ``title``, ``abstract`` (may be ``null``),
``authors`` (list of names), ``arxiv_id``, and when known ``listing_date``
(``YYYY-MM-DD``, the entry's day), ``published`` (ISO timestamp or day),
``upvotes``, ``github``, ``project_page``, ``code_links`` (``[{"url", "type"}]``),
``organization``, ``ai_summary``, ``categories`` (the primary first), ``doi`` and
``journal_ref``. Other fields are ignored. Blank lines are allowed.

A record without ``listing_date`` is listed on the full date in the file name
(``2025-03-12_papers.jsonl``), the rule of every single-day layout; with neither it has
no day, and ingest reports it.
"""

from __future__ import annotations

import json

from generator.errors import PapersiteError
from generator.model import Problem
from generator.readers import fields
from generator.readers.base import Entry, ReadListing
from generator.readers.text import date_from_file_name

# strict=False: a raw control character inside a string is scraped noise that
# clean_title/clean_abstract remove, not a reason to lose the record.
_DECODER = json.JSONDecoder(strict=False)
# Lines looked at by detect: enough to step over a stray bad first line, few
# enough that refusing a 40 MB file of another layout costs nothing.
_DETECT_LINES = 3


def _lines(text: str) -> list[str]:
    # Split on "\n" only: str.splitlines() would also split at U+2028 or a form
    # feed, which JSON allows unescaped inside strings.
    return text.split("\n")


def _record(line: str) -> object:
    """Decode one line. Raises ``ValueError`` or ``RecursionError`` when it is not JSON."""
    return _DECODER.decode(line)


def _is_record(value: object) -> bool:
    return (
        isinstance(value, dict)
        and "title" in value
        and ("abstract" in value or "arxiv_id" in value)
    )


class PapersJsonlReader:
    """JSON Lines: one ``{"title", "abstract", "listing_date", ...}`` object per line."""

    name = "papers-jsonl"

    def detect(self, text: str) -> bool:
        """Return True when one of the first non-blank lines is a paper record object."""
        position, seen = 0, 0
        while position < len(text) and seen < _DETECT_LINES:
            end = text.find("\n", position)
            end = len(text) if end < 0 else end
            line = text[position:end].strip()
            position = end + 1
            if not line:
                continue
            seen += 1
            if not line.startswith("{"):
                return False
            try:
                if _is_record(_record(line)):
                    return True
            except (ValueError, RecursionError):
                continue
        return False

    def read(self, text: str, source: str, year: int | None) -> ReadListing:
        """Parse every line; ``year`` is unused (a record's day is its ``listing_date``,
        else the listing's: the full date in the file name, if any).

        A line that is not a readable record becomes a ``Problem`` and is skipped.
        Raises ``PapersiteError`` when the file holds no line at all.
        """
        entries: list[Entry] = []
        problems: list[Problem] = []
        for number, raw in enumerate(_lines(text), 1):
            line = raw.strip()
            if not line:
                continue
            try:
                value = _record(line)
            except json.JSONDecodeError as error:
                problems.append(
                    Problem(
                        source, number, f"not valid JSON: {error.msg}", "fix or remove the line"
                    )
                )
                continue
            except (ValueError, RecursionError):
                problems.append(Problem(source, number, "not valid JSON", "fix or remove the line"))
                continue
            result = _entry(value, source, number)
            if isinstance(result, Entry):
                entries.append(result)
            else:
                problems.append(result)
        if not entries and not problems:
            raise PapersiteError.at(
                source, 1, "the file holds no records", "one JSON object a line"
            )
        from_name = date_from_file_name(source)
        return ReadListing(
            source=source,
            day=from_name[1] if from_name else None,
            entries=tuple(entries),
            problems=tuple(problems),
        )


def _entry(value: object, source: str, line: int) -> Entry | Problem:
    """Return the entry for one decoded line, or why it was skipped."""
    if not isinstance(value, dict):
        return Problem(
            source,
            line,
            f"the line is a JSON {type(value).__name__}, not an object",
            'each line must be one {"title": ..., "abstract": ...} object',
        )
    listing_date = value.get("listing_date")
    day = fields.iso_day(listing_date)
    if listing_date is not None and day is None:
        return Problem(
            source,
            line,
            f"listing_date {str(listing_date)[:40]!r} is not a day",
            "write it as YYYY-MM-DD, or leave it out",
        )
    links = value.get("code_links")
    links = [link for link in links if isinstance(link, dict)] if isinstance(links, list) else []
    project_pages = [link.get("url") for link in links if link.get("type") == "project_page"]
    authors = value.get("authors")
    return fields.entry(
        source,
        line,
        value.get("title"),
        value.get("abstract"),
        arxiv=fields.arxiv_id(value.get("arxiv_id")),
        authors=fields.names(authors) if isinstance(authors, list) else (),
        code=fields.unique(
            fields.code_url(url)
            for url in [value.get("github")]
            + [link.get("url") for link in links if link.get("type") == "github"]
        ),
        day=day,
        published=fields.iso_day(value.get("published")),
        project_page=next(
            filter(None, map(fields.web_url, [value.get("project_page"), *project_pages])), None
        ),
        upvotes=fields.count(value.get("upvotes")),
        organization=fields.one_line(value.get("organization")),
        ai_summary=fields.one_line(value.get("ai_summary")),
        arxiv_category=fields.arxiv_category(value.get("categories")),
        doi=fields.doi(value.get("doi")),
        journal=fields.one_line(value.get("journal_ref")),
    )
