"""Progress of long work: a bar on a terminal, plain log lines elsewhere, nothing when quiet.

Quiet is the logging level: ``papersite --quiet`` sets the ``papersite`` logger to
WARNING, and then neither bars nor lines are shown.
"""

from __future__ import annotations

import logging
import sys
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import TypeVar

from tqdm import tqdm

log = logging.getLogger("papersite")
Item = TypeVar("Item")


def _shown() -> bool:
    return log.isEnabledFor(logging.INFO)


def track(
    items: Iterable[Item], description: str, total: int | None = None, summary: bool = True
) -> Iterator[Item]:
    """Yield ``items``, showing a bar with count and rate (terminal) or one line at the end.

    ``summary=False`` leaves the closing line to the caller (:func:`report_rate`), for
    work shared with other processes whose items this bar does not see.
    """
    if not _shown():
        yield from items
        return
    if sys.stderr.isatty():
        yield from tqdm(items, desc=description, total=total, unit=" items", leave=False)
        return
    started, count = time.perf_counter(), 0
    for item in items:
        count += 1
        yield item
    if summary:
        report_rate(description, count, time.perf_counter() - started)


def report_rate(description: str, count: int, elapsed: float) -> None:
    """Log ``description: count in elapsed s (rate/s)``, unless quiet; ``elapsed`` in s."""
    if _shown():
        rate = count / elapsed if elapsed > 0 else float("inf")
        log.info("%s: %d in %.1f s (%.0f/s)", description, count, elapsed, rate)


@contextmanager
def stage(description: str) -> Iterator[None]:
    """Log how long the block took (one line), unless quiet."""
    started = time.perf_counter()
    yield
    if _shown():
        log.info("%s: %.1f s", description, time.perf_counter() - started)
