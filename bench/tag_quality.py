"""Tag quality on a fixed sample of the corpus: coverage, tags per paper, precision, agreement.

Usage: .venv/bin/python bench/tag_quality.py [--corpus ../shared/corpus/papers.jsonl]
       [--tags content/tags.yml] [--judgements bench/judgements/tags.jsonl]
       [--sample 200] [--seed 2026] [--dump-unjudged FILE]

Sample: the arXiv ids of the corpus records that have an abstract, sorted, then
``random.Random(seed).sample(ids, n)`` (default 200 papers, seed 2026), so the sample
changes only when the corpus does. The papers are read with the project's reader
(``bench/enrich_corpus.load_papers``) and tagged with ``generator.enrich.tagging`` against
``content/tags.yml``; contributor tags play no part (corpus papers have none).

Measures:

* coverage: share of sampled papers with at least one tag (%; target >= 95 %);
* tags per paper: mean, median and max over the sample;
* precision: share of judged assignments that are correct (%; target >= 90 %). An
  assignment (paper, tag, phrase) is correct when a reader browsing the tag would expect
  the paper there, judged by a person against the title and abstract, not merely that
  the phrase occurs. Judgements live in ``bench/judgements/tags.jsonl``, one JSON object
  a line: ``{"arxiv_id", "tag", "phrase", "correct", "note"}``. An assignment is looked up
  by (arxiv_id, tag, phrase); failing that, by (arxiv_id, tag) with another phrase (the
  verdict is about the tag on the paper, so it carries over when the vocabulary changes
  which phrase is shown), and such reuses are counted. Assignments with no judgement are
  reported as unjudged and left out of the precision; ``--dump-unjudged FILE`` writes them
  (with title, abstract and the text around the match) as JSON lines ready to be judged
  and appended to the judgements file (keep only the five keys above).
* agreement with ``ai_keywords`` (Hugging Face's keywords; read from the JSON lines by
  arXiv id): over the assigned tags of sampled papers that have keywords, the share whose
  tag name or matched phrase shares at least one content token with the keywords.
  Tokens are lower-cased runs of letters and digits (hyphens split words), with a final
  "s" dropped from words of 4+ characters ("models" -> "model"); the stop-words in
  ``STOP_TOKENS`` (function words and words of every ML abstract such as "model",
  "learning", "data") are ignored on both sides. Unit: % of assignments.
* agreement with arXiv ``categories``: ``CATEGORY_MAP`` maps some tags to the arXiv
  categories a paper with that tag is expected to carry (robotics -> cs.RO, language
  tags -> cs.CL, ...). Over the assignments of a mapped tag on sampled papers that list
  categories, the share where at least one expected category is among the paper's.
  Unit: % of mapped assignments. Few corpus records carry categories (about 6 %), so the
  count is small: read the figure with its n.

Both agreement figures are proxies with no target: keywords and categories are coarse and
incomplete, so disagreement flags tags worth a look rather than proving them wrong.
Runs in about 12 s on the 19k-paper corpus (reading it is most of that).
"""

from __future__ import annotations

import argparse
import json
import random
import re
import statistics
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from common import judgements, pct, wilson
from enrich_corpus import load_papers

from generator.enrich import tagging
from generator.model import Paper
from generator.sources import store

REPO = Path(__file__).resolve().parents[1]
SAMPLE_SIZE = 200
SEED = 2026
CONTEXT_CHARS = 120
COVERAGE_TARGET = 95.0
PRECISION_TARGET = 90.0

# Tag -> arXiv categories a paper with the tag is expected to list (any one suffices).
CATEGORY_MAP: dict[str, frozenset[str]] = {
    "robotics": frozenset({"cs.RO"}),
    "autonomous-driving": frozenset({"cs.RO", "cs.CV"}),
    "image-generation": frozenset({"cs.CV", "cs.GR"}),
    "video-generation": frozenset({"cs.CV", "cs.GR"}),
    "video-understanding": frozenset({"cs.CV"}),
    "segmentation": frozenset({"cs.CV", "eess.IV"}),
    "object-detection": frozenset({"cs.CV"}),
    "three-d-vision": frozenset({"cs.CV", "cs.GR", "cs.RO"}),
    "neural-rendering": frozenset({"cs.CV", "cs.GR"}),
    "image-restoration": frozenset({"cs.CV", "eess.IV"}),
    "machine-translation": frozenset({"cs.CL"}),
    "language-modeling": frozenset({"cs.CL"}),
    "summarization": frozenset({"cs.CL"}),
    "information-extraction": frozenset({"cs.CL", "cs.IR"}),
    "multilingual": frozenset({"cs.CL"}),
    "speech": frozenset({"cs.CL", "cs.SD", "eess.AS"}),
    "audio-and-music": frozenset({"cs.SD", "eess.AS", "cs.MM"}),
    "reinforcement-learning": frozenset({"cs.LG", "cs.AI", "cs.RO", "stat.ML"}),
    "optimization": frozenset({"cs.LG", "math.OC", "stat.ML", "cs.NE"}),
    "cybersecurity": frozenset({"cs.CR"}),
    "privacy": frozenset({"cs.CR", "cs.LG"}),
    "recommendation": frozenset({"cs.IR"}),
    "information-retrieval": frozenset({"cs.IR", "cs.CL"}),
    "code-generation": frozenset({"cs.SE", "cs.CL", "cs.LG", "cs.PL"}),
    "human-ai-interaction": frozenset({"cs.HC"}),
    "multi-agent-systems": frozenset({"cs.MA", "cs.AI"}),
}

STOP_TOKENS = frozenset(
    """
    a an and as at based by for from in into of on or the to via with without
    model learning data network method task system approach framework deep neural
    new large small general use using
    """.split()
)
_TOKEN = re.compile(r"[a-z0-9]+")


def tokens(text: str) -> set[str]:
    """Return the content tokens of ``text`` (see the module docstring)."""
    found = set()
    for token in _TOKEN.findall(text.lower()):
        if len(token) >= 4 and token.endswith("s") and not token.endswith("ss"):
            token = token[:-1]
        if token not in STOP_TOKENS:
            found.add(token)
    return found


@dataclass(frozen=True)
class Assignment:
    """One automatic tag on a sampled paper and the phrase that assigned it."""

    arxiv_id: str
    tag: str
    phrase: str


def read_records(corpus: Path) -> dict[str, dict[str, object]]:
    """Return the raw JSON record of every corpus line, by arXiv id (for extra fields)."""
    records: dict[str, dict[str, object]] = {}
    with corpus.open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                record = json.loads(line, strict=False)
                if isinstance(record, dict) and record.get("arxiv_id"):
                    records.setdefault(str(record["arxiv_id"]), record)
    return records


def sample_papers(papers: dict[str, Paper], size: int, seed: int) -> list[Paper]:
    """Return ``size`` papers with an abstract, drawn by arXiv id with a fixed seed."""
    by_id = {p.arxiv_id: p for p in papers.values() if p.arxiv_id and p.abstract.strip()}
    ids = sorted(by_id)
    return [by_id[arxiv_id] for arxiv_id in random.Random(seed).sample(ids, min(size, len(ids)))]


def read_judgements(path: Path) -> dict[tuple[str, str, str], dict[str, object]]:
    """Return judgements by (arxiv_id, tag, phrase); a later line overrides an earlier one."""
    return {
        (str(item["arxiv_id"]), str(item["tag"]), str(item["phrase"])): item
        for item in judgements(path)
    }


def context(paper: Paper, phrase: str, width: int = CONTEXT_CHARS) -> str:
    """Return the text around the first match of ``phrase`` in title + abstract."""
    text = f"{paper.title} | {paper.abstract}"
    pattern = re.compile(tagging.phrase_pattern(phrase))
    hit = pattern.search(text)
    if hit is None:
        return ""
    start, end = max(0, hit.start() - width), min(len(text), hit.end() + width)
    snippet = f"{text[start : hit.start()]}[[{hit.group()}]]{text[hit.end() : end]}"
    return " ".join(snippet.split())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, default=REPO.parent / "shared/corpus/papers.jsonl")
    parser.add_argument("--tags", type=Path, default=REPO / "content/tags.yml")
    parser.add_argument("--judgements", type=Path, default=REPO / "bench/judgements/tags.jsonl")
    parser.add_argument("--sample", type=int, default=SAMPLE_SIZE)
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--dump-unjudged", type=Path, metavar="FILE")
    args = parser.parse_args()

    started = time.perf_counter()
    papers = load_papers(args.corpus, None)
    records = read_records(args.corpus)
    tags, problems = store.load_tags(args.tags)
    if problems:
        sys.exit("\n".join(str(problem) for problem in problems))
    names = {tag.id: tag.name for tag in tags}
    matcher = tagging.Matcher.compile(tags)
    sample = sample_papers(papers, args.sample, args.seed)

    assignments: list[Assignment] = []
    counts: list[int] = []
    for paper in sample:
        assert paper.arxiv_id
        found = [a for a in tagging.tag_paper(paper, matcher) if not a.by_contributor]
        counts.append(len(found))
        assignments += [Assignment(paper.arxiv_id, a.tag, a.reason) for a in found]

    judgements = read_judgements(args.judgements)
    by_paper_tag = {(key[0], key[1]): item for key, item in judgements.items()}
    verdicts: dict[Assignment, bool] = {}
    carried = 0
    unjudged: list[Assignment] = []
    for assignment in assignments:
        item = judgements.get((assignment.arxiv_id, assignment.tag, assignment.phrase))
        if item is None:
            item = by_paper_tag.get((assignment.arxiv_id, assignment.tag))
            carried += item is not None
        if item is None:
            unjudged.append(assignment)
        else:
            verdicts[assignment] = bool(item["correct"])
    correct = sum(verdicts.values())
    wrong_by_tag = Counter(a.tag for a, ok in verdicts.items() if not ok)
    wrong_by_phrase = Counter((a.tag, a.phrase) for a, ok in verdicts.items() if not ok)
    judged_by_tag = Counter(a.tag for a in verdicts)

    keyword_total = keyword_hits = 0
    category_total = category_hits = 0
    keyword_papers = category_papers = 0
    tags_by_paper: dict[str, list[Assignment]] = {}
    for assignment in assignments:
        tags_by_paper.setdefault(assignment.arxiv_id, []).append(assignment)
    for paper in sample:
        record = records.get(paper.arxiv_id or "", {})
        mine = tags_by_paper.get(paper.arxiv_id or "", [])
        keywords = record.get("ai_keywords")
        if isinstance(keywords, list) and keywords:
            keyword_papers += 1
            keyword_tokens = tokens(" ".join(str(k) for k in keywords))
            for assignment in mine:
                keyword_total += 1
                own = tokens(f"{names[assignment.tag]} {assignment.phrase}")
                keyword_hits += not own.isdisjoint(keyword_tokens)
        categories = record.get("categories")
        if isinstance(categories, list) and categories:
            category_papers += 1
            for assignment in mine:
                expected = CATEGORY_MAP.get(assignment.tag)
                if expected is not None:
                    category_total += 1
                    category_hits += not expected.isdisjoint(categories)
    elapsed = time.perf_counter() - started

    if args.dump_unjudged:
        dump_unjudged(args.dump_unjudged, unjudged, {p.arxiv_id: p for p in sample}, names)

    tagged = sum(1 for count in counts if count)
    low, high = wilson(correct, len(verdicts))
    print("== tag quality ==")
    print(f"vocabulary: {len(tags)} tags  sample: {len(sample)} papers (seed {args.seed})")
    print(
        f"coverage:        {pct(tagged, len(sample))}  ({tagged}/{len(sample)} papers tagged; "
        f"target >= {COVERAGE_TARGET:.0f} %)"
    )
    print(
        f"tags per paper:  mean {statistics.mean(counts):.2f}  median "
        f"{statistics.median(counts):g}  max {max(counts)}  ({len(assignments)} assignments)"
    )
    print(
        f"precision:       {pct(correct, len(verdicts))}  ({correct}/{len(verdicts)} judged "
        f"correct; 95 % CI {low:.1f}-{high:.1f} %; target >= {PRECISION_TARGET:.0f} %)"
    )
    print(
        f"unjudged:        {len(unjudged)} of {len(assignments)} assignments"
        f"  ({carried} judged via same paper+tag, other phrase)"
    )
    print(
        f"ai_keywords:     {pct(keyword_hits, keyword_total)}  ({keyword_hits}/{keyword_total}"
        f" tags overlap keywords, {keyword_papers} papers with keywords)"
    )
    print(
        f"arXiv categories:{pct(category_hits, category_total)}  ({category_hits}/"
        f"{category_total} mapped tags in expected category, {category_papers} papers)"
    )
    if wrong_by_tag:
        worst = ", ".join(
            f"{tag} {wrong}/{judged_by_tag[tag]}" for tag, wrong in wrong_by_tag.most_common(8)
        )
        print(f"most often wrong (wrong/judged): {worst}")
        phrases = ", ".join(
            f"{tag} <{phrase}> {wrong}" for (tag, phrase), wrong in wrong_by_phrase.most_common(8)
        )
        print(f"most often wrong phrases: {phrases}")
    print(f"time: {elapsed:.1f} s")


def dump_unjudged(
    path: Path, unjudged: list[Assignment], papers: dict[str | None, Paper], names: dict[str, str]
) -> None:
    """Write the unjudged assignments as JSON lines, with the text needed to judge them."""
    with path.open("w", encoding="utf-8") as handle:
        for assignment in unjudged:
            paper = papers[assignment.arxiv_id]
            line = {
                "arxiv_id": assignment.arxiv_id,
                "tag": assignment.tag,
                "phrase": assignment.phrase,
                "correct": None,
                "note": "",
                "tag_name": names[assignment.tag],
                "context": context(paper, assignment.phrase),
                "title": paper.title,
                "abstract": paper.abstract,
            }
            handle.write(json.dumps(line, ensure_ascii=False) + "\n")
    print(f"wrote {len(unjudged)} unjudged assignments to {path}")


if __name__ == "__main__":
    main()
