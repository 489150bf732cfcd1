"""End to end: the embedded seed listing becomes a site whose HTML says what the listing said."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag

from generator.config import Project
from tests.conftest import SEED_LISTING

HEADER = {
    "new",
    "Get trending papers in your email inbox!",
    "Subscribe",
    "byAK and the research community",
}


def seed_papers() -> list[tuple[str, str]]:
    """(title, abstract) pairs of the seed, read independently of the code under test."""
    lines = [line.strip() for line in SEED_LISTING.read_text().splitlines() if line.strip()]
    lines = [line for line in lines if line not in HEADER]
    assert lines[0] == "Mar 11"
    body = lines[1:]
    return list(zip(body[0::2], body[1::2], strict=True))


def squash(text: str) -> str:
    return " ".join(text.split())


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def section(page: BeautifulSoup, heading_id: str) -> list[Tag]:
    """The elements after the ``<h2 id=heading_id>`` up to the next ``<h2>``."""
    heading = page.find("h2", id=heading_id)
    assert heading is not None, f"no section #{heading_id}"
    found = []
    for sibling in heading.find_next_siblings():
        if sibling.name == "h2":
            break
        found.append(sibling)
    return found


@pytest.fixture(scope="module")
def pages(seed_project: Project) -> dict[str, BeautifulSoup]:
    """Every paper page of the built seed site, by its <h1> text."""
    found = {}
    for path in sorted((seed_project.site_dir / "papers").glob("*/index.html")):
        page = soup(path)
        found[squash(page.find("h1").get_text())] = page
    return found


def test_seed_has_64_papers() -> None:
    assert len(seed_papers()) == 64


def test_one_page_per_paper_titled_exactly(pages: dict[str, BeautifulSoup]) -> None:
    assert len(pages) == 64
    assert set(pages) == {squash(title) for title, _ in seed_papers()}


def test_abstracts_as_in_the_listing(pages: dict[str, BeautifulSoup]) -> None:
    for title, abstract in seed_papers():
        paragraphs = [el for el in section(pages[squash(title)], "abstract") if el.name == "p"]
        shown = squash(" ".join(p.get_text() for p in paragraphs))
        assert shown == squash(abstract), title


def titles_in(page: BeautifulSoup, heading_id: str) -> list[str]:
    """The titles a section lists as links (``li > a``), in order."""
    return [squash(a.get_text()) for el in section(page, heading_id) for a in el.select("li > a")]


def test_every_paper_tagged_and_related(pages: dict[str, BeautifulSoup]) -> None:
    for title, page in pages.items():
        tags = page.select(".paper-tags a.md-tag")
        assert tags, f"{title}: no tag"
        assert all(a["href"].startswith("../../tags/") for a in tags)
        assert len(titles_in(page, "related")) >= 3, title


def test_backlinks_repeat_no_related_paper(pages: dict[str, BeautifulSoup]) -> None:
    for title, page in pages.items():
        backlinks = titles_in(page, "backlinks")
        assert len(backlinks) == len(set(backlinks)), f"{title}: a backlink listed twice"
        assert not set(backlinks) & set(titles_in(page, "related")), title


def test_each_paper_listing_another_as_related_is_listed_there_once(
    pages: dict[str, BeautifulSoup],
) -> None:
    """The backlinks still reach every paper: where one is left out, it is a related paper."""
    backlinked = 0
    for title, page in pages.items():
        for other in titles_in(page, "related"):
            there = titles_in(pages[other], "backlinks") + titles_in(pages[other], "related")
            assert there.count(title) == 1, (title, other)
        backlinked += bool(titles_in(page, "backlinks"))
    assert backlinked > len(pages) // 2


def test_tag_reasons_occur_in_the_paper(pages: dict[str, BeautifulSoup]) -> None:
    for title, page in pages.items():
        text = squash(title + " " + " ".join(p.get_text() for p in section(page, "abstract")))
        for reason in page.select(".paper-tags .tag-reason"):
            phrase = re.fullmatch(r"matched “(.+)”", reason.get_text()).group(1)
            words = r"[\s\-]+".join(map(re.escape, re.split(r"[\s\-]+", phrase)))
            assert re.search(rf"(?<!\w){words}", text, re.IGNORECASE), (title, phrase)


def test_code_links_without_trailing_punctuation(pages: dict[str, BeautifulSoup]) -> None:
    fedcompass = next(page for title, page in pages.items() if title.startswith("FedCompass"))
    hrefs = [a["href"] for el in section(fedcompass, "code") for a in el.select("a")]
    assert hrefs == ["https://github.com/APPFL/FedCompass"]
    tnt = next(page for title, page in pages.items() if title == "Transformer in Transformer")
    hrefs = [a["href"] for el in section(tnt, "code") for a in el.select("a")]
    assert hrefs == [
        "https://github.com/huawei-noah/CV-Backbones",
        "https://gitee.com/mindspore/models/tree/master/research/cv/TNT",
    ]


def test_listing_page_keeps_the_listing_order(seed_project: Project) -> None:
    page = soup(seed_project.site_dir / "days" / "2025-03-11" / "index.html")
    article = page.select_one("article")
    shown = [squash(a.get_text()) for a in article.select("ol > li > a")]
    assert shown == [squash(title) for title, _ in seed_papers()]
    assert "11 March 2025" in page.find("h1").get_text()


def test_tag_pages_and_index(seed_project: Project, pages: dict[str, BeautifulSoup]) -> None:
    index = soup(seed_project.site_dir / "tags" / "index.html")
    listed = {a["href"] for a in index.select("article a[href]") if "/" not in a["href"][:-1]}
    tag_dirs = {p.name for p in (seed_project.site_dir / "tags").iterdir() if p.is_dir()}
    assert {href.strip("/") for href in listed} <= tag_dirs
    federated = soup(seed_project.site_dir / "tags" / "federated-learning" / "index.html")
    titles = {squash(a.get_text()) for a in federated.select("article li a[href*='/papers/']")}
    fed_titles = {t for t in pages if "Federated" in t}
    assert fed_titles and fed_titles <= titles


def test_home_links_latest_listing_and_tags(seed_project: Project) -> None:
    home = soup(seed_project.site_dir / "index.html")
    hrefs = [a["href"] for a in home.select("article a[href]")]
    assert "days/2025-03-11/" in hrefs
    assert "tags/" in hrefs
    assert any(href.startswith("tags/") and href != "tags/" for href in hrefs)


def test_papers_are_not_in_the_navigation(seed_project: Project) -> None:
    home = soup(seed_project.site_dir / "index.html")
    nav_links = [a["href"] for a in home.select("nav.md-nav a[href]")]
    assert nav_links
    assert not [href for href in nav_links if "papers/" in href]


def test_no_request_to_other_hosts_in_html(seed_project: Project) -> None:
    for path in [
        seed_project.site_dir / "index.html",
        *seed_project.site_dir.glob("papers/*/index.html"),
    ]:
        page = soup(path)
        loaded = "script[src], img[src], link[rel~=stylesheet], link[rel~=icon], link[rel~=preload]"
        for element in page.select(loaded):
            url = element.get("src") or element.get("href")
            assert not re.match(r"(https?:)?//", url), (path, url)
