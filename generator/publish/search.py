"""The search index: every paper, tag and day, scored at build time, split into shards.

Material's own search sends every page's text to the browser and builds a lunr index
there: at 20,000 papers that is a 29 MB download and 15 s before the first result. Here
every term is scored once, at build time, with lunr's BM25 (the scores lunr.py's and
lunr.js's ``lunr.Builder`` give), and the index is split so that a query downloads only
the few shards holding its words:

``papersite-search/manifest.json``
    ``{"version": 5, "fields": [...], "documents": N, "chunk": C, "titles": T,
    "tags": [tag name, ...], "shards": [first term of shard 0, of shard 1, ...],
    "typo": [TYPO_MIN, TYPO_MAX], "paper_url": [before, after], "files": "<v>/"}``:
    shard ``n`` holds the terms sorted (in :func:`js_order`) between its first term and
    the next shard's; a paper's URL is ``before + slug + after`` (:mod:`generator.urls`);
    the files below are in ``papersite-search/<v>/``, ``<v>`` a hash of their content.
``papersite-search/<v>/shards/<n>.json``
    ``{"terms": [[term, [[field, ref, score, ref, score, ...], ...]], ...], "aliases":
    {word: term}, "prefixes": {prefix: [term, ...]}}`` (``field`` numbers the
    manifest's ``fields``): each term once with its postings and scores (BM25 over the whole
    corpus, so a shard scores a document exactly as the whole index would); the words
    sorted among these terms that are not their own term (:func:`_analyse`); the
    commonest completions of the long prefixes that begin here (:func:`_prefix_terms`).
``papersite-search/<v>/words/<n>.json``
    ``[word, ...]``: the indexed words of ``n`` characters, where the worker looks for
    the word a typo was meant to be.
``papersite-search/<v>/docs/<k>.json``
    ``[[place, title, text, [tag number, ...]], ...]`` for documents ``k*C`` to
    ``k*C+C-1``, fetched only for the results shown (``text``: up to TEXT_CHARS
    characters of the abstract, white space collapsed; ``place`` and tag numbers as in
    the titles files). A document's ref is its number in base 36.
``papersite-search/<v>/titles/<p>.json``
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
import hashlib
import json
import math
import re
import string
import unicodedata
from bisect import bisect_right
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from heapq import nlargest
from itertools import pairwise
from typing import Any
from urllib.parse import urlsplit

import regex
from lunr.stemmer import PorterStemmer
from lunr.stop_word_filter import WORDS as STOP_WORDS

from generator import urls
from generator.enrich.corpus import TaggedCorpus
from generator.text.code_hosts import REPOSITORY_HOSTS
from generator.text.english import long_date
from generator.text.texmath import plain_text

FORMAT_VERSION = 5
FOLDER = urls.SEARCH_INDEX

# (field, boost): a title or short name match outranks a tag, an author, the abstract.
FIELDS: tuple[tuple[str, int], ...] = (
    ("title", 10),
    ("name", 10),
    ("arxiv", 10),
    ("tags", 5),
    ("code", 3),
    ("authors", 3),
    ("abstract", 1),
)
# lunr's BM25 parameters (lunr.Builder's k1; b = 0, see _postings).
K1 = 1.2
# Documents per docs/<k>.json: the results shown fetch a few small chunks (about
# 8 kB gzip each, so the 30 results of a first query cost about 0.25 MB).
CHUNK = 32
# Documents per titles/<p>.json: at 20,000 papers, ten files of about 64 kB gzip,
# each parsed in a few milliseconds. The worker fetches two at a time, so the
# shards of the next keystrokes never wait behind them for one of the six
# connections a browser opens to a host (HTTP/1.1).
TITLES = 2048
SHARD_BYTES = 25_000  # a shard's size (raw JSON, about 8 kB gzip)
# A prefix whose terms run over more shards than this is not expanded in the browser:
# the shard where it starts lists its most common completions instead (PREFIX_TERMS).
MAX_PREFIX_SHARDS = 1
PREFIX_TERMS = 4
# A tag word shared by more papers than this share ("model": half of them) is not
# indexed in the tags field: it cannot lift a paper above the thousands of others, and
# its postings made every keystroke on such a word scan them all.
TAG_TERM_SHARE = 0.1
# A result's text: the abstract, of which the worker shows the part around the first
# word matched (a match deep in the abstract is seen, and phrases are looked for in it).
# A longer text is cut at a word: 1,500 characters hold the whole abstract of most
# papers, and keep the whole index within 20 MB gzip at 20,000 papers.
TEXT_CHARS = 1_500
# Words this long or longer are looked up with one typo allowed when nothing matches
# them; words/<n>.json lists the indexed words of n characters for that.
TYPO_MIN = 5
TYPO_MAX = 24  # words/24.json holds every longer word too

# Text analysis, the same in the worker (termsOf in papersite-search.js): NFKC
# (ligatures, full-width forms and math letters become plain letters), lower case, then
# tokens: a dotted number ("3.5", "2405.15738") or a run of letters and digits with a
# trailing "++" or "#" ("c++", "c#"). A run of Chinese, Japanese or Korean characters
# is indexed as its overlapping bigrams: no spaces tell its words apart. A word of
# Latin letters loses its accents ("naïve" is "naive"), as readers type it either way.
_TOKEN = re.compile(r"\d+(?:\.\d+)+|[^\W_]+(?:\+\+|#)?")
_ASCII_TOKEN = re.compile(r"[0-9]+(?:\.[0-9]+)+|[a-z0-9]+(?:\+\+|#)?")
_CJK_RUNS = regex.compile(
    r"[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]+|[^\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]+"
)
_CJK = regex.compile(r"[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]")
_ASCII_WORD = re.compile(r"[a-z]+")
_LATIN_WORD = regex.compile(r"[\p{Script=Latin}\p{N}\p{M}]+")
_MARK = regex.compile(r"\p{M}")
# A hyphenated word of a title ("In-Context", "Vision-Language-Action").
_COMPOUND = regex.compile(r"[\p{L}\p{N}]+(?:-[\p{L}\p{N}]+)+")


def _folded(token: str) -> str:
    """``"naïve"`` -> ``"naive"``: a word of Latin letters without its accents (marks
    dropped after canonical decomposition, Unicode UAX #15); other scripts unchanged,
    since their marks can be letters of their own (Devanagari vowel signs)."""
    if token.isascii() or not _LATIN_WORD.fullmatch(token):
        return token
    decomposed = unicodedata.normalize("NFD", token)
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if not _MARK.match(c)))


class _LunrJsStemmer(PorterStemmer):  # type: ignore[misc]
    """lunr.py's Porter stemmer, with lunr.js 2.3.9's step 1c.

    lunr.js turns a final y into i only after a consonant that is not the word's first
    letter ("cry" -> "cri", "convey" stays), lunr.py after any vowel in the stem
    ("convey" -> "convei"). The index must stem as the browser does, or a query for
    "convey" never meets the indexed term (tests/publish/test_search_index.py compares both
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
    every other field is plain text (escaped by the worker when shown). ``code`` holds
    the owner and repository names of the paper's code links ("APPFL FedCompass").
    """

    location: str
    title: str
    text: str = ""
    name: str = ""
    arxiv: str = ""
    authors: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    abstract: str = ""
    code: str = ""


def tokens(text: str) -> list[str]:
    """Return the words of ``text`` as the index sees them, before stop words and stems.

    ``"Eﬃcient C++ μP 注意力"`` -> ``["efficient", "c++", "μp", "注意力"]``.
    """
    if text.isascii():  # most text: the same tokens, three times faster
        return _ASCII_TOKEN.findall(text.lower())
    found = []
    for token in _TOKEN.findall(unicodedata.normalize("NFKC", text).lower()):
        if token.isascii() or not _CJK.search(token):
            found.append(_folded(token))
        else:
            found += [_folded(run) for run in _CJK_RUNS.findall(token)]
    return found


@cache
def _token_terms(token: str) -> tuple[str, ...]:
    if _ASCII_WORD.fullmatch(token):
        if len(token) == 1 or token in STOP_WORDS:
            return ()  # a lone letter is an initial or a variable, not a word looked for
        return (str(_PORTER.stem(token)),)
    if _CJK.match(token):
        if len(token) == 1:
            return (token,)
        return tuple(token[i : i + 2] for i in range(len(token) - 1))
    return () if token in STOP_WORDS else (token,)


def terms(text: str) -> list[str]:
    """Return the index terms of ``text``, in order, as the search worker computes them.

    :func:`tokens`, then lunr.js 2.3.9's English stop words dropped and its Porter
    stemmer applied to words of ASCII letters; other words (digits, Greek, "c++") stay
    as they are, and a CJK run becomes its overlapping character bigrams.
    """
    return [term for token in tokens(text) for term in _token_terms(token)]


PERSON = "@"  # marks a whole name's term: no word typed starts with it (see full_names)


def full_names(authors: Iterable[str]) -> list[str]:
    """Return each name of two or more words as one index term, its words joined.

    "Han Jiang" -> "@hanjiang", "Jean-Baptiste Alayrac" -> "@jeanbaptistealayrac": the
    worker looks the words of a query up joined the same way (:func:`tokens`, no stop
    words, no stemming), to rank a person's papers first. The mark keeps these terms
    out of the prefixes of typed words and sorts them into shards of their own.
    """
    found = []
    for name in authors:
        parts = tokens(name)
        if len(parts) >= 2:
            found.append(PERSON + "".join(parts))
    return found


def code_names(urls: Iterable[str]) -> str:
    """Return the owner and repository names of code-host links, space-separated.

    ``["https://github.com/APPFL/FedCompass"]`` -> ``"APPFL FedCompass"``: a reader
    may know a method only by its repository.
    """
    names = []
    for url in urls:
        parts = urlsplit(url if "//" in url else f"//{url}")
        host = (parts.hostname or "").removeprefix("www.")
        if host in REPOSITORY_HOSTS:
            names += [part for part in parts.path.split("/")[:3] if part]
    return " ".join(dict.fromkeys(name.removesuffix(".git") for name in names))


def ref(number: int) -> str:
    """Return a document's ref: its number in base 36 (short keys keep shards small)."""
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    out = ""
    while True:
        number, rest = divmod(number, 36)
        out = digits[rest] + out
        if not number:
            return out


def js_order(term: str) -> bytes:
    """Sort key of ``term`` as JavaScript compares strings: by UTF-16 code unit.

    Python compares code points, which puts a character beyond U+FFFF (a surrogate
    pair in UTF-16) after U+E000-U+FFFF; the worker's binary search over shard bounds
    compares as JavaScript does, so the index is sorted its way.
    """
    return term.encode("utf-16-be", "surrogatepass")


def _distinctive_terms(texts: Sequence[list[str]], share: float) -> list[list[str]]:
    """Drop, from each list of terms, the terms found in more than ``share`` of the lists."""
    frequency = Counter(term for text in texts for term in set(text))
    limit = share * len(texts)
    return [[term for term in text if frequency[term] <= limit] for text in texts]


def _analyse(
    documents: Sequence[SearchDocument],
) -> tuple[list[dict[str, list[str]]], dict[int, list[str]], dict[str, str]]:
    """Return each document's fields as lists of index terms; the indexed words of
    ``TYPO_MIN - 1`` characters or more by length (words of ``TYPO_MAX`` or more under
    ``TYPO_MAX``): where the worker looks for the word a typo was meant to be (one edit
    changes a word's length by at most one); and each word that is not its own term,
    with its term ("activation" -> "activ"): a word being typed is looked up among
    words, since its stem may be shorter than what is typed so far ("activa")."""
    tags = _distinctive_terms([terms(" ".join(doc.tags)) for doc in documents], TAG_TERM_SHARE)
    seen: set[str] = set()
    fields = []
    for number, doc in enumerate(documents):
        texts = {
            "title": doc.title,
            "name": doc.name,
            "code": doc.code,
            "authors": " ".join(doc.authors),
            "abstract": doc.abstract,
        }
        found: dict[str, list[str]] = {
            "arxiv": [doc.arxiv] if doc.arxiv else [],
            "tags": tags[number],
        }
        for name, text in texts.items():
            found_tokens = tokens(text)
            found[name] = [term for token in found_tokens for term in _token_terms(token)]
            seen.update(found_tokens)
        found["authors"] += full_names(doc.authors)
        fields.append(found)
    words: dict[int, list[str]] = defaultdict(list)
    aliases = {}
    for token in sorted(seen, key=js_order):
        token_terms = _token_terms(token)
        # CJK runs are matched by their bigrams, never corrected.
        if len(token) >= TYPO_MIN - 1 and token_terms and len(token_terms[0]) > 2:
            words[min(len(token), TYPO_MAX)].append(token)
        if len(token_terms) == 1 and token_terms[0] != token:
            aliases[token] = token_terms[0]
    return fields, dict(sorted(words.items())), aliases


def _postings(fields: Sequence[dict[str, list[str]]]) -> dict[str, list[list[Any]]]:
    """Return term -> ``[[field number, ref, score, ref, score, ...], ...]``.

    The scores of lunr's index (lunr.js 2.3.9 ``lunr.Builder``, which lunr.py ports):
    BM25 with ``k1`` = 1.2 and ``b`` = 0, the field's boost, rounded to 3 decimals, and
    the idf lunr computes (``lunr.idf``: the documents holding the term counted once
    per field). ``b`` = 0 means no field-length normalisation (as Material's search):
    a paper's scores then do not depend on every other paper's length, so correcting
    one paper rewrites only the shards of the words that changed. Shipped with 2
    decimals. ``tests/publish/test_search_index.py`` checks them against lunr.py's index.
    """
    numbers = {name: number for number, (name, _) in enumerate(FIELDS)}
    boosts = dict(FIELDS)
    counted: dict[str, dict[int, list[Any]]] = {}
    for number, doc in enumerate(fields):
        doc_ref = ref(number)
        for name, found in doc.items():
            field = numbers[name]
            for term, tf in Counter(found).items():
                per_field = counted.get(term)
                if per_field is None:
                    per_field = counted[term] = {}
                pairs = per_field.get(field)
                if pairs is None:
                    per_field[field] = [doc_ref, tf]
                else:
                    pairs += (doc_ref, tf)
    total = len(fields)
    postings = {}
    for term, per_field in counted.items():
        holding = sum(len(pairs) // 2 for pairs in per_field.values())
        idf = math.log(1 + abs((total - holding + 0.5) / (holding + 0.5)))
        out = []
        for number in sorted(per_field):
            boost = boosts[FIELDS[number][0]]
            pairs = per_field[number]
            score = {1: round(round(idf * (K1 + 1) / (K1 + 1) * boost, 3), 2)}
            for i in range(1, len(pairs), 2):
                tf = pairs[i]
                if tf not in score:
                    score[tf] = round(round(idf * (K1 + 1) * tf / (K1 + tf) * boost, 3), 2)
                pairs[i] = score[tf]
            out.append([number, *pairs])
        postings[term] = out
    return postings


def _ranges(sizes: dict[str, int], shard_bytes: int) -> list[str]:
    """Cut the terms, in :func:`js_order`, into runs of about ``shard_bytes``; return each
    run's first term.

    Shard ``n`` holds the terms from ``firsts[n]`` up to (not including) ``firsts[n+1]``
    so the browser finds a term's shard by binary search, and the shards a prefix may
    continue into as one contiguous run.
    """
    firsts: list[str] = []
    filled = shard_bytes
    for term in sorted(sizes, key=js_order):
        if filled + sizes[term] > shard_bytes and filled:
            firsts.append(term)
            filled = 0
        filled += sizes[term]
    return firsts


def _shard_of(bounds: list[bytes], term: str) -> int:
    """The shard holding ``term``: ``shardOf`` in the worker."""
    return max(bisect_right(bounds, js_order(term)) - 1, 0)


def _prefix_terms(
    entries: list[tuple[str, str]], postings: dict[str, list[list[Any]]], firsts: list[str]
) -> dict[int, dict[str, list[str]]]:
    """The completions a shard lists for the prefixes the worker does not expand.

    ``entries``: (term or word, its term) in :func:`js_order`. A prefix of two or more
    characters whose entries run over more than ``MAX_PREFIX_SHARDS`` shards ("co",
    "diff") would make a keystroke fetch and scan them all. Such a prefix spans a shard
    boundary, so it is a prefix of the common start of the entries either side of one;
    the shard where the prefix begins lists the ``PREFIX_TERMS`` terms, among those its
    entries stand for, found in most documents. Returns shard -> prefix -> terms.
    """
    bounds = [js_order(first) for first in firsts]
    keys = [js_order(key) for key, _ in entries]
    spanning: set[str] = set()
    for n in range(1, len(firsts)):
        at = bisect_right(keys, bounds[n]) - 1
        before, after = entries[at - 1][0], entries[at][0]
        common = 0
        while common < min(len(before), len(after)) and before[common] == after[common]:
            common += 1
        spanning.update(after[:k] for k in range(2, common + 1))
    found: dict[int, dict[str, list[str]]] = defaultdict(dict)
    weight = {term: sum(len(p) - 1 for p in per_field) for term, per_field in postings.items()}
    for prefix in sorted(spanning, key=js_order):
        first = _shard_of(bounds, prefix)
        last = _shard_of(bounds, prefix + "\uffff")
        if last - first + 1 <= MAX_PREFIX_SHARDS:
            continue
        low = max(bisect_right(keys, js_order(prefix)) - 1, 0)
        high = bisect_right(keys, js_order(prefix + "\uffff"))
        run = {term for key, term in entries[low:high] if key.startswith(prefix)}
        best = nlargest(PREFIX_TERMS, sorted(run), key=lambda term: (weight[term], -len(term)))
        found[first][prefix] = best
    return found


def _shards(
    postings: dict[str, list[list[Any]]], aliases: dict[str, str], shard_bytes: int
) -> tuple[list[str], list[dict[str, Any]]]:
    """Split an index's postings into runs of terms; return (first term of each shard,
    shards). A word of ``aliases`` goes with the terms it sorts among."""
    # About 8 bytes a (document, score) pair once serialized.
    sizes = {term: len(term) + 4 * sum(len(p) for p in found) for term, found in postings.items()}
    firsts = _ranges(sizes, shard_bytes)
    shards: list[dict[str, Any]] = [{"terms": []} for _ in firsts]
    ordered = sorted(postings, key=js_order)
    bounds = [js_order(first) for first in firsts]
    for term in ordered:
        shards[_shard_of(bounds, term)]["terms"].append([term, postings[term]])
    for word in sorted(aliases, key=js_order):
        shards[_shard_of(bounds, word)].setdefault("aliases", {})[word] = aliases[word]
    entries = sorted(
        [*((term, term) for term in ordered), *aliases.items()], key=lambda e: js_order(e[0])
    )
    for number, prefixes in _prefix_terms(entries, postings, firsts).items():
        shards[number]["prefixes"] = prefixes
    return firsts, shards


def _shown_text(text: str) -> str:
    text = " ".join(text.split())
    if len(text) <= TEXT_CHARS:
        return text
    return text[:TEXT_CHARS].rsplit(" ", 1)[0] + "…"


def _chunks(
    documents: Sequence[SearchDocument], tag_numbers: dict[str, int]
) -> Iterator[list[list[Any]]]:
    for start in range(0, len(documents), CHUNK):
        yield [
            [
                place(doc.location, doc.title),
                doc.title,
                _shown_text(doc.text),
                [tag_numbers[tag] for tag in doc.tags],
            ]
            for doc in documents[start : start + CHUNK]
        ]


_NOT_IN_SLUG = re.compile(r"[^a-z0-9]+")
_ASCII_LOWER = str.maketrans(string.ascii_uppercase, string.ascii_lowercase)


def simple_slug(title: str) -> str:
    """Return ``title`` with A-Z lowercased, each run of characters other than a-z and
    0-9 as one "-", and no "-" at either end: ``simpleSlug`` in the search worker.

    Most paper slugs (python-slugify's, ``generator.sources.slugs``) begin with it, whole.
    """
    return _NOT_IN_SLUG.sub("-", title.translate(_ASCII_LOWER)).strip("-")


def place(location: str, title: str) -> int | list[Any] | str:
    """Return a document's location as the titles files hold it, told from its title.

    A paper's ``papers/<slug>/`` is ``k`` when the slug is the first ``k`` characters
    of :func:`simple_slug` of its title, else ``[k, rest]`` (the slug is those ``k``
    characters, then ``rest``); any other location is itself. About a third of the
    bytes of a titles file, which the worker fetches and parses while keys come in.
    """
    before, after = urls.paper_url_parts()
    if not (location.startswith(before) and location.endswith(after)):
        return location
    slug = location[len(before) : len(location) - len(after)]
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
    ("D²GSLAM"), as written ("D$^2$GSLAM") and without TeX marks ("D2GSLAM"); then the
    title's hyphenated words joined, as a reader may type them ("incontext",
    "visionlanguage": the whole word and each two parts that stand together)."""
    written = _name(title)
    forms = [_name(plain_text(title)), written, _without_tex(written)]
    for compound in _COMPOUND.findall(plain_text(title)):
        parts = compound.split("-")
        forms.append("".join(parts))
        if len(parts) > 2:
            forms += ["".join(pair) for pair in pairwise(parts)]
    return " ".join(dict.fromkeys(form for form in forms if form))


def search_documents(corpus: TaggedCorpus, tag_ids: Iterable[str]) -> list[SearchDocument]:
    """Return the searchable pages: every paper, then the tags ``tag_ids``, then the days.

    URLs follow ``use_directory_urls`` (``papers/<slug>/``), as MkDocs writes them.
    """
    documents = []
    for slug, paper in corpus.papers.items():
        tags = tuple(corpus.tags[a.tag].name for a in corpus.paper_tags.get(slug, ()))
        documents.append(
            SearchDocument(
                location=urls.paper_url(slug),
                # Readable text, not TeX: "∇²DFT" is what a reader sees and types.
                title=" ".join(plain_text(paper.title).split()),
                text=plain_text(paper.abstract),
                name=_names(paper.title),
                arxiv=paper.arxiv_id or "",
                authors=paper.authors,
                tags=tags,
                abstract=plain_text(paper.abstract),
                code=code_names(paper.code),
            )
        )
    for tag_id in tag_ids:
        tag = corpus.tags[tag_id]
        documents.append(
            SearchDocument(
                location=urls.tag_url(tag_id),
                title=f"Tag: {tag.name}",
                text=tag.description,
                abstract=tag.description,
            )
        )
    for day in corpus.days():
        listing = corpus.listings[day]
        documents.append(
            SearchDocument(
                location=urls.day_url(day),
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
        fields, words, aliases = _analyse(docs)
        firsts, shards = _shards(_postings(fields), aliases, shard_bytes)
        del fields
    finally:
        if collecting:
            gc.enable()
    tag_names = sorted({tag for doc in docs for tag in doc.tags})
    manifest = {
        "version": FORMAT_VERSION,
        "fields": [name for name, _ in FIELDS],
        "documents": len(docs),
        "chunk": CHUNK,
        "titles": TITLES,
        "tags": tag_names,
        "shards": firsts,
        "typo": [TYPO_MIN, TYPO_MAX],
        # How the worker makes a paper's URL from its slug: before + slug + after.
        "paper_url": list(urls.paper_url_parts()),
    }
    data = {f"shards/{n}.json": _json(shard) for n, shard in enumerate(shards)}
    tag_numbers = {name: number for number, name in enumerate(tag_names)}
    for k, chunk in enumerate(_chunks(docs, tag_numbers)):
        data[f"docs/{k}.json"] = _json(chunk)
    for k, part in enumerate(_titles(docs, tag_numbers)):
        data[f"titles/{k}.json"] = _json(part)
    for length, listed in words.items():
        data[f"words/{length}.json"] = _json(listed)
    # The data files of one build share a folder named by their content: a reader whose
    # tab still holds the manifest of the site before the last deploy asks for a
    # folder that is gone, and the worker fetches the new manifest (a 404), rather
    # than reading the new shards with the old manifest's boundaries and numbers.
    digest = hashlib.sha256()
    for name in sorted(data):
        digest.update(f"{name}\0{data[name]}\0".encode())
    version = digest.hexdigest()[:12]
    manifest["files"] = f"{version}/"
    files = {f"{FOLDER}/manifest.json": _json(manifest)}
    files.update((f"{FOLDER}/{version}/{name}", text) for name, text in data.items())
    return files
