"""TeX math in scraped titles and abstracts: where it is, and a plain-text form of it.

Titles like ``$\\nabla^2$DFT`` or ``Top-$n\\sigma$`` use TeX between dollar signs, but
so do prices (``$5 to $10``). The rule, applied by :func:`math_spans`:

* a span opens with ``$`` or ``$$`` not preceded by a backslash (``\\$`` is a dollar),
  followed by a non-space character;
* it closes with the same delimiter, preceded by a non-space character and not followed
  by a digit; the content holds no ``$`` and is at most :data:`MAX_MATH_CHARS` long;
* the content looks like TeX: it holds one of ``\\ ^ _ { } =``, or it is a short token
  (at most 4 characters of letters, digits and ``+ - ' *``) with at least one letter,
  as in ``$k$``, ``$n\u03c3$`` or ``$\u03b3-$``.

So ``$5 to $10`` (content ends with a space), ``$5-$10`` (no letter) and ``US$ 3`` stay text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MAX_MATH_CHARS = 300
_CANDIDATE = re.compile(r"(?<!\\)(\$\$?)(?=[^\s$])([^$]+?)(?<=\S)\1(?!\d)")
_TEXISH = re.compile(r"[\\^_{}=]")
_SHORT_TOKEN = re.compile(r"(?=.*[^\W\d_])[\w+\-'*′]{1,4}")


@dataclass(frozen=True)
class MathSpan:
    """One math span of a text: ``text[start:end]`` is the whole ``$...$`` or ``$$...$$``.

    ``tex`` is the content between the delimiters; ``display`` is true for ``$$``.
    """

    start: int
    end: int
    tex: str
    display: bool


def _looks_like_tex(content: str) -> bool:
    return bool(_TEXISH.search(content) or _SHORT_TOKEN.fullmatch(content))


def math_spans(text: str) -> list[MathSpan]:
    """Return the math spans of ``text`` in order, without overlaps (rule: module docstring)."""
    spans: list[MathSpan] = []
    position = 0
    while True:
        match = _CANDIDATE.search(text, position)
        if match is None:
            return spans
        delimiter, content = match.group(1), match.group(2)
        if len(content) <= MAX_MATH_CHARS and _looks_like_tex(content):
            spans.append(MathSpan(match.start(), match.end(), content, len(delimiter) == 2))
            position = match.end()
        else:
            # Not math: the next candidate may open at any later dollar sign.
            position = match.start() + len(delimiter)


# Commands shown as a character in plain text; other commands show their argument or name.
_SYMBOLS = {
    "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ε", "varepsilon": "ε",
    "zeta": "ζ", "eta": "η", "theta": "θ", "iota": "ι", "kappa": "κ", "lambda": "λ",
    "mu": "μ", "nu": "ν", "xi": "ξ", "pi": "π", "rho": "ρ", "sigma": "σ", "tau": "τ",
    "upsilon": "υ", "phi": "φ", "varphi": "φ", "chi": "χ", "psi": "ψ", "omega": "ω",
    "Gamma": "Γ", "Delta": "Δ", "Theta": "Θ", "Lambda": "Λ", "Xi": "Ξ", "Pi": "Π",
    "Sigma": "Σ", "Phi": "Φ", "Psi": "Ψ", "Omega": "Ω", "ell": "ℓ", "infty": "∞",
    "nabla": "∇", "partial": "∂", "times": "×", "cdot": "·", "pm": "±", "leq": "≤",
    "le": "≤", "geq": "≥", "ge": "≥", "neq": "≠", "approx": "≈", "sim": "~", "to": "→",
    "rightarrow": "→", "leftarrow": "←", "in": "∈", "sum": "∑", "prod": "∏", "star": "*",
    "ast": "*", "circ": "∘", "emptyset": "∅", "&": "&", "%": "%", "#": "#", "_": "_",
    "$": "$", "{": "{", "}": "}", ",": " ", ";": " ", "!": "", "quad": " ",
}  # fmt: skip
# The command names above, for code that must know which commands are ordinary math.
SYMBOL_COMMANDS = frozenset(_SYMBOLS)
_SUPERSCRIPTS = str.maketrans("0123456789+-=()n*", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁿ*")
_SUBSCRIPTS = str.maketrans("0123456789+-=()", "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎")
_COMMAND = re.compile(r"\\([A-Za-z]+|.)\s*")
_SCRIPT = re.compile(r"([\^_])(?:\{([^{}]*)\}|(\S))")


def plain_tex(tex: str) -> str:
    """Return a readable plain-text form of TeX math: ``\\alpha^2`` -> ``α²``.

    Greek letters and common symbols become characters, other commands disappear
    (``\\mathcal{J}`` -> ``J``), short scripts of digits become super/subscripts.
    """

    def script(match: re.Match[str]) -> str:
        body = match.group(2) if match.group(2) is not None else match.group(3)
        table = _SUPERSCRIPTS if match.group(1) == "^" else _SUBSCRIPTS
        mapped = body.translate(table)
        if all(ord(char) > 127 or char == "*" for char in mapped) and mapped:
            return mapped
        return match.group(1) + body

    text = _COMMAND.sub(lambda m: _SYMBOLS.get(m.group(1), ""), tex)
    text = _SCRIPT.sub(script, text)
    return " ".join(text.replace("{", "").replace("}", "").split())


def plain_text(text: str) -> str:
    """Return ``text`` with every math span replaced by :func:`plain_tex` of it.

    For places that show no markup: the tab title, meta descriptions, feeds.
    """
    out, position = [], 0
    for span in math_spans(text):
        out += [text[position : span.start], plain_tex(span.tex)]
        position = span.end
    out.append(text[position:])
    return "".join(out)


# TeX commands that only style their argument: shown as the argument's text. The
# names are LaTeX's font commands (LaTeX2e, "Font changing commands") and the common
# math-alphabet ones; \text and \mbox set text in math.
TEXT_MACROS = frozenset(
    {
        "emph", "textbf", "textit", "textsc", "textsl", "texttt", "textrm", "textsf",
        "textup", "textmd", "textnormal", "underline", "uline", "mbox", "text",
        "mathrm", "mathbf", "mathit", "mathsf", "mathtt", "mathnormal", "boldsymbol",
    }
)  # fmt: skip
_MACRO_OR_BRACE = re.compile(r"\\([A-Za-z]+)[ \t]*\{|[{}]")


def text_macros(text: str, in_math: bool = False) -> str:
    """Return ``text`` with TeX text macros shown as their text:
    ``\\textsc{AIEV-Instruct}: ...`` -> ``AIEV-Instruct: ...`` (nested ones too).

    Math spans (:func:`math_spans`) are kept as typed, for KaTeX to render, unless
    ``in_math`` (for slugs and identity: ``$\\textit{X}$`` -> ``$X$``). A
    brace a macro opened and the text never closed goes with the macro. One pass:
    linear in the length of ``text``.
    """
    if "\\" not in text:
        return text
    math = iter(() if in_math else math_spans(text))
    span = next(math, None)
    out: list[str] = []
    position = 0
    opened: list[bool] = []  # for every open brace: does it belong to a text macro?
    for match in _MACRO_OR_BRACE.finditer(text):
        while span is not None and span.end <= match.start():
            span = next(math, None)
        if span is not None and span.start <= match.start():
            continue  # inside math
        out.append(text[position : match.start()])
        position = match.end()
        token = match.group()
        if token == "}":
            if not (opened and opened.pop()):
                out.append(token)  # a text macro's closing brace goes with it
            continue
        text_macro = match.group(1) in TEXT_MACROS
        opened.append(text_macro)
        if not text_macro:
            out.append(token)
    out.append(text[position:])
    return "".join(out)
