"""Write the generated markdown into ``build/docs``: only changed files, stale ones removed."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from generator.store import write_text_atomic


@dataclass(frozen=True)
class WriteReport:
    """What :func:`write_docs` did, as counts of files."""

    written: int
    unchanged: int
    removed: int


def write_docs(docs_dir: Path, pages: Mapping[str, str]) -> WriteReport:
    """Make ``docs_dir`` hold exactly ``pages`` (relative path -> text).

    Files whose bytes are unchanged are not touched (so MkDocs' live reload and
    rsync-style deploys see only real changes); files no page produced are removed.
    """
    docs_dir.mkdir(parents=True, exist_ok=True)
    written = unchanged = 0
    for relative, text in sorted(pages.items()):
        if write_text_atomic(docs_dir / relative, text):
            written += 1
        else:
            unchanged += 1
    wanted = {docs_dir / relative for relative in pages}
    removed = 0
    for path in sorted(docs_dir.rglob("*"), reverse=True):
        if path.is_file() and path not in wanted:
            path.unlink()
            removed += 1
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()
    return WriteReport(written, unchanged, removed)
