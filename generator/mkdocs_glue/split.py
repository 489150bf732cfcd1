"""One MkDocs build on every core: how ``papersite build`` runs MkDocs.

MkDocs converts and writes pages one after another, on one core; at 20,000 papers that
is most of a build. When ``papersite build`` sets ``extra.papersite_mkdocs_processes``
to N > 1, the plugin (``generator/mkdocs_glue/plugin.py``) calls :func:`split` once the
navigation is known. The build forks into N processes, and each converts and writes
every N-th page of those outside the navigation: papers, tags, days (MkDocs' ``exclude``
level hides the others from it). The first process also does everything else: the
pages of the navigation, static files, theme templates. When the others have
finished, :func:`join` writes the sitemap again with every page, so the site is
byte-identical to a build in one process (``tests/mkdocs_glue/test_mkdocs_split.py``).

Only pages outside the navigation are split: the navigation, on every page, needs its
own pages read. Nothing reads another page's HTML; the one plugin that gathers every
page, Material's search, is kept out by the pages' front matter, and with
``extra.search_engine: material`` ``papersite build`` does not split. A plain
``mkdocs build`` or ``mkdocs serve`` never splits.

The state of a split build is a :class:`Split` the plugin instance holds for one build;
nothing is kept in this module. The sitemap is written again with MkDocs' public
functions (:func:`_write_sitemap`), as its private ``_build_theme_template`` does.
"""

from __future__ import annotations

import gc
import gzip
import logging
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mkdocs.commands.build import get_context
from mkdocs.exceptions import Abort
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.utils import CountHandler, get_build_timestamp, get_relative_url, write_file

PROCESSES = "papersite_mkdocs_processes"  # mkdocs.yml ``extra`` key, set by papersite build
SITEMAP = "sitemap.xml"


@dataclass
class Split:
    """One build split over processes, as one process sees it."""

    rank: int  # 0: the process that goes on after the build
    children: list[int]
    others: list[tuple[File, InclusionLevel]]  # pages another process writes, as they were
    files: Files
    nav: Any
    warnings: CountHandler | None = None
    env: Any = field(default=None)  # the theme's environment (``on_env``): for the sitemap

    @property
    def is_child(self) -> bool:
        """True in a process that :func:`split` forked off."""
        return self.rank > 0

    def leave(self, config: Any | None, failed: bool = False) -> None:
        """End a forked process (``on_post_build``, or ``on_build_error`` without a config).

        Its exit status tells :meth:`join` whether it failed or, in strict mode, warned.
        """
        assert self.is_child
        strict = bool(config is not None and config.strict)
        warned = strict and bool(self.warnings and self.warnings.get_counts())
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(1 if failed or warned else 0)

    def abandon(self) -> None:
        """After an error in the first process (``on_build_error``): wait for the forked
        processes."""
        for pid in self.children:
            os.waitpid(pid, 0)

    def join(self, config: Any) -> None:
        """Wait for the forked processes, then write the sitemap with every page.

        Call from ``on_post_build`` in the first process. Raises ``Abort`` when a forked
        process failed (its error or strict-mode warnings are in the log already).
        """
        failed = sum(os.waitpid(pid, 0)[1] != 0 for pid in self.children)
        for file, inclusion in self.others:
            file.inclusion = inclusion
        if SITEMAP in config.theme.static_templates and self.env is not None:
            _write_sitemap(self.env, self.files, config, self.nav)
        if failed:
            raise Abort(f"{failed} of the MkDocs processes failed: see the messages above")


def split(config: Any, files: Files, nav: Any) -> Split | None:
    """Fork the build into ``extra.papersite_mkdocs_processes`` processes, if over 1;
    return this process's :class:`Split`, or None when the build is not split.

    Call from ``on_nav``. Each process keeps every N-th page outside the navigation;
    the children keep nothing else and write no static file or theme template.
    """
    processes = int(config.extra.get(PROCESSES, 1) or 1)
    if processes <= 1 or not hasattr(os, "fork"):
        return None
    in_nav = {id(page) for page in nav.pages}
    pages = [file for file in files.documentation_pages() if id(file.page) not in in_nav]
    children: list[int] = []
    rank = 0
    sys.stdout.flush()
    sys.stderr.flush()
    gc.freeze()  # the children share the parent's pages instead of copying them
    for number in range(1, processes):
        pid = os.fork()
        if pid == 0:
            rank, children = number, []
            break
        children.append(pid)
    gc.unfreeze()
    mine = {file.src_uri for file in pages[rank::processes]}
    others = [(file, file.inclusion) for file in pages if file.src_uri not in mine]
    for file, _ in others:
        file.inclusion = InclusionLevel.EXCLUDED
    warnings = None
    if rank:
        for file in files:
            if file.src_uri not in mine:
                file.inclusion = InclusionLevel.EXCLUDED
        config.theme.static_templates.clear()
        config.extra_templates = []
        warnings = CountHandler()
        warnings.setLevel(logging.WARNING)
        logging.getLogger("mkdocs").addHandler(warnings)
    return Split(rank, children, others, files, nav, warnings)


def _write_sitemap(env: Any, files: Files, config: Any, nav: Any) -> None:
    """Render and write ``sitemap.xml`` and ``sitemap.xml.gz`` as MkDocs' build does.

    The steps of MkDocs 1.6's private ``_build_theme_template`` and ``_build_template``
    (mkdocs/commands/build.py), with its public functions: the plugins' template
    events, :func:`get_context`, :func:`write_file`, and the gzip dated by
    :func:`get_build_timestamp` (``SOURCE_DATE_EPOCH``), so the bytes are MkDocs' own.
    """
    template = config.plugins.on_pre_template(
        env.get_template(SITEMAP), template_name=SITEMAP, config=config
    )
    context = get_context(nav, files, config, base_url=get_relative_url(".", SITEMAP))
    context = config.plugins.on_template_context(context, template_name=SITEMAP, config=config)
    output = config.plugins.on_post_template(
        template.render(context), template_name=SITEMAP, config=config
    )
    path = Path(config.site_dir, SITEMAP)
    write_file(output.encode("utf-8"), str(path))
    pages = [file.page for file in files.documentation_pages() if file.page is not None]
    with (
        open(f"{path}.gz", "wb") as raw,
        gzip.GzipFile(
            fileobj=raw, filename=f"{path}.gz", mode="wb", mtime=get_build_timestamp(pages=pages)
        ) as zipped,
    ):
        zipped.write(output.encode("utf-8"))
