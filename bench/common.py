"""What several benchmarks share: a scratch project, judgement files, statistics."""

from __future__ import annotations

import json
import math
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def scratch_project(root: Path, content: bool = True) -> None:
    """Lay out a project in ``root``: config, theme overrides, and the
    repository's content (or an empty content tree with the tag vocabulary)."""
    root.mkdir(parents=True, exist_ok=True)
    for name in ("mkdocs.yml", ".gitignore"):
        shutil.copy(REPO / name, root / name)
    shutil.copytree(REPO / "site_templates", root / "site_templates")
    if content:
        shutil.copytree(REPO / "content", root / "content")
        return
    (root / "content" / "papers").mkdir(parents=True)
    (root / "content" / "days").mkdir()
    shutil.copy(REPO / "content" / "tags.yml", root / "content" / "tags.yml")


def judgements(path: Path) -> Iterator[dict[str, object]]:
    """Yield the judgement objects of a JSON Lines file (none if it is missing).

    Exits with ``path:line`` when a line's ``correct`` is not true or false.
    """
    if not path.exists():
        return
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        item = json.loads(line)
        if not isinstance(item.get("correct"), bool):
            sys.exit(f"{path}:{number}: 'correct' must be true or false")
        yield item


def wilson(correct: int, total: int, z: float = 1.96) -> tuple[float, float]:
    """Return the 95 % Wilson score interval of a proportion, in % (Wilson, 1927)."""
    if total == 0:
        return (0.0, 0.0)
    p = correct / total
    centre = (p + z * z / (2 * total)) / (1 + z * z / total)
    half = z * math.sqrt(p * (1 - p) / total + z * z / (4 * total * total)) / (1 + z * z / total)
    return (100 * (centre - half), 100 * (centre + half))


def pct(part: int, whole: int) -> str:
    """Return ``part / whole`` as a right-aligned percentage, or n/a."""
    return f"{100 * part / whole:5.1f} %" if whole else "  n/a"
