"""What a reader does in the browser: browse and search without leaving the site, keep a
reading list across reloads, export it as BibTeX, and see what is new since last time."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import bibtexparser
import pytest

from generator.config import Project
from tests.conftest import record_other_hosts
from tests.end_to_end.test_home_days import multi_day_project

LOFIT = "lofit-localized-fine-tuning-on-llm-representations"
POINTER = "pointer-networks"
FEDD2S = "fedd2s-personalized-data-free-federated-knowledge-distillation"


@pytest.fixture(scope="module")
def multi_day(tmp_path_factory: pytest.TempPathFactory) -> Project:
    return multi_day_project(tmp_path_factory.mktemp("reader"))


@pytest.fixture(scope="module")
def base(multi_day: Project, serve_site: Callable[..., str]) -> str:
    return serve_site(multi_day.site_dir)


@pytest.fixture
def context(browser: object) -> Iterator[object]:
    """A fresh browser profile: empty localStorage and sessionStorage."""
    context = browser.new_context(accept_downloads=True)
    yield context
    context.close()


def set_last_visit(page: object, day: str | None) -> None:
    """Store ``day`` as the reader's previous visit and start a new browser session."""
    page.evaluate(
        """day => {
            sessionStorage.clear();
            if (day === null) localStorage.clear();
            else __md_set("papersite.lastVisit", day);
        }""",
        day,
    )
    page.reload()


@pytest.mark.browser
def test_nothing_leaves_the_site(browser: object, base: str) -> None:
    page = browser.new_page()
    events: list[str] = []
    record_other_hosts(page, base, events)
    try:
        for path in ("", f"papers/{LOFIT}/", "tags/federated-learning/", "days/2025-03-11/"):
            page.goto(base + path)
            page.wait_for_load_state("networkidle")
        page.goto(base)
        page.keyboard.press("/")  # Material's shortcut to the search box
        page.locator("input.md-search__input").type("federated", delay=30)
        page.locator(".md-search-result__item").first.wait_for(timeout=15_000)
        page.wait_for_load_state("networkidle")
        assert page.locator(".md-search-result__item").count() > 0
    finally:
        page.close()
    assert events == []


def cite_block(page: object, url: str) -> str:
    """The BibTeX entry the Cite block of the paper page at ``url`` shows."""
    page.goto(url)
    text: str = page.locator("pre.paper-bibtex code").text_content()
    return text


@pytest.mark.browser
def test_saved_papers_persist_and_export_as_bibtex(context: object, base: str) -> None:
    page = context.new_page()
    events: list[str] = []
    record_other_hosts(page, base, events)
    page.goto(f"{base}papers/{POINTER}/")
    save = page.locator("article .paper-actions button.paper-save")
    assert save.get_attribute("aria-pressed") == "false"
    save.click()
    assert save.get_attribute("aria-pressed") == "true"
    page.goto(base)
    card = page.locator(f".paper-card[data-paper='{LOFIT}']")
    card.locator("button.paper-save").click()
    page.reload()
    assert card.locator("button.paper-save").get_attribute("aria-pressed") == "true"

    page.goto(f"{base}reading-list/")
    items = page.locator("#reading-list-items li a")
    assert items.count() == 2
    titles = items.all_inner_texts()
    assert titles[0] == "Pointer Networks"
    assert titles[1].startswith("LoFiT")
    page.reload()
    assert page.locator("#reading-list-items li a").all_inner_texts() == titles

    with page.expect_download() as download_info:
        page.get_by_role("button", name="Download as BibTeX (.bib)").click()
    download = download_info.value
    assert download.suggested_filename == "reading-list.bib"
    text = Path(download.path()).read_text(encoding="utf-8")
    library = bibtexparser.parse_string(text)
    assert library.failed_blocks == []
    entries = {entry.key: entry.fields_dict for entry in library.entries}
    assert len(entries) == 2
    pointer = next(fields for fields in entries.values() if "Pointer" in fields["title"].value)
    assert pointer["title"].value == "{Pointer Networks}"

    page.locator("#reading-list-items button.reading-list__remove").first.click()
    assert page.locator("#reading-list-items li a").all_inner_texts() == titles[1:]
    page.close()
    assert events == []


@pytest.mark.browser
def test_reading_list_bibtex_is_the_cite_block_entry(context: object, base: str) -> None:
    """Issue 17: one BibTeX implementation. A paper saved from its page, from a card
    and from a day list exports the entry its page's Cite block shows: same key, same
    escaping, byte for byte."""
    page = context.new_page()
    page.goto(f"{base}papers/{POINTER}/")
    page.locator("article .paper-actions button.paper-save").click()
    page.goto(base)
    page.locator(f".paper-card[data-paper='{LOFIT}'] button.paper-save").click()
    page.goto(f"{base}days/2025-03-11/")
    entry = page.locator("li", has=page.locator(f"a[href$='papers/{FEDD2S}/']"))
    entry.locator("button.paper-save").click()
    exported = page.evaluate("() => papersiteReader.bibtex()")
    shown = [cite_block(page, f"{base}papers/{slug}/") for slug in (POINTER, LOFIT, FEDD2S)]
    page.close()
    assert exported == "\n".join(shown)
    assert bibtexparser.parse_string(exported).failed_blocks == []


@pytest.mark.browser
def test_a_list_saved_before_entries_were_kept_exports_the_cite_block(
    context: object, base: str
) -> None:
    """A reading list saved by the earlier script (authors, arXiv id and year, no entry)
    exports its papers' Cite blocks: the entry comes from the page, not from the list."""
    page = context.new_page()
    page.goto(base)
    page.evaluate(
        """slug => __md_set("papersite.readingList", [{
            slug, title: "Pointer Networks", authors: ["Someone Else"], arxiv: "", year: "1999",
            url: location.href + "papers/" + slug + "/", listed: ["2025-03-10"]}])""",
        POINTER,
    )
    exported = page.evaluate("() => papersiteReader.bibtex()")
    assert exported == cite_block(page, f"{base}papers/{POINTER}/")
    page.close()


@pytest.mark.browser
def test_a_paper_saved_from_a_list_gets_its_details_from_its_page(
    context: object, reader_project: Project, serve_site: Callable[..., str]
) -> None:
    """List entries carry only slug and days; the rest comes from the paper's page."""
    base = serve_site(reader_project.site_dir)
    page = context.new_page()
    events: list[str] = []
    record_other_hosts(page, base, events)
    page.goto(f"{base}days/2025-03-10/")
    entry = page.locator("li", has=page.locator(f"a[href$='papers/{POINTER}/']"))
    assert entry.locator(".paper-data").get_attribute("data-title") is None
    entry.locator("button.paper-save").click()
    assert entry.locator("button.paper-save").get_attribute("aria-pressed") == "true"
    page.wait_for_function("() => (__md_get('papersite.readingList') || []).some(p => p.bibtex)")
    saved = page.evaluate("() => __md_get('papersite.readingList')")
    assert saved == [
        {
            "slug": POINTER,
            "title": "Pointer Networks",
            "url": f"{base}papers/{POINTER}/",
            "listed": ["2025-03-10", "2025-03-12"],
            "bibtex": cite_block(page, f"{base}papers/{POINTER}/"),
        }
    ]
    page.goto(f"{base}reading-list/")
    text = page.evaluate("() => papersiteReader.bibtex()")
    fields = bibtexparser.parse_string(text).entries[0].fields_dict
    assert fields["author"].value == "Oriol Vinyals and Meire Fortunato and Navdeep Jaitly"
    page.close()
    assert events == []


@pytest.mark.browser
def test_a_list_entry_saved_offline_keeps_its_title_as_tex(
    context: object, reader_project: Project, serve_site: Callable[..., str]
) -> None:
    """The paper's page cannot be fetched: the entry keeps the title its link shows,
    with math as the TeX the page was written in, not the markup around it."""
    base = serve_site(reader_project.site_dir)
    page = context.new_page()
    page.goto(f"{base}days/2025-03-11/")
    page.route("**/papers/**", lambda route: route.abort())
    entry = page.locator("li", has=page.locator("a[href$='papers/nabla2dft/']"))
    entry.locator("button.paper-save").click()
    saved = page.evaluate("() => __md_get('papersite.readingList')")
    page.close()
    assert [(item["slug"], item["title"]) for item in saved] == [
        ("nabla2dft", r"$\nabla^2$DFT: A Universal Quantum Chemistry Dataset")
    ]


def new_papers(page: object) -> set[str]:
    return set(
        page.eval_on_selector_all(
            ".paper-new",
            """marks => marks.map(mark => {
                const data = mark.closest("[data-paper]")
                    || mark.parentElement.querySelector("[data-paper]");
                return data.getAttribute("data-paper");
            })""",
        )
    )


def slugs_listed_on(page: object, day: str) -> set[str]:
    return set(
        page.eval_on_selector_all(
            "[data-paper]",
            "(els, day) => els.filter(e => e.dataset.listed.split(' ').includes(day))"
            ".map(e => e.dataset.paper)",
            day,
        )
    )


@pytest.mark.browser
def test_new_marks_only_papers_listed_after_the_last_visit(context: object, base: str) -> None:
    page = context.new_page()
    page.goto(f"{base}tags/")
    set_last_visit(page, None)  # a first visit: nothing is "new"
    page.goto(base)
    assert new_papers(page) == set()

    set_last_visit(page, "2025-02-20")
    page.goto(base)
    march = slugs_listed_on(page, "2025-03-11")
    assert len(march) == 64
    assert new_papers(page) == march
    # The marks stay while the reader moves around in this session ...
    page.goto(f"{base}days/2025-02-20/")
    assert new_papers(page) == set()  # listed on the day of the last visit: not new
    page.goto(f"{base}days/2025-03-11/")
    assert new_papers(page) == march
    page.goto(f"{base}papers/{POINTER}/")
    assert page.locator("article .paper-actions .paper-new").count() == 1

    set_last_visit(page, "2024-12-31")
    page.goto(f"{base}days/2025-02-20/")
    february = slugs_listed_on(page, "2025-02-20")
    assert len(february) == 2 and new_papers(page) == february
    page.goto(f"{base}days/2024-06-03/")
    assert new_papers(page) == set()
    # ... and this visit becomes the next session's baseline.
    stored = page.evaluate("() => __md_get('papersite.lastVisit')")
    assert stored > "2025-03-11"
    page.close()
