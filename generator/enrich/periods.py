"""The top papers of each week and month, and each month's paper counts.

A period is an ISO 8601 week (Monday to Sunday) or a calendar month, named by its first
day. Its papers are those listed on a day of it, ranked by :func:`rank_key`. Plain
functions over the listings and papers; one pass over every listing entry, so the cost
is linear in the listings' size (plus a sort per period).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from generator.model import Listing, Paper
from generator.text.english import date_span, month_year

Kind = Literal["week", "month"]
KINDS: tuple[Kind, ...] = ("week", "month")


def period_start(kind: Kind, day: date) -> date:
    """Return the first day of the period of ``kind`` holding ``day``: its ISO week's
    Monday, or its month's first day."""
    if kind == "week":
        return day - timedelta(days=day.weekday())
    return day.replace(day=1)


def period_end(kind: Kind, start: date) -> date:
    """Return the last day of the period of ``kind`` that starts on ``start``."""
    if kind == "week":
        return start + timedelta(days=6)
    following = date(start.year + start.month // 12, start.month % 12 + 1, 1)
    return following - timedelta(days=1)


@dataclass(frozen=True)
class Ranked:
    """A paper in a period's ranking: ``upvotes`` (``None`` when no listing gave them),
    ``days`` the number of the period's listing days that showed it, ``first`` the first
    of them and ``place`` its 0-based place in that day's listing."""

    slug: str
    upvotes: int | None
    days: int
    first: date
    place: int


def rank_key(entry: Ranked) -> tuple[bool, int, int, date, int, str]:
    """Return the sort key of a period's ranking, best first.

    Known upvotes first, most first (a paper without upvotes ranks below one with 0:
    it was never counted); then the most listing days in the period; then the earlier
    first listing day in the period and the higher place in that day's listing (the
    listing's own order); last the slug, so the order is total and every build the same.
    """
    upvotes = entry.upvotes if entry.upvotes is not None else 0
    return (entry.upvotes is None, -upvotes, -entry.days, entry.first, entry.place, entry.slug)


@dataclass(frozen=True)
class Period:
    """One week or month with papers: ``start`` its first day, ``end`` its last,
    ``days`` its listing days (oldest first) and ``ranked`` its papers, best first."""

    kind: Kind
    start: date
    end: date
    days: tuple[date, ...]
    ranked: tuple[Ranked, ...]


def periods(
    kind: Kind, listings: Mapping[date, Listing], papers: Mapping[str, Paper]
) -> list[Period]:
    """Return every period of ``kind`` with at least one listed paper, oldest first.

    ``listings`` are the listing days, ``papers`` the corpus by slug; a listing entry
    naming no paper of ``papers`` is left out (``papersite check`` reports it). A paper
    listed twice on one day counts that day once.
    """
    # Period start -> slug -> listing days in the period; and -> (first day, place).
    counts: dict[date, dict[str, int]] = {}
    firsts: dict[date, dict[str, tuple[date, int]]] = {}
    days: dict[date, list[date]] = {}
    for day in sorted(listings):
        start = period_start(kind, day)
        shown = [slug for slug in dict.fromkeys(listings[day].papers) if slug in papers]
        if not shown:
            continue
        days.setdefault(start, []).append(day)
        count, first = counts.setdefault(start, {}), firsts.setdefault(start, {})
        for place, slug in enumerate(shown):
            count[slug] = count.get(slug, 0) + 1
            first.setdefault(slug, (day, place))
    result = []
    for start in sorted(counts):
        ranked = sorted(
            (
                Ranked(slug, papers[slug].upvotes, count, *firsts[start][slug])
                for slug, count in counts[start].items()
            ),
            key=rank_key,
        )
        end = period_end(kind, start)
        result.append(Period(kind, start, end, tuple(days[start]), tuple(ranked)))
    return result


def period_name(period: Period) -> str:
    """Return what a reader calls a period: ``10 to 16 March 2025`` or ``March 2025``."""
    if period.kind == "week":
        return date_span(period.start, period.end)
    return month_year(period.start)


def period_phrase(period: Period) -> str:
    """Return a period as a sentence names it: ``the week of 10 to 16 March 2025``,
    ``March 2025``."""
    week = "the week of " if period.kind == "week" else ""
    return f"{week}{period_name(period)}"


def period_title(period: Period) -> str:
    """Return the title of a period's page and feed: ``Top papers of the week of 10 to
    16 March 2025``, ``Top papers of March 2025``."""
    return f"Top papers of {period_phrase(period)}"


def month_starts(first: date, last: date) -> list[date]:
    """Return the first day of every month from ``first``'s to ``last``'s, in order
    (empty when ``last`` is before ``first``'s month)."""
    months = []
    month = period_start("month", first)
    while month <= last:
        months.append(month)
        month = period_end("month", month) + timedelta(days=1)
    return months


def monthly_counts(days: Iterable[date], months: list[date]) -> list[int]:
    """Return how many of ``days`` fall in each month of ``months`` (first days of
    consecutive months, as :func:`month_starts` gives them); days outside are ignored.

    A tag's trend passes each of its papers' first listing day.
    """
    position = {month: index for index, month in enumerate(months)}
    counts = [0] * len(months)
    for day in days:
        index = position.get(period_start("month", day))
        if index is not None:
            counts[index] += 1
    return counts
