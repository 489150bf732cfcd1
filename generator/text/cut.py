"""Shortening text for an excerpt, a feed summary or a graph label: one rule for all."""

from __future__ import annotations

ELLIPSIS = "…"


def cut_at_word(text: str, limit: int, trailing: str = "", more: bool = False) -> str:
    """Return ``text`` whole if it has at most ``limit`` characters, else its start cut
    at the last space within ``limit`` (at ``limit`` when there is none), less the
    characters of ``trailing`` at its end, and "…".

    ``text`` is plain text on one line (callers fold white space first). ``more``: the
    text given is the start of a longer one, so it is cut and marked even if it fits.
    """
    if len(text) <= limit and not more:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip(trailing) + ELLIPSIS
