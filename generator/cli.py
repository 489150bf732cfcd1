"""``papersite ingest | build | serve | check``: a thin click layer over ``pipeline``."""

from __future__ import annotations

import errno
import logging
import sys
import time
from pathlib import Path

import click

from generator import pipeline
from generator.config import Project
from generator.errors import PapersiteError
from generator.pipeline import INGEST_REPORT

# The terminal shows the first few; the report file has them all.
MAX_DETAILS_SHOWN = 20

ROOT_OPTION = click.option(
    "--root",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("."),
    show_default=True,
    help="Project folder holding mkdocs.yml and content/.",
)


def _project(root: Path) -> Project:
    return Project.load(root.resolve())


def _fail(error: PapersiteError) -> None:
    for problem in error.problems:
        click.echo(str(problem), err=True)
    warnings = sum(problem.warning for problem in error.problems)
    count = len(error.problems) - warnings
    also = f", {warnings} warning{'s' if warnings != 1 else ''}" if warnings else ""
    click.echo(f"{count} problem{'s' if count != 1 else ''} found{also}.", err=True)
    sys.exit(1)


@click.group()
@click.option("--quiet", "-q", is_flag=True, help="Print only errors.")
def main(quiet: bool) -> None:
    """papersite: turn listings of trending papers into a searchable static site."""
    logging.basicConfig(
        level=logging.WARNING if quiet else logging.INFO, format="%(message)s", stream=sys.stderr
    )
    logging.getLogger("mkdocs").setLevel(logging.WARNING)


@main.command()
@click.argument("listing", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--year", type=int, help="Year of the listing's day line, when it has none.")
@ROOT_OPTION
def ingest(listing: Path, year: int | None, root: Path) -> None:
    """Add the papers of LISTING to content/ (never overwriting a corrected field)."""
    try:
        report = pipeline.ingest(_project(root), listing, year)
    except PapersiteError as error:
        _fail(error)
        return
    summary, *details = report.text(str(listing)).splitlines()
    click.echo(summary)
    for line in details[:MAX_DETAILS_SHOWN]:
        click.echo(line, err=True)
    if details:
        click.echo(f"Every record to look at is listed in {INGEST_REPORT}.", err=True)


@main.command()
@click.option("--strict", is_flag=True, help="Fail on any MkDocs warning (as CI does).")
@click.option("--no-mkdocs", is_flag=True, help="Write build/docs only; skip MkDocs.")
@ROOT_OPTION
def build(strict: bool, no_mkdocs: bool, root: Path) -> None:
    """Check content/, write build/docs/ and build the site into site/."""
    project = _project(root)
    started = time.perf_counter()
    try:
        pipeline.build(project, strict=strict, run_mkdocs=not no_mkdocs)
    except PapersiteError as error:
        _fail(error)
        return
    elapsed = time.perf_counter() - started
    where = project.docs_dir if no_mkdocs else project.site_dir / "index.html"
    click.echo(f"Built in {elapsed:.1f} s: {where}")


@main.command()
@ROOT_OPTION
def check(root: Path) -> None:
    """Validate every content file; report all problems as path:line: message."""
    _, problems = pipeline.load_content(_project(root))
    if any(not problem.warning for problem in problems):
        _fail(PapersiteError(problems))
    for warning in problems:
        click.echo(str(warning), err=True)
    count = len(problems)
    warned = f" ({count} warning{'s' if count != 1 else ''})" if count else ""
    click.echo(f"content/ is valid{warned}.")


@main.command()
@click.option("--port", default=8000, show_default=True, help="Port on localhost.")
@ROOT_OPTION
def serve(port: int, root: Path) -> None:
    """Build, then serve the site on localhost; a change in content/ shows up live."""
    from mkdocs.commands.serve import serve as mkdocs_serve

    from generator.watch import watch_content

    project = _project(root)
    try:
        pipeline.build(project, run_mkdocs=False)
    except PapersiteError as error:
        _fail(error)
        return
    # Regenerating build/docs on a content change is enough: MkDocs watches build/docs.
    with watch_content(project):
        # Served at the root of localhost, whatever sub-path site_url has in production.
        address = f"127.0.0.1:{port}"
        # "dirty": MkDocs re-renders only the pages whose markdown changed, and the
        # generator rewrites only those, so a correction shows in about a second.
        try:
            mkdocs_serve(
                str(project.root / "mkdocs.yml"),
                dev_addr=address,
                site_url=f"http://{address}/",
                build_type="dirty",
                # The search index and feeds: the MkDocs hook copies them into the
                # served site, again whenever the generator rewrites them.
                watch=[str(project.data_dir)],
            )
        except OSError as error:
            if error.errno != errno.EADDRINUSE:
                raise
            raise click.ClickException(
                f"port {port} is already in use: stop the other server, "
                "or choose another port with --port"
            ) from None
