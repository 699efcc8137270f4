"""One fugashi tagger (UniDic via unidic-lite) per process, shared by every stage.

Lives below the stages because structure (surnames in rosters) and language (tokens) both
need it; creating a tagger costs ~100 ms and a dictionary load, so it is made once.
"""

from __future__ import annotations

from functools import cache

import fugashi


@cache
def tagger() -> fugashi.Tagger:
    """The process's shared tagger; unidic-lite's dictionary, nothing downloaded."""
    import unidic_lite

    return fugashi.Tagger(f'-d "{unidic_lite.DICDIR}"')


def is_person_name(word) -> bool:
    """UniDic marks surnames and given names as 名詞-固有名詞-人名-姓/名."""
    return word.feature.pos2 == "固有名詞" and word.feature.pos3 == "人名"


def is_place_name(word) -> bool:
    """名詞-固有名詞-地名: also how UniDic tags many surnames on their own (千葉, 長野, 秋田)."""
    return word.feature.pos2 == "固有名詞" and word.feature.pos3 == "地名"
