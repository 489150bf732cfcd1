"""Which papers a paper page lists as linking to it, so that none is listed twice.

Pure functions, no I/O. A paper's page lists its related papers, then its backlinks.
A paper that is both (a related paper that lists this one as related too, or one that
also mentions it) is listed once, among the related papers, where the disclosure of why
it is related says how it links here (:func:`links_here`); the backlinks list the others.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from generator.model import Link, RelatedPaper

# How a related paper's disclosure says that it links here too, by link kind.
LINKS_HERE = {
    "mention": "mentions this paper",
    "contributor": "links here in its notes",
    "related": "lists this paper as related too",
}


def backlink_groups(
    backlinks: Sequence[Link], related: Iterable[RelatedPaper], kinds: Iterable[str]
) -> dict[str, list[Link]]:
    """Return ``{kind: links}`` to list, in the order of ``kinds``, empty groups left out.

    ``backlinks``: the links to one paper (``Link.source`` links to it), ``related``: its
    related papers, ``kinds``: link kinds in the order their groups are shown. A source
    among the related papers is left out; any other source is listed once, in the group
    of its first kind in ``kinds``, at its first link of that kind (which keeps its text).
    Linear in the number of links.
    """
    order = list(kinds)
    shown = {item.slug for item in related}
    first: dict[str, Link] = {}
    for link in backlinks:
        if link.source in shown or link.kind not in order:
            continue
        known = first.get(link.source)
        if known is None or order.index(link.kind) < order.index(known.kind):
            first[link.source] = link
    groups: dict[str, list[Link]] = {kind: [] for kind in order}
    for link in backlinks:
        if first.get(link.source) is link:
            groups[link.kind].append(link)
    return {kind: links for kind, links in groups.items() if links}


def links_here(backlinks: Iterable[Link], related: Iterable[RelatedPaper]) -> dict[str, str]:
    """Return ``{related slug: how it links here}``, e.g. ``"mentions this paper"``.

    Only related papers that link to the paper appear; their kinds are joined by "; ",
    in the order of :data:`LINKS_HERE`. The words are what the related list's disclosure
    shows in place of a backlink entry (see :func:`backlink_groups`).
    """
    shown = {item.slug for item in related}
    found: dict[str, set[str]] = {}
    for link in backlinks:
        if link.source in shown and link.kind in LINKS_HERE:
            found.setdefault(link.source, set()).add(link.kind)
    return {
        source: "; ".join(words for kind, words in LINKS_HERE.items() if kind in kinds)
        for source, kinds in found.items()
    }
