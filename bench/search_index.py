"""Build the search index of an ingested project and report its time and size.

Usage: .venv/bin/python bench/search_index.py --root SCRATCH [--repeat 3] [--write]

``SCRATCH`` is a project holding content (``bench/build_corpus.py --keep`` leaves one
with the corpus). The papers are loaded and enriched as ``papersite build`` does, then
``search.search_files`` runs ``--repeat`` times: wall and CPU seconds (median), and the
index's files, raw and gzip MB by kind (shards, docs, titles, words, manifest).
``--write`` replaces ``SCRATCH/site/papersite-search`` (and the worker script) with the
new index, for ``search_browser.py`` without a whole rebuild.
"""

from __future__ import annotations

import argparse
import gzip
import shutil
import statistics
import time
from collections import defaultdict
from pathlib import Path

from common import REPO

from generator.config import Project
from generator.enrich import corpus
from generator.publish import search
from generator.sources.tree import load_content

WORKER = "assets/javascripts/papersite-search.js"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--root", type=Path, required=True)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--write", action="store_true", help="replace the site's index")
    args = parser.parse_args()
    project = Project.load(args.root)
    content, _ = load_content(project)
    # As pipeline.build does: the search index needs the tagged corpus only.
    tagged = corpus.tag(content.papers, content.tags, content.listings)
    documents = search.search_documents(tagged, tagged.used_tags())
    walls, cpus = [], []
    files: dict[str, str] = {}
    for _ in range(args.repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        files = search.search_files(documents)
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    print(f"documents: {len(documents)}")
    print(
        f"search index built in: median {statistics.median(walls):.1f} s wall, "
        f"{statistics.median(cpus):.1f} s CPU ({args.repeat} runs)"
    )
    sizes: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for path, text in files.items():
        parts = path.split("/")  # papersite-search/<build>/<kind>/<n>.json, or the manifest
        kind = parts[2] if len(parts) > 3 else parts[1].split(".")[0]
        raw = text.encode()
        sizes[kind][0] += 1
        sizes[kind][1] += len(raw)
        sizes[kind][2] += len(gzip.compress(raw, 6))
    for kind, (count, raw_bytes, packed) in sorted(sizes.items()):
        print(
            f"  {kind:9s} {count:5d} files {raw_bytes / 1e6:7.2f} MB raw "
            f"{packed / 1e6:6.2f} MB gzip"
        )
    total = [sum(v[i] for v in sizes.values()) for i in (1, 2)]
    print(f"  all                   {total[0] / 1e6:7.2f} MB raw {total[1] / 1e6:6.2f} MB gzip")
    if args.write:
        shutil.rmtree(project.site_dir / search.FOLDER, ignore_errors=True)
        for relative, text in files.items():
            (project.site_dir / relative).parent.mkdir(parents=True, exist_ok=True)
            (project.site_dir / relative).write_text(text, encoding="utf-8")
        shutil.copy(REPO / "site_templates" / WORKER, project.site_dir / WORKER)


if __name__ == "__main__":
    main()
