"""One rule shortens an excerpt, a feed summary and a graph label."""

from __future__ import annotations

import pytest

from generator.publish.exports import feed_summary
from generator.render.graph import short_label
from generator.text.cut import cut_at_word
from generator.text.english import excerpt


@pytest.mark.parametrize(
    ("text", "limit", "trailing", "expected"),
    [
        ("short", 10, "", "short"),
        ("exactly ten", 11, "", "exactly ten"),
        ("one two three", 9, "", "one two…"),
        ("one two, three", 9, ",", "one two…"),
        ("unbroken-words-here", 8, "", "unbroken…"),
        ("a b", 0, "", "…"),
    ],
)
def test_text_is_cut_at_a_word_and_marked(
    text: str, limit: int, trailing: str, expected: str
) -> None:
    assert cut_at_word(text, limit, trailing) == expected


def test_the_start_of_a_longer_text_is_marked_even_when_it_fits() -> None:
    assert cut_at_word("fits here", 20, more=True) == "fits…"


def test_excerpt_summary_and_label_share_the_cut() -> None:
    """Issue 17: three copies of "cut at a word and add …" are one function now."""
    words = "alpha beta, gamma delta epsilon zeta eta theta"
    assert excerpt(words, 12) == cut_at_word(words, 12, ",;:") == "alpha beta…"
    assert feed_summary(words, 12) == cut_at_word(words, 12) == "alpha beta,…"
    assert short_label(words, 12) == cut_at_word(words, 12, ",;:-") == "alpha beta…"
