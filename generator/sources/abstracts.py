"""Abstracts that are probably not the paper's abstract, and why.

Scrapers of discussion pages often store the first comment, the submitter's blurb or a
bare link where the abstract should be (the corpus marks 483 such records
``abstract_suspect``: empty, short, Librarian Bot). Such a text is kept (it may be all
there is) but flagged in the ingest report and on the paper's page, so that a person
replaces it with the abstract from arXiv.
"""

from __future__ import annotations

import re

from generator.text.weblinks import find_urls

# Below this many characters an abstract is less than one sentence of a real one
# (arXiv abstracts run 500 to 1,900; HF's one-sentence summaries 100 to 300).
SHORT_ABSTRACT_CHARS = 100
# With its links taken out, a text of fewer words than this is only its links.
LINK_ONLY_WORDS = 6
# A letter or digit: re's \w is str.isalnum() or "_" (a C scan, where a generator
# over a word of a million ")" took a second).
_ALNUM = re.compile(r"[^\W_]")
# Openings and phrases of comments under a paper, not of an abstract (seen in the
# corpus' AtharvaDomale scrape and on Hugging Face paper pages).
_COMMENT = re.compile(
    r"^\W*(?:author here|hi|hello|hey|thanks|thank you|congrat\w*|great (?:work|paper)"
    r"|nice (?:work|paper)|cool|wow|up|bump|\+1|accepted (?:at|to|by)|check (?:it|this) out"
    r"|happy to|excited to share|we are (?:excited|happy|thrilled))\b"
    r"|automated message from the librarian bot|papers were recommended by"
    r"|\bcheck it out\b|\b(?:please )?upvote\b|[\U0001f44b\U0001f64f\U0001f60d]",
    re.IGNORECASE,
)


def suspect_reasons(abstract: str) -> tuple[str, ...]:
    """Return why ``abstract`` looks like something other than an abstract, as short
    phrases (``"very short"``, ``"only links"``, ``"a comment"``), or ``()``.

    An empty abstract is missing, not suspect: ``()``. Linear in its length.
    """
    text = abstract.strip()
    if not text:
        return ()
    reasons = []
    if len(text) < SHORT_ABSTRACT_CHARS:
        reasons.append("very short")
    urls = find_urls(text)
    if urls:
        rest, position = [], 0
        for start, end, _ in urls:
            rest.append(text[position:start])
            position = end
        rest.append(text[position:])
        words = [word for word in " ".join(rest).split() if _ALNUM.search(word)]
        if len(words) < LINK_ONLY_WORDS:
            reasons.append("only links")
    if _COMMENT.search(text):
        reasons.append("a comment")
    return tuple(reasons)
