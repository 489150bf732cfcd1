"""The golden seed site: the generated pages of the repository's own content, committed.

``make golden`` (``python -m tests.end_to_end.golden``) builds the content of this
repository (the seed listing) without MkDocs and writes what reviewers read into
``tests/golden/seed/``: every page of ``build/docs``, ``papers.json``, ``tags.json`` and
the site feed. ``test_golden.py`` builds it again and compares, so any change to a page
shows as a reviewed diff of these files (as Pelican keeps ``tests/output/basic/``). The
search index and the per-tag feeds are left out: they are derived data, large, and
checked by their own tests.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

from generator import pipeline, urls
from tests.conftest import REPO, copy_project

GOLDEN = REPO / "tests" / "golden" / "seed"
DATA_FILES = (urls.PAPERS_JSON, urls.TAGS_JSON, urls.SITE_FEED)


def build_seed(root: Path) -> dict[str, str]:
    """Build the repository's content in ``root`` (no MkDocs); return the golden files,
    path (``docs/...`` or ``data/...``) -> text.

    ``SITE_URL`` is ignored, so every machine builds the addresses of ``mkdocs.yml``.
    """
    saved = os.environ.pop("SITE_URL", None)
    try:
        project = copy_project(root)
        pipeline.build(project, run_mkdocs=False)
    finally:
        if saved is not None:
            os.environ["SITE_URL"] = saved
    files = {
        f"docs/{path.relative_to(project.docs_dir).as_posix()}": path.read_text(encoding="utf-8")
        for path in sorted(project.docs_dir.rglob("*"))
        if path.is_file()
    }
    for name in DATA_FILES:
        files[f"data/{name}"] = (project.data_dir / name).read_text(encoding="utf-8")
    return files


def golden_files() -> dict[str, str]:
    """Return the committed golden files, path -> text."""
    return {
        path.relative_to(GOLDEN).as_posix(): path.read_text(encoding="utf-8")
        for path in sorted(GOLDEN.rglob("*"))
        if path.is_file()
    }


def main() -> None:
    """Rebuild ``tests/golden/seed/`` from the repository's content."""
    with tempfile.TemporaryDirectory() as scratch:
        files = build_seed(Path(scratch) / "seed")
    shutil.rmtree(GOLDEN, ignore_errors=True)
    for relative, text in files.items():
        path = GOLDEN / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    print(f"{len(files)} files in {GOLDEN.relative_to(REPO)}: review them with git diff")


if __name__ == "__main__":
    sys.exit(main())
