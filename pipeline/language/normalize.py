"""The ``norm`` of a token: NFKC, lower-case Latin, and spelling variants folded.

The variant groups are data (``pipeline/data/variants.toml``), so 漏洩 and 漏えい, サーバ and
サーバー, ウィルス and ウイルス meet in one form without code changes.
"""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources

from .. import textutil


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
    return textutil.fold(text).lower()


def norm(text: str) -> str:
    """The matching form of one spelling.

    >>> [norm(s) for s in ["漏洩", "サーバ", "ウィルス", "ＳＳＬ", "ﾃｽﾄ"]]
    ['漏えい', 'サーバー', 'ウイルス', 'ssl', 'テスト']
    """
    folded = fold(text)
    return variant_map().get(folded, folded)
