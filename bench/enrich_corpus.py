"""Time and memory of enrichment (tagging, related papers, links) on the whole corpus.

Usage: .venv/bin/python bench/enrich_corpus.py [--corpus ../shared/corpus/papers.jsonl]
       [--tags content/tags.yml] [--limit N]

Reads the JSON Lines corpus with the project's reader, turns every entry into a
``Paper`` (slugs as ingest would choose them), then runs ``corpus.tag`` and ``corpus.link`` (as
``pipeline.build`` does) and reports
the wall time of each stage in seconds and the peak resident memory in MB
(``ru_maxrss``, the whole process). Target (issue 4): < 60 s and < 4 GB for ~19k papers.
"""

from __future__ import annotations

import argparse
import resource
import time
from pathlib import Path

from generator.enrich import corpus
from generator.model import Paper
from generator.readers import read_listing
from generator.sources import store
from generator.sources.slugs import paper_slug

REPO = Path(__file__).resolve().parents[1]


def load_papers(corpus: Path, limit: int | None) -> dict[str, Paper]:
    """Read ``corpus`` and return papers by slug (first entry wins for a repeated title)."""
    listing = read_listing(corpus)
    papers: dict[str, Paper] = {}
    for entry in listing.entries[:limit]:
        slug = paper_slug(entry.title, papers, entry.arxiv_id)
        listed = (entry.day,) if entry.day else ()
        papers[slug] = Paper(
            slug, entry.title, entry.abstract, listed, entry.arxiv_id, entry.authors, entry.code
        )
    return papers


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, default=REPO.parent / "shared/corpus/papers.jsonl")
    parser.add_argument("--tags", type=Path, default=REPO / "content/tags.yml")
    parser.add_argument("--limit", type=int)
    args = parser.parse_args()

    started = time.perf_counter()
    papers = load_papers(args.corpus, args.limit)
    tags, problems = store.load_tags(args.tags)
    assert not problems, problems
    read = time.perf_counter()
    # The same two stages as pipeline.build(), in the same order.
    with_tags = corpus.tag(papers, tags, {})
    tagged = time.perf_counter()
    with_links = corpus.link(with_tags)
    linked = time.perf_counter()
    outgoing, backlinks = with_links.outgoing, with_links.backlinks

    enrich = linked - read
    mentions = sum(1 for found in outgoing.values() for link in found if link.kind == "mention")
    print(f"papers: {len(papers)}  tags in vocabulary: {len(tags)}")
    print(f"read corpus:     {read - started:6.1f} s")
    print(f"tagging:         {tagged - read:6.1f} s")
    print(f"related, links:  {linked - tagged:6.1f} s  ({mentions} mentions)")
    print(f"enrich total:    {enrich:6.1f} s  (target < 60 s)")
    print(f"peak memory:     {peak_mb():6.0f} MB (target < 4096 MB)")
    print(f"papers with backlinks: {len(backlinks)}")


if __name__ == "__main__":
    main()
