"""``papersite ingest | build | serve | check``: a thin click layer over ``pipeline``."""

from __future__ import annotations

import errno
import logging
import socket
import sys
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar

import click

from generator import __version__, pipeline
from generator.config import Project
from generator.errors import PapersiteError
from generator.ingest import fetch as fetching
from generator.ingest.listing import INGEST_REPORT
from generator.sources.tree import content_notes, load_content

log = logging.getLogger("papersite")
# The terminal shows the first few; the report file has them all.
MAX_DETAILS_SHOWN = 20

ROOT_OPTION = click.option(
    "--root",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("."),
    show_default=True,
    help="Project folder holding mkdocs.yml and content/.",
)


Decorated = TypeVar("Decorated", bound=Callable[..., Any])


def _seconds(
    name: str, default: float, help: str, above_zero: bool = False
) -> Callable[[Decorated], Decorated]:
    """Return a click option ``name`` of a duration in seconds, its default shown."""
    duration = click.FloatRange(0, min_open=above_zero)
    return click.option(name, type=duration, default=default, show_default=True, help=help)


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


def _quiet() -> bool:
    """True when ``--quiet`` was given: print only errors."""
    return bool(click.get_current_context().find_root().params.get("quiet"))


@click.group()
@click.option("--quiet", "-q", is_flag=True, help="Print only errors.")
@click.version_option(__version__, "--version", "-V", prog_name="papersite")
def main(quiet: bool) -> None:
    """papersite: turn listings of trending papers into a searchable static site."""
    logging.basicConfig(
        level=logging.WARNING if quiet else logging.INFO, format="%(message)s", stream=sys.stderr
    )
    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    # Its "Retrying (...)" lines repeat what papersite fetch says in one line.
    logging.getLogger("urllib3").setLevel(logging.ERROR)


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
    if not _quiet():
        click.echo(summary)
    _echo_details(details)


def _echo_details(details: list[str]) -> None:
    """Print the first skipped or cleaned records of an ingest; the report has them all."""
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
    if not _quiet():
        click.echo(f"Built in {elapsed:.1f} s: {where}")


@main.command()
@ROOT_OPTION
def check(root: Path) -> None:
    """Validate every content file; report all problems as path:line: message."""
    project = _project(root)
    content, problems = load_content(project)
    if any(not problem.warning for problem in problems):
        _fail(PapersiteError(problems))
    # Notes ask for data, they report nothing wrong: --quiet (errors only) leaves them out.
    notes = [] if _quiet() else content_notes(project, content)
    for warning in problems + notes:
        click.echo(str(warning), err=True)
    counts = [(len(problems), "warning"), (len(notes), "note")]
    said = ", ".join(
        f"{number} {noun}{'s' if number != 1 else ''}" for number, noun in counts if number
    )
    if not _quiet():
        click.echo(f"content/ is valid{f' ({said})' if said else ''}.")


@main.command()
@click.option("--port", default=8000, show_default=True, help="Port on localhost.")
@ROOT_OPTION
def serve(port: int, root: Path) -> None:
    """Build, then serve the site on localhost; a change in content/ shows up live."""
    from mkdocs.commands.serve import serve as mkdocs_serve

    from generator.mkdocs_glue.watch import watch_content

    project = _project(root)
    host = "127.0.0.1"
    # Before the build, which takes a while: a taken port is said at once.
    if not _port_free(host, port):
        raise _port_taken(port)
    try:
        pipeline.build(project, run_mkdocs=False)
    except PapersiteError as error:
        _fail(error)
        return
    # Regenerating build/docs on a content change is enough: MkDocs watches build/docs.
    with watch_content(project):
        # Served at the root of localhost, whatever sub-path site_url has in production.
        address = f"{host}:{port}"
        # MkDocs says where it serves at its INFO level, which papersite keeps quiet.
        log.info("Serving on http://%s/ once MkDocs has built the site (Ctrl+C stops)", address)
        # "dirty": MkDocs re-renders only the pages whose markdown changed, and the
        # generator rewrites only those, so a correction shows in about a second.
        try:
            mkdocs_serve(
                str(project.root / "mkdocs.yml"),
                dev_addr=address,
                site_url=f"http://{address}/",
                build_type="dirty",
                # The search index and feeds: the papersite plugin copies them into the
                # served site, again whenever the generator rewrites them.
                watch=[str(project.data_dir)],
            )
        except OSError as error:
            if error.errno != errno.EADDRINUSE:
                raise
            raise _port_taken(port) from None


def _port_free(host: str, port: int) -> bool:
    """True when ``host:port`` can be bound now (with the reuse flag MkDocs' server sets).

    Raises ``click.ClickException`` for another reason a port cannot be bound.
    """
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as error:
            if error.errno == errno.EADDRINUSE:
                return False
            raise click.ClickException(f"cannot serve on port {port}: {error.strerror}") from None
    return True


def _port_taken(port: int) -> click.ClickException:
    return click.ClickException(
        f"port {port} is already in use: stop the other server, or choose another port with --port"
    )


@main.command()
@click.option(
    "--date",
    "day",
    type=click.DateTime(["%Y-%m-%d"]),
    help="The day to fetch (YYYY-MM-DD, UTC). Default: today.",
)
@click.option(
    "--since",
    type=click.DateTime(["%Y-%m-%d"]),
    help="Fetch every day from this one (YYYY-MM-DD) to --until: a backfill.",
)
@click.option(
    "--until",
    type=click.DateTime(["%Y-%m-%d"]),
    help="Last day of a --since backfill (YYYY-MM-DD). Default: today.",
)
@click.option(
    "--base-url",
    envvar="PAPERSITE_FETCH_URL",
    default=fetching.DEFAULT_BASE_URL,
    show_default=True,
    help="Where the API is (a mirror, a test server); env PAPERSITE_FETCH_URL.",
)
@click.option("--retries", type=click.IntRange(0, 10), default=4, show_default=True)
@_seconds("--backoff", 2.0, "Seconds before the first retry, doubling at each next one.")
@_seconds("--timeout", 30.0, "Seconds to wait for the server to answer.", above_zero=True)
@_seconds("--pause", 1.0, "Seconds between two days of a backfill.")
@ROOT_OPTION
def fetch(
    day: datetime | None,
    since: datetime | None,
    until: datetime | None,
    base_url: str,
    retries: int,
    backoff: float,
    timeout: float,
    pause: float,
    root: Path,
) -> None:
    """Download Hugging Face's daily-papers listing of a day (or days) and ingest it.

    Each day is saved unchanged as content/listings/<date>_hf-daily.json. Exit codes:
    0 done (days without papers included), 1 a listing could not be ingested,
    3 a network failure, 4 an API failure (error status, malformed answer).
    """
    today = fetching.utc_today()
    if day and since:
        raise click.UsageError("give --date or --since, not both")
    if until and not since:
        raise click.UsageError("--until ends a --since backfill; give --since too")
    start = since or day
    first = start.date() if start else today
    # A backfill runs to --until, else to today; a single day is its own last day.
    last = until.date() if until else (today if since else first)
    for edge in (first, last):
        if edge > today:
            raise click.UsageError(f"{edge.isoformat()} is after today ({today.isoformat()}, UTC)")
    if last < first:
        raise click.UsageError(f"--until {last.isoformat()} is before --since {first.isoformat()}")
    days = fetching.days_since(first, last)
    settings = fetching.FetchSettings(
        base_url=base_url,
        retries=retries,
        backoff=backoff,
        read_timeout=timeout,
        connect_timeout=min(timeout, fetching.FetchSettings.connect_timeout),
        pause=pause,
    )
    project = _project(root)
    exit_code = 0
    try:
        for result in fetching.fetch_days(project, days, settings):
            if isinstance(result, fetching.DayFailure):
                error = result.error
                click.echo(f"{result.day.isoformat()}: {error.kind}: {error}", err=True)
                exit_code = exit_code or error.exit_code
            else:
                click.echo(_fetched(result, project.root))
                if result.report is not None:
                    _echo_details(result.report.text("").splitlines()[1:])
    except PapersiteError as error:
        _fail(error)
        return
    sys.exit(exit_code)


def _fetched(result: fetching.DayResult, root: Path) -> str:
    """Return the line saying what fetching one day did."""
    day = result.day.isoformat()
    if result.report is None:
        return f"{day}: no papers listed; nothing saved"
    files = [*result.written, *result.kept]
    names = ", ".join(path.relative_to(root).as_posix() for path in files)
    kept = "unchanged" if not result.written else "saved"
    summary = result.report.text(names).splitlines()[0]
    return f"{day}: {result.items} papers listed, {kept}; {summary}"
