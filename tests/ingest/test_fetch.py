"""``papersite fetch`` against a scripted API on 127.0.0.1 serving recorded responses.

The recorded responses are the real daily-papers files in tests/fixtures/raw/ (what
``GET /api/daily_papers?date=...`` answered on those days), served byte for byte, cut
short, broken or delayed. Expected counts are read off those files with ``json``.
"""

from __future__ import annotations

import http.server
import json
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml
from click.testing import CliRunner, Result

from generator.cli import main
from generator.config import Project
from generator.ingest import fetch
from generator.sources.store import load_papers
from tests.conftest import FIXTURES, REPO, copy_project
from tests.end_to_end.test_cli import snapshot

RAW = FIXTURES / "raw"
# A bare list of 13 items: what the API answered for 2024-05-27.
DAY = date(2024, 5, 27)
DAY_BODY = (
    RAW / "2404589803_hf-daily-paper-newsletter-chinese_Paper_metadata_download_2024-05-27.json"
).read_bytes()
DAY_IDS = [item["paper"]["id"] for item in json.loads(DAY_BODY)]
# The archive's wrapper layout, its items Python-repr strings: read by the same reader.
WRAPPED_DAY = date(2025, 1, 10)
WRAPPED_BODY = (
    RAW / "2404589803_hf-daily-paper-newsletter-chinese_Paper_metadata_download_2025-01-10.json"
).read_bytes()
# A day without papers (a weekend): an empty list.
EMPTY = b"[]"
LISTING = "content/listings/2024-05-27_hf-daily.json"


@dataclass
class Reply:
    """One scripted answer. ``cut_at``: announce the whole body, send only that many bytes."""

    status: int = 200
    body: bytes = EMPTY
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    cut_at: int | None = None


@dataclass
class Request:
    query: dict[str, str]
    user_agent: str
    at: float


class Api:
    """A scripted daily-papers API: replies per (day, page); the last reply repeats."""

    def __init__(self) -> None:
        self.replies: dict[tuple[str, str], list[Reply]] = {}
        self.requests: list[Request] = []
        self.url = ""

    def on(self, day: date, *replies: Reply, page: int = 0) -> None:
        self.replies[(day.isoformat(), str(page))] = list(replies)

    def days(self) -> list[str]:
        return [request.query["date"] for request in self.requests]

    def next_reply(self, query: dict[str, str]) -> Reply:
        queue = self.replies.get((query.get("date", ""), query.get("p", "0")), [Reply()])
        return queue.pop(0) if len(queue) > 1 else queue[0]


@pytest.fixture
def api() -> Iterator[Api]:
    scripted = Api()

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            query = {key: values[0] for key, values in parse_qs(urlsplit(self.path).query).items()}
            scripted.requests.append(
                Request(query, self.headers.get("User-Agent", ""), time.monotonic())
            )
            reply = scripted.next_reply(query)
            time.sleep(reply.delay)
            try:
                self.send_response(reply.status)
                self.send_header("Content-Type", "application/json; charset=utf-8")
                self.send_header("Content-Length", str(len(reply.body)))
                for name, value in reply.headers.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(reply.body[: reply.cut_at])
            except OSError:
                pass  # the client gave up waiting: what a timeout test wants

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    scripted.url = f"http://127.0.0.1:{server.server_address[1]}"
    yield scripted
    server.shutdown()
    server.server_close()


@pytest.fixture
def project(tmp_path: Path) -> Project:
    return copy_project(tmp_path, content=False)


@pytest.fixture(autouse=True)
def today(monkeypatch: pytest.MonkeyPatch) -> None:
    """The CLI's today is the recorded day, so that later days are in the future."""
    monkeypatch.setattr(fetch, "utc_today", lambda: DAY)


def papersite_fetch(api: Api, project: Project, *args: str) -> Result:
    return CliRunner().invoke(
        main,
        [
            "fetch",
            *args,
            "--base-url",
            api.url,
            "--backoff",
            "0.01",
            "--pause",
            "0",
            "--retries",
            "2",
            "--root",
            str(project.root),
        ],
        catch_exceptions=False,
    )


def listed_slugs(project: Project, day: date) -> list[str]:
    data = yaml.safe_load((project.days_dir / f"{day.isoformat()}.yml").read_text())
    return [entry if isinstance(entry, str) else entry["slug"] for entry in data["papers"]]


# ---------------------------------------------------------------- a normal day


def test_a_day_is_saved_unchanged_and_ingested(api: Api, project: Project) -> None:
    api.on(DAY, Reply(body=DAY_BODY))
    result = papersite_fetch(api, project, "--date", DAY.isoformat())
    assert result.exit_code == 0, result.output
    assert (project.root / LISTING).read_bytes() == DAY_BODY
    papers, _, problems = load_papers(project.papers_dir)
    assert not problems
    assert sorted(paper.arxiv_id or "" for paper in papers.values()) == sorted(DAY_IDS)
    assert all(paper.listed == (DAY,) for paper in papers.values())
    assert len(listed_slugs(project, DAY)) == len(DAY_IDS)
    assert result.stdout.startswith(f"2024-05-27: {len(DAY_IDS)} papers listed, saved;")
    assert f"{len(DAY_IDS)} new" in result.stdout


def test_requests_name_papersite_and_ask_for_the_day(api: Api, project: Project) -> None:
    api.on(DAY, Reply(body=DAY_BODY))
    papersite_fetch(api, project, "--date", DAY.isoformat())
    (request,) = api.requests
    assert request.query == {"date": "2024-05-27", "limit": "100", "p": "0"}
    assert request.user_agent.startswith("papersite/")


def test_the_archive_wrapper_layout_is_read_too(
    api: Api, project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(fetch, "utc_today", lambda: WRAPPED_DAY)
    api.on(WRAPPED_DAY, Reply(body=WRAPPED_BODY))
    result = papersite_fetch(api, project, "--date", "2025-01-10")
    assert result.exit_code == 0, result.output
    saved = project.listings_dir / "2025-01-10_hf-daily.json"
    assert saved.read_bytes() == WRAPPED_BODY
    papers, _, _ = load_papers(project.papers_dir)
    assert len(papers) == json.loads(WRAPPED_BODY)["count"]


def test_the_same_day_fetched_twice_changes_no_byte(api: Api, project: Project) -> None:
    api.on(DAY, Reply(body=DAY_BODY))
    assert papersite_fetch(api, project, "--date", DAY.isoformat()).exit_code == 0
    before = snapshot(project.content)
    again = papersite_fetch(api, project, "--date", DAY.isoformat())
    assert again.exit_code == 0, again.output
    assert snapshot(project.content) == before
    assert "unchanged;" in again.stdout and "0 new, 0 updated" in again.stdout


def test_a_day_ingested_from_another_layout_gains_no_paper_twice(
    api: Api, project: Project
) -> None:
    # The first three records of the JSON Lines archive are three papers of the same day.
    jsonl = (RAW / "papers.sample.jsonl").read_bytes().split(b"\n")[:3]
    known = [json.loads(line, strict=False)["arxiv_id"] for line in jsonl]
    assert {json.loads(line, strict=False)["listing_date"] for line in jsonl} == {"2024-05-27"}
    other = project.listings_dir / "2024-05-27_papers.jsonl"
    other.parent.mkdir(parents=True)
    other.write_bytes(b"\n".join(jsonl) + b"\n")
    assert (
        CliRunner().invoke(main, ["ingest", str(other), "--root", str(project.root)]).exit_code == 0
    )
    api.on(DAY, Reply(body=DAY_BODY))

    result = papersite_fetch(api, project, "--date", DAY.isoformat())
    assert result.exit_code == 0, result.output
    papers, _, _ = load_papers(project.papers_dir)
    assert sorted(paper.arxiv_id or "" for paper in papers.values()) == sorted(DAY_IDS)
    assert f"{len(DAY_IDS) - len(known)} new" in result.stdout
    assert all(paper.listed == (DAY,) for paper in papers.values())
    slugs = listed_slugs(project, DAY)
    assert sorted(slugs) == sorted(papers) and len(slugs) == len(set(slugs))

    before = snapshot(project.content)
    assert papersite_fetch(api, project, "--date", DAY.isoformat()).exit_code == 0
    assert snapshot(project.content) == before


# ---------------------------------------------------------------- days without papers


def test_a_day_without_papers_is_reported_not_an_error(api: Api, project: Project) -> None:
    api.on(date(2024, 5, 26), Reply(body=EMPTY))
    before = snapshot(project.content)
    result = papersite_fetch(api, project, "--date", "2024-05-26")
    assert result.exit_code == 0, result.output
    assert result.stdout == "2024-05-26: no papers listed; nothing saved\n"
    assert snapshot(project.content) == before


def test_since_fetches_every_day_up_to_today(api: Api, project: Project) -> None:
    api.on(DAY, Reply(body=DAY_BODY))
    result = papersite_fetch(api, project, "--since", "2024-05-25")
    assert result.exit_code == 0, result.output
    assert api.days() == ["2024-05-25", "2024-05-26", "2024-05-27"]
    lines = result.stdout.splitlines()
    assert lines[:2] == [
        "2024-05-25: no papers listed; nothing saved",
        "2024-05-26: no papers listed; nothing saved",
    ]
    assert lines[2].startswith("2024-05-27: 13 papers listed, saved;")
    assert sorted(path.name for path in project.listings_dir.iterdir()) == [
        "2024-05-27_hf-daily.json"
    ]


def with_comment_abstract(items: list[dict[str, object]], number: int) -> bytes:
    """``items`` as the API's body, item ``number``'s abstract a submitter's comment."""
    items = json.loads(json.dumps(items))
    items[number]["paper"]["summary"] = "Up～"  # type: ignore[index]
    return json.dumps(items).encode()


def test_a_backfill_keeps_every_days_lines_in_the_ingest_report(api: Api, project: Project) -> None:
    items = json.loads(DAY_BODY)
    api.on(date(2024, 5, 26), Reply(body=with_comment_abstract(items[:6], 1)))
    api.on(DAY, Reply(body=with_comment_abstract(items[6:], 2)))
    result = papersite_fetch(api, project, "--since", "2024-05-26")
    assert result.exit_code == 0, result.output
    report = (project.root / "ingest-report.txt").read_text(encoding="utf-8")
    summaries = [line for line in report.splitlines() if not line.startswith("suspect")]
    assert summaries == [
        "content/listings/2024-05-26_hf-daily.json: 6 new, 0 updated, 0 unchanged papers; "
        "0 skipped; days 2024-05-26",
        "content/listings/2024-05-27_hf-daily.json: 7 new, 0 updated, 0 unchanged papers; "
        "0 skipped; days 2024-05-27",
    ]
    suspects = [line for line in report.splitlines() if line.startswith("suspect")]
    assert len(suspects) == 2
    assert "2024-05-26_hf-daily.json:1: " in suspects[0]
    assert repr(items[1]["paper"]["title"][:60]) in suspects[0]
    assert "2024-05-27_hf-daily.json:1: " in suspects[1]
    assert repr(items[8]["paper"]["title"][:60]) in suspects[1]


def test_a_day_of_several_pages_says_every_pages_suspect_abstracts(
    api: Api, project: Project
) -> None:
    items = json.loads(DAY_BODY)
    api.on(DAY, Reply(body=with_comment_abstract(items[:5], 0)), page=0)
    api.on(DAY, Reply(body=with_comment_abstract(items[5:10], 1)), page=1)
    api.on(DAY, Reply(body=with_comment_abstract(items[10:], 2)), page=2)
    settings = fetch.FetchSettings(base_url=api.url, page_size=5, backoff=0.01, pause=0)
    (result,) = fetch.fetch_days(project, [DAY], settings)
    assert isinstance(result, fetch.DayResult) and result.report is not None
    assert [problem.path.rsplit("/", 1)[1] for problem in result.report.suspect] == [
        "2024-05-27_hf-daily.json",
        "2024-05-27_hf-daily.p1.json",
        "2024-05-27_hf-daily.p2.json",
    ]
    report = (project.root / "ingest-report.txt").read_text(encoding="utf-8")
    assert report.count("suspect abstract: ") == 3


# ---------------------------------------------------------------- retries


def test_a_server_error_is_retried_then_the_day_saved(api: Api, project: Project) -> None:
    api.on(DAY, Reply(status=500, body=b"oops"), Reply(body=DAY_BODY))
    result = papersite_fetch(api, project, "--date", DAY.isoformat())
    assert result.exit_code == 0, result.output
    assert len(api.requests) == 2
    assert (project.root / LISTING).read_bytes() == DAY_BODY


def test_retries_back_off_doubling(api: Api, project: Project) -> None:
    api.on(DAY, Reply(status=502), Reply(status=503), Reply(body=DAY_BODY))
    settings = fetch.FetchSettings(base_url=api.url, backoff=0.3, pause=0)
    (result,) = fetch.fetch_days(project, [DAY], settings)
    assert isinstance(result, fetch.DayResult) and result.items == len(DAY_IDS)
    first, second, third = (request.at for request in api.requests)
    assert 0.3 <= second - first < 0.6 + 0.5
    assert 0.6 <= third - second < 1.2 + 0.5


def test_a_cut_body_is_asked_again_after_the_backoff(api: Api, project: Project) -> None:
    api.on(DAY, Reply(body=DAY_BODY, cut_at=100), Reply(body=DAY_BODY))
    settings = fetch.FetchSettings(base_url=api.url, backoff=0.3, pause=0)
    (result,) = fetch.fetch_days(project, [DAY], settings)
    assert isinstance(result, fetch.DayResult) and result.items == len(DAY_IDS)
    first, second = (request.at for request in api.requests)
    assert second - first >= 0.3


def test_rate_limiting_waits_as_retry_after_asks(api: Api, project: Project) -> None:
    api.on(DAY, Reply(status=429, headers={"Retry-After": "1"}), Reply(body=DAY_BODY))
    result = papersite_fetch(api, project, "--date", DAY.isoformat())
    assert result.exit_code == 0, result.output
    first, second = api.requests
    # The backoff is 0.01 s: only Retry-After makes the client wait a second.
    assert second.at - first.at >= 0.9
    assert (project.root / LISTING).read_bytes() == DAY_BODY


def test_a_long_retry_after_is_capped(api: Api, project: Project) -> None:
    api.on(DAY, Reply(status=429, headers={"Retry-After": "3600"}), Reply(body=DAY_BODY))
    settings = fetch.FetchSettings(base_url=api.url, backoff=0.01, max_wait=0.2, pause=0)
    (result,) = fetch.fetch_days(project, [DAY], settings)
    assert isinstance(result, fetch.DayResult) and result.items == len(DAY_IDS)
    first, second = api.requests
    assert 0.15 <= second.at - first.at < 5


def test_a_lasting_server_error_is_one_line_and_the_api_exit_code(
    api: Api, project: Project
) -> None:
    api.on(DAY, Reply(status=503, body=b"down"))
    before = snapshot(project.content)
    result = papersite_fetch(api, project, "--date", DAY.isoformat())
    assert result.exit_code == fetch.EXIT_API == 4
    assert len(api.requests) == 3  # the first attempt and --retries 2
    (line,) = result.stderr.splitlines()
    assert line.startswith("2024-05-27: API error: ") and "HTTP 503" in line
    assert snapshot(project.content) == before


def test_the_installed_command_says_a_failure_in_one_line(api: Api, project: Project) -> None:
    api.on(DAY, Reply(status=503, body=b"down"))
    command = [str(REPO / ".venv" / "bin" / "papersite"), "fetch", "--date", DAY.isoformat()]
    options = ["--base-url", api.url, "--backoff", "0", "--retries", "2"]
    result = subprocess.run(
        [*command, *options, "--root", str(project.root)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == fetch.EXIT_API
    assert len(api.requests) == 3
    # urllib3 logs each retry; only papersite's own line reaches the terminal.
    (line,) = result.stderr.splitlines()
    assert line.startswith("2024-05-27: API error: ") and "HTTP 503" in line


def test_a_client_error_is_not_retried(api: Api, project: Project) -> None:
    api.on(DAY, Reply(status=400, body=b'{"error": "Invalid date"}'))
    result = papersite_fetch(api, project, "--date", DAY.isoformat())
    assert result.exit_code == fetch.EXIT_API
    assert len(api.requests) == 1
    assert "HTTP 400" in result.stderr


# ---------------------------------------------------------------- failures write nothing


def test_a_timeout_is_a_network_failure_and_writes_nothing(api: Api, project: Project) -> None:
    api.on(DAY, Reply(body=DAY_BODY, delay=1.0))
    before = snapshot(project.content)
    result = papersite_fetch(api, project, "--date", DAY.isoformat(), "--timeout", "0.2")
    assert result.exit_code == fetch.EXIT_NETWORK == 3
    (line,) = result.stderr.splitlines()
    assert line.startswith("2024-05-27: network error: ")
    assert "no answer within 0.2 s" in line
    assert snapshot(project.content) == before


def test_malformed_json_is_an_api_failure_and_writes_nothing(api: Api, project: Project) -> None:
    broken = DAY_BODY.replace(b"},", b"}", 1)
    api.on(DAY, Reply(body=broken))
    before = snapshot(project.content)
    result = papersite_fetch(api, project, "--date", DAY.isoformat())
    assert result.exit_code == fetch.EXIT_API
    (line,) = result.stderr.splitlines()
    assert "not valid JSON" in line
    assert snapshot(project.content) == before


def test_json_that_is_not_a_listing_is_an_api_failure(api: Api, project: Project) -> None:
    api.on(DAY, Reply(body=b'{"error": "Sorry, we are down for maintenance"}'))
    before = snapshot(project.content)
    result = papersite_fetch(api, project, "--date", DAY.isoformat())
    assert result.exit_code == fetch.EXIT_API
    assert "not a list of papers" in result.stderr
    assert snapshot(project.content) == before


def test_a_truncated_body_is_a_network_failure_and_writes_nothing(
    api: Api, project: Project
) -> None:
    api.on(DAY, Reply(body=DAY_BODY, cut_at=len(DAY_BODY) // 2))
    before = snapshot(project.content)
    result = papersite_fetch(api, project, "--date", DAY.isoformat())
    assert result.exit_code == fetch.EXIT_NETWORK
    (line,) = result.stderr.splitlines()
    assert "cut short" in line and "after 3 attempts" in line
    assert len(api.requests) == 3
    assert snapshot(project.content) == before


def test_a_truncated_body_is_asked_again(api: Api, project: Project) -> None:
    api.on(DAY, Reply(body=DAY_BODY, cut_at=100), Reply(body=DAY_BODY))
    result = papersite_fetch(api, project, "--date", DAY.isoformat())
    assert result.exit_code == 0, result.output
    assert (project.root / LISTING).read_bytes() == DAY_BODY


def test_no_server_is_a_network_failure_that_ends_a_backfill(project: Project) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    offline = Api()
    offline.url = f"http://127.0.0.1:{port}"
    result = papersite_fetch(offline, project, "--since", "2024-05-25")
    assert result.exit_code == fetch.EXIT_NETWORK
    (line,) = result.stderr.splitlines()
    assert line.startswith("2024-05-25: network error: ") and "could not connect" in line


def test_an_api_failure_on_one_day_leaves_the_next_days_fetched(api: Api, project: Project) -> None:
    api.on(date(2024, 5, 26), Reply(body=b"[{"))
    api.on(DAY, Reply(body=DAY_BODY))
    result = papersite_fetch(api, project, "--since", "2024-05-26")
    assert result.exit_code == fetch.EXIT_API
    assert "2024-05-26" in result.stderr
    assert (project.root / LISTING).read_bytes() == DAY_BODY


# ---------------------------------------------------------------- paging


def test_a_listing_of_several_pages_keeps_every_page(api: Api, project: Project) -> None:
    items = json.loads(DAY_BODY)
    pages = [json.dumps(items[start : start + 5]).encode() for start in (0, 5, 10)]
    for number, body in enumerate(pages):
        api.on(DAY, Reply(body=body), page=number)
    settings = fetch.FetchSettings(base_url=api.url, page_size=5, backoff=0.01, pause=0)
    (result,) = fetch.fetch_days(project, [DAY], settings)
    assert isinstance(result, fetch.DayResult)
    assert [query.query["p"] for query in api.requests] == ["0", "1", "2"]
    assert [path.read_bytes() for path in result.written] == pages
    assert [path.name for path in result.written] == [
        "2024-05-27_hf-daily.json",
        "2024-05-27_hf-daily.p1.json",
        "2024-05-27_hf-daily.p2.json",
    ]
    papers, _, _ = load_papers(project.papers_dir)
    assert sorted(paper.arxiv_id or "" for paper in papers.values()) == sorted(DAY_IDS)
    assert len(listed_slugs(project, DAY)) == len(DAY_IDS)


def test_a_failed_later_page_writes_nothing_of_the_day(api: Api, project: Project) -> None:
    items = json.loads(DAY_BODY)
    api.on(DAY, Reply(body=json.dumps(items[:5]).encode()))
    api.on(DAY, Reply(status=500, body=b"oops"), page=1)
    before = snapshot(project.content)
    settings = fetch.FetchSettings(base_url=api.url, page_size=5, retries=1, backoff=0.01, pause=0)
    (result,) = fetch.fetch_days(project, [DAY], settings)
    assert isinstance(result, fetch.DayFailure)
    assert isinstance(result.error, fetch.ApiError) and "HTTP 500" in str(result.error)
    assert snapshot(project.content) == before


def test_a_server_ignoring_the_page_parameter_ends_the_listing(api: Api, project: Project) -> None:
    api.on(DAY, Reply(body=DAY_BODY))
    api.on(DAY, Reply(body=DAY_BODY), page=1)
    settings = fetch.FetchSettings(base_url=api.url, page_size=len(DAY_IDS), backoff=0.01, pause=0)
    (result,) = fetch.fetch_days(project, [DAY], settings)
    assert isinstance(result, fetch.DayResult) and result.items == len(DAY_IDS)
    assert len(api.requests) == 2
    assert [path.name for path in result.written] == ["2024-05-27_hf-daily.json"]


# ---------------------------------------------------------------- usage


def test_date_and_since_together_are_a_usage_error(api: Api, project: Project) -> None:
    result = papersite_fetch(api, project, "--date", "2024-05-27", "--since", "2024-05-20")
    assert result.exit_code == 2
    assert "not both" in result.stderr
    assert api.requests == []


def test_a_day_after_today_is_a_usage_error(api: Api, project: Project) -> None:
    result = papersite_fetch(api, project, "--date", "2024-05-28")
    assert result.exit_code == 2
    assert "after today" in result.stderr
    assert api.requests == []


def test_no_date_fetches_today(api: Api, project: Project) -> None:
    papersite_fetch(api, project)
    assert api.days() == ["2024-05-27"]


def test_until_ends_a_backfill(api: Api, project: Project) -> None:
    result = papersite_fetch(api, project, "--since", "2024-05-01", "--until", "2024-05-03")
    assert result.exit_code == 0, result.output
    assert api.days() == ["2024-05-01", "2024-05-02", "2024-05-03"]


def test_until_before_since_is_a_usage_error(api: Api, project: Project) -> None:
    result = papersite_fetch(api, project, "--since", "2024-05-03", "--until", "2024-05-01")
    assert result.exit_code == 2
    assert "before --since" in result.stderr
    assert api.requests == []


def test_until_without_since_is_a_usage_error(api: Api, project: Project) -> None:
    result = papersite_fetch(api, project, "--until", "2024-05-01")
    assert result.exit_code == 2
    assert "give --since too" in result.stderr
