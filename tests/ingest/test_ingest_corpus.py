"""Whatever arrives, every record becomes a page or a located line in the ingest report."""

from __future__ import annotations

import json
import re
from pathlib import Path

from generator import pipeline
from generator.ingest.listing import INGEST_REPORT
from generator.sources.store import load_papers
from tests.conftest import FIXTURES, copy_project

SAMPLE = FIXTURES / "raw" / "papers.sample.jsonl"


def test_every_record_is_a_page_or_reported(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "site", content=False)
    pipeline.ingest(project, SAMPLE)
    pipeline.build(project, strict=True)
    papers, _, problems = load_papers(project.papers_dir)
    # Records without abstract are pages that say so; check only warns about them.
    assert problems and all(p.warning and "abstract is missing" in p.message for p in problems)
    ids = {paper.arxiv_id for paper in papers.values()}
    report = (project.root / INGEST_REPORT).read_text()
    reported = {int(n) for n in re.findall(rf"skipped: {re.escape(str(SAMPLE))}:(\d+):", report)}
    no_abstract = {
        int(n) for n in re.findall(rf"no abstract: {re.escape(str(SAMPLE))}:(\d+):", report)
    }
    for number, line in enumerate(SAMPLE.read_text().splitlines(), 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError:
            assert number in reported, f"line {number} (not JSON) is neither a page nor reported"
            continue
        if not isinstance(record, dict) or not record.get("listing_date"):
            assert number in reported, f"line {number} is neither a page nor reported"
            continue
        if not (record.get("abstract") or "").strip():
            assert number in no_abstract, f"line {number}: a missing abstract not reported"
        assert record["arxiv_id"] in ids, f"line {number}: no page for {record['arxiv_id']}"
        page = project.site_dir / "papers"
        assert any(page.glob("*/index.html"))


def test_removed_control_characters_are_reported(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "site", content=False)
    pipeline.ingest(project, SAMPLE)
    report = (project.root / INGEST_REPORT).read_text()
    lines = SAMPLE.read_text().splitlines()
    with_controls = [
        number
        for number, line in enumerate(lines, 1)
        if re.search(r"\\u00(0[0-8bcef]|1[0-9a-f])", line)
    ]
    assert with_controls
    for number in with_controls:
        if f":{number}: " in report:
            assert re.search(rf"cleaned: .*:{number}: removed \d+ character", report)
    papers, _, _ = load_papers(project.papers_dir)
    for paper in papers.values():
        assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f]", paper.title + paper.abstract)
