"""Write the generated markdown into ``build/docs``: only changed files, stale ones removed."""

from __future__ import annotations

import shutil
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from generator.sources.store import write_text_atomic


@dataclass(frozen=True)
class WriteReport:
    """What :func:`write_docs` did, as counts of files."""

    written: int
    unchanged: int
    removed: int


def write_docs(docs_dir: Path, pages: Mapping[str, str] | Iterable[tuple[str, str]]) -> WriteReport:
    """Make ``docs_dir`` hold exactly ``pages`` (relative path -> text, or such pairs).

    Pairs are written as they come, so a caller can stream pages without holding all
    of them (hundreds of MB at corpus scale); each path must come once.
    Files whose bytes are unchanged are not touched (so MkDocs' live reload and
    rsync-style deploys see only real changes); files no page produced are removed.
    """
    docs_dir.mkdir(parents=True, exist_ok=True)
    written = unchanged = 0
    wanted: set[str] = set()
    for relative, text in pages.items() if isinstance(pages, Mapping) else pages:
        wanted.add(relative)
        if write_page(docs_dir, relative, text):
            written += 1
        else:
            unchanged += 1
    return WriteReport(written, unchanged, remove_stale(docs_dir, wanted))


def write_page(docs_dir: Path, relative: str, text: str) -> bool:
    """Write one page under ``docs_dir`` unless its bytes are unchanged; True if written."""
    # Not fsynced: build/docs is derived, a crash is mended by the next build.
    return write_text_atomic(docs_dir / relative, text, durable=False)


def remove_stale(docs_dir: Path, wanted: set[str]) -> int:
    """Remove files under ``docs_dir`` whose relative path is not in ``wanted``, and
    folders left empty; return how many files went."""
    keep = {docs_dir / relative for relative in wanted}
    removed = 0
    for path in sorted(docs_dir.rglob("*"), reverse=True):
        if path.is_file() and path not in keep:
            path.unlink()
            removed += 1
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()
    return removed


# mkdocs.yml ``extra`` key: False keeps the papersite plugin from copying build/data.
PUBLISH_DATA = "papersite_publish_data"


def publish_data(data_dir: Path, site_dir: Path) -> None:
    """Copy every file under ``data_dir`` to the same place under ``site_dir``."""
    if data_dir.is_dir():
        shutil.copytree(data_dir, site_dir, dirs_exist_ok=True)
