"""The search index: every paper, tag and day as a lunr index, split into shards.

Material's own search sends every page's text to the browser and builds a lunr index
there: at 20,000 papers that is a 29 MB download and 15 s before the first result. Here
the index is built once, at build time, with lunr.py (the Python port of lunr.js, whose
serialized indexes lunr.js loads with ``lunr.Index.load``), and split so that a query
downloads only the few shards holding its words:

``papersite-search/manifest.json``
    ``{"version": 1, "lunr": "2.3.9", "fields": [...], "documents": N, "chunk": C,
    "shards": {"<prefix>": <n>, ...}}``. A term lives in the shard of its longest
    listed prefix.
``papersite-search/shards/<n>.json``
    a serialized lunr index holding only the terms of shard ``n`` (and, in each field
    vector, only their entries). Term scores are lunr's BM25 weights over the whole
    corpus, so a shard scores a document exactly as the whole index would.
``papersite-search/docs/<k>.json``
    ``[[location, title, text, tags], ...]`` for documents ``k*C`` to ``k*C+C-1``,
    fetched only for the results shown. A document's ref is its number in base 36.

The worker ``site_templates/assets/javascripts/papersite-search.js`` answers the
queries of Material's search box with these files.
"""

from __future__ import annotations

import gc
import json
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from lunr.builder import Builder
from lunr.stemmer import PorterStemmer, stemmer
from lunr.stop_word_filter import WORDS as STOP_WORDS

from generator.corpus import Corpus
from generator.render import long_date

FORMAT_VERSION = 1
LUNR_JS_VERSION = "2.3.9"
FOLDER = "papersite-search"

# (field, boost): a title or short name match outranks a tag, an author, the abstract.
FIELDS: tuple[tuple[str, int], ...] = (
    ("title", 10),
    ("name", 10),
    ("arxiv", 10),
    ("tags", 5),
    ("authors", 3),
    ("abstract", 1),
)
CHUNK = 64  # documents per docs/<k>.json: a result page fetches a few small chunks
SHARD_BYTES = 60_000  # a shard's size (raw JSON) above which it splits by one more letter
MAX_PREFIX = 4
TEXT_CHARS = 200  # the teaser shown under a result's title

# lunr.js: the tokenizer splits on white space and hyphens; the trimmer strips \W from
# both ends, where JavaScript's \W is ASCII-only (so "über" loses its "ü" in lunr.js too).
_SEPARATOR = re.compile(r"[\s\-]+")
_TRIM = re.compile(r"^\W+|\W+$", re.ASCII)
_PORTER = PorterStemmer()


@dataclass(frozen=True)
class SearchDocument:
    """One searchable page: what is indexed and what a result shows.

    ``location`` is the page's URL relative to the site root (``papers/<slug>/``);
    every other field is plain text (escaped by the worker when shown).
    """

    location: str
    title: str
    text: str = ""
    name: str = ""
    arxiv: str = ""
    authors: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    abstract: str = ""


@cache
def _term(word: str) -> str:
    word = _TRIM.sub("", word)
    if not word or word in STOP_WORDS:
        return ""
    return str(_PORTER.stem(word))


def terms(text: str) -> list[str]:
    """Return the index terms of ``text`` as lunr.js computes them.

    Same steps as lunr.js 2.3.9's default pipeline (tokenizer, trimmer, stop word
    filter, Porter stemmer), so that a query analysed in the browser meets them.
    """
    return [term for word in _SEPARATOR.split(text.lower()) if (term := _term(word))]


def ref(number: int) -> str:
    """Return a document's ref: its number in base 36 (short keys keep shards small)."""
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    out = ""
    while True:
        number, rest = divmod(number, 36)
        out = digits[rest] + out
        if not number:
            return out


def _build_index(documents: Sequence[SearchDocument]) -> dict[str, Any]:
    """Return the whole lunr index, serialized (``lunr.Index.toJSON`` shape)."""
    builder = Builder()
    builder.search_pipeline.add(stemmer)  # recorded in the index for lunr.js
    builder.ref("ref")
    for name, boost in FIELDS:
        builder.field(name, boost=boost)
    # The builder allocates millions of small objects and frees none of them: pausing
    # the cyclic collector saves a third of the time.
    collecting = gc.isenabled()
    gc.disable()
    try:
        for number, doc in enumerate(documents):
            # Terms go in already analysed (lists are taken as tokens as they are).
            builder.add(
                {
                    "ref": ref(number),
                    "title": terms(doc.title),
                    "name": terms(doc.name),
                    "arxiv": [doc.arxiv] if doc.arxiv else [],
                    "tags": terms(" ".join(doc.tags)),
                    "authors": terms(" ".join(doc.authors)),
                    "abstract": terms(doc.abstract),
                }
            )
        serialized: dict[str, Any] = builder.build().serialize()
    finally:
        if collecting:
            gc.enable()
    return serialized


def _prefixes(sizes: dict[str, int]) -> dict[str, str]:
    """Return term -> shard prefix: first two letters, one more while a shard is too big."""
    shard_of: dict[str, str] = {}

    def split(prefix: str, members: list[str]) -> None:
        total = sum(sizes[term] for term in members)
        if total <= SHARD_BYTES or len(prefix) >= MAX_PREFIX:
            for term in members:
                shard_of[term] = prefix
            return
        children: dict[str, list[str]] = defaultdict(list)
        for term in members:
            if len(term) == len(prefix):
                shard_of[term] = prefix
            else:
                children[term[: len(prefix) + 1]].append(term)
        for child in sorted(children):
            split(child, children[child])

    first: dict[str, list[str]] = defaultdict(list)
    for term in sizes:
        first[term[:2]].append(term)
    for prefix in sorted(first):
        split(prefix, first[prefix])
    return shard_of


def _shards(index: dict[str, Any]) -> tuple[dict[str, int], list[dict[str, Any]]]:
    """Split a serialized lunr index into per-prefix indexes; return (prefix -> n, shards)."""
    postings: dict[str, dict[str, Any]] = dict(index["invertedIndex"])
    # A posting costs its refs in the inverted index and a [term, score] pair in each
    # document's field vector: about 24 bytes per document and field.
    sizes = {
        term: len(term) + 24 * sum(len(docs) for key, docs in posting.items() if key != "_index")
        for term, posting in postings.items()
    }
    shard_of = _prefixes(sizes)
    prefixes = sorted(set(shard_of.values()))
    number = {prefix: n for n, prefix in enumerate(prefixes)}
    # Global term index -> (shard, position of the term inside its shard).
    local: dict[int, tuple[int, int]] = {}
    inverted: list[list[list[Any]]] = [[] for _ in prefixes]
    for term in sorted(postings):
        shard = number[shard_of[term]]
        posting = dict(postings[term])
        global_index = posting["_index"]
        posting["_index"] = len(inverted[shard])
        local[global_index] = (shard, posting["_index"])
        inverted[shard].append([term, posting])
    vectors: list[list[list[Any]]] = [[] for _ in prefixes]
    for field_ref, elements in index["fieldVectors"]:
        split: dict[int, list[Any]] = defaultdict(list)
        for position in range(0, len(elements), 2):
            shard, term_index = local[elements[position]]
            split[shard] += [term_index, elements[position + 1]]
        for shard, values in split.items():
            pairs = sorted(zip(values[::2], values[1::2], strict=True))
            vectors[shard].append([field_ref, [x for pair in pairs for x in pair]])
    shards = [
        {
            "version": LUNR_JS_VERSION,
            "fields": index["fields"],
            "fieldVectors": vectors[n],
            "invertedIndex": inverted[n],
            "pipeline": index["pipeline"],
        }
        for n in range(len(prefixes))
    ]
    return number, shards


def _teaser(text: str) -> str:
    text = " ".join(text.split())
    if len(text) <= TEXT_CHARS:
        return text
    return text[:TEXT_CHARS].rsplit(" ", 1)[0] + "…"


def _chunks(documents: Sequence[SearchDocument]) -> Iterator[list[list[Any]]]:
    for start in range(0, len(documents), CHUNK):
        yield [
            [doc.location, doc.title, _teaser(doc.text), list(doc.tags)]
            for doc in documents[start : start + CHUNK]
        ]


def _json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"


def _name(title: str) -> str:
    """The part of a title before its colon ("LLaMA" in "LLaMA: Open and Efficient...")."""
    head, colon, _ = title.partition(":")
    return head if colon and len(head.split()) <= 4 else ""


def search_documents(corpus: Corpus, tag_ids: Iterable[str]) -> list[SearchDocument]:
    """Return the searchable pages: every paper, then the tags ``tag_ids``, then the days.

    URLs follow ``use_directory_urls`` (``papers/<slug>/``), as MkDocs writes them.
    """
    documents = []
    for slug, paper in corpus.papers.items():
        tags = tuple(corpus.tags[a.tag].name for a in corpus.paper_tags.get(slug, ()))
        documents.append(
            SearchDocument(
                location=f"papers/{slug}/",
                title=" ".join(paper.title.split()),
                text=paper.abstract,
                name=_name(paper.title),
                arxiv=paper.arxiv_id or "",
                authors=paper.authors,
                tags=tags,
                abstract=paper.abstract,
            )
        )
    for tag_id in tag_ids:
        tag = corpus.tags[tag_id]
        documents.append(
            SearchDocument(
                location=f"tags/{tag_id}/",
                title=f"Tag: {tag.name}",
                text=tag.description,
                abstract=tag.description,
            )
        )
    for day in corpus.days():
        listing = corpus.listings[day]
        documents.append(
            SearchDocument(
                location=f"days/{day.isoformat()}/",
                title=f"Papers of {long_date(day)}",
                text=f"{len(listing.papers)} papers listed on {long_date(day)}.",
                abstract=f"{day.isoformat()} {day:%B %Y}",
            )
        )
    return documents


def search_files(documents: Iterable[SearchDocument]) -> dict[str, str]:
    """Return the search index files, path (under ``build/docs``) -> JSON text.

    ``documents`` are indexed in the order given (it must be deterministic: the output
    is byte-identical for the same documents).
    """
    docs = list(documents)
    number, shards = _shards(_build_index(docs))
    manifest = {
        "version": FORMAT_VERSION,
        "lunr": LUNR_JS_VERSION,
        "fields": [name for name, _ in FIELDS],
        "documents": len(docs),
        "chunk": CHUNK,
        "shards": number,
    }
    files = {f"{FOLDER}/manifest.json": _json(manifest)}
    for n, shard in enumerate(shards):
        files[f"{FOLDER}/shards/{n}.json"] = _json(shard)
    for k, chunk in enumerate(_chunks(docs)):
        files[f"{FOLDER}/docs/{k}.json"] = _json(chunk)
    return files
