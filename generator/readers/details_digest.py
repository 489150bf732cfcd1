"""Reader for a markdown digest of the day's papers as HTML ``<details>`` cards.

Layout (a GitHub README): badges, tables and prose, a ``**Last Updated:** August 22, 2026``
line (the listing day), then per paper::

    <details>
    <summary><b>1. Title</b> ⭐ 66</summary>
    **👥 Authors:** A, B                                  (optional)
    **🔗 Links:** [🤗 HuggingFace](https://huggingface.co/papers/<id>) • [📄 arXiv](...)
    **💻 Code:** [⭐ Code](https://github.com/owner/repo) • ...
    > the blurb: the abstract, often cut with "..." or the author's own note
    </details>

The HTML is parsed with the standard library's ``html.parser`` (entities unescaped);
the markdown inside a card is line based.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from html.parser import HTMLParser

from generator.errors import PapersiteError
from generator.model import Problem
from generator.readers import fields
from generator.readers.base import Entry, ReadListing
from generator.readers.text import LINE_BREAK, date_from_file_name

# Attribute runs stop at "<" and a link's label and URL at a bracket: each candidate
# start is then scanned only up to the next one (linear time, not quadratic).
_DETECT = re.compile(r"<details[^<>]*>\s*<summary[^<>]*>\s*<b>\s*\d+\.\s", re.IGNORECASE)
_NUMBER = re.compile(r"^\s*\d+\.\s*")
_STARS = re.compile(r"⭐\s*(?P<count>\d[\d,]*)")
_LAST_UPDATED = re.compile(r"\*\*Last Updated:?\*\*:?[ \t]*(?P<date>[^\n]*)", re.IGNORECASE)
_AUTHORS = re.compile(r"^\*\*[^*\n]*Authors?:?\*\*:?[ \t]*(?P<names>.*)$", re.IGNORECASE)
_LINK = re.compile(r"\[(?P<label>[^\[\]\n]*)\]\((?P<url>[^)\s\[\]]+)\)")
_QUOTE = re.compile(r"^[ \t]*>[ \t]?(?P<text>.*)$")
_LABELLED_LINE = re.compile(r"^\*\*(?P<label>[^*\n]*)\*\*")
# What the scraper writes when it found no abstract: not an abstract.
_NO_ABSTRACT = frozenset({"no abstract available.", "no abstract available"})


@dataclass
class _Card:
    """The raw parts of one ``<details>`` card, as the HTML parser met them."""

    line: int
    title: list[str] = field(default_factory=list)
    summary: list[str] = field(default_factory=list)
    body: list[str] = field(default_factory=list)


class _DetailsParser(HTMLParser):
    """Collect the ``<details>`` cards of a document; nested ``<details>`` stay in the body."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.cards: list[_Card] = []
        self._card: _Card | None = None
        self._depth = 0
        self._in_summary = False
        self._in_bold = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "details":
            if self._card is None:
                self._card = _Card(line=self.getpos()[0])
            self._depth += 1
        elif self._card is None or self._depth != 1:
            return
        elif tag == "summary":
            self._in_summary = True
        elif tag == "b" and self._in_summary:
            self._in_bold = True
        elif tag == "br" and not self._in_summary:
            self._card.body.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if self._card is None:
            return
        if tag == "details":
            self._depth -= 1
            if self._depth == 0:
                self._finish()
        elif self._depth == 1 and tag == "summary":
            self._in_summary = self._in_bold = False
        elif self._depth == 1 and tag == "b":
            self._in_bold = False

    def handle_data(self, data: str) -> None:
        if self._card is None:
            return
        if self._in_bold:
            self._card.title.append(data)
        elif self._in_summary:
            self._card.summary.append(data)
        else:
            self._card.body.append(data)

    def close(self) -> None:
        super().close()
        # A file cut inside its last card still shows that card.
        if self._card is not None:
            self._finish()

    def _finish(self) -> None:
        assert self._card is not None
        self.cards.append(self._card)
        self._card = None
        self._depth = 0
        self._in_summary = self._in_bold = False


# A "<" that opens no complete tag before the next "<", and a comment or "<![" that is
# never closed: html.parser scans to the end of the document from each of them
# (quadratic time), and would show them as text anyway.
_STRAY_OPEN = re.compile(r"<(?!!--|/?[A-Za-z][^<>]*>|[!?][A-Za-z][^<>]*>)")
_COMMENT_OPEN = re.compile(r"<!--")


def _stray_brackets_escaped(text: str) -> str:
    """Return ``text`` with each ``<`` html.parser would read as text written ``&lt;``
    (which it decodes back), so that parsing takes linear time. Lines are unchanged."""
    text = _STRAY_OPEN.sub("&lt;", text)
    last_close = text.rfind("-->")
    return _COMMENT_OPEN.sub(
        lambda match: match.group() if match.start() < last_close else "&lt;!--", text
    )


def _cards(text: str, source: str) -> list[_Card]:
    """Return the document's cards. Raises ``PapersiteError`` when its HTML cannot be parsed."""
    parser = _DetailsParser()
    try:
        parser.feed(_stray_brackets_escaped(text))
        parser.close()
    except AssertionError as error:
        # html.parser reports some malformed declarations (e.g. "<![ x ]>") by
        # failing an assertion in _markupbase rather than with its own error.
        raise PapersiteError.at(
            source, parser.getpos()[0], f"unreadable HTML: {error}", "fix the markup"
        ) from None
    return parser.cards


def _entry(card: _Card, source: str) -> Entry | Problem:
    body = "".join(card.body)
    authors: tuple[str, ...] = ()
    links: list[tuple[str, str, str]] = []  # (line label, link label, url)
    quote: list[str] = []
    for line in body.split("\n"):
        author_line = _AUTHORS.match(line.strip())
        if author_line:
            authors = fields.names(author_line["names"].split(","))
            continue
        quoted = _QUOTE.match(line)
        if quoted:
            quote.append(quoted["text"])
            continue
        labelled = _LABELLED_LINE.match(line.strip())
        line_label = labelled["label"].lower() if labelled else ""
        links += [(line_label, m["label"].lower(), m["url"]) for m in _LINK.finditer(line)]
    arxiv = next(filter(None, (fields.arxiv_id_in_url(url) for _, _, url in links)), None)
    code = fields.unique(
        fields.code_url(url)
        for line_label, label, url in links
        if "code" in line_label or "code" in label or "github.com" in url.lower()
    )
    project_page = next(
        filter(
            None,
            (
                fields.web_url(url)
                for line_label, label, url in links
                if "project" in line_label or "project" in label
            ),
        ),
        None,
    )
    abstract = "\n".join(quote)
    if abstract.strip().lower() in _NO_ABSTRACT:
        abstract = ""
    stars = _STARS.search("".join(card.summary))
    return fields.entry(
        source,
        card.line,
        _NUMBER.sub("", "".join(card.title), count=1),
        abstract,
        arxiv=arxiv,
        authors=authors,
        code=code,
        project_page=project_page,
        upvotes=fields.count(stars["count"]) if stars else None,
    )


class DetailsDigestReader:
    """A README digest of ``<details><summary><b>N. Title</b> ⭐ N</summary>`` cards."""

    name = "details-digest"

    def detect(self, text: str) -> bool:
        """Return True when a ``<details><summary><b>1. ...`` card is present."""
        return _DETECT.search(text) is not None

    def read(self, text: str, source: str, year: int | None) -> ReadListing:
        """Parse the cards; ``year`` is unused (the day is the "Last Updated" line).

        Raises ``PapersiteError`` when there is no card or the HTML is unreadable;
        a card without a title becomes a ``Problem`` and is skipped.
        """
        # One line end everywhere; the line count (and so every line number) is kept.
        text = LINE_BREAK.sub("\n", text)
        cards = [card for card in _cards(text, source) if "".join(card.title).strip()]
        if not cards:
            raise PapersiteError.at(
                source,
                1,
                "no paper cards found",
                "expected '<details><summary><b>1. Title</b> ⭐ 12</summary> ... </details>'",
            )
        return fields.listing(
            source, self._day(text, source), (_entry(card, source) for card in cards)
        )

    @staticmethod
    def _day(text: str, source: str) -> date | None:
        """Return the "Last Updated" day, else the full date in the file name, else ``None``."""
        updated = _LAST_UPDATED.search(text)
        if updated:
            written = updated["date"].strip()
            day = fields.month_day_year(written) or fields.iso_day(written)
            if day is not None:
                return day
        from_name = date_from_file_name(source)
        return from_name[1] if from_name else None
