"""The only place URLs are decided: a paper's slug is chosen once, from its title.

Slugs come from python-slugify; a clash gets a deterministic suffix (the arXiv id,
else a short hash of the title), and a title that slugifies to nothing falls back
to its arXiv id or a hash. The slug is then stored as the file name and never moves.
"""

from __future__ import annotations

import hashlib
from collections.abc import Collection

from markdown.extensions.toc import slugify as toc_slugify
from slugify import slugify

from generator.text.texmath import text_macros

MAX_SLUG_LENGTH = 80
# Names a page of the site already has in the folder a slug or tag id goes into:
# ``papers/index.md`` and ``tags/index.md`` are the folders' own pages.
RESERVED_SLUGS = frozenset({"index"})


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


def heading_id(text: str, separator: str) -> str:
    """Return the ``id`` of a page heading: Python-Markdown's ``toc`` slug of ``text``
    without leading underscores (MkDocs' ``toc`` extension calls it, see mkdocs.yml).

    Material names its own elements ``__config``, ``__drawer``, ``__search`` ...; a paper
    titled ``__config`` would otherwise own the id Material's script parses as its
    configuration, and search and the theme would die on that page.
    """
    return toc_slugify(text, separator).lstrip("_")
