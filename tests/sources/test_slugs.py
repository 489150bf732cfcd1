"""Slugs: the permanent URL of a paper, chosen once from its title."""

from __future__ import annotations

import hashlib
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.sources.slugs import MAX_SLUG_LENGTH, base_slug, paper_slug, tag_slug

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        (
            "LoFiT: Localized Fine-tuning on LLM Representations",
            "lofit-localized-fine-tuning-on-llm-representations",
        ),
        ("Yi: Open Foundation Models by 01.AI", "yi-open-foundation-models-by-01-ai"),
        ("Pointer Networks", "pointer-networks"),
        ("Café au lait", "cafe-au-lait"),
        ("  Hello,   World!  ", "hello-world"),
        ("α-β Networks", "a-b-networks"),
        ("C++ for ML", "c-for-ml"),
        ("100% Sure", "100-sure"),
        ("GPT-4o & “Friends”", "gpt-4o-friends"),
        ("Ünïcödé", "unicode"),
        ("<script>alert(1)</script>", "script-alert-1-script"),
        ("🚀🔥", ""),
        ("!!! ???", ""),
    ],
)
def test_base_slug(title: str, expected: str) -> None:
    assert base_slug(title) == expected


@pytest.mark.parametrize(
    ("name", "expected"), [("LLM", "llm"), ("Vision & Language", "vision-language")]
)
def test_tag_slug(name: str, expected: str) -> None:
    assert tag_slug(name) == expected


def test_no_clash_gives_the_base_slug() -> None:
    assert paper_slug("Pointer Networks", {"other"}) == "pointer-networks"
    assert paper_slug("Pointer Networks", set(), "1506.03134") == "pointer-networks"


def test_clash_prefers_the_arxiv_id() -> None:
    assert paper_slug("Pointer Networks", {"pointer-networks"}, "1506.03134") == (
        "pointer-networks-1506-03134"
    )


def test_clash_without_arxiv_id_gets_a_hash_of_the_title() -> None:
    title = "Pointer Networks"
    assert paper_slug(title, {"pointer-networks"}) == f"pointer-networks-{sha(title)[:6]}"


def test_clashes_get_distinct_deterministic_suffixes() -> None:
    def run() -> list[str]:
        taken: set[str] = set()
        slugs = []
        for _ in range(8):
            slug = paper_slug("Pointer Networks", taken)
            taken.add(slug)
            slugs.append(slug)
        return slugs

    first = run()
    assert len(set(first)) == 8
    assert first == run()
    assert first[0] == "pointer-networks"
    assert all(slug.startswith("pointer-networks-") for slug in first[1:])
    assert all(SLUG.match(slug) for slug in first)


def test_same_title_different_arxiv_ids_do_not_clash() -> None:
    taken = {"pointer-networks"}
    a = paper_slug("Pointer Networks", taken, "1506.03134")
    b = paper_slug("Pointer Networks", taken | {a}, "2001.00001")
    assert a != b
    assert b == "pointer-networks-2001-00001"


@pytest.mark.parametrize("title", ["🚀🔥", "!!! ???", "∑∏", "   "])
def test_title_without_slug_characters_falls_back_to_the_arxiv_id(title: str) -> None:
    assert paper_slug(title, set(), "2401.12345") == "arxiv-2401-12345"


@pytest.mark.parametrize("title", ["🚀🔥", "!!! ???", "∑∏"])
def test_title_without_slug_characters_and_arxiv_id_falls_back_to_a_hash(title: str) -> None:
    assert paper_slug(title, set()) == f"paper-{sha(title)[:8]}"


def test_different_emoji_titles_get_different_slugs() -> None:
    assert paper_slug("🚀", set()) != paper_slug("🔥", set())


def test_long_titles_are_cut_at_a_word_boundary() -> None:
    title = " ".join(f"word{i}" for i in range(40))
    full = "-".join(f"word{i}" for i in range(40))
    slug = paper_slug(title, set())
    assert len(slug) <= MAX_SLUG_LENGTH
    assert full.startswith(slug + "-")


def test_a_single_overlong_word_is_cut_to_the_cap() -> None:
    assert base_slug("x" * 200) == "x" * MAX_SLUG_LENGTH


@given(
    st.text(max_size=120),
    st.one_of(st.none(), st.from_regex(r"\A\d{4}\.\d{4,5}\Z")),
    st.integers(min_value=1, max_value=12),
)
def test_repeated_titles_always_get_new_valid_slugs(
    title: str, arxiv_id: str | None, count: int
) -> None:
    taken: set[str] = set()
    for _ in range(count):
        slug = paper_slug(title, taken, arxiv_id)
        assert slug not in taken
        assert SLUG.match(slug), slug
        assert slug == paper_slug(title, frozenset(taken), arxiv_id)
        assert len(slug) <= MAX_SLUG_LENGTH, slug
        taken.add(slug)
    assert len(paper_slug(title, set(), arxiv_id)) <= MAX_SLUG_LENGTH


@pytest.mark.parametrize("arxiv_id", [None, "2405.17258"])
def test_a_uniqueness_suffix_keeps_the_slug_within_the_length_cap(arxiv_id: str | None) -> None:
    title = " ".join(f"word{i}" for i in range(40))
    first = paper_slug(title, set(), arxiv_id)
    taken = {first}
    for _ in range(5):
        slug = paper_slug(title, taken, arxiv_id)
        assert len(slug) <= MAX_SLUG_LENGTH and SLUG.match(slug), slug
        # The title part is cut at a word boundary, before the suffix.
        assert slug.startswith("word0-word1-") and "-word" in slug
        taken.add(slug)
    assert len(taken) == 6


@pytest.mark.parametrize("title", ["Index", "index", "INDEX!"])
def test_index_is_never_a_paper_slug(title: str) -> None:
    slug = paper_slug(title, set())
    assert slug != "index" and slug.startswith("index-")


def test_tex_text_macros_are_their_text_in_the_slug() -> None:
    title = r"\textsc{AIEV-Instruct}: Code with $\mathrm{LLM}$ \emph{Agents}"
    assert paper_slug(title, set()) == "aiev-instruct-code-with-llm-agents"
