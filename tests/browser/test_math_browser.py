"""KaTeX renders TeX in titles and abstracts in the browser, offline and safely."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from generator.config import Project
from tests.conftest import record_other_hosts


@pytest.mark.browser
def test_katex_renders_math_with_no_other_host(
    browser: object, reader_project: Project, serve_site: Callable[..., str]
) -> None:
    base = serve_site(reader_project.site_dir)
    page = browser.new_page()
    events: list[str] = []
    record_other_hosts(page, base, events)
    page.on("dialog", lambda dialog: (events.append(f"dialog {dialog.message}"), dialog.dismiss()))
    page.on("requestfailed", lambda request: events.append(f"failed {request.url}"))
    page.on(
        "response",
        lambda response: (
            events.append(f"{response.status} {response.url}") if response.status >= 400 else None
        ),
    )
    try:
        page.goto(base + "papers/nabla2dft/")
        page.wait_for_load_state("networkidle")
        rendered = page.locator("article span.arithmatex .katex")
        assert rendered.count() == 3
        assert page.locator("article .katex-display").count() == 1
        assert page.locator("article .katex-error").count() == 0
        # KaTeX's own fonts, from the site itself.
        page.evaluate("document.fonts.ready")
        fonts = page.evaluate(
            "[...document.fonts].filter(f => f.status === 'loaded').map(f => f.family)"
        )
        assert any("KaTeX" in family for family in fonts)
        h1 = page.locator("h1").first.inner_text()
        assert "DFT: A Universal Quantum Chemistry Dataset" in h1 and "$" not in h1
        abstract = page.locator("article p", has_text="an hour").inner_text()
        assert "costs $5 to $10 an hour" in abstract
        # The copy button of the Cite block.
        assert page.locator("pre.paper-bibtex button[data-md-type=copy]").count() == 1
        assert events == []
    finally:
        page.close()
