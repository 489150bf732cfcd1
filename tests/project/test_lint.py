"""Style is part of the suite: ruff (lint and format), mypy and ESLint run with the tests."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO

BIN = Path(sys.executable).parent
PATHS = ["generator", "tests", "bench"]
# Installed by `npm ci` (make setup), at the version package-lock.json pins.
ESLINT = REPO / "node_modules" / ".bin" / "eslint"


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


def test_site_scripts_pass_eslint() -> None:
    """Every script of site_templates/ in one modern style (eslint.config.js). Missing
    ESLint fails the test: run `make setup`, which runs `npm ci`."""
    assert ESLINT.is_file(), f"{ESLINT} is missing: run `make setup` (npm ci)"
    result = subprocess.run(
        [str(ESLINT), "--max-warnings", "0", "site_templates", "eslint.config.js"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_eslint_rejects_the_old_style() -> None:
    """The lint has teeth: ``var`` and ``function () {}`` callbacks are errors."""
    assert ESLINT.is_file(), f"{ESLINT} is missing: run `make setup` (npm ci)"
    script = REPO / "site_templates" / "assets" / "reader.js"
    old_style = "var list = [1].map(function (n) { return n; });\nconsole.log(list);\n"
    result = subprocess.run(
        [str(ESLINT), "--stdin", "--stdin-filename", str(script)],
        cwd=REPO,
        input=old_style,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1, result.stdout + result.stderr
    assert "no-var" in result.stdout and "prefer-arrow-callback" in result.stdout


# common.py is the scripts' helpers, not a script.
BENCH_SCRIPTS = sorted(p.name for p in (REPO / "bench").glob("*.py") if p.name != "common.py")


@pytest.mark.parametrize("script", BENCH_SCRIPTS)
def test_every_bench_script_starts(script: str) -> None:
    """mypy checks generator/ only: a bench script importing a name that moved fails
    here, not on the day someone measures with it."""
    result = subprocess.run(
        [sys.executable, f"bench/{script}", "--help"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
