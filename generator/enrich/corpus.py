"""The corpus at each stage of enriching: the contract between enriching and publishing.

:func:`tag` makes a :class:`TaggedCorpus` (every paper's tags: all the search index,
feeds and data files need); :func:`link` makes of it a :class:`LinkedCorpus` (related
papers, links and backlinks too: what every page needs). ``pipeline.build`` calls
both in that order, with the data files made from the first while the second is made.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, fields, replace
from datetime import date
from functools import cached_property

from generator.enrich import links, related, tagging
from generator.model import Link, Listing, Paper, RelatedPaper, Tag, TagAssignment
from generator.runtime.progress import stage
from generator.text.code_hosts import is_code_url
from generator.text.texmath import text_macros
from generator.text.weblinks import find_urls

# The most tags a paper may have to count towards co-tags; real papers have a handful.
MAX_CO_TAGGED = 30


@dataclass(frozen=True)
class TaggedCorpus:
    """The content tree with every paper's tags, computed once over all of it.

    All mappings are keyed by paper slug (or tag id / day) and iterate in sorted order.
    """

    papers: dict[str, Paper]
    tags: dict[str, Tag]
    listings: dict[date, Listing]
    paper_tags: dict[str, tuple[TagAssignment, ...]]

    def papers_with_tag(self, tag_id: str) -> list[str]:
        """Slugs tagged ``tag_id``, newest listing first, then by title."""
        slugs = self._tagged.get(tag_id, [])
        return sorted(slugs, key=lambda s: (-_ordinal(self.latest_day(s)), self.papers[s].title, s))

    @cached_property
    def _tagged(self) -> dict[str, list[str]]:
        """Tag id -> the slugs carrying it (one pass: a scan per tag page cost seconds)."""
        tagged: dict[str, list[str]] = defaultdict(list)
        for slug, found in self.paper_tags.items():
            for tag_id in dict.fromkeys(a.tag for a in found):
                tagged[tag_id].append(slug)
        return tagged

    @cached_property
    def _co_tag_counts(self) -> dict[str, Counter[str]]:
        """Tag id -> how often each other tag is on the same paper.

        A paper with more than :data:`MAX_CO_TAGGED` tags is left out: its tags say
        nothing about which topics go together, and counting its pairs is quadratic
        (thousands of tags on one paper took minutes).
        """
        counts: dict[str, Counter[str]] = defaultdict(Counter)
        for found in self.paper_tags.values():
            ids = {a.tag for a in found}
            if len(ids) > MAX_CO_TAGGED:
                continue
            for tag_id in ids:
                counts[tag_id].update(ids - {tag_id})
        return counts

    def tag_counts(self) -> Counter[str]:
        """How many papers carry each tag."""
        return Counter(a.tag for found in self.paper_tags.values() for a in found)

    def used_tags(self) -> list[str]:
        """Tag ids (vocabulary order) that at least one paper has: only these get a page."""
        counts = self.tag_counts()
        return [tag_id for tag_id in self.tags if counts[tag_id]]

    def co_tags(self, tag_id: str, limit: int = 5) -> list[tuple[str, int]]:
        """The tags that most often appear together with ``tag_id``, with counts."""
        counts = self._co_tag_counts.get(tag_id, Counter())
        return sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:limit]

    def latest_day(self, slug: str) -> date | None:
        """The most recent listing day of a paper, if any."""
        listed = self.papers[slug].listed
        return max(listed) if listed else None

    def days(self) -> list[date]:
        """Listing days, oldest first."""
        return sorted(self.listings)

    def code_links(self, slug: str) -> list[str]:
        """Code repository URLs: the contributor's, then those found in the abstract."""
        if slug not in self._code_links:
            found = [url for _, _, url in find_urls(self.papers[slug].abstract)]
            code = [*self.papers[slug].code, *filter(is_code_url, found)]
            self._code_links[slug] = tuple(dict.fromkeys(code))
        return list(self._code_links[slug])

    @cached_property
    def _code_links(self) -> dict[str, tuple[str, ...]]:
        """Slug -> :meth:`code_links`, filled as asked: a paper's page, card and feed
        entry ask alike, and an abstract of thousands of URLs is read once."""
        return {}


def _ordinal(day: date | None) -> int:
    return day.toordinal() if day else 0


def _shown(paper: Paper) -> Paper:
    """Return ``paper`` with its title as readers see it (:func:`texmath.text_macros`)."""
    title = text_macros(paper.title)
    return paper if title == paper.title else replace(paper, title=title)


def tag(
    papers: dict[str, Paper], tags: tuple[Tag, ...], listings: dict[date, Listing]
) -> TaggedCorpus:
    """Return the papers, tags and listing days with every paper's tags.

    Enough for what needs only tags (search index, feeds, data files), which can then
    run while :func:`link` computes the rest.
    """
    # Pages, feeds and search show a TeX text macro as its text: \textsc{X} -> X.
    ordered = {slug: _shown(papers[slug]) for slug in sorted(papers)}
    with stage("tagging"):
        paper_tags = tagging.tag_papers(ordered, tags)
    return TaggedCorpus(
        papers=ordered,
        tags={tag.id: tag for tag in tags},
        listings={day: listings[day] for day in sorted(listings)},
        paper_tags=paper_tags,
    )


@dataclass(frozen=True)
class LinkedCorpus(TaggedCorpus):
    """A :class:`TaggedCorpus` with every paper's related papers, outgoing links
    (related, mentions, contributors' ``[[links]]``) and backlinks: what pages need."""

    related: dict[str, tuple[RelatedPaper, ...]]
    outgoing: dict[str, tuple[Link, ...]]
    backlinks: dict[str, tuple[Link, ...]]
    names: links.NameIndex


def link(tagged: TaggedCorpus) -> LinkedCorpus:
    """Return ``tagged`` (from :func:`tag`) with related papers, links and backlinks."""
    with stage("related papers"):
        neighbours = related.related_papers(tagged.papers, tagged.paper_tags)
    with stage("links and backlinks"):
        names = links.NameIndex.build(tagged.papers)
        outgoing = links.outgoing_links(tagged.papers, neighbours, names)
    return LinkedCorpus(
        **{field.name: getattr(tagged, field.name) for field in fields(TaggedCorpus)},
        related=neighbours,
        outgoing=outgoing,
        backlinks=defaultdict(tuple, links.backlinks(outgoing)),
        names=names,
    )
