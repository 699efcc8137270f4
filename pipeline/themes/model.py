"""A supervised theme classifier learnt from annotated turns.

One scikit-learn :class:`~sklearn.pipeline.Pipeline` per theme: TF-IDF over the turn's content
words, then logistic regression with balanced class weights (themes are rare). Turns whose
theme an annotator marked ambiguous are left out of that theme's training and scoring.

>>> docs = [["ウイルス", "対策"], ["暗号化", "通信"], ["傍聴", "会議"], ["日程", "調整"]] * 4
>>> labels = [{"security"}, {"security"}, {"disclosure"}, set()] * 4
>>> model = ThemeModel(themes=["security", "disclosure"]).fit(docs, labels)
>>> model.predict([["ウイルス", "感染"], ["日程"]])
[{'security'}, set()]
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import joblib
import numpy as np
from sklearn.base import BaseEstimator
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import precision_recall_fscore_support
from sklearn.model_selection import StratifiedKFold, cross_val_predict
from sklearn.pipeline import Pipeline

from .topics import identity

FORMAT = "kaigiroku.theme_model.v1"


class ThemeModel(BaseEstimator):
    """Per-theme TF-IDF + logistic regression; ``threshold`` is the probability to tag."""

    def __init__(self, themes: Sequence[str] | None = None, C: float = 4.0, threshold: float = 0.5):
        self.themes = themes
        self.C = C
        self.threshold = threshold

    def _pipeline(self) -> Pipeline:
        return Pipeline(
            [
                ("tfidf", TfidfVectorizer(analyzer=identity, sublinear_tf=True)),
                ("clf", LogisticRegression(C=self.C, class_weight="balanced", max_iter=1000)),
            ]
        )

    def _training_sets(self, labels, ambiguous):
        themes = list(self.themes) if self.themes else sorted({t for ls in labels for t in ls})
        ambiguous = ambiguous or [set()] * len(labels)
        for theme in themes:
            keep = np.array([theme not in amb for amb in ambiguous])
            y = np.array([theme in ls for ls in labels])
            yield theme, keep, y

    def fit(self, docs: list[list[str]], labels: list[set[str]], ambiguous=None) -> ThemeModel:
        self.pipelines_: dict[str, Pipeline] = {}
        for theme, keep, y in self._training_sets(labels, ambiguous):
            if len(set(y[keep])) < 2:
                raise ValueError(f"theme {theme!r} needs positive and negative examples")
            subset = [d for d, k in zip(docs, keep, strict=True) if k]
            self.pipelines_[theme] = self._pipeline().fit(subset, y[keep])
        return self

    def predict_proba(self, docs: list[list[str]]) -> dict[str, np.ndarray]:
        return {t: p.predict_proba(docs)[:, 1] for t, p in self.pipelines_.items()}

    def predict(self, docs: list[list[str]]) -> list[set[str]]:
        probs = self.predict_proba(docs)
        return [{t for t, p in probs.items() if p[i] >= self.threshold} for i in range(len(docs))]

    def explain(self, theme: str, doc: list[str], n: int = 5) -> list[str]:
        """The words of ``doc`` that pushed hardest towards ``theme``."""
        pipe = self.pipelines_[theme]
        x = pipe["tfidf"].transform([doc]).toarray()[0]
        contrib = x * pipe["clf"].coef_[0]
        terms = pipe["tfidf"].get_feature_names_out()
        order = [i for i in np.argsort(contrib)[::-1][:n] if contrib[i] > 0]
        return [str(terms[i]) for i in order]

    def cross_validate(
        self, docs: list[list[str]], labels: list[set[str]], ambiguous=None, folds: int = 5
    ) -> dict[str, dict[str, float]]:
        """Precision, recall and F1 per theme from stratified ``folds``-fold predictions."""
        scores = {}
        for theme, keep, y in self._training_sets(labels, ambiguous):
            subset = [d for d, k in zip(docs, keep, strict=True) if k]
            y = y[keep]
            k = int(min(folds, y.sum(), (~y).sum()))
            if k < 2:
                raise ValueError(f"theme {theme!r} has too few examples for {folds}-fold CV")
            cv = StratifiedKFold(n_splits=k, shuffle=True, random_state=0)
            proba = cross_val_predict(self._pipeline(), subset, y, cv=cv, method="predict_proba")
            pred = proba[:, 1] >= self.threshold
            p, r, f, _ = precision_recall_fscore_support(y, pred, average="binary", zero_division=0)
            scores[theme] = {
                "precision": float(p),
                "recall": float(r),
                "f1": float(f),
                "support": int(y.sum()),
                "folds": k,
            }
        return scores

    def save(self, path: Path | str) -> None:
        joblib.dump({"format": FORMAT, "model": self}, path)

    @classmethod
    def load(cls, path: Path | str) -> ThemeModel:
        data = joblib.load(path)
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise ValueError(f"{path} is not a kaigiroku theme model")
        return data["model"]
