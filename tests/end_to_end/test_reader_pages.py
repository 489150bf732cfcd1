"""What a reader reaches for, in the built site: links, citation, meta tags, feeds, data."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import bibtexparser
import pytest
from bs4 import BeautifulSoup

from generator.config import Project
from tests.conftest import HOSTILE_AUTHOR, READER_DAYS, READER_PAPERS

SITE = "https://papersite.github.io/papersite/"  # site_url in mkdocs.yml
BY_SLUG = {paper.slug: paper for paper in READER_PAPERS}


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def paper_page(project: Project, slug: str) -> BeautifulSoup:
    return soup(project.site_dir / "papers" / slug / "index.html")


def meta(page: BeautifulSoup, key: str) -> list[str]:
    """The content of every ``<meta name=key>`` or ``<meta property=key>`` in the head."""
    found = page.head.find_all("meta", attrs={"name": key}) or page.head.find_all(
        "meta", attrs={"property": key}
    )
    return [tag["content"] for tag in found]


# ---------------------------------------------------------------- the paper page


def test_links_a_reader_follows(reader_project: Project) -> None:
    page = paper_page(reader_project, "pointer-networks")
    hrefs = [a["href"] for a in page.select("article .paper-links a")]
    assert hrefs == [
        "https://arxiv.org/abs/1506.03134",
        "https://arxiv.org/pdf/1506.03134",
        "https://huggingface.co/papers/1506.03134",
    ]
    assert " ".join(page.select_one(".paper-authors").get_text().split()) == (
        "Oriol Vinyals, Meire Fortunato, Navdeep Jaitly"
    )
    days = [a["href"] for a in page.select(".paper-meta a[href*='days/']")]
    assert days == ["../../days/2025-03-10/", "../../days/2025-03-12/"]
    code = page.select("a.code-link")
    assert [(a["href"], a.select_one(".code-host").get_text()) for a in code] == [
        ("https://gitlab.com/owner/pointer", "GitLab"),
        ("https://github.com/owner/ptr-net", "GitHub"),
    ]
    assert [" ".join(a.get_text().split()) for a in code] == [
        "GitLab owner/pointer",
        "GitHub owner/ptr-net",
    ]


def test_no_arxiv_links_without_an_id(reader_project: Project) -> None:
    page = paper_page(reader_project, "federated-learning-with-k-nn-clients")
    links = [a["href"] for a in page.select(".paper-links a")]
    assert links and all("/abs/" not in link and "/pdf/" not in link for link in links)
    assert not meta(page, "citation_arxiv_id")
    assert meta(page, "citation_abstract_html_url") == [
        SITE + "papers/federated-learning-with-k-nn-clients/"
    ]


def test_cite_block_parses_with_a_unique_key(reader_project: Project) -> None:
    keys = []
    for paper in READER_PAPERS:
        block = paper_page(reader_project, paper.slug).select_one("pre.paper-bibtex > code")
        assert block is not None
        library = bibtexparser.parse_string(block.get_text())
        assert not library.failed_blocks
        (entry,) = library.entries
        keys.append(entry.key)
        if paper.arxiv_id:
            assert entry.fields_dict["eprint"].value == paper.arxiv_id
    assert len(set(keys)) == len(keys)
    hostile = paper_page(reader_project, "nabla2dft").select_one("pre.paper-bibtex > code")
    assert "O'Brien" in hostile.get_text() and not hostile.find_all(True)


def test_highwire_and_open_graph_tags(reader_project: Project) -> None:
    page = paper_page(reader_project, "pointer-networks")
    assert meta(page, "citation_title") == ["Pointer Networks"]
    assert meta(page, "citation_author") == ["Oriol Vinyals", "Meire Fortunato", "Navdeep Jaitly"]
    assert meta(page, "citation_publication_date") == ["2015/06/09"]
    # A listing day is no date of the paper's: Zotero would store it as one.
    assert meta(page, "citation_online_date") == []
    assert meta(page, "citation_arxiv_id") == ["1506.03134"]
    assert meta(page, "citation_pdf_url") == ["https://arxiv.org/pdf/1506.03134"]
    assert meta(page, "citation_abstract_html_url") == ["https://arxiv.org/abs/1506.03134"]
    assert meta(page, "og:title") == ["Pointer Networks"]
    assert meta(page, "og:type") == ["article"]
    assert meta(page, "og:url") == [SITE + "papers/pointer-networks/"]
    assert meta(page, "og:description")[0].startswith("We introduce a neural architecture")
    assert meta(page, "twitter:card") == ["summary"]


def test_meta_values_are_escaped_text(reader_project: Project) -> None:
    page = paper_page(reader_project, "nabla2dft")
    assert meta(page, "citation_author") == ["Kuzma Khrabrov", HOSTILE_AUTHOR]
    assert meta(page, "citation_title") == ["∇²DFT: A Universal Quantum Chemistry Dataset"]
    assert page.title.get_text().startswith("∇²DFT: A Universal Quantum Chemistry Dataset")
    assert "<script>" in meta(page, "og:description")[0]  # shown as text, not run
    code = page.head.select("script:not([type='application/ld+json'])")
    assert all("alert" not in script.get_text() for script in code)
    # The JSON-LD block holds the author as a JSON string: data, one element, not run.
    (linked_data,) = page.head.select("script[type='application/ld+json']")
    authors = [person["name"] for person in json.loads(linked_data.string)["author"]]
    assert authors == ["Kuzma Khrabrov", HOSTILE_AUTHOR]
    raw = (reader_project.site_dir / "papers" / "nabla2dft" / "index.html").read_text()
    assert "<script>alert(" not in raw


def test_math_is_marked_for_katex_only_where_it_is(reader_project: Project) -> None:
    page = paper_page(reader_project, "nabla2dft")
    spans = [span.get_text() for span in page.select("article span.arithmatex")]
    assert spans == [r"\(\nabla^2\)", r"\(\alpha\)", r"\[E = mc^2\]"]
    abstract = page.find("h2", id="abstract").find_next_sibling("p").get_text()
    assert "costs $5 to $10 an hour" in abstract
    scripts = [s["src"] for s in page.select("script[src]")]
    assert "../../assets/katex/katex.min.js" in scripts
    assert page.select_one("link[href='../../assets/katex/katex.min.css']")
    plain = paper_page(reader_project, "pointer-networks")
    assert not plain.select("script[src*=katex], link[href*=katex]")


def test_code_copy_button_is_enabled(reader_project: Project) -> None:
    page = paper_page(reader_project, "pointer-networks")
    config = json.loads(page.select_one("script#__config").get_text())
    assert "content.code.copy" in config["features"]


# ---------------------------------------------------------------- sitemap


@pytest.mark.parametrize("project_name", ["reader_project", "seed_project"])
def test_sitemap_lists_every_paper_page(project_name: str, request: pytest.FixtureRequest) -> None:
    project: Project = request.getfixturevalue(project_name)
    namespace = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    root = ET.parse(project.site_dir / "sitemap.xml").getroot()
    locations = {loc.text for loc in root.findall("s:url/s:loc", namespace)}
    papers = {f"{SITE}papers/{p.name}/" for p in (project.site_dir / "papers").iterdir()}
    assert papers and papers <= locations
    assert all(location.startswith(SITE) for location in locations)
    days = {f"{SITE}days/{day.isoformat()}/" for day in READER_DAYS}
    if project_name == "reader_project":
        assert days <= locations


def test_about_page_links_the_feed_and_data(reader_project: Project) -> None:
    about = reader_project.site_dir / "about" / "index.html"
    hrefs = {a["href"] for a in soup(about).select("article a[href]")}
    data = {"../feeds/papers.xml", "../papers.json", "../tags.json"}
    assert data <= hrefs
    assert all((about.parent / href).resolve().is_file() for href in data)
