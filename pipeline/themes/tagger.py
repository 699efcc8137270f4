"""Lexicon theme tagging: taxonomy terms matched on token norms with spaCy's matchers.

Terms go into a :class:`~spacy.matcher.PhraseMatcher` on ``NORM`` (so 漏えいした, 漏洩 and
ろうえい all meet the term 漏えい) and token patterns into a :class:`~spacy.matcher.Matcher`.
Matches inside proper names are dropped (:mod:`pipeline.themes.names`), overlapping term
matches keep the longest, and each theme is scored from its evidence by noisy-or:
``1 - Π(1 - weight)``. Tags whose score reaches the taxonomy's threshold are kept.
"""

from __future__ import annotations

import itertools
import re
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

import numpy as np
import spacy
from spacy.attrs import NORM
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from ..language.spacy_ja import joined_matching_doc, load, matching_doc
from ..records import Evidence, ThemeTag, Turn
from .context import inherit_context
from .features import content_words
from .names import name_spans, overlaps
from .taxonomy import Taxonomy, load_taxonomy

if TYPE_CHECKING:  # scikit-learn is imported only when a model is used
    from .model import ThemeModel


def noisy_or(weights: Sequence[float]) -> float:
    """Combined strength of independent pieces of evidence.

    >>> round(noisy_or([0.8]), 2), round(noisy_or([0.3, 0.3]), 2), noisy_or([])
    (0.8, 0.51, 0.0)
    """
    miss = 1.0
    for w in weights:
        miss *= 1.0 - w
    return 1.0 - miss


def _norm_values(token: dict) -> list[str] | None:
    """The NORM values a pattern token accepts when NORM is all it tests, else None."""
    norm = token.get("NORM")
    if set(token) - {"OP"} != {"NORM"}:
        return None
    if isinstance(norm, str):
        return [norm]
    if isinstance(norm, dict) and set(norm) == {"IN"} and norm["IN"]:
        return list(norm["IN"])
    return None


class PatternWindows:
    """Where the Matcher must look: windows from each token that can begin a pattern and has
    every word the pattern requires within the pattern's reach.

    The Matcher is the slow part. Patterns begin with common words (情報, システム) and end
    with rarer ones (流出, 分離), so most meetings need a few short windows, not the Doc. A
    pattern that does not begin with a NORM test, or has no length limit (``+``, ``*``),
    makes the whole Doc one window.

    >>> from spacy.vocab import Vocab
    >>> vocab = Vocab()
    >>> windows = PatternWindows([[{"NORM": "情報"}, {"OP": "{,2}"}, {"NORM": "流出"}]], vocab)
    >>> words = ["情報", "が", "流出", "情報", "の", "公開", "情報", "は"]
    >>> windows(np.array([vocab.strings.add(w) for w in words], dtype=np.uint64))
    [(0, 4)]
    """

    def __init__(self, patterns: list[list[dict]], vocab):
        self.whole = False
        specs = []
        for pattern in patterns:
            length = _max_length([pattern])
            first = _norm_values(pattern[0]) if pattern[0].get("OP") in (None, "1") else None
            if length is None or first is None:
                self.whole = True
                return
            required = [
                values
                for token in pattern[1:]
                if token.get("OP") in (None, "1", "+") and (values := _norm_values(token))
            ]
            specs.append(([first, *required], length))
        hashes = {vocab.strings.add(v) for sets, _ in specs for values in sets for v in values}
        self._values = np.array(sorted(hashes), dtype=np.uint64)
        self._specs = [([self._table(values, vocab) for values in sets], n) for sets, n in specs]

    def _table(self, values: list[str], vocab) -> np.ndarray:
        """A lookup by position in ``_values`` (the last slot: any other norm)."""
        table = np.zeros(len(self._values) + 1, dtype=bool)
        table[np.searchsorted(self._values, [vocab.strings[v] for v in values])] = True
        return table

    def __call__(self, norms: np.ndarray) -> list[tuple[int, int]]:
        """Token windows ``(start, end)``, in order and not overlapping, for NORM hashes."""
        n = len(norms)
        if self.whole:
            return [(0, n)] if n else []
        if not len(self._values):
            return []
        at = np.minimum(np.searchsorted(self._values, norms), len(self._values) - 1)
        codes = np.where(self._values[at] == norms, at, len(self._values))
        spans = []
        for (first, *required), length in self._specs:
            starts = np.flatnonzero(first[codes])
            for table in required:  # some token after the start, within reach, is this word
                seen = np.concatenate([[0], np.cumsum(table[codes])])
                starts = starts[seen[np.minimum(starts + length, n)] > seen[starts + 1]]
            spans += [(int(s), min(n, int(s) + length)) for s in starts]
        windows: list[tuple[int, int]] = []
        for start, end in sorted(spans):
            if windows and start <= windows[-1][1]:
                windows[-1] = (windows[-1][0], max(end, windows[-1][1]))
            else:
                windows.append((start, end))
        return windows


_COUNT = re.compile(r"\{(\d*)(,?)(\d*)\}")


def _max_length(patterns) -> int | None:
    """The most tokens any pattern can match; None if some pattern has no limit (``*``, ``+``).

    >>> _max_length([[{"NORM": "a"}, {"OP": "{,3}"}, {"NORM": "b", "OP": "?"}], [{"OP": "{2}"}]])
    5
    >>> _max_length([[{"NORM": "a"}, {"OP": "+"}]]) is None
    True
    """
    longest = 0
    for pattern in patterns:
        length = 0
        for token in pattern:
            op = token.get("OP")
            count = _COUNT.fullmatch(op) if op else None
            if op in (None, "!", "?", "1"):
                length += 1
            elif count and (count[3] or (count[1] and not count[2])):
                length += int(count[3] or count[1])
            else:
                return None
        longest = max(longest, length)
    return longest


def _spellings(term: str) -> list[str]:
    """``term`` and, when it holds Latin letters, the way minutes often type it: in
    full-width capitals. UniDic cuts ＬＧＷＡＮ into ＬＧ and ＷＡＮ where it keeps LGWAN (and
    lgwan) whole, so each spelling is a token sequence of its own; ``norm`` folds the width
    and case of every token.

    >>> _spellings("lgwan接続系"), _spellings("暗号化")
    (['lgwan接続系', 'ＬＧＷＡＮ接続系'], ['暗号化'])
    """
    if not _LATIN.search(term):
        return [term]
    return [term, term.upper().translate(_FULL_WIDTH)]


_LATIN = re.compile(r"[A-Za-z]")
_FULL_WIDTH = {c: c + 0xFEE0 for c in range(0x21, 0x7F)}  # ASCII ! to ~ and their wide forms


class ThemeTagger:
    """Tag Docs with the taxonomy's themes.

    >>> tagger = ThemeTagger()
    >>> doc = tagger.nlp("個人情報が漏洩した場合の暗号化について伺います。")
    >>> sorted({t.theme for t in tagger(doc)})
    ['pii', 'security']
    >>> [t for t in tagger(tagger.nlp("本日の情報公開・個人情報保護審査会を開催します。"))]
    []
    """

    def __init__(
        self,
        taxonomy: Taxonomy | None = None,
        nlp: spacy.Language | None = None,
        model: ThemeModel | None = None,
    ):
        self.taxonomy = taxonomy or load_taxonomy()
        self.nlp = nlp or load()
        self.model = model
        vocab = self.nlp.vocab
        weights = self.taxonomy.scoring
        self._phrases = PhraseMatcher(vocab, attr="NORM")
        self._patterns = Matcher(vocab)
        self._keys: dict[int, tuple[str, str | None, float]] = {}
        phrases: list[tuple[str, list[str]]] = []
        for theme in self.taxonomy.themes:
            for sub in theme.subthemes:
                for kind, terms, weight in (
                    ("term", sub.terms, weights.term_weight),
                    ("supporting", sub.supporting, weights.supporting_weight),
                ):
                    if terms:
                        phrases.append((self._key(theme.name, sub.name, kind, weight), terms))
                if sub.patterns:
                    key = self._key(theme.name, sub.name, "pattern", weights.pattern_weight)
                    self._patterns.add(key, [list(p) for p in sub.patterns])
        # Every phrase is tokenized in one pass (hundreds of one-word texts), in each of its
        # spellings that UniDic may cut into other tokens.
        phrases = [(key, [s for t in terms for s in _spellings(t)]) for key, terms in phrases]
        names = list(self.taxonomy.names.phrases)
        docs = iter(self.nlp.tokenizer.pipe([t for _, terms in phrases for t in terms] + names))
        for key, terms in phrases:
            self._phrases.add(key, list(itertools.islice(docs, len(terms))))
        self._fixed_names = PhraseMatcher(vocab, attr="NORM")
        if names:
            self._fixed_names.add("name", list(docs))
        patterns = [p for t in self.taxonomy.themes for s in t.subthemes for p in s.patterns]
        self._windows = PatternWindows([list(p) for p in patterns], vocab)

    def _key(self, theme: str, sub: str | None, kind: str, weight: float) -> str:
        key = f"{theme}/{sub or ''}/{kind}"
        self._keys[self.nlp.vocab.strings.add(key)] = (theme, sub, weight)
        return key

    @property
    def vocab(self):
        return self.nlp.vocab

    def evidence(self, doc: Doc, text: str | None = None) -> list[tuple[str, str | None, Evidence]]:
        """Every (theme, sub-theme, evidence) in ``doc``, outside proper names, in text order.

        ``text`` is ``doc.text`` when the caller has it: spaCy rebuilds it token by token.
        """
        spans = filter_spans([Span(doc, s, e, label=k) for k, s, e in self._phrases(doc)])
        patterns = filter_spans(self._pattern_matches(doc))
        if patterns:
            # a term inside a pattern is part of that evidence, whatever its theme: 閲覧 in
            # 閲覧は…職員に限り is access control, not also a mention of publication
            spans = [s for s in spans if not any(_within(s, p) for p in patterns)] + patterns
        if not spans:
            return []
        text = doc.text if text is None else text
        evidence_tokens = (i for span in spans for i in range(span.start, span.end))
        names = name_spans(doc, self.taxonomy.names, text, evidence_tokens) + [
            (span.start_char, span.end_char) for span in self._fixed_names(doc, as_spans=True)
        ]
        found = []
        for span in sorted(spans, key=lambda s: (s.start_char, s.end_char)):
            start, end = span.start_char, span.end_char
            if overlaps((start, end), names):
                continue
            theme, sub, weight = self._keys[span.label]
            found.append((theme, sub, Evidence(text[start:end], start, end, weight)))
        return found

    def _pattern_matches(self, doc: Doc) -> list[Span]:
        """The Matcher's matches, read only in the windows that can hold one."""
        if not len(self._patterns):
            return []
        matches: list[Span] = []
        for start, end in self._windows(doc.to_array(NORM)):
            matches += self._patterns(doc[start:end], as_spans=True)
        return matches

    def __call__(self, doc: Doc) -> list[ThemeTag]:
        """Lexicon tags for one Doc: one per (theme, sub-theme) with evidence, for every theme
        whose score reaches the threshold; the strongest theme first."""
        return self._tags(self.evidence(doc))

    def _tags(self, evidence: list[tuple[str, str | None, Evidence]]) -> list[ThemeTag]:
        by_theme: dict[str, dict[str | None, list[Evidence]]] = defaultdict(
            lambda: defaultdict(list)
        )
        for theme, sub, ev in evidence:
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

        Speech turns are tagged from their language layer, all in one joined Doc; notes
        (stage directions) are not tagged.
        """
        self._tag_joined(turns)
        inherit_context(turns, self.taxonomy)
        if self.model is not None:
            docs = [self._doc(t) if t.kind == "speech" else None for t in turns]
            self._add_model_tags(turns, docs)

    def _tag_joined(self, turns: list[Turn]) -> None:
        """Lexicon tags of every speech turn from one Doc over them all."""
        speech = [t for t in turns if t.kind == "speech" and t.language is not None]
        for turn in turns:
            turn.themes = []
        if not speech:
            return
        doc, bases = joined_matching_doc(
            self.vocab,
            [(t.text, t.language.tokens, t.language.sentences) for t in speech],
        )
        found: list[list] = [[] for _ in speech]
        for theme, sub, ev in self.evidence(doc, "\n".join(t.text for t in speech)):
            i = bisect_right(bases, ev.char_start) - 1
            shift = bases[i]
            found[i].append(
                (
                    theme,
                    sub,
                    replace(ev, char_start=ev.char_start - shift, char_end=ev.char_end - shift),
                )
            )
        for turn, evidence in zip(speech, found, strict=True):
            turn.themes = self._tags(evidence)

    def _doc(self, turn: Turn) -> Doc | None:
        lang = turn.language
        if lang is None:
            return None
        return matching_doc(self.vocab, turn.text, lang.tokens, lang.sentences)

    def _add_model_tags(self, turns: list[Turn], docs: Sequence[Doc | None]) -> None:
        speech = [(t, d) for t, d in zip(turns, docs, strict=True) if d is not None]
        if not speech:
            return
        words = [
            content_words([tok.norm_ for tok in d], [tok.tag_ for tok in d]) for _, d in speech
        ]
        probs = self.model.predict_proba(words)
        for i, (turn, doc) in enumerate(speech):
            for theme, p in probs.items():
                if p[i] < self.model.threshold:
                    continue
                explained = set(self.model.explain(theme, words[i]))
                evidence = [
                    Evidence(tok.text, tok.idx, tok.idx + len(tok), round(float(p[i]), 4))
                    for tok in doc
                    if tok.norm_ in explained
                ]
                score = round(float(p[i]), 4)
                turn.themes.append(ThemeTag(theme, None, score, score, "model", evidence))


def _within(span: Span, pattern: Span) -> bool:
    return pattern.start <= span.start and span.end <= pattern.end
