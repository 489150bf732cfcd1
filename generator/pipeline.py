"""The two jobs, ``ingest`` and ``build``: the stage order, one stage a line.

Each stage lives in its package (see ARCHITECTURE.md); this module only says in which
order they run and what flows between them, as MkDocs' ``commands/build.py`` does.
"""

from __future__ import annotations

import logging
import multiprocessing
from collections.abc import Iterator, Sequence
from pathlib import Path
from time import perf_counter

from generator import readers, urls
from generator.config import Project
from generator.enrich import corpus
from generator.errors import PapersiteError
from generator.ingest.listing import INGEST_REPORT, IngestReport, add_listing
from generator.mkdocs_glue.run import run_mkdocs_build
from generator.publish import exports, output, search
from generator.render import pages as render
from generator.runtime import parallel
from generator.runtime.progress import report_rate, stage, track
from generator.sources import store
from generator.sources.tree import Content, load_content

log = logging.getLogger("papersite")


def ingest(
    project: Project, listing_path: Path, year: int | None = None, earlier: Sequence[str] = ()
) -> IngestReport:
    """Read a listing and add its papers and day to the content tree; return the report.

    :data:`INGEST_REPORT` is written anew: the sections ``earlier`` (those of the
    listings ingested before in the same run, as :func:`report_section` gives them),
    then this listing's. Raises ``PapersiteError`` for an unreadable listing, one with
    no day at all, or one ingested before as another day; nothing is written then.
    """
    # Read: the listing's records, each located at its file and line.
    listing = readers.read_listing(listing_path, year)
    # Merge: each record joins the paper it already is, or becomes a new paper file.
    report = add_listing(project, listing, project.relative(listing_path))
    # Report: what was skipped, cleaned or merged, next to content/.
    store.write_text_atomic(
        project.root / INGEST_REPORT,
        "".join([*earlier, report_section(project, listing_path, report)]),
    )
    return report


def report_section(project: Project, listing_path: Path, report: IngestReport) -> str:
    """Return the lines of :data:`INGEST_REPORT` that ``report``, the ingest of
    ``listing_path``, writes: its summary, then every record not kept as is."""
    return report.text(project.relative(listing_path))


def build(project: Project, strict: bool = False, run_mkdocs: bool = True) -> output.WriteReport:
    """Build the site: load -> check -> tag -> (data files | link -> render -> write) -> MkDocs.

    Pages go to ``build/docs`` for MkDocs. The search index, feeds and data files are
    no pages: they go to ``build/data`` and are copied into the site after MkDocs.
    Raises ``PapersiteError`` listing every content problem; nothing is built then.
    """
    # Load and check: the whole content tree; any error refuses the build.
    content = checked_content(project)
    # Tag: every paper's tags, all that the search index, feeds and data files need.
    tagged = corpus.tag(content.papers, content.tags, content.listings)
    # Data files: the search index, feeds and papers.json, made in a forked child while
    # this process makes the pages.
    with parallel.Background(write_data_files, tagged, project) as data_files:
        # Link, render and write: related papers, mentions and backlinks, then every
        # page's Markdown into build/docs, on every core.
        report = write_pages(project.docs_dir, render.Renderer(corpus.link(tagged), project))
        # MkDocs: the pages into site/, on every core, dated by the latest listing day.
        if run_mkdocs:
            run_mkdocs_build(
                project,
                strict=strict,
                build_day=max(content.listings, default=None),
                publish_data=False,
                processes=parallel.cpu_count(),
            )
        data_files.result()
    # Publish: the data files join the pages in site/.
    if run_mkdocs:
        output.publish_data(project.data_dir, project.site_dir)
    return report


def checked_content(project: Project) -> Content:
    """Return the content tree, its warnings logged; raise ``PapersiteError`` with every
    problem if any is an error."""
    with stage("load and check content"):
        content, problems = load_content(project)
    if any(not problem.warning for problem in problems):
        raise PapersiteError(problems)
    for warning in problems:
        log.warning("%s", warning)
    return content


def write_pages(docs_dir: Path, renderer: render.Renderer) -> output.WriteReport:
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
    report = output.WriteReport(sum(written), len(written) - sum(written), removed)
    total = report.written + report.unchanged
    log.info("wrote %d pages (%d changed, %d removed)", total, report.written, report.removed)
    return report


def write_data_files(tagged: corpus.TaggedCorpus, project: Project) -> output.WriteReport:
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
