"""Sentence splitting around quotes, brackets and line breaks."""

from __future__ import annotations

from itertools import pairwise

import pytest

from pipeline.language.sentences import split_sentences


def sents(text):
    return [text[s:e] for s, e in split_sentences(text)]


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("開会します。議事に入ります。", ["開会します。", "議事に入ります。"]),
        ("本当ですか？はい！", ["本当ですか？", "はい！"]),
        ("本当ですか?はい!", ["本当ですか?", "はい!"]),
        ("え！？そうですか。", ["え！？", "そうですか。"]),
        (
            "「漏えいはない。」と答えた。次に移ります。",
            ["「漏えいはない。」と答えた。", "次に移ります。"],
        ),
        (
            "彼は「確認します。承知しました。」と述べた。",
            ["彼は「確認します。承知しました。」と述べた。"],
        ),
        ("『資料。』を配布。", ["『資料。』を配布。"]),
        ("質問です。「了解です。」", ["質問です。", "「了解です。」"]),
        (
            "（「異議なし」と呼ぶ者あり。）以上です。",
            ["（「異議なし」と呼ぶ者あり。）", "以上です。"],
        ),
        ("条例（第5条。第2項）による。", ["条例（第5条。第2項）による。"]),
        (
            "出席者が委員の過半数を超えています\nので、会議は成立しました。",
            ["出席者が委員の過半数を超えています\nので、会議は成立しました。"],
        ),
        ("～あいさつ～\n本日はよろしく", ["～あいさつ～", "本日はよろしく"]),
        ("終わりに句点がない", ["終わりに句点がない"]),
        ("  ", []),
        ("閉じない括弧（注意。" + "あ" * 400 + "。次。", None),
    ],
)
def test_sentences(text, want):
    got = sents(text)
    if want is None:  # an unclosed bracket stops counting: later sentences still split
        assert got[-1] == "次。"
    else:
        assert got == want


def test_spans_are_trimmed_and_ordered():
    text = "  一つ目。  二つ目。\n\n三つ目 "
    spans = split_sentences(text)
    assert [text[s:e] for s, e in spans] == ["一つ目。", "二つ目。", "三つ目"]
    assert all(a[1] <= b[0] for a, b in pairwise(spans))
