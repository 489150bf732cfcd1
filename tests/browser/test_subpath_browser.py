"""A project site lives under /<repo>/ on GitHub Pages: every page, asset, link and
search result must work there."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urljoin, urlsplit

import pytest

from generator.config import Project
from tests.conftest import record_other_hosts

PREFIX = "/papersite/"  # the path of site_url in mkdocs.yml
LOFIT = "papers/lofit-localized-fine-tuning-on-llm-representations/"


@pytest.fixture(scope="module")
def base(seed_project: Project, serve_site: Callable[..., str]) -> str:
    assert urlsplit(seed_project.site_url).path == PREFIX
    return serve_site(seed_project.site_dir, PREFIX)


def visit(browser: object, url: str) -> tuple[object, list[str]]:
    """Open ``url``; return the page and every failed, non-2xx or other-host request."""
    page = browser.new_page()
    failures: list[str] = []
    origin = "{0.scheme}://{0.netloc}/".format(urlsplit(url))
    page.on("requestfailed", lambda request: failures.append(f"failed {request.url}"))
    record_other_hosts(page, origin, failures)
    page.on(
        "response",
        lambda response: (
            failures.append(f"{response.status} {response.url}")
            if response.status >= 400 and response.url != url
            else None
        ),
    )
    response = page.goto(url)
    page.wait_for_load_state("networkidle")
    failures += [] if response and response.ok else [f"page {url}: {response and response.status}"]
    return page, failures


def links_on(page: object) -> list[str]:
    # An SVG link's href (the paper graph) is an SVGAnimatedString: resolve it as HTML does.
    hrefs = page.eval_on_selector_all(
        "a[href]",
        "els => els.map(e => typeof e.href === 'string' ? e.href"
        " : new URL(e.href.baseVal, document.baseURI).href)",
    )
    return [h.split("#")[0] for h in hrefs if h.startswith("http://127.0.0.1")]


@pytest.mark.browser
@pytest.mark.parametrize("path", ["", LOFIT, "tags/federated-learning/", "days/2025-03-11/"])
def test_pages_assets_and_links_work_under_the_sub_path(
    browser: object, base: str, path: str
) -> None:
    page, failures = visit(browser, base + path)
    try:
        assert failures == []
        links = links_on(page)
        assert links
        request = page.context.request
        for link in sorted(set(links)):
            assert urlsplit(link).path.startswith(PREFIX), link
            assert request.get(link).ok, link
    finally:
        page.close()


@pytest.mark.browser
def test_search_results_lead_to_pages_under_the_sub_path(browser: object, base: str) -> None:
    page, failures = visit(browser, base)
    try:
        page.locator("label.md-search__icon, .md-search__input").first.click()
        page.locator("input.md-search__input").type("LoFiT", delay=30)
        first = page.locator(".md-search-result__item a.md-search-result__link").first
        first.wait_for(timeout=15_000)
        href = urljoin(base, first.get_attribute("href"))
        assert urlsplit(href).path == PREFIX + LOFIT
        first.click()
        page.wait_for_load_state("load")
        assert "LoFiT" in page.locator("h1").first.inner_text()
        assert failures == []
    finally:
        page.close()


@pytest.mark.browser
def test_the_404_page_works_at_any_depth(browser: object, base: str) -> None:
    page, failures = visit(browser, base + "papers/no-such-paper/")
    try:
        assert failures == ["page " + base + "papers/no-such-paper/: 404"]
        assert "404" in page.locator("article").inner_text()
        styles = page.evaluate("getComputedStyle(document.body).fontFamily")
        assert styles, "the stylesheet loaded"
        home = page.locator("a.md-header__button.md-logo").get_attribute("href")
        assert urljoin(page.url, home) == base
    finally:
        page.close()
