"""Issue 18 A: citations right, no dead ends, and what the data knows shown on the page.

The seed site is built once (``seed_project``); a Hugging Face daily listing is ingested
into an empty project and built once; LaTeX and BibTeX typeset entries of the seed site.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import bibtexparser
import pytest
from bs4 import BeautifulSoup
from click.testing import CliRunner

from generator import pipeline
from generator.cli import main
from generator.config import Project
from generator.model import Paper
from generator.render.cite import bibtex
from tests.conftest import FIXTURES, copy_project

ELECTRA = "electra-pre-training-text-encoders-as-discriminators-rather-than-generators"
NO_ID = "pointer-networks"  # a seed paper without an arXiv id
HF_LISTING = FIXTURES / "listings" / "2025-05-22_hf_daily_papers.json"
WEB_SHEPHERD = "web-shepherd-advancing-prms-for-reinforcing-web-agents"


def page(project: Project, slug: str) -> BeautifulSoup:
    html = (project.site_dir / "papers" / slug / "index.html").read_text(encoding="utf-8")
    return BeautifulSoup(html, "html.parser")


def meta(soup: BeautifulSoup, name: str) -> list[str]:
    return [tag["content"] for tag in soup.find_all("meta", attrs={"name": name})]


def cite_block(soup: BeautifulSoup) -> str:
    block = soup.select_one("pre.paper-bibtex code")
    assert block is not None
    return str(block.get_text())


def linked_data(soup: BeautifulSoup) -> dict[str, object]:
    (script,) = soup.head.select("script[type='application/ld+json']")
    data: dict[str, object] = json.loads(script.string)
    return data


def seed_slugs(project: Project) -> list[str]:
    return sorted(path.stem for path in project.papers_dir.glob("*.md"))


# ---------------------------------------------------------------- citations right


def test_electra_is_cited_as_2020_in_bibtex_meta_and_json_ld(seed_project: Project) -> None:
    soup = page(seed_project, ELECTRA)
    (entry,) = bibtexparser.parse_string(cite_block(soup)).entries
    assert entry.key == "clark2020electra"
    assert entry.fields_dict["year"].value == "2020"
    assert entry.fields_dict["eprint"].value == "2003.10555"
    assert entry.fields_dict["archivePrefix"].value == "arXiv"
    assert entry.fields_dict["primaryClass"].value == "cs.CL"
    assert meta(soup, "citation_publication_date") == ["2020/03/23"]
    assert meta(soup, "citation_online_date") == []
    data = linked_data(soup)
    assert data["@type"] == "ScholarlyArticle"
    assert data["datePublished"] == "2020-03-23"
    assert data["url"] == "https://arxiv.org/abs/2003.10555"
    assert "2025" not in cite_block(soup)


def test_no_listing_day_is_a_year_anywhere_on_the_seed_site(seed_project: Project) -> None:
    # Every seed paper was listed on 2025-03-11; none of them is from 2025.
    for slug in seed_slugs(seed_project):
        soup = page(seed_project, slug)
        (entry,) = bibtexparser.parse_string(cite_block(soup)).entries
        assert entry.fields_dict.get("year") is None or entry.fields_dict["year"].value != "2025"
        assert not any(day.startswith("2025") for day in meta(soup, "citation_publication_date"))
        assert not str(linked_data(soup).get("datePublished", "")).startswith("2025")


def test_every_seed_entry_round_trips_through_bibtexparser(seed_project: Project) -> None:
    keys = []
    for slug in seed_slugs(seed_project):
        text = cite_block(page(seed_project, slug))
        library = bibtexparser.parse_string(text)
        assert library.failed_blocks == [], slug
        (entry,) = library.entries
        again = bibtexparser.parse_string(bibtexparser.write_string(library))
        (second,) = again.entries
        assert (second.key, second.entry_type) == (entry.key, entry.entry_type)
        assert {f.key: f.value for f in second.fields} == {f.key: f.value for f in entry.fields}
        keys.append(entry.key)
    assert len(keys) == 64 and len(set(keys)) == 64


def test_meta_json_ld_and_bibtex_agree_on_every_seed_paper(seed_project: Project) -> None:
    for slug in seed_slugs(seed_project):
        soup = page(seed_project, slug)
        (entry,) = bibtexparser.parse_string(cite_block(soup)).entries
        data = linked_data(soup)
        fields = {f.key: f.value for f in entry.fields}
        assert data["name"] == meta(soup, "citation_title")[0]
        assert data["url"] == fields["url"]
        authors = [person["name"] for person in data.get("author", [])]  # type: ignore[union-attr]
        assert authors == meta(soup, "citation_author")
        assert " and ".join(authors) == fields.get("author", "")


# ---------------------------------------------------------------- LaTeX


def _require(tool: str) -> str:
    found = shutil.which(tool)
    # Never a skip: without TeX this test cannot say the entries typeset.
    assert found, f"{tool} is missing: `make tex` installs texlive-latex-base"
    return found


def test_three_entries_typeset_with_latex_and_bibtex(seed_project: Project, tmp_path: Path) -> None:
    pdflatex, bibtex_tool = _require("pdflatex"), _require("bibtex")
    hostile = Paper(
        "x",
        r"Pwn \write18{touch pwned} \input{/etc/hostname} } 100% & $\alpha$",
        "A",
        arxiv_id="2405.17258",
        authors=("Ann O'Brien", r"\immediate\write18{touch pwned2}"),
    )
    entries = [
        cite_block(page(seed_project, ELECTRA)),
        cite_block(page(seed_project, NO_ID)),
        bibtex(hostile, "obrien2024pwn"),
    ]
    keys = [bibtexparser.parse_string(text).entries[0].key for text in entries]
    (tmp_path / "refs.bib").write_text("\n".join(entries), encoding="utf-8")
    (tmp_path / "paper.tex").write_text(
        "\\documentclass{article}\n\\usepackage[T1]{fontenc}\n\\usepackage{natbib}\n"
        "\\usepackage{url}\n\\begin{document}\n"
        f"See \\citet{{{keys[0]}}}, \\citet{{{keys[1]}}} and \\citet{{{keys[2]}}}.\n"
        "\\bibliographystyle{plainnat}\n\\bibliography{refs}\n\\end{document}\n",
        encoding="utf-8",
    )
    latex = [pdflatex, "-no-shell-escape", "-interaction=nonstopmode", "-halt-on-error", "paper"]
    for command in (latex, [bibtex_tool, "paper"], latex, latex):
        done = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stdout[-3000:]
    log = (tmp_path / "paper.log").read_text(encoding="latin-1")
    assert "undefined" not in log.lower()
    assert (tmp_path / "paper.pdf").exists()
    bbl = (tmp_path / "paper.bbl").read_text(encoding="utf-8")
    assert bbl.count("\\bibitem") == 3
    assert "Clark et~al.(2020)" in bbl
    # The title's TeX stayed text: nothing ran, nothing was read in.
    assert not (tmp_path / "pwned").exists() and not (tmp_path / "pwned2").exists()
    assert "\\textbackslash{}write18" in bbl


# ---------------------------------------------------------------- no dead ends


def test_a_paper_without_an_id_links_title_searches_and_says_how_to_add_it(
    seed_project: Project,
) -> None:
    soup = page(seed_project, NO_ID)
    links = {a.get_text(): a["href"] for a in soup.select(".paper-links a")}
    arxiv = urlsplit(links["search arXiv for the title"])
    assert (arxiv.netloc, arxiv.path) == ("arxiv.org", "/search/")
    assert parse_qs(arxiv.query) == {"query": ["Pointer Networks"], "searchtype": ["title"]}
    scholar = urlsplit(links["search Semantic Scholar"])
    assert (scholar.netloc, scholar.path) == ("www.semanticscholar.org", "/search")
    assert parse_qs(scholar.query) == {"q": ["Pointer Networks"]}
    notice = soup.select_one(".paper-id-missing")
    assert notice is not None and "arxiv_id:" in notice.get_text()
    assert "content/papers/pointer-networks.md" in notice.get_text()


def test_a_paper_with_an_id_links_abstract_and_pdf(seed_project: Project) -> None:
    soup = page(seed_project, ELECTRA)
    hrefs = [a["href"] for a in soup.select(".paper-links a")]
    assert "https://arxiv.org/abs/2003.10555" in hrefs
    assert "https://arxiv.org/pdf/2003.10555" in hrefs
    assert not soup.select(".paper-id-missing")


def test_check_notes_each_paper_without_an_id_and_still_passes(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "site")
    result = CliRunner().invoke(main, ["check", "--root", str(project.root)])
    assert result.exit_code == 0, result.output
    notes = [line for line in result.stderr.splitlines() if ": note: " in line]
    assert len(notes) == 63
    assert re.fullmatch(
        r"content/papers/pointer-networks\.md:2: note: no arXiv id.*"
        r"\(hint: .*`arxiv_id: 2003\.10555`\)",
        next(line for line in notes if "pointer-networks.md" in line),
    )
    assert not any(ELECTRA in line for line in notes)
    assert result.stdout == "content/ is valid (63 notes).\n"


# ---------------------------------------------------------------- what the data knows


@pytest.fixture(scope="module")
def hf_project(tmp_path_factory: pytest.TempPathFactory) -> Project:
    """An empty project after ingesting a Hugging Face daily listing, built."""
    project = copy_project(tmp_path_factory.mktemp("hf"), content=False)
    listing = project.root / "content" / "listings" / HF_LISTING.name
    listing.parent.mkdir(parents=True)
    shutil.copy(HF_LISTING, listing)
    pipeline.ingest(project, listing)
    pipeline.build(project, strict=True)
    return project


def test_hf_paper_shows_published_day_organisation_upvotes_and_project_page(
    hf_project: Project,
) -> None:
    soup = page(hf_project, WEB_SHEPHERD)
    facts = soup.select_one(".paper-facts")
    assert facts is not None
    text = " ".join(facts.get_text().split())
    assert text == (
        "Published 21 May 2025 · ByteDance Seed <Lab> · 97 upvotes on Hugging Face · Project page"
    )
    assert facts.select_one("a")["href"] == "https://example.org/web-shepherd"
    plain = page(hf_project, "a-plain-paper-on-attention").select_one(".paper-facts")
    assert " ".join(plain.get_text().split()) == "Published 20 May 2025 · 0 upvotes on Hugging Face"


def test_25_authors_show_10_then_a_disclosure(hf_project: Project) -> None:
    authors = page(hf_project, WEB_SHEPHERD).select_one(".paper-authors")
    shown = authors.find("p", recursive=False).get_text().split(", ")
    assert shown == [f"Author Number{i:02d}" for i in range(1, 11)]
    more = authors.select_one("details")
    assert more.summary.get_text() == "and 15 more"
    assert more.p.get_text().split(", ") == [f"Author Number{i:02d}" for i in range(11, 26)]


def test_ai_summary_is_the_card_teaser(hf_project: Project) -> None:
    home = BeautifulSoup((hf_project.site_dir / "index.html").read_text(), "html.parser")
    cards = {
        card["data-paper"]: card.select_one(".paper-card__excerpt")
        for card in home.select(".paper-card")
    }
    summary = cards[WEB_SHEPHERD]
    assert "paper-card__summary" in summary["class"]
    # Scraped text, shown as typed: the <b> is text, not bold.
    assert summary.get_text().startswith(
        "The paper introduces Web-Shepherd, a process reward model for web navigation, "
        "which improves accuracy & cost-effectiveness <b>compared</b>"
    )
    assert not summary.find("b")
    assert cards["a-plain-paper-on-attention"].get_text().strip() == "We study attention."
    day = BeautifulSoup(
        (hf_project.site_dir / "days" / "2025-05-22" / "index.html").read_text(), "html.parser"
    )
    assert day.select_one(".paper-summary").get_text().startswith("The paper introduces")


def test_hf_fields_are_stored_in_the_paper_file(hf_project: Project) -> None:
    text = (hf_project.papers_dir / f"{WEB_SHEPHERD}.md").read_text(encoding="utf-8")
    assert "\norganization: ByteDance Seed <Lab>\n" in text
    assert "\nai_summary: The paper introduces Web-Shepherd" in text
    assert "\nupvotes: 97\n" in text and "\npublished: 2025-05-21\n" in text


def test_papers_json_carries_what_the_listing_knew(hf_project: Project) -> None:
    """A reader of the data file finds the facts the paper page shows, as typed."""
    data = json.loads((hf_project.site_dir / "papers.json").read_text(encoding="utf-8"))
    record = next(paper for paper in data["papers"] if paper["slug"] == WEB_SHEPHERD)
    assert record["organization"] == "ByteDance Seed <Lab>"
    assert record["upvotes"] == 97
    assert record["published"] == "2025-05-21"
    assert record["project_page"] == "https://example.org/web-shepherd"
    assert record["ai_summary"].startswith("The paper introduces Web-Shepherd")
    plain = next(p for p in data["papers"] if p["slug"] == "a-plain-paper-on-attention")
    assert (plain["upvotes"], plain["organization"], plain["ai_summary"]) == (0, None, None)
