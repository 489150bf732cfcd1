"""Which of Material's sidebars a page hides: those that would stand empty on a desktop."""

from __future__ import annotations

from generator.render.pages import hidden_sidebars


def test_the_navigation_sidebar_is_hidden_on_every_page() -> None:
    assert hidden_sidebars([], "# Title\n\n## Section\n") == ["navigation"]


def test_a_page_without_sections_hides_its_empty_table_of_contents() -> None:
    assert hidden_sidebars([], "# Title\n\nText with a # sign.\n") == ["navigation", "toc"]


def test_a_page_that_hides_a_sidebar_already_keeps_its_list_without_repeats() -> None:
    assert hidden_sidebars(["toc"], "# Title\n") == ["toc", "navigation"]
