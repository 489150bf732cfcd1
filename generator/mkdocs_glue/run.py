"""Run MkDocs in-process on the generated pages: ``papersite build``'s last stage."""

from __future__ import annotations

import contextlib
import gc
import os
from collections.abc import Iterator
from datetime import UTC, date, datetime, time

from generator.config import Project
from generator.mkdocs_glue import split as mkdocs_split
from generator.publish import output
from generator.runtime.progress import stage


@contextlib.contextmanager
def _source_date(day: date | None) -> Iterator[None]:
    """Set ``SOURCE_DATE_EPOCH`` to midnight UTC of ``day`` for the block, unless it is set.

    MkDocs dates the sitemap (``<lastmod>``, the gzip header) with it, else with "now"
    (https://reproducible-builds.org/specs/source-date-epoch/).
    """
    if day is None or os.environ.get("SOURCE_DATE_EPOCH"):
        yield
        return
    epoch = int(datetime.combine(day, time(), tzinfo=UTC).timestamp())
    os.environ["SOURCE_DATE_EPOCH"] = str(epoch)
    try:
        yield
    finally:
        del os.environ["SOURCE_DATE_EPOCH"]


def run_mkdocs_build(
    project: Project,
    strict: bool = False,
    build_day: date | None = None,
    publish_data: bool = True,
    processes: int = 1,
) -> None:
    """Run ``mkdocs build`` in-process with the project's ``mkdocs.yml`` into ``site/``.

    ``build_day`` (the latest listing day) dates the sitemap, so the same content
    builds the same bytes on any day. ``publish_data=False`` keeps the papersite plugin from
    copying ``build/data`` into the site: the caller does it once the data is ready.
    ``processes`` > 1 splits the paper pages over that many processes
    (``generator.mkdocs_glue.split``; not with Material's search, whose index needs them all).
    """
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    config = load_config(
        str(project.root / "mkdocs.yml"), strict=strict, site_dir=str(project.site_dir)
    )
    config.extra[output.PUBLISH_DATA] = publish_data
    if project.search_engine == "papersite":
        config.extra[mkdocs_split.PROCESSES] = processes
    # What the generator let go of is freed before MkDocs fills the heap (and forks it).
    gc.collect()
    with stage("MkDocs"), _source_date(build_day):
        mkdocs_build(config)
