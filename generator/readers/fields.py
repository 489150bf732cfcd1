"""Field parsing every structured reader shares: ids, URLs, days, counts and entries.

Every function takes whatever a source file held (often ``object`` from JSON or YAML)
and returns a clean value or ``None``; none of them raises.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from datetime import date, datetime
from pathlib import PurePath
from urllib.parse import urlsplit

from generator.model import Problem
from generator.readers.base import Entry, ReadListing
from generator.readers.text import LINE_BREAK, clean_abstract, clean_title, count_invalid
from generator.sources.schema import ARXIV_CATEGORY, ARXIV_ID, DOI

# An arXiv id in an arXiv or Hugging Face paper link, its version left out.
_ARXIV_IN_URL = re.compile(
    rf"(?i)(?:arxiv\.org/(?:abs|pdf)|huggingface\.co/papers)/(?P<id>{ARXIV_ID})(?:v\d+)?(?![\d.])"
)
# The same rule as ``arxiv_id`` in generator/sources/schema.py: new-style ids (2405.17258)
# and old-style ones (hep-th/9901001), the version suffix removed before matching.
_ARXIV_ID = re.compile(rf"^(?:{ARXIV_ID})$")
_ARXIV_VERSION = re.compile(r"v\d+$")
_ISO_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?![\d])")
_FULL_DATE = re.compile(r"(?<!\d)((?:19|20)\d\d)-(\d\d)-(\d\d)(?!\d)")
_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        1,
    )
    for name in names
}
_MONTH_DAY_YEAR = re.compile(r"(?P<month>[A-Za-z]{3,9})\.? (?P<day>\d{1,2}), (?P<year>\d{4})")
# Everything clean_title might change inside a line (C0/C1 controls, line ends,
# non-characters); a string without any is already clean apart from outer spaces.
_CONTROL = re.compile(
    "[\x00-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff\u200b\u202a-\u202e\u2066-\u2069\ufeff]"
)
_ARXIV_CATEGORY = re.compile(rf"^(?:{ARXIV_CATEGORY})$")
_DOI = re.compile(rf"^(?:{DOI})$")
# How a DOI is often written: as a link, or after "doi:".
_DOI_PREFIX = re.compile(r"(?i)^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)")
_COUNT = re.compile(r"^(?P<number>\d+(?:[.,]\d+)*)(?P<unit>[kKmM]?)$")


def arxiv_id(value: object) -> str | None:
    """Return ``value`` as an arXiv id without version (``2405.15738``), else ``None``."""
    if not isinstance(value, str):
        return None
    text = value.strip()
    if text.lower().startswith("arxiv:"):
        text = text[len("arxiv:") :]
    text = _ARXIV_VERSION.sub("", text)
    return text if _ARXIV_ID.match(text) else None


def arxiv_id_in_url(url: str) -> str | None:
    """Return the arXiv id an arXiv abs/pdf or Hugging Face paper URL names, else ``None``."""
    match = _ARXIV_IN_URL.search(url)
    return arxiv_id(match["id"]) if match else None


def one_line(value: object) -> str | None:
    """Return scraped text as one clean line (see ``clean_title``), or ``None`` when
    ``value`` is not a string or holds no text."""
    return (clean_title(value) or None) if isinstance(value, str) else None


def arxiv_category(value: object) -> str | None:
    """Return arXiv's primary category (``cs.CL``) of ``value``: a category, or a list
    whose first item is the primary one (arXiv's API order); else ``None``."""
    if isinstance(value, list):
        value = value[0] if value else None
    if not isinstance(value, str):
        return None
    text = value.strip()
    return text if _ARXIV_CATEGORY.match(text) else None


def doi(value: object) -> str | None:
    """Return the DOI in ``value`` (``10.1109/LRA.2022.3141829``, also written as a
    ``https://doi.org/`` link or after ``doi:``), else ``None``."""
    if not isinstance(value, str):
        return None
    text = _DOI_PREFIX.sub("", value.strip())
    return text if _DOI.match(text) and not _CONTROL.search(text) else None


def web_url(value: object) -> str | None:
    """Return ``value`` when it is an absolute http(s) URL with a host, else ``None``."""
    if not isinstance(value, str):
        return None
    url = value.strip()
    if any(char.isspace() for char in url) or _CONTROL.search(url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    return url if parts.scheme in ("http", "https") and parts.hostname else None


def code_url(value: object) -> str | None:
    """Return ``value`` when it is a code repository URL, else ``None``.

    A GitHub URL must name a repository: scrapers put the bare organisation
    ``https://github.com/huggingface`` on cards whose paper has no code.
    """
    url = web_url(value)
    if url is None:
        return None
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if host in ("github.com", "www.github.com"):
        segments = [segment for segment in parts.path.split("/") if segment]
        if len(segments) < 2:
            return None
    return url


def unique(values: Iterable[str | None]) -> tuple[str, ...]:
    """Return the values that are not ``None``, first occurrence kept, in order."""
    return tuple(dict.fromkeys(value for value in values if value))


def iso_day(value: object) -> date | None:
    """Return the day of ``2024-05-24``, ``2024-05-24T17:34:15.000Z`` or a date, else ``None``."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        return None
    match = _ISO_DAY.match(value.strip())
    if not match:
        return None
    try:
        return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None


def month_day_year(text: str) -> date | None:
    """Return the first English date like ``Oct 4, 2026`` or ``August 22, 2026`` in ``text``."""
    for match in _MONTH_DAY_YEAR.finditer(text):
        month = _MONTHS.get(match["month"].lower())
        if month is None:
            continue
        try:
            return date(int(match["year"]), month, int(match["day"]))
        except ValueError:
            continue
    return None


def date_in_path(source: str) -> date | None:
    """Return the ``YYYY-MM-DD`` day in ``source``'s file name, else in its closest folder."""
    path = PurePath(source)
    for part in (path.name, *reversed(path.parent.parts)):
        for match in _FULL_DATE.finditer(part):
            try:
                return date(int(match[1]), int(match[2]), int(match[3]))
            except ValueError:
                continue
    return None


def count(value: object) -> int | None:
    """Return a non-negative int from ``32``, ``"1,234"`` or ``"1.2k"``, else ``None``."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if value >= 0 else None
    if not isinstance(value, str):
        return None
    match = _COUNT.match(value.strip())
    if not match:
        return None
    number, unit = match["number"], match["unit"].lower()
    try:
        if not unit:
            return int(number.replace(",", "").replace(".", ""))
        scaled = float(number.replace(",", "")) * (1000 if unit == "k" else 1_000_000)
        return round(scaled)
    except (ValueError, OverflowError):
        # int() refuses more than 4,300 digits; float() overflows to inf.
        return None


def names(values: Iterable[object]) -> tuple[str, ...]:
    """Return the author names among ``values``, each cleaned to one line, empties dropped."""
    cleaned = (_clean_name(value) for value in values if isinstance(value, str))
    return tuple(name for name in cleaned if name)


def _clean_name(name: str) -> str:
    # A corpus has ~10 names a paper: skip clean_title for the usual name it
    # would return unchanged (no control characters, no outer whitespace).
    if name and not _CONTROL.search(name) and not name[0].isspace() and not name[-1].isspace():
        return name
    return clean_title(name)


def entry(
    source: str,
    line: int,
    title: object,
    abstract: object,
    *,
    arxiv: str | None = None,
    authors: tuple[str, ...] = (),
    code: tuple[str, ...] = (),
    day: date | None = None,
    published: date | None = None,
    project_page: str | None = None,
    upvotes: int | None = None,
    organization: str | None = None,
    ai_summary: str | None = None,
    arxiv_category: str | None = None,
    doi: str | None = None,
    journal: str | None = None,
) -> Entry | Problem:
    """Return an ``Entry`` with cleaned title and abstract, or the ``Problem`` that stops it.

    A record needs a title with printable text. A missing abstract (``None``, empty)
    gives an entry with an empty abstract: the paper's page says it is missing.
    """
    clean = clean_title(title) if isinstance(title, str) else ""
    if not clean:
        return Problem(source, line, "the record has no title", "add the paper's title")
    if abstract is not None and not isinstance(abstract, str):
        return Problem(
            source,
            line,
            f"the abstract of {clean[:60]!r} is a {type(abstract).__name__}, not text",
            "the abstract must be a string",
        )
    return Entry(
        title=clean,
        abstract=clean_abstract(abstract) if abstract is not None else "",
        source=source,
        line=line,
        arxiv_id=arxiv,
        authors=authors,
        code=code,
        day=day,
        published=published,
        project_page=project_page,
        upvotes=upvotes,
        organization=organization,
        ai_summary=ai_summary,
        arxiv_category=arxiv_category,
        doi=doi,
        journal=journal,
        removed_characters=count_invalid(title, abstract),
    )


def listing(source: str, day: date | None, results: Iterable[Entry | Problem]) -> ReadListing:
    """Return a ``ReadListing`` of the entries in ``results``, the problems set aside."""
    entries: list[Entry] = []
    problems: list[Problem] = []
    for result in results:
        if isinstance(result, Entry):
            entries.append(result)
        else:
            problems.append(result)
    return ReadListing(source, day, tuple(entries), tuple(problems))


class LineIndex:
    """Map character offsets in a text to 1-based line numbers in O(log n)."""

    def __init__(self, text: str) -> None:
        # The same line ends as trending_text.LINE_BREAK, so all readers count alike.
        self._starts = [match.end() for match in LINE_BREAK.finditer(text)]

    def line(self, offset: int) -> int:
        """Return the 1-based line holding character ``offset``."""
        return bisect.bisect_right(self._starts, offset) + 1
