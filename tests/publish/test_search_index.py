"""The prebuilt search index: lunr-compatible terms, shards that partition the terms,
and in a browser, queries that load only the shards they need."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st
from lunr import lunr
from lunr.builder import Builder

from generator import pipeline
from generator.config import Project
from generator.enrich import corpus
from generator.publish import search
from generator.publish.search import SearchDocument
from generator.sources import slugs, store
from generator.sources.slugs import paper_slug
from generator.sources.tree import load_content
from tests.conftest import copy_project, open_search

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


def unversioned(files: dict[str, str]) -> dict[str, str]:
    """The index's files by their path in their build's folder: ``papersite-search/
    <v>/shards/0.json`` -> ``papersite-search/shards/0.json``."""
    version = json.loads(files[f"{search.FOLDER}/manifest.json"])["files"]
    return {path.replace(f"/{version}", "/", 1): text for path, text in files.items()}


def files_of(docs: list[SearchDocument]) -> dict[str, object]:
    return {path: json.loads(text) for path, text in unversioned(search.search_files(docs)).items()}


def test_terms_are_lunr_terms() -> None:
    # lunr.py's own pipeline on the same ASCII words: stop words and Porter stems.
    text = "The Transformers are running quickly, generating well-formed sequences!"
    index = lunr(ref="id", fields=["body"], documents=[{"id": "1", "body": text}])
    assert sorted(set(search.terms(text))) == sorted(index.inverted_index)


@pytest.mark.parametrize(
    ("typed", "indexed"),
    [
        ("eﬃcient", "efficient"),  # a ligature (U+FB03)
        ("ＬＬａＭＡ", "LLaMA"),  # full-width forms
        ("a𝑥b", "axb"),  # a math-italic letter (U+1D465)
        ("Überraschung", "überraschung"),  # a non-ASCII first letter stays
        ("naïve", "naive"),  # accents of Latin letters are typed or not
        ("Ångström", "angstrom"),
        ("Ｎａïｖｅ", "naive"),
    ],
)
def test_every_form_of_a_word_is_the_same_term(typed: str, indexed: str) -> None:
    assert search.terms(typed) == search.terms(indexed) != []


def test_cjk_text_is_indexed_as_character_bigrams() -> None:
    assert search.terms("注意力机制") == ["注意", "意力", "力机", "机制"]
    assert search.terms("思考の連鎖") == ["思考", "考の", "の連", "連鎖"]
    assert search.terms("한국어 모델") == ["한국", "국어", "모델"]
    assert search.terms("AI模型") == ["ai", "模型"]


def test_symbol_bearing_names_and_greek_letters_are_terms() -> None:
    found = search.terms("C++ and C# code; scaling with μP (µP); the α-divergence; GPT-4o 3.5")
    for term in ("c++", "c#", "μp", "α", "diverg", "gpt", "4o", "3.5"):
        assert term in found, (term, found)
    assert found.count("μp") == 2  # the micro sign is NFKC's mu


def test_every_term_is_in_exactly_the_shard_the_manifest_points_to() -> None:
    files = files_of(DOCS)
    manifest = files["papersite-search/manifest.json"]
    assert isinstance(manifest, dict)
    firsts = manifest["shards"]
    assert firsts == sorted(firsts, key=search.js_order) and len(set(firsts)) == len(firsts)
    seen: list[str] = []
    for number, first in enumerate(firsts):
        shard = files[f"papersite-search/shards/{number}.json"]
        assert isinstance(shard, dict)
        terms = [term for term, _ in shard["terms"]]
        assert terms and terms[0] == first and terms == sorted(terms, key=search.js_order)
        if number + 1 < len(firsts):
            assert search.js_order(terms[-1]) < search.js_order(firsts[number + 1])
        seen += terms
    everything = {t for doc in DOCS for t in search.terms(f"{doc.title} {doc.abstract}")}
    assert everything <= set(seen) and len(seen) == len(set(seen))


def _lunr_scores(fields: list[dict[str, list[str]]]) -> dict[tuple[str, str, str], float]:
    """(term, field, ref) -> score in lunr.py's own index of these analysed fields."""
    builder = Builder()
    builder.ref("ref")
    for name, boost in search.FIELDS:
        builder.field(name, boost=boost)
    builder.b(0)
    for number, doc in enumerate(fields):
        builder.add({"ref": search.ref(number), **doc})
    index = builder.build()
    by_index = {p["_index"]: t for t, p in index.inverted_index.items()}
    scores = {}
    for field_ref, vector in index.field_vectors.items():
        field, ref = field_ref.split("/", 1)
        elements = vector.elements
        for i in range(0, len(elements), 2):
            scores[(by_index[elements[i]], field, ref)] = round(elements[i + 1], 2)
    return scores


def _shipped(postings: dict[str, list[list[Any]]]) -> dict[tuple[str, str, str], float]:
    found = {}
    for term, per_field in postings.items():
        for field_number, *pairs in per_field:
            for ref, score in zip(pairs[::2], pairs[1::2], strict=True):
                found[(term, search.FIELDS[field_number][0], ref)] = score
    return found


def test_postings_keep_lunr_scores() -> None:
    """Each (term, field, document) of lunr.py's index is in the shards with its score."""
    fields, _, _ = search._analyse(DOCS)
    found = {}
    for path, data in files_of(DOCS).items():
        if "/shards/" in path:
            assert isinstance(data, dict)
            found.update(_shipped(dict(data["terms"])))
    assert found == _lunr_scores(fields)


_TERM_LISTS = st.lists(st.sampled_from(["model", "diffus", "zebra", "@hanjiang", "2401.1"]))


@given(
    st.lists(
        st.fixed_dictionaries({name: _TERM_LISTS for name, _ in search.FIELDS}),
        min_size=1,
        max_size=12,
    )
)
def test_postings_are_lunrs_bm25_scores(fields: list[dict[str, list[str]]]) -> None:
    """Same BM25 scores as lunr.py's own Builder, for any documents."""
    assert _shipped(search._postings(fields)) == _lunr_scores(fields)


def test_documents_are_chunked_in_ref_order() -> None:
    files = files_of(DOCS)
    chunk = files["papersite-search/docs/0.json"]
    assert isinstance(chunk, list)
    assert [location_of(row[0], row[1]) for row in chunk] == [doc.location for doc in DOCS]
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


def test_every_word_of_an_abstract_is_indexed() -> None:
    """Not only its rarest terms: "gossip learning" finds the paper about gossip learning."""
    common = "We propose a model for learning with data. " * 5
    docs = [
        SearchDocument(location=f"papers/p{n}/", title=f"Paper {n}", abstract=common)
        for n in range(50)
    ]
    docs.append(
        SearchDocument(
            location="papers/g/", title="G", abstract=common + " Gossip learning spreads models."
        )
    )
    indexed = indexed_terms(files_of(docs))
    assert {"gossip", "learn", "model", "propos", "spread"} <= indexed


def indexed_terms(files: dict[str, object]) -> set[str]:
    return {
        term
        for path, data in files.items()
        if "/shards/" in path and isinstance(data, dict)
        for term, _ in data["terms"]
    }


def test_a_tag_word_on_most_papers_is_not_indexed_as_a_tag() -> None:
    texts = [["diffus", "model"], ["model"], ["languag", "model"], ["model"]]
    assert search._distinctive_terms(texts, share=0.5) == [["diffus"], [], ["languag"], []]


def test_names_in_code_links_are_searchable() -> None:
    """A method known only by its repository ("FedCompass") is found by that name."""
    doc = SearchDocument(
        location="papers/x/",
        title="X",
        abstract="Code at github.com/org/zebranet today.",
        code=search.code_names(["https://github.com/APPFL/FedCompass", "https://example.org/a"]),
    )
    assert doc.code == "APPFL FedCompass"
    indexed = indexed_terms(files_of([doc]))
    assert {"today", "zebranet", "appfl", "fedcompass"} <= indexed
    assert not any("/" in term for term in indexed), indexed


def test_a_persons_whole_name_is_one_term() -> None:
    names = ["Han Jiang", "Jean-Baptiste Alayrac", "Kusupati", "An  Yang"]
    assert search.full_names(names) == ["@hanjiang", "@jeanbaptistealayrac", "@anyang"]
    assert "@author0family" in indexed_terms(files_of(DOCS))


# ---------------------------------------------------------------- in the browser


DECOY = "electra-pre-training-text-encoders-as-discriminators-rather-than-generators"


# Papers in other scripts and with symbols, next to the seed.
EXTRA_PAPERS = [
    (
        "efficient-sampling",
        "Eﬃcient Sampling of a𝑥b Fields 🙂",
        "We write C++ kernels with C# bindings and tune them with μP scaling.",
    ),
    (
        "cjk-attention",
        "注意力机制就是你所需要的一切",
        "我们提出了一种新的简单网络架构，它完全基于注意力机制。",
    ),
    (
        "cjk-reasoning",
        "大規模言語モデルにおける思考の連鎖",
        "思考の連鎖を生成することで推論能力が向上する。",
    ),
    # "spectral drift": as a phrase deep in one abstract, scattered (and more often,
    # so scored higher word by word) in another.
    (
        "drift-as-a-phrase",
        "Long Observation Campaigns",
        "Long observation campaigns need careful planning. " * 8
        + "We report spectral drift in one instrument and how to calibrate it away.",
    ),
    (
        "drift-scattered",
        "Notes on Instruments",
        "Spectral lines and spectral bands: the spectral view. Drift of the mount, "
        "drift of the clock, thermal drift.",
    ),
    # "dataset tun": one title with "Tunnel", several with "Tuning" (the commoner word).
    ("tunnel-inspection", "A Dataset of Tunnel Inspections", "Cracks in tunnel linings."),
    ("tuning-one", "A Dataset for Instruction Tuning", "Tuning models on instructions."),
    ("tuning-two", "Tuning Retrievers: A Dataset", "Tuning retrievers on queries."),
    ("tuning-three", "Prompt Tuning Dataset", "Tuning prompts for models."),
    # "feature selective": one abstract has these very words once; another has only
    # words of the same stems ("features", "selection"), more often, so it scores higher.
    (
        "stems-only",
        "Pruning the Inputs of Tabular Models",
        "Features by selection: selection of features, and a selection score per "
        "feature for the selection of features.",
    ),
    (
        "very-words",
        "A Gate for Sparse Inputs",
        "A selective gate keeps each feature the model needs.",
    ),
]


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
    paper, _ = store.parse_paper(decoy.read_text(), str(decoy))
    assert paper is not None
    store.save_paper(project.papers_dir, replace(paper, authors=("Gantavya Rao", "Aditya Bhatt")))
    for slug, title, abstract in EXTRA_PAPERS:
        (project.papers_dir / f"{slug}.md").write_text(
            f"---\ntitle: '{title}'\nslug: {slug}\nlisted:\n- 2025-03-11\n---\n\n{abstract}\n"
        )
    day = project.days_dir / "2025-03-11.yml"
    listing = yaml.safe_load(day.read_text())
    listing["papers"] += [slug for slug, _, _ in EXTRA_PAPERS]
    day.write_text(yaml.safe_dump(listing, allow_unicode=True))
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


def corpus_of(project: Project) -> corpus.LinkedCorpus:
    content, _ = load_content(project)
    return corpus.link(corpus.tag(content.papers, content.tags, content.listings))


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
        open_search(page, site_url)
        page.locator("input.md-search__input").type(query, delay=20)
        # Characters typed through an input method (CJK) reach the box as text input,
        # without the keyup Material listens for; a person's IME ends with one.
        page.locator("input.md-search__input").press("End")
        results = page.locator(".md-search-result__item a.md-search-result__link")
        results.first.wait_for(timeout=15_000)
        page.wait_for_timeout(300)  # the last keystroke's answer
        hrefs = [str(results.nth(i).get_attribute("href")) for i in range(results.count())]
        return hrefs, shards
    finally:
        page.close()


# Words whose analysis differs between naive implementations of the two sides.
HARD_WORDS = [
    "eﬃcient",
    "ＬＬａＭＡ",
    "a𝑥b",
    "注意力机制",
    "思考の連鎖",
    "한국어",
    "AI模型",
    "C++",
    "C#",
    "μP",
    "µP",
    "Über",
    "naïve",
    "José-María",
    "Ｎａïｖｅ",
    "naïve",
    "GPT-4o",
    "3.5",
    "2405.15738v2",
    "l'apprentissage",
    "emoji🙂word",
    "ΣΑΣ",
    "İstanbul",
    "x²",
    "Ⅻ",
    "under_score",
    "don’t",
    "ℌilbert",
    "ﬁne-tuning",
]


def in_worker(page: Any, function: str, inputs: list[Any]) -> list[Any]:
    """Apply the search worker's function ``function`` to each input, in ``page``."""
    return page.evaluate(
        """async ([name, inputs]) => {
          const source = await (await fetch("assets/javascripts/papersite-search.js")).text()
          const body = source.replace(/importScripts\\([^)]*\\)/, "")
          const fn = new Function(body + `; return ${name}`)()
          return inputs.map(input => fn(input))
        }""",
        [function, inputs],
    )


@pytest.mark.browser
def test_browser_analysis_matches_the_index(
    browser: object, site_url: str, searchable: Project
) -> None:
    """The worker turns words into the same terms as the Python index did."""
    words = sorted(
        {
            word
            for path in sorted(searchable.papers_dir.glob("*.md"))
            for word in path.read_text().split("---", 2)[2].split()
        }
    )
    texts = [*words, *HARD_WORDS, " ".join(HARD_WORDS)]
    page = browser.new_page()  # type: ignore[attr-defined]
    try:
        page.goto(site_url)
        page.add_script_tag(url="assets/javascripts/vendor/lunr-2.3.9.min.js")
        in_browser = in_worker(page, "termsOf", texts)
    finally:
        page.close()
    assert in_browser == [search.terms(text) for text in texts]


def _sample_documents() -> list[SearchDocument]:
    """The corpus sample, and titles that broke lunr.js shards."""
    lines = Path("tests/fixtures/raw/papers.sample.jsonl").read_text(encoding="utf-8").split("\n")
    records = []
    for line in lines:
        try:
            record = json.loads(line, strict=False)
        except ValueError:
            continue  # the sample keeps a truncated record and blank lines on purpose
        if isinstance(record, dict) and isinstance(record.get("title"), str):
            records.append(record)
    titles = [r["title"] for r in records] + [*HARD_WORDS, "𝒜 𝔅 𝕮 🙂 𠀀 \ue000\uffff"]
    docs = [
        SearchDocument(
            location=f"papers/p{n}/",
            title=title,
            abstract=str(records[n].get("abstract") or "") if n < len(records) else title,
            authors=tuple(map(str, records[n].get("authors") or ())) if n < len(records) else (),
        )
        for n, title in enumerate(titles)
    ]
    return docs


def _sample_index() -> dict[str, str]:
    return search.search_files(_sample_documents(), shard_bytes=1_000)


@pytest.mark.browser
def test_every_shard_loads_in_lunr_js(browser: object, site_url: str, searchable: Project) -> None:
    """Terms are in lunr.js's order (UTF-16 code units): a shard of the seed or of the
    corpus sample, astral characters included, loads with lunr.Index.load, and the
    worker's binary search over the manifest finds every term in its shard."""
    folder = searchable.site_dir / search.FOLDER
    indexes = {
        "seed": unversioned(
            {str(p.relative_to(searchable.site_dir)): p.read_text() for p in folder.rglob("*.json")}
        ),
        "sample": unversioned(_sample_index()),
    }
    page = browser.new_page()  # type: ignore[attr-defined]
    try:
        page.goto(site_url)
        page.add_script_tag(url="assets/javascripts/vendor/lunr-2.3.9.min.js")
        for name, files in indexes.items():
            manifest = json.loads(files[f"{search.FOLDER}/manifest.json"])
            shards = [
                json.loads(files[f"{search.FOLDER}/shards/{n}.json"])
                for n in range(len(manifest["shards"]))
            ]
            problems = page.evaluate(
                """([manifest, shards]) => {
                  const problems = []
                  shards.forEach((shard, n) => {
                    try {
                      lunr.Index.load({
                        version: "2.3.9", fields: manifest.fields, fieldVectors: [],
                        invertedIndex: shard.terms.map(([term], i) => {
                          const entry = { _index: i }
                          for (const field of manifest.fields) entry[field] = {}
                          return [term, entry]
                        }),
                        pipeline: ["stemmer"],
                      })
                    } catch (err) { problems.push(`shard ${n}: ${err}`) }
                    for (const [term] of shard.terms) {
                      let low = 0, high = manifest.shards.length - 1
                      while (low < high) {
                        const middle = (low + high + 1) >> 1
                        if (manifest.shards[middle] <= term) low = middle; else high = middle - 1
                      }
                      if (low !== n) problems.push(`${term} is in shard ${n}, looked up in ${low}`)
                    }
                  })
                  return problems
                }""",
                [manifest, shards],
            )
            assert len(shards) > 10 and problems == [], (name, problems[:5])
    finally:
        page.close()


@pytest.mark.browser
def test_a_query_loads_only_the_shards_of_its_words(
    browser: object, site_url: str, searchable: Project
) -> None:
    total = len(list((searchable.site_dir / "papersite-search").glob("*/shards/*.json")))
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
        (
            "gossip learning",
            "vanishing-variance-problem-in-fully-decentralized-neural-network-systems",
        ),
        (
            "fedcompass",
            "fedcompass-efficient-cross-silo-federated-learning-on-heterogeneous-client",
        ),
        ("efficient axb", "efficient-sampling"),  # a ligature and a math letter, typed plain
        ("c++", "efficient-sampling"),
        ("C#", "efficient-sampling"),
        ("µP", "efficient-sampling"),  # the micro sign, found as the Greek mu
        ("注意力", "cjk-attention"),
        ("注意力机制", "cjk-attention"),
        ("思考の連鎖", "cjk-reasoning"),
        ("matryoshak", "matryoshka-representation-learning"),  # a typo (transposition)
        ("matroshka", "matryoshka-representation-learning"),  # a typo (deletion)
        ("transfromer in transformer", "transformer-in-transformer"),
    ],
)
def test_ids_authors_and_partial_words_find_the_paper(
    browser: object, site_url: str, query: str, slug: str
) -> None:
    hrefs, _ = type_query(browser, site_url, query)
    assert f"papers/{slug}/" in hrefs[0], (query, hrefs[:3])


@pytest.mark.browser
def test_a_start_typed_after_a_word_finds_the_rare_title_word_it_begins(
    browser: object, site_url: str
) -> None:
    """A reader typing "dataset tun" on the way to "Tunnel" sees that paper first, not
    the commoner "Tuning" titles."""
    hrefs, _ = type_query(browser, site_url, "dataset tun")
    assert "papers/tunnel-inspection/" in hrefs[0], hrefs[:4]


@pytest.mark.browser
def test_a_paper_with_the_very_words_typed_ranks_above_one_with_their_stems(
    browser: object, site_url: str
) -> None:
    """The index matches stems ("selective" finds "selection"): among the papers found,
    the one that says "feature" and "selective" comes before the one that only says
    "features" and "selection", although it says them more often."""
    hrefs, _ = type_query(browser, site_url, "feature selective")
    found = [
        next(i for i, href in enumerate(hrefs) if f"papers/{slug}/" in href)
        for slug in ("very-words", "stems-only")
    ]
    assert found[0] < found[1], hrefs


@pytest.mark.browser
def test_a_start_that_begins_many_words_is_not_looked_up_as_a_typo(
    browser: object, site_url: str, searchable: Project
) -> None:
    """Five letters that begin the terms of several shards are a word on its way, not a
    misspelling: no list of words to correct it against is downloaded."""
    folder = searchable.site_dir / search.FOLDER
    manifest = json.loads((folder / "manifest.json").read_text())
    data = folder / manifest["files"]
    shards = [
        json.loads((data / f"shards/{n}.json").read_text()) for n in range(len(manifest["shards"]))
    ]
    terms = {term for shard in shards for term, _ in shard["terms"]}
    # Five letters whose terms run over two shards, and which are no term whole.
    prefix = next(
        first[:5]
        for n, first in enumerate(manifest["shards"][1:], 1)
        if first[:5].isalpha()
        and len(first) >= 5
        and shards[n - 1]["terms"][-1][0].startswith(first[:5])
        and not set(search.terms(first[:5])) & terms
    )
    page = browser.new_page()  # type: ignore[attr-defined]
    words: list[str] = []
    page.on("request", lambda r: words.append(r.url) if "/words/" in r.url else None)
    try:
        open_search(page, site_url)
        page.locator("input.md-search__input").type(f"learning {prefix}", delay=20)
        page.wait_for_timeout(500)
    finally:
        page.close()
    assert words == [], (prefix, words)


@pytest.mark.browser
def test_a_tab_left_open_across_a_deploy_searches_the_new_index(
    browser: object, searchable: Project, serve_site: Callable[..., str], tmp_path: Path
) -> None:
    """A reader's tab holds the manifest of the build it loaded; after a deploy, the old
    build's data files are gone: the worker takes the new manifest, not wrong shards."""
    site = tmp_path / "site"
    shutil.copytree(searchable.site_dir, site)
    url = serve_site(site)
    page = browser.new_page()  # type: ignore[attr-defined]
    try:
        open_search(page, url)
        box = page.locator("input.md-search__input")
        results = page.locator(".md-search-result__item a.md-search-result__link")
        box.type("matryoshka", delay=20)
        results.first.wait_for(timeout=15_000)
        assert "papers/matryoshka-representation-learning/" in str(
            results.first.get_attribute("href")
        )
        # The next build (other shards) is deployed while the tab stays open.
        documents = search.search_documents(corpus_of(searchable), tag_ids_of(searchable))
        shutil.rmtree(site / search.FOLDER)
        for relative, text in search.search_files(documents, shard_bytes=3_000).items():
            (site / relative).parent.mkdir(parents=True, exist_ok=True)
            (site / relative).write_text(text)
        box.fill("")
        box.type("pointer networks", delay=20)
        page.wait_for_function(
            """() => [...document.querySelectorAll(".md-search-result__item a")]
                 .some(a => a.href.includes("papers/pointer-networks/"))""",
            timeout=15_000,
        )
    finally:
        page.close()


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
        page.route("**/papersite-search/*/shards/*", drop_first)
        open_search(page, site_url)
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


RUN_QUERIES = """async queries => {
  const config = JSON.parse(document.getElementById("__config").textContent)
  const worker = new Worker(new URL(config.search, location.href))
  const next = () => new Promise(resolve =>
    worker.addEventListener("message", ev => resolve(ev.data), { once: true }))
  worker.postMessage({ type: 0, data: { config: { lang: ["en"] }, docs: [] } })
  await next()
  const out = []
  for (const query of queries) {
    worker.postMessage({ type: 2, data: query })
    let message = await next()
    while (message.data.partial)
      message = await next()
    out.push(message.data.items.map(group => group[0].location))
  }
  worker.terminate()
  return out
}"""


def _check_prefixes(browser: object, url: str, docs: list[SearchDocument], words: set[str]) -> None:
    """Every prefix of 2+ characters of each word, typed as the last word, has results,
    the first of them holding a word that begins with it (or with its stem: the index
    keeps stems); the whole word finds a paper that contains it."""
    holding: dict[str, set[str]] = {}
    for doc in docs:
        text = " ".join(
            [doc.title, doc.name, doc.arxiv, doc.abstract, doc.code, *doc.authors, *doc.tags]
        )
        holding[doc.location] = set(search.tokens(text)) | set(search.terms(text))
    prefixes = sorted({word[:n] for word in words for n in range(2, len(word) + 1)})
    page = browser.new_page()  # type: ignore[attr-defined]
    try:
        page.goto(url)
        answers = dict(zip(prefixes, page.evaluate(RUN_QUERIES, prefixes), strict=True))
    finally:
        page.close()
    dead = [p for p, found in answers.items() if not found]
    assert not dead, f"{len(dead)} prefixes find nothing: {dead[:20]}"
    vocabulary = {token: search.terms(token) for doc in holding.values() for token in doc}

    def holds(location: str, prefix: str) -> bool:
        # A word that begins with the prefix, or one with the same stem as such a word
        # ("feasible" for "feasibili": both are "feasibl"; the index keeps stems), or
        # whose stem the prefix goes past ("activa": "activ").
        stems = {t for word, terms in vocabulary.items() if word.startswith(prefix) for t in terms}
        return any(
            w.startswith(prefix) or w in stems or (len(w) >= 3 and prefix.startswith(w))
            for w in holding[location]
        )

    wrong = [(p, answers[p][0]) for p in prefixes if not holds(answers[p][0].split("#")[0], p)]
    assert not wrong, f"{len(wrong)} prefixes put first a page without them: {wrong[:10]}"
    # ("trains" finds papers on training: the index keeps stems.)
    missed = [
        w
        for w in words
        if not any((w in holding[loc]) or set(search.terms(w)) & holding[loc] for loc in answers[w])
    ]
    assert not missed, f"whole words not found: {missed[:20]}"


def _indexed_words(docs: list[SearchDocument]) -> set[str]:
    """The words of the papers' titles and abstracts that are terms of their own (not
    stop words, not single letters, not CJK runs, which are searched as bigrams)."""
    found = set()
    for doc in docs:
        for token in search.tokens(f"{doc.title} {doc.abstract}"):
            terms = search._token_terms(token)
            if len(token) >= 2 and terms and terms[0] != token[:2] and not search._CJK.match(token):
                found.add(token)
    return found


@pytest.mark.browser
def test_no_prefix_of_a_seed_word_is_a_dead_zone(
    browser: object, site_url: str, searchable: Project
) -> None:
    docs = search.search_documents(corpus_of(searchable), tag_ids_of(searchable))
    _check_prefixes(browser, site_url, docs, _indexed_words(docs))


@pytest.mark.browser
def test_no_prefix_of_a_corpus_word_is_a_dead_zone(
    browser: object,
    searchable: Project,
    serve_site: Callable[..., str],
    tmp_path: Path,
) -> None:
    site = tmp_path / "site"
    shutil.copytree(searchable.site_dir, site)
    shutil.rmtree(site / search.FOLDER)
    for relative, text in _sample_index().items():
        (site / relative).parent.mkdir(parents=True, exist_ok=True)
        (site / relative).write_text(text)
    docs = _sample_documents()
    words = sorted(_indexed_words(docs))
    _check_prefixes(browser, serve_site(site), docs, set(words[::3]))


@pytest.mark.browser
def test_a_name_the_site_lacks_finds_nothing_rather_than_its_first_letters(
    browser: object, site_url: str
) -> None:
    """No seed paper has Bengio, Hinton or Vaswani: a reader typing one is told so, not
    shown papers on benchmarks ("Ben..."), and ``<script>`` is no "scratch"."""
    page = browser.new_page()  # type: ignore[attr-defined]
    try:
        page.goto(site_url)
        queries = ["Bengio", "bengio", "Hinton", "Vaswani", "<script>", "scriptx"]
        answers = page.evaluate(RUN_QUERIES, queries)
        # A mistyped last letter of a word being typed still finds it ("transformr").
        answers += page.evaluate(RUN_QUERIES, ["transformr", "matryoshkq"])
    finally:
        page.close()
    assert answers[:6] == [[]] * 6, list(zip(queries, answers, strict=False))
    assert answers[6] and answers[7], answers[6:]


@pytest.mark.browser
def test_a_start_of_a_word_already_typed_is_taken_for_another_word(
    browser: object, site_url: str
) -> None:
    """A reader who typed "vision" and now types "vis" is on the way to another word
    ("visual"): nobody types a word twice to find it."""
    page = browser.new_page()  # type: ignore[attr-defined]
    try:
        open_search(page, site_url)
        box = page.locator("input.md-search__input")
        box.type("vision ", delay=20)
        page.wait_for_timeout(1500)  # a reader's pause: every title has arrived
        box.type("vis", delay=20)
        page.wait_for_timeout(500)
        first = page.locator(".md-search-result__item a.md-search-result__link").first
        href = str(first.get_attribute("href"))
    finally:
        page.close()
    assert "scaling-up-visual-and-vision-language" in href, href


@pytest.mark.browser
def test_a_minus_leaves_out_the_papers_with_that_word(browser: object, site_url: str) -> None:
    """Material's search syntax, which readers of other Material sites bring along:
    "-survey" leaves out surveys (it used to require the word instead)."""
    page = browser.new_page()  # type: ignore[attr-defined]
    try:
        page.goto(site_url)
        plain, without, plus = page.evaluate(
            RUN_QUERIES, ["mixture experts", "mixture experts -survey", "+mixture +experts"]
        )
    finally:
        page.close()
    survey = "papers/a-survey-on-mixture-of-experts/"
    assert survey in plain and plain == plus, (plain, plus)
    assert survey not in without and without, without
    assert any("contrastive-learning-and-mixture-of-experts" in href for href in without)


@pytest.mark.browser
def test_words_standing_together_in_an_abstract_rank_first_and_show_where(
    browser: object, site_url: str
) -> None:
    """A phrase in an abstract ranks above the same words scattered, and the result
    shows the part of the abstract where they stand, not only its first lines."""
    page = browser.new_page()  # type: ignore[attr-defined]
    try:
        open_search(page, site_url)
        page.locator("input.md-search__input").type("spectral drift", delay=20)
        # Material puts a result's text into its article, after the title.
        first_text = """() => {
            const item = document.querySelector('.md-search-result__item')
            if (!item) return ""
            const article = item.querySelector('article').cloneNode(true)
            article.querySelectorAll('h1, h2, nav, div').forEach(e => e.remove())
            return article.innerHTML.trim()
        }"""
        page.wait_for_function(f"() => ({first_text})().includes('<mark')", timeout=15_000)
        page.wait_for_timeout(300)  # the last keystroke's answer
        href = str(page.locator(".md-search-result__item > a").first.get_attribute("href"))
        text = page.evaluate(first_text)
    finally:
        page.close()
    assert "papers/drift-as-a-phrase/" in href, href
    mark = '<mark data-md-highlight="">'
    assert text.startswith("…campaigns") and f"{mark}spectral</mark> {mark}drift</mark>" in text
    assert text.endswith("in one instrument and how to calibrate it away."), text


@pytest.mark.browser
def test_a_word_too_short_to_look_up_is_not_said_to_be_missing(
    browser: object, site_url: str
) -> None:
    """ "llava-hd" shows LLaVA-HD with "HD" marked: no "Missing: hd" under it."""
    page = browser.new_page()  # type: ignore[attr-defined]
    try:
        open_search(page, site_url).type("llava-hd", delay=20)
        first = page.locator(".md-search-result__item").first
        first.wait_for(timeout=15_000)
        page.wait_for_timeout(500)
        href = str(first.locator("a").first.get_attribute("href"))
        missing = first.locator("del").all_inner_texts()
    finally:
        page.close()
    assert "papers/beyond-llava-hd" in href, href
    assert missing == [], missing


@pytest.mark.browser
def test_a_typo_is_highlighted_as_the_word_it_was_taken_for(browser: object, site_url: str) -> None:
    page = browser.new_page()  # type: ignore[attr-defined]
    try:
        open_search(page, site_url)
        page.locator("input.md-search__input").type("matryoshak ", delay=20)
        first = page.locator(".md-search-result__item").first
        first.wait_for(timeout=15_000)
        page.wait_for_timeout(300)
        assert "Matryoshka" in first.locator("mark").all_inner_texts()
    finally:
        page.close()


@pytest.mark.browser
def test_a_shard_that_cannot_load_is_reported_not_silently_empty(
    browser: object, site_url: str
) -> None:
    """While shards cannot be fetched, the console says so; once they can, the next
    keystroke finds the paper."""
    page = browser.new_page()  # type: ignore[attr-defined]
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text))
    blocked = [True]

    def route(request: Any) -> None:
        if blocked[0]:
            request.abort()
        else:
            request.continue_()

    try:
        page.route("**/papersite-search/*/shards/*", route)
        open_search(page, site_url)
        page.locator("input.md-search__input").type("matryoshk", delay=20)
        page.wait_for_timeout(800)
        assert any("could not load shards/" in text for text in errors), errors
        blocked[0] = False
        page.locator("input.md-search__input").type("a", delay=20)
        link = page.locator(".md-search-result__item a.md-search-result__link").first
        link.wait_for(timeout=15_000)
        assert "papers/matryoshka-representation-learning/" in str(link.get_attribute("href"))
    finally:
        page.close()
