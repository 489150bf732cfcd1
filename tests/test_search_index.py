"""The prebuilt search index: lunr-compatible terms, shards that partition the terms,
and in a browser, queries that load only the shards they need."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from lunr import lunr
from lunr.builder import Builder
from lunr.stemmer import stemmer

from generator import pipeline, search, slugs
from generator.config import Project
from generator.corpus import Corpus, enrich
from generator.search import SearchDocument
from generator.slugs import paper_slug
from tests.conftest import copy_project

DOCS = [
    SearchDocument(
        location=f"papers/p{n}/",
        title=title,
        text=abstract,
        name=title.split(":")[0] if ":" in title else "",
        arxiv=f"2401.{n:05d}",
        authors=(f"Author{n} Family",),
        tags=("Diffusion models",) if "diffusion" in abstract else (),
        abstract=abstract,
    )
    for n, (title, abstract) in enumerate(
        [
            ("DiffuseX: Fast Sampling", "We study diffusion sampling with fewer steps."),
            ("Pointer Networks", "A sequence model whose outputs point at its inputs."),
            ("Zebra: Striped Attention", "Attention over stripes, zebra-like, for long contexts."),
            ("Über Models", "Models that are über large; diffusion transformers at scale."),
        ]
    )
]


def files_of(docs: list[SearchDocument]) -> dict[str, object]:
    return {path: json.loads(text) for path, text in search.search_files(docs).items()}


def test_terms_are_lunr_terms() -> None:
    # lunr.py's own pipeline on the same words (ASCII words: lunr.py's trimmer is
    # Unicode-aware where lunr.js's is not, which search.terms follows).
    text = "The Transformers are running quickly, generating well-formed sequences!"
    index = lunr(ref="id", fields=["body"], documents=[{"id": "1", "body": text}])
    assert sorted(set(search.terms(text))) == sorted(index.inverted_index)


def test_every_term_is_in_exactly_the_shard_the_manifest_points_to() -> None:
    files = files_of(DOCS)
    manifest = files["papersite-search/manifest.json"]
    assert isinstance(manifest, dict)
    firsts = manifest["shards"]
    assert firsts == sorted(firsts) and len(set(firsts)) == len(firsts)
    seen: list[str] = []
    for number, first in enumerate(firsts):
        shard = files[f"papersite-search/shards/{number}.json"]
        assert isinstance(shard, dict)
        terms = [term for term, _ in shard["terms"]]
        assert terms and terms[0] == first and terms == sorted(terms)
        if number + 1 < len(firsts):
            assert terms[-1] < firsts[number + 1]
        seen += terms
    everything = {t for doc in DOCS for t in search.terms(f"{doc.title} {doc.abstract}")}
    assert everything <= set(seen) and len(seen) == len(set(seen))


def test_postings_keep_lunr_scores() -> None:
    """Each (term, field, document) of lunr.py's index is in the shards with its score."""
    index = search._build_index(DOCS)
    expected = {}
    for field_ref, vector in index.field_vectors.items():
        field, ref = field_ref.split("/", 1)
        by_index = {p["_index"]: t for t, p in index.inverted_index.items()}
        elements = vector.elements
        for i in range(0, len(elements), 2):
            expected[(by_index[elements[i]], field, ref)] = round(elements[i + 1], 2)
    files = files_of(DOCS)
    found = {}
    for path, data in files.items():
        if "/shards/" in path:
            assert isinstance(data, dict)
            for term, postings in data["terms"]:
                for field_number, *pairs in postings:
                    for ref, score in zip(pairs[::2], pairs[1::2], strict=True):
                        found[(term, data["fields"][field_number], ref)] = score
    assert found == expected


def _index_of(builder: Builder, docs: list[dict[str, Any]]) -> tuple[Any, Any]:
    builder.ref("ref")
    for name, boost in search.FIELDS:
        builder.field(name, boost=boost)
    builder.b(0)
    for doc in docs:
        builder.add(doc)
    index = builder.build()
    vectors = {ref: vector.elements for ref, vector in index.field_vectors.items()}
    return index.inverted_index, vectors


_TERM_LISTS = st.lists(st.sampled_from(["model", "diffus", "zebra", "@hanjiang", "2401.1"]))


@given(
    st.lists(
        st.fixed_dictionaries({name: _TERM_LISTS for name, _ in search.FIELDS}),
        min_size=1,
        max_size=12,
    )
)
def test_the_analysed_builder_makes_lunrs_index(fields: list[dict[str, list[str]]]) -> None:
    """Same inverted index and field vectors (BM25 scores) as lunr.py's own Builder."""
    docs = [{"ref": search.ref(n), **doc} for n, doc in enumerate(fields)]
    assert _index_of(search.AnalysedBuilder(), docs) == _index_of(Builder(), docs)


def test_the_analysed_builder_refuses_a_pipeline() -> None:
    builder = search.AnalysedBuilder()
    builder.pipeline.add(stemmer)
    with pytest.raises(ValueError, match="analysed terms"):
        _index_of(builder, [{"ref": "0", **{name: ["model"] for name, _ in search.FIELDS}}])


def test_documents_are_chunked_in_ref_order() -> None:
    files = files_of(DOCS)
    chunk = files["papersite-search/docs/0.json"]
    assert isinstance(chunk, list)
    assert [row[0] for row in chunk] == [doc.location for doc in DOCS]
    assert chunk[1][1] == "Pointer Networks"


def test_titles_cover_every_document_in_ref_order(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(search, "TITLES", 2)
    files = files_of(DOCS)
    manifest = files["papersite-search/manifest.json"]
    assert isinstance(manifest, dict) and manifest["titles"] == 2
    parts = [files[f"papersite-search/titles/{n}.json"] for n in range(-(-len(DOCS) // 2))]
    rows = [row for part in parts for row in part]
    tags = manifest["tags"]
    assert [(location_of(row[0], row[1]), row[1], [tags[n] for n in row[2]]) for row in rows] == [
        (doc.location, doc.title, list(doc.tags)) for doc in DOCS
    ]
    assert f"papersite-search/titles/{len(parts)}.json" not in files


def location_of(place: Any, title: str) -> str:
    """The reading of a titles file's place that the search worker's locationOf does."""
    if isinstance(place, str):
        return place
    shared, rest = (place, "") if isinstance(place, int) else place
    simple = re.sub(r"[^a-z0-9]+", "-", re.sub(r"[A-Z]", lambda m: m[0].lower(), title))
    return f"papers/{simple.strip('-')[:shared]}{rest}/"


@given(st.text(), st.sets(st.sampled_from(["a", "a-b", "x-2401-00001", "paper"])))
def test_a_place_gives_back_the_papers_location(title: str, taken: set[str]) -> None:
    """Whatever the title (non-ASCII, emoji, clashes), the place leads to the slug."""
    for arxiv_id in (None, "2401.00001"):
        location = f"papers/{paper_slug(title, taken, arxiv_id)}/"
        assert location_of(search.place(location, title), title) == location


def test_a_paper_slug_made_from_its_title_is_a_number() -> None:
    title = "LoRA: Low-Rank Adaptation of Large Language Models"
    assert search.place(f"papers/{slugs.base_slug(title)}/", title) == len(slugs.base_slug(title))
    assert search.place("tags/diffusion/", "Tag: Diffusion") == "tags/diffusion/"


@given(st.integers(min_value=0, max_value=10**9))
def test_refs_are_base_36(number: int) -> None:
    assert int(search.ref(number), 36) == number


def test_an_abstract_is_indexed_by_its_rarest_terms() -> None:
    texts = [["common", "rare1", "common"], ["common", "rare2"], ["common", "other"]]
    kept = search._rarest_terms(texts, keep=1)
    assert kept == [["rare1"], ["rare2"], ["other"]]


def test_a_tag_word_on_most_papers_is_not_indexed_as_a_tag() -> None:
    texts = [["diffus", "model"], ["model"], ["languag", "model"], ["model"]]
    assert search._distinctive_terms(texts, share=0.5) == [["diffus"], [], ["languag"], []]


def test_an_address_in_an_abstract_is_not_a_term() -> None:
    doc = SearchDocument(
        location="papers/x/", title="X", abstract="Code at github.com/org/zebranet today."
    )
    indexed = {
        term
        for path, data in files_of([doc]).items()
        if "/shards/" in path
        for term, _ in data["terms"]
    }
    assert "today" in indexed
    assert not any("/" in term for term in indexed), indexed


def test_a_persons_whole_name_is_one_term() -> None:
    names = ["Han Jiang", "Jean-Baptiste Alayrac", "Kusupati", "An  Yang"]
    assert search.full_names(names) == ["@hanjiang", "@jeanbaptistealayrac", "@anyang"]
    files = files_of(DOCS)
    indexed = {
        term for path, data in files.items() if "/shards/" in path for term, _ in data["terms"]
    }
    assert "@author0family" in indexed


# ---------------------------------------------------------------- in the browser


DECOY = "electra-pre-training-text-encoders-as-discriminators-rather-than-generators"


@pytest.fixture(scope="module")
def searchable(tmp_path_factory: pytest.TempPathFactory) -> Project:
    """The seed, where a contributor has added Matryoshka's arXiv id and authors."""
    project = copy_project(tmp_path_factory.mktemp("searchable"))
    path = project.papers_dir / "matryoshka-representation-learning.md"
    path.write_text(
        path.read_text().replace(
            "listed:",
            "arxiv_id: '2205.13147'\nauthors:\n- Aditya Kusupati\n- Gantavya Bhatt\nlisted:",
            1,
        )
    )
    # A decoy listed first: a Gantavya and a Bhatt among its authors, not the person.
    decoy = project.papers_dir / f"{DECOY}.md"
    decoy.write_text(
        decoy.read_text().replace("listed:", "authors:\n- Gantavya Rao\n- Aditya Bhatt\nlisted:", 1)
    )
    pipeline.build(project, strict=True)
    # Shards of ~2 kB instead of ~50 kB: the seed's index then spans many shards, as a
    # big site's does, and a query must pick the right few.
    small = search.search_files(
        search.search_documents(corpus_of(project), tag_ids_of(project)), shard_bytes=2_000
    )
    shutil.rmtree(project.site_dir / search.FOLDER)
    for relative, text in small.items():
        (project.site_dir / relative).parent.mkdir(parents=True, exist_ok=True)
        (project.site_dir / relative).write_text(text)
    return project


def corpus_of(project: Project) -> Corpus:
    content, _ = pipeline.load_content(project)
    return enrich(content.papers, content.tags, content.listings)


def tag_ids_of(project: Project) -> list[str]:
    return sorted(p.stem for p in (project.docs_dir / "tags").glob("*.md") if p.stem != "index")


@pytest.fixture(scope="module")
def site_url(searchable: Project, serve_site: Callable[..., str]) -> str:
    return serve_site(searchable.site_dir)


def type_query(browser: object, site_url: str, query: str) -> tuple[list[str], list[str]]:
    """Type ``query``; return (result hrefs, shard files requested)."""
    page = browser.new_page()  # type: ignore[attr-defined]
    shards: list[str] = []
    page.on(
        "request",
        lambda request: shards.append(request.url) if "/shards/" in request.url else None,
    )
    try:
        page.goto(site_url)
        page.locator("label.md-search__icon, .md-search__input").first.click()
        page.locator("input.md-search__input").type(query, delay=20)
        results = page.locator(".md-search-result__item a.md-search-result__link")
        results.first.wait_for(timeout=15_000)
        page.wait_for_timeout(300)  # the last keystroke's answer
        hrefs = [str(results.nth(i).get_attribute("href")) for i in range(results.count())]
        return hrefs, shards
    finally:
        page.close()


@pytest.mark.browser
def test_browser_analysis_matches_the_index(
    browser: object, site_url: str, searchable: Project
) -> None:
    """lunr.js in the page turns words into the same terms as the Python index did."""
    words = sorted(
        {
            word
            for path in sorted(searchable.papers_dir.glob("*.md"))[:20]
            for word in path.read_text().split("---", 2)[2].split()
            if word.isascii()
        }
    )
    page = browser.new_page()  # type: ignore[attr-defined]
    try:
        page.goto(site_url)
        page.add_script_tag(url="assets/javascripts/vendor/lunr-2.3.9.min.js")
        in_browser = page.evaluate(
            """words => words.map(word => {
              const pipeline = new lunr.Pipeline()
              pipeline.add(lunr.trimmer, lunr.stopWordFilter, lunr.stemmer)
              // lunr.js 2.3.9 keeps the empty term a trimmed "(" leaves; it is never
              // queried, and the Python side drops it.
              return pipeline.run(lunr.tokenizer(word)).map(String).filter(Boolean)
            })""",
            words,
        )
    finally:
        page.close()
    assert in_browser == [search.terms(word) for word in words]


@pytest.mark.browser
def test_a_query_loads_only_the_shards_of_its_words(
    browser: object, site_url: str, searchable: Project
) -> None:
    total = len(list((searchable.site_dir / "papersite-search" / "shards").glob("*.json")))
    hrefs, shards = type_query(browser, site_url, "matryoshka")
    assert "papers/matryoshka-representation-learning/" in hrefs[0]
    assert 1 <= len(set(shards)) <= 4 and total > 20


@pytest.mark.browser
@pytest.mark.parametrize(
    ("query", "slug"),
    [
        ("2205.13147", "matryoshka-representation-learning"),  # arXiv id
        ("arXiv:2205.13147v2", "matryoshka-representation-learning"),
        ("Kusupati", "matryoshka-representation-learning"),  # an author
        ("Gantavya Bhatt", "matryoshka-representation-learning"),  # the person, not the decoy
        ("matryo", "matryoshka-representation-learning"),  # still typing
        ("pointer netw", "pointer-networks"),
        ("pointer networks for", "pointer-networks"),  # a stop word being typed
        ("conveyed", "deep-learning-applied-to-image-and-text-matching"),  # lunr.js stems
    ],
)
def test_ids_authors_and_partial_words_find_the_paper(
    browser: object, site_url: str, query: str, slug: str
) -> None:
    hrefs, _ = type_query(browser, site_url, query)
    assert f"papers/{slug}/" in hrefs[0], (query, hrefs[:3])


def test_the_material_engine_is_still_there(seed_project: Project) -> None:
    """extra.search_engine: material points the box at Material's worker: it must exist."""
    template = Path("site_templates/main.html").read_text()
    worker = template.split('set _.search = "', 2)[2].split('"', 1)[0]
    assert (seed_project.site_dir / worker).is_file(), worker


@pytest.mark.browser
def test_a_shard_that_failed_to_load_is_fetched_again(browser: object, site_url: str) -> None:
    """A dropped connection costs one keystroke, not the search for the whole visit."""
    page = browser.new_page()  # type: ignore[attr-defined]
    failed: list[str] = []

    def drop_first(route: Any) -> None:
        if failed:
            route.continue_()
        else:
            failed.append(route.request.url)
            route.abort()

    try:
        page.route("**/papersite-search/shards/*", drop_first)
        page.goto(site_url)
        page.locator("label.md-search__icon, .md-search__input").first.click()
        page.locator("input.md-search__input").type("matryoshk", delay=20)
        page.wait_for_timeout(500)
        page.locator("input.md-search__input").type("a", delay=20)
        link = page.locator(".md-search-result__item a.md-search-result__link").first
        link.wait_for(timeout=15_000)
        assert failed and "papers/matryoshka-representation-learning/" in str(
            link.get_attribute("href")
        )
    finally:
        page.close()
