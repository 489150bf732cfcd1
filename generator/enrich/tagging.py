"""Vocabulary -> tags per paper, each with the reason it was assigned.

Matching rules (documented for contributors in ``content/tags.yml``):

* a phrase matches on word boundaries in the title and abstract;
* a phrase with an upper-case letter after its first character ("FL", "MoE",
  "LLaVA") is matched case-exactly; any other phrase ignores case;
* a space or hyphen in a phrase matches any run of spaces and hyphens;
* a trailing plural is allowed: ``s``/``es`` for words, ``s`` for acronyms.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from generator.model import Paper, Tag, TagAssignment
from generator.runtime.parallel import split_map
from generator.text.weblinks import find_urls

CONTRIBUTOR_REASON = "added by a contributor"
# Matches a tag needs in the abstract when none of its phrases is in the title.
MIN_MENTIONS = 2
_WORD = re.compile(r"\w+")


def _has_word(phrase: str) -> bool:
    """A phrase without a letter or digit would match everywhere: it is ignored."""
    return any(char.isalnum() for char in phrase)


def is_case_exact(phrase: str) -> bool:
    """Return True for acronym-like phrases that must match with their exact case."""
    return any(char.isupper() for char in phrase[1:])


def _phrase_core(phrase: str) -> str:
    """Return the regex for ``phrase`` itself, without word boundaries."""
    words = [re.escape(word) for word in re.split(r"[\s\-]+", phrase.strip()) if word]
    body = r"[\s\-]+".join(words)
    plural = "s?" if is_case_exact(phrase) else "(?:s|es)?"
    if not phrase[-1:].isalnum():
        plural = ""
    core = body + plural
    return core if is_case_exact(phrase) else f"(?i:{core})"


def phrase_pattern(phrase: str) -> str:
    """Return the regular expression (flags inline) that matches ``phrase`` as words."""
    return rf"(?<!\w){_phrase_core(phrase)}(?!\w)"


def _is_word_char(char: str) -> bool:
    """``\\w`` of Python's ``re`` for ``str``: alphanumeric or underscore."""
    return char.isalnum() or char == "_"


def count_matches(core: re.Pattern[str], text: str, limit: int = 0) -> int:
    """Return how many times ``phrase_pattern`` matches ``text`` (as ``findall`` counts),
    stopping at ``limit`` if it is set; ``core`` is the pattern without its lookbehind.

    ``re`` finds a pattern that starts with a literal by a fast scan, but not one that
    starts with ``(?<!\\w)``: that was 25 us per phrase and abstract instead of 1 us.
    So the lookbehind is checked here; a match it rejects is retried one character
    later, as the regex engine would.
    """
    count = position = 0
    while found := core.search(text, position):
        start = found.start()
        if start and _is_word_char(text[start - 1]):
            position = start + 1
            continue
        count += 1
        if count == limit:
            break
        position = found.end()
    return count


@dataclass(frozen=True)
class _Phrase:
    tag_index: int
    order: int  # position in the tag's phrases, longest first
    text: str
    words: frozenset[str]  # lower-cased words, all of which the text must contain
    core: re.Pattern[str]  # phrase_pattern without its leading lookbehind: see count_matches


def _word_forms(text: str) -> set[str]:
    """Lower-cased words of ``text``, each also without a plural ``s``/``es``."""
    words = set(_WORD.findall(text.lower()))
    plural = [word for word in words if word.endswith("s")]
    return words.union(
        [word[:-1] for word in plural], [word[:-2] for word in plural if word.endswith("es")]
    )


@dataclass(frozen=True)
class Matcher:
    """Compiled vocabulary: one small regex per phrase, indexed by the phrase's words.

    A phrase's regex runs only on a text that contains every word of the phrase
    (compared lower-cased, allowing a plural ending in the text), so a paper checks a few dozen
    phrases instead of all of them: tagging 19k papers takes seconds, not minutes.
    """

    tags: tuple[Tag, ...]
    by_word: dict[str, tuple[_Phrase, ...]]
    min_mentions: int = MIN_MENTIONS

    @classmethod
    def compile(cls, tags: Iterable[Tag], min_mentions: int = MIN_MENTIONS) -> Matcher:
        """Compile ``tags``; a tag's phrases are tried longest first so the reason is specific."""
        tags = tuple(tags)
        index: dict[str, list[_Phrase]] = {}
        for tag_index, tag in enumerate(tags):
            phrases = sorted({p for p in tag.phrases if _has_word(p)}, key=lambda p: (-len(p), p))
            for order, phrase in enumerate(phrases):
                words = frozenset(_WORD.findall(phrase.lower()))
                core = re.compile(rf"{_phrase_core(phrase)}(?!\w)")
                compiled = _Phrase(tag_index, order, phrase, words, core)
                # Index by one word (the longest: the rarest, roughly).
                key = max(sorted(words), key=len)
                index.setdefault(key, []).append(compiled)
        return cls(tags, {word: tuple(found) for word, found in index.items()}, min_mentions)

    def match(self, text: str, title: str = "") -> list[TagAssignment]:
        """Return the tags whose phrases occur in ``title`` + ``text``, in vocabulary order.

        A tag needs a phrase in the title, or ``min_mentions`` matches of its phrases
        in the text: a topic named once in passing ("unlike reinforcement learning")
        is not what the paper is about. The reason is the tag's longest phrase found.
        """
        whole = f"{title} | {text}" if title else text
        words = _word_forms(whole)
        candidates = sorted(
            (phrase.tag_index, phrase.order, phrase)
            for word in words & self.by_word.keys()
            for phrase in self.by_word[word]
            if phrase.words <= words
        )
        reasons: dict[int, str] = {}
        counts: dict[int, int] = {}
        in_title: set[int] = set()
        for tag_index, _, phrase in candidates:
            hits = count_matches(phrase.core, text)
            if title and count_matches(phrase.core, title, limit=1):
                in_title.add(tag_index)
                hits += 1
            if hits:
                reasons.setdefault(tag_index, phrase.text)
                counts[tag_index] = counts.get(tag_index, 0) + hits
        return [
            TagAssignment(self.tags[i].id, reasons[i])
            for i in sorted(reasons)
            if i in in_title or counts[i] >= self.min_mentions
        ]


def _without_urls(text: str) -> str:
    """Blank out URLs: a repository named "ADaM-BJTU" is not about the Adam optimizer.

    Joins the pieces once: cutting each URL out of the whole text made an abstract of
    many URLs quadratic (issue 16).
    """
    pieces: list[str] = []
    kept_from = 0
    for start, end, _ in find_urls(text):
        pieces += (text[kept_from:start], " ")
        kept_from = end
    pieces.append(text[kept_from:])
    return "".join(pieces)


def tag_paper(paper: Paper, matcher: Matcher) -> tuple[TagAssignment, ...]:
    """Return the paper's tags: automatic ones (minus ``not_tags``) then contributors'."""
    known = {tag.id for tag in matcher.tags}
    automatic = [
        assignment
        for assignment in matcher.match(_without_urls(paper.abstract), title=paper.title)
        if assignment.tag not in paper.not_tags
    ]
    assigned = {assignment.tag for assignment in automatic}
    added = [
        TagAssignment(tag, CONTRIBUTOR_REASON, by_contributor=True)
        for tag in dict.fromkeys(paper.tags)
        if tag in known and tag not in assigned
    ]
    return tuple(automatic + added)


def tag_papers(
    papers: Mapping[str, Paper], tags: Iterable[Tag]
) -> dict[str, tuple[TagAssignment, ...]]:
    """Return the tags of every paper, by slug (papers are tagged on every core)."""
    matcher = Matcher.compile(tags)
    slugs = list(papers)
    found = split_map(lambda part: [tag_paper(papers[slug], matcher) for slug in part], slugs)
    return dict(zip(slugs, found, strict=True))
