"""Calm pages, measured in Chromium on the built seed site: reasons wait behind a
disclosure that opens by keyboard, chips and graph labels stay readable on a phone, no
sidebar stands empty on a desktop, and a reader sees a link to the feed."""

from __future__ import annotations

import urllib.request
import xml.etree.ElementTree as ET
from collections.abc import Callable
from urllib.parse import urljoin

import pytest

from generator.config import Project

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
PAPER = "papers/lofit-localized-fine-tuning-on-llm-representations/"
TAG = "tags/federated-learning/"
DAY = "days/2025-03-11/"
# Every page kind of the seed site that a reader reaches from the navigation or a link.
PAGE_KINDS = {
    "home": "",
    "paper": PAPER,
    "tag": TAG,
    "tags index": "tags/",
    "day": DAY,
    "days index": "days/",
    "reading list": "reading-list/",
    "about": "about/",
}
ATOM = "{http://www.w3.org/2005/Atom}"
# The size a reader sees: an SVG text's font size times the drawing's scale on screen.
SHOWN_PX = """sel => [...document.querySelectorAll(sel)].filter(e => e.checkVisibility())
  .map(e => [e.textContent.trim().slice(0, 40), parseFloat(getComputedStyle(e).fontSize)
             * (e.getScreenCTM ? e.getScreenCTM().a : 1)])"""


@pytest.fixture(scope="module")
def site_url(seed_project: Project, serve_site: Callable[..., str]) -> str:
    return serve_site(seed_project.site_dir)


def small_text(page: object, selector: str) -> list[tuple[str, float]]:
    """The visible elements of ``selector`` shown below 12 px, as ``(text, px)``;
    fails when there is none to measure."""
    sizes = page.evaluate(SHOWN_PX, selector)
    assert sizes, f"nothing matches {selector}"
    return [(text, px) for text, px in sizes if px < 12]


@pytest.mark.browser
def test_chips_and_graph_labels_are_at_least_12px_on_a_phone(
    browser: object, site_url: str
) -> None:
    page = browser.new_page(viewport=PHONE)
    try:
        page.goto(site_url)
        small = small_text(page, ".paper-card .md-tag") + small_text(page, ".tag-cloud .md-tag")
        small += small_text(page, ".paper-card .paper-badge")
        page.goto(site_url + PAPER)
        page.locator("figure.paper-graph svg text").first.wait_for()
        small += small_text(page, ".paper-tags .md-tag")
        small += small_text(page, "figure.paper-graph svg text")
        small += small_text(page, ".paper-reasons > summary")
    finally:
        page.close()
    assert small == []


@pytest.mark.browser
def test_the_graph_is_redrawn_readable_when_a_desktop_window_narrows(
    browser: object, site_url: str
) -> None:
    page = browser.new_page(viewport=DESKTOP)
    try:
        page.goto(site_url + PAPER)
        page.locator("figure.paper-graph svg text").first.wait_for()
        wide = page.evaluate(SHOWN_PX, "figure.paper-graph svg text")
        page.set_viewport_size(PHONE)
        page.wait_for_function(
            "() => document.querySelector('figure.paper-graph svg').viewBox.baseVal.width < 400"
        )
        narrow = page.evaluate(SHOWN_PX, "figure.paper-graph svg text")
        # The graph doesn't draw a node twice, in either layout.
        hrefs = page.evaluate(
            "() => [...document.querySelectorAll('figure.paper-graph svg a')]"
            ".map(a => a.getAttribute('href'))"
        )
    finally:
        page.close()
    assert [text for text, _ in narrow] == [text for text, _ in wide]
    assert min(px for _, px in wide + narrow) >= 12
    assert len(hrefs) == len(set(hrefs)) >= 3


@pytest.mark.browser
def test_a_tag_reason_shows_only_once_its_disclosure_is_opened_by_keyboard(
    browser: object, site_url: str
) -> None:
    page = browser.new_page(viewport=PHONE)
    try:
        page.goto(site_url + PAPER)
        reasons = page.locator(".paper-tags .tag-reason")
        related_reasons = page.locator("h2#related ~ details.paper-reasons li")
        assert reasons.count() >= 1 and related_reasons.count() >= 1
        assert not reasons.first.is_visible()
        assert not related_reasons.first.is_visible()
        # A reader tabs from the top of the page to the disclosure and opens it.
        for _ in range(60):
            page.keyboard.press("Tab")
            if page.evaluate("() => document.activeElement.textContent") == "Why these tags":
                break
        else:
            pytest.fail("Tab never reaches the tags' disclosure")
        page.keyboard.press("Enter")
        assert reasons.first.is_visible()
        assert reasons.first.text_content().startswith("matched “")
        assert not related_reasons.first.is_visible()
        # Touch: a tap opens the related papers' disclosure.
        page.locator("h2#related ~ details.paper-reasons > summary").click()
        assert related_reasons.first.is_visible()
    finally:
        page.close()


@pytest.mark.browser
@pytest.mark.parametrize("kind", PAGE_KINDS)
def test_no_sidebar_is_empty_at_desktop_width(browser: object, site_url: str, kind: str) -> None:
    page = browser.new_page(viewport=DESKTOP)
    try:
        page.goto(site_url + PAGE_KINDS[kind])
        page.wait_for_load_state("networkidle")
        # What each visible sidebar offers: links elsewhere (a link to the page itself,
        # the current tab's name, offers nothing; a heading of the page does).
        sidebars = page.evaluate(
            """() => [...document.querySelectorAll('.md-sidebar')]
              .filter(s => s.checkVisibility() && s.getBoundingClientRect().width > 0)
              .map(s => [...s.querySelectorAll('a[href]')]
                .filter(a => a.checkVisibility())
                .filter(a => a.href.split('#')[0] !== location.href.split('#')[0]
                             || a.getAttribute('href').includes('#'))
                .map(a => a.textContent.trim()))"""
        )
    finally:
        page.close()
    assert [links for links in sidebars if not links] == []


@pytest.mark.browser
def test_the_phone_drawer_still_holds_the_navigation(browser: object, site_url: str) -> None:
    page = browser.new_page(viewport=PHONE)
    try:
        page.goto(site_url + PAPER)
        page.locator("label.md-header__button[for='__drawer']").click()
        for name in ("Home", "Days", "Tags", "Reading list", "About"):
            link = page.locator(".md-sidebar--primary .md-nav__link", has_text=name).first
            link.wait_for(state="visible")
    finally:
        page.close()


@pytest.mark.browser
@pytest.mark.parametrize(
    ("path", "title"),
    [
        ("", "papersite: trending papers"),
        (DAY, "papersite: trending papers"),
        (TAG, "Federated learning"),
    ],
)
def test_a_visible_feed_link_leads_to_a_feed(
    browser: object, site_url: str, path: str, title: str
) -> None:
    page = browser.new_page(viewport=PHONE)
    try:
        page.goto(site_url + path)
        link = page.locator("article .feed-link a")
        assert link.count() == 1 and link.is_visible()
        assert "Feed" in link.inner_text()
        href = urljoin(page.url, link.get_attribute("href"))
    finally:
        page.close()
    with urllib.request.urlopen(href) as response:
        feed = ET.fromstring(response.read())
    assert feed.tag == f"{ATOM}feed"
    assert title in feed.findtext(f"{ATOM}title", "")
    assert feed.findall(f"{ATOM}entry")
