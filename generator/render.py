"""Jinja2 templates -> markdown strings, one per page of the site. Pure: no I/O.

Scraped text is data: every title, abstract and name goes through :func:`md_text`,
which turns each character Markdown or HTML could interpret into a numeric
character reference, so ``<script>`` or ``*stars*`` in an abstract is shown as typed.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator
from datetime import date
from typing import Any
from urllib.parse import quote, urlencode, urlsplit

from jinja2 import Environment, PackageLoader, StrictUndefined

from generator import graph
from generator.config import Project
from generator.corpus import Corpus
from generator.links import WIKI_LINK, Mention, find_urls, resolve_wiki_links
from generator.model import Paper
from generator.store import dump_yaml

# ASCII characters with a meaning in Python-Markdown, its extensions, or HTML.
_MD_SPECIAL = frozenset("\\`*_{}[]()#+-!<>&|:~^=$\"'")
_LIST_NUMBER = re.compile(r"^(\d+)\.", re.MULTILINE)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")
EXCERPT_CHARS = 220
# A card's excerpt: about two lines of a phone-wide card.
CARD_EXCERPT_CHARS = 140
CARD_TAGS = 3


def md_text(text: str) -> str:
    """Return ``text`` escaped so Markdown renders it literally, on one line per paragraph."""
    escaped = "".join(f"&#{ord(char)};" if char in _MD_SPECIAL else char for char in text)
    escaped = _LIST_NUMBER.sub(r"\1&#46;", escaped)
    return escaped.replace("\t", "&#9;").replace("\n", " ")


def md_href(url: str) -> str:
    """Return an http(s) URL safe inside an HTML attribute, or ``#`` for any other scheme."""
    if urlsplit(url).scheme not in {"http", "https"}:
        return "#"
    return html.escape(url, quote=True)


def excerpt(text: str, limit: int = EXCERPT_CHARS) -> str:
    """Return the first sentence of ``text`` (plain text), cut at a word within ``limit``."""
    first = _SENTENCE_END.split(" ".join(text.split()), maxsplit=1)[0]
    if len(first) <= limit:
        return first
    cut = first[:limit].rsplit(" ", 1)[0]
    return cut.rstrip(",;:") + "…"


def count(number: int, noun: str) -> str:
    """Return ``1 paper`` / ``2 papers`` (English plural in s)."""
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


def long_date(day: date | None) -> str:
    """Return ``11 March 2025`` (no locale: builds are byte-identical everywhere)."""
    if day is None:
        return ""
    return f"{day.day} {day:%B} {day.year}"


# Material inserts these into <title>, <meta> and the header without escaping them
# (MkDocs' Jinja environment has autoescape off), so they are written as HTML text.
HTML_META_KEYS = ("title", "description")


def front_matter(data: dict[str, Any]) -> str:
    """Return a YAML front-matter block for a generated page.

    ``title`` and ``description`` are HTML-escaped: the theme outputs them verbatim.
    """
    safe = {
        key: html.escape(value, quote=True) if key in HTML_META_KEYS else value
        for key, value in data.items()
    }
    return f"---\n{dump_yaml(safe)}---\n\n"


def data_attributes(paper: Paper) -> str:
    """Return the ``data-*`` attributes of a paper for ``assets/reader.js``, as HTML text.

    ``data-paper`` (slug), ``data-title``, ``data-authors`` (a JSON list of names),
    ``data-arxiv`` (id or empty), ``data-year`` (publication year, else first listing
    year, else empty) and ``data-listed`` (ISO days, space-separated): what the reading
    list, its BibTeX export and the "new" markers need. Every value goes through
    :func:`md_text`, so neither Markdown nor HTML can read markup into scraped text.
    """
    first = paper.published or (paper.listed[0] if paper.listed else None)
    values = {
        "data-paper": paper.slug,
        "data-title": " ".join(paper.title.split()),
        "data-authors": json.dumps(list(paper.authors), ensure_ascii=False),
        "data-arxiv": paper.arxiv_id or "",
        "data-year": str(first.year) if first else "",
        "data-listed": " ".join(day.isoformat() for day in paper.listed),
    }
    return " ".join(f'{name}="{md_text(value)}"' for name, value in values.items())


class Renderer:
    """Renders every page of a corpus to markdown, keyed by path under ``build/docs``."""

    def __init__(self, corpus: Corpus, project: Project) -> None:
        self.corpus = corpus
        self.project = project
        self.env = Environment(
            loader=PackageLoader("generator", "templates"),
            autoescape=False,  # the output is Markdown; md_text escapes every value
            undefined=StrictUndefined,
            keep_trailing_newline=True,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        self.env.filters.update(
            md=md_text, href=md_href, excerpt=excerpt, long_date=long_date, count=count
        )
        self.env.globals.update(
            corpus=corpus, project=project, abstract_html=self.abstract, notes_html=self.notes
        )
        self.env.filters["card_tag"] = self.card_tag
        self.env.globals.update(
            paper_data=self.paper_data, graph_html=self.graph, card_excerpt=CARD_EXCERPT_CHARS
        )

    # ------------------------------------------------------------ helpers

    def abstract(self, slug: str) -> list[str]:
        """Return the abstract as escaped Markdown paragraphs with URLs and mentions linked."""
        paper = self.corpus.papers[slug]
        return [self._linked(p, slug) for p in paper.abstract.split("\n\n")]

    def notes(self, slug: str) -> list[str]:
        """Return a contributor's notes as escaped Markdown paragraphs, ``[[links]]`` linked."""
        notes = self.corpus.papers[slug].notes.strip()
        if not notes:
            return []
        return [self._linked(p, slug, wiki=True) for p in re.split(r"\n\s*\n", notes)]

    def _wiki_links(self, text: str) -> list[tuple[int, int, str]]:
        spans = []
        for match in WIKI_LINK.finditer(text):
            resolved, _ = resolve_wiki_links(match.group(), self.corpus.papers)
            if resolved:
                label, target = resolved[0]
                shown = label if label != target else self.corpus.papers[target].title
                spans.append((match.start(), match.end(), f"[{md_text(shown)}]({target}.md)"))
        return spans

    def _linked(self, text: str, slug: str, wiki: bool = False) -> str:
        spans: list[tuple[int, int, str]] = self._wiki_links(text) if wiki else []
        for start, end, url in find_urls(text):
            if not any(s < end and start < e for s, e, _ in spans):
                spans.append((start, end, f'<a href="{md_href(url)}">{md_text(url)}</a>'))
        for mention in self.corpus.names.find(text, skip=slug):
            if not any(s < mention.end and mention.start < e for s, e, _ in spans):
                spans.append((mention.start, mention.end, self._mention(mention)))
        out, position = [], 0
        for start, end, markup in sorted(spans):
            out += [md_text(text[position:start]), markup]
            position = end
        out.append(md_text(text[position:]))
        return "".join(out)

    def _mention(self, mention: Mention) -> str:
        return f"[{md_text(mention.text)}]({mention.target}.md){{ .paper-mention }}"

    def paper_data(self, slug: str) -> str:
        """Return the ``data-*`` attributes of paper ``slug`` (see :func:`data_attributes`)."""
        return data_attributes(self.corpus.papers[slug])

    def card_tag(self, tag_id: str, root: str = "") -> str:
        """Return a tag chip for a card: ``[Name](<root>tags/<id>.md){ .md-tag }``."""
        return f"[{md_text(self.corpus.tags[tag_id].name)}]({root}tags/{tag_id}.md){{ .md-tag }}"

    def graph(self, slug: str) -> str:
        """Return the SVG figure of the paper's related papers, mentions and backlinks.

        Node links are relative to the paper's own page, ``papers/<slug>/``.
        """
        corpus = self.corpus
        drawn = graph.local_graph(slug, corpus.papers, corpus.outgoing, corpus.backlinks)
        return graph.graph_html(drawn, lambda other: f"../{other}/")

    def issue_url(self, slug: str) -> str:
        """Return a prefilled "report a problem" URL for a paper, or '' with no repository."""
        if not self.project.repo_url:
            return ""
        paper = self.corpus.papers[slug]
        page = (
            f"{self.project.site_url.rstrip('/')}/papers/{slug}/" if self.project.site_url else slug
        )
        query = urlencode(
            {
                "template": "correction.yml",
                "title": f"Correction: {paper.title}"[:200],
                # Keys are the field ids of .github/ISSUE_TEMPLATE/correction.yml.
                "page-url": page,
                "source-file": f"content/papers/{slug}.md",
            },
            quote_via=quote,
        )
        return f"{self.project.repo_url.rstrip('/')}/issues/new?{query}"

    def _page(self, template: str, meta: dict[str, Any], **context: Any) -> str:
        body = self.env.get_template(template).render(**context)
        return front_matter(meta) + body

    # ------------------------------------------------------------ pages

    def paper(self, slug: str) -> str:
        """Return the markdown of ``papers/<slug>.md``."""
        paper = self.corpus.papers[slug]
        meta = {
            "title": " ".join(paper.title.split()),
            "description": excerpt(paper.abstract, 300),
            "edit_url": self.project.edit_url(f"content/papers/{slug}.md"),
        }
        return self._page(
            "paper.md.j2",
            meta,
            slug=slug,
            paper=paper,
            tags=self.corpus.paper_tags.get(slug, ()),
            code=self.corpus.code_links(slug),
            related=self.corpus.related.get(slug, ()),
            backlinks=self.corpus.backlinks.get(slug, ()),
            issue_url=self.issue_url(slug),
        )

    def tag(self, tag_id: str) -> str:
        """Return the markdown of ``tags/<id>.md``."""
        tag = self.corpus.tags[tag_id]
        meta = {
            "title": tag.name,
            "description": tag.description,
            "edit_url": self.project.edit_url("content/tags.yml"),
        }
        return self._page(
            "tag.md.j2",
            meta,
            tag=tag,
            slugs=self.corpus.papers_with_tag(tag_id),
            co_tags=self.corpus.co_tags(tag_id),
        )

    def tags_index(self) -> str:
        """Return the markdown of ``tags/index.md``: every tag by group, with counts."""
        counts = self.corpus.tag_counts()
        groups: dict[str, list[Any]] = {}
        for tag in sorted(self.corpus.tags.values(), key=lambda t: (t.group, t.name.casefold())):
            if counts[tag.id]:
                groups.setdefault(tag.group, []).append(tag)
        meta = {
            "title": "Tags",
            "description": "Every topic of the papers on this site.",
            "edit_url": self.project.edit_url("content/tags.yml"),
        }
        unused = sum(1 for tag_id in self.corpus.tags if not counts[tag_id])
        return self._page("tags_index.md.j2", meta, groups=groups, counts=counts, unused=unused)

    def day(self, day: date) -> str:
        """Return the markdown of ``days/<YYYY-MM-DD>.md``: the listing in its order."""
        days = self.corpus.days()
        index = days.index(day)
        listing = self.corpus.listings[day]
        meta = {
            "title": f"Trending papers of {long_date(day)}",
            "description": f"{count(len(listing.papers), 'paper')} listed on {long_date(day)}.",
            "edit_url": self.project.edit_url(f"content/days/{day.isoformat()}.yml"),
            "search": {"exclude": True},
        }
        return self._page(
            "day.md.j2",
            meta,
            day=day,
            listing=listing,
            previous=days[index - 1] if index > 0 else None,
            next=days[index + 1] if index + 1 < len(days) else None,
        )

    def days_index(self) -> str:
        """Return the markdown of ``days/index.md``: every listing day by month."""
        months: dict[str, list[date]] = {}
        for day in reversed(self.corpus.days()):
            months.setdefault(f"{day:%B} {day.year}", []).append(day)
        meta = {
            "title": "Days",
            "description": "Every listing day, newest first.",
            "edit_url": "",
            "search": {"exclude": True},
        }
        return self._page("days_index.md.j2", meta, months=months)

    def home(self) -> str:
        """Return the markdown of ``index.md``."""
        days = self.corpus.days()
        counts = self.corpus.tag_counts()
        meta = {
            # Material adds " - site name" to the tab title.
            "title": "Trending papers",
            "description": "Trending machine-learning papers, tagged and linked.",
            "edit_url": "",
            "search": {"exclude": True},
        }
        return self._page(
            "home.md.j2",
            meta,
            latest=days[-1] if days else None,
            top_tags=sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:12],
            tags_used=len(self.used_tags()),
            card_tags=CARD_TAGS,
        )

    def reading_list(self) -> str:
        """Return the markdown of ``reading-list.md``: a frame ``assets/reader.js`` fills.

        The list itself lives in the reader's browser (localStorage), never on the site.
        """
        meta = {
            "title": "Reading list",
            "description": "Papers you saved in this browser, exportable as BibTeX.",
            "edit_url": "",
            "search": {"exclude": True},
        }
        return self._page("reading_list.md.j2", meta)

    def about(self) -> str:
        """Return the markdown of ``about.md``."""
        meta = {"title": "About and contributing", "edit_url": ""}
        return self._page("about.md.j2", meta)

    def page_count(self) -> int:
        """How many pages :meth:`pages` yields."""
        corpus = self.corpus
        return 5 + len(corpus.listings) + len(self.used_tags()) + len(corpus.papers)

    def used_tags(self) -> list[str]:
        """Tag ids that at least one paper has: only these get a page."""
        counts = self.corpus.tag_counts()
        return [tag_id for tag_id in self.corpus.tags if counts[tag_id]]

    def pages(self) -> Iterator[tuple[str, str]]:
        """Yield ``(path under build/docs, markdown)`` for every page of the site."""
        yield "index.md", self.home()
        yield "about.md", self.about()
        yield "reading-list.md", self.reading_list()
        yield "days/index.md", self.days_index()
        for day in self.corpus.days():
            yield f"days/{day.isoformat()}.md", self.day(day)
        yield "tags/index.md", self.tags_index()
        for tag_id in self.used_tags():
            yield f"tags/{tag_id}.md", self.tag(tag_id)
        for slug in self.corpus.papers:
            yield f"papers/{slug}.md", self.paper(slug)


def render_site(corpus: Corpus, project: Project) -> dict[str, str]:
    """Return every page of the site: path under ``build/docs`` -> markdown."""
    return dict(Renderer(corpus, project).pages())
