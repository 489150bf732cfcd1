"""Hostile input takes time linear in its size: issue 16's quadratic cases stay linear.

Each test runs a step on an input and on one sixteen times larger: linear work takes
about 16 times as long, quadratic work 256 times. The bound (64) leaves room for a
loaded machine; the time itself is measured by bench/hostile_inputs.py, not here.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pytest

from generator import readers
from generator.config import Project
from generator.enrich import corpus
from generator.enrich.links import NameIndex
from generator.enrich.tagging import _without_urls
from generator.model import Paper, Tag
from generator.publish import exports
from generator.render.pages import Renderer
from generator.text.weblinks import clean_url, find_urls
from tests.conftest import FIXTURES

GROWTH = 16
MAX_RATIO = 64  # quadratic work grows 256-fold
ATTEMPTS = 3


def seconds(step: Callable[[], object]) -> float:
    """The fastest of three runs of ``step`` (the least disturbed by other work)."""
    best = float("inf")
    for _ in range(3):
        started = time.perf_counter()
        step()
        best = min(best, time.perf_counter() - started)
    return best


def assert_linear(run: Callable[[str], object], payload: Callable[[int], str], size: int) -> None:
    """Assert ``run`` on ``payload(size * GROWTH)`` takes at most MAX_RATIO times as long
    as on ``payload(size)``."""
    small, large = payload(size), payload(size * GROWTH)
    timings = []
    # A busy machine can stall one measurement; quadratic work fails every attempt.
    for _ in range(ATTEMPTS):
        base = seconds(lambda: run(small))
        grown = seconds(lambda: run(large))
        timings.append((base, grown))
        # 2 ms of slack: a tiny base time is mostly noise.
        if grown <= MAX_RATIO * max(base, 0.002):
            return
    raise AssertionError(f"not linear: (small, large) seconds per attempt {timings}")


def test_clean_url_is_linear_in_closing_brackets() -> None:
    assert_linear(clean_url, lambda n: "http://a.b/" + ")" * n, 20_000)


def test_finding_urls_followed_by_brackets_is_linear() -> None:
    assert_linear(find_urls, lambda n: "http://a.b/" + ")" * n, 20_000)


NAMED = {
    "lofit": Paper(slug="lofit", title="LoFiT: Localized Fine-Tuning", abstract="x"),
    "ref": Paper(slug="ref", title="Referenced", abstract="x", arxiv_id="2401.00001"),
}


@pytest.mark.parametrize(
    "shape",
    [
        "http://a.b/ word ",  # many URLs: each word was checked against every URL
        "LoFiT and 2401.00001 ",  # many mentions: each arXiv id against every mention
    ],
)
def test_finding_mentions_is_linear(shape: str) -> None:
    names = NameIndex.build(NAMED)
    assert_linear(lambda text: names._find(text, ""), lambda n: shape * (n // len(shape)), 4_000)


def renderer(
    abstract: str, tags: tuple[str, ...] = (), vocabulary: tuple[Tag, ...] = ()
) -> Renderer:
    papers = {
        **NAMED,
        "hostile": Paper(slug="hostile", title="Hostile", abstract=abstract, tags=tags),
    }
    built = corpus.link(corpus.tag(papers, vocabulary, {}))
    return Renderer(built, Project(root=Path(".")))


@pytest.mark.parametrize(
    "payload",
    [
        lambda n: "http://a.b/" + ")" * n,  # a URL and then closing brackets
        lambda n: "http://a.b/c " * (n // 13),  # many URLs
        lambda n: "$x^2$ " * (n // 6),  # many math spans
        lambda n: "LoFiT " * (n // 6),  # many mentions of a short name
    ],
    ids=["url-brackets", "many-urls", "many-math", "many-mentions"],
)
def test_an_abstract_page_is_linear_in_urls_math_and_mentions(
    payload: Callable[[int], str],
) -> None:
    def run(text: str) -> object:
        return renderer(text).abstract("hostile")

    assert_linear(run, payload, 4_000)


def test_blanking_the_urls_out_of_an_abstract_before_tagging_is_linear() -> None:
    assert_linear(_without_urls, lambda n: "see http://a.b/c and " * (n // 21), 20_000)


def test_co_tag_counting_is_linear_in_the_tags_of_a_paper() -> None:
    def run(count: str) -> object:
        vocabulary = tuple(Tag(f"t{i}", f"T{i}", "A tag.", ()) for i in range(int(count)))
        built = renderer("An abstract.", tuple(tag.id for tag in vocabulary), vocabulary).corpus
        return [built.co_tags(tag.id) for tag in vocabulary]

    assert_linear(run, str, 150)


def test_tag_pages_of_a_long_abstract_with_many_tags_are_linear() -> None:
    # Each tag page shows the paper's excerpt: read from the whole abstract, n tags of
    # an abstract of n lines cost n * n.
    def pages(count: int) -> tuple[Renderer, tuple[Tag, ...]]:
        vocabulary = tuple(Tag(f"t{i}", f"T{i}", "A tag.", ()) for i in range(count))
        abstract = "A long abstract of many words\n" * count * 1000
        return renderer(abstract, tuple(tag.id for tag in vocabulary), vocabulary), vocabulary

    small, large = pages(10), pages(10 * GROWTH)
    for built, _ in (small, large):
        built.prepare()
    base = seconds(lambda: [small[0].tag(tag.id) for tag in small[1]])
    grown = seconds(lambda: [large[0].tag(tag.id) for tag in large[1]])
    assert grown <= MAX_RATIO * max(base, 0.002), (base, grown)


def listing(name: str) -> str:
    return (FIXTURES / "raw" / name).read_text(encoding="utf-8")


HF_PAGE = "firefighter-eric_ai-wiki_raw_text_Hugging_Face_-_2026_-_Trending_Papers.EXCERPT.md"
DIGEST = "AtharvaDomale_Daily-HuggingFace-AI-Papers_README.md"
JEKYLL = (
    "shiyibihua_arxiv-daily_docs_cs-CL_2025-12-16_papers_250623979-tap-a-taxonomy-guided-"
    "framework-for-automated-and-scalable-preference-.md"
)


@pytest.mark.parametrize(
    ("layout", "shape", "where"),
    [
        (HF_PAGE, "### [a\n", "start"),  # card detection: headings never closed
        (HF_PAGE, "[GitHub", "end"),  # the [GitHub scan
        (HF_PAGE, "[图片：", "end"),
        (HF_PAGE, "[arXiv Page](x", "end"),
        (DIGEST, "<details", "start"),  # <details> detection
        (DIGEST, "[a](x", "end"),  # <details> links
        (DIGEST, "<", "end"),
        (DIGEST, "<!--", "end"),
        (JEKYLL, " #", "heading"),  # the Jekyll heading
        (JEKYLL, " ", "title"),  # a run of blanks inside a value
    ],
)
def test_readers_are_linear_in_hostile_text(layout: str, shape: str, where: str) -> None:
    text = listing(layout)

    def payload(size: int) -> str:
        hostile = shape * (size // len(shape))
        if where == "start":
            return hostile + "\n\n" + text
        if where == "heading":
            return text.replace("\n# ", "\n# " + hostile + "x ", 1)
        if where == "title":
            return text.replace("\ntitle:", "\ntitle: a" + hostile + "b", 1)
        return text + "\n" + hostile

    def run(text: str) -> object:
        return readers.detect_reader(text, layout).read(text, layout, None)

    assert_linear(run, payload, 4_000)


def test_feeds_of_a_long_abstract_with_many_tags_stay_small() -> None:
    def run(count: str) -> object:
        vocabulary = tuple(Tag(f"t{i}", f"T{i}", "A tag.", ()) for i in range(int(count)))
        built = renderer("word " * 200_000, tuple(t.id for t in vocabulary), vocabulary).corpus
        files = exports.export_files(built, Project(root=Path(".")), built.used_tags())
        assert sum(map(len, files.values())) < 20_000 * len(vocabulary) + 5_000_000
        return files

    assert_linear(run, str, 20)
