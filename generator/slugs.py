"""The only place URLs are decided: a paper's slug is chosen once, from its title.

Slugs come from python-slugify; a clash gets a deterministic suffix (the arXiv id,
else a short hash of the title), and a title that slugifies to nothing falls back
to its arXiv id or a hash. The slug is then stored as the file name and never moves.
"""

from __future__ import annotations

import hashlib
from collections.abc import Collection

from slugify import slugify

MAX_SLUG_LENGTH = 80


def _hash(text: str, length: int = 8) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:length]


def base_slug(title: str) -> str:
    """Return the slug python-slugify makes of ``title`` (may be empty)."""
    return slugify(title, max_length=MAX_SLUG_LENGTH, word_boundary=True, save_order=True)


def tag_slug(name: str) -> str:
    """Return the URL part for a tag id or name."""
    return slugify(name)


def paper_slug(title: str, taken: Collection[str], arxiv_id: str | None = None) -> str:
    """Return a new slug for a paper, distinct from every slug in ``taken``.

    Deterministic: the same title, arXiv id and ``taken`` give the same slug.
    """
    base = base_slug(title)
    id_part = slugify(arxiv_id) if arxiv_id else ""
    if not base:
        base = f"arxiv-{id_part}" if id_part else f"paper-{_hash(title)}"
    candidates = [base]
    if id_part and id_part not in base:
        candidates.append(f"{base}-{id_part}")
    candidates += [f"{base}-{_hash(title + (arxiv_id or ''), n)}" for n in (6, 10, 16)]
    for candidate in candidates:
        if candidate not in taken:
            return candidate
    counter = 2
    while f"{base}-{counter}" in taken:
        counter += 1
    return f"{base}-{counter}"
