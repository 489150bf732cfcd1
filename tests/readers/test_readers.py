"""Listing readers: layout detection, the trending-text layout, and text cleaning."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.errors import PapersiteError
from generator.readers import Entry, ReadListing, detect_reader, read_listing
from generator.readers.text import clean_abstract, clean_title, remove_invalid
from generator.readers.trending_text import MAX_TITLE_CHARS, TrendingTextReader
from tests.conftest import FIXTURES, SEED_LISTING, write_tree

LISTINGS = FIXTURES / "listings"
HEADER = (
    "new\n\nGet trending papers in your email inbox!\n\nSubscribe\n\n"
    "byAK and the research community\n\n"
)
SEED_HEADER = {
    "new",
    "Get trending papers in your email inbox!",
    "Subscribe",
    "byAK and the research community",
}


def read_text(text: str, name: str = "2025-03-11_trending.txt", year: int | None = None):
    """Read ``text`` as if it came from a file called ``name``."""
    return detect_reader(text, name).read(text, name, year)


def only_problem(error: pytest.ExceptionInfo[PapersiteError]):
    assert len(error.value.problems) == 1, error.value.problems
    return error.value.problems[0]


# ---------------------------------------------------------------- the seed listing


@pytest.fixture(scope="module")
def seed() -> ReadListing:
    return read_listing(SEED_LISTING)


def test_seed_day_comes_from_the_file_name(seed: ReadListing) -> None:
    assert seed.day == date(2025, 3, 11)
    assert seed.problems == ()


def test_seed_has_64_papers_remembering_their_source(seed: ReadListing) -> None:
    assert len(seed.entries) == 64
    assert all(entry.source == str(SEED_LISTING) for entry in seed.entries)
    assert all(entry.day is None for entry in seed.entries)


def test_seed_first_entry(seed: ReadListing) -> None:
    first = seed.entries[0]
    assert first.title == (
        "FedCompass: Efficient Cross-Silo Federated Learning on Heterogeneous Client Devices "
        "using a Computing Power Aware Scheduler"
    )
    assert first.abstract.startswith("Cross-silo federated learning offers a promising solution")
    assert first.abstract.endswith("https://github.com/APPFL/FedCompass.")
    # 4 header lines and the day line, each followed by a blank line.
    assert first.line == 11


def test_seed_last_entry(seed: ReadListing) -> None:
    last = seed.entries[-1]
    assert last.title == "Bootstrap Masked Visual Modeling via Hard Patches Mining"
    assert last.abstract.startswith("Masked visual modeling has attracted much attention")
    assert last.abstract.endswith(
        "The code is available at https://github.com/Haochen-Wang409/HPM."
    )
    assert last.line == 11 + 63 * 4


def test_seed_entries_match_an_independent_reading(seed: ReadListing) -> None:
    lines = SEED_LISTING.read_text(encoding="utf-8").split("\n")
    numbered = [(n, line.strip()) for n, line in enumerate(lines, 1) if line.strip()]
    numbered = [(n, line) for n, line in numbered if line not in SEED_HEADER]
    assert numbered[0][1] == "Mar 11"
    body = numbered[1:]
    pairs = zip(body[::2], body[1::2], strict=True)
    expected = [(n, title, abstract) for (n, title), (_, abstract) in pairs]
    assert [(e.line, e.title, e.abstract) for e in seed.entries] == expected


# ---------------------------------------------------------------- layout rules


def test_header_lines_are_optional() -> None:
    body = "Mar 11\n\nA Title\n\nIts abstract.\n"
    with_header = read_text(HEADER + body)
    without = read_text(body)
    assert [(e.title, e.abstract) for e in with_header.entries] == [("A Title", "Its abstract.")]
    assert [(e.title, e.abstract) for e in without.entries] == [("A Title", "Its abstract.")]
    assert with_header.entries[0].line == 11
    assert without.entries[0].line == 3
    assert with_header.day == without.day == date(2025, 3, 11)


def test_the_newer_header_line_is_recognised() -> None:
    text = "Get trending papers in your email inbox once a day!\n\nMar 11\n\nT\n\nA\n"
    assert [e.line for e in read_text(text).entries] == [5]


def test_crlf_line_endings_read_like_lf() -> None:
    text = "Mar 11\n\nFirst Title\n\nFirst abstract.\n\nSecond Title\n\nSecond abstract.\n"
    lf = read_text(text)
    crlf = read_text(text.replace("\n", "\r\n"))
    assert lf.entries == crlf.entries
    assert [e.line for e in lf.entries] == [3, 7]


def test_a_utf8_bom_is_ignored(tmp_path: Path) -> None:
    paths = write_tree(tmp_path, {"2025-03-11_t.txt": b"\xef\xbb\xbfMar 11\n\nT\n\nA\n"})
    listing = read_listing(paths["2025-03-11_t.txt"])
    assert [(e.title, e.abstract, e.line) for e in listing.entries] == [("T", "A", 3)]


@pytest.mark.parametrize(
    ("file_name", "day_line", "year", "expected"),
    [
        ("2025-03-11_trending.txt", "Mar 11", None, date(2025, 3, 11)),
        ("trending.txt", "Mar 11", 2024, date(2024, 3, 11)),
        ("2023_trending.txt", "Mar 11", None, date(2023, 3, 11)),
        ("trending.txt", "Mar 11, 2022", None, date(2022, 3, 11)),
        ("trending.txt", "March 11", 2024, date(2024, 3, 11)),
        ("trending.txt", "Sept. 5", 2024, date(2024, 9, 5)),
        ("trending.txt", "Dec 31", 1999, date(1999, 12, 31)),
        # An explicit year wins over the file name's (the hint of the mismatch error).
        ("2025-03-11_trending.txt", "Mar 11", 2024, date(2024, 3, 11)),
    ],
)
def test_year_sources(file_name: str, day_line: str, year: int | None, expected: date) -> None:
    listing = read_text(f"{day_line}\n\nT\n\nA\n", file_name, year)
    assert listing.day == expected


def test_no_year_anywhere_is_an_error_at_the_day_line() -> None:
    with pytest.raises(PapersiteError) as error:
        read_text(HEADER + "Mar 11\n\nT\n\nA\n", "trending.txt")
    problem = only_problem(error)
    assert (problem.path, problem.line) == ("trending.txt", 9)
    assert "no year" in problem.message
    assert "--year" in problem.hint


def test_day_line_that_contradicts_the_file_name() -> None:
    with pytest.raises(PapersiteError) as error:
        read_text("\nMar 11\n\nT\n\nA\n", "2025-03-12_trending.txt")
    problem = only_problem(error)
    assert (problem.path, problem.line) == ("2025-03-12_trending.txt", 2)
    assert "2025-03-11" in problem.message
    assert "2025-03-12" in problem.message


def test_day_line_with_a_year_that_contradicts_the_file_name() -> None:
    with pytest.raises(PapersiteError) as error:
        read_text("Mar 11, 2024\n\nT\n\nA\n", "2025-03-11_trending.txt")
    assert only_problem(error).line == 1


def test_impossible_day_is_an_error() -> None:
    with pytest.raises(PapersiteError) as error:
        read_text("Feb 30\n\nT\n\nA\n", "trending.txt", 2025)
    problem = only_problem(error)
    assert problem.line == 1
    assert "not a real day" in problem.message


def test_a_title_without_abstract_at_the_end_is_a_paper_without_abstract() -> None:
    text = "Mar 11\n\nFirst\n\nFirst abstract.\n\nOrphan Title\n"
    listing = read_text(text)
    assert [(e.title, e.abstract, e.line) for e in listing.entries] == [
        ("First", "First abstract.", 3),
        ("Orphan Title", "", 7),
    ]
    assert listing.problems == ()


def test_missing_abstracts_do_not_shift_the_other_papers() -> None:
    """Two papers without abstracts must not pair every later title with the wrong text."""
    papers = [(f"P{n} Title", f"P{n} abstract is here.") for n in range(1, 7)]
    blocks = []
    for number, (title, abstract) in enumerate(papers, 1):
        blocks.append(title)
        if number not in (2, 5):
            blocks.append(abstract)
    listing = read_text("Mar 11\n\n" + "\n\n".join(blocks) + "\n")
    expected = [(t, "" if n in (2, 5) else a) for n, (t, a) in enumerate(papers, 1)]
    assert [(e.title, e.abstract) for e in listing.entries] == expected
    assert [e.line for e in listing.entries if not e.abstract] == [7, 17]
    assert listing.problems == ()


def test_a_title_directly_followed_by_its_abstract_is_read() -> None:
    text = (
        "Mar 11\n\nFirst Title\nThe first abstract, with no blank line above it.\n\n"
        "Second Title\n\nThe second abstract.\n"
    )
    listing = read_text(text)
    assert [(e.title, e.abstract, e.line) for e in listing.entries] == [
        ("First Title", "The first abstract, with no blank line above it.", 3),
        ("Second Title", "The second abstract.", 6),
    ]
    assert listing.problems == ()


def test_a_one_line_closing_paragraph_stays_in_its_abstract() -> None:
    text = (
        "Mar 11\n\nFirst Title\n\nA long first paragraph of the abstract.\n\n"
        "Code is available.\n\nSecond Title\n\nThe second abstract.\n"
    )
    listing = read_text(text)
    assert [(e.title, e.abstract) for e in listing.entries] == [
        ("First Title", "A long first paragraph of the abstract.\n\nCode is available."),
        ("Second Title", "The second abstract."),
    ]


def test_a_wrapped_abstract_is_one_paragraph() -> None:
    listing = read_text("Mar 11\n\nT1\n\nFirst line\nsecond line.\n\nT2\n\nA2.\n")
    assert [(e.title, e.abstract) for e in listing.entries] == [
        ("T1", "First line second line."),
        ("T2", "A2."),
    ]


def test_paragraph_where_a_title_should_be() -> None:
    paragraph = "word " * 100
    text = f"Mar 11\n\nFirst\n\nFirst abstract.\n\n{paragraph}\n\nThird\n\nThird abstract.\n"
    listing = read_text(text)
    assert [e.title for e in listing.entries] == ["First", "Third"]
    (problem,) = listing.problems
    assert problem.line == 7
    assert "has no title above it" in problem.message


def test_a_title_of_exactly_the_limit_is_still_a_title() -> None:
    title = "T" * MAX_TITLE_CHARS
    assert read_text(f"Mar 11\n\n{title}\n\nA\n").entries[0].title == title


def test_a_day_without_papers_is_an_error() -> None:
    with pytest.raises(PapersiteError) as error:
        read_text(HEADER + "Mar 11\n")
    assert only_problem(error).line == 9


@pytest.mark.parametrize("contents", [b"", b"\n\n  \n", b"new\n\nSubscribe\n"])
def test_empty_listing_is_an_error_naming_the_file(tmp_path: Path, contents: bytes) -> None:
    path = write_tree(tmp_path, {"2025-03-11_empty.txt": contents})["2025-03-11_empty.txt"]
    with pytest.raises(PapersiteError) as error:
        read_listing(path)
    problem = only_problem(error)
    assert (problem.path, problem.line) == (str(path), 1)


@pytest.mark.parametrize(
    "contents",
    [
        '[{"title": "A paper", "summary": "An abstract"}]\n',
        "# Daily papers\n\n- A paper\n",
        "A Title First\n\nMar 11\n",
    ],
)
def test_unknown_layout_names_the_file_and_the_known_layouts(tmp_path: Path, contents: str) -> None:
    path = write_tree(tmp_path, {"listing.txt": contents})["listing.txt"]
    with pytest.raises(PapersiteError) as error:
        read_listing(path)
    problem = only_problem(error)
    assert (problem.path, problem.line) == (str(path), 1)
    assert "unknown listing layout" in problem.message
    assert TrendingTextReader.name in problem.hint


def test_non_utf8_bytes_are_an_error_naming_the_file(tmp_path: Path) -> None:
    name = "2025-03-11_latin1.txt"
    path = write_tree(tmp_path, {name: "Mar 11\n\nCaf\xe9\n\nA\n".encode("latin-1")})[name]
    with pytest.raises(PapersiteError) as error:
        read_listing(path)
    problem = only_problem(error)
    assert problem.path == str(path)
    assert "UTF-8" in problem.message


def test_fixture_listings(tmp_path: Path) -> None:
    small = read_listing(LISTINGS / "2024-06-03_small.txt")
    assert small.day == date(2024, 6, 3)
    assert [e.title for e in small.entries] == [
        "Graph Neural Networks for Molecules: A Survey",
        "LoRA: Low-Rank Adaptation of Large Language Models",
        "Diffusion Models Beat GANs on Image Synthesis",
    ]
    assert read_listing(LISTINGS / "undated_small.txt", year=2023).day == date(2023, 6, 3)
    partial = read_listing(LISTINGS / "2024-06-03_missing_abstract.txt")
    assert [(e.title, bool(e.abstract), e.line) for e in partial.entries] == [
        ("Sparse Mixture of Experts at Scale", True, 3),
        ("A Title Without Its Abstract", False, 7),
    ]
    assert partial.problems == ()


@pytest.mark.parametrize(
    "control", ["\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029"]
)
def test_unusual_line_separators_inside_an_abstract_do_not_split_it(control: str) -> None:
    """Lines are counted as an editor counts them (by newline): a form feed or a Unicode
    line separator scraped into an abstract must not make it two records."""
    text = f"Mar 11\n\nT1\n\nA1 part{control}part2\n\nT2\n\nA2\n"
    listing = read_text(text)
    assert [(e.title, e.line) for e in listing.entries] == [("T1", 3), ("T2", 7)]
    assert "part2" in listing.entries[0].abstract


def test_a_title_made_only_of_invalid_characters_is_an_error() -> None:
    """An entry with an empty title would become a paper file that ``check`` rejects."""
    with pytest.raises(PapersiteError) as error:
        read_text("Mar 11\n\n\x01\x02\x7f\n\nAn abstract.\n")
    assert only_problem(error).line == 3


# ---------------------------------------------------------------- text cleaning


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("  A title  ", "A title"),
        ("Attention Is All\n  You Need", "Attention Is All You Need"),
        ("Windows\r\n  wrap", "Windows wrap"),
        ("Tabs\t\n\tand wraps", "Tabs and wraps"),
        ("Bell\x07 and\x00 null", "Bell and null"),
        ("Non\ufffe-char\uffff", "Non-char"),
        ("C1\x85\x9f control", "C1 control"),
        ("Keep\tinner tab", "Keep\tinner tab"),
        ("Ünïcödé — “quotes”", "Ünïcödé — “quotes”"),
        ("Blank line\n\ninside", "Blank line inside"),
        ("Old Mac\rline end", "Old Mac line end"),
    ],
)
def test_clean_title(raw: str, expected: str) -> None:
    assert clean_title(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("one line", "one line"),
        ("hard\nwrapped  \n   lines", "hard wrapped lines"),
        ("first paragraph\n\nsecond paragraph", "first paragraph\n\nsecond paragraph"),
        ("p1 line a\np1 line b\n \n\n\n  p2", "p1 line a p1 line b\n\np2"),
        ("p1\r\n\r\np2\r\nwrapped", "p1\n\np2 wrapped"),
        ("  \n padded \n  ", "padded"),
        ("form\x0cfeed and \x1b[0mescape", "formfeed and [0mescape"),
        ("", ""),
        ("\n\n\n", ""),
        ("Old Mac\rline end", "Old Mac line end"),
    ],
)
def test_clean_abstract(raw: str, expected: str) -> None:
    assert clean_abstract(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("a\x00b\x08c\x0bd\x0ce\x1ff\x7fg\x9fh\ufffei\uffff", ("abcdefghi", 9)),
        ("tab\tnewline\ncr\r", ("tab\tnewline\ncr\r", 0)),
        ("\u00a0nbsp é 😀", ("\u00a0nbsp é 😀", 0)),
    ],
)
def test_remove_invalid(raw: str, expected: tuple[str, int]) -> None:
    assert remove_invalid(raw) == expected


XML_INVALID = {chr(c) for c in [*range(0, 9), 11, 12, *range(14, 32), *range(0x7F, 0xA0)]}
XML_INVALID |= {"\ufffe", "\uffff"}


@given(st.text())
def test_clean_title_is_one_stripped_line_of_valid_characters(raw: str) -> None:
    title = clean_title(raw)
    assert "\n" not in title
    assert title == title.strip()
    assert not XML_INVALID & set(title)


@given(st.text())
def test_clean_abstract_keeps_only_paragraph_breaks(raw: str) -> None:
    abstract = clean_abstract(raw)
    assert abstract == abstract.strip()
    assert not XML_INVALID & set(abstract)
    for paragraph in abstract.split("\n\n") if abstract else ():
        assert paragraph
        assert "\n" not in paragraph
        assert paragraph == paragraph.strip()


# ---------------------------------------------------------------- properties

LINES = st.one_of(
    st.sampled_from(
        [
            "",
            "new",
            "Subscribe",
            "byAK and the research community",
            "Mar 11",
            "Mar 11, 2025",
            "Feb 30",
            "September 9",
            "Jan 1, 0000",
            "A Paper Title",
            "An abstract sentence.",
            "x" * (MAX_TITLE_CHARS + 1),
        ]
    ),
    st.text(max_size=40),
)
LISTING_TEXT = st.builds(
    lambda lines, sep: sep.join(lines),
    st.lists(LINES, max_size=12),
    st.sampled_from(["\n", "\r\n", "\n\n"]),
)
SOURCES = st.sampled_from(["2025-03-11_trending.txt", "trending.txt", "2024_x.txt"])
YEARS = st.one_of(st.none(), st.integers(-5, 20_000))


def _read_or_error(text: str, source: str, year: int | None) -> ReadListing | PapersiteError:
    try:
        reader = detect_reader(text, source)
        return reader.read(text, source, year)
    except PapersiteError as error:
        return error


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(LISTING_TEXT, SOURCES, YEARS)
def test_any_text_gives_entries_or_a_located_error(
    text: str, source: str, year: int | None
) -> None:
    result = _read_or_error(text, source, year)
    if isinstance(result, PapersiteError):
        assert result.problems
        assert all(p.path == source and p.line >= 1 for p in result.problems)
    else:
        assert isinstance(result, ReadListing)
        assert result.entries
        assert all(isinstance(entry, Entry) for entry in result.entries)
        assert isinstance(result.day, date)


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(LISTING_TEXT, SOURCES, YEARS)
def test_entries_point_at_their_title_line(text: str, source: str, year: int | None) -> None:
    result = _read_or_error(text, source, year)
    if isinstance(result, PapersiteError):
        return
    # Lines as an editor counts them: CRLF, CR or LF end a line, nothing else does.
    lines = re.split(r"\r\n|\r|\n", text)
    for entry in result.entries:
        assert entry.title
        assert 1 <= entry.line <= len(lines)
        assert clean_title(lines[entry.line - 1]) == entry.title


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("Safe \u202eevil\u202c text", "Safe evil text"),  # right-to-left override
        ("zero\u200bwidth and \ufeffBOM", "zerowidth and BOM"),
        ("isolate \u2066x\u2069", "isolate x"),
        ("family 👨\u200d👩\u200d👧 emoji", "family 👨\u200d👩\u200d👧 emoji"),  # ZWJ kept
        ("Hebrew \u05e9\u05dc\u05d5\u05dd\u200f ok", "Hebrew \u05e9\u05dc\u05d5\u05dd\u200f ok"),
    ],
)
def test_bidi_controls_and_invisible_spaces_are_removed(raw: str, shown: str) -> None:
    assert clean_title(raw) == shown
    assert clean_abstract(raw) == shown


def test_a_wrapped_paragraph_with_no_title_above_is_no_title() -> None:
    text = "Mar 11\n\nFirst\n\nFirst abstract.\n\nWe further show\nthat it works\n"
    listing = read_text(text)
    assert [(e.title, e.abstract) for e in listing.entries] == [("First", "First abstract.")]
    (problem,) = listing.problems
    assert problem.line == 7 and "no title above it" in problem.message
