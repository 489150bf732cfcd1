"""The package layout shows the pipeline: imports go down the data flow, never back up.

ARCHITECTURE.md, "Rules the layout keeps". A module imports from its own stage, from the
stages before it and from the shared modules; the few exceptions are listed with why.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.conftest import REPO

# The stages in data-flow order; "shared" is what every stage may use.
ORDER = ("shared", "sources", "readers", "ingest", "enrich", "render", "publish", "mkdocs_glue")
SHARED = {"__init__", "model", "errors", "config", "urls", "text", "runtime"}
JOBS = {"pipeline", "cli", "__main__"}  # the stage order and the commands over it
EXCEPTIONS = {
    # papersite check warns where a contributor's [[link]] or not_tags does nothing:
    # only the rules of links and tags can tell.
    ("generator.sources.check", "generator.enrich.links"),
    ("generator.sources.check", "generator.enrich.tagging"),
    # Commands that run a whole job: fetch ingests, serve rebuilds.
    ("generator.ingest.fetch", "generator.pipeline"),
    ("generator.mkdocs_glue.watch", "generator.pipeline"),
}


def stage(module: str) -> str:
    """Return the stage of a ``generator.`` module: a package name, "shared" or "job"."""
    head = module.split(".")[1] if "." in module else "__init__"
    if head in SHARED or head == "__version__":
        return "shared"
    return "job" if head in JOBS else head


def imports(path: Path) -> set[str]:
    """Return the generator modules (or names of ``from generator import``) ``path`` uses."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("generator"):
            module = node.module or ""
            if module == "generator":
                found |= {f"generator.{alias.name}" for alias in node.names}
            else:
                found.add(module)
        elif isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names if alias.name.startswith("generator")}
    return found


MODULES = sorted((REPO / "generator").rglob("*.py"))


@pytest.mark.parametrize("path", MODULES, ids=lambda path: path.relative_to(REPO).as_posix())
def test_imports_go_down_the_flow(path: Path) -> None:
    module = ".".join(path.relative_to(REPO).with_suffix("").parts)
    mine = stage(module)
    if mine == "job":
        return
    wrong = [
        target
        for target in sorted(imports(path))
        if (module, target) not in EXCEPTIONS
        and (stage(target) == "job" or ORDER.index(stage(target)) > ORDER.index(mine))
    ]
    assert not wrong, f"{module} ({mine}) imports a later stage: {wrong}"


def test_every_package_is_a_stage_or_shared() -> None:
    packages = {path.name for path in (REPO / "generator").iterdir() if path.is_dir()}
    packages -= {"__pycache__"}
    assert packages <= set(ORDER) | SHARED, packages - set(ORDER) - SHARED
