"""Tag trends and the index of top papers in Chromium: the chart and the sparklines are
drawn, in the scheme's link colour (light and dark), with nothing from another host, and
the pages without papers that the accessibility list leaves out pass axe-core too."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from generator.config import Project
from tests.browser.test_accessibility_browser import (
    SCHEMES,
    SCREENSHOTS,
    VIEWPORTS,
    axe_source,
    serious_at_each_width,
)
from tests.conftest import record_other_hosts
from tests.end_to_end.test_top_pages import weeks_project

__all__ = ["axe_source", "weeks_project"]  # fixtures, used by name


@pytest.fixture(scope="module")
def site_url(weeks_project: Project, serve_site: Callable[..., str]) -> str:
    return serve_site(weeks_project.site_dir)


@pytest.mark.browser
@pytest.mark.parametrize("scheme", SCHEMES)
def test_trend_chart_and_sparklines_are_drawn_in_the_link_colour(
    browser: object, site_url: str, scheme: str
) -> None:
    context = browser.new_context(color_scheme=scheme, viewport=VIEWPORTS["phone"])
    page = context.new_page()
    other_hosts: list[str] = []
    record_other_hosts(page, site_url.rstrip("/"), other_hosts)
    try:
        page.goto(site_url + "tags/federated-learning/")
        page.wait_for_load_state("networkidle")
        chart = page.evaluate(
            """() => {
                const link = getComputedStyle(document.querySelector(".paper-list a")).color;
                const svg = document.querySelector("figure.trend svg");
                const bars = [...svg.querySelectorAll(".trend-chart__bars rect")].map(rect => {
                    const box = rect.getBoundingClientRect();
                    const fill = getComputedStyle(rect).fill;
                    return {fill, width: box.width, height: box.height};
                });
                const box = svg.getBoundingClientRect();
                return {link, bars, width: box.width, height: box.height,
                        article: document.querySelector("article").getBoundingClientRect().width};
            }"""
        )
        page.locator("figure.trend").screenshot(path=str(SCREENSHOTS / f"trend-{scheme}-phone.png"))
        page.goto(site_url + "tags/")
        page.wait_for_load_state("networkidle")
        lines = page.evaluate(
            """() => [...document.querySelectorAll("svg.trend-sparkline polyline")].map(line => {
                const box = line.closest("svg").getBoundingClientRect();
                return {stroke: getComputedStyle(line).stroke, width: box.width,
                        height: box.height};
            })"""
        )
    finally:
        context.close()
    # Three months with papers, three bars; the tallest as high as the chart allows.
    assert len(chart["bars"]) == 3
    assert all(bar["fill"] == chart["link"] and bar["width"] > 2 for bar in chart["bars"]), chart
    heights = [bar["height"] for bar in chart["bars"]]
    assert heights[1] == max(heights) and heights[0] == pytest.approx(heights[1] / 2, rel=0.05)
    # The chart spans the article's width, on a phone too, 4rem (Material's 20 px) high.
    assert chart["width"] == pytest.approx(chart["article"], rel=0.1)
    assert chart["height"] == pytest.approx(80, abs=2)
    assert lines and all(
        line["stroke"] == chart["link"] and (line["width"], line["height"]) == (80, 20)
        for line in lines
    )
    assert other_hosts == []


@pytest.mark.browser
@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("name", ["top", "tags"])
def test_top_and_tags_index_have_no_serious_violation(
    browser: object, site_url: str, axe_source: str, name: str, scheme: str
) -> None:
    context = browser.new_context(color_scheme=scheme)
    page = context.new_page()
    try:
        page.goto(f"{site_url}{name}/")
        page.wait_for_load_state("networkidle")
        page.add_script_tag(content=axe_source)
        serious = serious_at_each_width(page, f"{name}-index-{scheme}")
    finally:
        context.close()
    assert serious == []
