"""Proper names: compound names and quoted titles, and the names read near given tokens."""

from __future__ import annotations

import pytest

from pipeline.language.spacy_ja import load
from pipeline.themes.names import name_spans
from pipeline.themes.taxonomy import load_taxonomy

TEXT = (
    "本審査会は、個人情報保護条例第5条により、市民課の漏えいを審議する。"
    "「情報セキュリティ基本方針」・情報公開条例も参照する。"
)


@pytest.fixture(scope="module")
def doc():
    return load()(TEXT)


@pytest.fixture(scope="module")
def rules():
    return load_taxonomy().names


def test_compound_names_and_quoted_titles(doc, rules):
    assert [TEXT[a:b] for a, b in name_spans(doc, rules)] == [
        "本審査会",
        "個人情報保護条例",
        "「情報セキュリティ基本方針」",
        "・情報公開条例",  # the run of nouns begins at the ・ after the title
    ]


def test_names_near_tokens_include_every_name_holding_them(doc, rules):
    # The tagger asks only near its evidence: a name holding an evidence token must be found.
    every = name_spans(doc, rules)
    for i, token in enumerate(doc):
        near = name_spans(doc, rules, tokens=[i])
        assert set(near) <= set(every)
        assert {(a, b) for a, b in every if a <= token.idx < b} <= set(near), token.text
    assert [TEXT[a:b] for a, b in name_spans(doc, rules, tokens=[])] == [
        "「情報セキュリティ基本方針」"
    ]
    near_leak = [i for i, t in enumerate(doc) if t.text == "漏えい"]
    assert [TEXT[a:b] for a, b in name_spans(doc, rules, tokens=near_leak)] == [
        "「情報セキュリティ基本方針」"
    ]
