"""Machine-readable files of the site: Atom feeds, ``papers.json`` and ``tags.json``.

Pure: every function returns text; ``output.write_page`` writes it into ``build/docs``
and MkDocs copies it to ``site/`` unchanged. Deterministic: feeds are dated by listing
days, never by the time of the build, and everything iterates in a fixed order.
"""

from __future__ import annotations

import functools
import json
from datetime import UTC, date, datetime, time
from typing import Any

from feedgen.feed import FeedGenerator

from generator import urls
from generator.config import Project
from generator.enrich import periods
from generator.enrich.corpus import TaggedCorpus
from generator.text.cut import cut_at_word
from generator.text.texmath import plain_text
from generator.urls import Url

# The feeds' sitemap (urls.FEEDS_SITEMAP): Material's script asks for one next to each feed.
EMPTY_SITEMAP = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    "<!-- Not the site's sitemap (that is /sitemap.xml): an empty answer for the theme,"
    " which looks for one next to each feed. -->\n"
    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"></urlset>\n'
)
# The version of the papers.json / tags.json layout: raise it when a field changes
# meaning or disappears (adding a field keeps it). Documented in README.md.
SCHEMA_VERSION = 1
# Entries per feed: the papers of the most recent listing days. The site feed covers a
# day (a listing has about 30-60 papers); a tag gets a few a day, so a tag feed of 30
# covers days too (130 feeds of 100 entries were 30 MB of a 20,000-paper site).
FEED_ENTRIES = 50
TAG_FEED_ENTRIES = 30
# Entries of a week's or month's feed: its top papers, as a reader of "top of the week"
# wants them: 118 weeks and 29 months of 20 entries were 9 MB of the 19,000-paper corpus.
PERIOD_FEED_ENTRIES = 10
# Tags named in a feed entry: a paper is in each of its tags' feeds, so all of a
# thousand tags in each of a thousand feeds would make a million elements.
FEED_CATEGORIES = 30
# A feed entry's summary: longer than any real abstract (the corpus' longest is 6,803).
FEED_SUMMARY_CHARS = 8000
# The date of a feed without entries (Atom requires one; "now" would break determinism).
EPOCH = date(1970, 1, 1)


def _url(project: Project, target: Url, start: Url = urls.ROOT) -> str:
    """Return the absolute URL of ``target``, or without ``site_url`` one from the file at
    ``start`` up to the site root and down to ``target``."""
    return project.page_url(target) or urls.root_of(start) + target or "./"


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time(), tzinfo=UTC)


def feed_order(corpus: TaggedCorpus, slugs: list[str]) -> list[str]:
    """Return the listed papers among ``slugs``, newest listing day first.

    Papers of one day keep the listing's order; papers never listed are left out.
    """
    position: dict[tuple[date, str], int] = {}
    for day, listing in corpus.listings.items():
        for index, slug in enumerate(listing.papers):
            position.setdefault((day, slug), index)

    def key(slug: str) -> tuple[int, int, str]:
        day = corpus.latest_day(slug)
        assert day is not None
        return (-day.toordinal(), position.get((day, slug), len(position)), slug)

    return sorted((s for s in slugs if corpus.latest_day(s)), key=key)


@functools.lru_cache(maxsize=4096)
def feed_summary(abstract: str, limit: int = FEED_SUMMARY_CHARS) -> str:
    """Return the plain text of ``abstract`` for a feed entry, cut at a word within
    ``limit`` characters (``…`` marks the cut). Reads at most ``2 * limit`` characters:
    a paper is in the feed of each of its tags, and a 1 MB abstract with thousands of
    tags made gigabytes of feeds. Remembered: each of those feeds asks again."""
    text = plain_text(" ".join(abstract[: 2 * limit].split()))
    return cut_at_word(text, limit, more=len(abstract) > 2 * limit)


def atom_feed(
    corpus: TaggedCorpus,
    project: Project,
    slugs: list[str],
    path: Url,
    title: str,
    subtitle: str,
    page: Url = urls.ROOT,
    limit: int = FEED_ENTRIES,
    ranked: bool = False,
) -> str:
    """Return an Atom 1.0 feed (XML text) of the papers ``slugs``, by listing day, or
    in their own order when ``ranked`` (a week's or month's ranking).

    ``path`` is the feed's own path under the site root and ``page`` the page it
    belongs to (``""`` is the home page). Each entry's ``id`` and link are the paper's
    page URL, ``updated`` its latest listing day and ``published`` its first one (both
    at 00:00 UTC); the feed's ``updated`` is its newest entry's. Links are absolute
    when ``site_url`` is set, else relative to the feed.
    """
    generator = FeedGenerator()
    generator.id(_url(project, path) if project.site_url else f"urn:papersite:{path}")
    generator.title(title)
    generator.subtitle(subtitle)
    generator.author({"name": project.site_name})
    generator.link(href=_url(project, page, path), rel="alternate")
    generator.link(href=_url(project, path, path), rel="self")
    generator.language("en")
    generator.generator("papersite")
    ordered = (slugs if ranked else feed_order(corpus, slugs))[:limit]
    newest = max(filter(None, map(corpus.latest_day, ordered)), default=EPOCH)
    generator.updated(_midnight(newest))
    for slug in ordered:
        paper = corpus.papers[slug]
        url = _url(project, urls.paper_url(slug), path)
        entry = generator.add_entry(order="append")
        entry.id(url if project.site_url else f"urn:papersite:papers:{slug}")
        entry.title(plain_text(" ".join(paper.title.split())))
        # One link only: feedgen 1.0 drops the rel of entry links, so a second one
        # (the arXiv page, say) would read as another alternate.
        entry.link(href=url, rel="alternate")
        entry.updated(_midnight(paper.listed[-1]))
        entry.published(_midnight(paper.listed[0]))
        for author in paper.authors:
            entry.author({"name": author})
        # One call for all: feedgen rebuilds its list of categories at each call, so one
        # call per tag was quadratic (1,000 tags on a paper: minutes per feed).
        categories = [
            {"term": assignment.tag, "label": corpus.tags[assignment.tag].name}
            for assignment in corpus.paper_tags.get(slug, ())[:FEED_CATEGORIES]
        ]
        if categories:
            entry.category(categories)
        entry.summary(feed_summary(paper.abstract))
    xml: bytes = generator.atom_str(pretty=True)
    return xml.decode("utf-8")


def paper_record(corpus: TaggedCorpus, project: Project, slug: str) -> dict[str, Any]:
    """Return one paper of ``papers.json`` (schema version :data:`SCHEMA_VERSION`)."""
    paper = corpus.papers[slug]
    return {
        "slug": slug,
        "url": _url(project, urls.paper_url(slug)),
        "title": paper.title,
        "arxiv_id": paper.arxiv_id,
        "authors": list(paper.authors),
        "listed": [day.isoformat() for day in paper.listed],
        "published": paper.published.isoformat() if paper.published else None,
        "tags": [assignment.tag for assignment in corpus.paper_tags.get(slug, ())],
        "code": corpus.code_links(slug),
        "abstract": paper.abstract,
        "arxiv_category": paper.arxiv_category,
        "doi": paper.doi,
        "journal": paper.journal,
        "organization": paper.organization,
        "upvotes": paper.upvotes,
        "project_page": paper.project_page,
        "ai_summary": paper.ai_summary,
    }


def papers_json(corpus: TaggedCorpus, project: Project) -> str:
    """Return ``papers.json``: ``{"schema_version": 1, "papers": [...]}``, by slug.

    Fields of a paper: see :func:`paper_record` and README.md ("Feeds and data").
    """
    records = [paper_record(corpus, project, slug) for slug in sorted(corpus.papers)]
    return _json({"schema_version": SCHEMA_VERSION, "papers": records}, "papers")


def tags_json(corpus: TaggedCorpus, project: Project) -> str:
    """Return ``tags.json``: ``{"schema_version": 1, "tags": [...]}``, every vocabulary tag.

    A tag no paper has yet has ``papers: 0`` and no page or feed (``url``, ``feed`` null).
    """
    counts = corpus.tag_counts()
    records = [
        {
            "id": tag.id,
            "name": tag.name,
            "group": tag.group,
            "description": tag.description,
            "papers": counts[tag.id],
            "url": _url(project, urls.tag_url(tag.id)) if counts[tag.id] else None,
            "feed": _url(project, urls.tag_feed(tag.id)) if counts[tag.id] else None,
        }
        for tag in sorted(corpus.tags.values(), key=lambda tag: tag.id)
    ]
    return _json({"schema_version": SCHEMA_VERSION, "tags": records}, "tags")


def _json(data: dict[str, Any], records: str) -> str:
    """Return ``data`` as JSON text, keys sorted, with the list ``data[records]`` written
    one compact record per line: readable in a diff, without the indentation that was
    2.4 MB of a 20,000-paper ``papers.json``."""

    def compact(value: Any) -> str:
        return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))

    fields = {key: compact(value) for key, value in data.items() if key != records}
    lines = ",\n".join(map(compact, data[records]))
    fields[records] = f"[\n{lines}\n]" if lines else "[]"
    return "{" + ", ".join(f'"{key}": {fields[key]}' for key in sorted(fields)) + "}\n"


def export_files(corpus: TaggedCorpus, project: Project, used_tags: list[str]) -> dict[str, str]:
    """Return every machine-readable file: path under ``build/docs`` -> text.

    The site feed, one feed per tag in ``used_tags`` (the tags with a page), the
    feeds' empty sitemap, ``papers.json`` and ``tags.json``.
    """
    files: dict[str, str] = {
        urls.SITE_FEED: atom_feed(
            corpus,
            project,
            list(corpus.papers),
            urls.SITE_FEED,
            f"{project.site_name}: trending papers",
            "Papers by the day a listing showed them, newest first.",
        ),
        urls.FEEDS_SITEMAP: EMPTY_SITEMAP,
        urls.PAPERS_JSON: papers_json(corpus, project),
        urls.TAGS_JSON: tags_json(corpus, project),
    }
    for tag_id in used_tags:
        tag = corpus.tags[tag_id]
        files[urls.tag_feed(tag_id)] = atom_feed(
            corpus,
            project,
            corpus.papers_with_tag(tag_id),
            urls.tag_feed(tag_id),
            f"{project.site_name}: {tag.name}",
            tag.description,
            page=urls.tag_url(tag_id),
            limit=TAG_FEED_ENTRIES,
        )
    files.update(period_feeds(corpus, project))
    return files


def period_feeds(corpus: TaggedCorpus, project: Project) -> dict[str, str]:
    """Return the Atom feed of every week and month with papers: path -> XML text, each
    its :data:`PERIOD_FEED_ENTRIES` top papers in the order of their page
    (:func:`periods.rank_key`), its alternate link that page."""
    places = {"week": (urls.week_feed, urls.week_url), "month": (urls.month_feed, urls.month_url)}
    files: dict[str, str] = {}
    for kind in periods.KINDS:
        feed_of, page_of = places[kind]
        for period in periods.periods(kind, corpus.listings, corpus.papers):
            files[feed_of(period.start)] = atom_feed(
                corpus,
                project,
                [entry.slug for entry in period.ranked],
                feed_of(period.start),
                f"{project.site_name}: {periods.period_title(period)}",
                f"The most upvoted papers listed in {periods.period_phrase(period)}.",
                page=page_of(period.start),
                limit=PERIOD_FEED_ENTRIES,
                ranked=True,
            )
    return files
