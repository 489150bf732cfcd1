"""Reader for the text of a scraped "trending papers" page (the seed's layout).

Layout: optional header lines (``new``, ``Get trending papers in your email inbox!``,
``Subscribe``, ``byAK and the research community``), a day line such as ``Mar 11``,
then for every paper a title line followed by its abstract paragraph, blank lines
between. The day line has no year: it comes from the caller or the file name.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from pathlib import PurePath

from generator.errors import PapersiteError
from generator.readers.base import Entry, ReadListing
from generator.readers.text import clean_abstract, clean_title, count_invalid

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
_FILE_DATE = re.compile(r"(?<!\d)(?P<year>(?:19|20)\d\d)(?:-(?P<month>\d\d)-(?P<day>\d\d))?(?!\d)")
# Only real line ends: str.splitlines() would also split on form feeds and U+2028
# scraped into an abstract, and pair titles with the wrong abstracts.
LINE_BREAK = re.compile(r"\r\n|\r|\n")
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


class TrendingTextReader:
    """The text of a Hugging Face style "trending papers" page: day line, title, abstract."""

    name = "trending-text"

    def detect(self, text: str) -> bool:
        """Return True when a day line comes first after the optional header lines."""
        for line in _lines(text):
            stripped = line.strip()
            if not stripped or stripped.lower() in HEADER_LINES:
                continue
            return _day_from_line(stripped) is not None
        return False

    def read(self, text: str, source: str, year: int | None) -> ReadListing:
        """Parse the listing. Raises ``PapersiteError`` at the first line out of place."""
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
        body = lines[position + 1 :]
        entries = []
        for index in range(0, len(body), 2):
            title_number, title = body[index]
            if len(title) > MAX_TITLE_CHARS:
                raise PapersiteError.at(
                    source,
                    title_number,
                    f"expected a paper title, found a paragraph of {len(title)} characters",
                    "every abstract must follow its own title line; is a title missing above?",
                )
            if index + 1 == len(body):
                raise PapersiteError.at(
                    source,
                    title_number,
                    f"the title {title[:60]!r} has no abstract after it",
                    "add the abstract paragraph after the title, or remove the title line",
                )
            abstract_number, abstract = body[index + 1]
            entry = Entry(
                clean_title(title),
                clean_abstract(abstract),
                source,
                title_number,
                removed_characters=count_invalid(title, abstract),
            )
            for number, value, name in (
                (title_number, entry.title, "title"),
                (abstract_number, entry.abstract, "abstract"),
            ):
                if not value:
                    raise PapersiteError.at(
                        source,
                        number,
                        f"the {name} has no printable text",
                        "the line holds only control characters; fix or remove it",
                    )
            entries.append(entry)
        if not entries:
            raise PapersiteError.at(source, day_number, "the listing has a day but no papers")
        return ReadListing(source=source, day=day, entries=tuple(entries))

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
