"""Precision of automatic mentions (short names in abstracts) on the whole corpus.

Usage: .venv/bin/python bench/mention_quality.py [--corpus ../shared/corpus/papers.jsonl]
       [--judgements bench/judgements/mentions.jsonl] [--sample 100] [--seed 2026]
       [--dump-unjudged FILE]

Reads the corpus with the project's reader (``bench/enrich_corpus.load_papers``), builds
``links.NameIndex`` over every paper and runs ``NameIndex.find`` on every abstract (the
paper itself skipped), as ``links.outgoing_links`` does for abstracts.

Measures:

* mentions: the number of mention spans found, of distinct (source, target, text)
  mentions, of distinct (source, target) links, and of papers with at least one
  mention (count and % of all papers);
* precision: a deterministic sample of the distinct mentions (the ``--sample`` ones,
  default 100, with the smallest SHA-256 of ``seed:source:target:text``, seed 2026: a
  sample that stays put when linking rules add or remove other mentions) is looked
  up in ``bench/judgements/mentions.jsonl``, one JSON object a line:
  ``{"source_arxiv_id", "target_arxiv_id", "text", "correct", "note"}``. A mention
  is correct when the text in the abstract really refers to the target paper (the same
  method, model or dataset that paper names), not an ordinary word, a generic phrase
  or another thing with the same name. Precision = correct / judged, in % (95 % Wilson
  interval shown); there is no agreed target yet, 90 % is the bar used for tags.
  Unjudged sampled mentions are counted and left out; ``--dump-unjudged FILE`` writes
  them (with the text around the mention and both titles) as JSON lines ready to be
  judged and appended to the judgements file (keep only the five keys above).

Also prints the most frequent mention texts over the whole corpus (case-folded, counted
once per distinct mention): the names that fire most are where a wrong short name costs
most. Runs in about 10 s on the 19k-paper corpus.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from common import judgements, pct, wilson
from enrich_corpus import load_papers

from generator.enrich import links

REPO = Path(__file__).resolve().parents[1]
SAMPLE_SIZE = 100
SEED = 2026
CONTEXT_CHARS = 120


@dataclass(frozen=True, order=True)
class Found:
    """One distinct mention: ``text`` in the abstract of ``source`` names ``target``."""

    source: str
    target: str
    text: str


def stable_rank(seed: int, found: object) -> str:
    """Return the sampling rank of a mention: a hash, independent of the population."""
    key = f"{seed}:{found.source}:{found.target}:{found.text}"  # type: ignore[attr-defined]
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def read_judgements(path: Path) -> dict[Found, dict[str, object]]:
    """Return judgements by mention; a later line overrides an earlier one."""
    return {
        Found(str(item["source_arxiv_id"]), str(item["target_arxiv_id"]), str(item["text"])): item
        for item in judgements(path)
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, default=REPO.parent / "shared/corpus/papers.jsonl")
    parser.add_argument("--judgements", type=Path, default=REPO / "bench/judgements/mentions.jsonl")
    parser.add_argument("--sample", type=int, default=SAMPLE_SIZE)
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--dump-unjudged", type=Path, metavar="FILE")
    args = parser.parse_args()

    started = time.perf_counter()
    papers = load_papers(args.corpus, None)
    names = links.NameIndex.build(papers)
    ids = {slug: paper.arxiv_id or slug for slug, paper in papers.items()}
    spans = 0
    contexts: dict[Found, tuple[str, str]] = {}
    sources: set[str] = set()
    pairs: set[tuple[str, str]] = set()
    texts: Counter[str] = Counter()
    for slug in sorted(papers):
        abstract = papers[slug].abstract
        for mention in names.find(abstract, skip=slug):
            spans += 1
            found = Found(ids[slug], ids[mention.target], mention.text)
            if found not in contexts:
                start = max(0, mention.start - CONTEXT_CHARS)
                end = min(len(abstract), mention.end + CONTEXT_CHARS)
                snippet = (
                    f"{abstract[start : mention.start]}[[{mention.text}]]"
                    f"{abstract[mention.end : end]}"
                )
                contexts[found] = (slug, " ".join(snippet.split()))
                texts[mention.text.casefold()] += 1
            sources.add(slug)
            pairs.add((slug, mention.target))

    # Rank every mention by a hash of (seed, mention): the sample is stable when rules
    # change, since removing a mention only brings in the next one, and judgements
    # already made keep counting.
    population = sorted(contexts, key=lambda found: stable_rank(args.seed, found))
    sample = population[: args.sample]
    judgements = read_judgements(args.judgements)
    verdicts = {
        found: bool(judgements[found]["correct"]) for found in sample if found in judgements
    }
    unjudged = [found for found in sample if found not in judgements]
    correct = sum(verdicts.values())
    wrong_texts = Counter(found.text.casefold() for found, ok in verdicts.items() if not ok)
    elapsed = time.perf_counter() - started

    if args.dump_unjudged:
        by_id = {paper.arxiv_id: paper for paper in papers.values() if paper.arxiv_id}
        with args.dump_unjudged.open("w", encoding="utf-8") as handle:
            for found in unjudged:
                target = by_id[found.target]
                line = {
                    "source_arxiv_id": found.source,
                    "target_arxiv_id": found.target,
                    "text": found.text,
                    "correct": None,
                    "note": "",
                    "source_title": papers[contexts[found][0]].title,
                    "context": contexts[found][1],
                    "target_title": target.title,
                    "target_abstract": target.abstract[:400],
                }
                handle.write(json.dumps(line, ensure_ascii=False) + "\n")
        print(f"wrote {len(unjudged)} unjudged mentions to {args.dump_unjudged}")

    low, high = wilson(correct, len(verdicts))
    print("== mention quality ==")
    print(
        f"papers: {len(papers)}  indexed names: {len(names.exact) + len(names.folded)}"
        f" ({len(names.exact)} one-word, {len(names.folded)} phrases)"
    )
    print(
        f"mentions:        {spans} spans, {len(contexts)} distinct (source, target, text), "
        f"{len(pairs)} links"
    )
    print(f"papers with a mention: {len(sources)} ({pct(len(sources), len(papers))})")
    print(
        f"precision:       {pct(correct, len(verdicts))}  ({correct}/{len(verdicts)} judged "
        f"correct; 95 % CI {low:.1f}-{high:.1f} %; sample {len(sample)}, seed {args.seed})"
    )
    print(f"unjudged:        {len(unjudged)} of {len(sample)} sampled mentions")
    if wrong_texts:
        worst = ", ".join(f"{text!r} {n}" for text, n in wrong_texts.most_common(10))
        print(f"wrong in sample: {worst}")
    frequent = ", ".join(f"{text!r} {n}" for text, n in texts.most_common(10))
    print(f"most frequent mention texts (distinct mentions): {frequent}")
    print(f"time: {elapsed:.1f} s")


if __name__ == "__main__":
    main()
