"""Time what the week and month pages and the tag trends add to a build of the corpus.

Usage: .venv/bin/python bench/top_pages.py --root SCRATCH [--repeat 3] [--build-log LOG]

``SCRATCH`` is a project holding content (``bench/build_corpus.py --keep`` leaves one
with the corpus). The papers are loaded, tagged and linked as ``papersite build`` does
(not timed), then each stage issue 18 (items 4 and 5) added runs ``--repeat`` times, in
this process, on one core: ranking every week and month (``enrich.periods``), rendering
their pages and the index ``top/``, their feeds (``exports.period_feeds``), every tag's
chart and table, and the tags index's sparklines. Each is the wall time (s) of its first
run (cold, as a build makes it) and the median of its runs (warm caches). For
scale, every page of the site is rendered once the same way (the whole render stage on
one core), and the added pages' and feeds' count and size are printed.

``papersite build`` renders on every core and runs MkDocs over every page; with
``--build-log``, the log of a ``papersite build --root SCRATCH`` of the same content
(stage lines such as ``rendering pages: 20022 in 29.8 s``, and ``Elapsed (wall clock)``
from ``/usr/bin/time -v``), the added time is also given as a share of that build, with
the added pages' MkDocs time estimated at the build's own time per page.
"""

from __future__ import annotations

import argparse
import re
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from generator import urls
from generator.config import Project
from generator.enrich import corpus, periods
from generator.publish import exports
from generator.render import charts, pages
from generator.sources.tree import load_content

WALL_CLOCK = re.compile(
    r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (?:(\d+):)?(\d+):([\d.]+)"
)
RENDERED = re.compile(r"rendering pages: (\d+) in ([\d.]+) s")
MKDOCS = re.compile(r"^(mkdocs[\w ,]*): ([\d.]+) s$", re.MULTILINE)


def timed(repeat: int, work: Callable[[], object]) -> tuple[float, float]:
    """Return the wall time (s) of the first of ``repeat`` calls of ``work`` (cold: a
    build makes each once) and their median (warm caches: feed summaries, code links)."""
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return times[0], statistics.median(times)


def build_log_seconds(text: str) -> tuple[float | None, tuple[int, float] | None]:
    """Return the build's wall time (s) and ``(pages, seconds)`` of its rendering, from
    a ``papersite build`` log under ``/usr/bin/time -v`` (``None`` where missing)."""
    wall = WALL_CLOCK.search(text)
    total = None
    if wall:
        total = int(wall[1] or 0) * 3600 + int(wall[2]) * 60 + float(wall[3])
    rendered = RENDERED.search(text)
    return total, ((int(rendered[1]), float(rendered[2])) if rendered else None)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--root", type=Path, required=True)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--build-log", type=Path)
    args = parser.parse_args()
    project = Project.load(args.root)
    content, _ = load_content(project)
    tagged = corpus.tag(content.papers, content.tags, content.listings)
    renderer = pages.Renderer(corpus.link(tagged), project)
    renderer.prepare()
    linked = renderer.corpus
    print(f"papers: {len(linked.papers)}, listing days: {len(linked.listings)}")

    def rank() -> object:
        return [periods.periods(kind, linked.listings, linked.papers) for kind in periods.KINDS]

    top_paths = [
        urls.TOP_INDEX,
        *(p for p in renderer.page_paths() if p.startswith(("weeks/", "months/"))),
    ]
    top_pages: dict[str, str] = {}

    def render_top() -> object:
        top_pages.update((path, renderer.page(path)) for path in top_paths)
        return top_pages

    feeds: dict[str, str] = {}

    def make_feeds() -> object:
        feeds.update(exports.period_feeds(tagged, project))
        return feeds

    used = renderer.used_tags()
    months = renderer.trend_months
    chart_bytes = [0]

    def tag_charts() -> object:
        chart_bytes[0] = 0
        for tag_id in used:
            trend = renderer.trend(tag_id)
            name = linked.tags[tag_id].name
            drawn = charts.bar_chart(months, trend, f"{name}: papers per month", "trend")
            drawn += charts.counts_table(months, trend, f"{name}: papers per month")
            chart_bytes[0] += len(drawn.encode())
        return chart_bytes

    def sparklines() -> object:
        return [charts.sparkline(months, renderer.trend(t), linked.tags[t].name) for t in used]

    added = {
        "rank every week and month": timed(args.repeat, rank),
        "render week, month and top pages": timed(args.repeat, render_top),
        "week and month feeds": timed(args.repeat, make_feeds),
        "tag charts and tables": timed(args.repeat, tag_charts),
        "tags index sparklines": timed(args.repeat, sparklines),
    }
    all_paths = renderer.page_paths()
    started = time.perf_counter()
    for path in all_paths:
        renderer.page(path)
    every_page = time.perf_counter() - started

    weeks = sum(1 for p in top_paths if p.startswith("weeks/"))
    print(f"weeks: {weeks}, months: {len(top_paths) - weeks - 1}, months charted: {len(months)}")
    print(f"one core (s): first run (cold), median of {args.repeat}")
    for name, (first, median) in added.items():
        print(f"  {name:34s} {first:7.3f} {median:7.3f}")
    extra = sum(first for first, _ in added.values())
    print(f"  {'all added (first runs)':34s} {extra:7.3f}")
    print(f"  {'render every page (for scale)':34s} {every_page:7.3f}  ({len(all_paths)} pages)")
    page_bytes = sum(len(text.encode()) for text in top_pages.values())
    feed_bytes = sum(len(text.encode()) for text in feeds.values())
    print(
        f"added: {len(top_pages)} pages, {page_bytes / 1e6:.2f} MB Markdown; "
        f"{len(feeds)} feeds, {feed_bytes / 1e6:.2f} MB; "
        f"charts {chart_bytes[0] / 1e6:.2f} MB over {len(used)} tag pages"
    )
    if args.build_log:
        total, rendered = build_log_seconds(args.build_log.read_text(encoding="utf-8"))
        if total and rendered:
            pages_built, _ = rendered
            # MkDocs' share per page, estimated at the whole build's own rate.
            per_page = total / pages_built
            mkdocs_extra = per_page * len(top_pages)
            share = 100 * (extra + mkdocs_extra) / total
            print(
                f"papersite build (log): {total:.1f} s for {pages_built} pages; the added work "
                f"{extra:.1f} s on one core + ~{mkdocs_extra:.1f} s for {len(top_pages)} pages "
                f"at {per_page * 1000:.1f} ms a page = {share:.1f} % of the build (an upper "
                "bound: the build spreads it over every core)"
            )


if __name__ == "__main__":
    main()
