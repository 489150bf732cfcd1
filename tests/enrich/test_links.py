"""Links between papers: short names, mentions, wiki links and backlinks."""

from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.enrich.links import (
    AMBIGUOUS_NAMES,
    NameIndex,
    backlinks,
    outgoing_links,
    resolve_wiki_links,
    short_name,
)
from generator.model import Link, Paper, RelatedPaper

# ---------------------------------------------------------------- short names


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("LoFiT: Localized Fine-tuning on LLM Representations", "LoFiT"),
        ("ELECTRA: Pre-training Text Encoders as Discriminators", "ELECTRA"),
        ("FedD2S: Personalized Data-Free Federated Knowledge Distillation", "FedD2S"),
        ("Model soups: averaging weights of multiple fine-tuned models", "Model soups"),
        ("Know2Vec: A Black-Box Proxy", "Know2Vec"),
        ("“SugarCrepe”: a dataset", "SugarCrepe"),
        # no colon
        ("Pointer Networks", None),
        ("Matryoshka Representation Learning", None),
        # one word that a dictionary word could be
        ("Coarse-to-Fine: Learning Compact Discriminative Representation", None),
        ("Sugarcrepe: a dataset", None),
        # ambiguous or generic
        ("Yi: Open Foundation Models by 01.AI", None),
        ("GIST: Generating Image-Specific Text", None),
        ("POINTS: Improving Your Vision-language Model", None),
        ("Local or Global: Selective Knowledge Assimilation", None),
        ("Beyond LLaVA-HD: Diving into High-Resolution Models", None),
        ("Towards Open Worlds: A Benchmark", None),
        ("Rethinking Positive Pairs: Contrastive Learning", None),
        ("CLIP: Learning Transferable Visual Models", None),
        # too short, too long
        ("AB: short", None),
        ("A Very Long Name Here: subtitle", None),
        (": empty name", None),
    ],
)
def test_short_name(title: str, expected: str | None) -> None:
    assert short_name(title) == expected


def test_ambiguous_names_never_become_short_names() -> None:
    for name in AMBIGUOUS_NAMES:
        assert short_name(f"{name}: some subtitle") is None


# ---------------------------------------------------------------- mentions

PAPERS = {
    "lofit": Paper(
        "lofit", "LoFiT: Localized Fine-tuning on LLM Representations", "x", arxiv_id="2406.01563"
    ),
    "soups": Paper("soups", "Model soups: averaging weights", "x", arxiv_id="2203.05482"),
    "electra": Paper("electra", "ELECTRA: Pre-training Text Encoders", "x"),
    "pointer": Paper("pointer", "Pointer Networks", "x", arxiv_id="1506.03134"),
    "gist": Paper("gist", "GIST: Generating Image-Specific Text", "x"),
    "twin-a": Paper("twin-a", "Twin Name: first", "x"),
    "twin-b": Paper("twin-b", "Twin Name: second", "x"),
}


@pytest.fixture(scope="module")
def names() -> NameIndex:
    return NameIndex.build(PAPERS)


def found(index: NameIndex, text: str, skip: str = "") -> list[tuple[str, str]]:
    return [(m.text, m.target) for m in index.find(text, skip)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("We compare with LoFiT.", [("LoFiT", "lofit")]),
        ("We compare with lofit.", []),
        ("We compare with LOFIT.", []),
        ("(LoFiT) and ELECTRA", [("LoFiT", "lofit"), ("ELECTRA", "electra")]),
        ("LoFiTs are not LoFiT", [("LoFiT", "lofit")]),
        # Names are matched as the title writes them: a field's words in lower case are
        # usually ordinary text (bench/judgements/mentions.jsonl).
        ("Averaging with model soups helps", []),
        ("Averaging with Model  soups helps", [("Model  soups", "soups")]),
        ("Action Effect Modeling (LoFiT) is ours", []),
        ("Localized Fine-tuning on LLM Representations (LoFiT) helps", [("LoFiT", "lofit")]),
        ("we propose LoFiT, a method", []),
        ("Averaging with model, soups helps", []),
        ("the Model soups: a recipe", [("Model soups", "soups")]),
        (
            "see arXiv:2406.01563 and 1506.03134v2",
            [("2406.01563", "lofit"), ("1506.03134v2", "pointer")],
        ),
        ("version 12406.01563 is not an id", []),
        ("the GIST of it", []),
        ("Twin Name is shared by two papers", []),
        ("Pointer Networks are not named by a short name", []),
    ],
)
def test_name_index_find(names: NameIndex, text: str, expected: list[tuple[str, str]]) -> None:
    assert found(names, text) == expected


def test_mention_spans_are_the_text(names: NameIndex) -> None:
    text = "Unlike LoFiT, model soups (2203.05482) average weights."
    for mention in names.find(text):
        assert text[mention.start : mention.end] == mention.text


@pytest.mark.parametrize(
    "text",
    [
        "Code: https://github.com/someone/LoFiT",
        "Code: https://github.com/someone/LoFiT.",
        "See https://example.org/model soups",
    ],
)
def test_no_mentions_inside_urls(names: NameIndex, text: str) -> None:
    assert [m for m in names.find(text) if m.start >= text.index("http")] == []


def test_an_arxiv_url_refers_to_its_paper(names: NameIndex) -> None:
    text = "See https://arxiv.org/abs/2406.01563v2 for details"
    assert [m.target for m in names.find(text)] == [names.arxiv["2406.01563"]]


def test_a_paper_never_mentions_itself(names: NameIndex) -> None:
    text = "LoFiT improves on arXiv 2406.01563; ELECTRA too."
    assert found(names, text, skip="lofit") == [("ELECTRA", "electra")]


# ---------------------------------------------------------------- wiki links


def test_resolve_wiki_links() -> None:
    notes = (
        "Builds on [[pointer]] and [[ELECTRA: Pre-training Text Encoders]], "
        "see also [[ model soups averaging weights ]] and [[nothing-here]] and [[]]."
    )
    resolved, broken = resolve_wiki_links(notes, PAPERS)
    assert resolved == [
        ("pointer", "pointer"),
        ("ELECTRA: Pre-training Text Encoders", "electra"),
        ("model soups averaging weights", "soups"),
    ]
    assert broken == ["nothing-here"]


def test_wiki_links_do_not_span_lines() -> None:
    assert resolve_wiki_links("[[poin\nter]]", PAPERS) == ([], [])


# ---------------------------------------------------------------- outgoing and backlinks


def test_outgoing_links_one_per_target_and_kind(names: NameIndex) -> None:
    papers = {
        "lofit": PAPERS["lofit"],
        "electra": Paper(
            "electra",
            "ELECTRA: Pre-training Text Encoders",
            "Unlike LoFiT and LoFiT again, see 2406.01563.",
            notes="Compare [[lofit]] and [[electra]].",
        ),
    }
    index = NameIndex.build(papers)
    related = {"electra": (RelatedPaper("lofit", 0.5),), "lofit": (RelatedPaper("electra", 0.5),)}
    outgoing = outgoing_links(papers, related, index)
    assert outgoing["electra"] == (
        Link("electra", "lofit", "mention", "LoFiT"),
        Link("electra", "lofit", "contributor", "lofit"),
        Link("electra", "lofit", "related"),
    )
    assert outgoing["lofit"] == (Link("lofit", "electra", "related"),)


def test_backlinks_invert_and_order_by_kind_then_source() -> None:
    outgoing = {
        "z": (Link("z", "t", "related"), Link("z", "u", "mention", "U")),
        "a": (Link("a", "t", "related"),),
        "m": (Link("m", "t", "contributor", "t"), Link("m", "t", "mention", "T")),
        "lonely": (),
    }
    assert backlinks(outgoing) == {
        "t": (
            Link("m", "t", "mention", "T"),
            Link("m", "t", "contributor", "t"),
            Link("a", "t", "related"),
            Link("z", "t", "related"),
        ),
        "u": (Link("z", "u", "mention", "U"),),
    }


KINDS = ["mention", "contributor", "related"]
LINKS = st.lists(
    st.builds(
        Link,
        source=st.sampled_from("abcde"),
        target=st.sampled_from("abcde"),
        kind=st.sampled_from(KINDS),
    ),
    max_size=20,
)


@given(LINKS)
def test_backlinks_hold_exactly_the_outgoing_links(links: list[Link]) -> None:
    outgoing: dict[str, list[Link]] = {}
    for link in links:
        outgoing.setdefault(link.source, []).append(link)
    inverted = backlinks(outgoing)
    assert Counter(link for found in inverted.values() for link in found) == Counter(links)
    for target, found in inverted.items():
        assert all(link.target == target for link in found)
        keys = [(KINDS.index(link.kind), link.source) for link in found]
        assert keys == sorted(keys)
