"""A paper's slug, its permanent name in URLs, chosen once from its title at ingest.

Slugs come from python-slugify; a clash gets a deterministic suffix (the arXiv id,
else a short hash of the title), and a title that slugifies to nothing falls back
to its arXiv id or a hash. The slug is then stored as the file name and never moves;
:mod:`generator.urls` makes the page's paths and URLs of it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Collection

from slugify import slugify

from generator.text.texmath import text_macros
from generator.urls import RESERVED_SLUGS

MAX_SLUG_LENGTH = 80


def _hash(text: str, length: int = 8) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:length]


def base_slug(title: str, max_length: int = MAX_SLUG_LENGTH) -> str:
    """Return the slug python-slugify makes of ``title`` (may be empty), TeX text
    macros shown as their text (``\\textsc{AIEV-Instruct}`` -> ``aiev-instruct``)."""
    plain = text_macros(title, in_math=True)
    return slugify(plain, max_length=max_length, word_boundary=True, save_order=True)


def tag_slug(name: str) -> str:
    """Return the URL part for a tag id or name."""
    return slugify(name)


def paper_slug(title: str, taken: Collection[str], arxiv_id: str | None = None) -> str:
    """Return a new slug for a paper, distinct from every slug in ``taken`` and from
    :data:`RESERVED_SLUGS`, at most :data:`MAX_SLUG_LENGTH` characters.

    Deterministic: the same title, arXiv id and ``taken`` give the same slug. A suffix
    that makes it unique shortens the title part (at a word boundary) to fit the cap.
    """
    base = base_slug(title)
    id_part = slugify(arxiv_id) if arxiv_id else ""
    if not base:
        base = f"arxiv-{id_part}" if id_part else f"paper-{_hash(title)}"
    suffixes = [""]
    if id_part and id_part not in base:
        suffixes.append(id_part)
    suffixes += [_hash(title + (arxiv_id or ""), n) for n in (6, 10, 16)]
    for suffix in suffixes:
        candidate = _with_suffix(base, suffix)
        if candidate not in taken and candidate not in RESERVED_SLUGS:
            return candidate
    counter = 2
    while _with_suffix(base, str(counter)) in taken:
        counter += 1
    return _with_suffix(base, str(counter))


def _with_suffix(base: str, suffix: str) -> str:
    """Return ``base-suffix`` cut to :data:`MAX_SLUG_LENGTH`, cutting ``base`` at a
    hyphen (a word boundary) where it can."""
    if not suffix:
        return base
    room = MAX_SLUG_LENGTH - len(suffix) - 1
    if len(base) > room:
        cut = base[:room]
        base = cut.rsplit("-", 1)[0] if "-" in cut and base[room] != "-" else cut
        base = base.rstrip("-")
    return f"{base}-{suffix}" if base else suffix
