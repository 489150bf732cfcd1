"""Which dollar signs open math: TeX in titles renders, prices stay text."""

from __future__ import annotations

import html
import json
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.render.escape import md_math
from generator.text.texmath import math_spans, plain_tex, plain_text, text_macros
from tests.render.test_render import MARKUP, PARAGRAPHS, render

# (text, the TeX of every math span) -- titles and abstracts from the shared corpus.
CORPUS_EXAMPLES = [
    (r"$\textit{Trans-LoRA}$: towards data-free Transferable", [r"\textit{Trans-LoRA}"]),
    ("$μ$LO: Compute-Efficient Meta-Generalization", ["μ"]),
    (r"A Simple and Effective $L_2$ Norm-Based Strategy", ["L_2"]),
    (r"$\nabla^2$DFT: A Universal Quantum Chemistry Dataset", [r"\nabla^2"]),
    ("$γ-$MoD: Exploring Mixture-of-Depth Adaptation", ["γ-"]),
    ("Top-$nσ$: Not All Logits Are You Need", ["nσ"]),
    (r"$\text{Transformer}^2$: Self-adaptive LLMs", [r"\text{Transformer}^2"]),
    ("Implicit Neural Representation (SL$^{2}$A-INR)", ["^{2}"]),
    (r"GAE ($\lambda=1$, $\gamma=1$)", [r"\lambda=1", r"\gamma=1"]),
    (r"$\mathcal{J}$\&$\mathcal{F}$ scores", [r"\mathcal{J}", r"\mathcal{F}"]),
    (r"the $\pi_0.5$-KI policy", [r"\pi_0.5"]),
    ("One-step Diffusion Models with $f$-Divergence", ["f"]),
    ("HumanEval$^{+}$ and top-$k$ routing", ["^{+}", "k"]),
    ("$$E = mc^2$$ on its own", ["E = mc^2"]),
]
NOT_MATH = [
    "It costs $5 to $10 per hour.",
    "between $5-$10",
    "from $5 to $10, or $20$ at most",
    "a budget of US$ 3 and $4",
    r"escaped \$x\$ dollars",
    "$ x$ and $x $ have spaces inside",
    "$1,000 or $2,000",
    "$x$5 is followed by a digit",
    "a lone $ sign",
    "$$",
]


@pytest.mark.parametrize(("text", "expected"), CORPUS_EXAMPLES)
def test_math_in_corpus_titles_is_found(text: str, expected: list[str]) -> None:
    assert [span.tex for span in math_spans(text)] == expected


@pytest.mark.parametrize("text", NOT_MATH)
def test_prices_and_stray_dollars_stay_text(text: str) -> None:
    assert math_spans(text) == []
    assert plain_text(text) == text


def test_spans_locate_their_delimiters() -> None:
    text = "a $x^2$ b $$y$$ c"
    spans = math_spans(text)
    assert [text[s.start : s.end] for s in spans] == ["$x^2$", "$$y$$"]
    assert [s.display for s in spans] == [False, True]


@pytest.mark.parametrize(
    ("tex", "plain"),
    [
        (r"\nabla^2", "∇²"),
        (r"\text{Transformer}^2", "Transformer²"),
        ("L_2", "L₂"),
        (r"\mathcal{J}\&\mathcal{F}", "J&F"),
        (r"\alpha", "α"),
        ("^{+}", "⁺"),
        (r"\lambda=1", "λ=1"),
        (r"\frac{a}{b}", "ab"),
        ("x^{ab}", "x^ab"),
    ],
)
def test_plain_form_is_readable(tex: str, plain: str) -> None:
    assert plain_tex(tex) == plain


def test_plain_text_keeps_what_is_not_math() -> None:
    assert plain_text(r"$\nabla^2$DFT costs $5 to $10") == "∇²DFT costs $5 to $10"


# Texts of words, numbers, spaces and dollar signs, as prices appear in abstracts.
prices = st.lists(
    st.one_of(
        st.from_regex(r"\$[0-9]{1,4}(,[0-9]{3})?(\.[0-9]{2})?", fullmatch=True),
        st.sampled_from([" ", " to ", " and ", "-", "–", " or ", ", ", " per hour "]),
    ),
    max_size=8,
)


@given(prices)
def test_prices_are_never_math(parts: list[str]) -> None:
    assert math_spans("".join(parts)) == []


@given(st.text(max_size=80))
def test_spans_are_ordered_disjoint_and_delimited(text: str) -> None:
    previous_end = 0
    for span in math_spans(text):
        assert previous_end <= span.start < span.end <= len(text)
        delimiter = "$$" if span.display else "$"
        assert text[span.start : span.end] == delimiter + span.tex + delimiter
        assert span.tex == span.tex.strip() and "$" not in span.tex
        assert not text[span.end : span.end + 1].isdigit()
        previous_end = span.end


MATHY = st.lists(
    st.sampled_from(["$", "$$", "x", "\\alpha", "^", "_", "{", "}", "=", " ", "5", "<b>", "&"]),
    max_size=12,
).map("".join)


@settings(max_examples=300)
@given(st.one_of(PARAGRAPHS, MARKUP, MATHY))
def test_math_markup_shows_every_character_as_typed(text: str) -> None:
    """Math or not, the rendered text holds exactly the typed characters, and no tag
    other than the arithmatex span appears."""
    shown = render(md_math(text))
    assert set(shown.tags) <= {"p", "span"}
    assert all(value == "arithmatex" for name, value in shown.attrs if name == "class")
    text_shown = "".join(shown.text)
    # Math spans show \(...\) (or \[...\]) instead of their dollar signs.
    expected = text
    for span in reversed(math_spans(text)):
        opening, closing = (r"\[", r"\]") if span.display else (r"\(", r"\)")
        expected = expected[: span.start] + opening + span.tex + closing + expected[span.end :]
    assert " ".join(text_shown.split()) == " ".join(expected.split())


def test_a_script_in_math_stays_text() -> None:
    markup = md_math("$<script>x^2</script>$")
    assert "<script" not in markup
    assert html.unescape(re.sub(r"<[^>]+>", "", markup)) == r"\(<script>x^2</script>\)"


def test_real_corpus_lines_keep_their_prices() -> None:
    """Every corpus text with a dollar amount followed by a digit keeps the amount as text.

    The fixture holds the corpus records with a dollar sign and a digit after it, and 60
    with TeX math (copied from shared/corpus/papers.jsonl: tests never read shared/).
    """
    from tests.conftest import FIXTURES

    corpus = FIXTURES / "raw" / "dollar_lines.jsonl"
    checked = 0
    for line in corpus.read_text(encoding="utf-8").splitlines():
        if "$" not in line:
            continue
        record = json.loads(line)
        for text in (record.get("title") or "", record.get("abstract") or ""):
            for span in math_spans(text):
                assert not re.fullmatch(r"[\d,.\s]+", span.tex), (text, span)
            checked += 1
    assert checked


@pytest.mark.parametrize(
    ("title", "shown"),
    [
        (r"\textsc{AIEV-Instruct}: Code", "AIEV-Instruct: Code"),
        (r"\underline{\textbf{Ta}}P", "TaP"),
        (r"\emph {Spaced} and \texttt{code}", "Spaced and code"),
        (r"$\textit{Trans-LoRA}$: kept for KaTeX", r"$\textit{Trans-LoRA}$: kept for KaTeX"),
        (r"\textbf{$x^{2}$ bold}", "$x^{2}$ bold"),
        (r"\unknown{kept} {braces} kept", r"\unknown{kept} {braces} kept"),
        (r"\textbf{\unknown{x} y}", r"\unknown{x} y"),
        (r"\textbf{never closed", "never closed"),
        ("50% of C++ {sets}", "50% of C++ {sets}"),
    ],
)
def test_text_macros_show_as_their_text(title: str, shown: str) -> None:
    assert text_macros(title) == shown


def test_text_macros_in_math_go_for_slugs_and_identity() -> None:
    assert text_macros(r"$\textit{Trans-LoRA}$: x", in_math=True) == "$Trans-LoRA$: x"


@settings(max_examples=300)
@given(st.lists(st.sampled_from(["\\textbf{", "\\emph{", "{", "}", "a", " "])).map("".join))
def test_text_macros_outside_math_leave_no_macro_and_add_nothing(title: str) -> None:
    shown = text_macros(title)
    assert "\\textbf{" not in shown and "\\emph{" not in shown
    assert len(shown) <= len(title)


def test_deeply_nested_text_macros_take_one_pass() -> None:
    title = "\\textbf{" * 50_000 + "x" + "}" * 50_000
    assert text_macros(title) == "x"
