"""Text from listings and contributors is data: a browser runs none of it.

A listing full of markup, script and URL tricks is ingested, a contributor adds
hostile notes, and the built pages are opened in Chromium: no dialog fires, no
request leaves the site, and the text is shown as typed.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from generator import pipeline
from generator.config import Project
from tests.conftest import FIXTURES, copy_project, open_search, record_other_hosts

LISTING = FIXTURES / "listings" / "2025-03-12_hostile.txt"
TITLE, _, ABSTRACT, _, TITLE2, _, ABSTRACT2 = LISTING.read_text().splitlines()[2:9]
GRAPH_ELEMENTS = {"path", "a", "title", "circle", "text", "g"}
NOTES = "<script>alert('notes')</script> see [[Pointer Networks]] <img src=x onerror=alert(12)>"


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Project:
    project = copy_project(tmp_path_factory.mktemp("hostile"))
    pipeline.ingest(project, LISTING)
    path = next(project.papers_dir.glob("script-alert-title*.md"))
    text = path.read_text()
    path.write_text(text.replace("listed:", f"notes: {NOTES!r}\nlisted:", 1))
    pipeline.build(project, strict=True)
    return project


@pytest.fixture(scope="module")
def base(hostile: Project, serve_site: Callable[..., str]) -> str:
    return serve_site(hostile.site_dir)


def paper_dirs(project: Project) -> list[Path]:
    return sorted(
        p
        for p in (project.site_dir / "papers").iterdir()
        if "alert" in p.name or p.name.startswith("1-")
    )


def test_no_markup_from_content_reaches_the_html(hostile: Project) -> None:
    for folder in paper_dirs(hostile):
        page = BeautifulSoup((folder / "index.html").read_text(), "html.parser")
        article = page.select_one("article")
        for button in article.select("a.md-content__button"):  # the theme's edit icon
            button.decompose()
        # The paper graph is data in an attribute (assets/graph.js draws it), never markup.
        for figure in article.select("figure.paper-graph"):
            assert "alert" in figure["data-graph"] and not figure.select("svg, script")
        assert not article.select("script, iframe, img, svg, body")
        head = page.head
        code = head.select("script:not([type='application/ld+json'])")
        assert all("alert" not in script.get_text() for script in code)
        # The JSON-LD block is one element whatever the title holds, and only data.
        (linked_data,) = head.select("script[type='application/ld+json']")
        title = head.find("meta", attrs={"name": "citation_title"})["content"]
        assert json.loads(linked_data.string)["name"] == title
        for element in article.find_all(True):
            assert not [name for name in element.attrs if name.startswith("on")]
            href = element.get("href", "")
            assert not href.startswith(("javascript:", "data:")), href


def test_titles_and_abstracts_are_shown_as_typed(hostile: Project) -> None:
    shown = {}
    for folder in paper_dirs(hostile):
        page = BeautifulSoup((folder / "index.html").read_text(), "html.parser")
        abstract = " ".join(
            p.get_text() for p in page.find("h2", id="abstract").find_next_siblings("p")[:1]
        )
        shown[page.h1.get_text()] = abstract
    assert set(shown) == {TITLE, TITLE2}
    assert " ".join(shown[TITLE].split()) == " ".join(ABSTRACT.split())
    assert " ".join(shown[TITLE2].split()) == " ".join(ABSTRACT2.split())


@pytest.fixture
def watched_page(browser: object, base: str) -> Iterator[tuple[object, list[str]]]:
    page = browser.new_page()
    events: list[str] = []
    page.on("dialog", lambda dialog: (events.append(f"dialog {dialog.message}"), dialog.dismiss()))
    record_other_hosts(page, base, events)
    yield page, events
    page.close()


@pytest.mark.browser
def test_pages_run_nothing_and_request_nothing_else(
    watched_page: tuple[object, list[str]], base: str, hostile: Project
) -> None:
    page, events = watched_page
    for folder in paper_dirs(hostile):
        page.goto(f"{base}papers/{folder.name}/")
        page.wait_for_load_state("networkidle")
        page.mouse.move(200, 300)
    for path in ("days/2025-03-12/", "", "tags/"):
        page.goto(base + path)
        page.wait_for_load_state("networkidle")
    assert events == []


@pytest.mark.browser
def test_the_drawn_graph_shows_titles_as_text(
    watched_page: tuple[object, list[str]], base: str, hostile: Project
) -> None:
    page, events = watched_page
    drawn = 0
    for folder in paper_dirs(hostile):
        page.goto(f"{base}papers/{folder.name}/")
        page.wait_for_load_state("networkidle")
        if page.locator("figure.paper-graph").count() == 0:
            continue
        drawing = page.locator("figure.paper-graph svg")
        drawing.wait_for()
        names = drawing.evaluate("svg => [...svg.querySelectorAll('*')].map(e => e.localName)")
        assert set(names) <= GRAPH_ELEMENTS
        texts = drawing.evaluate(
            "svg => [...svg.querySelectorAll('title')].map(e => e.textContent)"
        )
        assert any("<script>alert(" in text for text in texts), texts
        drawn += 1
    assert drawn and events == []


@pytest.mark.browser
def test_search_results_show_the_text_safely(
    watched_page: tuple[object, list[str]], base: str
) -> None:
    page, events = watched_page
    open_search(page, base)
    page.locator("input.md-search__input").type("hostile", delay=30)
    result = page.locator(".md-search-result__item").first
    result.wait_for(timeout=15_000)
    page.wait_for_timeout(500)
    text = result.inner_text()
    assert "<script>alert('title')</script>" in text
    assert page.locator(".md-search-result script, .md-search-result img[onerror]").count() == 0
    assert events == []
