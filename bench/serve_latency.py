"""How long a corrected paper takes to show in ``papersite serve`` (seed site).

Usage: .venv/bin/python bench/serve_latency.py [--runs 5] [--port 8765]

Copies the project into a scratch folder, starts ``papersite serve`` there, then
``--runs`` times: changes a paper's title in ``content/papers/`` and polls the served
page until the new title is in it. Reports each latency and the median, in seconds
(target, issue 6: at most 2 s).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

from common import REPO, scratch_project

SLUG = "pointer-networks"


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return str(response.read().decode("utf-8"))
    except (urllib.error.URLError, ConnectionError):
        return ""


def wait_for(url: str, text: str, timeout: float = 60.0) -> float:
    """Poll ``url`` until it contains ``text``; return the seconds waited."""
    started = time.perf_counter()
    while text not in fetch(url):
        if time.perf_counter() - started > timeout:
            raise SystemExit(f"{text!r} did not appear at {url} within {timeout} s")
        time.sleep(0.02)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--port", type=int, default=8765)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "site"
        scratch_project(root)
        command = [sys.executable, "-m", "generator", "--quiet", "serve", "--root", str(root)]
        server = subprocess.Popen(
            [*command, "--port", str(args.port)], cwd=REPO, stderr=subprocess.DEVNULL
        )
        try:
            url = f"http://127.0.0.1:{args.port}/papers/{SLUG}/"
            wait_for(url, "Pointer Networks")
            paper = root / "content" / "papers" / f"{SLUG}.md"
            original = paper.read_text(encoding="utf-8")
            latencies = []
            for run in range(args.runs):
                title = f"Pointer Networks (correction {run})"
                paper.write_text(original.replace("Pointer Networks", title, 1), encoding="utf-8")
                latencies.append(wait_for(url, title))
                time.sleep(1.0)
        finally:
            server.terminate()
            server.wait()
    shown = ", ".join(f"{seconds:.2f}" for seconds in latencies)
    print(f"serve: correction visible after {shown} s; median {statistics.median(latencies):.2f} s")


if __name__ == "__main__":
    main()
