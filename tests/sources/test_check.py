"""`papersite check` on a deliberately broken content tree reports every problem at once.

The fixture tree ``tests/fixtures/broken_content`` has one mistake per file; the
expected report below was reviewed line by line against those files. The day file
lists ``bad-yaml``, whose own YAML error must be the only line about it.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main
from tests.conftest import FIXTURES, copy_project

EXPECTED = """\
content/days/2025-03-11.yml:5: unknown paper 'missing-paper' (hint: each entry must be the file name of a paper in content/papers/)
content/days/zz-shadow.yml:1: day 2025-03-11 already has its file 2025-03-11.yml: a second one would replace its order (hint: keep one file per day, named <day>.yml: move this file's papers into it and delete this one)
content/papers/apostrophe.md:2: YAML syntax error: expected <block end>, but found '<scalar>' (hint: inside '...' write an apostrophe twice, as in 'Don''t Stop', or quote the value with "..." instead)
content/papers/bad-tag.md:5: unknown tag 'federated-lerning' (hint: did you mean 'federated-learning'?)
content/papers/bad-yaml.md:2: YAML syntax error: mapping values are not allowed here (hint: quote a value that contains ': ' or starts with a special character)
content/papers/code-string.md:4: code: Input should be a valid list (hint: write one '- value' line per item under 'code:', even for one item)
content/papers/empty.md:2: title: is empty
content/papers/empty.md:5: warning: the abstract is missing (hint: paste it from the paper's arXiv page after the '---')
content/papers/good-paper.md:2: same title as duplicate.md: two files for one paper (hint: keep the file whose URL is published, merge the other into it, delete it)
content/papers/index.md:3: slug: 'index' is the name of the folder's own page (papers/, tags/): choose another
content/papers/links.md:5: malformed code URL 'github.com/owner/repo' (hint: use a full http(s) address such as https://github.com/owner/repo)
content/papers/links.md:6: broken link [[No Such Paper]] (hint: link to a paper by its slug (file name) or its exact title; [[slug|shown text]] sets the text)
content/papers/needless-not-tag.md:5: warning: not_tags: the paper does not get tag 'survey' anyway (hint: remove it from not_tags, or check which tag is wrong on the paper's page)
content/papers/renamed.md:3: slug 'old-name' does not match the file name 'renamed' (hint: the slug is the permanent URL: rename nothing, set slug to the file name)
content/papers/typo.md:2: missing required key 'title'
content/papers/typo.md:2: unknown key 'tittle' (hint: did you mean 'title'?)
content/papers/wrong-type.md:4: authors: Input should be a valid list (hint: write one '- value' line per item under 'authors:', even for one item)
content/papers/wrong-type.md:6: listed.0: Input should be a valid date or datetime, invalid character in year
16 problems found, 2 warnings.
"""  # noqa: E501


@pytest.fixture
def broken(tmp_path: Path) -> Path:
    copy_project(tmp_path, content=False)
    shutil.rmtree(tmp_path / "content")
    shutil.copytree(FIXTURES / "broken_content", tmp_path / "content")
    return tmp_path


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_check_reports_every_problem_with_path_and_line(broken: Path) -> None:
    code, _, err = run("check", "--root", str(broken))
    assert code == 1
    assert err == EXPECTED


def test_build_refuses_invalid_content(broken: Path) -> None:
    code, _, err = run("build", "--root", str(broken))
    assert code == 1
    assert err == EXPECTED
    assert not (broken / "site").exists()
    assert not (broken / "build").exists()


def test_check_passes_on_the_embedded_content(tmp_path: Path) -> None:
    project = copy_project(tmp_path)
    code, out, err = run("check", "--root", str(project.root))
    assert code == 0 and "valid" in out
    # Only notes: the seed's papers without an arXiv id, which fail nothing.
    assert err and all(": note: no arXiv id" in line for line in err.splitlines())


def test_a_fixed_file_is_no_longer_reported(broken: Path) -> None:
    typo = broken / "content" / "papers" / "typo.md"
    typo.write_text(typo.read_text().replace("tittle:", "title:"))
    _, _, err = run("check", "--root", str(broken))
    assert "typo.md" not in err
    assert err.endswith("14 problems found, 2 warnings.\n")


def test_a_paper_listed_on_a_day_that_does_not_list_it(tmp_path: Path) -> None:
    project = copy_project(tmp_path)
    day_file = project.days_dir / "2025-03-11.yml"
    day_file.write_text(day_file.read_text().replace("- pointer-networks\n", "", 1))
    code, _, err = run("check", "--root", str(project.root))
    assert code == 1
    paper = "content/papers/pointer-networks.md"
    line = next(
        n
        for n, text in enumerate((project.papers_dir / "pointer-networks.md").open(), 1)
        if "2025-03-11" in text
    )
    assert err.splitlines()[0] == (
        f"{paper}:{line}: listed on 2025-03-11, but content/days/2025-03-11.yml does not "
        "list this paper (hint: remove the day from 'listed', or add 'pointer-networks' to "
        "content/days/2025-03-11.yml)"
    )


def test_small_mistakes_get_specific_hints(tmp_path: Path) -> None:
    project = copy_project(tmp_path)
    paper = project.papers_dir / "pointer-networks.md"
    text = paper.read_text().replace(
        "listed:",
        "arxiv_id: 1506.03134v2\ntags:\n- survey\nnot_tags:\n- survey\n"
        "notes: See [[lofit-localized-fine-tuning-on-llm-representations|LoFiT]].\nlisted:",
        1,
    )
    paper.write_text(text)
    code, _, err = run("check", "--root", str(project.root))
    assert code == 1
    assert "arxiv_id: drop the version: write '1506.03134'" in err
    assert "tag 'survey' is both added and suppressed" in err
    assert "broken link" not in err  # [[slug|shown text]] is a link


def test_a_code_url_with_an_unclosed_ipv6_bracket_is_a_problem_not_a_crash(
    tmp_path: Path,
) -> None:
    project = copy_project(tmp_path, content=False)
    paper = "---\ntitle: Vision\nslug: vision\ncode:\n- https://[x/y\n---\n\nImages.\n"
    (project.papers_dir / "vision.md").write_text(paper)
    code, _, err = run("check", "--root", str(project.root))
    assert code == 1
    assert err.startswith("content/papers/vision.md:5: malformed code URL 'https://[x/y'")


def test_a_yaml_error_is_not_also_reported_as_an_unknown_paper(tmp_path: Path) -> None:
    project = copy_project(tmp_path, content=False)
    (project.papers_dir / "broken.md").write_text("---\ntitle: A: B\nslug: broken\n---\n\nA.\n")
    (project.days_dir / "2025-03-11.yml").write_text("day: 2025-03-11\npapers:\n- broken\n")
    code, _, err = run("check", "--root", str(project.root))
    assert code == 1
    assert err.splitlines() == [
        "content/papers/broken.md:2: YAML syntax error: mapping values are not allowed here "
        "(hint: quote a value that contains ': ' or starts with a special character)",
        "1 problem found.",
    ]


def test_a_not_tags_entry_the_paper_does_not_have_is_reported(tmp_path: Path) -> None:
    project = copy_project(tmp_path, content=False)
    paper = (
        "---\ntitle: {title}\nslug: vision\narxiv_id: '2401.00001'\nnot_tags:\n"
        "- federated-learning\n---\n\nImages.\n"
    )
    (project.papers_dir / "vision.md").write_text(paper.format(title="Vision"))
    code, out, err = run("check", "--root", str(project.root))
    assert code == 0 and "1 warning" in out
    assert err.startswith(
        "content/papers/vision.md:6: warning: not_tags: the paper does not get tag "
        "'federated-learning' anyway"
    )
    # A not_tags entry that removes a tag the paper would get is what it is for.
    (project.papers_dir / "vision.md").write_text(paper.format(title="Federated Learning"))
    assert run("check", "--root", str(project.root))[1:] == ("content/ is valid.\n", "")
