"""A person types into the search box of the built seed site and gets the paper first."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from generator.config import Project
from tests.conftest import open_search

QUERIES = [
    ("matryoshka", "matryoshka-representation-learning"),
    ("LLaVA", "beyond-llava-hd-diving-into-high-resolution-large-multimodal-models"),
    ("FedCompass", "fedcompass-efficient-cross-silo-federated-learning-on-heterogeneous-client"),
    (
        "model soups",
        "model-soups-averaging-weights-of-multiple-fine-tuned-models-improves-accuracy",
    ),
    (
        "SUGARCREPE++",
        "sugarcrepe-dataset-vision-language-model-sensitivity-to-semantic-and-lexical",
    ),
    ("01.AI", "yi-open-foundation-models-by-01-ai"),
    ("pointer networks", "pointer-networks"),
    ("ELECTRA", "electra-pre-training-text-encoders-as-discriminators-rather-than-generators"),
    # A hyphenated title word typed joined ("Cross-Silo").
    ("crosssilo", "fedcompass-efficient-cross-silo-federated-learning-on-heterogeneous-client"),
]


@pytest.fixture(scope="module")
def site_url(seed_project: Project, serve_site: Callable[..., str]) -> str:
    return serve_site(seed_project.site_dir)


def first_result(browser: object, site_url: str, query: str) -> str:
    page = browser.new_page()
    try:
        open_search(page, site_url)
        page.locator("input.md-search__input").type(query, delay=30)
        link = page.locator(".md-search-result__item a.md-search-result__link").first
        link.wait_for(timeout=15_000)
        return str(link.get_attribute("href"))
    finally:
        page.close()


@pytest.mark.browser
def test_a_topic_word_finds_a_paper_on_the_topic(browser: object, site_url: str) -> None:
    href = first_result(browser, site_url, "federated")
    assert "papers/fed" in href or "federated" in href, href


@pytest.mark.browser
@pytest.mark.parametrize(("query", "slug"), QUERIES)
def test_search_finds_the_paper_first(
    browser: object, site_url: str, query: str, slug: str
) -> None:
    href = first_result(browser, site_url, query)
    assert f"papers/{slug}/" in href, f"{query!r} -> {href}"


@pytest.mark.browser
def test_search_sees_the_paper_not_its_neighbours(
    browser: object, site_url: str, seed_project: Project
) -> None:
    slug = "matryoshka-representation-learning"
    linking = [
        path.parent.name
        for path in (seed_project.site_dir / "papers").glob("*/index.html")
        if path.parent.name != slug and f'href="../{slug}/"' in path.read_text()
    ]
    assert linking, "some pages list the paper as related or link back to it"
    page = browser.new_page()
    try:
        open_search(page, site_url)
        page.locator("input.md-search__input").type("matryoshka", delay=30)
        results = page.locator(".md-search-result__item a.md-search-result__link")
        results.first.wait_for(timeout=15_000)
        hrefs = [results.nth(i).get_attribute("href") for i in range(results.count())]
    finally:
        page.close()
    assert all(f"papers/{slug}/" in str(href) for href in hrefs), hrefs


@pytest.mark.browser
def test_removing_the_word_being_typed_needs_no_new_download(
    browser: object, site_url: str
) -> None:
    """Once results show, the worker fetches what the query without its last word
    would show: completing a stop word or deleting the word waits for nothing."""
    page = browser.new_page()
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    try:
        open_search(page, site_url)
        box = page.locator("input.md-search__input")
        box.fill("learning ma")  # at once: no query for "learning" alone on the way
        box.press("t")
        titles = page.locator(".md-search-result__item .md-search-result__article h1")
        page.wait_for_function(
            "() => [...document.querySelectorAll('.md-search-result__item h1')]"
            ".some(h => h.textContent.includes('Matryoshka'))",
            timeout=15_000,
        )
        # The page's "networkidle" does not wait for its worker's fetches: wait until
        # a second passes with no request (the worker's prefetch comes after a pause).
        before = -1
        while before != len(requested):
            before = len(requested)
            page.wait_for_timeout(1000)
        narrow = titles.all_inner_texts()
        for _ in "mat":
            box.press("Backspace")
        page.wait_for_function(
            "narrow => JSON.stringify([...document.querySelectorAll("
            "'.md-search-result__item .md-search-result__article h1')]"
            ".map(h => h.innerText)) !== JSON.stringify(narrow)",
            arg=narrow,
            timeout=15_000,
        )
        page.wait_for_timeout(1000)  # the teasers, shown after the titles, need no chunk
        assert requested[before:] == []
    finally:
        page.close()


@pytest.mark.browser
def test_later_keystrokes_show_titles_before_their_teasers(browser: object, site_url: str) -> None:
    """Once the first results show, every title is fetched: a later query lists its
    results while their document chunks (the teasers) are still on the way."""
    page = browser.new_page()
    held: list[object] = []
    holding = False

    def chunks(route: object) -> None:
        if holding:
            held.append(route)
        else:
            route.continue_()  # type: ignore[attr-defined]

    page.route("**/papersite-search/*/docs/*.json", chunks)
    try:
        open_search(page, site_url)
        box = page.locator("input.md-search__input")
        box.fill("matryoshk")
        box.press("a")
        items = page.locator(".md-search-result__item")
        items.first.wait_for(timeout=15_000)
        page.wait_for_load_state("networkidle")
        holding = True
        box.fill("diffusio")
        box.press("n")
        page.wait_for_function(
            "() => [...document.querySelectorAll('.md-search-result__item h1')]"
            ".some(h => /diffusion/i.test(h.textContent))",
            timeout=15_000,
        )
        # The teasers are fetched after a pause in typing (TEASER_PAUSE).
        for _ in range(100):
            if held:
                break
            page.wait_for_timeout(20)
        assert held, "the new results need document chunks not fetched before"
        # Material puts a result's teaser into its article after the title.
        teasers = """() => [...document.querySelectorAll('.md-search-result__item')]
            .filter(item => item.querySelector('a[href*="/papers/"]'))
            .map(item => {
                const article = item.querySelector('article').cloneNode(true)
                article.querySelectorAll('h1, h2, nav, p').forEach(e => e.remove())
                return article.textContent.trim()
            })"""
        early = page.evaluate(teasers)
        assert early and "" in early, early
        links = """() => [...document.querySelectorAll('.md-search-result__item > a')]
            .map(a => a.href)"""
        early_links = page.evaluate(links)
        holding = False
        for route in held:
            route.continue_()  # type: ignore[attr-defined]
        page.wait_for_function(f"() => ({teasers})().every(text => text)", timeout=15_000)
        complete = page.evaluate(teasers)
        assert len(complete) == len(early)
        # The early links are told from the titles (generator/publish/search.py's place).
        assert page.evaluate(links) == early_links
        for link in early_links:
            assert page.request.get(link).ok, link
        assert any("diffusion" in text.lower() for text in complete), complete
    finally:
        page.close()


@pytest.mark.browser
def test_results_highlight_the_words_typed_and_only_those(browser: object, site_url: str) -> None:
    """Whole words by their stem, the word being typed by its start (Material's <mark>)."""
    page = browser.new_page()
    try:
        open_search(page, site_url)
        page.locator("input.md-search__input").type("matryoshka represen", delay=30)
        first = page.locator(".md-search-result__item").first
        first.locator("mark").first.wait_for(timeout=15_000)
        # The complete result (teaser included) replaces the one shown by title.
        page.wait_for_load_state("networkidle")
        title = first.locator("h1 mark").all_inner_texts()
        marked = page.locator(".md-search-result__item mark").all_inner_texts()
    finally:
        page.close()
    assert {"Matryoshka", "Representation"} <= set(title), title
    assert all(word.lower().startswith(("matryoshka", "represen")) for word in marked), marked
