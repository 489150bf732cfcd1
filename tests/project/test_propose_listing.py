""".github/scripts/propose-listing.sh, the daily-listing workflow's last step.

Run for real with git against a local bare repository as ``origin`` and a stand-in
``gh`` on PATH that records its arguments (and answers ``gh pr list``).
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from tests.conftest import REPO

SCRIPT = REPO / ".github" / "scripts" / "propose-listing.sh"
BRANCH = "papersite/daily-listing"
LISTING = "content/listings/2024-05-27_hf-daily.json"

FAKE_GH = """#!/usr/bin/env bash
printf '%s\\n' "$*" >>"$GH_LOG"
if [ "$1 $2" = "pr list" ]; then cat "$GH_OPEN_PR"; fi
if [ "$1 $2" = "pr create" ] || [ "$1 $2" = "pr edit" ]; then
  while [ $# -gt 0 ]; do
    if [ "$1" = "--body-file" ]; then cp "$2" "$GH_BODY"; fi
    shift
  done
fi
"""


def git(cwd: Path, *args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=cwd, check=True, capture_output=True, text=True
    ).stdout.strip()


@pytest.fixture
def checkout(tmp_path: Path) -> Path:
    """A clone of a repository whose main holds one paper, origin a local bare repo."""
    origin = tmp_path / "origin.git"
    git(tmp_path, "init", "--quiet", "--bare", "--initial-branch=main", str(origin))
    work = tmp_path / "work"
    git(tmp_path, "clone", "--quiet", str(origin), str(work))
    (work / "content" / "papers").mkdir(parents=True)
    (work / "content" / "papers" / "old.md").write_text("---\ntitle: Old\n---\n\nOld.\n")
    git(work, "-c", "user.name=t", "-c", "user.email=t@example.org", "add", "content")
    git(work, "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm", "seed")
    git(work, "push", "--quiet", "origin", "HEAD:refs/heads/main")
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "gh").write_text(FAKE_GH)
    (bin_dir / "gh").chmod(0o755)
    (tmp_path / "open-pr").write_text("")
    return work


def fetched(work: Path) -> None:
    """What a fetch of 2024-05-27 leaves: a listing and a new paper, uncommitted."""
    (work / LISTING).parent.mkdir(parents=True, exist_ok=True)
    (work / LISTING).write_text("[]\n")
    (work / "content" / "papers" / "new.md").write_text("---\ntitle: New\n---\n\nNew.\n")


def propose(work: Path, **env: str) -> subprocess.CompletedProcess[str]:
    tmp = work.parent
    report = tmp / "fetch-report.txt"
    report.write_text("2024-05-27: 1 papers listed, saved; ...\n")
    environment = {
        "PATH": f"{tmp / 'bin'}{os.pathsep}{os.environ['PATH']}",
        "HOME": str(tmp),
        "GH_LOG": str(tmp / "gh.log"),
        "GH_OPEN_PR": str(tmp / "open-pr"),
        "GH_BODY": str(tmp / "body.md"),
        "BASE": "main",
        "FETCH_REPORT": str(report),
        "GIT_CONFIG_NOSYSTEM": "1",
        **env,
    }
    return subprocess.run(
        ["bash", str(SCRIPT)],
        cwd=work,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def gh_calls(work: Path) -> list[str]:
    log = work.parent / "gh.log"
    return log.read_text().splitlines() if log.exists() else []


def origin_files(work: Path, ref: str) -> list[str]:
    git(work, "fetch", "--quiet", "origin")
    return git(work, "ls-tree", "-r", "--name-only", f"origin/{ref}").splitlines()


def test_nothing_fetched_opens_nothing(checkout: Path) -> None:
    result = propose(checkout)
    assert result.returncode == 0, result.stderr
    assert "Nothing new" in result.stdout
    assert gh_calls(checkout) == []
    assert git(checkout, "ls-remote", "--heads", "origin", BRANCH) == ""


def test_a_new_listing_opens_one_pull_request(checkout: Path) -> None:
    fetched(checkout)
    result = propose(checkout)
    assert result.returncode == 0, result.stderr
    assert LISTING in origin_files(checkout, BRANCH)
    assert "content/papers/new.md" in origin_files(checkout, BRANCH)
    assert LISTING not in origin_files(checkout, "main")
    calls = gh_calls(checkout)
    (create,) = [call for call in calls if call.startswith("pr create")]
    assert "--title Daily listing: 2024-05-27" in create
    assert f"--head {BRANCH} --base main" in create
    assert calls[-1] == f"workflow run ci.yml --ref {BRANCH}"
    body = (checkout.parent / "body.md").read_text()
    assert "- paper files added or changed: 1" in body
    assert "2024-05-27: 1 papers listed, saved" in body


def test_an_open_pull_request_is_updated_not_doubled(checkout: Path) -> None:
    (checkout.parent / "open-pr").write_text("7\n")
    fetched(checkout)
    result = propose(checkout)
    assert result.returncode == 0, result.stderr
    calls = gh_calls(checkout)
    assert not [call for call in calls if call.startswith("pr create")]
    (edit,) = [call for call in calls if call.startswith("pr edit")]
    assert edit.startswith("pr edit 7 --title Daily listing: 2024-05-27")
    assert LISTING in origin_files(checkout, BRANCH)


def test_the_variable_commits_to_main_and_starts_the_deploy(checkout: Path) -> None:
    fetched(checkout)
    result = propose(checkout, DIRECT="true")
    assert result.returncode == 0, result.stderr
    assert LISTING in origin_files(checkout, "main")
    assert git(checkout, "log", "-1", "--format=%s", "origin/main") == "Daily listing: 2024-05-27"
    assert git(checkout, "ls-remote", "--heads", "origin", BRANCH) == ""
    calls = gh_calls(checkout)
    assert calls == ["auth setup-git", "workflow run deploy.yml --ref main"]
