"""Every page of the site as Markdown: each page kind's metadata, template and path.

Pure: no I/O. The templates are in ``templates/`` (a paper page is ``paper.md.j2`` and
its ``_paper_*`` fragments); every scraped value in them goes through the filters of
:mod:`generator.render.escape`, and every link through :mod:`generator.urls`.
"""

from __future__ import annotations

import contextlib
import functools
import re
from collections.abc import Callable, Iterator, Sequence
from datetime import date
from typing import Any
from urllib.parse import quote, urlencode

from jinja2 import Environment, PackageLoader, StrictUndefined, pass_context
from jinja2.runtime import Context

from generator import urls
from generator.config import Project
from generator.enrich import periods
from generator.enrich.corpus import LinkedCorpus
from generator.enrich.links import (
    WIKI_LINK,
    abstract_paragraphs,
    note_paragraphs,
    overlaps,
    resolve_wiki_links,
    title_index,
)
from generator.model import Paper
from generator.render import backlinks, charts, cite, graph
from generator.render.escape import html_math, html_text, math_html, md_href, md_math, md_text
from generator.render.meta import front_matter, head_meta
from generator.render.prerendered import clean_blocks
from generator.render.sanitize import clean_html
from generator.sources import abstracts
from generator.text.code_hosts import code_host
from generator.text.english import count, date_span, excerpt, long_date, month_year
from generator.text.texmath import math_spans, plain_text
from generator.text.weblinks import find_urls

# A heading the table of contents lists (level 2 to 6, as Markdown writes it).
SECTION_HEADING = re.compile(r"^#{2,6} ", re.MULTILINE)
# A card's excerpt: about two lines of a phone-wide card.
CARD_EXCERPT_CHARS = 140
# Hugging Face's AI summary is one sentence written as a teaser: 9 in 10 of the corpus's
# fit in 260 characters, and then a card shows it whole.
CARD_SUMMARY_CHARS = 260
CARD_TAGS = 3
# Authors a paper page lists before "and N more": a long author list (hundreds, for
# some reports) would push the abstract below the fold.
AUTHORS_SHOWN = 10
# Papers a week's or month's page ranks: a month of a 20,000-paper year holds ~1,700,
# and every paper is on its day's page anyway.
TOP_ENTRIES = 100
PERIOD_PAGES = {"week": urls.week_page, "month": urls.month_page}
PERIOD_FEEDS = {"week": urls.week_feed, "month": urls.month_feed}
BACKLINK_HEADINGS = (
    ("mention", "Mentioned by"),
    ("contributor", "Linked by contributors from"),
    ("related", "Listed as related by"),
)


# Which data-* attributes each place carries (assets/reader.js reads them): a card
# and a paper page what the reading list shows; a list entry what the "New" marks need
# (on every entry of every list, the title was 25 MB at 20,000 papers). The BibTeX
# entry a saved paper exports is read from its page's Cite block, never made again.
PAGE_DATA = ("data-paper", "data-title", "data-listed")
ENTRY_DATA = ("data-paper", "data-listed")


def data_attributes(paper: Paper, fields: Sequence[str] = PAGE_DATA) -> str:
    """Return the ``data-*`` attributes ``fields`` of a paper for ``assets/reader.js``,
    as HTML text.

    ``data-paper`` (slug), ``data-title`` and ``data-listed`` (ISO days,
    space-separated): what the reading list and the "new" markers need. Every value
    goes through :func:`html_text`: the attributes belong in HTML start tags (a
    prerendered block, a card's ``<div markdown>``), never inline in Markdown text,
    whose patterns would read backticks and brackets in them.
    """
    values: dict[str, Callable[[], str]] = {
        "data-paper": lambda: paper.slug,
        "data-title": lambda: " ".join(paper.title.split()),
        "data-listed": lambda: " ".join(day.isoformat() for day in paper.listed),
    }
    return " ".join(f'{name}="{html_text(values[name]())}"' for name in fields)


def hidden_sidebars(hide: Sequence[str], body: str) -> list[str]:
    """Return ``hide`` (Material's front matter list of sidebars to hide) plus those that
    would stand empty at desktop widths: ``"navigation"`` always, since every page of the
    navigation is a tab (mkdocs.yml ``navigation.tabs``) and the sidebar would hold only
    the current tab's name, and ``"toc"`` when the Markdown ``body`` has no section
    heading. Phones keep the navigation in Material's drawer.

    Material documents ``hide`` under "Setting up navigation: Hiding the sidebars".
    """
    wanted = [*hide, "navigation"]
    if not SECTION_HEADING.search(body):
        wanted.append("toc")
    return list(dict.fromkeys(wanted))


def _add_free(
    taken: list[tuple[int, int, str]], found: list[tuple[int, int, str]]
) -> list[tuple[int, int, str]]:
    """Return ``taken`` plus the spans of ``found`` that overlap none of it, sorted.

    Both lists are sorted and hold no overlaps, as the finders return them.
    """
    bounds = [(start, end) for start, end, _ in taken]
    starts = [start for start, _ in bounds]
    free = [span for span in found if not overlaps(bounds, starts, span[:2])]
    return sorted(taken + free) if taken else free


@pass_context
def _link(context: Context, target: urls.SourcePath) -> str:
    """The Markdown link from the page being rendered to ``target`` (a template global)."""
    return urls.md_link(target, context["page"])


@pass_context
def _href(context: Context, target: urls.Url) -> str:
    """The HTML link from the page being rendered to ``target`` (a template global)."""
    return urls.href(target, context["page_url"])


def _to_paper(slug: str, target: str) -> str:
    """The HTML link from paper ``slug``'s page to paper ``target``'s."""
    return urls.href(urls.paper_url(target), urls.paper_url(slug))


def week_label(period: periods.Period) -> str:
    """Return a week as the index of top papers lists it: ``10 to 16 March``."""
    return date_span(period.start, period.end).removesuffix(f" {period.end.year}")


class _TitlesHtml(dict[str, str]):
    """Slug -> the paper's title as HTML with math marked, made when first asked for:
    related lists and backlinks show each title on many pages. A mapping, not a method,
    so a template reads it without a call."""

    def __init__(self, papers: dict[str, Paper]) -> None:
        super().__init__()
        self._papers = papers

    def __missing__(self, slug: str) -> str:
        found = self[slug] = html_math(self._papers[slug].title)
        return found


class Renderer:
    """Renders every page of a corpus to markdown, keyed by path under ``build/docs``."""

    def __init__(self, corpus: LinkedCorpus, project: Project) -> None:
        self.corpus = corpus
        self.project = project
        self._title_html = _TitlesHtml(corpus.papers)
        self.env = Environment(
            loader=PackageLoader("generator.render", "templates"),
            autoescape=False,  # the output is Markdown; md_text escapes every value
            undefined=StrictUndefined,
            keep_trailing_newline=True,
            trim_blocks=True,
            lstrip_blocks=True,
            auto_reload=False,  # templates are package files: no stat per page
        )
        filters, names = self.env.filters, self.env.globals
        # Scraped text as typed (render.escape), words for readers, code hosts.
        filters.update(md=md_text, md_math=md_math, html=html_text, html_math=html_math)
        filters.update(href=md_href, excerpt=excerpt, long_date=long_date, count=count)
        filters.update(code_host=code_host, card_tag=self.card_tag, month_year=month_year)
        filters.update(short_title=graph.short_label)
        # Links (generator.urls), the corpus, and the parts of a paper made in Python.
        names.update(urls=urls, link=_link, href=_href, corpus=corpus, project=project)
        names.update(abstract_html=self.abstract, notes_html=self.notes, graph_html=self.graph)
        names.update(paper_data=self.paper_data, title_html=self.title_html)
        names.update(titles_html=self._title_html, card_excerpt=CARD_EXCERPT_CHARS)
        names.update(card_summary=CARD_SUMMARY_CHARS)
        names.update(backlink_headings=BACKLINK_HEADINGS, week_label=week_label)
        names.update(backlink_groups=backlinks.backlink_groups, links_here=backlinks.links_here)
        names.update(period_phrase=periods.period_phrase)

    # ------------------------------------------------------------ helpers

    def abstract(self, slug: str) -> list[str]:
        """Return the abstract as HTML paragraphs (``<p>...</p>``), URLs and mentions linked.

        Raw HTML, not Markdown: Python-Markdown passes a block of it through without
        its inline patterns, which cost most of MkDocs' time on a page full of
        escapes and links. Links are relative to the page, ``papers/<slug>/``.
        """
        paper = self.corpus.papers[slug]
        return [f"<p>{self._linked(p, slug)}</p>" for p in abstract_paragraphs(paper.abstract)]

    def notes(self, slug: str) -> list[str]:
        """Return a contributor's notes as HTML paragraphs, ``[[links]]`` linked."""
        notes = self.corpus.papers[slug].notes
        return [f"<p>{self._linked(p, slug, wiki=True)}</p>" for p in note_paragraphs(notes)]

    def _wiki_links(self, text: str, slug: str) -> list[tuple[int, int, str]]:
        spans = []
        for match in WIKI_LINK.finditer(text):
            resolved, _ = resolve_wiki_links(match.group(), self.corpus.papers, self._titles)
            if resolved:
                label, target = resolved[0]
                shown = label if label != target else self.corpus.papers[target].title
                spans.append((match.start(), match.end(), self._paper_link(slug, target, shown)))
        return spans

    def _linked(self, text: str, slug: str, wiki: bool = False) -> str:
        """Return ``text`` as HTML with its wiki links, math, URLs and mentions marked up.

        Where two overlap, the earlier kind in that order wins. Linear in the number of
        spans (up to a log): an abstract of 100,000 URLs or ``$x^2$`` is still fast.
        """
        spans: list[tuple[int, int, str]] = self._wiki_links(text, slug) if wiki else []
        spans = _add_free(
            spans,
            [(m.start, m.end, math_html(m.tex, m.display)) for m in math_spans(text)],
        )
        spans = _add_free(
            spans,
            [
                (start, end, f'<a href="{md_href(url)}">{html_text(url)}</a>')
                for start, end, url in find_urls(text)
            ],
        )
        spans = _add_free(
            spans,
            [
                (m.start, m.end, self._paper_link(slug, m.target, m.text, ' class="paper-mention"'))
                for m in self.corpus.names.find(text, skip=slug)
            ],
        )
        out, position = [], 0
        for start, end, markup in spans:
            out += [html_text(text[position:start]), markup]
            position = end
        out.append(html_text(text[position:]))
        return "".join(out)

    @staticmethod
    def _paper_link(slug: str, target: str, shown: str, attributes: str = "") -> str:
        """An ``<a>`` from paper ``slug``'s page to paper ``target``'s."""
        return f'<a{attributes} href="{_to_paper(slug, target)}">{html_text(shown)}</a>'

    def title_html(self, slug: str) -> str:
        """Return the title of paper ``slug`` as HTML with math marked (cached: related
        lists and backlinks show each title on many pages)."""
        return self._title_html[slug]

    def paper_data(self, slug: str, fields: str = "page") -> str:
        """Return the ``data-*`` attributes of paper ``slug`` for a ``"card"``, its
        ``"page"`` or a list ``"entry"`` (see :func:`data_attributes`)."""
        chosen = {"page": PAGE_DATA, "entry": ENTRY_DATA}[fields]
        return data_attributes(self.corpus.papers[slug], chosen)

    def bibtex(self, slug: str) -> str:
        """Return paper ``slug``'s BibTeX entry (:func:`cite.bibtex`, its key unique over
        the corpus): its Cite block, which the reading list exports as it is."""
        paper = self.corpus.papers[slug]
        return cite.bibtex(
            paper, self.citation_keys[slug], self.project.page_url(urls.paper_url(slug))
        )

    @pass_context
    def card_tag(self, context: Context, tag_id: str) -> str:
        """Return a tag chip for a card: ``[Name](<link to tags/<id>.md>){ .md-tag }``."""
        target = _link(context, urls.tag_page(tag_id))
        return f"[{md_text(self.corpus.tags[tag_id].name)}]({target}){{ .md-tag }}"

    def graph(self, slug: str) -> str:
        """Return the graph figure of the paper's related papers, mentions and backlinks.

        assets/graph.js draws it, linking nodes as the page links papers (``../<slug>/``).
        """
        corpus = self.corpus
        drawn = graph.local_graph(slug, corpus.papers, corpus.outgoing, corpus.backlinks)
        # Every paper this page links to: its related papers, mentions and backlinks.
        linked = {link.target for link in corpus.outgoing.get(slug, ())}
        linked |= {link.source for link in corpus.backlinks.get(slug, ())}
        linked |= {item.slug for item in corpus.related.get(slug, ())}
        return graph.graph_html(
            drawn, linked, "*".join(urls.paper_link_parts(urls.paper_url(slug)))
        )

    def issue_url(self, slug: str) -> str:
        """Return a prefilled "report a problem" URL for a paper, or '' with no repository."""
        if not self.project.repo_url:
            return ""
        paper = self.corpus.papers[slug]
        page = self.project.page_url(urls.paper_url(slug)) or slug
        query = urlencode(
            {
                "template": "correction.yml",
                "title": f"Correction: {paper.title}"[:200],
                # Keys are the field ids of .github/ISSUE_TEMPLATE/correction.yml.
                "page-url": page,
                "source-file": urls.paper_file(slug),
            },
            quote_via=quote,
        )
        return f"{self.project.repo_url.rstrip('/')}/issues/new?{query}"

    def prepare(self) -> None:
        """Compute what pages share (citation keys, the corpus's tag indexes) now,
        before rendering forks."""
        _ = self.citation_keys, self._titles, self.period_lists, self.trend_months
        self.corpus.papers_with_tag("")
        self.corpus.co_tags("")

    @functools.cached_property
    def _titles(self) -> dict[str, str]:
        """Normalised title -> slug (see :func:`links.title_index`), built once, not per link."""
        return title_index(self.corpus.papers)

    @functools.cached_property
    def citation_keys(self) -> dict[str, str]:
        """Slug -> BibTeX key, unique over the corpus (see :func:`cite.citation_keys`)."""
        return cite.citation_keys(self.corpus.papers)

    @functools.cached_property
    def period_lists(self) -> dict[periods.Kind, list[periods.Period]]:
        """Kind -> every week or month with papers, oldest first (:func:`periods.periods`)."""
        corpus = self.corpus
        return {
            kind: periods.periods(kind, corpus.listings, corpus.papers) for kind in periods.KINDS
        }

    @functools.cached_property
    def _period_at(self) -> dict[urls.SourcePath, tuple[periods.Kind, int]]:
        """Page path -> (kind, index in :attr:`period_lists`) of every week and month page."""
        return {
            PERIOD_PAGES[kind](period.start): (kind, index)
            for kind, found in self.period_lists.items()
            for index, period in enumerate(found)
        }

    @functools.cached_property
    def trend_months(self) -> list[date]:
        """The first day of every month from the first listing day's to the last's: the
        span of every tag's trend, so that charts of two tags compare."""
        days = self.corpus.days()
        return periods.month_starts(days[0], days[-1]) if days else []

    def trend(self, tag_id: str) -> list[int]:
        """Return how many papers tagged ``tag_id`` were first listed in each month of
        :attr:`trend_months` (a paper counts once, in its first listing's month)."""
        papers = self.corpus.papers
        first_days = (
            papers[slug].listed[0]
            for slug in self.corpus.papers_with_tag(tag_id)
            if papers[slug].listed
        )
        return periods.monthly_counts(first_days, self.trend_months)

    def _page(
        self, page: urls.SourcePath, template: str, meta: dict[str, Any], **context: Any
    ) -> str:
        if self.project.search_engine == "papersite":
            # papersite's own index covers the pages; Material's would only duplicate it.
            meta = {**meta, "search": {"exclude": True}}
        # Defence in depth: the raw HTML of the page, every value in it already
        # escaped, is also cut to an allow-list (nh3) before Markdown passes it on.
        page_url = urls.url(page)
        rendered = self.env.get_template(template).render(
            page=page, page_url=page_url, paper_link=urls.paper_link_parts(page_url), **context
        )
        body = clean_blocks(rendered, clean_html)
        meta = {**meta, "hide": hidden_sidebars(meta.get("hide", ()), body)}
        if 'class="arithmatex"' in body:
            meta = {**meta, "math": True}  # the theme then loads KaTeX for this page
        return front_matter(meta) + body

    # ------------------------------------------------------------ pages

    def paper(self, slug: str) -> str:
        """Return the markdown of ``papers/<slug>.md``."""
        paper = self.corpus.papers[slug]
        url = self.project.page_url(urls.paper_url(slug))
        title = plain_text(" ".join(paper.title.split()))
        description = excerpt(plain_text(paper.abstract), 300)
        meta = {
            "title": title,
            "description": description,
            "edit_url": self.project.edit_url(urls.paper_file(slug)),
            # The same five short sections on every paper page: no table of contents
            # (site_templates/partials/toc.html leaves it out, about 20 MB of a big site).
            "hide": ["toc"],
            "head_html": head_meta(
                cite.highwire_meta(paper, url),
                {
                    "og:title": title,
                    "og:description": description,
                    "og:type": "article",
                    "og:url": url,
                    "og:site_name": self.project.site_name,
                },
            )
            + "\n"
            + cite.json_ld(paper, url),
        }
        # What paper.md.j2 and its fragments read besides the corpus.
        shown = {
            "slug": slug,
            "paper": paper,
            "edit_url": meta["edit_url"],
            "suspect": abstracts.suspect_reasons(paper.abstract),
            "code": self.corpus.code_links(slug),
            "issue_url": self.issue_url(slug),
            "arxiv": cite.arxiv_links(paper.arxiv_id) if paper.arxiv_id else None,
            "searches": cite.title_searches(paper.title),
            "authors_shown": AUTHORS_SHOWN,
            "bibtex": self.bibtex(slug),
        }
        return self._page(urls.paper_page(slug), "paper.md.j2", meta, **shown)

    def tag(self, tag_id: str) -> str:
        """Return the markdown of ``tags/<id>.md``."""
        tag = self.corpus.tags[tag_id]
        meta = {
            "title": tag.name,
            "description": tag.description,
            "edit_url": self.project.edit_url(urls.TAGS_FILE),
            # The theme links it in the page head (site_templates/main.html).
            "tag_feed": urls.tag_feed(tag_id),
        }
        months, trend = self.trend_months, self.trend(tag_id)
        return self._page(
            urls.tag_page(tag_id),
            "tag.md.j2",
            meta,
            tag=tag,
            slugs=self.corpus.papers_with_tag(tag_id),
            co_tags=self.corpus.co_tags(tag_id),
            trend_svg=charts.bar_chart(months, trend, f"{tag.name}: papers per month", "trend")
            if any(trend)
            else "",
            trend_table=charts.counts_table(months, trend, f"{tag.name}: papers per month"),
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
            "edit_url": self.project.edit_url(urls.TAGS_FILE),
        }
        unused = sum(1 for tag_id in self.corpus.tags if not counts[tag_id])
        months = self.trend_months
        sparklines = {
            tag.id: charts.sparkline(months, self.trend(tag.id), tag.name)
            for tags in groups.values()
            for tag in tags
        }
        return self._page(
            urls.TAGS_INDEX,
            "tags_index.md.j2",
            meta,
            groups=groups,
            counts=counts,
            unused=unused,
            sparklines=sparklines if months else {},
        )

    def day(self, day: date) -> str:
        """Return the markdown of ``days/<YYYY-MM-DD>.md``: the listing in its order."""
        days = self.corpus.days()
        index = days.index(day)
        listing = self.corpus.listings[day]
        meta = {
            "title": f"Trending papers of {long_date(day)}",
            "description": f"{count(len(listing.papers), 'paper')} listed on {long_date(day)}.",
            "edit_url": self.project.edit_url(urls.day_file(day)),
            "search": {"exclude": True},
        }
        return self._page(
            urls.day_page(day),
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
        return self._page(urls.DAYS_INDEX, "days_index.md.j2", meta, months=months)

    def period(self, kind: periods.Kind, index: int) -> str:
        """Return the markdown of ``weeks/<YYYY-Www>.md`` or ``months/<YYYY-MM>.md``: the
        ``index``-th period of ``kind`` (:attr:`period_lists`), its papers ranked
        (:func:`periods.rank_key`), linking the periods before and after it that have
        papers."""
        found = self.period_lists[kind]
        period = found[index]
        heading = periods.period_title(period)
        before = found[index - 1] if index > 0 else None
        after = found[index + 1] if index + 1 < len(found) else None
        feed = PERIOD_FEEDS[kind](period.start)
        meta = {
            "title": heading,
            "description": f"{count(len(period.ranked), 'paper')} listed in "
            f"{periods.period_phrase(period)}, ranked by upvotes.",
            "edit_url": "",
            "search": {"exclude": True},
            # The theme links it in the page head (site_templates/main.html).
            "feed": feed,
        }
        return self._page(
            PERIOD_PAGES[kind](period.start),
            "period.md.j2",
            meta,
            heading=heading,
            period=period,
            shown=period.ranked[:TOP_ENTRIES],
            # A month links its weeks (a week its days): every week with a day in it.
            weeks=[
                week
                for week in self.period_lists["week"]
                if period.start <= week.days[-1] and week.days[0] <= period.end
            ]
            if kind == "month"
            else [],
            upvoted=any(entry.upvotes is not None for entry in period.ranked),
            feed=feed,
            previous=PERIOD_PAGES[kind](before.start) if before else None,
            previous_name=periods.period_name(before) if before else "",
            next=PERIOD_PAGES[kind](after.start) if after else None,
            next_name=periods.period_name(after) if after else "",
        )

    def top_index(self) -> str:
        """Return the markdown of ``top/index.md``: every month with papers, newest
        first, each with its weeks (a week under the month of its first listing day)."""
        months = list(reversed(self.period_lists["month"]))
        weeks_of: dict[date, list[periods.Period]] = {month.start: [] for month in months}
        for week in reversed(self.period_lists["week"]):
            weeks_of[periods.period_start("month", week.days[0])].append(week)
        meta = {
            "title": "Top papers",
            "description": "The most upvoted papers of every week and month.",
            "edit_url": "",
            "search": {"exclude": True},
        }
        return self._page(urls.TOP_INDEX, "top_index.md.j2", meta, months=months, weeks_of=weeks_of)

    def home(self) -> str:
        """Return the markdown of ``index.md``."""
        days = self.corpus.days()
        counts = self.corpus.tag_counts()
        weeks, months = self.period_lists["week"], self.period_lists["month"]
        meta = {
            # Material adds " - site name" to the tab title.
            "title": "Trending papers",
            "description": "Trending machine-learning papers, tagged and linked.",
            "edit_url": "",
            "search": {"exclude": True},
        }
        return self._page(
            urls.HOME,
            "home.md.j2",
            meta,
            latest=days[-1] if days else None,
            this_week=weeks[-1] if weeks else None,
            this_month=months[-1] if months else None,
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
        return self._page(urls.READING_LIST, "reading_list.md.j2", meta)

    def about(self) -> str:
        """Return the markdown of ``about.md``."""
        meta = {"title": "About and contributing", "edit_url": ""}
        return self._page(urls.ABOUT, "about.md.j2", meta)

    def used_tags(self) -> list[str]:
        """Tag ids that at least one paper has: only these get a page."""
        return self.corpus.used_tags()

    def page_paths(self) -> list[urls.SourcePath]:
        """Return the path under build/docs of every page of the site, in build order."""
        corpus = self.corpus
        return [
            urls.HOME,
            urls.ABOUT,
            urls.READING_LIST,
            urls.DAYS_INDEX,
            *(urls.day_page(day) for day in corpus.days()),
            urls.TOP_INDEX,
            *self._period_at,
            urls.TAGS_INDEX,
            *(urls.tag_page(tag_id) for tag_id in self.used_tags()),
            *(urls.paper_page(slug) for slug in corpus.papers),
        ]

    def page(self, path: urls.SourcePath) -> str:
        """Return the markdown of the page at ``path`` (one of :meth:`page_paths`).

        Raises ``KeyError`` for a path the site has no page at.
        """
        fixed = {
            urls.HOME: self.home,
            urls.ABOUT: self.about,
            urls.READING_LIST: self.reading_list,
            urls.DAYS_INDEX: self.days_index,
            urls.TAGS_INDEX: self.tags_index,
            urls.TOP_INDEX: self.top_index,
        }
        if path in fixed:
            return fixed[path]()
        if path in self._period_at:
            return self.period(*self._period_at[path])
        if path == urls.paper_page(slug := urls.page_key(path)) and slug in self.corpus.papers:
            return self.paper(slug)
        if path == urls.tag_page(slug) and slug in self.corpus.tags:
            return self.tag(slug)
        with contextlib.suppress(ValueError):
            day = date.fromisoformat(slug)
            if path == urls.day_page(day) and day in self.corpus.listings:
                return self.day(day)
        raise KeyError(path)

    def pages(self) -> Iterator[tuple[urls.SourcePath, str]]:
        """Yield ``(path under build/docs, markdown)`` for every page of the site."""
        for path in self.page_paths():
            yield path, self.page(path)
