"""Ingest one listing: each record joins the paper it already is, or becomes a new one.

Which paper a record already is: :mod:`generator.ingest.identity`. What a known paper
may gain (a day, fields that were empty; never a corrected value):
:func:`generator.sources.store.merge_paper`. Every record not kept as it came is a
line of the :class:`IngestReport`, located at its listing line.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, fields
from datetime import date

from generator import readers
from generator.config import Project
from generator.errors import PapersiteError
from generator.ingest import identity
from generator.model import Listing, Paper, Problem
from generator.readers.base import Entry
from generator.runtime.progress import track
from generator.sources import abstracts, store
from generator.sources.slugs import paper_slug

# Written next to content/ by every ingest: what was skipped or cleaned, and where.
INGEST_REPORT = "ingest-report.txt"


@dataclass
class IngestReport:
    """What one ingest did: slugs of new and updated papers, the days touched, and
    every record not kept as is (skipped, cleaned, merged, without or with a suspect
    abstract), each located at its listing line."""

    new: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    days: list[date] = field(default_factory=list)
    skipped: list[Problem] = field(default_factory=list)
    cleaned: list[Problem] = field(default_factory=list)
    merged: list[Problem] = field(default_factory=list)
    no_abstract: list[Problem] = field(default_factory=list)
    suspect: list[Problem] = field(default_factory=list)

    def combined(self, other: IngestReport) -> IngestReport:
        """Return this report and ``other`` as one (days once each, in order)."""
        joined = {
            key.name: [*getattr(self, key.name), *getattr(other, key.name)]
            for key in fields(IngestReport)
        }
        joined["days"] = sorted(set(joined["days"]))
        return IngestReport(**joined)

    def text(self, listing: str) -> str:
        """Return the report a maintainer reads: counts, then every record not kept as is."""
        days = ", ".join(day.isoformat() for day in self.days) or "none"
        lines = [
            f"{listing}: {len(self.new)} new, {len(self.updated)} updated, "
            f"{len(self.unchanged)} unchanged papers; {len(self.skipped)} skipped; "
            f"days {days}",
            *(f"skipped: {problem}" for problem in self.skipped),
            *(f"cleaned: {problem}" for problem in self.cleaned),
            *(f"merged: {problem}" for problem in self.merged),
            *(f"no abstract: {problem}" for problem in self.no_abstract),
            *(f"suspect abstract: {problem}" for problem in self.suspect),
        ]
        return "\n".join(lines) + "\n"


def _refuse_dayless(listing: readers.ReadListing) -> list[Entry]:
    """Return the entries that have a day; report the others (raise if none has one).

    A paper on no day is on no day page, home page or feed: readers would never see it.
    """
    dated = [entry for entry in listing.entries if (entry.day or listing.day)]
    if listing.entries and not dated:
        raise PapersiteError.at(
            listing.source,
            1,
            "the listing has no day: its papers would be on no day page, home page or feed",
            "put the day in the file name (e.g. 2025-03-11_trending.md) "
            "or a listing_date in each record",
        )
    return dated


def _refuse_second_day(
    listing: readers.ReadListing, source: str, days: dict[date, Listing]
) -> None:
    """Raise if this listing was ingested before as another day (another ``--year``).

    A multi-day listing (JSON Lines) may be recorded on each of its records' days.
    """
    if listing.day is None:
        return
    own = {listing.day, *(entry.day for entry in listing.entries if entry.day)}
    for day, record in sorted(days.items()):
        if day not in own and source in record.sources:
            raise PapersiteError.at(
                listing.source,
                1,
                f"this listing was ingested as {day.isoformat()} before; now it reads as "
                f"{listing.day.isoformat()}, which would make a second day of it",
                f"ingest it with --year {day.year}, or first remove '{source}' and its "
                f"papers from content/days/{day.isoformat()}.yml",
            )


def add_listing(project: Project, listing: readers.ReadListing, source: str) -> IngestReport:
    """Add the papers and day of ``listing`` (read from ``source``, its path in the
    project) to the content tree; return what was done, record by record.

    New papers get a file; known papers (:mod:`generator.ingest.identity`) only gain
    the new listing day and fields that were empty. A record with no day is skipped
    and reported. Raises ``PapersiteError`` for a listing with no day at all or one
    ingested before as another day; nothing is written then.
    """
    papers, _, _ = store.load_papers(project.papers_dir)
    existing_days, _ = store.load_days(project.days_dir)
    _refuse_second_day(listing, source, existing_days)
    entries = _refuse_dayless(listing)
    # A file that does not parse still owns its slug: it is never overwritten.
    taken = {path.stem for path in project.papers_dir.glob("*.md")}
    known = identity.index_papers(papers, existing_days)
    report = IngestReport(skipped=list(listing.problems))
    report.skipped += [
        Problem(
            entry.source,
            entry.line,
            f"the record {entry.title[:60]!r} has no listing day",
            "give it a listing_date (YYYY-MM-DD)",
        )
        for entry in listing.entries
        if not (entry.day or listing.day)
    ]
    day_order: dict[date, list[str]] = defaultdict(list)
    listed_as: dict[date, dict[str, str]] = defaultdict(dict)
    first_line: dict[str, int] = {}  # slug -> line of its first record in this listing
    papers_dir = project.relative(project.papers_dir)
    # Every file of the ingest is synced to disk at once at the end (StagedWrites).
    with store.StagedWrites() as writes:
        for entry in track(entries, "ingesting papers", len(entries)):
            day = entry.day or listing.day
            assert day is not None  # _refuse_dayless kept only entries with a day
            if entry.removed_characters:
                report.cleaned.append(
                    Problem(
                        entry.source,
                        entry.line,
                        f"removed {entry.removed_characters} character(s) invalid in HTML "
                        f"from {entry.title[:60]!r}",
                    )
                )
            found = known.find(entry, day)
            slug_found, reason = found if found else (None, "")
            existing = papers.get(slug_found) if slug_found else None
            if existing is not None and slug_found is not None:
                merged = _merge_line(entry, existing, reason, first_line, papers_dir)
                if merged is not None:
                    report.merged.append(merged)
            paper = _merged(existing, entry, day, taken)
            slug = paper.slug
            papers[slug] = paper
            taken.add(slug)
            first_line.setdefault(slug, entry.line)
            known.add(slug, entry.title)
            if slug not in day_order[day]:
                day_order[day].append(slug)
                listed_as[day].setdefault(slug, entry.title)
            if paper == existing:
                # Nothing to add: leave the contributor's file exactly as they wrote it.
                report.unchanged.append(slug)
                continue
            if store.save_paper(project.papers_dir, paper, writes.write):
                (report.updated if existing else report.new).append(slug)
            else:
                report.unchanged.append(slug)
            _report_abstract(report, entry, paper, papers_dir)
        for day, slugs in sorted(day_order.items()):
            old = existing_days.get(day, Listing(day, ()))
            merged_day = Listing(
                day,
                tuple(dict.fromkeys([*old.papers, *slugs])),
                tuple(dict.fromkeys([*old.sources, source])),
                tuple(sorted({**listed_as[day], **dict(old.listed_as)}.items())),
            )
            store.save_day(project.days_dir, merged_day, writes.write)
            report.days.append(day)
    return report


def _merge_line(
    entry: Entry, paper: Paper, reason: str, first_line: dict[str, int], papers_dir: str
) -> Problem | None:
    """Return the report line of a record taken as an existing paper, naming both
    places, or None when the record is that paper as it stands (same title and
    abstract, first time in this listing)."""
    again = paper.slug in first_line
    same_text = entry.title == paper.title and (
        not entry.abstract or store.title_key(entry.abstract) == store.title_key(paper.abstract)
    )
    if same_text and not again:
        return None
    where = (
        f"the record on line {first_line[paper.slug]}"
        if again
        else f"{papers_dir}/{paper.slug}.md:2"
    )
    return Problem(
        entry.source,
        entry.line,
        f"{entry.title[:60]!r} is taken as {where} ({paper.title[:60]!r}): {reason}",
        "if they are different papers, tell them apart in content/papers/ "
        "(an arxiv_id on each, or a corrected title)",
    )


def _report_abstract(report: IngestReport, entry: Entry, paper: Paper, papers_dir: str) -> None:
    """Add a report line for a written paper whose abstract is missing or suspect."""
    file = f"{papers_dir}/{paper.slug}.md"
    if not paper.abstract:
        report.no_abstract.append(
            Problem(
                entry.source,
                entry.line,
                f"{entry.title[:60]!r} has no abstract; its page says so",
                f"paste the abstract into {file}",
            )
        )
        return
    reasons = abstracts.suspect_reasons(paper.abstract)
    if reasons:
        report.suspect.append(
            Problem(
                entry.source,
                entry.line,
                f"the abstract of {entry.title[:60]!r} looks like no abstract "
                f"({', '.join(reasons)}); its page says so",
                f"replace it in {file} with the abstract from the paper",
            )
        )


def _merged(existing: Paper | None, entry: Entry, day: date, taken: set[str]) -> Paper:
    """Return the paper ``entry`` makes: a new one with a new slug, or ``existing`` with
    the day and the fields it lacked (:func:`store.merge_paper`: none is overwritten)."""
    found = entry.paper_fields()
    if existing is None:
        slug = paper_slug(entry.title, taken, entry.arxiv_id)
        return Paper(slug=slug, title=entry.title, listed=(day,), **found)
    return store.merge_paper(existing, (day,), **found)
