"""Search as a reader meets it, in headless Chromium: speed, bytes, memory, recall.

Usage: .venv/bin/python bench/search_browser.py --site SITE [--material-site SITE2]
       [--pagefind] [--queries bench/queries/search.jsonl --queries bench/queries/user.jsonl]
       [--cold 5]

``SITE`` is a site built with papersite's search, ``SITE2`` the same pages built with
``extra.search_engine: material`` (``bench/build_corpus.py`` builds both). With
``--pagefind``, Pagefind (``pip install 'pagefind[bin]'``) indexes ``SITE``'s articles
(``data-pagefind-body`` is added to each page's ``<article>``) into ``SITE/pagefind/``
(kept: remove that folder after rebuilding ``SITE``)
and is measured the same way through its JS API (``pagefind.js``: loaded on the first
keystroke, a search per keystroke, the first five results' data loaded, as its UI
does). Each site is
served the way GitHub Pages serves it (gzip for text files) by a local server that
counts the bytes it sends. For each engine:

* **cold typing** (``--cold`` queries, each in a new browser context: empty cache):
  load the home page, type the query into Material's search box as fast as keyup
  events fire, and time from the first keystroke to the first result on screen; then
  type five more characters one at a time and time each until the results change. The
  bytes sent from the page request to the first result, and the JS memory of the tab
  (page plus workers, ``performance.measureUserAgentSpecificMemory``), are recorded;
* **recall**: every query of each query set (``make_search_queries.py``,
  ``make_user_queries.py``) goes to the engine's search worker, the way Material's
  search box sends it (Pagefind: ``pagefind.search``); recall@1, @5 and @10 are the
  shares of queries whose paper is first / in the first five / ten results, by kind
  of query, with the engine's time per query.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import json
import os
import statistics
import subprocess
import sys
import threading
import time
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from common import REPO, pct

CHROMIUM = "/usr/bin/chromium"
# measureUserAgentSpecificMemory waits for the next garbage collection (up to 20 s)
# unless told to measure at once.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--enable-blink-features=ForceEagerMeasureMemory"]
GZIP_TYPES = (".html", ".json", ".js", ".css", ".svg", ".xml", ".txt")
MORE_KEYS = 5
KEY_TARGET_MS = 50  # issue 6: each further keystroke


class Counter:
    """Bytes sent by the server since the last reset, by path (thread-safe)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.sent: list[tuple[str, int]] = []

    def add(self, path: str, size: int) -> None:
        with self.lock:
            self.sent.append((path, size))

    def reset(self) -> None:
        with self.lock:
            self.sent = []

    def total(self, only: tuple[str, ...] = ()) -> int:
        with self.lock:
            return sum(size for path, size in self.sent if not only or path.startswith(only))


@functools.lru_cache(maxsize=8192)
def _gzipped(path: Path, mtime: float) -> bytes:
    return gzip.compress(path.read_bytes(), compresslevel=6)


def _handler(root: Path, counter: Counter) -> type[http.server.BaseHTTPRequestHandler]:
    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            path = self.path.split("?", 1)[0].split("#", 1)[0]
            file = root / path.lstrip("/")
            if file.is_dir():
                file = file / "index.html"
            if not file.is_file():
                self.send_error(404)
                return
            body = file.read_bytes()
            packed = file.suffix in GZIP_TYPES and "gzip" in self.headers.get("Accept-Encoding", "")
            if packed:
                body = _gzipped(file, file.stat().st_mtime)
            self.send_response(200)
            kind = {".js": "text/javascript", ".json": "application/json"}.get(file.suffix)
            self.send_header("Content-Type", kind or self.guess(file))
            if packed:
                self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(len(body)))
            # Cross-origin isolation lets the page measure its workers' memory.
            self.send_header("Cross-Origin-Opener-Policy", "same-origin")
            self.send_header("Cross-Origin-Embedder-Policy", "require-corp")
            self.end_headers()
            try:
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                return  # the browser context closed while a fetch was on its way
            counter.add(path, len(body))

        def guess(self, file: Path) -> str:
            import mimetypes

            return mimetypes.guess_type(file.name)[0] or "application/octet-stream"

        def log_message(self, *args: Any) -> None:
            pass

    return Handler


# Compressed before the clock starts, as a CDN holds them: the search files.
PRECOMPRESS = ("papersite-search", "search", "assets")


@contextmanager
def serve(root: Path) -> Iterator[tuple[str, Counter]]:
    """Serve ``root`` on 127.0.0.1; yield (base URL, byte counter)."""
    for folder in PRECOMPRESS:
        for file in (root / folder).rglob("*"):
            if file.suffix in GZIP_TYPES and file.is_file():
                _gzipped(file, file.stat().st_mtime)
    counter = Counter()
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _handler(root, counter))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/", counter
    finally:
        server.shutdown()


# Resolves when results are on screen (cold: the first result; later keys: any new
# rendering of the list or its count line, even "No matching documents").
TYPE_QUERY = """async ([query, timeout, cold]) => {
  const input = document.querySelector("input.md-search__input")
  const list = document.querySelector(".md-search-result__list")
  const meta = document.querySelector(".md-search-result__meta")
  input.focus()
  const started = performance.now()
  const shown = new Promise((resolve, reject) => {
    const check = () => {
      if (!cold || list.querySelector(".md-search-result__item"))
        resolve(performance.now() - started)
    }
    const observer = new MutationObserver(check)
    observer.observe(list, { childList: true })
    observer.observe(meta, { childList: true, characterData: true, subtree: true })
    setTimeout(() => reject(new Error(`no result in time for ${query}`)), timeout)
  })
  for (const key of query) {
    input.value += key
    input.dispatchEvent(new KeyboardEvent("keyup", { key, bubbles: true }))
  }
  return await shown
}"""

MEMORY = """async () => (await performance.measureUserAgentSpecificMemory()).bytes"""


def cold_typing(
    browser: Any, url: str, counter: Counter, query: str, more: str, engine: str
) -> dict[str, Any]:
    """Type ``query`` on a cold page, then ``more`` key by key; return timings and bytes."""
    typing = PAGEFIND_TYPE if engine == "pagefind" else TYPE_QUERY
    context = browser.new_context()
    page = context.new_page()
    try:
        counter.reset()
        page.goto(url, wait_until="load")
        try:
            first = page.evaluate(typing, [query, 180_000, True])
        except Exception as error:  # an engine that never answers this query
            print(f"  no first result for {query!r}: {str(error).splitlines()[0]}")
            return {"first": 180_000.0, "keys": [], "bytes": 0, "search_bytes": 0, "heap": 0}
        bytes_first = counter.total()
        search_first = counter.total(
            ("/papersite-search/", "/search/", "/assets/javascripts/", "/pagefind/")
        )
        keys = [page.evaluate(typing, [key, 60_000, False]) for key in more]
        heap = page.evaluate(MEMORY)
        return {
            "first": first,
            "keys": keys,
            "bytes": bytes_first,
            "search_bytes": search_first,
            "heap": heap,
        }
    finally:
        context.close()


RUN_QUERIES = """async ([engine, queries]) => {
  const config = JSON.parse(document.getElementById("__config").textContent)
  const worker = new Worker(new URL(config.search, location.href))
  const next = () => new Promise(resolve =>
    worker.addEventListener("message", ev => resolve(ev.data), { once: true }))
  // papersite's worker loads its own index: the setup message only starts it.
  let index = { config: { lang: ["en"] }, docs: [] }
  const base = new URL(config.base, location.href)
  if (engine === "material")
    index = await (await fetch(new URL("search/search_index.json", base))).json()
  const started = performance.now()
  worker.postMessage({ type: 0, data: { ...index, options: { suggest: false } } })
  await next()
  const ready = performance.now() - started
  const out = []
  for (const query of queries) {
    const t0 = performance.now()
    worker.postMessage({ type: 2, data: query })
    let message = await next()
    const ms = performance.now() - t0
    // Results shown before their teasers: the complete ones follow, in the same order.
    while (message.data.partial)
      message = await next()
    const pages = message.data.items.slice(0, 10).map(group => {
      const article = group.find(doc => !doc.location.includes("#")) || group[0]
      return article.location.split("#")[0]
    })
    out.push({ pages, ms })
  }
  worker.terminate()
  return { ready, results: out }
}"""


PAGEFIND_QUERIES = """async ([engine, queries]) => {
  const started = performance.now()
  const pagefind = await import(new URL("pagefind/pagefind.js", location.href).href)
  await pagefind.init()
  const ready = performance.now() - started
  const out = []
  for (const query of queries) {
    const t0 = performance.now()
    const search = await pagefind.search(query)
    const data = await Promise.all(search.results.slice(0, 10).map(result => result.data()))
    out.push({ pages: data.map(d => d.url), ms: performance.now() - t0 })
  }
  return { ready, results: out }
}"""

# Pagefind has no Material search box: its JS API the way its UI uses it. The bundle
# loads on the first keystroke, each keystroke searches what is typed so far, and a
# search's results are on screen once the first five results' data arrived.
PAGEFIND_TYPE = """async ([query, timeout, cold]) => {
  const started = performance.now()
  if (!window.__pagefind) {
    window.__pagefind = await import(new URL("pagefind/pagefind.js", location.href).href)
    window.__typed = ""
  }
  const pagefind = window.__pagefind
  let last = null
  for (const key of query) {
    window.__typed += key
    last = pagefind.search(window.__typed)
  }
  const search = await last
  await Promise.all(search.results.slice(0, 5).map(result => result.data()))
  return performance.now() - started
}"""


def recall(browser: Any, url: str, engine: str, queries: list[dict[str, str]]) -> dict[str, Any]:
    """Send every query to the engine; return recall@1/@5/@10 by kind and timings."""
    context = browser.new_context()
    page = context.new_page()
    try:
        page.goto(url, wait_until="load")
        script = PAGEFIND_QUERIES if engine == "pagefind" else RUN_QUERIES
        answer = page.evaluate(script, [engine, [q["query"] for q in queries]])
    finally:
        context.close()
    by_kind: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    misses = []
    for query, result in zip(queries, answer["results"], strict=True):
        slugs = [page_slug(location) for location in result["pages"]]
        counts = by_kind[query["kind"]]
        counts[0] += 1
        counts[1] += slugs[:1] == [query["slug"]]
        counts[2] += query["slug"] in slugs[:5]
        counts[3] += query["slug"] in slugs[:10]
        if query["slug"] not in slugs[:5]:
            misses.append((query["kind"], query["query"], slugs[:1]))
    times = [result["ms"] for result in answer["results"]]
    return {"ready": answer["ready"], "by_kind": dict(by_kind), "times": times, "misses": misses}


def page_slug(location: str) -> str:
    """``papers/<slug>/`` (or a full URL of it) -> slug; other pages -> ''."""
    parts = location.split("papers/", 1)
    return parts[1].strip("/").split("/")[0] if len(parts) == 2 else ""


def load_queries(path: Path) -> list[dict[str, str]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def report(
    name: str, site: Path, query_sets: dict[str, list[dict[str, str]]], cold: int, browser: Any
) -> None:
    """Print one engine's block of results."""
    engine = name.split()[0]
    queries = [q for found in query_sets.values() for q in found]
    # Words as people type them: title fragments (plain words, spaces, a few capitals).
    picked = [q for q in queries if q["kind"] in ("title_fragment", "title_words")][:cold]
    with serve(site) as (url, counter):
        runs = []
        for query in picked:
            text = query["query"]
            cut = max(3, len(text) - MORE_KEYS)
            typed, more = text[:cut], text[cut:]
            runs.append(cold_typing(browser, url, counter, typed, more, engine))
        found = {label: recall(browser, url, engine, found) for label, found in query_sets.items()}
    firsts = [run["first"] for run in runs]
    keys = [ms for run in runs for ms in run["keys"]]
    print(f"== {name} ({site})")
    print(
        f"cold first results: median {statistics.median(firsts):7.0f} ms, "
        f"max {max(firsts):7.0f} ms  ({len(runs)} queries, new context each)"
    )
    if keys:
        print(
            f"per further keystroke: median {statistics.median(keys):5.1f} ms, "
            f"max {max(keys):6.1f} ms, over {KEY_TARGET_MS} ms "
            f"{pct(sum(ms > KEY_TARGET_MS for ms in keys), len(keys))}  ({len(keys)} keystrokes)"
        )
    print(
        "bytes before first result (gzip, whole page / search only): median "
        f"{statistics.median(r['bytes'] for r in runs) / 1e6:.2f} MB / "
        f"{statistics.median(r['search_bytes'] for r in runs) / 1e6:.2f} MB"
    )
    print(f"JS memory of the tab (page + workers): max {max(r['heap'] for r in runs) / 1e6:.0f} MB")
    for label, result in found.items():
        print(f"-- queries: {label}")
        print(f"engine ready after setup: {result['ready']:.0f} ms")
        times = sorted(result["times"])
        print(
            f"query time in the engine: median {statistics.median(times):.1f} ms, "
            f"p95 {times[int(0.95 * (len(times) - 1))]:.1f} ms"
        )
        kinds = sorted(result["by_kind"].items())
        total = [sum(counts[i] for _, counts in kinds) for i in range(4)]
        for kind, (n, at1, at5, at10) in [*kinds, ("all", total)]:
            print(
                f"  {kind:15s} n={n:3d}  recall@1 {pct(at1, n)}  recall@5 {pct(at5, n)}"
                f"  recall@10 {pct(at10, n)}"
            )
        shown: dict[str, int] = defaultdict(int)
        for kind, text, first in result["misses"]:
            shown[kind] += 1
            if shown[kind] <= int(os.environ.get("SHOW_MISSES", "3")):
                print(f"  missed ({kind}): {text!r} -> {first}")


def add_pagefind(site: Path) -> None:
    """Mark each page's article ``data-pagefind-body`` and index ``site`` with Pagefind."""
    marker = '<article class="md-content__inner md-typeset">'
    for page in site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        if marker in html:
            page.write_text(
                html.replace(marker, marker[:-1] + " data-pagefind-body>"), encoding="utf-8"
            )
    command = [sys.executable, "-m", "pagefind", "--site", str(site), "--output-subdir", "pagefind"]
    subprocess.run([*command, "--quiet"], check=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--site", type=Path, help="built with papersite's search")
    parser.add_argument("--material-site", type=Path)
    parser.add_argument("--pagefind", action="store_true", help="Pagefind on --site too")
    parser.add_argument(
        "--queries",
        type=Path,
        action="append",
        help="query sets (default: bench/queries/search.jsonl and user.jsonl)",
    )
    parser.add_argument("--cold", type=int, default=5, help="cold typing runs per engine")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    paths = args.queries or [REPO / "bench/queries/search.jsonl", REPO / "bench/queries/user.jsonl"]
    query_sets = {path.name: load_queries(path) for path in paths if path.exists()}
    if args.pagefind and args.site and not (args.site / "pagefind").is_dir():
        started = time.perf_counter()
        add_pagefind(args.site)
        print(f"pagefind index: {time.perf_counter() - started:.1f} s")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        if args.site:
            report("papersite search", args.site, query_sets, args.cold, browser)
        if args.pagefind and args.site:
            report("pagefind search", args.site, query_sets, args.cold, browser)
        if args.material_site:
            report("material default search", args.material_site, query_sets, args.cold, browser)
        browser.close()
    sys.stdout.flush()


if __name__ == "__main__":
    main()
