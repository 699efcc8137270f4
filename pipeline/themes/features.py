"""Content words of a turn: what topic discovery and the theme model count.

Nouns, verbs and adjectives by their ``norm`` (dictionary form, spelling variants folded),
without numbers, pronouns, dependent words, single characters, and the stop words in
``pipeline/data/stopwords.txt`` that every meeting uses.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from importlib import resources

_CONTENT_POS = ("名詞", "動詞", "形容詞")
_EXCLUDED_POS = ("数詞", "代名詞", "非自立可能", "助数詞")


@cache
def stopwords() -> frozenset[str]:
    text = resources.files("pipeline").joinpath("data/stopwords.txt").read_text("utf-8")
    return frozenset(
        line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")
    )


def content_words(norms: Sequence[str], pos: Sequence[str]) -> list[str]:
    """The content words among a turn's tokens, in order, then each pair of adjacent nouns
    as one word (マイナンバー, データセンター), since Japanese compounds are written solid.

    >>> from pipeline.language.layer import analyze_turn
    >>> t = analyze_turn("サーバはデータセンターに設置してあります。").tokens
    >>> content_words(t.norm, t.pos)
    ['サーバー', 'データ', 'センター', '設置', 'データセンター']
    """
    stop = stopwords()
    keep = [
        p.startswith(_CONTENT_POS)
        and not any(x in p for x in _EXCLUDED_POS)
        and len(n) > 1
        and n not in stop
        for n, p in zip(norms, pos, strict=True)
    ]
    words = [n for n, k in zip(norms, keep, strict=True) if k]
    nouns = [k and p.startswith("名詞") for k, p in zip(keep, pos, strict=True)]
    words += [norms[i] + norms[i + 1] for i in range(len(norms) - 1) if nouns[i] and nouns[i + 1]]
    return words
