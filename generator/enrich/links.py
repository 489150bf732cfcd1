"""Outgoing links between papers, and their inversion into backlinks.

A paper links to another when (a) the other is among its related papers, (b) its
abstract or notes mention the other by arXiv id or distinctive short name (the part
of the title before the colon: "LoFiT", "Model soups"), or (c) a contributor wrote
``[[slug]]`` or ``[[Title]]`` in its notes. Backlinks are these links inverted, the
shape of Quartz's ``links.ts`` + ``Backlinks.tsx``.
"""

from __future__ import annotations

import bisect
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from generator.model import Link, Paper, RelatedPaper
from generator.runtime.parallel import split_map
from generator.sources.store import title_key
from generator.text.weblinks import find_urls

LINK_KINDS = ("mention", "contributor", "related")

# Short names that are ordinary words or too common to mean one paper. Extend by PR.
AMBIGUOUS_NAMES = frozenset(
    """
    Yi POINTS GIST Beyond Towards Toward Rethinking Revisiting Survey Benchmark Dataset
    Transformer Transformers Attention Agent Agents Scaling Learning Vision Language Video
    Image Diffusion Reasoning Memory Model Models Data Search Open Flow Gemini Claude Llama
    LLaMA GPT BERT CLIP SAM Mamba MM-LLMs dLLM ResNet FPS ICLR SIFT SSL SVG DRL SSD VAD
    MAP MAD PAN MOS DAP ABC WISE R2R RISE MSA MIDI MMM SEED SLA SPIN RAVEN RAFT LISA TLDR
    GRM HALO C4D MBench DeepSearch FAST LIME COMET ISO CLM MBA CATCH
    """.split()
) | {
    # Judged wrong in bench/judgements/mentions.jsonl: phrases that name a field.
    "Local or Global",
    "Machine Learning",
    "Bridge the Gap",
    "Bridging the Gap",
    "Through the Lens",
    "Robot Learning",
    "GUI Agents",
    "Agent Skills",
    "Vision Language Models",
    "3D Scene Generation",
    "AI-Generated Image Detection",
    "Reasoning Language Models",
    "Strong Baseline",
    "Agent models",
    "Visual Planning",
    "Geometric Stability",
    "World Action Models",
    "Medical Report Generation",
    "Hybrid Reinforcement",
    "Multiple Choice Questions",
}
# "Towards X: ..." names a direction, not a paper.
GENERIC_FIRST_WORDS = frozenset(
    {
        "Beyond",
        "Towards",
        "Toward",
        "Rethinking",
        "Revisiting",
        "On",
        "Understanding",
        "Improving",
        "Learning",
        "Scaling",
        "When",
        "What",
        "Why",
        "How",
        "Is",
        "Are",
        "Do",
        "Does",
        "Can",
        "A",
        "An",
        "The",
    }
)
MAX_NAME_WORDS = 3
OVERVIEW_TITLE = re.compile(
    r"(?i)\b(survey|tutorial|review|overview|primer|roadmap|prospects|blueprint|perspective"
    r"|recent advances)\b"
)
# "we propose FOO", "Long Name (FOO)": the abstract defines its own FOO, which is not
# the paper on this site that happens to share the name.
SELF_DEFINED = re.compile(
    r"\b(?:propose|proposes|introduce|introduces|present|presents|release|releases|call"
    r"|called|term|termed|dub|dubbed|name|named|proposing|derive|derives|construct"
    r"|constructs|curate|curates)\s+(?:(?:a|an|the|our|it)\s+)?"
    r"(?P<after>[^\s,.;:()]+)"
)
# "Action Effect Modeling (AEM)": when the words before the parenthesis spell the
# name, they must all be in the named paper's title, else the abstract is defining an
# acronym of its own.
ACRONYM_DEFINITION = re.compile(r"\((?P<name>[^\s()]+)\)")
MIN_NAME_CHARS = 3

ARXIV_ID = re.compile(r"(?<![\w.])(\d{4}\.\d{4,5})(?:v\d+)?(?![\w])")
WIKI_LINK = re.compile(r"\[\[([^\[\]\n]+?)\]\]")
_WORD = re.compile(r"\S+")
_EDGE_PUNCTUATION = "\"'“”‘’()[]{}<>.,;:!?*"


def short_name(title: str) -> str | None:
    """Return the paper's distinctive short name, the part of its title before a colon.

    ``None`` when there is no colon, the part is longer than ``MAX_NAME_WORDS`` words,
    or it is in ``AMBIGUOUS_NAMES``.
    """
    if ":" not in title:
        return None
    name = title.split(":", 1)[0].strip().strip(_EDGE_PUNCTUATION)
    if len(name) < MIN_NAME_CHARS or len(name.split()) > MAX_NAME_WORDS:
        return None
    if name in AMBIGUOUS_NAMES or name.split()[0] in GENERIC_FIRST_WORDS:
        return None
    if len(name.split()) == 1 and not _distinctive(name):
        return None
    if OVERVIEW_TITLE.search(title.split(":", 1)[1]):
        return None  # "Robot Learning: A Tutorial" names a field, not a method
    return name


def _distinctive(word: str) -> bool:
    """A one-word name links only if no dictionary word looks like it: a digit, or a
    capital inside a part ("LoFiT", "ELECTRA", "FedD2S"; not "Coarse-to-Fine")."""
    parts = re.split(r"[\-_.]", word)
    return any(char.isdigit() for char in word) or any(
        any(char.isupper() for char in part[1:]) for part in parts
    )


@dataclass(frozen=True)
class Mention:
    """A span ``[start, end)`` of a text that names the paper ``target``."""

    start: int
    end: int
    target: str
    text: str


@dataclass(frozen=True)
class NameIndex:
    """Lookup tables from short names and arXiv ids to slugs."""

    # Names are matched case-exactly, as the title writes them: "Machine Learning: ..."
    # must not claim every "machine learning" (a bench/mention_quality.py finding).
    exact: Mapping[str, str]
    folded: Mapping[str, str]
    arxiv: Mapping[str, str]
    starts: frozenset[str] = frozenset()  # words a name can begin with
    titles: Mapping[str, str] = field(default_factory=dict)  # slug -> case-folded title
    # find() runs on each paragraph twice (links, then the page): remember the answer.
    _found: dict[tuple[str, str], list[Mention]] = field(
        default_factory=dict, compare=False, repr=False
    )

    @classmethod
    def build(cls, papers: Mapping[str, Paper]) -> NameIndex:
        """Index every paper's short name and arXiv id; names shared by two papers are dropped."""
        exact: dict[str, set[str]] = defaultdict(set)
        folded: dict[str, set[str]] = defaultdict(set)
        arxiv: dict[str, str] = {}
        for slug in sorted(papers):
            paper = papers[slug]
            if paper.arxiv_id:
                arxiv.setdefault(paper.arxiv_id, slug)
            name = short_name(paper.title)
            if name is None:
                continue
            if len(name.split()) == 1:
                exact[name].add(slug)
            else:
                folded[" ".join(name.split())].add(slug)
        unique_folded = {name: next(iter(s)) for name, s in folded.items() if len(s) == 1}
        exact_unique = {name: next(iter(s)) for name, s in exact.items() if len(s) == 1}
        return cls(
            exact=exact_unique,
            folded=unique_folded,
            arxiv=arxiv,
            starts=frozenset(exact_unique).union(name.split()[0] for name in unique_folded),
            titles={slug: paper.title.casefold() for slug, paper in papers.items()},
        )

    def find(self, text: str, skip: str = "") -> list[Mention]:
        """Return non-overlapping mentions in ``text`` of papers other than ``skip``.

        Names are never searched inside URLs (a repository called "GIST" is not a
        mention); arXiv ids are, since ``arxiv.org/abs/<id>`` does refer to the paper.
        """
        key = (text, skip)
        if key not in self._found:
            self._found[key] = self._find(text, skip)
        return list(self._found[key])

    def find_many(self, queries: Sequence[tuple[str, str]]) -> None:
        """Compute :meth:`find` for many ``(text, skip)`` pairs on every core and remember
        the answers, so that later calls only look them up."""
        todo = [query for query in dict.fromkeys(queries) if query not in self._found]
        answers = split_map(lambda part: [self._find(text, skip) for text, skip in part], todo)
        self._found.update(zip(todo, answers, strict=True))

    def _find(self, text: str, skip: str) -> list[Mention]:
        blocked = [(start, end) for start, end, _ in find_urls(text)]
        defined = {m["after"] for m in SELF_DEFINED.finditer(text)}
        expansions: dict[str, set[str]] = defaultdict(set)
        for m in ACRONYM_DEFINITION.finditer(text):
            before = " ".join(text[max(0, m.start() - 200) : m.start()].split()[-8:])
            expansions[m["name"]].update(_expansion(before, m["name"]))
        words = list(_WORD.finditer(text))
        if blocked:
            # URLs are found left to right without overlaps: their starts are sorted.
            starts = [start for start, _ in blocked]
            words = [match for match in words if not _inside(blocked, starts, match.start())]
        # Most words start no name: only those that may are tried, as one- to
        # three-word spans, left to right; a mention's words are not tried again.
        mentions: list[Mention] = []
        position = 0
        for index, match in enumerate(words):
            if index < position or match.group().strip(_EDGE_PUNCTUATION) not in self.starts:
                continue
            found = self._match_at(text, words, index, skip)
            if found is None:
                continue
            mention, used = found
            if not self._defined_here(mention, defined, expansions):
                mentions.append(mention)
            position = index + used
        named = [(m.start, m.end) for m in mentions]  # left to right, no overlaps
        named_starts = [start for start, _ in named]
        for match in ARXIV_ID.finditer(text):
            target = self.arxiv.get(match.group(1))
            if target and target != skip and not overlaps(named, named_starts, match.span()):
                mentions.append(Mention(match.start(), match.end(), target, match.group()))
        return sorted(mentions, key=lambda m: m.start)

    def _defined_here(
        self, mention: Mention, defined: set[str], expansions: Mapping[str, set[str]]
    ) -> bool:
        """True when the text defines its own thing called like ``mention``."""
        if mention.text.split()[0] in defined:
            return True
        words = expansions.get(mention.text, set())
        title = self.titles.get(mention.target, "")
        return bool(words) and not all(word in title for word in words)

    def _match_at(
        self, text: str, words: Sequence[re.Match[str]], position: int, skip: str
    ) -> tuple[Mention, int] | None:
        for count in range(min(MAX_NAME_WORDS, len(words) - position), 0, -1):
            span = words[position : position + count]
            if any(word.group()[-1] in _EDGE_PUNCTUATION for word in span[:-1]):
                continue
            first, last = span[0], span[-1]
            start = (
                first.start() + len(first.group()) - len(first.group().lstrip(_EDGE_PUNCTUATION))
            )
            end = last.end() - (len(last.group()) - len(last.group().rstrip(_EDGE_PUNCTUATION)))
            if end <= start:
                continue
            candidate = text[start:end]
            if candidate.endswith("'s"):
                continue
            target = (
                self.exact.get(candidate)
                if count == 1
                else self.folded.get(" ".join(candidate.split()))
            )
            if target and target != skip:
                return Mention(start, end, target, candidate), count
        return None


def _inside(spans: Sequence[tuple[int, int]], starts: Sequence[int], position: int) -> bool:
    """True when ``position`` is inside one of ``spans`` (sorted, disjoint; ``starts``
    their starts), in logarithmic time."""
    index = bisect.bisect_right(starts, position) - 1
    return index >= 0 and position < spans[index][1]


def overlaps(
    spans: Sequence[tuple[int, int]], starts: Sequence[int], span: tuple[int, int]
) -> bool:
    """True when ``span`` overlaps one of ``spans`` (sorted, disjoint; ``starts`` their
    starts), in logarithmic time."""
    start, end = span
    index = bisect.bisect_left(starts, end) - 1  # the last span starting before ``end``
    return index >= 0 and spans[index][1] > start


def title_index(papers: Mapping[str, Paper]) -> dict[str, str]:
    """Return normalised title -> slug, for resolving ``[[Title]]`` links."""
    return {title_key(paper.title): slug for slug, paper in sorted(papers.items())}


def _expansion(before: str, name: str) -> set[str]:
    """Return the case-folded words before ``(name)`` that spell it, else the last word.

    "Segment-Level Direct Preference Optimization (SDPO)" -> the four words whose
    initials are S, D, P, O (hyphenated parts count one initial each).
    """
    capitals = [char for char in name if char.isupper()]
    words = before.split()[-8:]
    if capitals:  # "(2401.00001)" spells nothing: an abstract may hold thousands
        initials = [[part[0].upper() for part in word.split("-") if part] for word in words]
        for count in range(len(words), 0, -1):
            if [initial for word in initials[-count:] for initial in word] == capitals:
                return {word.casefold() for word in words[-count:]}
    return {words[-1].casefold()} if words else set()


def resolve_wiki_links(
    notes: str, papers: Mapping[str, Paper], titles: Mapping[str, str] | None = None
) -> tuple[list[tuple[str, str]], list[str]]:
    """Resolve ``[[slug]]``, ``[[Title]]`` and ``[[slug|shown text]]`` links in ``notes``.

    Returns ``(shown text, slug)`` pairs for the links that resolve and the texts of those
    that do not (a ``papersite check`` error). Pass ``titles`` (from
    :func:`title_index`) when resolving many notes against the same papers.
    """
    if "[[" not in notes:
        return [], []
    by_title = title_index(papers) if titles is None else titles
    resolved, broken = [], []
    for match in WIKI_LINK.finditer(notes):
        text = match.group(1).strip()
        name, _, label = (part.strip() for part in text.partition("|"))
        target = name if name in papers else by_title.get(title_key(name) or "\0")
        if target:
            resolved.append((label or name, target))
        else:
            broken.append(text)
    return resolved, broken


def abstract_paragraphs(abstract: str) -> list[str]:
    """Split an abstract into its paragraphs (blank-line separated), as pages show them."""
    return abstract.split("\n\n")


def note_paragraphs(notes: str) -> list[str]:
    """Split a contributor's notes into paragraphs; [] for no notes."""
    notes = notes.strip()
    return re.split(r"\n\s*\n", notes) if notes else []


def outgoing_links(
    papers: Mapping[str, Paper],
    related: Mapping[str, Sequence[RelatedPaper]],
    names: NameIndex,
) -> dict[str, tuple[Link, ...]]:
    """Return every paper's outgoing links (one per target and kind), by slug."""
    result: dict[str, tuple[Link, ...]] = {}
    titles = title_index(papers)
    texts_of = {
        slug: abstract_paragraphs(paper.abstract) + note_paragraphs(paper.notes)
        for slug, paper in sorted(papers.items())
    }
    names.find_many([(text, slug) for slug, texts in texts_of.items() for text in texts])
    for slug, texts in texts_of.items():
        paper = papers[slug]
        links: dict[tuple[str, str], Link] = {}
        for mention in (m for text in texts for m in names.find(text, skip=slug)):
            links.setdefault(
                (mention.target, "mention"), Link(slug, mention.target, "mention", mention.text)
            )
        for text, target in resolve_wiki_links(paper.notes, papers, titles)[0]:
            if target != slug:
                links.setdefault((target, "contributor"), Link(slug, target, "contributor", text))
        for neighbour in related.get(slug, ()):
            links.setdefault((neighbour.slug, "related"), Link(slug, neighbour.slug, "related"))
        result[slug] = tuple(links.values())
    return result


def backlinks(outgoing: Mapping[str, Iterable[Link]]) -> dict[str, tuple[Link, ...]]:
    """Invert outgoing links: for each target, the links pointing at it.

    Sorted by kind (mention, contributor, related) then source slug.
    """
    inverted: dict[str, list[Link]] = defaultdict(list)
    for links in outgoing.values():
        for link in links:
            inverted[link.target].append(link)
    return {
        target: tuple(sorted(found, key=lambda link: (LINK_KINDS.index(link.kind), link.source)))
        for target, found in sorted(inverted.items())
    }
