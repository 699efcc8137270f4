"""Lexicon theme tagging: taxonomy terms matched on token norms with spaCy's matchers.

Terms go into a :class:`~spacy.matcher.PhraseMatcher` on ``NORM`` (so 漏えいした, 漏洩 and
ろうえい all meet the term 漏えい) and token patterns into a :class:`~spacy.matcher.Matcher`.
Matches inside proper names are dropped (:mod:`pipeline.themes.names`), overlapping term
matches keep the longest, and each theme is scored from its evidence by noisy-or:
``1 - Π(1 - weight)``. Tags whose score reaches the taxonomy's threshold are kept.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

import spacy
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from ..language.spacy_ja import doc_from_columns, load
from ..records import Evidence, ThemeTag, Turn
from .context import inherit_context
from .names import name_spans, overlaps
from .taxonomy import Taxonomy, load_taxonomy


def noisy_or(weights: Sequence[float]) -> float:
    """Combined strength of independent pieces of evidence.

    >>> round(noisy_or([0.8]), 2), round(noisy_or([0.3, 0.3]), 2), noisy_or([])
    (0.8, 0.51, 0.0)
    """
    miss = 1.0
    for w in weights:
        miss *= 1.0 - w
    return 1.0 - miss


class ThemeTagger:
    """Tag Docs with the taxonomy's themes.

    >>> tagger = ThemeTagger()
    >>> doc = tagger.nlp("個人情報が漏洩した場合の暗号化について伺います。")
    >>> sorted({t.theme for t in tagger(doc)})
    ['pii', 'security']
    >>> [t for t in tagger(tagger.nlp("本日の情報公開・個人情報保護審査会を開催します。"))]
    []
    """

    def __init__(self, taxonomy: Taxonomy | None = None, nlp: spacy.Language | None = None):
        self.taxonomy = taxonomy or load_taxonomy()
        self.nlp = nlp or load()
        vocab = self.nlp.vocab
        weights = self.taxonomy.scoring
        self._phrases = PhraseMatcher(vocab, attr="NORM")
        self._patterns = Matcher(vocab)
        self._keys: dict[int, tuple[str, str | None, float]] = {}
        for theme in self.taxonomy.themes:
            for sub in theme.subthemes:
                for kind, terms, weight in (
                    ("term", sub.terms, weights.term_weight),
                    ("supporting", sub.supporting, weights.supporting_weight),
                ):
                    if terms:
                        key = self._key(theme.name, sub.name, kind, weight)
                        self._phrases.add(key, [self.nlp.make_doc(t) for t in terms])
                if sub.patterns:
                    key = self._key(theme.name, sub.name, "pattern", weights.pattern_weight)
                    self._patterns.add(key, [list(p) for p in sub.patterns])

    def _key(self, theme: str, sub: str | None, kind: str, weight: float) -> str:
        key = f"{theme}/{sub or ''}/{kind}"
        self._keys[self.nlp.vocab.strings.add(key)] = (theme, sub, weight)
        return key

    @property
    def vocab(self):
        return self.nlp.vocab

    def evidence(self, doc: Doc) -> list[tuple[str, str | None, Evidence]]:
        """Every (theme, sub-theme, evidence) in ``doc``, outside proper names, in text order."""
        names = name_spans(doc, self.taxonomy.names)
        spans = filter_spans(
            [Span(doc, s, e, label=k) for k, s, e in self._phrases(doc)]
        ) + filter_spans([Span(doc, s, e, label=k) for k, s, e in self._patterns(doc)])
        found = []
        for span in sorted(spans, key=lambda s: (s.start_char, s.end_char)):
            if overlaps((span.start_char, span.end_char), names):
                continue
            theme, sub, weight = self._keys[span.label]
            found.append((theme, sub, Evidence(span.text, span.start_char, span.end_char, weight)))
        return found

    def __call__(self, doc: Doc) -> list[ThemeTag]:
        """Lexicon tags for one Doc: one per (theme, sub-theme) with evidence, for every theme
        whose score reaches the threshold; the strongest theme first."""
        by_theme: dict[str, dict[str | None, list[Evidence]]] = defaultdict(
            lambda: defaultdict(list)
        )
        for theme, sub, ev in self.evidence(doc):
            by_theme[theme][sub].append(ev)
        tags = []
        for theme, subs in by_theme.items():
            score = noisy_or([e.weight for evs in subs.values() for e in evs])
            if score < self.taxonomy.scoring.threshold:
                continue
            for sub, evs in subs.items():
                tags.append(
                    ThemeTag(
                        theme=theme,
                        subtheme=sub,
                        score=round(score, 4),
                        subtheme_score=round(noisy_or([e.weight for e in evs]), 4),
                        method="lexicon",
                        evidence=evs,
                    )
                )
        order = {name: i for i, name in enumerate(self.taxonomy.theme_names)}
        tags.sort(key=lambda t: (-t.score, order[t.theme], -t.subtheme_score))
        return tags

    def tag_turns(self, turns: list[Turn]) -> None:
        """Set ``turn.themes`` for a meeting's turns, in order (context needs the order).

        Speech turns with a language layer are tagged; notes (stage directions) are not.
        """
        for turn in turns:
            turn.themes = []
            if turn.kind != "speech" or turn.language is None:
                continue
            lang = turn.language
            turn.themes = self(doc_from_columns(self.vocab, turn.text, lang.tokens, lang.sentences))
        inherit_context(turns, self.taxonomy)
