"""Tagging: the vocabulary's phrases -> tags per paper, with the phrase as the reason."""

from __future__ import annotations

import re

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from generator.enrich.tagging import (
    CONTRIBUTOR_REASON,
    Matcher,
    count_matches,
    is_case_exact,
    phrase_pattern,
    tag_paper,
    tag_papers,
)
from generator.model import Paper, Tag, TagAssignment

VOCABULARY = (
    Tag("federated", "Federated learning", "d", ("federated learning", "FL")),
    Tag("llm", "LLMs", "d", ("large language model", "LLM", "language model")),
    Tag("moe", "Mixture of experts", "d", ("mixture of experts", "MoE")),
    Tag("vlm", "Vision-language", "d", ("vision-language model",)),
    Tag("llava", "LLaVA", "d", ("LLaVA",)),
    Tag("empty", "No phrases", "d", ()),
)


def paper(title: str = "A Title", abstract: str = "An abstract.", **fields: object) -> Paper:
    return Paper(slug="p", title=title, abstract=abstract, **fields)  # type: ignore[arg-type]


def matches(phrase: str, text: str) -> bool:
    return re.search(phrase_pattern(phrase), text) is not None


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("FL", True),
        ("MoE", True),
        ("LLaVA", True),
        ("3D", True),
        ("Q-Former", True),
        ("federated learning", False),
        ("Transformer", False),
        ("A", False),
        ("", False),
    ],
)
def test_is_case_exact(phrase: str, expected: bool) -> None:
    assert is_case_exact(phrase) is expected


@pytest.mark.parametrize(
    ("phrase", "text", "expected"),
    [
        # word boundaries
        ("FL", "trained with FL on phones", True),
        ("FL", "FL.", True),
        ("FL", "(FL)", True),
        ("FL", "FLOPs are counted", False),
        ("FL", "personalised pFL", False),
        ("FL", "FL_2", False),
        ("graph", "paragraph", False),
        ("graph", "graphene", False),
        # acronyms are case-exact, other phrases ignore case
        ("FL", "fl", False),
        ("FL", "Fl", False),
        ("LLaVA", "llava", False),
        ("LLaVA", "LLAVA", False),
        ("MoE", "moe", False),
        ("federated learning", "Federated Learning", True),
        ("federated learning", "FEDERATED LEARNING", True),
        ("Transformer", "a transformer", True),
        # a space or hyphen matches any run of spaces and hyphens
        ("federated learning", "federated-learning", True),
        ("federated learning", "federated  -  learning", True),
        ("federated learning", "federated\nlearning", True),
        ("vision-language model", "vision language model", True),
        ("vision-language model", "Vision-Language-Model", True),
        ("vision-language model", "visionlanguage model", False),
        ("federated learning", "federated_learning", False),
        # plurals: s/es for words, s for acronyms
        ("language model", "language models", True),
        ("mixture of experts", "mixtures of experts", False),
        ("patch", "patches", True),
        ("LLM", "LLMs", True),
        ("LLM", "LLMes", False),
        ("MoE", "MoEs", True),
        ("language model", "language modeling", False),
        ("language model", "language modelss", False),
        # punctuation in a phrase is literal
        ("C++", "written in c++ code", True),
        ("C++", "written in C code", False),
        ("k-NN", "a k-NN classifier", True),
        ("k-NN", "a k NN classifier", True),
        ("k-NN", "a k-nn classifier", False),
    ],
)
def test_phrase_pattern(phrase: str, text: str, expected: bool) -> None:
    assert matches(phrase, text) is expected


@pytest.mark.parametrize("phrase", ["", " ", "-", "--", "..."])
def test_a_phrase_without_words_matches_nothing(phrase: str) -> None:
    """A blank or punctuation-only phrase in tags.yml must not tag every paper."""
    matcher = Matcher.compile([Tag("t", "T", "d", (phrase,))], min_mentions=1)
    assert matcher.match("Some title\nAn abstract (with parentheses) - and dashes.") == []


def test_the_reason_is_the_phrase_that_matched() -> None:
    matcher = Matcher.compile(VOCABULARY, min_mentions=1)
    found = matcher.match("We train a large language model with FL on a MoE.")
    assert found == [
        TagAssignment("federated", "FL"),
        TagAssignment("llm", "large language model"),
        TagAssignment("moe", "MoE"),
    ]


def test_the_longest_phrase_at_a_position_is_the_reason() -> None:
    matcher = Matcher.compile(
        [Tag("llm", "LLM", "d", ("language model", "large language model"))], min_mentions=1
    )
    assert matcher.match("a large language model") == [TagAssignment("llm", "large language model")]


def test_tags_come_in_vocabulary_order_once_each() -> None:
    matcher = Matcher.compile(VOCABULARY, min_mentions=1)
    found = matcher.match("LLaVA LLaVA, an LLM, a vision-language model; FL and FL again")
    assert [a.tag for a in found] == ["federated", "llm", "vlm", "llava"]


def test_no_phrase_no_tag() -> None:
    assert Matcher.compile(VOCABULARY).match("Nothing relevant here.") == []
    assert Matcher.compile(()).match("LLM") == []


def test_title_and_abstract_are_both_searched() -> None:
    matcher = Matcher.compile(VOCABULARY, min_mentions=1)
    assert [a.tag for a in tag_paper(paper(title="MoE layers"), matcher)] == ["moe"]
    assert [a.tag for a in tag_paper(paper(abstract="Uses an LLM."), matcher)] == ["llm"]


def test_a_phrase_does_not_match_across_title_and_abstract() -> None:
    matcher = Matcher.compile([Tag("fl", "FL", "d", ("federated learning",))], min_mentions=1)
    # The title ends with "federated", the abstract starts with "learning": separate texts.
    assert tag_paper(paper(title="Towards federated", abstract="learning."), matcher) == ()


def test_not_tags_suppress_automatic_tags() -> None:
    matcher = Matcher.compile(VOCABULARY, min_mentions=1)
    found = tag_paper(paper(abstract="An LLM with MoE.", not_tags=("llm",)), matcher)
    assert found == (TagAssignment("moe", "MoE"),)


def test_contributor_tags_come_after_automatic_ones() -> None:
    matcher = Matcher.compile(VOCABULARY, min_mentions=1)
    found = tag_paper(paper(abstract="An LLM.", tags=("vlm", "vlm", "llm", "unknown")), matcher)
    assert found == (
        TagAssignment("llm", "LLM"),
        TagAssignment("vlm", CONTRIBUTOR_REASON, by_contributor=True),
    )


def test_a_contributor_can_re_add_a_suppressed_tag_by_hand() -> None:
    matcher = Matcher.compile(VOCABULARY, min_mentions=1)
    found = tag_paper(paper(abstract="An LLM.", tags=("llm",), not_tags=("llm",)), matcher)
    assert found == (TagAssignment("llm", CONTRIBUTOR_REASON, by_contributor=True),)


def test_tag_papers_tags_every_paper_by_slug() -> None:
    papers = {
        "a": Paper("a", "Federated learning at scale", "x"),
        "b": Paper("b", "Nothing", "y"),
    }
    assert tag_papers(papers, VOCABULARY) == {
        "a": (TagAssignment("federated", "federated learning"),),
        "b": (),
    }


WORDS = st.text(st.characters(categories=("Ll", "Lu")), min_size=1, max_size=8)


@given(st.lists(WORDS, min_size=1, max_size=3), st.text(max_size=20), st.text(max_size=20))
def test_a_phrase_always_matches_itself_between_spaces(
    words: list[str], before: str, after: str
) -> None:
    phrase = " ".join(words)
    assert matches(phrase, f"{before} {phrase} {after}")
    assert matches(phrase, f"{before} {'-'.join(words)} {after}")
    matcher = Matcher.compile([Tag("t", "T", "d", (phrase,))], min_mentions=1)
    assert matcher.match(f"{before} {phrase} {after}") == [TagAssignment("t", phrase)]


# Text built from the phrase's own pieces, word characters and separators, so that
# overlapping, glued and rejected matches are common, not rare.
PIECES = st.sampled_from(
    ["a", "ab", "Ab", "AB", "b", "s", "es", "_", "1", "é", " ", "-", "  ", "."]
)


@given(
    st.lists(st.sampled_from(["ab", "Ab", "b", "ab-ab", "b ab", "ABs"]), min_size=1, max_size=2),
    st.lists(PIECES, max_size=30),
)
# A match the lookbehind rejects ("aab ab") hides a good one starting inside it.
@example(["ab", "ab"], ["a", "ab", " ", "ab", " ", "ab"])
def test_count_matches_counts_as_findall_of_the_full_pattern(
    words: list[str], pieces: list[str]
) -> None:
    phrase, text = " ".join(words), "".join(pieces)
    core = re.compile(phrase_pattern(phrase).removeprefix(r"(?<!\w)"))
    expected = len(re.findall(phrase_pattern(phrase), text))
    assert count_matches(core, text) == expected
    assert count_matches(core, text, limit=1) == min(expected, 1)


# ---------------------------------------------------------------- salience


SALIENCE = [Tag("rl", "RL", "d", ("reinforcement learning", "RL"))]


@pytest.mark.parametrize(
    ("title", "abstract", "expected"),
    [
        # Named once in passing: not what the paper is about.
        ("A Vision Model", "Unlike reinforcement learning, we fit images.", []),
        # In the title: enough on its own.
        ("Reinforcement Learning for Cats", "We study cats.", ["rl"]),
        # Twice in the abstract, by any of the tag's phrases.
        ("A Method", "We use reinforcement learning. Our RL agent wins.", ["rl"]),
        ("A Method", "RL here and RL there.", ["rl"]),
    ],
)
def test_a_tag_needs_the_title_or_two_mentions(
    title: str, abstract: str, expected: list[str]
) -> None:
    matcher = Matcher.compile(SALIENCE)
    assert [a.tag for a in tag_paper(paper(title=title, abstract=abstract), matcher)] == expected
