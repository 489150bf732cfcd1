"""Which backlinks a paper page lists: each linking paper once, none already related."""

from __future__ import annotations

from generator.model import Link, RelatedPaper
from generator.render.backlinks import backlink_groups, links_here
from generator.render.pages import BACKLINK_HEADINGS

KINDS = [kind for kind, _ in BACKLINK_HEADINGS]


def test_a_related_paper_is_not_listed_again_among_backlinks() -> None:
    backlinks = [Link("r", "p", "related"), Link("b", "p", "related")]
    related = [RelatedPaper("r", 0.5)]
    assert backlink_groups(backlinks, related, KINDS) == {"related": [Link("b", "p", "related")]}


def test_a_paper_linking_in_two_ways_is_listed_once_under_its_first_kind() -> None:
    mention = Link("m", "p", "mention", "P")
    backlinks = [mention, Link("m", "p", "contributor"), Link("m", "p", "related")]
    assert backlink_groups(backlinks, [], KINDS) == {"mention": [mention]}
    # The first kind of ``kinds`` wins whatever the order of the links.
    assert backlink_groups(list(reversed(backlinks)), [], KINDS) == {"mention": [mention]}


def test_groups_follow_the_order_of_kinds_and_keep_the_links_order() -> None:
    backlinks = [
        Link("a", "p", "mention", "A"),
        Link("c", "p", "related"),
        Link("b", "p", "related"),
        Link("d", "p", "contributor"),
    ]
    groups = backlink_groups(backlinks, [], ["related", "mention", "contributor"])
    assert list(groups) == ["related", "mention", "contributor"]
    assert [link.source for link in groups["related"]] == ["c", "b"]


def test_every_backlink_a_related_paper_has_is_said_in_words() -> None:
    backlinks = [
        Link("r1", "p", "mention", "P"),
        Link("r1", "p", "related"),
        Link("r2", "p", "contributor"),
        Link("other", "p", "mention", "P"),
    ]
    related = [RelatedPaper("r1", 0.9), RelatedPaper("r2", 0.8), RelatedPaper("r3", 0.7)]
    assert links_here(backlinks, related) == {
        "r1": "mentions this paper; lists this paper as related too",
        "r2": "links here in its notes",
    }
    assert backlink_groups(backlinks, related, KINDS) == {"mention": [backlinks[3]]}


def test_no_backlink_nothing_listed() -> None:
    assert backlink_groups([], [RelatedPaper("r", 0.5)], KINDS) == {}
    assert links_here([], [RelatedPaper("r", 0.5)]) == {}
