"""Related papers: TF-IDF over title and abstract, plus a bonus for shared tags.

The similarity is the cosine of TF-IDF vectors (scikit-learn), the approach of
arxiv-sanity-lite's ``compute.py``. It is computed in row chunks, so memory stays
O(chunk x N), never a dense N x N matrix. Each chunk is the sum of two products:
rare terms as a sparse product, common terms (in more than 1/``DENSE_SHARE`` of the
papers) as a dense one. A sparse product costs the sum over terms of their document
frequency squared, which the few common terms dominate; BLAS does those 4x faster.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer
from threadpoolctl import threadpool_limits

from generator.model import Paper, RelatedPaper, TagAssignment
from generator.runtime.parallel import split_map
from generator.text.weblinks import URL

TOP_K = 5
# Below this cosine similarity two papers share only common words: show fewer.
MIN_SIMILARITY = 0.05
# Added per shared tag, as a share of all tags of the two papers.
TAG_BONUS = 0.1
CHUNK_ROWS = 1024
DENSE_SHARE = 32
SHARED_TERMS = 4
# A paper is also listed by its own nearest neighbour, up to this many entries in all,
# so that every paper with a neighbour is reachable through a backlink.
MAX_WITH_RECIPROCAL = 2 * TOP_K
# Words of every abstract: they say nothing about what two papers share.
GENERIC_WORDS = frozenset(
    """
    approach approaches propose proposed proposes present presents paper papers method
    methods result results show shows shown novel new existing based using use used
    improve improved improves improving performance significantly significant task tasks
    demonstrate demonstrates experiments experimental extensive state art work works
    achieve achieves achieved effective effectively efficient various different including
    furthermore moreover however address addresses challenge challenges study studies
    introduce introduces introduced framework frameworks outperforms outperform code
    available github https http com org www able key main high large small recent recently
    """.split()
)


def paper_text(paper: Paper) -> str:
    """Return the text compared: the title counts twice, as in a title-weighted index.

    URLs are left out: "github.com/example/..." is no reason for two papers to be related.
    """
    return f"{paper.title}\n{paper.title}\n{URL.sub(' ', paper.abstract)}"


def tfidf_matrix(texts: Sequence[str]) -> tuple[sparse.csr_matrix, np.ndarray]:
    """Return L2-normalised TF-IDF rows (CSR, float32) for ``texts`` and the vocabulary."""
    vectorizer = TfidfVectorizer(
        stop_words=sorted(ENGLISH_STOP_WORDS | GENERIC_WORDS),
        sublinear_tf=True,
        min_df=2 if len(texts) > 1000 else 1,
        # In a handful of papers every shared word is in half of them: keep all then.
        max_df=0.5 if len(texts) > 20 else 1.0,
        token_pattern=r"(?u)\b[^\W\d_][\w\-]*\w\b",
        dtype=np.float32,
    )
    matrix = vectorizer.fit_transform(texts)
    return sparse.csr_matrix(matrix), vectorizer.get_feature_names_out()


def related_papers(
    papers: Mapping[str, Paper],
    tags: Mapping[str, Sequence[TagAssignment]],
    top_k: int = TOP_K,
    min_similarity: float = MIN_SIMILARITY,
) -> dict[str, tuple[RelatedPaper, ...]]:
    """Return up to ``top_k`` related papers per slug, most similar first.

    Deterministic: papers are processed in slug order, scores are rounded to 1e-6
    and ties are broken by slug. A paper whose best neighbour is below
    ``min_similarity`` gets fewer (or no) related papers.
    """
    slugs = sorted(papers)
    if len(slugs) < 2:
        return {slug: () for slug in slugs}
    try:
        matrix, vocabulary = tfidf_matrix([paper_text(papers[slug]) for slug in slugs])
    except ValueError:  # scikit-learn: no term left to compare ("empty vocabulary")
        return {slug: () for slug in slugs}
    tag_sets = [frozenset(a.tag for a in tags.get(slug, ())) for slug in slugs]
    similarities = _SplitProduct(matrix)

    def top_k_rows(rows: Sequence[int]) -> list[tuple[RelatedPaper, ...]]:
        """The related papers of ``rows`` (consecutive row numbers), block by block."""
        found = []
        # One BLAS thread per process: split_map already runs one process per core.
        with threadpool_limits(limits=1):
            for start in range(0, len(rows), CHUNK_ROWS):
                first, count = rows[start], len(rows[start : start + CHUNK_ROWS])
                for offset, row in enumerate(similarities.rows(first, first + count)):
                    found.append(_top_k(first + offset, row))
        return found

    def _top_k(index: int, row: np.ndarray) -> tuple[RelatedPaper, ...]:
        row[index] = 0.0
        candidates = np.flatnonzero(row >= min_similarity)
        if candidates.size > 4 * top_k:
            keep = np.argpartition(-row[candidates], 4 * top_k)[: 4 * top_k]
            candidates = candidates[keep]
        scored = []
        for other in candidates:
            shared = tag_sets[index] & tag_sets[other]
            union = tag_sets[index] | tag_sets[other]
            bonus = TAG_BONUS * len(shared) / len(union) if union else 0.0
            score = round(float(row[other]) + bonus, 6)
            scored.append((-score, slugs[other], int(other), tuple(sorted(shared))))
        scored.sort()
        dense = np.zeros(matrix.shape[1], dtype=matrix.dtype)
        columns, weights = _row(matrix, index)
        dense[columns] = weights
        return tuple(
            RelatedPaper(
                slug=slug,
                score=-negative,
                terms=_shared_terms(dense, matrix, other, vocabulary),
                tags=shared,
            )
            for negative, slug, other, shared in scored[:top_k]
        )

    # The matrix products dominate: each core takes a consecutive share of the rows.
    result = dict(zip(slugs, split_map(top_k_rows, range(len(slugs))), strict=True))
    return _add_reciprocal(result)


class _SplitProduct:
    """Rows of ``matrix @ matrix.T``: rare terms multiplied sparse, common ones dense."""

    def __init__(self, matrix: sparse.csr_matrix) -> None:
        frequency = np.bincount(matrix.indices, minlength=matrix.shape[1])
        common = frequency > matrix.shape[0] // DENSE_SHARE
        self.rare = sparse.csr_matrix(matrix[:, np.flatnonzero(~common)])
        self.rare_transposed = self.rare.T.tocsc()
        self.common = matrix[:, np.flatnonzero(common)].toarray()
        self.common_transposed = np.ascontiguousarray(self.common.T)

    def rows(self, start: int, end: int) -> np.ndarray:
        """Return the dense similarity rows ``start:end`` (float32, ``end - start`` x N)."""
        block = (self.rare[start:end] @ self.rare_transposed).toarray()
        block += self.common[start:end] @ self.common_transposed
        return block  # type: ignore[no-any-return]


def _add_reciprocal(
    result: dict[str, tuple[RelatedPaper, ...]],
) -> dict[str, tuple[RelatedPaper, ...]]:
    """List each paper on its nearest neighbour's page too (similarity is symmetric).

    Top-k lists are not mutual: a paper can be nobody's top 5. Adding it to the list
    of its own nearest neighbour (in score order, up to ``MAX_WITH_RECIPROCAL``)
    gives every paper that has a neighbour at least one backlink.
    """
    extended = {slug: list(items) for slug, items in result.items()}
    for slug, items in sorted(result.items()):
        if not items:
            continue
        nearest = items[0]
        if any(item.slug == slug for item in extended[nearest.slug]):
            continue
        extended[nearest.slug].append(
            RelatedPaper(slug=slug, score=nearest.score, terms=nearest.terms, tags=nearest.tags)
        )
    return {
        slug: tuple(sorted(items, key=lambda i: (-i.score, i.slug))[:MAX_WITH_RECIPROCAL])
        for slug, items in extended.items()
    }


def _shared_terms(
    first: np.ndarray, matrix: sparse.csr_matrix, second: int, vocabulary: np.ndarray
) -> tuple[str, ...]:
    """Return the terms that contribute most to the similarity of two rows: ``first``
    as a dense vector, ``second`` as a row number of ``matrix``.

    Reads the CSR arrays directly: slicing rows as sparse matrices costs ~100x more.
    """
    columns, weights = _row(matrix, second)
    contribution = weights * first[columns]
    shared = np.flatnonzero(contribution)  # TF-IDF weights are positive
    order = np.lexsort((columns[shared], -contribution[shared]))
    terms: list[str] = []
    for column in columns[shared][order]:
        term = str(vocabulary[column])
        # "llm" and "llms" are one reason, shown once.
        if not any(term.rstrip("s") == kept.rstrip("s") for kept in terms):
            terms.append(term)
        if len(terms) == SHARED_TERMS:
            break
    return tuple(terms)


def _row(matrix: sparse.csr_matrix, index: int) -> tuple[np.ndarray, np.ndarray]:
    start, end = matrix.indptr[index], matrix.indptr[index + 1]
    return matrix.indices[start:end], matrix.data[start:end]
