"""Small SVG charts drawn at build time: a tag's papers per month, as bars and as a
sparkline.

Plain functions from counts to HTML text: one ``<rect>`` a month, or one polyline, never
an element per paper, so a chart's size depends on the months shown only. Colours are
classes that ``assets/papersite.css`` fills from Material's CSS variables, so the light
and the dark scheme both work; nothing is loaded from another host. An SVG with
``role="img"`` is named by its ``<title>`` and described by its ``<desc>`` (WAI-ARIA
Graphics module, https://www.w3.org/TR/graphics-aria-1.0/, and SVG-AAM 1.0 "Name and
description"); the numbers themselves are a table under the chart.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from generator.render.escape import html_text
from generator.text.english import count, month_year

# The bar chart's drawing units: a month is STEP wide, its bar BAR wide, the tallest bar
# HEIGHT high; CSS stretches the drawing to the page's width.
STEP, BAR, HEIGHT = 10, 8, 50
# The sparkline in CSS pixels, drawn at its size (its stroke must not stretch).
SPARK_WIDTH, SPARK_HEIGHT = 80, 20


def _number(value: float) -> str:
    """Return ``value`` rounded to a tenth, without a trailing ``.0``: small, and the
    same text on every machine."""
    return f"{round(value, 1):g}"


def bar_heights(counts: Sequence[int], height: float = HEIGHT) -> list[float]:
    """Return each count's bar height in drawing units: the largest count is ``height``
    high, the others in proportion, rounded to a tenth; a count above zero is at least
    one unit high so that it shows; zero is zero."""
    most = max(counts, default=0)
    if most <= 0:
        return [0.0] * len(counts)
    return [max(1.0, round(value * height / most, 1)) if value > 0 else 0.0 for value in counts]


def _describe(months: Sequence[date], counts: Sequence[int]) -> str:
    """Return a sentence of what the chart shows: its span, its highest month, the total."""
    if not months:
        return "No month has papers."
    if len(months) == 1:
        return f"{month_year(months[0])}: {count(counts[0], 'paper')}."
    most = max(counts)
    peak = months[list(counts).index(most)]
    span = f"{month_year(months[0])} to {month_year(months[-1])}"
    return f"{span}: {count(sum(counts), 'paper')}; most in {month_year(peak)} ({most})."


def bar_chart(months: Sequence[date], counts: Sequence[int], title: str, chart_id: str) -> str:
    """Return an inline ``<svg role="img">`` bar chart of ``counts`` (papers per month of
    ``months``, first days of consecutive months, as ``enrich.periods.month_starts``
    gives them), named by ``title`` (plain text, escaped here) and described by a
    sentence of its span and peak; ``chart_id`` prefixes the ids of its title and desc.

    Months without papers have no bar, only the baseline under them. Raises
    ``ValueError`` when ``months`` and ``counts`` differ in length.
    """
    if len(months) != len(counts):
        raise ValueError(f"{len(months)} months but {len(counts)} counts")
    width = max(1, len(months)) * STEP
    bars = "".join(
        f'<rect x="{index * STEP + (STEP - BAR) // 2}" y="{_number(HEIGHT - bar)}"'
        f' width="{BAR}" height="{_number(bar)}"></rect>'
        for index, bar in enumerate(bar_heights(counts))
        if bar
    )
    return (
        f'<svg class="trend-chart" role="img" viewBox="0 0 {width} {HEIGHT + 1}"'
        f' preserveAspectRatio="none" aria-labelledby="{chart_id}-title {chart_id}-desc">'
        f'<title id="{chart_id}-title">{html_text(title)}</title>'
        f'<desc id="{chart_id}-desc">{html_text(_describe(months, counts))}</desc>'
        f'<rect class="trend-chart__axis" x="0" y="{HEIGHT}" width="{width}" height="1"></rect>'
        f'<g class="trend-chart__bars">{bars}</g></svg>'
    )


def counts_table(months: Sequence[date], counts: Sequence[int], caption: str) -> str:
    """Return the numbers of a chart as an HTML table, month -> papers (zero included),
    with ``caption`` (plain text, escaped here), oldest month first."""
    rows = "".join(
        f"<tr><td>{month_year(month)}</td><td>{value}</td></tr>"
        for month, value in zip(months, counts, strict=True)
    )
    return (
        f"<table><caption>{html_text(caption)}</caption>"
        '<thead><tr><th scope="col">Month</th><th scope="col">Papers</th></tr></thead>'
        f"<tbody>{rows}</tbody></table>"
    )


def sparkline_points(
    counts: Sequence[int], width: float = SPARK_WIDTH, height: float = SPARK_HEIGHT
) -> list[tuple[float, float]]:
    """Return the sparkline's points ``(x, y)`` in pixels, y downwards: months spread
    evenly over ``width``, the largest count at the top (y = 1), zero on the bottom
    (y = ``height`` - 1), one pixel kept for the stroke. A single month is a flat
    segment across the whole width; no month, no point."""
    if not counts:
        return []
    most = max(counts) or 1
    usable = height - 2

    def y(value: int) -> float:
        return round(height - 1 - value * usable / most, 1)

    if len(counts) == 1:
        return [(0.0, y(counts[0])), (float(width), y(counts[0]))]
    step = width / (len(counts) - 1)
    return [(round(index * step, 1), y(value)) for index, value in enumerate(counts)]


def sparkline(months: Sequence[date], counts: Sequence[int], name: str) -> str:
    """Return a small inline ``<svg role="img">`` line of ``counts`` per month, its
    ``aria-label`` giving ``name`` (plain text, escaped here), the span and every count,
    so a screen reader reads the numbers the line shows."""
    if len(months) != len(counts):
        raise ValueError(f"{len(months)} months but {len(counts)} counts")
    points = " ".join(f"{_number(x)},{_number(y)}" for x, y in sparkline_points(counts))
    span = (
        f"{month_year(months[0])} to {month_year(months[-1])}"
        if len(months) > 1
        else month_year(months[0])
        if months
        else "no month"
    )
    label = f"{name}, papers per month, {span}: {', '.join(map(str, counts))}"
    return (
        f'<svg class="trend-sparkline" role="img" width="{SPARK_WIDTH}"'
        f' height="{SPARK_HEIGHT}" viewBox="0 0 {SPARK_WIDTH} {SPARK_HEIGHT}"'
        f' aria-label="{html_text(label)}"><polyline points="{points}"></polyline></svg>'
    )
