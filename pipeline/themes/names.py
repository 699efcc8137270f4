"""Proper names that are not evidence: bodies, laws, ordinances and titled documents.

「情報公開・個人情報保護審査会」 names a board and 「個人情報保護条例第5条」 cites an ordinance;
neither says the turn is about disclosure or personal information. A name is found in two
ways, both driven by the taxonomy's ``[names]`` section:

- a run of nouns (with prefixes, suffixes, numbers and ・) up to a token-aligned suffix such as
  審査会, 条例 or 法: the name runs from the start of the compound to that suffix;
- a quoted title 「…」 or 『…』 whose text ends in such a suffix or a title suffix (指針, 基準).
"""

from __future__ import annotations

import re

from spacy.tokens import Doc

from ..textutil import fold
from .taxonomy import NameRules

_QUOTED = re.compile(r"「[^「」]*」|『[^『』]*』")
_TRAILING = re.compile(r"(等|など|（[^（）]*）|\([^()]*\))+$")
_MAX_SUFFIX_TOKENS = 3


def name_spans(doc: Doc, rules: NameRules) -> list[tuple[int, int]]:
    """Character spans of the names in ``doc``, in text order.

    >>> from pipeline.language.spacy_ja import load
    >>> from pipeline.themes.taxonomy import load_taxonomy
    >>> doc = load()("本審査会は、個人情報保護条例第5条により漏えいを審議する。")
    >>> [doc.text[a:b] for a, b in name_spans(doc, load_taxonomy().names)]
    ['本審査会', '個人情報保護条例']
    """
    suffixes = {fold(s) for s in rules.suffixes}
    spans = [*_compound_names(doc, suffixes), *_quoted_titles(doc.text, rules)]
    return sorted(spans)


def overlaps(span: tuple[int, int], names: list[tuple[int, int]]) -> bool:
    return any(span[0] < end and start < span[1] for start, end in names)


def _compound_names(doc: Doc, suffixes: set[str]) -> list[tuple[int, int]]:
    spans, run = [], []
    for token in [*doc, None]:
        if token is not None and _in_compound(token):
            run.append(token)
            continue
        end = _last_suffix_end(run, suffixes)
        if end is not None:
            spans.append((run[0].idx, run[end].idx + len(run[end])))
        run = []
    return spans


def _in_compound(token) -> bool:
    tag = token.tag_
    return tag.startswith(("名詞", "接頭辞", "接尾辞")) or token.text in ("・", "･")


def _last_suffix_end(run: list, suffixes: set[str]) -> int | None:
    """Index of the last token of the run that ends a token-aligned suffix."""
    for end in range(len(run) - 1, -1, -1):
        for n in range(1, min(_MAX_SUFFIX_TOKENS, end + 1) + 1):
            if fold("".join(t.text for t in run[end - n + 1 : end + 1])) in suffixes:
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
