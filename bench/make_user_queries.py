"""Make the user-typed search query set: queries written the way people search.

Usage: .venv/bin/python bench/make_user_queries.py --root SCRATCH [--corpus FILE] [--out FILE]

The rules below come from how readers look for a paper they half remember, not from
what any index keeps: this script reads only the corpus' own text (titles, abstracts,
authors) and never the generator's analysis code or its output. ``--root`` (a project
holding the ingested corpus, as ``bench/build_corpus.py --keep`` leaves one) is read only
to turn a paper's arXiv id into the slug of its page.

Seven kinds, at least ``PER_KIND`` each:

* ``topic_words`` (a): 2–3 ordinary topic words of the abstract (not stop words, not
  the generic words of every abstract), each in at least ``ORDINARY_DF`` abstracts,
  together in fewer than 30; half of them a two-word phrase as written, half scattered
  words, lower case. A topic word is one the abstract is about: it repeats it, or its
  title has it ("gossip learning"); a word said once in passing ("gain powerful",
  "poorly scalable") is no reader's way to find the paper;
* ``title_words`` (b): 2–3 title words, lower case, out of their order;
* ``author_title`` (c): an author's surname and one title word;
* ``typo`` (d): one distinctive title word (6+ letters, in one title) with one typo:
  an insertion, deletion, substitution by a neighbouring key or a transposition, never
  at the first letter, and never a word the corpus has;
* ``short_name`` (e): the short name (a one-word title head before a colon) in lower
  case;
* ``typing`` (f): a complete title word and the first 3–6 letters of a distinctive
  title word (a query caught mid-typing);
* ``script`` (g): non-Latin script: the Greek-bearing name of a title as people type it
  (``μp``, ``τ-bench``) with one title word, and the CJK queries of
  ``bench/queries/cjk_papers.jsonl`` (papers with Chinese, Japanese and Korean titles,
  which the corpus lacks; ``bench/build_corpus.py`` ingests them alongside it).

Papers are drawn by a hash of their arXiv id (stable across runs and machines). Output:
JSON Lines ``{"kind", "query", "slug"}``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from itertools import pairwise
from pathlib import Path

import yaml
from common import REPO

PER_KIND = 60
ORDINARY_DF = 30
WORD = re.compile(r"[^\W_][\w'-]*[^\W_]|[^\W_]", re.UNICODE)
GREEK = re.compile(r"[\u0370-\u03ff]")
STOP = set(
    """a about above after again against all almost also although always am among an and
    any are as at be because been before being below between both but by can could did do
    does doing down during each either even ever every few for from further had has have
    having here how however i if in into is it its itself just least less more most much
    must my neither no nor not now of off often on once one only or other our out over own
    per rather same several should since so some such than that the their them then there
    these they this those though through thus to too toward towards two under until up upon
    us very via was we well were what when where whether which while who whom whose why will
    with within without would yet you your""".split()
)
# Words of nearly every abstract: no reader types them to find one paper.
GENERIC = set(
    """approach approaches achieve achieves achieving address results result show shows shown
    paper propose proposed proposes present presents method methods model models using
    based new novel existing significantly significant performance demonstrate demonstrates
    experiments experimental extensive introduce introduces task tasks work framework
    state-of-the-art sota effective effectively improve improves improved improvement
    compared large use used first data code available furthermore moreover""".split()
)
KEYS = ["qwertyuiop", "asdfghjkl", "zxcvbnm"]


def stable(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def words(text: str) -> list[str]:
    """Words as a reader sees them: runs of letters and digits, inner ``-`` and ``'``."""
    return WORD.findall(" ".join(text.split()))


def content(word: str) -> bool:
    low = word.lower()
    return len(low) >= 4 and low.isalpha() and low not in STOP and low not in GENERIC


def neighbours(letter: str) -> str:
    for row in KEYS:
        at = row.find(letter)
        if at >= 0:
            return row[max(at - 1, 0) : at] + row[at + 1 : at + 2]
    return ""


def typos(word: str, rng: random.Random) -> Iterator[str]:
    """Single-edit misspellings of ``word``, never touching its first letter."""
    kinds = ["insert", "delete", "substitute", "transpose"]
    rng.shuffle(kinds)
    for kind in kinds:
        at = rng.randrange(1, len(word) - 1)
        if kind == "insert":
            yield word[:at] + (neighbours(word[at]) or word[at])[:1] + word[at:]
        elif kind == "delete":
            yield word[:at] + word[at + 1 :]
        elif kind == "substitute" and neighbours(word[at]):
            yield word[:at] + rng.choice(neighbours(word[at])) + word[at + 1 :]
        elif kind == "transpose" and word[at] != word[at + 1]:
            yield word[:at] + word[at + 1] + word[at] + word[at + 2 :]


def load(corpus: Path) -> list[dict]:
    with corpus.open(encoding="utf-8") as lines:
        records = [json.loads(line) for line in lines if line.strip()]
    return [r for r in records if r.get("abstract") and r.get("arxiv_id")]


def front_matter(root: Path) -> dict[str, dict]:
    """Slug -> front matter of every ingested paper (to find a paper's page)."""
    found = {}
    for path in sorted((root / "content/papers").glob("*.md")):
        head = path.read_text(encoding="utf-8").split("\n---", 1)[0].removeprefix("---\n")
        found[path.stem] = yaml.load(head, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    return found


class Corpus:
    """Word statistics of the raw corpus text, for choosing and checking queries."""

    def __init__(self, records: list[dict]) -> None:
        self.records = records
        self.title_words = [[w.lower() for w in words(r["title"])] for r in records]
        self.abstract_words = [[w.lower() for w in words(r["abstract"])] for r in records]
        self.in_abstracts: dict[str, set[int]] = defaultdict(set)
        self.in_titles: dict[str, set[int]] = defaultdict(set)
        for i, ws in enumerate(self.abstract_words):
            for w in ws:
                self.in_abstracts[w].add(i)
        for i, ws in enumerate(self.title_words):
            for w in ws:
                self.in_titles[w].add(i)
        self.vocabulary = set(self.in_abstracts) | set(self.in_titles)
        surnames = defaultdict(set)
        for i, r in enumerate(records):
            for name in r.get("authors") or []:
                parts = words(name)
                if parts:
                    surnames[parts[-1].lower()].add(i)
        self.surnames = surnames

    def together(self, index: dict[str, set[int]], group: Iterable[str]) -> set[int]:
        sets = [index.get(w, set()) for w in group]
        return set.intersection(*sets) if sets else set()


def topic_words(c: Corpus, i: int, rng: random.Random, phrase: bool) -> str | None:
    ws = c.abstract_words[i]
    counts = Counter(ws)

    in_title = set(c.title_words[i])

    def ordinary(w: str) -> bool:
        topical = counts[w] >= 2 or w in in_title
        return topical and content(w) and len(c.in_abstracts[w]) >= ORDINARY_DF

    if phrase:
        pairs = [(a, b) for a, b in pairwise(ws) if a != b and ordinary(a) and ordinary(b)]
        pairs = [p for p in pairs if len(c.together(c.in_abstracts, p)) < 30]
        pairs.sort(key=lambda p: -(counts[p[0]] + counts[p[1]]))
        return " ".join(pairs[0]) if pairs else None
    pool = sorted({w for w in ws if ordinary(w)}, key=lambda w: (-counts[w], stable(w)))[:8]
    rng.shuffle(pool)
    for size in (2, 3):
        for start in range(0, max(len(pool) - size + 1, 0)):
            group = pool[start : start + size]
            if len(c.together(c.in_abstracts, group)) < 30:
                return " ".join(group)
    return None


def title_words(c: Corpus, i: int, rng: random.Random) -> str | None:
    pool = list(dict.fromkeys(w for w in c.title_words[i] if len(w) >= 3 and w not in STOP))
    if len(pool) < 3:
        return None
    group = rng.sample(pool, 3 if len(pool) > 4 else 2)
    if [w for w in pool if w in group] == group:
        group.reverse()
    if len(c.together(c.in_titles, group)) != 1:
        return None
    return " ".join(group)


def distinctive(c: Corpus, i: int, length: int) -> list[str]:
    return sorted(
        {
            w
            for w in c.title_words[i]
            if len(w) >= length and w.isalpha() and len(c.in_titles[w]) == 1
        },
        key=stable,
    )


def author_title(c: Corpus, i: int, rng: random.Random) -> str | None:
    names = [words(n) for n in c.records[i].get("authors") or []]
    surnames = [n[-1].lower() for n in names if n and n[-1].isalpha() and len(n[-1]) > 1]
    pool = [w for w in c.title_words[i] if content(w)]
    if not surnames or not pool:
        return None
    surname, word = rng.choice(surnames), rng.choice(pool)
    if len(c.surnames[surname] & c.in_titles[word]) != 1:
        return None
    return f"{surname} {word}"


def typo(c: Corpus, i: int, rng: random.Random) -> str | None:
    for word in distinctive(c, i, 6):
        for wrong in typos(word, rng):
            if wrong != word and wrong not in c.vocabulary:
                return wrong
    return None


def short_name(c: Corpus, i: int, heads: Counter) -> str | None:
    title = " ".join(c.records[i]["title"].split())
    if ":" not in title:
        return None
    head = title.split(":")[0].strip()
    if " " in head or len(head) < 3 or heads[head.lower()] != 1 or "$" in head or "\\" in head:
        return None
    return head.lower()


def typing(c: Corpus, i: int, rng: random.Random) -> str | None:
    targets = distinctive(c, i, 7)
    others = [w for w in c.title_words[i] if content(w) and w not in targets]
    if not targets or not others:
        return None
    return f"{rng.choice(others)} {targets[0][: rng.randint(3, 6)]}"


def greek(c: Corpus, i: int) -> str | None:
    title = " ".join(c.records[i]["title"].split())
    for token in title.replace(":", " ").split():
        if GREEK.search(token):
            name = re.sub(r"[$^_{}\\]", "", token).strip(",.()").lower()
            others = [w for w in c.title_words[i] if content(w) and not GREEK.search(w)]
            if name and others:
                return f"{name} {others[0]}"
    return None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--root", type=Path, required=True)
    parser.add_argument("--corpus", type=Path, default=REPO.parent / "shared/corpus/papers.jsonl")
    parser.add_argument("--out", type=Path, default=REPO / "bench/queries/user.jsonl")
    args = parser.parse_args()
    records = load(args.corpus)
    heads = front_matter(args.root)
    slugs = {str(h["arxiv_id"]): slug for slug, h in heads.items() if h.get("arxiv_id")}
    by_title = {h["title"]: slug for slug, h in heads.items()}
    c = Corpus(records)
    title_heads = Counter(
        " ".join(r["title"].split()).split(":")[0].strip().lower()
        for r in records
        if ":" in r["title"]
    )
    order = sorted(range(len(records)), key=lambda i: stable(records[i]["arxiv_id"]))
    makers = {
        "topic_words": lambda i, rng: topic_words(c, i, rng, phrase=stable(str(i))[0] < "8"),
        "title_words": lambda i, rng: title_words(c, i, rng),
        "author_title": lambda i, rng: author_title(c, i, rng),
        "typo": lambda i, rng: typo(c, i, rng),
        "short_name": lambda i, rng: short_name(c, i, title_heads),
        "typing": lambda i, rng: typing(c, i, rng),
        "script": lambda i, rng: greek(c, i),
    }
    out = []
    for kind, make in makers.items():
        found = 0
        for i in order:
            slug = slugs.get(records[i]["arxiv_id"])
            query = make(i, random.Random(stable(kind + records[i]["arxiv_id"]))) if slug else None
            if query:
                out.append(
                    {"kind": kind, "query": unicodedata.normalize("NFC", query), "slug": slug}
                )
                found += 1
                if found == PER_KIND:
                    break
    cjk = REPO / "bench/queries/cjk_papers.jsonl"
    for line in cjk.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        slug = by_title.get(record["title"])
        if slug:
            out.extend({"kind": "script", "query": q, "slug": slug} for q in record["queries"])
    args.out.write_text(
        "".join(json.dumps(q, ensure_ascii=False) + "\n" for q in out), encoding="utf-8"
    )
    print(Counter(q["kind"] for q in out))


if __name__ == "__main__":
    main()
