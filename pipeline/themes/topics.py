"""Unsupervised topic discovery: TF-IDF over content words, then NMF (or LDA on counts).

Researchers use it to find what the minutes talk about beyond the taxonomy's themes.
A scikit-learn style estimator: parameters in ``__init__``, fitted state with a trailing
underscore, ``fit`` / ``transform`` over documents given as lists of content words
(:func:`pipeline.themes.features.content_words`).

>>> docs = [["ウイルス", "対策", "ソフト"], ["ウイルス", "感染", "対策"],
...         ["傍聴", "公開", "会議"], ["傍聴", "会議", "資料"]] * 3
>>> model = TopicModel(n_topics=2, n_terms=2, min_df=1).fit(docs)
>>> sorted(sorted(term for term, _ in topic) for topic in model.top_terms())
[['ウイルス', '対策'], ['会議', '傍聴']]
>>> model.transform([["ウイルス"]]).round(2).tolist() in ([[1.0, 0.0]], [[0.0, 1.0]])
True
"""

from __future__ import annotations

import numpy as np
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.decomposition import NMF, LatentDirichletAllocation
from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer

METHODS = ("nmf", "lda")


def identity(doc: list[str]) -> list[str]:
    """The analyzer for documents that are already lists of words (module level: picklable)."""
    return doc


class TopicModel(TransformerMixin, BaseEstimator):
    """Topics as weighted content words; documents as mixtures of topics.

    ``method='nmf'`` factorises TF-IDF weights (sharp topics on short texts such as turns);
    ``method='lda'`` fits Latent Dirichlet Allocation on raw counts, which is what LDA models.
    ``min_df``/``max_df`` drop words in too few or too many documents.
    """

    def __init__(
        self,
        n_topics: int = 8,
        method: str = "nmf",
        n_terms: int = 10,
        min_df: int | float = 2,
        max_df: int | float = 0.5,
        random_state: int = 0,
    ):
        self.n_topics = n_topics
        self.method = method
        self.n_terms = n_terms
        self.min_df = min_df
        self.max_df = max_df
        self.random_state = random_state

    def fit(self, docs: list[list[str]], y=None) -> TopicModel:
        if self.method not in METHODS:
            raise ValueError(f"method must be one of {METHODS}, not {self.method!r}")
        vectorizer_cls = TfidfVectorizer if self.method == "nmf" else CountVectorizer
        self.vectorizer_ = vectorizer_cls(analyzer=identity, min_df=self.min_df, max_df=self.max_df)
        try:
            counts = self.vectorizer_.fit_transform(docs)
        except ValueError as exc:  # sklearn: "empty vocabulary; perhaps ..." and the like
            raise ValueError(f"too little text to find topics: {exc}") from None
        n = max(1, min(self.n_topics, counts.shape[0], counts.shape[1]))
        if self.method == "nmf":
            self.model_ = NMF(
                n_components=n, init="nndsvda", max_iter=1000, random_state=self.random_state
            )
        else:
            self.model_ = LatentDirichletAllocation(
                n_components=n, learning_method="batch", random_state=self.random_state
            )
        self.model_.fit(counts)
        self.terms_ = self.vectorizer_.get_feature_names_out()
        return self

    def transform(self, docs: list[list[str]]) -> np.ndarray:
        """Each document's topic shares (rows sum to 1; a document with no known word is 0)."""
        weights = self.model_.transform(self.vectorizer_.transform(docs))
        totals = weights.sum(axis=1, keepdims=True)
        return np.divide(weights, totals, out=np.zeros_like(weights), where=totals > 0)

    def top_terms(self) -> list[list[tuple[str, float]]]:
        """The ``n_terms`` heaviest words of every topic, heaviest first."""
        topics = []
        for row in self.model_.components_:
            order = np.argsort(row)[::-1][: self.n_terms]
            topics.append([(str(self.terms_[i]), float(row[i])) for i in order if row[i] > 0])
        return topics
