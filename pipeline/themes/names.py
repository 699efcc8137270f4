"""Proper names that are not evidence: bodies, laws, ordinances and titled documents.

「情報公開・個人情報保護審査会」 names a board and 「個人情報保護条例第5条」 cites an ordinance;
neither says the turn is about disclosure or personal information. A name is found in two
ways, both driven by the taxonomy's ``[names]`` section:

- a run of nouns (with prefixes, suffixes, numbers and ・) up to a token-aligned suffix such as
  審査会, 条例 or 法: the name runs from the start of the compound to that suffix;
- a quoted title 「…」 or 『…』 whose text ends in such a suffix or a title suffix (指針, 基準).

The section's fixed ``phrases`` (laws written out in full, false friends such as
新型コロナウイルス) are matched on token norms by the tagger, with the other terms.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import numpy as np
from spacy.attrs import IDX, LENGTH, ORTH, TAG
from spacy.tokens import Doc

from ..textutil import fold
from .taxonomy import NameRules

_QUOTED = re.compile(r"「[^「」]*」|『[^『』]*』")
_TRAILING = re.compile(r"(等|など|（[^（）]*）|\([^()]*\))+$")
_MAX_SUFFIX_TOKENS = 3
_DOTS = ("・", "･")  # join the parts of a name: 情報公開・個人情報保護審査会


def name_spans(
    doc: Doc, rules: NameRules, text: str | None = None, tokens: Iterable[int] | None = None
) -> list[tuple[int, int]]:
    """Character spans of the names in ``doc``, in text order.

    ``tokens``: only the noun runs holding one of these tokens are read for names (the tagger
    passes its evidence's tokens: a name that holds none of them cannot overlap it); quoted
    titles are always found.

    >>> from pipeline.language.spacy_ja import load
    >>> from pipeline.themes.taxonomy import load_taxonomy
    >>> doc = load()("本審査会は、個人情報保護条例第5条により漏えいを審議する。")
    >>> [doc.text[a:b] for a, b in name_spans(doc, load_taxonomy().names)]
    ['本審査会', '個人情報保護条例']
    """
    text = doc.text if text is None else text  # doc.text is rebuilt token by token: pass it
    suffixes = {fold(s) for s in rules.suffixes}
    spans = [*_compound_names(doc, text, suffixes, tokens), *_quoted_titles(text, rules)]
    return sorted(spans)


def overlaps(span: tuple[int, int], names: list[tuple[int, int]]) -> bool:
    return any(span[0] < end and start < span[1] for start, end in names)


def _compound_names(
    doc: Doc, text: str, suffixes: set[str], tokens: Iterable[int] | None
) -> list[tuple[int, int]]:
    # Token attributes as arrays, runs found with numpy; Python reads only the runs asked for.
    if not len(doc):
        return []
    tags, orths, starts, lengths = doc.to_array([TAG, ORTH, IDX, LENGTH]).T
    strings = doc.vocab.strings
    kinds, of_token = np.unique(tags, return_inverse=True)
    in_run = np.array([_in_compound(strings[int(h)]) for h in kinds])[of_token.ravel()]
    in_run |= np.isin(orths, [strings.add(dot) for dot in _DOTS])
    edges = np.flatnonzero(np.diff(np.concatenate([[False], in_run, [False]]).astype(np.int8)))
    runs = edges.reshape(-1, 2)  # [first, stop) of each run of name tokens
    if tokens is not None:
        asked = np.array(sorted(set(tokens)), dtype=np.int64)
        asked = asked[in_run[asked]] if len(asked) else asked
        runs = runs[np.unique(np.searchsorted(runs[:, 0], asked, side="right") - 1)]
    last_chars = {suffix[-1] for suffix in suffixes if suffix}
    spans = []
    for first, stop in runs.tolist():
        at = starts[first:stop].tolist()
        words = [text[a : a + n] for a, n in zip(at, lengths[first:stop].tolist(), strict=True)]
        end = _last_suffix_end(words, suffixes, last_chars)
        if end is not None:
            spans.append((at[0], at[end] + len(words[end])))
    return spans


def _in_compound(tag: str) -> bool:
    return tag.startswith(("名詞", "接頭辞", "接尾辞"))


def _last_suffix_end(words: list[str], suffixes: set[str], last_chars: set[str]) -> int | None:
    """Index of the last word of the run that ends a token-aligned suffix (``last_chars``:
    the suffixes' last characters)."""
    for end in range(len(words) - 1, -1, -1):
        if fold(words[end])[-1:] not in last_chars:
            continue  # no suffix ends with this word (most words of most runs)
        for n in range(1, min(_MAX_SUFFIX_TOKENS, end + 1) + 1):
            if fold("".join(words[end - n + 1 : end + 1])) in suffixes:
                return end if end - n + 1 > 0 else None  # a bare 条例 or 法 names nothing
    return None


def _quoted_titles(text: str, rules: NameRules) -> list[tuple[int, int]]:
    endings = tuple(fold(s) for s in (*rules.suffixes, *rules.title_suffixes))
    spans = []
    for m in _QUOTED.finditer(text):
        inner = _TRAILING.sub("", fold(m.group()[1:-1]).strip())
        if inner.endswith(endings):
            spans.append(m.span())
    return spans
