"""Home and days: the latest listing as cards with counts and top tags; every day page
links the day before and after; the archive groups days by month, newest first."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from generator import pipeline
from generator.config import Project
from tests.conftest import FIXTURES, copy_project

# A third listing day in another month, so the archive has three months.
FEBRUARY_LISTING = """Feb 20

Sparse Mixtures of Experts for Retrieval: SMoER

We route retrieval queries to sparse experts and release code at https://github.com/example/smoer.

Counting Tokens Carefully

We count tokens in many corpora and report the counts.
"""
DAYS = ["2024-06-03", "2025-02-20", "2025-03-11"]


def multi_day_project(root: Path) -> Project:
    """The seed plus two listings: days in June 2024, February 2025 and March 2025."""
    project = copy_project(root)
    pipeline.ingest(project, FIXTURES / "listings" / "2024-06-03_small.txt")
    listing = project.listings_dir / "2025-02-20_extra.txt"
    listing.write_text(FEBRUARY_LISTING, encoding="utf-8")
    pipeline.ingest(project, listing)
    pipeline.build(project, strict=True)
    return project


@pytest.fixture(scope="module")
def multi_day(tmp_path_factory: pytest.TempPathFactory) -> Project:
    return multi_day_project(tmp_path_factory.mktemp("days"))


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def squash(text: str) -> str:
    return " ".join(text.split())


def test_home_shows_the_latest_listing_as_cards(multi_day: Project) -> None:
    site = multi_day.site_dir
    home = soup(site / "index.html")
    latest = soup(site / "days" / DAYS[-1] / "index.html")
    listed = [squash(a.get_text()) for a in latest.select("article ol > li > a")]
    cards = home.select("article .grid.paper-cards > .card.paper-card")
    assert [squash(c.select_one("a.paper-card__title").get_text()) for c in cards] == listed
    assert len(cards) == 64
    for card in cards:
        href = card.select_one("a.paper-card__title")["href"]
        paper = soup(site / href / "index.html")
        assert card["data-paper"] == href.split("/")[1]
        assert card["data-title"] == squash(paper.h1.get_text())
        # The card's tags are the paper's first tags, linking to the same tag pages.
        paper_tags = [a["href"].removeprefix("../../") for a in paper.select(".paper-tags a")]
        card_tags = [a["href"] for a in card.select(".paper-card__tags a.md-tag")]
        assert card_tags and card_tags == paper_tags[: len(card_tags)]
        # The excerpt is the start of the abstract, on one line.
        abstract = squash(" ".join(p.get_text() for p in paper.select("h2#abstract ~ p")))
        shown = squash(card.select_one(".paper-card__excerpt").get_text()).removesuffix("…")
        assert shown and abstract.startswith(shown), href
        # A code badge exactly when the paper page has a Code section.
        badge = card.select_one("a.paper-badge")
        assert (badge is not None) == (paper.find("h2", id="code") is not None), href
        if badge:
            assert badge["href"] == f"{href}#code"
    assert sum(1 for card in cards if card.select_one(".paper-badge")) >= 5


def test_home_counts_papers_days_and_tags(multi_day: Project) -> None:
    site = multi_day.site_dir
    counts = squash(soup(site / "index.html").select_one(".site-counts").get_text())
    papers = len(list((site / "papers").glob("*/index.html")))
    tags = len([p for p in (site / "tags").iterdir() if (p / "index.html").exists()])
    assert counts == f"{papers} papers {len(DAYS)} listing days {tags} tags"
    assert papers == 64 + 3 + 2


def test_home_lists_the_most_used_tags_in_order(multi_day: Project) -> None:
    site = multi_day.site_dir
    chips = soup(site / "index.html").select("article .tag-cloud a.md-tag")
    assert 5 <= len(chips) <= 12
    found = []
    for chip in chips:
        count = int(chip.small.get_text())
        tag_page = soup(site / chip["href"] / "index.html")
        heading = tag_page.find("h2").get_text()
        assert re.match(rf"{count} papers?\b", heading), (chip["href"], heading)
        found.append(count)
    assert found == sorted(found, reverse=True)


@pytest.mark.parametrize("index", range(len(DAYS)))
def test_each_day_links_the_day_before_and_after(multi_day: Project, index: int) -> None:
    page = soup(multi_day.site_dir / "days" / DAYS[index] / "index.html")
    nav = [a["href"] for a in page.select("article nav.day-nav a")]
    expected = []
    if index > 0:
        expected.append(f"../{DAYS[index - 1]}/")
    if index + 1 < len(DAYS):
        expected.append(f"../{DAYS[index + 1]}/")
    assert nav == expected
    for href in nav:
        assert (multi_day.site_dir / "days" / DAYS[index] / href / "index.html").exists()


def test_a_lone_day_has_no_empty_day_navigation(seed_project: Project) -> None:
    page = soup(seed_project.site_dir / "days" / "2025-03-11" / "index.html")
    assert page.select("article nav.day-nav") == []


def test_archive_groups_days_by_month_newest_first(multi_day: Project) -> None:
    page = soup(multi_day.site_dir / "days" / "index.html")
    months = {}
    for heading in page.select("article h2"):
        months[heading.get_text()] = [a["href"] for a in heading.find_next_sibling("ul")("a")]
    assert months == {
        "March 2025": ["2025-03-11/"],
        "February 2025": ["2025-02-20/"],
        "June 2024": ["2024-06-03/"],
    }
    items = [squash(li.get_text()) for li in page.select("article li")]
    assert items == [
        "11 March 2025: 64 papers",
        "20 February 2025: 2 papers",
        "3 June 2024: 3 papers",
    ]
