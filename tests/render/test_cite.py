"""Citing a paper: BibTeX that parses, keys that are unique and stable, Highwire tags."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import bibtexparser
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.model import Paper
from generator.render.cite import bibtex, citation_keys, highwire_meta, paper_year, tex_text
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


def test_paper_without_arxiv_id_cites_the_page() -> None:
    paper = Paper("x", "A Title", "Text.", listed=(date(2025, 3, 11),))
    fields = parse_one(bibtex(paper, "anon2025title", "https://example.org/papers/x/"))
    assert fields["url"] == "https://example.org/papers/x/"
    assert "eprint" not in fields and "author" not in fields
    assert fields["year"] == "2025"


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
        (Paper("x", "T", "A", listed=(date(2025, 3, 11),)), 2025),
        (Paper("x", "T", "A"), None),
    ],
)
def test_year_from_publication_arxiv_id_or_listing(paper: Paper, year: int | None) -> None:
    assert paper_year(paper) == year


def test_keys_are_unique_and_earlier_papers_keep_theirs() -> None:
    papers = {p.slug: p for p in READER_PAPERS}
    keys = citation_keys(papers)
    assert keys["pointer-networks"] == "vinyals2015pointer"
    # Same surname, year and first word, listed later: the next letter.
    assert keys["pointer-networks-revisited"] == "vinyals2015pointerb"
    assert keys["nabla2dft"] == "khrabrov2024dft"
    assert keys["federated-learning-with-k-nn-clients"] == "anon2025federated"
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
        ("citation_online_date", "2025/03/10"),
        ("citation_arxiv_id", "1506.03134"),
        ("citation_pdf_url", "https://arxiv.org/pdf/1506.03134"),
        ("citation_abstract_html_url", "https://arxiv.org/abs/1506.03134"),
    ]


def test_highwire_title_is_plain_text() -> None:
    assert dict(highwire_meta(READER_PAPERS[2]))["citation_title"] == (
        "∇²DFT: A Universal Quantum Chemistry Dataset"
    )
