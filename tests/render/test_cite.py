"""Citing a paper: BibTeX that parses, keys that are unique and stable, Highwire tags."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from datetime import date
from urllib.parse import parse_qs, urlsplit

import bibtexparser
import pytest
from bs4 import BeautifulSoup
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.model import Paper
from generator.render.cite import (
    bibtex,
    citation_keys,
    highwire_meta,
    json_ld,
    paper_year,
    tex_text,
    title_searches,
)
from tests.conftest import READER_PAPERS
from tests.render.test_render import MARKUP, PARAGRAPHS

POINTER = READER_PAPERS[0]


def parse_one(entry: str) -> dict[str, str]:
    library = bibtexparser.parse_string(entry)
    assert not library.failed_blocks, entry
    assert len(library.entries) == 1, entry
    found = library.entries[0]
    return {"ENTRYTYPE": found.entry_type, "ID": found.key} | {
        field.key: field.value for field in found.fields
    }


def test_arxiv_paper_is_a_misc_entry_with_eprint() -> None:
    fields = parse_one(bibtex(POINTER, "vinyals2015pointer"))
    assert fields == {
        "ENTRYTYPE": "misc",
        "ID": "vinyals2015pointer",
        "title": "{Pointer Networks}",
        "author": "Oriol Vinyals and Meire Fortunato and Navdeep Jaitly",
        "year": "2015",
        "eprint": "1506.03134",
        "archivePrefix": "arXiv",
        "url": "https://arxiv.org/abs/1506.03134",
    }


def test_paper_without_arxiv_id_cites_the_page_and_no_listing_year() -> None:
    paper = Paper("x", "A Title", "Text.", listed=(date(2025, 3, 11),))
    fields = parse_one(bibtex(paper, "anontitle", "https://example.org/papers/x/"))
    assert fields["url"] == "https://example.org/papers/x/"
    assert "eprint" not in fields and "author" not in fields
    # A listing day is when a paper trended, not when it appeared.
    assert "year" not in fields


def test_math_is_kept_and_specials_are_escaped() -> None:
    assert tex_text(r"$\nabla^2$DFT: 100% & #1_best {x}") == (
        r"$\nabla^2$DFT: 100\% \& \#1\_best \textbraceleft{}x\textbraceright{}"
    )
    assert tex_text("costs $5 to $10") == r"costs \$5 to \$10"
    # A math span whose braces do not balance is escaped like text.
    assert tex_text("$x}^{$") == r"\$x\textbraceright{}\textasciicircum{}\textbraceleft{}\$"


@settings(max_examples=200)
@given(
    st.one_of(PARAGRAPHS, MARKUP).filter(str.strip),
    st.lists(st.one_of(PARAGRAPHS, MARKUP).filter(str.strip), max_size=3),
)
def test_any_title_and_authors_give_one_parsable_entry(title: str, authors: list[str]) -> None:
    paper = Paper("x", title, "Text.", arxiv_id="2405.17258", authors=tuple(authors))
    fields = parse_one(bibtex(paper, "key2024x"))
    assert fields["ID"] == "key2024x"
    assert fields["eprint"] == "2405.17258"


@pytest.mark.parametrize(
    ("paper", "year"),
    [
        (replace(POINTER, published=date(2015, 6, 9)), 2015),
        (Paper("x", "T", "A", arxiv_id="2405.17258"), 2024),
        (Paper("x", "T", "A", arxiv_id="hep-th/9901001"), 1999),
        (Paper("x", "T", "A", arxiv_id="2003.10555", listed=(date(2025, 3, 11),)), 2020),
        (Paper("x", "T", "A", listed=(date(2025, 3, 11),)), None),
        (Paper("x", "T", "A"), None),
    ],
)
def test_year_from_publication_or_arxiv_id_never_a_listing_day(
    paper: Paper, year: int | None
) -> None:
    assert paper_year(paper) == year


def test_keys_are_unique_and_earlier_papers_keep_theirs() -> None:
    papers = {p.slug: p for p in READER_PAPERS}
    keys = citation_keys(papers)
    assert keys["pointer-networks"] == "vinyals2015pointer"
    # Same surname, year and first word, listed later: the next letter.
    assert keys["pointer-networks-revisited"] == "vinyals2015pointerb"
    assert keys["nabla2dft"] == "khrabrov2024dft"
    # No author, no arXiv id: no year either (a listing day is not one).
    assert keys["federated-learning-with-k-nn-clients"] == "anonfederated"
    assert len(set(keys.values())) == len(keys)
    # A new paper that sorts first by slug but is listed later changes no existing key.
    newcomer = replace(papers["pointer-networks-revisited"], slug="a-pointer", listed=())
    again = citation_keys({**papers, "a-pointer": newcomer})
    assert {slug: again[slug] for slug in keys} == keys
    assert again["a-pointer"] == "vinyals2015pointerc"


@given(st.lists(st.sampled_from(["Pointer Networks", "Pointer Nets", "Attention"]), max_size=30))
def test_keys_stay_unique_however_many_collide(titles: list[str]) -> None:
    papers = {
        f"p{i}": Paper(f"p{i}", title, "A", authors=("Ann Lee",)) for i, title in enumerate(titles)
    }
    keys = citation_keys(papers)
    assert len(set(keys.values())) == len(papers)
    assert all(key.isascii() and key.isalnum() for key in keys.values())


def test_highwire_tags_for_an_arxiv_paper() -> None:
    assert highwire_meta(POINTER, "https://example.org/papers/pointer-networks/") == [
        ("citation_title", "Pointer Networks"),
        ("citation_author", "Oriol Vinyals"),
        ("citation_author", "Meire Fortunato"),
        ("citation_author", "Navdeep Jaitly"),
        ("citation_publication_date", "2015/06/09"),
        ("citation_arxiv_id", "1506.03134"),
        ("citation_pdf_url", "https://arxiv.org/pdf/1506.03134"),
        ("citation_abstract_html_url", "https://arxiv.org/abs/1506.03134"),
    ]


def test_highwire_title_is_plain_text() -> None:
    assert dict(highwire_meta(READER_PAPERS[2]))["citation_title"] == (
        "∇²DFT: A Universal Quantum Chemistry Dataset"
    )


ELECTRA = Paper(
    "electra",
    "ELECTRA: Pre-training Text Encoders as Discriminators Rather Than Generators",
    "Text.",
    listed=(date(2025, 3, 11),),
    arxiv_id="2003.10555",
    authors=("Kevin Clark", "Minh-Thang Luong", "Quoc V. Le", "Christopher D. Manning"),
    arxiv_category="cs.CL",
)


def test_arxiv_export_fields_and_order_with_primary_class() -> None:
    # What https://arxiv.org/bibtex/2003.10555 gives, field for field and in its order.
    entry = bibtex(ELECTRA, "clark2020electra")
    assert re.findall(r"^  (\w+) = ", entry, re.M) == [
        "title",
        "author",
        "year",
        "eprint",
        "archivePrefix",
        "primaryClass",
        "url",
    ]
    fields = parse_one(entry)
    assert fields["ENTRYTYPE"] == "misc"
    assert fields["year"] == "2020"
    assert fields["primaryClass"] == "cs.CL"
    assert fields["author"] == (
        "Kevin Clark and Minh-Thang Luong and Quoc V. Le and Christopher D. Manning"
    )


def test_doi_and_journal_are_cited_when_known() -> None:
    paper = replace(ELECTRA, doi="10.1109/LRA.2022.3141829", journal="IEEE RA-L, vol. 7 & 8")
    fields = parse_one(bibtex(paper, "k"))
    assert fields["doi"] == "10.1109/LRA.2022.3141829"
    assert fields["journal"] == r"IEEE RA-L, vol. 7 \& 8"
    meta = dict(highwire_meta(paper))
    assert meta["citation_doi"] == "10.1109/LRA.2022.3141829"
    assert meta["citation_journal_title"] == "IEEE RA-L, vol. 7 & 8"


def test_a_title_with_write18_and_a_closing_brace_is_escaped() -> None:
    title = r"Pwn \write18{touch /tmp/pwned} and \input{/etc/passwd} } 100% #1 a_b ~x^y & \\"
    paper = Paper("x", title, "A", arxiv_id="2405.17258", authors=(r"\immediate\write18{ls}",))
    fields = parse_one(bibtex(paper, "k"))
    # No TeX command of the input survives: every backslash is \textbackslash{}.
    for value in (fields["title"], fields["author"]):
        assert not re.search(r"\\(write|input|immediate)", value)
    assert fields["title"] == (
        r"{Pwn \textbackslash{}write18\textbraceleft{}touch /tmp/pwned\textbraceright{} and "
        r"\textbackslash{}input\textbraceleft{}/etc/passwd\textbraceright{} "
        r"\textbraceright{} 100\% \#1 a\_b \textasciitilde{}x\textasciicircum{}y \& "
        r"\textbackslash{}\textbackslash{}}"
    )


def test_json_ld_agrees_with_bibtex_and_highwire() -> None:
    page = "https://example.org/papers/electra/"
    data = json.loads(re.fullmatch(r"<script[^>]*>(.*)</script>", json_ld(ELECTRA, page))[1])
    fields = parse_one(bibtex(ELECTRA, "k", page))
    meta = highwire_meta(ELECTRA, page)
    assert data["@type"] == "ScholarlyArticle"
    assert data["name"] == fields["title"].strip("{}") == dict(meta)["citation_title"]
    assert [a["name"] for a in data["author"]] == fields["author"].split(" and ")
    assert [a["name"] for a in data["author"]] == [v for k, v in meta if k == "citation_author"]
    assert data["datePublished"] == fields["year"] == dict(meta)["citation_publication_date"]
    assert data["url"] == fields["url"] == dict(meta)["citation_abstract_html_url"]
    assert data["identifier"] == [
        {"@type": "PropertyValue", "propertyID": "arXiv", "value": fields["eprint"]}
    ]
    assert data["sameAs"] == page


def test_json_ld_cannot_be_closed_by_scraped_text() -> None:
    title = "A </script><script>alert(1)</script> <!-- & title"
    paper = Paper("x", title, "A", authors=("</SCRIPT>",), published=date(2024, 5, 2))
    block = json_ld(paper)
    # One element, as an HTML parser reads it, and the JSON inside gives the text back.
    scripts = BeautifulSoup(block, "html.parser").find_all("script")
    assert len(scripts) == 1
    inner = block[block.index(">") + 1 : -len("</script>")]
    assert "<" not in inner and ">" not in inner
    data = json.loads(scripts[0].string)
    assert data["name"] == title and data["author"][0]["name"] == "</SCRIPT>"
    assert data["datePublished"] == "2024-05-02"


@settings(max_examples=200)
@given(
    st.one_of(PARAGRAPHS, MARKUP).filter(str.strip),
    st.lists(st.one_of(PARAGRAPHS, MARKUP).filter(str.strip), max_size=3),
)
def test_any_title_and_authors_give_one_json_ld_element(title: str, authors: list[str]) -> None:
    block = json_ld(Paper("x", title, "A", authors=tuple(authors)), "https://example.org/x/")
    scripts = BeautifulSoup(block, "html.parser").find_all("script")
    assert len(scripts) == 1
    data = json.loads(scripts[0].string)
    assert [person["name"] for person in data.get("author", [])] == authors


def test_title_searches_are_url_encoded() -> None:
    searches = title_searches("Federated Learning with $k$-NN & Friends?\n  #1")
    arxiv = urlsplit(searches["arxiv"])
    assert (arxiv.scheme, arxiv.netloc, arxiv.path) == ("https", "arxiv.org", "/search/")
    assert parse_qs(arxiv.query) == {
        "query": ["Federated Learning with k-NN & Friends? #1"],
        "searchtype": ["title"],
    }
    scholar = urlsplit(searches["semantic_scholar"])
    assert (scholar.netloc, scholar.path) == ("www.semanticscholar.org", "/search")
    assert parse_qs(scholar.query) == {"q": ["Federated Learning with k-NN & Friends? #1"]}
    assert " " not in searches["arxiv"] + searches["semantic_scholar"]
