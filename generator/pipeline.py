"""The two jobs, ``ingest`` and ``build``: stage order and nothing else."""

from __future__ import annotations

import contextlib
import functools
import gc
import logging
import multiprocessing
import os
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time
from pathlib import Path
from time import perf_counter

from generator import readers, urls
from generator.config import Project
from generator.enrich import corpus
from generator.errors import PapersiteError
from generator.ingest import identity
from generator.model import Listing, Paper, Problem, Tag
from generator.publish import exports, output, search
from generator.readers.base import Entry
from generator.render import pages as render
from generator.runtime import parallel
from generator.runtime.parallel import Background
from generator.runtime.progress import report_rate, stage, track
from generator.sources import abstracts, check, store
from generator.sources.slugs import paper_slug

log = logging.getLogger("papersite")
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
    """Raise if this listing was ingested before as another day (another ``--year``)."""
    if listing.day is None:
        return
    for day, record in sorted(days.items()):
        if day != listing.day and source in record.sources:
            raise PapersiteError.at(
                listing.source,
                1,
                f"this listing was ingested as {day.isoformat()} before; now it reads as "
                f"{listing.day.isoformat()}, which would make a second day of it",
                f"ingest it with --year {day.year}, or first remove '{source}' and its "
                f"papers from content/days/{day.isoformat()}.yml",
            )


def ingest(project: Project, listing_path: Path, year: int | None = None) -> IngestReport:
    """Read a listing and add its papers and day to the content tree.

    New papers get a file; known papers (:mod:`generator.ingest.identity`) only gain the
    new listing day and fields that were empty. A record with no day is skipped and
    reported. Raises ``PapersiteError`` for an unreadable listing, one with no day at
    all, or one ingested before as another day; nothing is written then.
    """
    listing = readers.read_listing(listing_path, year)
    source = _relative(listing_path, project.root)
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
    papers_dir = _relative(project.papers_dir, project.root)
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
    store.write_text_atomic(project.root / INGEST_REPORT, report.text(source))
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


def _relative(path: Path, root: Path) -> str:
    """Return ``path`` relative to the project (as contributors see it), else its name."""
    try:
        # The folder resolved, not the file: a symlinked file is named as it is in content/.
        return (path.parent.resolve() / path.name).relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.name


def _merged(existing: Paper | None, entry: Entry, day: date, taken: set[str]) -> Paper:
    if existing is None:
        return Paper(
            slug=paper_slug(entry.title, taken, entry.arxiv_id),
            title=entry.title,
            abstract=entry.abstract,
            listed=(day,),
            arxiv_id=entry.arxiv_id,
            authors=entry.authors,
            code=entry.code,
            published=entry.published,
            project_page=entry.project_page,
            upvotes=entry.upvotes,
        )
    return store.merge_paper(
        existing,
        (day,),
        abstract=entry.abstract,
        arxiv_id=entry.arxiv_id,
        authors=entry.authors,
        code=entry.code,
        published=entry.published,
        project_page=entry.project_page,
        upvotes=entry.upvotes,
    )


@dataclass(frozen=True)
class Content:
    """The content tree as read: papers, their files, tags and listing days."""

    papers: dict[str, Paper]
    paths: dict[str, str]
    tags: tuple[Tag, ...]
    listings: dict[date, Listing]


def load_content(project: Project) -> tuple[Content, list[Problem]]:
    """Read and validate the whole content tree; return it with every problem found
    (warnings included: see ``Problem.warning``), sorted by path and line."""
    tags, problems = store.load_tags(project.tags_file)
    papers, paths, paper_problems = store.load_papers(project.papers_dir)
    listings, day_problems = store.load_days(project.days_dir)
    problems += paper_problems + day_problems
    problems += check.check_papers(papers, paths, tags)
    unreadable = {path.stem for path in project.papers_dir.glob("*.md")} - set(papers)
    problems += check.check_days(listings, papers, project.days_dir, paths, unreadable)
    located = sorted(
        {replace(p, path=_relative(Path(p.path), project.root)) for p in problems},
        key=lambda p: (p.path, p.line, p.message),
    )
    return Content(papers, paths, tags, listings), located


def build(project: Project, strict: bool = False, run_mkdocs: bool = True) -> output.WriteReport:
    """Build the site: load -> validate -> enrich -> render -> write -> MkDocs.

    Pages go to ``build/docs`` for MkDocs. The search index, feeds and data files are
    no pages: they go to ``build/data`` and are copied into the site after MkDocs.
    Raises ``PapersiteError`` listing every content problem; nothing is built then.
    """
    with stage("load and check content"):
        content, problems = load_content(project)
    if any(not problem.warning for problem in problems):
        raise PapersiteError(problems)
    for warning in problems:
        log.warning("%s", warning)
    tagged = corpus.tag(content.papers, content.tags, content.listings)
    project.data_dir.mkdir(parents=True, exist_ok=True)  # papersite serve watches it
    # The search index, feeds and data files need only the tags. A child forked now
    # (small heap) builds them while this process renders the pages and lets go of the
    # corpus before MkDocs needs the memory. It shares the CPU as an equal: MkDocs then
    # runs on every core, and a child that yielded to it (nice 19) finished last, alone.
    job = functools.partial(_write_data_files, tagged, project)
    with Background(job) as data_files:
        report = _write_pages(project.docs_dir, render.Renderer(corpus.link(tagged), project))
        total = report.written + report.unchanged
        log.info("wrote %d pages (%d changed, %d removed)", total, report.written, report.removed)
        latest = max(content.listings) if content.listings else None
        del content, tagged, job
        gc.collect()
        if run_mkdocs:
            with stage("MkDocs"):
                run_mkdocs_build(
                    project,
                    strict=strict,
                    build_day=latest,
                    publish_data=False,
                    processes=parallel.cpu_count(),
                )
        data_files.result()
    if run_mkdocs:
        output.publish_data(project.data_dir, project.site_dir)
    return report


def _write_pages(docs_dir: Path, renderer: render.Renderer) -> output.WriteReport:
    """Render and write every page on every core; remove pages no longer produced.

    Each process renders and writes its share of the pages as it goes (never all of
    them in memory); the shares interleave, so the heavy tag and day pages spread out.
    """
    paths = renderer.page_paths()
    parts = parallel.cpu_count()
    interleaved = [path for first in range(parts) for path in paths[first::parts]]

    def render_share(share: Sequence[urls.SourcePath]) -> list[bool]:
        in_child = multiprocessing.parent_process() is not None
        # The bar follows this process's share; the closing line counts every page.
        shown = share if in_child else track(share, "rendering pages", len(share), summary=False)
        return [output.write_page(docs_dir, path, renderer.page(path)) for path in shown]

    docs_dir.mkdir(parents=True, exist_ok=True)
    started = perf_counter()
    renderer.prepare()  # what every page shares, computed once before the processes split
    written = parallel.split_map(render_share, interleaved, parts)
    report_rate("rendering pages", len(written), perf_counter() - started)
    removed = output.remove_stale(docs_dir, set(paths))
    return output.WriteReport(sum(written), len(written) - sum(written), removed)


def _write_data_files(tagged: corpus.Corpus, project: Project) -> output.WriteReport:
    """Write the search index (papersite's engine), the feeds and the data files to
    ``build/data``, each group as soon as it is made; return what changed."""
    used_tags = tagged.used_tags()

    def files() -> Iterator[tuple[str, str]]:
        # Feeds first: the search index's memory, once freed, is not handed back to the
        # system, and the feeds would come on top of it.
        with stage("feeds and data files"):
            exported = exports.export_files(tagged, project, used_tags)
        yield from exported.items()
        del exported  # written: not kept while the search index is built
        if project.search_engine == "papersite":
            with stage("search index"):
                index = search.search_files(search.search_documents(tagged, used_tags))
            yield from index.items()

    return output.write_docs(project.data_dir, files())


@contextlib.contextmanager
def _source_date(day: date | None) -> Iterator[None]:
    """Set ``SOURCE_DATE_EPOCH`` to midnight UTC of ``day`` for the block, unless it is set.

    MkDocs dates the sitemap (``<lastmod>``, the gzip header) with it, else with "now"
    (https://reproducible-builds.org/specs/source-date-epoch/).
    """
    if day is None or os.environ.get("SOURCE_DATE_EPOCH"):
        yield
        return
    epoch = int(datetime.combine(day, time(), tzinfo=UTC).timestamp())
    os.environ["SOURCE_DATE_EPOCH"] = str(epoch)
    try:
        yield
    finally:
        del os.environ["SOURCE_DATE_EPOCH"]


def run_mkdocs_build(
    project: Project,
    strict: bool = False,
    build_day: date | None = None,
    publish_data: bool = True,
    processes: int = 1,
) -> None:
    """Run ``mkdocs build`` in-process with the project's ``mkdocs.yml`` into ``site/``.

    ``build_day`` (the latest listing day) dates the sitemap, so the same content
    builds the same bytes on any day. ``publish_data=False`` keeps the MkDocs hook from
    copying ``build/data`` into the site: the caller does it once the data is ready.
    ``processes`` > 1 splits the paper pages over that many processes
    (``generator.mkdocs_glue.split``; not with Material's search, whose index needs them all).
    """
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    from generator.mkdocs_glue import split as mkdocs_split

    config = load_config(
        str(project.root / "mkdocs.yml"), strict=strict, site_dir=str(project.site_dir)
    )
    config.extra[output.PUBLISH_DATA] = publish_data
    if project.search_engine == "papersite":
        config.extra[mkdocs_split.PROCESSES] = processes
    with _source_date(build_day):
        mkdocs_build(config)
