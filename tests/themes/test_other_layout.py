"""Themes on fictional committee minutes in another layout and encoding (CP932, ◯役職（氏名君）):
the rules are general, not fitted to the sample."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.run import run_corpus
from pipeline.store.parquet import read_table

FOLDER = Path(__file__).parents[1] / "fixtures" / "themes"


@pytest.fixture(scope="module")
def tagged(tmp_path_factory):
    out = tmp_path_factory.mktemp("aoba")
    run_corpus(FOLDER, out)
    turns = read_table(out, "turns").sort_values("seq")
    tags = read_table(out, "turn_themes")
    by_turn = {
        tid: {(r.theme, r.method) for r in g.itertuples()} for tid, g in tags.groupby("turn_id")
    }
    return [(t.text, by_turn.get(t.turn_id, set())) for t in turns.itertuples()], read_table(
        out, "documents"
    )


EXPECTED = [
    # opening: the ordinance's name and 会議録署名委員 are not evidence
    ("ただいまから総務常任委員会", set()),
    ("ご説明いたします。昨年度の開示請求", {("disclosure", "lexicon")}),
    ("説明が終わりました", set()),
    # a coronavirus is not malware
    ("新型コロナウイルス感染症", set()),
    ("来庁者は減少", set()),
    ("先月、庁内ネットワークへの不正アクセス", {("security", "lexicon")}),
    ("現在、調査中でございます", {("security", "context")}),
    ("住民の個人情報が外部に流出", {("pii", "lexicon")}),
    ("ございません", {("pii", "context")}),
    # people moving away are not a leak
    ("人口流出対策", set()),
    ("企画課と連携", set()),
    ("ほかに質疑は", set()),
    ("「なし」と呼ぶ者あり", set()),
    ("以上で本日の委員会", set()),
]


def test_cp932_committee_minutes_are_read(tagged):
    _, documents = tagged
    assert documents["encoding"].tolist() == ["cp932"]


def test_each_turn_gets_the_themes_a_reader_would_give(tagged):
    turns, _ = tagged
    assert len(turns) == len(EXPECTED)
    for (text, got), (head, want) in zip(turns, EXPECTED, strict=True):
        assert text.lstrip("〔").startswith(head), (text, head)
        assert got == want, text
