"""`papersite serve` as a contributor runs it: says where, fails fast, survives quick saves."""

from __future__ import annotations

import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from click.testing import CliRunner

from generator import __version__
from generator.cli import main
from tests.conftest import copy_project
from tests.mkdocs_glue.test_watch import wait_for

SLUG = "pointer-networks"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return str(response.read().decode("utf-8"))
    except OSError:  # not up yet, or busy building (URLError is an OSError)
        return ""


def test_serve_prints_its_url_and_survives_a_file_saved_three_times_in_two_seconds(
    tmp_path: Path,
) -> None:
    root = copy_project(tmp_path / "site").root
    port = free_port()
    log = tmp_path / "serve.log"
    with log.open("w") as stream:
        server = subprocess.Popen(
            [sys.executable, "-m", "generator", "serve", "--port", str(port), "--root", str(root)],
            stdout=stream,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}/papers/{SLUG}/"
    try:
        assert wait_for(lambda: "Pointer Networks" in fetch(url), 120)
        assert f"Serving on http://127.0.0.1:{port}/" in log.read_text()
        paper = root / "content" / "papers" / f"{SLUG}.md"
        original = paper.read_text(encoding="utf-8")
        # Saves 0.3 to 0.9 s apart, as an editor's repeated Ctrl+S: a regeneration
        # then overlaps MkDocs' rebuild of the one before.
        for round_ in range(3):
            for save, pause in enumerate((0.3, 0.6, 0.9)):
                title = f"Pointer Networks {round_}-{save}"
                paper.write_text(original.replace("Pointer Networks", title, 1))
                time.sleep(pause)
        assert wait_for(lambda: "Pointer Networks 2-2" in fetch(url), 60)
        time.sleep(2)  # any rebuild still under way ends
    finally:
        server.terminate()
        server.wait(timeout=30)
    output = log.read_text()
    assert "Traceback" not in output and "Error building page" not in output, output


def test_serve_on_a_taken_port_says_so_before_building(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "site")
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = CliRunner().invoke(
            main, ["serve", "--port", str(port), "--root", str(project.root)]
        )
    assert result.exit_code == 1
    assert f"port {port} is already in use" in result.output
    assert not project.docs_dir.exists()  # nothing was built first


def test_quiet_build_prints_nothing(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "site")
    result = CliRunner().invoke(
        main, ["--quiet", "build", "--no-mkdocs", "--root", str(project.root)]
    )
    assert result.exit_code == 0
    assert result.output == ""
    assert (project.docs_dir / "index.md").is_file()


def test_quiet_check_of_valid_content_prints_nothing(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "site")
    result = CliRunner().invoke(main, ["--quiet", "check", "--root", str(project.root)])
    assert (result.exit_code, result.output) == (0, "")


def test_version_is_the_packages() -> None:
    result = CliRunner().invoke(main, ["--version"])
    assert result.exit_code == 0
    assert re.fullmatch(rf"papersite, version {re.escape(__version__)}\n", result.output)
    from importlib.metadata import version

    assert version("papersite") == __version__
