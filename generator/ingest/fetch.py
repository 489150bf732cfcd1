"""``papersite fetch``: download Hugging Face's daily-papers listing of a day and ingest it.

The listing of a day is ``GET <base>/api/daily_papers?date=YYYY-MM-DD``
(https://huggingface.co/docs/hub/en/api#get-apidailypapers), a JSON list of
``{"paper": {...}, ...}`` items in the layout ``readers.hf_daily_json`` reads (the files
in ``tests/fixtures/raw/`` are such responses; none of them shows paging). What this
module assumes beyond that, and nothing more:

- ``limit`` is the page size and ``p`` the 0-based page; 100 is the largest page
  asked for. A page holding fewer than ``limit`` items is the last one. A page that
  repeats the one before (a server that ignores ``p``) ends the listing too.
- A day without papers (a weekend) is an empty list ``[]``.
- Days are UTC days.

Each page is saved as it came, byte for byte: page 0 as
``content/listings/<date>_hf-daily.json``, page P > 0 as ``<date>_hf-daily.p<P>.json``.
Nothing is written unless every page of the day arrived whole and is a daily-papers
list; a file already holding the same bytes is left alone.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from itertools import takewhile
from pathlib import Path
from typing import Any

import requests
from urllib3.util.retry import Retry

from generator import __version__, pipeline
from generator.config import Project
from generator.ingest.listing import IngestReport
from generator.readers.hf_daily_json import HfDailyJsonReader
from generator.sources import store

DEFAULT_BASE_URL = "https://huggingface.co"
API_PATH = "/api/daily_papers"
# Named in every request so that the API's operators can tell who is asking.
USER_AGENT = (
    f"papersite/{__version__} (static site generator; +https://github.com/papersite/papersite)"
)
# Exit codes of `papersite fetch` (1 is bad content, 2 a usage error, as for every command).
EXIT_NETWORK = 3
EXIT_API = 4
# Statuses worth asking again: rate limiting and server errors that are usually brief.
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})


@dataclass(frozen=True)
class FetchSettings:
    """How to reach the API and how patient to be; every duration is in seconds.

    ``retries``: further attempts after a failed one (connection, timeout, a status
    in ``RETRY_STATUSES``, a body cut short). The n-th retry waits ``backoff * 2**(n-1)``,
    or what a ``Retry-After`` header asks (RFC 9110, 10.2.3), never more than ``max_wait``.
    ``pause``: wait between two days, so that a backfill stays under rate limits.
    ``max_bytes``: a larger response is refused (a listing is about 100 kB).
    """

    base_url: str = DEFAULT_BASE_URL
    connect_timeout: float = 10.0
    read_timeout: float = 30.0
    retries: int = 4
    backoff: float = 2.0
    max_wait: float = 120.0
    pause: float = 1.0
    page_size: int = 100
    max_pages: int = 20
    max_bytes: int = 32 * 1024 * 1024


class FetchError(Exception):
    """A day could not be fetched; ``str()`` is the one line a maintainer reads."""

    exit_code = EXIT_API
    kind = "API error"


class NetworkError(FetchError):
    """The API could not be reached, or its answer did not arrive whole."""

    exit_code = EXIT_NETWORK
    kind = "network error"


class ApiError(FetchError):
    """The API answered, but not with a day's listing (an error status, bad JSON)."""


@dataclass
class DayResult:
    """What fetching one day did.

    ``items``: papers the API listed (0 for an empty day). ``written``: listing files
    created or replaced; ``kept``: files that already held the same bytes.
    ``report``: the ingest of the day's files, ``None`` for an empty day;
    ``sections``: what each file's ingest wrote in the ingest report.
    """

    day: date
    items: int = 0
    written: list[Path] = field(default_factory=list)
    kept: list[Path] = field(default_factory=list)
    report: IngestReport | None = None
    sections: list[str] = field(default_factory=list)


class _Retry(Retry):
    """urllib3's Retry waiting before the first retry too, every wait (``Retry-After``
    included) capped at ``max_wait``."""

    def __init__(self, *args: Any, max_wait: float = 120.0, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.max_wait = max_wait

    def new(self, **kwargs: Any) -> _Retry:
        renewed = super().new(**kwargs)
        renewed.max_wait = self.max_wait
        return renewed

    def get_backoff_time(self) -> float:
        # urllib3 retries the first time at once; a server that just refused deserves
        # the wait too: the n-th retry in a row waits backoff * 2**(n-1).
        errors = len(list(takewhile(lambda x: x.redirect_location is None, reversed(self.history))))
        if errors == 0:
            return 0.0
        return float(min(self.backoff_max, self.backoff_factor * 2 ** (errors - 1)))

    def get_retry_after(self, response: Any) -> float | None:
        # A server asking for an hour would hold a daily job for an hour: wait the cap,
        # and if it still refuses, the day fails with its status.
        wait = super().get_retry_after(response)
        return None if wait is None else min(wait, self.max_wait)


def session(settings: FetchSettings) -> requests.Session:
    """Return an HTTP session that retries as ``settings`` say and names papersite."""
    retry = _Retry(
        total=settings.retries,
        connect=settings.retries,
        read=settings.retries,
        status=settings.retries,
        other=0,
        allowed_methods=frozenset({"GET"}),
        status_forcelist=RETRY_STATUSES,
        backoff_factor=settings.backoff,
        backoff_max=settings.max_wait,
        respect_retry_after_header=True,
        # The last answer is returned, so that the error names its status.
        raise_on_status=False,
        max_wait=settings.max_wait,
    )
    client = requests.Session()
    adapter = requests.adapters.HTTPAdapter(max_retries=retry)
    client.mount("http://", adapter)
    client.mount("https://", adapter)
    client.headers.update({"User-Agent": USER_AGENT, "Accept": "application/json"})
    return client


def utc_today() -> date:
    """Return today's date in UTC, the calendar of the API's days."""
    return datetime.now(UTC).date()


def days_since(since: date, until: date) -> list[date]:
    """Return every day from ``since`` to ``until``, both included (empty if ``since`` is later)."""
    return [since + timedelta(days=n) for n in range((until - since).days + 1)]


def listing_url(settings: FetchSettings, day: date, page: int) -> str:
    """Return the URL of page ``page`` (0-based) of ``day``'s listing."""
    base = settings.base_url.rstrip("/")
    return f"{base}{API_PATH}?date={day.isoformat()}&limit={settings.page_size}&p={page}"


def listing_path(project: Project, day: date, page: int) -> Path:
    """Return where page ``page`` of ``day``'s listing is kept under ``content/listings/``."""
    suffix = "" if page == 0 else f".p{page}"
    return project.listings_dir / f"{day.isoformat()}_hf-daily{suffix}.json"


@dataclass(frozen=True)
class Page:
    """One page of a day's listing: its body as it came and how many items it lists."""

    body: bytes
    items: int


def download_day(client: requests.Session, settings: FetchSettings, day: date) -> list[Page]:
    """Return every page of ``day``'s listing, bodies unchanged; ``[]`` for no papers.

    Raises ``NetworkError`` when the API cannot be reached or a body arrives cut short
    (after the retries), ``ApiError`` for an error status, a body that is not UTF-8
    JSON, or JSON that is not a daily-papers list.
    """
    pages: list[Page] = []
    for number in range(settings.max_pages):
        url = listing_url(settings, day, number)
        page = Page(body := _get(client, settings, url), _items(body, url))
        if page.items == 0 or (pages and page.body == pages[-1].body):
            break
        pages.append(page)
        if page.items < settings.page_size:
            break
    else:
        raise ApiError(
            f"{listing_url(settings, day, 0)}: more than {settings.max_pages} pages of "
            f"{settings.page_size}; is the server ignoring the page parameter p?"
        )
    return pages


def _get(client: requests.Session, settings: FetchSettings, url: str) -> bytes:
    """Return the body of a 200 answer to GET ``url``, read whole.

    urllib3 retries a failed connection, a timeout before the headers and the statuses
    in ``RETRY_STATUSES``; a body cut short (or stalled) is asked again here, with the
    same waits, since urllib3 has handed the response over by then.
    """
    attempt = 0
    while True:
        try:
            return _get_once(client, settings, url)
        except _BodyFailed as error:
            if attempt == settings.retries:
                raise NetworkError(f"{error} (after {attempt + 1} attempts)") from None
        time.sleep(min(settings.backoff * 2**attempt, settings.max_wait))
        attempt += 1


class _BodyFailed(Exception):
    """The headers came, the body did not arrive whole."""


def _get_once(client: requests.Session, settings: FetchSettings, url: str) -> bytes:
    attempts = f"after {settings.retries + 1} attempts"
    try:
        response = client.get(
            url, timeout=(settings.connect_timeout, settings.read_timeout), stream=True
        )
    except requests.exceptions.RequestException as error:
        raise NetworkError(f"{url}: {_describe(error, settings)} ({attempts})") from None
    with response:
        if response.status_code != 200:
            reason = f" {response.reason}" if response.reason else ""
            wait = response.headers.get("Retry-After")
            asks = f", asking to wait {wait} s" if wait else ""
            tried = f" ({attempts})" if response.status_code in RETRY_STATUSES else ""
            raise ApiError(f"{url}: HTTP {response.status_code}{reason}{asks}{tried}")
        chunks: list[bytes] = []
        size = 0
        try:
            for chunk in response.iter_content(64 * 1024):
                size += len(chunk)
                if size > settings.max_bytes:
                    raise ApiError(f"{url}: the response is larger than {settings.max_bytes} bytes")
                chunks.append(chunk)
        except requests.exceptions.RequestException as error:
            raise _BodyFailed(f"{url}: {_describe(error, settings)}") from None
    return b"".join(chunks)


def _describe(error: requests.exceptions.RequestException, settings: FetchSettings) -> str:
    """Return what went wrong in a few words, without urllib3's nested reprs."""
    text = str(error)
    if isinstance(error, requests.exceptions.ChunkedEncodingError) or "IncompleteRead" in text:
        return "the response was cut short"
    if isinstance(error, requests.exceptions.ConnectTimeout):
        return f"no connection within {settings.connect_timeout:g} s"
    if isinstance(error, requests.exceptions.ReadTimeout) or "timed out" in text.lower():
        return f"no answer within {settings.read_timeout:g} s"
    if isinstance(error, requests.exceptions.SSLError):
        return "TLS handshake failed"
    if isinstance(error, requests.exceptions.ConnectionError):
        return "could not connect"
    return type(error).__name__


def _items(body: bytes, url: str) -> int:
    """Return how many items the daily-papers list ``body`` holds.

    Raises ``ApiError`` if ``body`` is not UTF-8 JSON or not a daily-papers list (or
    wrapper), so that such a body is never saved.
    """
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as error:
        raise ApiError(f"{url}: the response is not UTF-8 (byte {error.start})") from None
    try:
        # strict=False, as the reader: a raw control character in a string is not fatal.
        value = json.loads(text, strict=False)
    except json.JSONDecodeError as error:
        raise ApiError(
            f"{url}: the response is not valid JSON (line {error.lineno}: {error.msg})"
        ) from None
    except RecursionError:
        raise ApiError(f"{url}: the response is not valid JSON (nested too deeply)") from None
    if isinstance(value, dict) and isinstance(value.get("data"), list):
        value = value["data"]
    if not isinstance(value, list):
        raise ApiError(f"{url}: the response is not a list of papers")
    if value and not HfDailyJsonReader().detect(text):
        raise ApiError(f'{url}: the response is not a daily-papers list of {{"paper": ...}} items')
    return len(value)


def fetch_day(
    project: Project,
    day: date,
    settings: FetchSettings,
    client: requests.Session,
    earlier: Sequence[str] = (),
) -> DayResult:
    """Download ``day``'s listing, keep it in ``content/listings/`` and ingest it.

    The ingest report keeps ``earlier`` (the sections of the days fetched before in
    the same run) and adds this day's. Returns what was done. Raises ``FetchError``
    (nothing written), or ``PapersiteError`` if the saved listing cannot be ingested.
    """
    pages = download_day(client, settings, day)
    result = DayResult(day, sum(page.items for page in pages))
    if not pages:
        return result
    paths = [listing_path(project, day, number) for number in range(len(pages))]
    with store.StagedWrites() as writes:
        for path, page in zip(paths, pages, strict=True):
            # The body was checked to be UTF-8: encoding its text gives back its very bytes.
            changed = writes.write(path, page.body.decode("utf-8"))
            (result.written if changed else result.kept).append(path)
    for path in paths:
        report = pipeline.ingest(project, path, earlier=[*earlier, *result.sections])
        result.sections.append(pipeline.report_section(project, path, report))
        result.report = report if result.report is None else result.report.combined(report)
    return result


@dataclass(frozen=True)
class DayFailure:
    """A day that could not be fetched, and why; nothing of it was written."""

    day: date
    error: FetchError


def fetch_days(
    project: Project, days: list[date], settings: FetchSettings
) -> Iterator[DayResult | DayFailure]:
    """Fetch ``days`` in order; yield each day's result, or why it failed.

    The ingest report (``ingest-report.txt``) holds every day of the run.
    A ``NetworkError`` ends the run after it is yielded (the next days would wait
    through the same retries and fail alike); an ``ApiError`` concerns its day only.
    ``PapersiteError`` from an ingest propagates.
    """
    sections: list[str] = []  # the ingest report of every day of the run
    with session(settings) as client:
        for number, day in enumerate(days):
            if number:
                time.sleep(settings.pause)
            try:
                result = fetch_day(project, day, settings, client, sections)
            except FetchError as error:
                yield DayFailure(day, error)
                if isinstance(error, NetworkError):
                    return
                continue
            sections += result.sections
            yield result
