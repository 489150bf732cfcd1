"""The README cannot drift from the tool (after sqlite-utils' tests/test_docs.py)."""

from __future__ import annotations

import re

import pytest

from generator.cli import main
from tests.conftest import REPO

README = (REPO / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("command", sorted(main.commands))
def test_every_command_is_documented(command: str) -> None:
    assert f"`papersite {command}" in README


@pytest.mark.parametrize(
    ("command", "option"),
    [
        (name, option)
        for name, command in sorted(main.commands.items())
        for param in command.params
        for option in param.opts
        if option.startswith("--") and option != "--root"
    ],
)
def test_every_option_is_documented(command: str, option: str) -> None:
    row = next(line for line in README.splitlines() if line.startswith(f"| `papersite {command}"))
    assert option in row


def test_quick_start_is_two_commands() -> None:
    quick = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"```sh\n(.*?)```", quick, re.S)
    assert block
    commands = [line for line in block.group(1).splitlines() if line.strip()]
    assert [c.split("#")[0].strip() for c in commands] == ["make site", "make test"]
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert "make test" in ci


ARCHITECTURE = (REPO / "ARCHITECTURE.md").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "module",
    sorted(
        path.relative_to(REPO / "generator").as_posix()
        for path in (REPO / "generator").rglob("*.py")
        if path.name not in {"__init__.py", "__main__.py"}
    ),
)
def test_the_architecture_page_names_every_module(module: str) -> None:
    """Issue 17: every module in one line of ARCHITECTURE.md, under its package."""
    package, _, name = module.rpartition("/")
    tree = next(block for block in ARCHITECTURE.split("```") if block.startswith("\ngenerator/"))
    assert re.search(rf"^\s+{re.escape(name)}\s+\S", tree, re.M), f"{module} is not listed"
    if package:
        listed = tree.split(f"  {package}/", 1)
        assert len(listed) == 2 and re.search(rf"^\s+{re.escape(name)}\s", listed[1], re.M)


def test_readme_and_contributing_link_the_architecture_page() -> None:
    contributing = (REPO / "CONTRIBUTING.md").read_text(encoding="utf-8")
    assert "(ARCHITECTURE.md)" in README and "(ARCHITECTURE.md)" in contributing
