"""Shared fixtures: a built copy of the seed site, a local HTTP server, a browser."""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import socketserver
import threading
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings

from generator import pipeline
from generator.config import Project
from generator.model import Listing, Paper
from generator.sources import store

# Timing is not what the property tests check; the CI machine's load varies (the browser
# tests run beside them), so a per-example deadline only makes them flaky.
settings.register_profile("papersite", deadline=None)
settings.load_profile("papersite")

REPO = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SEED_LISTING = REPO / "content" / "listings" / "2025-03-11_trending_000_11fad8b4e5eb1f7b.txt"
CHROMIUM = os.environ.get("PAPERSITE_CHROMIUM", "/usr/bin/chromium")
# Without these, headless Chromium tries to reach Google's hosts at every start.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def copy_project(target: Path, content: bool = True) -> Project:
    """Copy what a build needs (config, theme overrides, content) to ``target``."""
    target.mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO / "mkdocs.yml", target / "mkdocs.yml")
    shutil.copy(REPO / ".gitignore", target / ".gitignore")
    shutil.copytree(REPO / "site_templates", target / "site_templates")
    if content:
        shutil.copytree(REPO / "content", target / "content")
    else:
        (target / "content" / "papers").mkdir(parents=True)
        (target / "content" / "days").mkdir()
        shutil.copy(REPO / "content" / "tags.yml", target / "content" / "tags.yml")
    return Project.load(target)


def write_tree(root: Path, files: dict[str, str | bytes]) -> dict[str, Path]:
    """Write ``{relative name: contents}`` under ``root``; return the paths by name.

    Test inputs as a dict of file names to contents, after MkDocs' tests/base.py.
    """
    paths = {}
    for name, contents in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(contents, bytes):
            path.write_bytes(contents)
        else:
            path.write_text(contents, encoding="utf-8", newline="")
        paths[name] = path
    return paths


@pytest.fixture(scope="session")
def seed_project(tmp_path_factory: pytest.TempPathFactory) -> Project:
    """The repository's embedded default content, built into a scratch folder."""
    project = copy_project(tmp_path_factory.mktemp("seed"))
    pipeline.build(project, strict=True)
    return project


HOSTILE_AUTHOR = "<script>alert('author')</script> O'Brien & \"Co\""
# Papers with what a reader reaches for: authors, arXiv ids, code, math, several days.
# Listing order per day: 03-10 [pointer], 03-11 [knn, nabla], 03-12 [revisited, pointer].
READER_PAPERS = (
    Paper(
        slug="pointer-networks",
        title="Pointer Networks",
        abstract="We introduce a neural architecture for sequence-to-sequence problems "
        "whose outputs are positions in the input. Code: https://github.com/owner/ptr-net",
        listed=(date(2025, 3, 10), date(2025, 3, 12)),
        arxiv_id="1506.03134",
        authors=("Oriol Vinyals", "Meire Fortunato", "Navdeep Jaitly"),
        code=("https://gitlab.com/owner/pointer",),
        published=date(2015, 6, 9),
    ),
    Paper(
        slug="pointer-networks-revisited",
        title="Pointer Networks Revisited",
        abstract="We revisit pointer networks for combinatorial optimization.",
        listed=(date(2025, 3, 12),),
        arxiv_id="1511.06391",
        authors=("Oriol Vinyals",),
    ),
    Paper(
        slug="nabla2dft",
        title=r"$\nabla^2$DFT: A Universal Quantum Chemistry Dataset",
        abstract=r"We fit the $\alpha$ moment with $$E = mc^2$$ and a GPU costs $5 to $10 "
        "an hour. <script>alert('abstract')</script>",
        listed=(date(2025, 3, 11),),
        arxiv_id="2406.14347",
        authors=("Kuzma Khrabrov", HOSTILE_AUTHOR),
    ),
    Paper(
        slug="federated-learning-with-k-nn-clients",
        title="Federated Learning with $k$-NN Clients",
        abstract="Federated learning where each client runs a nearest-neighbour model.",
        listed=(date(2025, 3, 11),),
    ),
)
READER_DAYS = {
    date(2025, 3, 10): ("pointer-networks",),
    date(2025, 3, 11): ("federated-learning-with-k-nn-clients", "nabla2dft"),
    date(2025, 3, 12): ("pointer-networks-revisited", "pointer-networks"),
}


@pytest.fixture(scope="session")
def reader_project(tmp_path_factory: pytest.TempPathFactory) -> Project:
    """A small built site of :data:`READER_PAPERS` over three listing days."""
    project = copy_project(tmp_path_factory.mktemp("reader"), content=False)
    for paper in READER_PAPERS:
        store.save_paper(project.papers_dir, paper)
    for day, slugs in READER_DAYS.items():
        store.save_day(project.days_dir, Listing(day, slugs))
    pipeline.build(project, strict=True)
    return project


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


class _PrefixHandler(_QuietHandler):
    """Serves the site under a path prefix, as GitHub Pages serves a project site."""

    prefix = "/"

    def translate_path(self, path: str) -> str:
        if not path.startswith(self.prefix):
            return str(Path(self.directory) / "__outside_the_prefix__")
        return super().translate_path("/" + path[len(self.prefix) :])

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """Answer a missing page with the site's own 404.html, as GitHub Pages does."""
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.exists():
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


def record_other_hosts(page: Any, origin: str, events: list[str]) -> None:
    """Append ``other host <url>`` to ``events`` for every request that leaves ``origin``."""
    page.on(
        "request",
        lambda request: (
            events.append(f"other host {request.url}")
            if not request.url.startswith((origin, "data:", "blob:"))
            else None
        ),
    )


@functools.cache
def open_search(page: Any, url: str) -> Any:
    """Load ``url`` in ``page`` and open Material's search box, as a reader clicks it;
    return the box's input."""
    page.goto(url)
    page.locator("label.md-search__icon, .md-search__input").first.click()
    return page.locator("input.md-search__input")


def _handler(prefix: str) -> type[_PrefixHandler]:
    return type("Handler", (_PrefixHandler,), {"prefix": prefix})


@pytest.fixture(scope="session")
def serve_site() -> Iterator[object]:
    """Return a function ``serve(site_dir, prefix='/') -> base URL`` (servers stop at exit)."""
    servers: list[socketserver.TCPServer] = []

    def serve(site_dir: Path, prefix: str = "/") -> str:
        handler = functools.partial(_handler(prefix), directory=str(site_dir))
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}{prefix}"

    yield serve
    for server in servers:
        server.shutdown()


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Headless Debian Chromium driven by Playwright."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.hookimpl(tryfirst=True)
def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Fail the run when any test was skipped: CI must run every test."""
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = len(reporter.stats.get("skipped", [])) if reporter else 0
    if skipped and session.exitstatus == 0:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
        if reporter:
            reporter.write_line(
                f"FAILED: {skipped} test(s) skipped; every test must run.", red=True
            )
