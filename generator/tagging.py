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

CONTRIBUTOR_REASON = "added by a contributor"
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


@dataclass(frozen=True)
class Matcher:
    """Compiled vocabulary: one regex per tag whose named groups tell the phrase."""

    tags: tuple[Tag, ...]
    phrases: tuple[tuple[str, ...], ...]
    patterns: tuple[re.Pattern[str] | None, ...]
    # The lower-cased first word of every phrase (and its plurals): a tag's regex runs
    # only on texts containing one of them, which makes tagging ~20x faster.
    first_words: tuple[frozenset[str], ...]

    @classmethod
    def compile(cls, tags: Iterable[Tag]) -> Matcher:
        """Compile ``tags``; phrases are tried longest first so the reason is specific."""
        tags = tuple(tags)
        ordered = tuple(
            tuple(sorted({p for p in tag.phrases if _has_word(p)}, key=lambda p: (-len(p), p)))
            for tag in tags
        )
        patterns: list[re.Pattern[str] | None] = []
        for phrases in ordered:
            if not phrases:
                patterns.append(None)
                continue
            alternatives = "|".join(
                f"(?P<p{index}>{_phrase_core(phrase)})" for index, phrase in enumerate(phrases)
            )
            # Boundaries outside the alternation: the regex engine tests them once per
            # position instead of once per phrase, ~7x faster with a real vocabulary.
            patterns.append(re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)"))
        first_words = tuple(
            frozenset(
                form
                for phrase in phrases
                for word in _WORD.findall(phrase.lower())[:1]
                for form in (word, word + "s", word + "es")
            )
            for phrases in ordered
        )
        return cls(tags, ordered, tuple(patterns), first_words)

    def match(self, text: str) -> list[TagAssignment]:
        """Return the tags whose phrases occur in ``text``, in vocabulary order."""
        found = []
        words = set(_WORD.findall(text.lower()))
        for tag, phrases, pattern, first in zip(
            self.tags, self.phrases, self.patterns, self.first_words, strict=True
        ):
            if pattern is None or first.isdisjoint(words):
                continue
            hit = pattern.search(text)
            if hit and hit.lastgroup:
                found.append(TagAssignment(tag.id, phrases[int(hit.lastgroup[1:])]))
        return found


def tag_paper(paper: Paper, matcher: Matcher) -> tuple[TagAssignment, ...]:
    """Return the paper's tags: automatic ones (minus ``not_tags``) then contributors'."""
    known = {tag.id for tag in matcher.tags}
    automatic = [
        assignment
        # " | " keeps a phrase from spanning the end of the title and the abstract.
        for assignment in matcher.match(f"{paper.title} | {paper.abstract}")
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
    """Return the tags of every paper, by slug."""
    matcher = Matcher.compile(tags)
    return {slug: tag_paper(paper, matcher) for slug, paper in papers.items()}
