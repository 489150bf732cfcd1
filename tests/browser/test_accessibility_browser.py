"""axe-core finds no serious or critical violation on home, paper, tag, day and reading-list
pages, in the light and the dark scheme; screenshots at phone and desktop widths are kept
in test-artifacts/screenshots/ for review (CI uploads them)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable

import pytest

from generator.config import Project
from tests.conftest import FIXTURES, REPO

AXE = FIXTURES / "axe-core" / "axe.min.js"
# tests/fixtures/axe-core/README.md: the vendored file is exactly axe-core 4.14.1.
AXE_SHA256 = "29348999450cdf2849a8e70b7912fc2da85a849da39c0d0d5394f51d4a9ed95c"
SCREENSHOTS = REPO / "test-artifacts" / "screenshots"
PAGES = {
    "home": "",
    "paper": "papers/lofit-localized-fine-tuning-on-llm-representations/",
    "tag": "tags/federated-learning/",
    "day": "days/2025-03-11/",
    "reading-list": "reading-list/",
    "week": "weeks/2025-W11/",
    "month": "months/2025-03/",
}
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
        if name != "reading-list":
            page.locator("button.paper-save").first.click()
            assert page.locator(".paper-new").count() > 0
        else:
            page.reload()
        page.add_script_tag(content=axe_source)
        serious = []
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        for viewport_name, size in VIEWPORTS.items():
            # Material lays out phones differently (drawer, no sidebars): check both.
            page.set_viewport_size(size)
            # Tabs fade in when the header widens: judge colours once transitions end.
            page.wait_for_function(
                "() => document.getAnimations().every(a => a.playState !== 'running')"
            )
            results = page.evaluate(
                "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS
            )
            serious += [
                f"{viewport_name}: {line}"
                for line in describe(
                    [v for v in results["violations"] if v["impact"] in {"serious", "critical"}]
                )
            ]
            page.screenshot(path=str(SCREENSHOTS / f"{name}-{scheme}-{viewport_name}.png"))
    finally:
        context.close()
    assert serious == []
