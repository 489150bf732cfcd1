"""enrich.periods: which papers a week or month holds, in which order, and a tag's months."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from generator.enrich import periods
from generator.model import Listing, Paper


def corpus(
    days: dict[date, tuple[str, ...]], upvotes: dict[str, int | None]
) -> tuple[dict[date, Listing], dict[str, Paper]]:
    papers = {
        slug: Paper(slug, f"Paper {slug}", "A.", upvotes=votes) for slug, votes in upvotes.items()
    }
    return {day: Listing(day, slugs) for day, slugs in days.items()}, papers


@pytest.mark.parametrize(
    ("day", "week", "month"),
    [
        (date(2025, 3, 11), date(2025, 3, 10), date(2025, 3, 1)),  # a Tuesday
        (date(2025, 3, 10), date(2025, 3, 10), date(2025, 3, 1)),  # the Monday itself
        (date(2025, 3, 16), date(2025, 3, 10), date(2025, 3, 1)),  # the Sunday
        # New Year's Day 2025 is in the week that starts in December 2024.
        (date(2025, 1, 1), date(2024, 12, 30), date(2025, 1, 1)),
    ],
)
def test_a_day_lies_in_its_iso_week_and_its_month(day: date, week: date, month: date) -> None:
    assert periods.period_start("week", day) == week
    assert periods.period_start("month", day) == month
    assert periods.period_end("week", week) == week + timedelta(days=6)


@pytest.mark.parametrize(
    ("start", "end"),
    [
        (date(2024, 2, 1), date(2024, 2, 29)),
        (date(2025, 2, 1), date(2025, 2, 28)),
        (date(2025, 12, 1), date(2025, 12, 31)),
    ],
)
def test_a_month_ends_on_its_last_day(start: date, end: date) -> None:
    assert periods.period_end("month", start) == end


def test_upvotes_rank_first_and_ties_go_to_more_days_then_listing_order() -> None:
    listings, papers = corpus(
        {
            date(2025, 3, 10): ("b", "a", "unknown"),
            date(2025, 3, 12): ("c", "b", "zero", "a"),
            date(2025, 3, 13): ("d", "c"),
        },
        {"a": 50, "b": 50, "c": 50, "d": 7, "zero": 0, "unknown": None},
    )
    (week,) = periods.periods("week", listings, papers)
    ranked = [(entry.slug, entry.upvotes, entry.days) for entry in week.ranked]
    assert ranked == [
        # Three with 50: b and a two days each (b placed higher on the 10th), c two days
        # but first listed later.
        ("b", 50, 2),
        ("a", 50, 2),
        ("c", 50, 2),
        ("d", 7, 1),
        ("zero", 0, 1),
        # Never counted: below a paper counted at zero.
        ("unknown", None, 1),
    ]
    assert week.days == (date(2025, 3, 10), date(2025, 3, 12), date(2025, 3, 13))
    assert (week.start, week.end) == (date(2025, 3, 10), date(2025, 3, 16))


def test_without_upvotes_the_days_listed_rank_the_papers() -> None:
    listings, papers = corpus(
        {date(2025, 3, 3): ("x", "y"), date(2025, 3, 20): ("y", "z"), date(2025, 3, 21): ("z",)},
        {"x": None, "y": None, "z": None},
    )
    (month,) = periods.periods("month", listings, papers)
    assert [(e.slug, e.days) for e in month.ranked] == [("y", 2), ("z", 2), ("x", 1)]
    weeks = periods.periods("week", listings, papers)
    # Only the days of a week count for it: y is once in each of its two weeks.
    assert [[(e.slug, e.days) for e in w.ranked] for w in weeks] == [
        [("x", 1), ("y", 1)],
        [("z", 2), ("y", 1)],
    ]


def test_periods_without_papers_are_left_out_and_the_rest_kept_in_order() -> None:
    listings, papers = corpus(
        {
            date(2025, 1, 6): ("a",),
            date(2025, 1, 20): ("ghost",),  # names no paper: no week of its own
            date(2025, 3, 3): ("a", "a"),  # twice on one day counts one day
        },
        {"a": 1},
    )
    weeks = periods.periods("week", listings, papers)
    assert [w.start for w in weeks] == [date(2025, 1, 6), date(2025, 3, 3)]
    assert weeks[1].ranked[0].days == 1
    months = periods.periods("month", listings, papers)
    assert [(m.start, m.days) for m in months] == [
        (date(2025, 1, 1), (date(2025, 1, 6),)),
        (date(2025, 3, 1), (date(2025, 3, 3),)),
    ]
    assert periods.periods("week", {}, {}) == []


def test_month_counts_keep_empty_months_as_zero() -> None:
    months = periods.month_starts(date(2024, 11, 20), date(2025, 2, 3))
    assert months == [date(2024, 11, 1), date(2024, 12, 1), date(2025, 1, 1), date(2025, 2, 1)]
    days = [date(2024, 11, 30), date(2025, 2, 1), date(2025, 2, 28), date(2023, 1, 1)]
    # The day outside the months is ignored.
    assert periods.monthly_counts(days, months) == [1, 0, 0, 2]
    assert periods.month_starts(date(2025, 3, 9), date(2025, 3, 9)) == [date(2025, 3, 1)]


def test_names_of_periods_as_readers_read_them() -> None:
    listings, papers = corpus({date(2024, 12, 31): ("a",), date(2025, 2, 28): ("a",)}, {"a": 1})
    weeks = periods.periods("week", listings, papers)
    assert [periods.period_title(w) for w in weeks] == [
        "Top papers of the week of 30 December 2024 to 5 January 2025",
        "Top papers of the week of 24 February to 2 March 2025",
    ]
    months = periods.periods("month", listings, papers)
    assert [periods.period_phrase(m) for m in months] == ["December 2024", "February 2025"]
