"""Make the search query set: 320 queries, each with the one paper it should find.

Usage: .venv/bin/python bench/make_search_queries.py --root SCRATCH [--out FILE]

SCRATCH is a project holding the ingested corpus (``bench/build_corpus.py --keep``
leaves one). Five kinds of query, 64 each, as readers type them:

* ``short_name``: the part of a title before its colon ("ConvLLaVA"), when no other
  title has the same one;
* ``arxiv_id``: the arXiv id ("2405.15738");
* ``title_fragment``: three to five consecutive title words found in no other title;
* ``author``: the full name of an author of only this paper;
* ``abstract_words``: two or three words of the abstract that are each in at most 30
  abstracts and together in no other one.

Papers are sampled by a hash of their slug (stable across runs and machines); every
query is unambiguous by construction, so recall is well defined. The output
(``bench/queries/search.jsonl``, JSON Lines ``{"kind", "query", "slug"}``) is kept in
the repository so every engine is measured on the same queries.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
from collections import Counter
from pathlib import Path

from common import REPO

from generator.publish.search import terms
from generator.sources import store

PER_KIND = 64
WORD = re.compile(r"[A-Za-z][A-Za-z0-9'-]*[A-Za-z0-9]|[A-Za-z]")
STOP = {"a", "an", "and", "as", "at", "by", "for", "from", "in", "of", "on", "or", "the", "to"}


def stable(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--root", type=Path, required=True)
    parser.add_argument("--out", type=Path, default=REPO / "bench/queries/search.jsonl")
    args = parser.parse_args()
    papers = {}
    for path in sorted((args.root / "content/papers").glob("*.md")):
        paper = store.parse_paper(path.read_text(encoding="utf-8"), str(path))[0]
        if paper is not None:
            papers[paper.slug] = paper
    order = sorted(papers, key=stable)
    titles = {slug: " ".join(p.title.split()) for slug, p in papers.items()}
    lowered = [title.lower() for title in titles.values()]
    heads = Counter(t.split(":")[0].strip().lower() for t in titles.values() if ":" in t)
    authors = Counter(a for p in papers.values() for a in set(p.authors))
    abstract_terms = {slug: set(terms(p.abstract)) for slug, p in papers.items()}
    frequency = Counter(t for found in abstract_terms.values() for t in found)
    queries: list[dict[str, str]] = []

    def take(kind: str, pick: object) -> None:
        found = 0
        for slug in order:
            if found == PER_KIND:
                return
            query = pick(slug)  # type: ignore[operator]
            if query:
                queries.append({"kind": kind, "query": query, "slug": slug})
                found += 1

    def short_name(slug: str) -> str | None:
        head = titles[slug].split(":")[0].strip() if ":" in titles[slug] else ""
        if head and len(head.split()) <= 3 and heads[head.lower()] == 1:
            return head
        return None

    def arxiv_id(slug: str) -> str | None:
        return papers[slug].arxiv_id

    def title_fragment(slug: str) -> str | None:
        words = WORD.findall(titles[slug].split(":", 1)[-1])
        rank = int(stable("fragment" + slug), 16)
        length = 3 + rank % 3
        starts = [i for i in range(len(words) - length + 1) if words[i].lower() not in STOP]
        if not starts:
            return None
        start = starts[rank % len(starts)]
        fragment = " ".join(words[start : start + length])
        if sum(fragment.lower() in title for title in lowered) != 1:
            return None
        return fragment

    def author(slug: str) -> str | None:
        only = sorted(a for a in papers[slug].authors if authors[a] == 1 and len(a.split()) >= 2)
        return only[int(stable("author" + slug), 16) % len(only)] if only else None

    def abstract_words(slug: str) -> str | None:
        words = {}
        for word in WORD.findall(papers[slug].abstract):
            found = terms(word)
            if len(found) == 1 and 2 <= frequency[found[0]] <= 30 and word.isalpha():
                words.setdefault(found[0], word)
        if len(words) < 3:
            return None
        ranked = sorted(words, key=lambda t: stable(slug + t))
        count = 2 + int(stable("count" + slug), 16) % 2
        chosen = ranked[:count]
        others = [s for s, found in abstract_terms.items() if set(chosen) <= found]
        if others != [slug]:
            return None
        return " ".join(words[t] for t in chosen)

    take("short_name", short_name)
    take("arxiv_id", arxiv_id)
    take("title_fragment", title_fragment)
    take("author", author)
    take("abstract_words", abstract_words)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("w", encoding="utf-8") as out:
        for query in queries:
            out.write(json.dumps(query, ensure_ascii=False) + "\n")
    kinds = Counter(q["kind"] for q in queries)
    print(f"{len(queries)} queries -> {args.out}: {dict(kinds)}")


if __name__ == "__main__":
    main()
