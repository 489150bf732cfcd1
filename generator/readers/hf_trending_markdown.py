"""Reader for the Hugging Face trending page scraped to markdown.

Layout: page header lines, then per paper a card ``### [Title](https://huggingface.co/papers/<id>)``
(the link text may wrap onto a second line), the abstract or AI-summary paragraph,
then metadata paragraphs: author avatars as ``- [图片：无替代文本]`` list items,
``[[图片：org] Org](url) · Published on Oct 4, 2026``, ``[Upvote\\n\\nN](...)``,
``[GitHub 131](https://github.com/...) [arXiv Page](...)`` and ``Submitted by`` lines.
The page has desktop and mobile markup, so every card appears twice; it is read once.
The page says nothing of the listing day: it comes from a full date in the file name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from generator.errors import PapersiteError
from generator.model import Problem
from generator.readers import fields
from generator.readers.base import Entry, ReadListing
from generator.readers.text import LINE_BREAK, clean_title, date_from_file_name

# The link text runs to the first "](https://huggingface.co/papers/", and never
# across a blank line or into a line starting with "#", so one broken heading cannot
# swallow the next card (and a page of broken headings is read in linear time).
_CARD = re.compile(
    r"^###[ \t]+\[(?P<title>(?:[^\n]|\n(?![ \t]*\n|#))*?)\]"
    r"\((?P<url>https?://(?:www\.)?huggingface\.co/papers/[^)\s]*)\)",
    re.MULTILINE,
)
_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n")
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")
# The scraper's stand-in for an image without alt text (or with it, "图片：alt").
_IMAGE = re.compile(r"\[图片：[^\[\]\n]*\]")
# Paragraphs after the abstract: avatar list items, the "[[logo] Org](url) · date"
# line, the upvote and link lines, the next card's "Submitted by".
_METADATA = re.compile(
    r"^(?:-(?:\s|$)|·|\[\[|\[(?:Upvote|GitHub|arXiv|Project)|\[\]\(|Submitted by|<)"
    r"|^\[[^\]\n]*\]\([^)\s]*\)(?:\s*·|$)"
)
_PUBLISHED = re.compile(r"·[ \t]*(?:Published on[ \t]+)?(?P<date>[A-Za-z]{3,9}\.? \d{1,2}, \d{4})")
_UPVOTES = re.compile(r"\[Upvote\s+(?P<count>[\d.,]+[kKmM]?)\s*\]")
# Labels and URLs stop at a bracket: each "[" is scanned only up to the next one.
_GITHUB = re.compile(r"\[GitHub[^\[\]\n]*\]\((?P<url>https?://(?:www\.)?github\.com/[^)\s\[\]]+)\)")
_ARXIV_PAGE = re.compile(r"\[arXiv Page\]\((?P<url>[^)\s\[\]]+)\)")


@dataclass
class _Card:
    """What one card shows; the mobile copy of a card fills what the desktop one lacks."""

    line: int
    title: str
    arxiv_id: str | None
    abstract: str = ""
    published: str = ""
    upvotes: int | None = None
    code: list[str] = field(default_factory=list)

    def fill(self, other: _Card) -> None:
        self.abstract = self.abstract or other.abstract
        self.published = self.published or other.published
        self.upvotes = self.upvotes if self.upvotes is not None else other.upvotes
        self.code = self.code or other.code


def _abstract(body: str) -> str:
    """Return the paragraphs between the heading and the first metadata paragraph."""
    paragraphs = []
    for paragraph in _PARAGRAPH_BREAK.split(body):
        if _METADATA.match(paragraph.strip()):
            break
        text = _IMAGE.sub("", paragraph).strip()
        if text:
            paragraphs.append(text)
    return "\n\n".join(paragraphs)


def _card(match: re.Match[str], body: str, line: int) -> _Card:
    url_id = fields.arxiv_id_in_url(match["url"])
    page = _ARXIV_PAGE.search(body)
    github = _GITHUB.search(body)
    upvotes = _UPVOTES.search(body)
    published = _PUBLISHED.search(body)
    return _Card(
        line=line,
        title=clean_title(_IMAGE.sub("", match["title"])),
        arxiv_id=url_id or (fields.arxiv_id_in_url(page["url"]) if page else None),
        abstract=_abstract(body),
        published=published["date"] if published else "",
        upvotes=fields.count(upvotes["count"]) if upvotes else None,
        code=[url for url in [fields.code_url(github["url"]) if github else None] if url],
    )


class HfTrendingMarkdownReader:
    """The HF trending page as markdown: ``### [Title](hf url)`` cards, each shown twice."""

    name = "hf-trending-markdown"

    def detect(self, text: str) -> bool:
        """Return True when a ``### [Title](https://huggingface.co/papers/...)`` card is present."""
        # A Jekyll page quoting such a heading is the Jekyll reader's.
        return not _FRONT_MATTER.match(text) and _CARD.search(text) is not None

    def read(self, text: str, source: str, year: int | None) -> ReadListing:
        """Parse the cards; ``year`` is unused (a year alone is not a listing day).

        Raises ``PapersiteError`` when the file has no card; a card without a title
        becomes a ``Problem`` and is skipped.
        """
        # One line end everywhere; the line count (and so every line number) is kept.
        text = LINE_BREAK.sub("\n", text)
        matches = list(_CARD.finditer(text))
        if not matches:
            raise PapersiteError.at(
                source,
                1,
                "no paper cards found",
                "expected headings like '### [Title](https://huggingface.co/papers/2412.20138)'",
            )
        lines = fields.LineIndex(text)
        cards: dict[str, _Card] = {}
        for index, match in enumerate(matches):
            end = matches[index + 1].start() if index + 1 < len(matches) else len(text)
            card = _card(match, text[match.end() : end], lines.line(match.start()))
            # The desktop and mobile copies share the paper URL; the title is the
            # fallback key for a card whose URL names no arXiv id.
            key = card.arxiv_id or card.title.casefold()
            if key in cards:
                cards[key].fill(card)
            else:
                cards[key] = card
        entries: list[Entry] = []
        problems: list[Problem] = []
        for card in cards.values():
            result = fields.entry(
                source,
                card.line,
                card.title,
                card.abstract,
                arxiv=card.arxiv_id,
                code=tuple(card.code),
                published=fields.month_day_year(card.published),
                upvotes=card.upvotes,
            )
            if isinstance(result, Entry):
                entries.append(result)
            else:
                problems.append(result)
        from_name = date_from_file_name(source)
        return ReadListing(
            source=source,
            day=from_name[1] if from_name else None,
            entries=tuple(entries),
            problems=tuple(problems),
        )
