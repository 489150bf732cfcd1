"""One MkDocs build on every core: how ``papersite build`` runs MkDocs.

MkDocs converts and writes pages one after another, on one core; at 20,000 papers that
is most of a build. When ``papersite build`` sets ``extra.papersite_mkdocs_processes``
to N > 1, the hooks (``generator/mkdocs_glue/hooks.py``) call :func:`split` once the
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
"""

from __future__ import annotations

import gc
import logging
import os
import sys
from dataclasses import dataclass
from typing import Any

from mkdocs.exceptions import Abort
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.utils import CountHandler

PROCESSES = "papersite_mkdocs_processes"  # mkdocs.yml ``extra`` key, set by papersite build


@dataclass
class _Split:
    rank: int  # 0: the process that goes on after the build
    children: list[int]
    others: list[tuple[File, InclusionLevel]]  # pages another process writes, as they were
    files: Files
    nav: Any
    warnings: CountHandler | None = None
    env: Any = None


_split: _Split | None = None


def split(config: Any, files: Files, nav: Any) -> None:
    """Fork the build into ``extra.papersite_mkdocs_processes`` processes, if over 1.

    Call from ``on_nav``. Each process keeps every N-th page outside the navigation;
    the children keep nothing else and write no static file or theme template.
    """
    global _split
    _split = None
    processes = int(config.extra.get(PROCESSES, 1) or 1)
    if processes <= 1 or not hasattr(os, "fork"):
        return
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
    _split = _Split(rank, children, others, files, nav, warnings)


def remember_env(env: Any) -> None:
    """Keep the theme's environment (``on_env``): :func:`join` renders the sitemap."""
    if _split is not None:
        _split.env = env


def is_child() -> bool:
    """True in a process that :func:`split` forked off."""
    return _split is not None and _split.rank > 0


def leave(config: Any | None, failed: bool = False) -> None:
    """End a forked process (``on_post_build``, or ``on_build_error`` without a config).

    Its exit status tells :func:`join` whether it failed or, in strict mode, warned.
    """
    assert _split is not None and _split.rank > 0
    strict = bool(config is not None and config.strict)
    warned = strict and bool(_split.warnings and _split.warnings.get_counts())
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(1 if failed or warned else 0)


def abandon() -> None:
    """After an error in the first process (``on_build_error``): wait for the forked
    processes and forget the split, so that the next build starts afresh."""
    global _split
    if _split is not None and _split.rank == 0:
        for pid in _split.children:
            os.waitpid(pid, 0)
        _split = None


def join(config: Any) -> None:
    """Wait for the forked processes, then write the sitemap with every page.

    Call from ``on_post_build`` in the first process. Raises ``Abort`` when a forked
    process failed (its error or strict-mode warnings are in the log already).
    """
    global _split
    if _split is None:
        return
    state, _split = _split, None
    failed = sum(os.waitpid(pid, 0)[1] != 0 for pid in state.children)
    for file, inclusion in state.others:
        file.inclusion = inclusion
    if "sitemap.xml" in config.theme.static_templates and state.env is not None:
        # MkDocs' own step, as build() runs it, now that every page is included.
        from mkdocs.commands.build import _build_theme_template

        _build_theme_template("sitemap.xml", state.env, state.files, config, state.nav)
    if failed:
        raise Abort(f"{failed} of the MkDocs processes failed: see the messages above")
