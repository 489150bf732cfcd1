"""Reader for a Jekyll page about one paper, as an arXiv-digest site publishes them.

Layout: YAML front matter (``title``, optional ``date``), a ``# Title`` heading, an
HTML toolbar linking ``https://arxiv.org/abs/<id>``, ``**作者**: A, B`` (authors) and
``**发布日期**: 2025-12-18`` (published) lines, sections in Chinese, and the original
abstract as a ``>`` blockquote under ``## 📄 摘要（原文）``, LaTeX kept as typed.
The listing day is the front matter's ``date``, else the date in the file's path
(``docs/cs-CL/2025-12-16/papers/...``).

Such sites write ``title: TaP: A Taxonomy...`` unquoted, which is not valid YAML;
the front matter is then read line by line as ``key: value``.
"""

from __future__ import annotations

import re
from datetime import date
from html.parser import HTMLParser

import yaml

from generator.errors import PapersiteError
from generator.readers import fields
from generator.readers.base import Entry, ReadListing
from generator.readers.text import LINE_BREAK, clean_title

_FRONT_MATTER = re.compile(
    r"\A---[ \t]*\r?\n(?P<yaml>.*?)^(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.DOTALL | re.MULTILINE
)
_TITLE_KEY = re.compile(r"^title[ \t]*:", re.MULTILINE)
# Greedy to the line end, trailing blanks stripped in code: a lazy value before
# "[ \t]*$" retried the blanks at every character (quadratic in a run of them).
_KEY_VALUE = re.compile(r"^(?P<key>[A-Za-z_][\w-]*)[ \t]*:[ \t]*(?P<value>.*)$")
_ARXIV_LINK = re.compile(r"arxiv\.org/abs/", re.IGNORECASE)
_QUOTE_LINE = re.compile(r"^[ \t]*>", re.MULTILINE)
_QUOTE = re.compile(r"^[ \t]*>[ \t]?(?P<text>.*)$")
# The closing "#"s and blanks are stripped in code (see _KEY_VALUE).
_HEADING = re.compile(r"^(?P<level>#{1,6})[ \t]+(?P<text>.*)$")
_AUTHORS = re.compile(r"^\*\*(?:作者|Authors?)\*\*[ \t]*[:：][ \t]*(?P<names>.+)$", re.IGNORECASE)
_PUBLISHED = re.compile(
    r"^\*\*(?:发布日期|Published)\*\*[ \t]*[:：][ \t]*(?P<day>\S+)", re.IGNORECASE
)
_NAME_SEPARATOR = re.compile(r"[,，]")
# Headings of the section holding the abstract as first published.
_ABSTRACT_HEADINGS = ("原文", "abstract")


class _Links(HTMLParser):
    """Collect every ``href`` and ``data-arxiv-id`` in a document, in order."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.urls: list[str] = []
        self.arxiv_ids: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name == "href" and value:
                self.urls.append(value)
            elif name == "data-arxiv-id" and value:
                self.arxiv_ids.append(value)


def _front_matter(yaml_text: str) -> dict[str, object]:
    """Return the front matter as a mapping; invalid YAML is read as ``key: value`` lines."""
    try:
        data = yaml.safe_load(yaml_text)
    except (yaml.YAMLError, RecursionError, ValueError, TypeError, OverflowError):
        # ValueError and friends: PyYAML builds "2024-13-45" or a 5,000-digit
        # number with Python's constructors, which refuse them.
        data = None
    if isinstance(data, dict):
        return {str(key): value for key, value in data.items()}
    return dict(_as_typed(yaml_text))


def _as_typed(yaml_text: str) -> dict[str, str]:
    """Return the top-level ``key: value`` lines as written, outer quotes removed."""
    pairs: dict[str, str] = {}
    for line in yaml_text.split("\n"):
        pair = _KEY_VALUE.match(line)
        if pair:
            value = pair["value"].rstrip(" \t")
            if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
                value = value[1:-1]
            pairs.setdefault(pair["key"], value)
    return pairs


def _abstract(body_lines: list[str]) -> str:
    """Return the blockquote of the abstract section, else the document's last blockquote."""
    heading = ""
    quotes: list[tuple[str, list[str]]] = []  # (heading above it, its lines)
    previous_quoted = False
    for line in body_lines:
        heading_match = _HEADING.match(line)
        if heading_match:
            heading = heading_match["text"].rstrip(" \t#")
            previous_quoted = False
            continue
        quoted = _QUOTE.match(line)
        if quoted:
            if not previous_quoted:
                quotes.append((heading, []))
            quotes[-1][1].append(quoted["text"])
        previous_quoted = quoted is not None
    for above, lines in quotes:
        if any(word in above.lower() for word in _ABSTRACT_HEADINGS):
            return "\n".join(lines)
    return "\n".join(quotes[-1][1]) if quotes else ""


def _title(
    text: str,
    match: re.Match[str] | None,
    meta: dict[str, object],
    body_lines: list[str],
    first_body_line: int,
) -> tuple[str, int]:
    """Return the cleaned title and its line: the front matter's, else the first ``#`` heading.

    The title is ``""`` (at line 1) when the page has neither.
    """
    value = meta.get("title")
    if not isinstance(value, str) and match:
        # YAML reads "title: 1984" as a number; the page means the text as typed.
        value = _as_typed(match["yaml"]).get("title")
    title = clean_title(value) if isinstance(value, str) else ""
    key = _TITLE_KEY.search(match["yaml"]) if match else None
    if title and match and key:
        return title, text.count("\n", 0, match.start("yaml") + key.start()) + 1
    for number, line in enumerate(body_lines, first_body_line):
        heading = _HEADING.match(line)
        text = heading["text"].rstrip(" \t#") if heading else ""
        if heading and heading["level"] == "#" and clean_title(text):
            return clean_title(text), number
    return title, 1


class JekyllPaperReader:
    """A Jekyll page for one paper: front matter, toolbar, the abstract in a blockquote."""

    name = "jekyll-paper-page"

    def detect(self, text: str) -> bool:
        """Return True for front matter with a title and a body with an arXiv link and a quote."""
        match = _FRONT_MATTER.match(text)
        if not match or not _TITLE_KEY.search(match["yaml"]):
            return False
        body = text[match.end() :]
        return _ARXIV_LINK.search(body) is not None and _QUOTE_LINE.search(body) is not None

    def read(self, text: str, source: str, year: int | None) -> ReadListing:
        """Parse the page into one entry; ``year`` is unused (the path holds the day).

        Raises ``PapersiteError`` when the page has no title.
        """
        # One line end everywhere; the line count (and so every line number) is kept.
        text = LINE_BREAK.sub("\n", text)
        match = _FRONT_MATTER.match(text)
        meta = _front_matter(match["yaml"]) if match else {}
        body_start = match.end() if match else 0
        first_body_line = text.count("\n", 0, body_start) + 1
        body_lines = text[body_start:].split("\n")
        title, line = _title(text, match, meta, body_lines, first_body_line)
        if not title:
            raise PapersiteError.at(
                source, line, "the page has no title", "add 'title:' to the front matter"
            )
        links = _Links()
        try:
            links.feed(text[body_start:])
            links.close()
        except AssertionError:
            # html.parser fails an assertion on some malformed declarations; the
            # links found up to there are still good.
            pass
        arxiv = next(
            filter(
                None,
                (
                    fields.arxiv_id(meta.get("arxiv_id")),
                    *(fields.arxiv_id(value) for value in links.arxiv_ids),
                    *(fields.arxiv_id_in_url(url) for url in links.urls),
                ),
            ),
            None,
        )
        authors: tuple[str, ...] = ()
        published: date | None = None
        for body_line in body_lines:
            author_line = _AUTHORS.match(body_line.strip())
            if author_line and not authors:
                authors = fields.names(_NAME_SEPARATOR.split(author_line["names"]))
            published_line = _PUBLISHED.match(body_line.strip())
            if published_line and published is None:
                published = fields.iso_day(published_line["day"])
        result = fields.entry(
            source,
            line,
            title,
            _abstract(body_lines),
            arxiv=arxiv,
            authors=authors,
            published=published,
        )
        if not isinstance(result, Entry):
            raise PapersiteError.at(
                source,
                result.line,
                result.message,
                "put the original abstract in a '>' blockquote under '## 📄 摘要（原文）'",
            )
        day = fields.iso_day(meta.get("date")) or fields.date_in_path(source)
        return ReadListing(source=source, day=day, entries=(result,))
