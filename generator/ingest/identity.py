"""Which paper of the content tree a listing's record already is, if any.

Rule 1 of issue 16, one paper per real paper: the same arXiv id, or the same normalised
title (:func:`store.title_key`) and a matching abstract (:func:`store.abstracts_match`).
A title alone proves nothing ("FuseChat: Knowledge Fusion of Chat Models" is 2402.16107
and 2408.07990), and two different arXiv ids are always two papers.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from generator.model import Listing, Paper
from generator.readers.base import Entry
from generator.sources import store

# Shorter abstracts (scraped blurbs, bot comments) may repeat across papers.
MIN_IDENTIFYING_ABSTRACT = 200


@dataclass
class PaperIndex:
    """The papers of the content tree by what identifies a paper; :meth:`add` keeps it
    up to date as an ingest writes papers."""

    papers: dict[str, Paper]
    by_id: dict[str, str] = field(default_factory=dict)
    by_title: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    by_abstract: dict[str, str] = field(default_factory=dict)
    # (day, title key) -> papers a day file already lists under that title: the same
    # listing ingested again finds its papers even if a person rewrote an abstract.
    on_day: dict[tuple[date, str], list[str]] = field(default_factory=lambda: defaultdict(list))

    def add(self, slug: str, title: str) -> None:
        """Index paper ``slug`` (in ``papers``) by its arXiv id, its abstract and ``title``."""
        paper = self.papers[slug]
        if paper.arxiv_id:
            self.by_id.setdefault(paper.arxiv_id, slug)
        key = store.title_key(title)
        if key and slug not in self.by_title[key]:
            self.by_title[key].append(slug)
        if len(paper.abstract) >= MIN_IDENTIFYING_ABSTRACT:
            self.by_abstract.setdefault(store.title_key(paper.abstract), slug)

    def find(self, entry: Entry, day: date) -> tuple[str, str] | None:
        """Return the slug of the paper ``entry`` (listed on ``day``) already is and the
        reason, as a phrase for the ingest report; None for a new paper."""
        if entry.arxiv_id and entry.arxiv_id in self.by_id:
            return self.by_id[entry.arxiv_id], "the same arXiv id"
        key = store.title_key(entry.title)  # empty for a title of emoji or symbols only
        same_day = [s for s in self.on_day.get((day, key), ()) if self._ids_agree(entry, s)]
        for slug in same_day:
            if store.abstracts_match(entry.abstract, self.papers[slug].abstract):
                return slug, "the same title and abstract on this day"
        if len(same_day) == 1:
            return same_day[0], "the same title on this day"
        for slug in self.by_title.get(key, ()) if key else ():
            if self._ids_agree(entry, slug) and store.abstracts_match(
                entry.abstract, self.papers[slug].abstract
            ):
                return slug, "the same title and abstract"
        if len(entry.abstract) >= MIN_IDENTIFYING_ABSTRACT:
            same = self.by_abstract.get(store.title_key(entry.abstract))
            if same is not None and self._ids_agree(entry, same):
                return same, "the same abstract"
        return None

    def _ids_agree(self, entry: Entry, slug: str) -> bool:
        known = self.papers[slug].arxiv_id
        return not (entry.arxiv_id and known and known != entry.arxiv_id)


def index_papers(papers: dict[str, Paper], days: dict[date, Listing]) -> PaperIndex:
    """Return the index of ``papers`` (by slug; the index shares the dict) and of the
    titles ``days`` give them (``listed_as``: the title before a person corrected it)."""
    index = PaperIndex(papers)
    for slug in sorted(papers):
        index.add(slug, papers[slug].title)
    for day, record in sorted(days.items()):
        listed_as = dict(record.listed_as)
        for slug in record.papers:
            if slug not in papers:
                continue
            for title in dict.fromkeys([papers[slug].title, listed_as.get(slug, "")]):
                key = store.title_key(title)
                if key and slug not in index.on_day[(day, key)]:
                    index.on_day[(day, key)].append(slug)
        for slug, title in sorted(listed_as.items()):
            if slug in papers:
                index.add(slug, title)
    return index
