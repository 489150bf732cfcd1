"""Material's page frame, made smaller: icons from one file, its inline scripts in files."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from generator.config import Project

# Header (logo, menu, palette, search, repository), drawer, edit button, back-to-top.
PAGES = ["", "papers/pointer-networks/", "tags/federated-learning/"]


@pytest.mark.browser
@pytest.mark.parametrize("path", PAGES)
def test_every_icon_is_drawn_from_the_icon_file(
    browser: object, seed_project: Project, serve_site: Callable[..., str], path: str
) -> None:
    base = serve_site(seed_project.site_dir)
    page = browser.new_page()
    try:
        page.goto(base + path)
        page.wait_for_load_state("networkidle")
        icons = page.evaluate(
            """() => [...document.querySelectorAll("svg")]
              .filter(svg => !svg.closest("figure.paper-graph"))  // drawn by graph.js
              .filter(svg => !svg.matches(".trend-chart, .trend-sparkline"))  // charts.py
              .map(svg => {
                const use = svg.querySelector(":scope > use");
                if (!use) return {inline: svg.outerHTML.slice(0, 80)};
                const box = use.getBBox();
                return {href: use.getAttribute("href"), width: box.width, height: box.height,
                        shown: svg.checkVisibility()};
            })"""
        )
        sprite = page.evaluate(
            """async href => {
                const text = await (await fetch(new URL(href, location))).text();
                const symbols = new DOMParser().parseFromString(text, "image/svg+xml")
                    .querySelectorAll("symbol[id]");
                return [...symbols].map(symbol => symbol.id);
            }""",
            icons[0]["href"].split("#")[0],
        )
    finally:
        page.close()
    assert [icon for icon in icons if "inline" in icon] == []
    assert len(icons) >= 12
    for icon in icons:
        file, symbol = icon["href"].split("#")
        assert file.endswith("assets/icons.svg") and symbol in sprite
    # Those on screen (logo, palette, search, repository, ...) are drawn: a missing
    # file or symbol draws nothing, an empty box.
    shown = [icon for icon in icons if icon["shown"]]
    assert len(shown) >= 4
    assert [icon["href"] for icon in shown if not (icon["width"] and icon["height"])] == []


@pytest.mark.browser
def test_the_palette_a_reader_picks_stays_on_every_page(
    browser: object, seed_project: Project, serve_site: Callable[..., str]
) -> None:
    """Material's storage helpers and palette script run from files (md-storage.js,
    md-palette.js): the choice is stored for the whole site and applied on load."""
    base = serve_site(seed_project.site_dir)
    context = browser.new_context(color_scheme="light")
    page = context.new_page()
    try:
        page.goto(base + "papers/pointer-networks/")
        scheme = 'document.body.getAttribute("data-md-color-scheme")'
        assert page.evaluate(scheme) == "default"
        page.locator("label[title='Switch to dark mode']").click()
        page.wait_for_function(f"{scheme} === 'slate'")
        for path in ("papers/pointer-networks/", "tags/", ""):
            page.goto(base + path)
            assert page.evaluate(scheme) == "slate", path
        # One key for the site, at its root: what __md_scope is for.
        keys = page.evaluate("Object.keys(localStorage)")
        assert "/.__palette" in keys or any(key.endswith("/.__palette") for key in keys)
        assert page.evaluate("__md_scope.href") == base
    finally:
        context.close()
