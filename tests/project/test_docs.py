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
