"""Top of the week and of the month, and tag trends, on built sites (issue 18, items 4
and 5): readers of Hugging Face Papers and arxiv-sanity asked for week and month views
of the most upvoted papers, and for how a topic grows."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import feedparser
import pytest
from bs4 import BeautifulSoup

from generator import pipeline
from generator.config import Project
from generator.model import Listing, Paper
from generator.sources import store
from tests.conftest import copy_project

FEDERATED = (
    "We study federated learning across clients that keep their data local, and how"
    " federated learning copes with clients that leave."
)
OTHER = "We count tokens in many corpora and report the counts for each language."


def paper(slug: str, upvotes: int | None, days: tuple[date, ...], abstract: str = OTHER) -> Paper:
    return Paper(slug, f"Paper {slug.upper()}", abstract, listed=days, upvotes=upvotes)


D = date
# Weeks 9, 10, 11, 13 and 18 of 2025 have listings (12 and 14-17 none); months February,
# March and May (April none).
DAYS = {
    D(2025, 2, 26): ("a",),
    D(2025, 3, 4): ("c", "d"),
    D(2025, 3, 6): ("b", "d"),
    D(2025, 3, 7): ("b",),
    D(2025, 3, 11): ("d", "e", "h"),
    D(2025, 3, 25): ("f",),
    D(2025, 5, 2): ("g",),
}
UPVOTES = {"a": 10, "b": 50, "c": 50, "d": None, "e": 0, "f": 5, "g": 7, "h": None}
TAGGED = {"a", "b", "c", "g"}  # their abstracts say "federated learning"
# The rankings the rule gives (enrich.periods.rank_key), written out by hand.
RANKED = {
    "weeks/2025-W09/": ["a"],
    # b and c tie at 50: b was listed on two days of the week, c on one (an earlier one).
    "weeks/2025-W10/": ["b", "c", "d"],
    # e's count is 0, d's and h's unknown; d comes before h in the day's listing.
    "weeks/2025-W11/": ["e", "d", "h"],
    "weeks/2025-W13/": ["f"],
    "weeks/2025-W18/": ["g"],
    "months/2025-02/": ["a"],
    # d, listed on three days, still after every paper with a count.
    "months/2025-03/": ["b", "c", "f", "e", "d", "h"],
    "months/2025-05/": ["g"],
}
WEEKS = [page for page in RANKED if page.startswith("weeks/")]
MONTHS = [page for page in RANKED if page.startswith("months/")]


@pytest.fixture(scope="module")
def weeks_project(tmp_path_factory: pytest.TempPathFactory) -> Project:
    """A small built site over seven listing days in five weeks and three months."""
    project = copy_project(tmp_path_factory.mktemp("weeks"), content=False)
    for slug, upvotes in UPVOTES.items():
        days = tuple(day for day, slugs in DAYS.items() if slug in slugs)
        store.save_paper(
            project.papers_dir, paper(slug, upvotes, days, FEDERATED if slug in TAGGED else OTHER)
        )
    for day, slugs in DAYS.items():
        store.save_day(project.days_dir, Listing(day, slugs))
    pipeline.build(project, strict=True)
    return project


def page(site: Path, url: str) -> BeautifulSoup:
    return BeautifulSoup((site / url / "index.html").read_text(encoding="utf-8"), "html.parser")


def resolve(url: str, href: str) -> str:
    """The site path ``href`` on the page at ``url`` leads to (no ``..`` left)."""
    parts = url.split("/")[:-1]
    for part in href.split("/"):
        if part == "..":
            parts.pop()
        elif part not in ("", "."):
            parts.append(part)
    return "/".join(parts) + ("/" if href.endswith("/") else "")


def ranked_slugs(soup: BeautifulSoup) -> list[str]:
    return [span["data-paper"] for span in soup.select("article ol.top-list > li > .paper-data")]


@pytest.mark.parametrize("url", RANKED)
def test_week_and_month_pages_rank_their_papers_by_upvotes(
    weeks_project: Project, url: str
) -> None:
    soup = page(weeks_project.site_dir, url)
    assert ranked_slugs(soup) == RANKED[url]
    # Each entry links its paper's page and says what ranked it.
    for item in soup.select("article ol.top-list > li"):
        slug = item.select_one(".paper-data")["data-paper"]
        assert resolve(url, item.a["href"]) == f"papers/{slug}/"
        score = item.select_one(".top-list__score").get_text()
        votes = UPVOTES[slug]
        assert score.startswith(f"{votes} upvote" if votes is not None else "listed on "), score


def test_ties_and_unknown_counts_are_explained_on_the_page(weeks_project: Project) -> None:
    text = " ".join(page(weeks_project.site_dir, "weeks/2025-W11/").article.get_text().split())
    assert "papers without a count after those with one" in text
    assert "3 papers listed on 1 day: 11 March 2025." in text


@pytest.mark.parametrize("pages", [WEEKS, MONTHS], ids=["weeks", "months"])
def test_previous_and_next_link_the_nearest_periods_with_papers(
    weeks_project: Project, pages: list[str]
) -> None:
    site = weeks_project.site_dir
    for index, url in enumerate(pages):
        links = page(site, url).select("article nav.day-nav a")
        targets = [resolve(url, a["href"]) for a in links]
        expected = [
            *([pages[index - 1]] if index > 0 else []),
            *([pages[index + 1]] if index + 1 < len(pages) else []),
        ]
        # Week 12 and April have no papers: no page, and no link to one.
        assert targets == expected, url
        assert all((site / target / "index.html").is_file() for target in targets)


@pytest.mark.parametrize("url", RANKED)
def test_every_period_has_a_feed_of_its_ranking_linked_where_readers_see_it(
    weeks_project: Project, url: str
) -> None:
    site = weeks_project.site_dir
    soup = page(site, url)
    visible = soup.select_one("article p.feed-link a")
    feed_path = resolve(url, visible["href"])
    assert feed_path.startswith("feeds/") and feed_path.endswith(".xml")
    head = soup.select_one(f'head link[rel="alternate"][href="{visible["href"]}"]')
    assert head is not None and head["type"] == "application/atom+xml"
    parsed = feedparser.parse((site / feed_path).read_bytes())
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.feed.title.startswith("papersite: Top papers of ")
    assert parsed.feed.link.endswith(url)
    assert [entry.link.rsplit("/", 2)[-2] for entry in parsed.entries] == RANKED[url]


def test_home_links_this_weeks_and_this_months_top_papers(weeks_project: Project) -> None:
    home = page(weeks_project.site_dir, "")
    targets = {resolve("", a["href"]) for a in home.select("article a")}
    # The newest week and month with papers.
    assert {"weeks/2025-W18/", "months/2025-05/", "top/"} <= targets
    assert not targets & {"weeks/2025-W13/", "months/2025-03/"}


def test_every_week_and_month_is_reachable_from_the_navigation(weeks_project: Project) -> None:
    site = weeks_project.site_dir
    tabs = {a.get_text(strip=True): a["href"] for a in page(site, "").select("a.md-tabs__link")}
    assert resolve("", tabs["Top"]) == "top/"
    index = page(site, "top/")
    linked = [resolve("top/", a["href"]) for a in index.select("article a")]
    # Newest month first, each with the weeks whose first listing day is in it.
    assert linked == [
        "months/2025-05/",
        "weeks/2025-W18/",
        "months/2025-03/",
        "weeks/2025-W13/",
        "weeks/2025-W11/",
        "weeks/2025-W10/",
        "months/2025-02/",
        "weeks/2025-W09/",
    ]


def test_tag_page_charts_its_papers_per_month_with_the_numbers(weeks_project: Project) -> None:
    soup = page(weeks_project.site_dir, "tags/federated-learning/")
    svg = soup.select_one("article figure.trend svg")
    assert svg["role"] == "img"
    labelled = [soup.find(id=name) for name in svg["aria-labelledby"].split()]
    assert [tag.name for tag in labelled] == ["title", "desc"]
    assert labelled[0].get_text() == "Federated learning: papers per month"
    rows = [
        [cell.get_text() for cell in row.select("td")]
        for row in soup.select("article details.trend-numbers table tbody tr")
    ]
    # February to May, April with none; each paper once, in the month it was first listed.
    assert rows == [
        ["February 2025", "1"],
        ["March 2025", "2"],
        ["April 2025", "0"],
        ["May 2025", "1"],
    ]
    listed = soup.select("article ul.paper-list > li")
    assert sum(int(count) for _, count in rows) == len(listed) == len(TAGGED)
    assert len(svg.select("g.trend-chart__bars rect")) == 3
    # Nothing loaded from elsewhere: the chart is inline, with no image or script.
    assert not svg.select("image, use, script, foreignObject")


def test_tags_index_shows_each_tags_trend_as_a_sparkline(weeks_project: Project) -> None:
    site = weeks_project.site_dir
    items = page(site, "tags/").select("article li")
    assert items
    for item in items:
        spark = item.select_one("svg.trend-sparkline")
        assert spark is not None and spark["role"] == "img", item
        label = spark["aria-label"]
        name = item.a.get_text()
        assert label.startswith(f"{name}, papers per month, February 2025 to May 2025: ")
        counts = [int(n) for n in label.rsplit(": ", 1)[1].split(", ")]
        table = page(site, resolve("tags/", item.a["href"])).select(
            "details.trend-numbers tbody td:nth-of-type(2)"
        )
        assert counts == [int(td.get_text()) for td in table], name


def test_seed_site_has_a_week_and_a_month_page_of_its_day(seed_project: Project) -> None:
    site = seed_project.site_dir
    day = [
        a["href"].split("/")[-2]
        for a in page(site, "days/2025-03-11/").select("article ol > li > a")
    ]
    home = page(site, "")
    targets = {resolve("", a["href"]) for a in home.select("article a")}
    assert {"weeks/2025-W11/", "months/2025-03/"} <= targets
    for url in ("weeks/2025-W11/", "months/2025-03/"):
        soup = page(site, url)
        # No seed paper has an upvote count, and each was listed on one day: the
        # listing's order ranks them, and the page says so.
        assert ranked_slugs(soup) == day, url
        assert (
            "has an upvote count, so they are ranked by the days listed" in soup.article.get_text()
        )
        assert len(day) == 64


def test_a_month_links_its_weeks_and_a_week_its_days(weeks_project: Project) -> None:
    site = weeks_project.site_dir

    def linked(url: str) -> list[str]:
        intro = page(site, url).select_one("article nav.day-nav").find_next_sibling("p")
        return [resolve(url, a["href"]) for a in intro.select("a")]

    # Week 9 (24 February to 2 March) has its only day in February.
    assert linked("months/2025-03/") == ["weeks/2025-W10/", "weeks/2025-W11/", "weeks/2025-W13/"]
    assert linked("weeks/2025-W10/") == ["days/2025-03-04/", "days/2025-03-06/", "days/2025-03-07/"]
    for url in [*linked("months/2025-03/"), *linked("weeks/2025-W10/")]:
        assert (site / url / "index.html").is_file()
