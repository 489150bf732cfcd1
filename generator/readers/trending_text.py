"""Reader for the text of a scraped "trending papers" page (the seed's layout).

Layout: optional header lines (``new``, ``Get trending papers in your email inbox!``,
``Subscribe``, ``byAK and the research community``), a day line such as ``Mar 11``,
then for every paper a title line followed by its abstract paragraph, blank lines
between (sometimes none after the title; sometimes no abstract at all). The day line
has no year: it comes from the caller or the file name.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

from generator.errors import PapersiteError
from generator.model import Problem
from generator.readers.base import Entry, ReadListing
from generator.readers.text import (
    LINE_BREAK,
    clean_abstract,
    clean_title,
    count_invalid,
    date_from_file_name,
)

HEADER_LINES = frozenset(
    {
        "new",
        "get trending papers in your email inbox!",
        "get trending papers in your email inbox once a day!",
        "subscribe",
        "byak and the research community",
    }
)
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_DAY_LINE = re.compile(r"^(?P<month>[A-Za-z]{3})[a-z]*\.? (?P<day>\d{1,2})(?:, (?P<year>\d{4}))?$")
# A title is one line; a line this long is an abstract that lost its title.
MAX_TITLE_CHARS = 400


def _day_from_line(text: str) -> tuple[int, int, int | None] | None:
    match = _DAY_LINE.match(text)
    if not match or match["month"][:3].lower() not in _MONTHS:
        return None
    month = _MONTHS.index(match["month"][:3].lower()) + 1
    year = int(match["year"]) if match["year"] else None
    return month, int(match["day"]), year


def _lines(text: str) -> Iterator[str]:
    """Yield the lines of ``text`` one by one: detect stops early, even in a 40 MB file."""
    start = 0
    for match in LINE_BREAK.finditer(text):
        yield text[start : match.start()]
        start = match.end()
    yield text[start:]


# A short line without a full stop, where an abstract was expected, is the next title.
SHORT_LINE_CHARS = 150


def _paragraphs(lines: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """Group non-blank ``(number, text)`` lines into paragraphs: ``(first line, text)``."""
    paragraphs: list[tuple[int, str]] = []
    previous = -1
    for number, line in lines:
        if paragraphs and number == previous + 1:
            first, text = paragraphs[-1]
            paragraphs[-1] = (first, f"{text}\n{line}")
        else:
            paragraphs.append((number, line))
        previous = number
    return paragraphs


def _looks_like_title(block: str) -> bool:
    return "\n" not in block and len(block) <= SHORT_LINE_CHARS and not block.endswith(".")


def _looks_like_abstract(block: str) -> bool:
    return "\n" in block or len(block) > SHORT_LINE_CHARS or block.endswith(".")


def _closes_abstract(block: str) -> bool:
    """Return True for a one-line paragraph that ends a sentence: after an abstract, it
    is the abstract's last paragraph (titles do not end with a full stop)."""
    return "\n" not in block and len(block) <= MAX_TITLE_CHARS and block.endswith((".", "。"))


def _printable(entries: list[Entry]) -> tuple[list[Entry], list[Problem]]:
    """Split off entries whose title had only invalid characters (an abstract may be
    empty: the paper's page then says it is missing)."""
    kept, problems = [], []
    for entry in entries:
        if entry.title:
            kept.append(entry)
        else:
            problems.append(
                Problem(
                    entry.source,
                    entry.line,
                    "the title has no printable text",
                    "the line holds only control characters; fix or remove it",
                )
            )
    return kept, problems


class TrendingTextReader:
    """The text of a Hugging Face style "trending papers" page: day line, title, abstract."""

    name = "trending-text"

    def detect(self, text: str) -> bool:
        """Return True when a day line comes first after the optional header lines.

        A text that starts with the page's header lines is this layout even when its day
        line is wrong, so that ``read`` can say what is wrong with it.
        """
        header = False
        for line in _lines(text):
            stripped = line.strip()
            if not stripped:
                continue
            if stripped.lower() in HEADER_LINES:
                header = True
                continue
            return header or _day_from_line(stripped) is not None
        return header

    def read(self, text: str, source: str, year: int | None) -> ReadListing:
        """Parse the listing into one entry per title, in order.

        Paragraphs are blank-line separated; a wrapped abstract is one paragraph. A title
        without abstract is an entry with an empty abstract; an abstract may follow its
        title with no blank line, and may have more paragraphs if each further one-line
        paragraph ends a sentence. A paragraph with no title above it is skipped and
        reported. Raises ``PapersiteError`` when the header or day line is wrong or no
        paper is readable.
        """
        lines = [(number, line.strip()) for number, line in enumerate(LINE_BREAK.split(text), 1)]
        lines = [(number, line) for number, line in lines if line]
        position = 0
        while position < len(lines) and lines[position][1].lower() in HEADER_LINES:
            position += 1
        if position == len(lines):
            raise PapersiteError.at(source, 1, "no day line found", "expected a line like 'Mar 11'")
        day_number, day_text = lines[position]
        parts = _day_from_line(day_text)
        if parts is None:
            raise PapersiteError.at(
                source,
                day_number,
                f"expected the listing's day line, found {day_text[:60]!r}",
                "the first line after the header must be a day such as 'Mar 11'",
            )
        day = self._resolve_day(parts, year, source, day_number)
        problems: list[Problem] = []
        # Each record: [title line number, title, abstract paragraphs (none yet)].
        records: list[tuple[int, str, list[str]]] = []
        paragraphs = _paragraphs(lines[position + 1 :])
        for index, (number, block) in enumerate(paragraphs):
            following = paragraphs[index + 1][1] if index + 1 < len(paragraphs) else None
            last = records[-1] if records else None
            if last is not None and not last[2]:
                # A title waits for its abstract. A title-like line followed by an
                # abstract-like one is the next paper: the waiting title has none.
                if not (
                    _looks_like_title(block)
                    and following is not None
                    and _looks_like_abstract(following)
                ):
                    last[2].append(block)
                    continue
            elif last is not None and _closes_abstract(block):
                # "Code is available." after an abstract is its last paragraph, not a title.
                last[2].append(block)
                continue
            title, _, rest = block.partition("\n")
            # A wrapped paragraph goes on in lower case; an abstract starts a sentence.
            if (
                rest
                and _looks_like_title(title)
                and _looks_like_abstract(rest)
                and not rest[:1].islower()
            ):
                records.append((number, title, [rest]))  # no blank line after the title
            elif "\n" in block or len(block) > MAX_TITLE_CHARS:
                problems.append(
                    Problem(
                        source,
                        number,
                        f"a paragraph of {len(block)} characters has no title above it",
                        "every abstract must follow its own title line; it was skipped",
                    )
                )
            else:
                records.append((number, block, []))
        entries = [self._entry(source, number, title, parts) for number, title, parts in records]
        entries, empty = _printable(entries)
        problems += empty
        if not entries:
            if problems:
                raise PapersiteError(problems)
            raise PapersiteError.at(source, day_number, "the listing has a day but no papers")
        return ReadListing(source, day, tuple(entries), tuple(problems))

    @staticmethod
    def _entry(source: str, line: int, title: str, paragraphs: list[str]) -> Entry:
        abstract = "\n\n".join(paragraphs)
        return Entry(
            clean_title(title),
            clean_abstract(abstract),
            source,
            line,
            removed_characters=count_invalid(title, abstract),
        )

    @staticmethod
    def _resolve_day(
        parts: tuple[int, int, int | None], year: int | None, source: str, line: int
    ) -> date:
        month, day_of_month, line_year = parts
        from_name = date_from_file_name(source)
        name_year, name_date = from_name if from_name else (None, None)
        chosen = year or line_year or name_year
        if chosen is None:
            raise PapersiteError.at(
                source,
                line,
                "the day line has no year and none was given",
                "pass --year YYYY, or put the date in the file name (e.g. 2025-03-11_trending.txt)",
            )
        try:
            day = date(chosen, month, day_of_month)
        except ValueError as error:
            raise PapersiteError.at(source, line, f"not a real day: {error}") from None
        if year is None and name_date is not None and name_date != day:
            raise PapersiteError.at(
                source,
                line,
                f"the day line says {day.isoformat()} but the file name says "
                f"{name_date.isoformat()}",
                "rename the file or pass --year",
            )
        return day
