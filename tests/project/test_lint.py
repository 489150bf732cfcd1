"""Style is part of the suite: ruff (lint and format) and mypy run with the tests."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO

BIN = Path(sys.executable).parent
PATHS = ["generator", "tests", "bench"]


@pytest.mark.parametrize(
    "command",
    [
        [str(BIN / "ruff"), "check", *PATHS],
        [str(BIN / "ruff"), "format", "--check", *PATHS],
        [str(BIN / "mypy")],
    ],
    ids=["ruff-check", "ruff-format", "mypy"],
)
def test_clean(command: list[str]) -> None:
    result = subprocess.run(command, cwd=REPO, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
