"""What the build publishes besides pages: Atom feeds, papers.json and tags.json, as
a feed reader or a script reads them from the built site."""

from __future__ import annotations

import json
from xml.etree import ElementTree

import feedparser
import pytest

from generator import urls
from generator.config import Project
from generator.enrich import corpus
from generator.publish import exports
from generator.sources.tree import load_content
from tests.end_to_end.test_home_days import multi_day_project
from tests.end_to_end.test_reader_pages import BY_SLUG, SITE, paper_page, soup


@pytest.fixture(scope="module")
def multi_day(tmp_path_factory: pytest.TempPathFactory) -> Project:
    return multi_day_project(tmp_path_factory.mktemp("feeds"))


def feed_days(text: str) -> list[str]:
    atom = "{http://www.w3.org/2005/Atom}"
    root = ElementTree.fromstring(text)
    return [entry.findtext(f"{atom}updated") or "" for entry in root.iter(f"{atom}entry")]


def test_feeds_hold_the_most_recent_papers(
    multi_day: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The site feed keeps the latest 50 papers, a tag feed the latest 30."""
    papers = len(list(multi_day.papers_dir.glob("*.md")))
    site_feed = feed_days((multi_day.site_dir / "feeds" / "papers.xml").read_text())
    assert papers > exports.FEED_ENTRIES and len(site_feed) == exports.FEED_ENTRIES
    assert site_feed == sorted(site_feed, reverse=True)
    # This small site has no tag with 30 papers: the same rule, with 3.
    monkeypatch.setattr(exports, "TAG_FEED_ENTRIES", 3)
    content, _ = load_content(multi_day)
    tagged = corpus.tag(content.papers, content.tags, content.listings)
    files = exports.export_files(tagged, multi_day, tagged.used_tags())
    for tag_id, count in tagged.tag_counts().items():
        days = feed_days(files[urls.tag_feed(tag_id)])
        assert len(days) == min(count, 3), tag_id
        newest = sorted(
            (
                max(tagged.papers[slug].listed).isoformat()
                for slug in tagged.papers_with_tag(tag_id)
            ),
            reverse=True,
        )[:3]
        assert [day[:10] for day in days] == newest, tag_id


# ---------------------------------------------------------------- feeds

FEED_ORDER = [
    "pointer-networks-revisited",
    "pointer-networks",
    "federated-learning-with-k-nn-clients",
    "nabla2dft",
]


def test_site_feed_entries_by_listing_day(reader_project: Project) -> None:
    feed = feedparser.parse((reader_project.site_dir / "feeds" / "papers.xml").read_bytes())
    assert not feed.bozo, feed.bozo_exception
    assert feed.version == "atom10"
    assert feed.feed.updated == "2025-03-12T00:00:00+00:00"
    assert [link.href for link in feed.feed.links if link.rel == "self"] == [
        SITE + "feeds/papers.xml"
    ]
    urls = [SITE + f"papers/{slug}/" for slug in FEED_ORDER]
    assert [entry.id for entry in feed.entries] == urls
    assert [entry.link for entry in feed.entries] == urls
    assert [entry.title for entry in feed.entries] == [
        "Pointer Networks Revisited",
        "Pointer Networks",
        "Federated Learning with k-NN Clients",
        "∇²DFT: A Universal Quantum Chemistry Dataset",
    ]
    assert [entry.updated[:10] for entry in feed.entries] == [
        "2025-03-12",
        "2025-03-12",
        "2025-03-11",
        "2025-03-11",
    ]
    pointer = feed.entries[1]
    assert pointer.published.startswith("2025-03-10")
    assert [author.name for author in pointer.authors] == [
        "Oriol Vinyals",
        "Meire Fortunato",
        "Navdeep Jaitly",
    ]
    assert pointer.summary.startswith("We introduce a neural architecture")
    hostile = feed.entries[3]
    assert "<script>alert('abstract')</script>" in hostile.summary


def test_tag_feeds_and_their_links(reader_project: Project) -> None:
    tag_page = soup(reader_project.site_dir / "tags" / "federated-learning" / "index.html")
    feeds = [link["href"] for link in tag_page.head.select("link[rel=alternate][type*='atom+xml']")]
    assert feeds == ["../../feeds/papers.xml", "../../feeds/tag-federated-learning.xml"]
    feed = feedparser.parse(
        (reader_project.site_dir / "feeds" / "tag-federated-learning.xml").read_bytes()
    )
    assert not feed.bozo
    assert [entry.id for entry in feed.entries] == [
        SITE + "papers/federated-learning-with-k-nn-clients/"
    ]
    assert feed.feed.title == "papersite: Federated learning"
    paper = paper_page(reader_project, "pointer-networks")
    assert [link["href"] for link in paper.head.select("link[type*='atom+xml']")] == [
        "../../feeds/papers.xml"
    ]


def test_every_used_tag_has_a_feed(reader_project: Project) -> None:
    tags = json.loads((reader_project.site_dir / "tags.json").read_text())
    with_papers = {tag["id"] for tag in tags["tags"] if tag["papers"]}
    feeds = {p.stem.removeprefix("tag-") for p in (reader_project.site_dir / "feeds").glob("tag-*")}
    assert with_papers and feeds == with_papers


# ---------------------------------------------------------------- data files


def test_papers_json(reader_project: Project) -> None:
    data = json.loads((reader_project.site_dir / "papers.json").read_text(encoding="utf-8"))
    assert data["schema_version"] == 1
    papers = {paper["slug"]: paper for paper in data["papers"]}
    assert set(papers) == set(BY_SLUG)
    pointer = papers["pointer-networks"]
    assert pointer == {
        "slug": "pointer-networks",
        "url": SITE + "papers/pointer-networks/",
        "title": "Pointer Networks",
        "arxiv_id": "1506.03134",
        "authors": ["Oriol Vinyals", "Meire Fortunato", "Navdeep Jaitly"],
        "listed": ["2025-03-10", "2025-03-12"],
        "published": "2015-06-09",
        "tags": pointer["tags"],
        "code": ["https://gitlab.com/owner/pointer", "https://github.com/owner/ptr-net"],
        "abstract": BY_SLUG["pointer-networks"].abstract,
        "arxiv_category": None,
        "doi": None,
        "journal": None,
        "organization": None,
        "upvotes": None,
        "project_page": None,
        "ai_summary": None,
    }
    assert papers["nabla2dft"]["title"] == BY_SLUG["nabla2dft"].title  # as typed
    assert "federated-learning" in papers["federated-learning-with-k-nn-clients"]["tags"]


def test_tags_json(reader_project: Project) -> None:
    data = json.loads((reader_project.site_dir / "tags.json").read_text(encoding="utf-8"))
    assert data["schema_version"] == 1
    federated = next(tag for tag in data["tags"] if tag["id"] == "federated-learning")
    assert federated["papers"] == 1
    assert federated["url"] == SITE + "tags/federated-learning/"
    assert federated["feed"] == SITE + "feeds/tag-federated-learning.xml"
    unused = [tag for tag in data["tags"] if not tag["papers"]]
    assert unused and all(tag["url"] is None and tag["feed"] is None for tag in unused)


def test_readme_documents_the_data_files() -> None:
    from tests.conftest import REPO

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for name in ("papers.json", "tags.json", "schema_version", "feeds/papers.xml", "sitemap.xml"):
        assert name in readme, name
