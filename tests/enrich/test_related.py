"""Related papers: TF-IDF similarity, deterministic order, reciprocal neighbours."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.enrich import related
from generator.enrich.related import MAX_WITH_RECIPROCAL, related_papers
from generator.model import Paper, RelatedPaper, TagAssignment

TEXTS = {
    "g1": ("Graph molecule networks", "Node and edge features of molecule graphs."),
    "g2": ("Molecule graph transformers", "Edge aware node embeddings for molecule graphs."),
    "g3": ("Graph node clustering", "Node clustering on citation graph edges."),
    "a1": ("Speech audio separation", "Speaker separation from the audio waveform."),
    "a2": ("Audio waveform synthesis", "Speech synthesis of a speaker waveform."),
    "r1": ("Robot grasp planning", "Gripper manipulation for robot grasps."),
    "r2": ("Robot manipulation control", "Grasp and gripper control of a robot."),
    "d1": ("Diffusion denoising sampler", "Noise schedules for diffusion denoising."),
    "d2": ("Fast diffusion sampler", "Denoising noise with a fast diffusion sampler."),
    "lonely": ("Quantum cryptography protocols", "Lattice ciphers and quantum keys."),
}
TOPIC = {slug: slug.rstrip("0123456789") for slug in TEXTS}
PAPERS = {slug: Paper(slug, title, abstract) for slug, (title, abstract) in TEXTS.items()}


def slugs(found: tuple[RelatedPaper, ...]) -> list[str]:
    return [item.slug for item in found]


@pytest.fixture(scope="module")
def result() -> dict[str, tuple[RelatedPaper, ...]]:
    return related_papers(PAPERS, {})


def test_every_paper_gets_an_entry(result: dict[str, tuple[RelatedPaper, ...]]) -> None:
    assert sorted(result) == sorted(PAPERS)


def test_papers_relate_within_their_topic(result: dict[str, tuple[RelatedPaper, ...]]) -> None:
    for slug, found in result.items():
        expected = {other for other in PAPERS if TOPIC[other] == TOPIC[slug] and other != slug}
        assert set(slugs(found)) == expected, slug
    assert result["lonely"] == ()


def test_most_similar_first_ties_by_slug(result: dict[str, tuple[RelatedPaper, ...]]) -> None:
    for found in result.values():
        keys = [(-item.score, item.slug) for item in found]
        assert keys == sorted(keys)
        assert all(0 < item.score <= 1.0 + 1e-6 for item in found)


def test_more_shared_words_rank_higher(result: dict[str, tuple[RelatedPaper, ...]]) -> None:
    # g2 shares "molecule" with g1 as well as graph/node/edge; g3 does not.
    assert slugs(result["g1"]) == ["g2", "g3"]
    assert result["g1"][0].score > result["g1"][1].score


def test_shared_terms_are_in_both_papers(result: dict[str, tuple[RelatedPaper, ...]]) -> None:
    for slug, found in result.items():
        for item in found:
            assert item.terms
            for term in item.terms:
                assert term in " ".join(TEXTS[slug]).lower()
                assert term in " ".join(TEXTS[item.slug]).lower()


def test_deterministic_whatever_the_input_order() -> None:
    first = related_papers(PAPERS, {})
    backwards = related_papers(dict(reversed(list(PAPERS.items()))), {})
    assert first == backwards == related_papers(PAPERS, {})


def test_equal_scores_are_ordered_by_slug() -> None:
    papers = dict(PAPERS)
    for slug in ["twin-c", "twin-a", "twin-d", "twin-b"]:
        papers[slug] = Paper(slug, "Volcano eruption forecasting", "Magma and lava flows.")
    found = related_papers(papers, {})
    assert slugs(found["twin-b"]) == ["twin-a", "twin-c", "twin-d"]
    assert len({item.score for item in found["twin-b"]}) == 1


def test_ties_beyond_the_candidate_cut_still_go_to_the_smallest_slug() -> None:
    papers = dict(PAPERS)
    for letter in "hgfedcba":
        slug = f"twin-{letter}"
        papers[slug] = Paper(slug, "Volcano eruption forecasting", "Magma and lava flows.")
    found = related_papers(papers, {}, top_k=1)
    assert slugs(found["twin-h"])[0] == "twin-a"
    assert slugs(found["twin-a"])[0] == "twin-b"


def test_a_higher_threshold_gives_fewer(result: dict[str, tuple[RelatedPaper, ...]]) -> None:
    strict = related_papers(PAPERS, {}, min_similarity=0.3)
    assert sum(map(len, strict.values())) < sum(map(len, result.values()))
    for slug, found in strict.items():
        assert set(slugs(found)) <= set(slugs(result[slug]))
        assert all(item.score >= 0.3 for item in found)
    nothing = related_papers(PAPERS, {}, min_similarity=1.01)
    assert all(found == () for found in nothing.values())


def test_top_k_limits_the_list_before_reciprocal_entries() -> None:
    one = related_papers(PAPERS, {}, top_k=1)
    for slug, found in one.items():
        own = [item for item in found if slug not in slugs(one[item.slug])]
        assert len(own) <= 1
        assert len(found) <= MAX_WITH_RECIPROCAL


def test_shared_tags_add_a_bonus_and_are_named(
    result: dict[str, tuple[RelatedPaper, ...]],
) -> None:
    tags = {
        "g1": (TagAssignment("graphs", "graph"),),
        "g3": (TagAssignment("graphs", "graph"), TagAssignment("other", "x")),
    }
    tagged = related_papers(PAPERS, tags)
    before = {item.slug: item for item in result["g1"]}
    after = {item.slug: item for item in tagged["g1"]}
    assert after["g3"].tags == ("graphs",)
    assert after["g3"].score == pytest.approx(before["g3"].score + related.TAG_BONUS / 2, abs=2e-6)
    assert after["g2"] == before["g2"]


def test_chunking_does_not_change_the_result(
    monkeypatch: pytest.MonkeyPatch, result: dict[str, tuple[RelatedPaper, ...]]
) -> None:
    monkeypatch.setattr(related, "CHUNK_ROWS", 3)
    assert related_papers(PAPERS, {}) == result


@pytest.mark.parametrize("count", [0, 1])
def test_fewer_than_two_papers(count: int) -> None:
    papers = dict(list(PAPERS.items())[:count])
    assert related_papers(papers, {}) == {slug: () for slug in papers}


@pytest.mark.parametrize(
    "texts",
    [
        # Every word is in both papers: TF-IDF's max_df prunes the whole vocabulary.
        {"a": ("Graph networks", "Deep graph networks."), "b": ("Networks graph", "Graph deep.")},
        # No indexable word at all (numbers and stop words only).
        {"a": ("2024", "It is 42."), "b": ("1999", "We are the 7.")},
    ],
)
def test_a_corpus_without_usable_words_does_not_crash(texts: dict[str, tuple[str, str]]) -> None:
    papers = {slug: Paper(slug, title, abstract) for slug, (title, abstract) in texts.items()}
    found = related_papers(papers, {})
    assert sorted(found) == sorted(papers)


WORDS = [
    "graph",
    "audio",
    "robot",
    "diffusion",
    "token",
    "vision",
    "kernel",
    "privacy",
    "quantum",
    "protein",
    "galaxy",
    "market",
    "weather",
    "music",
    "chess",
    "traffic",
]


@st.composite
def corpora(draw: st.DrawFn) -> dict[str, Paper]:
    count = draw(st.integers(min_value=2, max_value=10))
    papers = {}
    for index in range(count):
        slug = draw(st.sampled_from("abcdefghijklmnop").filter(lambda s: s not in papers))
        words = draw(st.lists(st.sampled_from(WORDS), min_size=1, max_size=8))
        # A word of its own keeps the vocabulary from being pruned away entirely.
        unique = "zq" + "abcdefghijklmnop"[index] + "x"
        papers[slug] = Paper(slug, f"{unique} {words[0]}", " ".join(words))
    return papers


@settings(max_examples=60, deadline=None)
@given(corpora(), st.integers(min_value=1, max_value=5))
def test_related_invariants(papers: dict[str, Paper], top_k: int) -> None:
    found = related_papers(papers, {}, top_k=top_k)
    assert sorted(found) == sorted(papers)
    assert found == related_papers(dict(reversed(list(papers.items()))), {}, top_k=top_k)
    for slug, items in found.items():
        assert slug not in slugs(items)
        assert len(set(slugs(items))) == len(items)
        assert len(items) <= MAX_WITH_RECIPROCAL
        keys = [(-item.score, item.slug) for item in items]
        assert keys == sorted(keys)
        if items:
            nearest = items[0].slug
            assert slug in slugs(found[nearest]), (slug, nearest)
