"""axe-core finds no serious or critical violation on every page kind (home, paper, tag,
tags index, day, days index, reading list, about, and the search box showing results), in
the light and the dark scheme, at phone and desktop widths; screenshots of each are kept in
test-artifacts/screenshots/ for review (CI uploads them)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any

import pytest

from generator.config import Project
from tests.conftest import FIXTURES, REPO, open_search

AXE = FIXTURES / "axe-core" / "axe.min.js"
# tests/fixtures/axe-core/README.md: the vendored file is exactly axe-core 4.14.1.
AXE_SHA256 = "29348999450cdf2849a8e70b7912fc2da85a849da39c0d0d5394f51d4a9ed95c"
SCREENSHOTS = REPO / "test-artifacts" / "screenshots"
PAGES = {
    "home": "",
    "paper": "papers/lofit-localized-fine-tuning-on-llm-representations/",
    "tag": "tags/federated-learning/",
    "tags-index": "tags/",
    "day": "days/2025-03-11/",
    "days-index": "days/",
    "reading-list": "reading-list/",
    "about": "about/",
    # The home page with the search box open on results.
    "search": "",
    "week": "weeks/2025-W11/",
    "month": "months/2025-03/",
}
# Pages listing papers, where a Save button is pressed so the script's buttons and
# "new" marks are checked too.
WITH_PAPERS = {"home", "paper", "tag", "day"}
# Pages short enough to keep whole; the others are kept as the first screen shows them.
WHOLE = {"paper", "tag", "tags-index", "days-index", "reading-list", "about"}
SEARCH_QUERY = "federated learning"
SCHEMES = {"light": "default", "dark": "slate"}
VIEWPORTS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 900}}
# The WCAG 2.x A and AA rules plus axe's best practices.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


@pytest.fixture(scope="module")
def site_url(seed_project: Project, serve_site: Callable[..., str]) -> str:
    return serve_site(seed_project.site_dir)


@pytest.fixture(scope="module")
def axe_source() -> str:
    data = AXE.read_bytes()
    assert hashlib.sha256(data).hexdigest() == AXE_SHA256, "axe.min.js is not the vendored 4.14.1"
    return data.decode("utf-8")


def describe(violations: list[dict[str, object]]) -> list[str]:
    return [
        f"{v['impact']} {v['id']}: {v['help']} at "
        + ", ".join(str(node["target"]) for node in v["nodes"][:5])  # type: ignore[index]
        for v in violations
    ]


def settle(page: Any) -> None:
    """Wait until no CSS transition or animation is running, so colours are final.

    Two animation frames pass first: Material toggles the tabs' ``hidden`` attribute from
    a frame callback, and a transition only exists once the style has been recomputed."""
    page.evaluate(
        "() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))"
    )
    page.wait_for_function("() => document.getAnimations().every(a => a.playState !== 'running')")


def serious_at_each_width(page: Any, shot: str, full_page: bool = False) -> list[str]:
    """At phone and desktop width (Material lays phones out differently: drawer, no
    sidebars), screenshot the page to ``SCREENSHOTS/<shot>-<width>.png`` and return
    axe's serious and critical violations; axe must already be on the page."""
    serious = []
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for viewport_name, size in VIEWPORTS.items():
        page.set_viewport_size(size)
        settle(page)
        page.screenshot(path=str(SCREENSHOTS / f"{shot}-{viewport_name}.png"), full_page=full_page)
        # The reasons behind each disclosure are checked open, as a reader opens them.
        page.evaluate("() => document.querySelectorAll('details').forEach(d => d.open = true)")
        # A whole-page screenshot resizes the viewport for a moment, and Material's tabs
        # fade out and back in: axe must not judge a tab half-way through that fade.
        settle(page)
        results = page.evaluate(
            "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS
        )
        page.evaluate("() => document.querySelectorAll('details').forEach(d => d.open = false)")
        serious += [
            f"{viewport_name}: {line}"
            for line in describe(
                [v for v in results["violations"] if v["impact"] in {"serious", "critical"}]
            )
        ]
    return serious


@pytest.mark.browser
@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("name", PAGES)
def test_no_serious_violation(
    browser: object, site_url: str, axe_source: str, name: str, scheme: str
) -> None:
    # Material picks the palette whose media query matches the reader's preference.
    context = browser.new_context(color_scheme=scheme)
    page = context.new_page()
    try:
        # A saved paper and a "new" mark, so the script's buttons are checked too.
        page.goto(site_url)
        page.evaluate(
            """() => { __md_set("papersite.lastVisit", "2025-01-01"); sessionStorage.clear(); }"""
        )
        page.goto(site_url + PAGES[name])
        page.wait_for_load_state("networkidle")
        assert page.locator("body").get_attribute("data-md-color-scheme") == SCHEMES[scheme]
        if name in WITH_PAPERS:
            page.locator("button.paper-save").first.click()
            assert page.locator(".paper-new").count() > 0
            # The pointer leaves the button: once the viewport narrows it would rest on
            # whatever link moved under it, and axe would judge that link's hover colour.
            page.mouse.move(0, 0)
        elif name == "search":
            open_search(page, site_url + PAGES[name]).type(SEARCH_QUERY, delay=30)
            page.locator(".md-search-result__item").first.wait_for()
        else:
            page.reload()
        page.add_script_tag(content=axe_source)
        serious = serious_at_each_width(page, f"{name}-{scheme}", full_page=name in WHOLE)
    finally:
        context.close()
    assert serious == []


# axe's contrast rule on one element, as the page shows it now (hovered, focused):
# {"checked": whether axe could judge it, "ratios": the ratios it found too low}.
CONTRAST = """async el => {
    const result = await axe.run(el, {runOnly: {type: "rule", values: ["color-contrast"]}})
    return {
        checked: result.passes.length + result.violations.length > 0,
        ratios: result.violations.flatMap(v => v.nodes)
            .map(node => node.any[0].data.contrastRatio),
    }
}"""


@pytest.mark.browser
@pytest.mark.parametrize("scheme", SCHEMES)
def test_a_link_under_the_pointer_keeps_its_contrast(
    browser: object, site_url: str, axe_source: str, scheme: str
) -> None:
    """WCAG 1.4.3 holds for text in every state: a link in the text and one in the
    navigation, hovered and focused, pass axe's contrast rule (4.5:1 for their size).
    axe judges the page as it is, so it is run on each link while hovered or focused."""
    context = browser.new_context(color_scheme=scheme, viewport=VIEWPORTS["desktop"])
    page = context.new_page()
    ratios = {}
    try:
        for name, where, selector in [
            ("text", "paper", "article.md-content__inner p a:not(.md-tag)"),
            ("navigation", "about", "a.md-nav__link"),
        ]:
            page.goto(site_url + PAGES[where])
            page.wait_for_load_state("networkidle")
            page.add_script_tag(content=axe_source)
            link = page.locator(selector).locator("visible=true").first
            link.hover()
            settle(page)
            ratios[f"{name} hovered"] = page.evaluate(CONTRAST, link.element_handle())
            page.mouse.move(0, 0)
            link.focus()
            settle(page)
            ratios[f"{name} focused"] = page.evaluate(CONTRAST, link.element_handle())
    finally:
        context.close()
    assert all(found["checked"] for found in ratios.values()), ratios
    assert {name: found["ratios"] for name, found in ratios.items() if found["ratios"]} == {}
