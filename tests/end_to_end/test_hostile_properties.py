"""Properties over hostile input (issue 16, rule 6).

* Every listing reader, fed arbitrary text (and real listings with hostile text spliced
  in), returns entries or raises ``PapersiteError``; every entry can be written.
* ``papersite check`` on a random hostile content tree lets only ``PapersiteError``
  escape, and when it passes, ``build`` succeeds.

Examples are bounded so that each test takes a few seconds.
"""

from __future__ import annotations

import shutil
from datetime import date

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from generator import pipeline
from generator.config import Project
from generator.errors import PapersiteError
from generator.readers import READERS, Reader, ReadListing
from generator.sources import limits, store
from generator.sources.tree import load_content
from tests.conftest import FIXTURES, copy_project

# Pieces issue 16's attacks were made of.
HOSTILE = [
    "\x00", "\x01", "\x1b[31m", "\r", "\r\n", "\t", "\u202e", "\u2066", "\u200b", "\ufeff",
    "\ud800", "\\ud800", "\udfff", "\ufffe", "__config", "<details>", "<summary><b>1. ",
    "</details>", "<", "<!--", "<![CDATA[", "### [", "](https://huggingface.co/papers/2401.00001)",
    "[GitHub", "[GitHub](https://github.com/a/b)", "[arXiv Page](", "[图片：", "---\n",
    "title: ", "# ", " #", "> ", "http://a.b/", ")", "$x^2$", "$\\rule{400em}{400em}$",
    "\\input{/etc/passwd}", "&a [x]", "*a", "!!python/object/apply:os.system ['id']",
    "[" * 50, "{a: " * 30, '{"title": "', '"}', "2106-02-08", "Feb 8, 2106", "Mar 11",
    "9999-12-31", "0001-01-01", "\n\n", "é", "😀", "\u0301", "http://[x", "https://a]b/",
]  # fmt: skip
PIECES = st.lists(st.one_of(st.sampled_from(HOSTILE), st.text(max_size=12)), max_size=30)
RAW = [path for path in sorted((FIXTURES / "raw").iterdir()) if path.is_file()]


@st.composite
def listing_texts(draw: st.DrawFn) -> tuple[str, str]:
    """``(file name, text)``: arbitrary text, or a real listing with hostile pieces spliced in."""
    pieces = "".join(draw(PIECES))
    if draw(st.booleans()):
        return draw(st.sampled_from(["2025-03-11_x.txt", "x.md", "x.json"])), pieces
    path = draw(st.sampled_from(RAW))
    text = path.read_text(encoding="utf-8")[:5_000]
    at = draw(st.integers(0, len(text)))
    return path.name, text[:at] + pieces + text[at:]


@pytest.mark.parametrize("reader", READERS, ids=lambda reader: reader.name)
@settings(max_examples=30, suppress_health_check=[HealthCheck.too_slow])
@given(listing=listing_texts())
def test_every_reader_returns_entries_or_a_papersite_error(
    reader: Reader, listing: tuple[str, str]
) -> None:
    source, text = listing
    try:
        result = reader.read(text, source, 2025)
    except PapersiteError as error:
        assert error.problems and all(problem.line >= 1 for problem in error.problems)
        return
    assert isinstance(result, ReadListing)
    for entry in result.entries:
        for value in (entry.title, entry.abstract, *entry.authors, *entry.code):
            value.encode("utf-8")  # a lone surrogate aborted the whole ingest
            assert not limits.HIDDEN.search(value.replace("\r", "")), value


# ---------------------------------------------------------------- content trees

TITLE = st.one_of(
    st.sampled_from(["__config", "A title", "LoFiT: Local", "$\\rule{400em}{400em}$"]),
    st.text(min_size=1, max_size=30),
    PIECES.map("".join),
)
YAML_VALUE = st.one_of(
    # As ingest saves a value (a lone surrogate never reaches it: readers drop them).
    TITLE.map(lambda text: text.encode("utf-8", "replace").decode("utf-8")).map(
        lambda text: store.dump_yaml(text).removesuffix("\n...\n").strip()
    ),
    PIECES.map(lambda pieces: "".join(pieces).replace("\n", " ")),  # as typed by hand
)
DAYS = st.dates(date(1980, 1, 1), date(2200, 12, 31))
SLUGS = ["a", "b", "c"]


# Values that are unusual but valid: a tree of them must build.
SAFE_TITLE = st.one_of(
    st.sampled_from(["__config", "$\\rule{400em}{400em}$", "\\input{/etc/passwd}", "A: B"]),
    st.from_regex(r"[A-Za-z\u00e9\u4e2d\U0001F600][A-Za-z0-9 \u00e9.,()]{0,30}", fullmatch=True),
)
SAFE_BODY = st.sampled_from(
    [
        "An abstract.",
        "http://a.b/" + ")" * 30,
        "$x^2$ " * 20,
        "LoFiT, " * 20,
        "__config",
        "Code at http://[x or https://a]b/.",
    ]
)


@st.composite
def content_trees(draw: st.DrawFn) -> dict[str, str]:
    """A content tree of three paper files and up to two day files: all of unusual but
    valid values, or some (or all) of them hostile."""
    hostile_files = draw(st.sampled_from([0, 1, 1, 5, 5]))
    files: dict[str, str] = {}
    in_range = st.dates(date(1990, 1, 1), date(date.today().year + 1, 12, 31))
    days = draw(st.lists(DAYS if hostile_files else in_range, max_size=2, unique=True))
    for index, slug in enumerate(SLUGS):
        hostile = index < hostile_files
        extra = draw(
            st.lists(
                st.sampled_from(["authors", "notes", "code", "listed"]).flatmap(
                    lambda key: YAML_VALUE.map(lambda text: f"{key}: {text}")
                ),
                max_size=2,
            )
            if hostile
            else st.sampled_from([[], ["notes: '[[a]] and [[b|shown]]'"], ["authors: [A, B]"]])
        )
        listed = "".join(f"\n- {day.isoformat()}" for day in days) or " []"
        body = ("".join(draw(PIECES)) if hostile else draw(SAFE_BODY)) or "An abstract."
        title = draw(YAML_VALUE) if hostile else store.dump_yaml(f"{draw(SAFE_TITLE)} {slug}")
        title = title.removesuffix("\n...\n").strip()
        files[f"papers/{slug}.md"] = (
            f"---\ntitle: {title}\nslug: {slug}\n"
            f"listed:{listed}\n" + "".join(line + "\n" for line in extra) + f"---\n\n{body}\n"
        )
    for day in days:
        more = draw(st.one_of(st.just(""), YAML_VALUE.map(lambda value: f"sources: {value}\n")))
        files[f"days/{day.isoformat()}.yml"] = (
            f"day: {day.isoformat()}\npapers:\n"
            + "".join(f"- {s}\n" for s in SLUGS)
            + (more if hostile_files else "")
        )
    return files


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Project:
    return copy_project(tmp_path_factory.mktemp("hostile-tree"), content=False)


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(tree=content_trees())
def test_check_of_a_hostile_tree_raises_nothing_else_and_a_passing_tree_builds(
    project: Project, tree: dict[str, str]
) -> None:
    for folder in (project.papers_dir, project.days_dir):
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
    shutil.rmtree(project.root / "build", ignore_errors=True)
    for name, text in tree.items():
        path = project.content / name
        try:
            path.write_text(text, encoding="utf-8")
        except UnicodeEncodeError:
            path.write_bytes(text.encode("utf-8", "surrogatepass"))  # not UTF-8: a problem
    _, problems = load_content(project)  # raises nothing at all
    event("check fails" if problems else "check passes")
    if problems:
        assert all(isinstance(problem.line, int) and problem.line >= 1 for problem in problems)
        with pytest.raises(PapersiteError):
            pipeline.build(project, run_mkdocs=False)
        return
    pipeline.build(project, run_mkdocs=False)
    assert (project.docs_dir / "index.md").is_file()
    assert {f"papers/{slug}.md" for slug in SLUGS} <= {
        path.relative_to(project.docs_dir).as_posix() for path in project.docs_dir.rglob("*.md")
    }
