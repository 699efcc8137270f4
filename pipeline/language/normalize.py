"""The ``norm`` of a token: NFKC, lower-case Latin, and spelling variants folded.

The variant groups are data (``pipeline/data/variants.toml``), so 漏洩 and 漏えい, サーバ and
サーバー, ウィルス and ウイルス meet in one form without code changes.
"""

from __future__ import annotations

import tomllib
import unicodedata
from functools import cache
from importlib import resources


@cache
def variant_map() -> dict[str, str]:
    """Every listed spelling (NFKC, lower-cased) to its group's canonical form."""
    raw = resources.files("pipeline").joinpath("data/variants.toml").read_text("utf-8")
    mapping: dict[str, str] = {}
    for group in tomllib.loads(raw)["groups"]:
        canonical = fold(group[0])
        for spelling in group:
            mapping[fold(spelling)] = canonical
    return mapping


def fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text).lower()


def norm(text: str) -> str:
    """The matching form of one spelling.

    >>> [norm(s) for s in ["漏洩", "サーバ", "ウィルス", "ＳＳＬ", "ﾃｽﾄ"]]
    ['漏えい', 'サーバー', 'ウイルス', 'ssl', 'テスト']
    """
    folded = fold(text)
    return variant_map().get(folded, folded)


def norms(texts: list[str]) -> list[str]:
    """:func:`norm` over a column, without a Python call per token for the folding."""
    mapping = variant_map()
    folded = map(str.lower, map(unicodedata.normalize, ["NFKC"] * len(texts), texts))
    return [mapping.get(f, f) for f in folded]
