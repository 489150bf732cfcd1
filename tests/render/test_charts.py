"""render.charts: a tag's papers per month as an SVG bar chart, a table and a sparkline,
read back as a browser's parser reads them."""

from __future__ import annotations

from datetime import date

import pytest
from bs4 import BeautifulSoup

from generator.render import charts

MONTHS = [date(2025, 1, 1), date(2025, 2, 1), date(2025, 3, 1), date(2025, 4, 1)]


def parsed(html: str) -> BeautifulSoup:
    return BeautifulSoup(html, "html.parser")


def bars(svg: BeautifulSoup) -> list[tuple[float, float, float]]:
    """``(x, y, height)`` of each bar of a bar chart."""
    return [
        (float(rect["x"]), float(rect["y"]), float(rect["height"]))
        for rect in svg.select("g.trend-chart__bars rect")
    ]


def test_bars_scale_to_the_largest_month() -> None:
    svg = parsed(charts.bar_chart(MONTHS, [2, 8, 4, 1], "LLMs: papers per month", "t"))
    drawn = bars(svg)
    # The largest count fills the height; the others in proportion, from the baseline.
    assert [height for _, _, height in drawn] == [12.5, 50, 25, 6.2]
    assert all(y + height == charts.HEIGHT for _, y, height in drawn)
    # One month a STEP, left to right in month order.
    assert [x for x, _, _ in drawn] == [1, 11, 21, 31]
    assert svg.svg["viewbox"] == f"0 0 {4 * charts.STEP} {charts.HEIGHT + 1}"


def test_empty_months_are_zero_bars_on_the_baseline() -> None:
    svg = parsed(charts.bar_chart(MONTHS, [3, 0, 0, 3], "t", "t"))
    # The two empty months draw nothing above the baseline, and the others keep their place.
    assert [x for x, _, _ in bars(svg)] == [1, 31]
    axis = svg.select_one("rect.trend-chart__axis")
    assert (axis["y"], axis["width"]) == (str(charts.HEIGHT), str(4 * charts.STEP))
    table = parsed(charts.counts_table(MONTHS, [3, 0, 0, 3], "t"))
    rows = [[td.get_text() for td in tr.select("td")] for tr in table.select("tbody tr")]
    assert rows == [["January 2025", "3"], ["February 2025", "0"], ["March 2025", "0"],
                    ["April 2025", "3"]]  # fmt: skip


def test_a_small_count_stays_visible_next_to_a_large_one() -> None:
    assert charts.bar_heights([1, 1000]) == [1.0, 50.0]
    assert charts.bar_heights([0, 0]) == [0.0, 0.0]
    assert charts.bar_heights([]) == []


def test_a_one_month_tag_is_one_full_bar_and_a_flat_sparkline() -> None:
    svg = parsed(charts.bar_chart(MONTHS[:1], [5], "One month", "t"))
    assert bars(svg) == [(1, 0, 50)]
    assert svg.desc.get_text() == "January 2025: 5 papers."
    points = charts.sparkline_points([5])
    assert points == [(0.0, 1.0), (float(charts.SPARK_WIDTH), 1.0)]
    line = parsed(charts.sparkline(MONTHS[:1], [5], "One month"))
    assert line.svg["aria-label"] == "One month, papers per month, January 2025: 5"
    # A tag of one month on a site of four: one full bar, in that month's place.
    svg = parsed(charts.bar_chart(MONTHS, [0, 5, 0, 0], "One month", "t"))
    assert bars(svg) == [(11, 0, 50)]
    assert svg.desc.get_text() == "January 2025 to April 2025: 5 papers; most in February 2025 (5)."


def test_sparkline_points_scale_and_span_the_width() -> None:
    points = charts.sparkline_points([0, 2, 4, 1], width=90, height=22)
    assert [x for x, _ in points] == [0, 30, 60, 90]
    # Zero on the bottom pixel row, the largest on the top one (a pixel kept for the stroke).
    assert [y for _, y in points] == [21, 11, 1, 16]
    assert charts.sparkline_points([]) == []
    assert charts.sparkline_points([0, 0]) == [(0, 19.0), (80, 19.0)]


def test_the_chart_is_an_image_named_and_described_for_screen_readers() -> None:
    svg = parsed(charts.bar_chart(MONTHS, [2, 8, 4, 1], "LLMs: papers per month", "trend")).svg
    assert svg["role"] == "img"
    assert svg["aria-labelledby"] == "trend-title trend-desc"
    assert svg.find("title", id="trend-title").get_text() == "LLMs: papers per month"
    assert (
        svg.find("desc", id="trend-desc").get_text()
        == "January 2025 to April 2025: 15 papers; most in February 2025 (8)."
    )
    spark = parsed(charts.sparkline(MONTHS, [2, 8, 4, 1], "LLMs")).svg
    assert spark["role"] == "img"
    assert spark["aria-label"] == "LLMs, papers per month, January 2025 to April 2025: 2, 8, 4, 1"


def test_labels_are_escaped_text() -> None:
    hostile = "<script>alert(1)</script> & \"Q\" 'A'"
    chart = charts.bar_chart(MONTHS[:1], [1], hostile, "t")
    table = charts.counts_table(MONTHS[:1], [1], hostile)
    spark = charts.sparkline(MONTHS[:1], [1], hostile)
    for html in (chart, table, spark):
        assert "<script>" not in html
        assert parsed(html).find("script") is None
    assert parsed(chart).svg.title.get_text() == hostile
    assert parsed(table).caption.get_text() == hostile
    assert parsed(spark).svg["aria-label"].startswith(hostile + ",")


def test_months_and_counts_must_pair() -> None:
    with pytest.raises(ValueError, match="4 months but 3 counts"):
        charts.bar_chart(MONTHS, [1, 2, 3], "t", "t")
    with pytest.raises(ValueError, match="4 months but 3 counts"):
        charts.sparkline(MONTHS, [1, 2, 3], "t")


def test_the_drawing_grows_with_months_not_papers() -> None:
    few = charts.bar_chart(MONTHS, [1, 2, 3, 4], "t", "t")
    many = charts.bar_chart(MONTHS, [1000, 2000, 3000, 4000], "t", "t")
    # The same bars: a thousand times the papers draw the same elements.
    assert bars(parsed(few)) == bars(parsed(many))
    assert few.count("<rect") == many.count("<rect") == 5  # four bars and the baseline
