"""The search index: every paper, tag and day as a lunr index, split into shards.

Material's own search sends every page's text to the browser and builds a lunr index
there: at 20,000 papers that is a 29 MB download and 15 s before the first result. Here
the index is built once, at build time, with lunr.py (the Python port of lunr.js, whose
serialized indexes lunr.js loads with ``lunr.Index.load``), and split so that a query
downloads only the few shards holding its words:

``papersite-search/manifest.json``
    ``{"version": 3, "lunr": "2.3.9", "fields": [...], "documents": N, "chunk": C,
    "titles": T, "tags": [tag name, ...], "shards": [first term of shard 0, of shard 1,
    ...]}``: shard ``n`` holds the terms sorted between its first term and the next
    shard's.
``papersite-search/shards/<n>.json``
    ``{"version": "2.3.9", "fields": [...], "terms": [[term, [[field, ref, score,
    ref, score, ...], ...]], ...]}``: lunr's inverted index and field vectors for
    these terms, each posting once with its score (the worker expands it back into
    ``lunr.Index.load``'s shape). Scores are lunr's BM25 weights over the whole
    corpus, so a shard scores a document exactly as the whole index would.
``papersite-search/docs/<k>.json``
    ``[[location, title, text, tags], ...]`` for documents ``k*C`` to ``k*C+C-1``,
    fetched only for the results shown. A document's ref is its number in base 36.
``papersite-search/titles/<p>.json``
    ``[[place, title, [tag number, ...]], ...]`` for documents ``p*T`` to ``p*T+T-1``
    (``T`` is the manifest's ``"titles"``, a tag number indexes its ``"tags"``): every
    result's link and title, fetched from the first keystroke on, so that later
    keystrokes show their results without waiting for document chunks (the teasers
    follow when their chunks arrive). A paper's ``place`` is its slug told from its
    title (:func:`place`), else it is the location.

The worker ``site_templates/assets/javascripts/papersite-search.js`` answers the
queries of Material's search box with these files.
"""

from __future__ import annotations

import gc
import json
import re
import string
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from lunr.builder import Builder
from lunr.idf import idf
from lunr.index import Index
from lunr.stemmer import PorterStemmer, stemmer
from lunr.stop_word_filter import WORDS as STOP_WORDS
from lunr.token_set import TokenSet
from lunr.vector import Vector

from generator.corpus import Corpus
from generator.render import long_date
from generator.texmath import plain_text

FORMAT_VERSION = 3
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
CHUNK = 32  # documents per docs/<k>.json: the results shown fetch a few small chunks
# Documents per titles/<p>.json: at 20,000 papers, four files of about 160 kB gzip,
# each parsed in a few milliseconds between two keystrokes. Eight files took more of
# the six connections a browser opens to a host (HTTP/1.1), and the shards of the
# next keystrokes waited behind them; two files took longer to parse.
TITLES = 5120
SHARD_BYTES = 25_000  # a shard's size (raw JSON, about 8 kB gzip)
# An abstract is indexed by its rarest terms only: a query names what is particular to
# a paper, while "model" or "propose" in 40% of abstracts only weighs the index down.
ABSTRACT_TERMS = 40
# A tag word shared by more papers than this share ("model": half of them) is not
# indexed in the tags field: it cannot lift a paper above the thousands of others, and
# its postings made every keystroke on such a word scan them all.
TAG_TERM_SHARE = 0.1
TEXT_CHARS = 160  # the teaser shown under a result's title

# lunr.js: the tokenizer splits on white space and hyphens; the trimmer strips \W from
# both ends, where JavaScript's \W is ASCII-only (so "über" loses its "ü" in lunr.js too).
_SEPARATOR = re.compile(r"[\s\-]+")
_TRIM = re.compile(r"^\W+|\W+$", re.ASCII)


class _LunrJsStemmer(PorterStemmer):  # type: ignore[misc]
    """lunr.py's Porter stemmer, with lunr.js 2.3.9's step 1c.

    lunr.js turns a final y into i only after a consonant that is not the word's first
    letter ("cry" -> "cri", "convey" stays), lunr.py after any vowel in the stem
    ("convey" -> "convei"). The index must stem as the browser does, or a query for
    "convey" never meets the indexed term (tests/test_search_index.py compares both
    on the seed's words).
    """

    def step1c(self) -> None:
        word = str(getattr(self, "b"))  # noqa: B009 (lunr.py leaves "b" untyped for mypy)
        if self.ends("y") and self.k >= 2 and word[self.k - 1] not in "aeiou":
            self.b = word[: self.k] + "i" + word[self.k + 1 :]


_PORTER = _LunrJsStemmer()


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


PERSON = "@"  # marks a whole name's term: no word typed starts with it (see full_names)


def full_names(authors: Iterable[str]) -> list[str]:
    """Return each name of two or more words as one index term, its words joined.

    "Han Jiang" -> "@hanjiang", "Jean-Baptiste Alayrac" -> "@jeanbaptistealayrac": the
    worker looks the words of a query up joined the same way (lunr.js's tokenizer and
    trimmer, no stop word filter, no stemming), to rank a person's papers first. The
    mark keeps these terms out of the prefixes of typed words (lunr.js's trimmer strips
    it from what is typed) and sorts them into shards of their own.
    """
    found = []
    for name in authors:
        parts = [part for word in _SEPARATOR.split(name.lower()) if (part := _TRIM.sub("", word))]
        if len(parts) >= 2:
            found.append(PERSON + "".join(parts))
    return found


def ref(number: int) -> str:
    """Return a document's ref: its number in base 36 (short keys keep shards small)."""
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    out = ""
    while True:
        number, rest = divmod(number, 36)
        out = digits[rest] + out
        if not number:
            return out


def _rarest_terms(texts: Sequence[list[str]], keep: int) -> list[list[str]]:
    """Keep, in each list of terms, the occurrences of its ``keep`` rarest distinct terms.

    Rarity is document frequency across ``texts`` (ties: alphabetical, so the result
    is deterministic).
    """
    frequency = Counter(term for text in texts for term in set(text))
    kept = []
    for text in texts:
        rarest = set(sorted(set(text), key=lambda term: (frequency[term], term))[:keep])
        kept.append([term for term in text if term in rarest])
    return kept


def _distinctive_terms(texts: Sequence[list[str]], share: float) -> list[list[str]]:
    """Drop, from each list of terms, the terms found in more than ``share`` of the lists."""
    frequency = Counter(term for text in texts for term in set(text))
    limit = share * len(texts)
    return [[term for term in text if frequency[term] <= limit] for text in texts]


class AnalysedBuilder(Builder):  # type: ignore[misc]
    """lunr.py's ``Builder`` for documents whose fields are lists of analysed terms.

    It makes the same inverted index and field vectors as ``Builder`` (BM25 weights,
    lunr.js 2.3.9's ``lunr.Builder``), three times faster, by leaving out what such
    documents and this index's use do not need:

    - ``add``: no tokenizer (for a list it makes a ``Token`` per term with a deep copy
      of empty metadata) and no pipeline (the builder's is empty: terms come analysed);
    - ``_create_field_vectors``: each vector's (term index, score) pairs are sorted once,
      where ``Vector.insert`` placed them one by one with a binary search in Python;
    - ``_create_token_set``: none. It serves queries in Python only; lunr.js makes its
      own from the inverted index when it loads one (``lunr.Index.load``).

    ``tests/test_search_index.py`` checks that both builders make the same index.
    ``add`` raises ``ValueError`` if the builder's pipeline is not empty, a field has an
    extractor or metadata is whitelisted: ``Builder`` is the one for those.
    """

    def add(self, doc: dict[str, Any], attributes: dict[str, Any] | None = None) -> None:
        """Add ``doc`` (``{ref field: ref, field name: [term, ...], ...}``), like
        ``Builder.add``; terms are taken as they are (lowercase, analysed)."""
        if not self.document_count:  # checked once, not for each of 20,000 documents
            extracted = any(field.extractor for field in self._fields.values())
            if len(self.pipeline) or self.metadata_whitelist or extracted:
                raise ValueError("AnalysedBuilder takes analysed terms, no extractor or metadata")
        doc_ref = str(doc[self._ref])
        self._documents[doc_ref] = attributes or {}
        self.document_count += 1
        inverted_index = self.inverted_index
        for field_name in self._fields:
            found = doc[field_name] or ()
            field_terms: dict[str, int] = defaultdict(int)
            field_ref = f"{field_name}/{doc_ref}"  # str(lunr.field_ref.FieldRef)
            self.field_term_frequencies[field_ref] = field_terms
            self.field_lengths[field_ref] = len(found)
            for term in found:
                field_terms[term] += 1
                posting = inverted_index.get(term)
                if posting is None:
                    posting = {name: {} for name in self._fields}
                    posting["_index"] = self.term_index
                    self.term_index += 1
                    inverted_index[term] = posting
                if doc_ref not in posting[field_name]:
                    posting[field_name][doc_ref] = defaultdict(list)

    def _create_field_vectors(self) -> None:
        """Score every (field, document, term) as ``Builder._create_field_vectors``."""
        k1, b = self._k1, self._b
        idfs: dict[str, float] = {}
        field_vectors = {}
        for field_ref, term_frequencies in self.field_term_frequencies.items():
            field_name, doc_ref = field_ref.split("/", 1)
            field_length = self.field_lengths[field_ref]
            field_boost = self._fields[field_name].boost
            doc_boost = self._documents[doc_ref].get("boost", 1)
            average = self.average_field_length[field_name]
            scored = []
            for term, tf in term_frequencies.items():
                posting = self.inverted_index[term]
                if term not in idfs:
                    idfs[term] = idf(posting, self.document_count)
                score = (
                    idfs[term]
                    * ((k1 + 1) * tf)
                    / (k1 * (1 - b + b * (field_length / average)) + tf)
                )
                scored.append((posting["_index"], round(score * field_boost * doc_boost, 3)))
            scored.sort()
            field_vectors[field_ref] = Vector([value for pair in scored for value in pair])
        self.field_vectors = field_vectors

    def _create_token_set(self) -> None:
        self.token_set = TokenSet()


def _build_index(documents: Sequence[SearchDocument]) -> Index:
    """Return the lunr index of ``documents`` (refs: :func:`ref` of their position).

    Its token set is empty (see :class:`AnalysedBuilder`): it is shipped, not queried.
    """
    builder = AnalysedBuilder()
    builder.search_pipeline.add(stemmer)  # recorded in the index for lunr.js
    # No field-length normalisation (as Material's search): a paper's scores then do
    # not depend on every other paper's length, so correcting one paper rewrites only
    # the shards of the words that changed.
    builder.b(0)
    builder.ref("ref")
    for name, boost in FIELDS:
        builder.field(name, boost=boost)
    # Addresses ("github.com/org/repo") are no words a reader types.
    abstracts = _rarest_terms(
        [[term for term in terms(doc.abstract) if "/" not in term] for doc in documents],
        ABSTRACT_TERMS,
    )
    tags = _distinctive_terms([terms(" ".join(doc.tags)) for doc in documents], TAG_TERM_SHARE)
    for number, doc in enumerate(documents):
        # Terms go in already analysed (lists are taken as tokens as they are).
        builder.add(
            {
                "ref": ref(number),
                "title": terms(doc.title),
                "name": terms(doc.name),
                "arxiv": [doc.arxiv] if doc.arxiv else [],
                "tags": tags[number],
                "authors": [*terms(" ".join(doc.authors)), *full_names(doc.authors)],
                "abstract": abstracts[number],
            }
        )
    return builder.build()


def _postings(index: Index) -> dict[str, list[list[Any]]]:
    """Return term -> ``[[field number, ref, score, ref, score, ...], ...]``.

    lunr keeps each (term, field, document) twice: in the inverted index (who has the
    term) and in the field vectors (with what score). Shipped once, with the score,
    and expanded back by the worker, a shard is half the size.
    """
    fields = {name: number for number, name in enumerate(index.fields)}
    by_index = {posting["_index"]: term for term, posting in index.inverted_index.items()}
    found: dict[str, dict[int, list[Any]]] = defaultdict(lambda: defaultdict(list))
    for field_ref, vector in index.field_vectors.items():
        field_name, doc_ref = field_ref.split("/", 1)
        elements = vector.elements
        for position in range(0, len(elements), 2):
            found[by_index[elements[position]]][fields[field_name]] += [
                doc_ref,
                round(elements[position + 1], 2),
            ]
    return {
        term: [[number, *pairs] for number, pairs in sorted(per_field.items())]
        for term, per_field in found.items()
    }


def _ranges(sizes: dict[str, int], shard_bytes: int) -> list[str]:
    """Cut the sorted terms into runs of about ``SHARD_BYTES``; return each run's first term.

    Shard ``n`` holds the terms from ``firsts[n]`` up to (not including) ``firsts[n+1]``
    so the browser finds a term's shard by binary search, and the shards a prefix may
    continue into as one contiguous run.
    """
    firsts: list[str] = []
    filled = shard_bytes
    for term in sorted(sizes):
        if filled + sizes[term] > shard_bytes and filled:
            firsts.append(term)
            filled = 0
        filled += sizes[term]
    return firsts


def _shards(
    postings: dict[str, list[list[Any]]], fields: list[str], shard_bytes: int
) -> tuple[list[str], list[dict[str, Any]]]:
    """Split an index's postings into runs of terms; return (first term of each shard,
    shards)."""
    # About 8 bytes a (document, score) pair once serialized.
    sizes = {term: len(term) + 4 * sum(len(p) for p in found) for term, found in postings.items()}
    firsts = _ranges(sizes, shard_bytes)
    shards: list[dict[str, Any]] = [
        {"version": LUNR_JS_VERSION, "fields": fields, "terms": []} for _ in firsts
    ]
    shard = -1
    for term in sorted(postings):
        while shard + 1 < len(firsts) and firsts[shard + 1] <= term:
            shard += 1
        shards[shard]["terms"].append([term, postings[term]])
    return firsts, shards


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


_NOT_IN_SLUG = re.compile(r"[^a-z0-9]+")
_ASCII_LOWER = str.maketrans(string.ascii_uppercase, string.ascii_lowercase)
PAPERS = "papers/"


def simple_slug(title: str) -> str:
    """Return ``title`` with A-Z lowercased, each run of characters other than a-z and
    0-9 as one "-", and no "-" at either end: ``simpleSlug`` in the search worker.

    Most paper slugs (python-slugify's, ``generator.slugs``) begin with it, whole.
    """
    return _NOT_IN_SLUG.sub("-", title.translate(_ASCII_LOWER)).strip("-")


def place(location: str, title: str) -> int | list[Any] | str:
    """Return a document's location as the titles files hold it, told from its title.

    A paper's ``papers/<slug>/`` is ``k`` when the slug is the first ``k`` characters
    of :func:`simple_slug` of its title, else ``[k, rest]`` (the slug is those ``k``
    characters, then ``rest``); any other location is itself. About a third of the
    bytes of a titles file, which the worker fetches and parses while keys come in.
    """
    if not (location.startswith(PAPERS) and location.endswith("/")):
        return location
    slug = location[len(PAPERS) : -1]
    simple = simple_slug(title)
    pairs = enumerate(zip(slug, simple, strict=False))
    shared = next((n for n, (one, other) in pairs if one != other), min(len(slug), len(simple)))
    return shared if shared == len(slug) else [shared, slug[shared:]]


def _titles(
    documents: Sequence[SearchDocument], tag_numbers: dict[str, int]
) -> Iterator[list[list[Any]]]:
    for start in range(0, len(documents), TITLES):
        yield [
            [place(doc.location, doc.title), doc.title, [tag_numbers[tag] for tag in doc.tags]]
            for doc in documents[start : start + TITLES]
        ]


def _json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"


_TEX_MARKS = re.compile(r"[$^_{}\\]")


def _without_tex(text: str) -> str:
    """ "D$^2$GSLAM" -> "D2GSLAM": a short name as typed by someone who copies its TeX."""
    return _TEX_MARKS.sub("", text)


def _name(title: str) -> str:
    """The part of a title before its colon ("LLaMA" in "LLaMA: Open and Efficient...")."""
    head, colon, _ = title.partition(":")
    return head if colon and len(head.split()) <= 4 else ""


def _names(title: str) -> str:
    """The short name in each form a reader may type it, each form once: as shown
    ("D²GSLAM"), as written ("D$^2$GSLAM") and without TeX marks ("D2GSLAM")."""
    written = _name(title)
    forms = [_name(plain_text(title)), written, _without_tex(written)]
    return " ".join(dict.fromkeys(form for form in forms if form))


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
                # Readable text, not TeX: "∇²DFT" is what a reader sees and types.
                title=" ".join(plain_text(paper.title).split()),
                text=plain_text(paper.abstract),
                name=_names(paper.title),
                arxiv=paper.arxiv_id or "",
                authors=paper.authors,
                tags=tags,
                abstract=plain_text(paper.abstract),
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


def search_files(
    documents: Iterable[SearchDocument], shard_bytes: int = SHARD_BYTES
) -> dict[str, str]:
    """Return the search index files, path (under ``build/docs``) -> JSON text.

    ``shard_bytes``: about how large (raw JSON bytes) a shard grows before the next
    one starts.

    ``documents`` are indexed in the order given (it must be deterministic: the output
    is byte-identical for the same documents).
    """
    docs = list(documents)
    # Millions of small objects, none of them cyclic garbage: the cyclic collector would
    # walk them all again and again, for a third of this step's time.
    collecting = gc.isenabled()
    gc.disable()
    try:
        index = _build_index(docs)
        fields, postings = index.fields, _postings(index)
        del index  # most of this step's memory, freed before the shards are written out
        firsts, shards = _shards(postings, fields, shard_bytes)
    finally:
        if collecting:
            gc.enable()
    tag_names = sorted({tag for doc in docs for tag in doc.tags})
    manifest = {
        "version": FORMAT_VERSION,
        "lunr": LUNR_JS_VERSION,
        "fields": [name for name, _ in FIELDS],
        "documents": len(docs),
        "chunk": CHUNK,
        "titles": TITLES,
        "tags": tag_names,
        "shards": firsts,
    }
    files = {f"{FOLDER}/manifest.json": _json(manifest)}
    for n, shard in enumerate(shards):
        files[f"{FOLDER}/shards/{n}.json"] = _json(shard)
    for k, chunk in enumerate(_chunks(docs)):
        files[f"{FOLDER}/docs/{k}.json"] = _json(chunk)
    tag_numbers = {name: number for number, name in enumerate(tag_names)}
    for k, part in enumerate(_titles(docs, tag_numbers)):
        files[f"{FOLDER}/titles/{k}.json"] = _json(part)
    return files
