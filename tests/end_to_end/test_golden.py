"""A fresh build of the repository's content is the reviewed golden seed site."""

from __future__ import annotations

import difflib
from pathlib import Path

from tests.end_to_end.golden import GOLDEN, build_seed, golden_files


def test_the_seed_site_builds_the_golden_pages(tmp_path: Path) -> None:
    """Any change to a generated page must come with `make golden` and its reviewed
    diff of tests/golden/seed/."""
    built, golden = build_seed(tmp_path / "seed"), golden_files()
    assert golden, f"{GOLDEN} is empty: run `make golden`"
    assert sorted(built) == sorted(golden), "pages appeared or went: run `make golden`"
    changed = [path for path in sorted(built) if built[path] != golden[path]]
    first = changed[0] if changed else ""
    diff = "".join(
        difflib.unified_diff(
            golden.get(first, "").splitlines(keepends=True),
            built.get(first, "").splitlines(keepends=True),
            f"golden/{first}",
            f"built/{first}",
            n=1,
        )
    )
    assert not changed, f"{len(changed)} pages differ from the golden site; first:\n{diff[:3000]}"
