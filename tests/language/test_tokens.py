"""UniDic tokens: lemmas, POS, glosses, norms and offsets, on the sample minutes."""

from __future__ import annotations

import pytest

from pipeline.language.analyzer import analyze, split_gloss
from pipeline.language.normalize import norm


def _find(cols, surface):
    return next(i for i, s in enumerate(cols.surface) if s == surface)


@pytest.mark.parametrize(
    ("sentence", "surface", "lemma", "pos"),
    [
        (
            "個人情報漏えいした場合に、損害賠償責任が発生します",
            "漏えい",
            "漏洩",
            "名詞-普通名詞-サ変可能",
        ),
        ("SSLにより暗号化とのことですが", "暗号", "暗号", "名詞-普通名詞-一般"),
        ("SSLにより暗号化とのことですが", "化", "化", "接尾辞-名詞的-サ変可能"),
        ("マイナンバーカードが盗難にあった場合に", "カード", "カード", "名詞-普通名詞-一般"),
        ("マイナンバーカードが盗難にあった場合に", "あっ", "有る", "動詞-非自立可能"),
        ("バックアップはしております。", "バックアップ", "バックアップ", "名詞-普通名詞-サ変可能"),
        ("データセンターの場所も確認しておいて下さい。", "確認", "確認", "名詞-普通名詞-サ変可能"),
    ],
)
def test_lemmas_and_pos_of_known_words(sample_text, sentence, surface, lemma, pos):
    assert sentence in sample_text  # the cases come from the sample minutes
    cols = analyze(sentence)
    i = _find(cols, surface)
    assert (cols.lemma[i], cols.pos[i], cols.pos1[i]) == (lemma, pos, pos.split("-")[0])


def test_inflection_reading_pronunciation_goshu():
    cols = analyze("盗難にあった")
    i = _find(cols, "あっ")
    assert (cols.ctype[i], cols.cform[i]) == ("五段-ラ行", "連用形-促音便")
    j = _find(cols, "盗難")
    assert (cols.reading[j], cols.pron[j], cols.goshu[j]) == ("トウナン", "トーナン", "漢")
    assert cols.ctype[j] is None and cols.cform[j] is None


@pytest.mark.parametrize(
    ("lemma", "want"),
    [
        ("コンビニ-convenience", ("コンビニ", "convenience")),
        ("サーバー-server", ("サーバー", "server")),
        ("ペネトレーション-penetration", ("ペネトレーション", "penetration")),
        ("漏洩", ("漏洩", None)),
        ("J-LIS", ("J-LIS", None)),
    ],
)
def test_gloss_split(lemma, want):
    assert split_gloss(lemma) == want


def test_glosses_in_the_token_columns():
    cols = analyze("コンビニ交付サービス")
    assert (cols.lemma[0], cols.gloss[0]) == ("コンビニ", "convenience")
    assert ("サービス", "service") in list(zip(cols.lemma, cols.gloss, strict=True))


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("漏洩", "漏えい"),
        ("サーバ", "サーバー"),
        ("ウィルス", "ウイルス"),
        ("セキュリティー", "セキュリティ"),
        ("ＳＳＬ", "ssl"),
        ("ﾊﾞｯｸｱｯﾌﾟ", "バックアップ"),
    ],
)
def test_variant_spellings_share_a_norm(a, b):
    assert norm(a) == norm(b)


def test_inflected_and_variant_forms_match_on_norm():
    leaked = analyze("情報が漏洩した")
    leaked2 = analyze("情報が漏えいしていた")
    assert norm("漏えい") in leaked.norm and norm("漏えい") in leaked2.norm
    assert "する" in leaked2.norm  # し -> する


@pytest.mark.parametrize(
    "text",
    [
        "事務局：ただ今より、令和元年度第2回四街道市情報公開・個人情報保護審査会を開催いたします。",
        "  先頭に空白、\n改行\u3000全角空白 と  二つの空白\tタブ",
        "ｘｙｚ ﾃｽﾄ ㈱①～ 😀 emoji",
        "",
    ],
)
def test_offsets_slice_back_to_the_surface(text):
    cols = analyze(text)
    for s, start, end in zip(cols.surface, cols.char_start, cols.char_end, strict=True):
        assert text[start:end] == s
    assert all(a <= b for a, b in zip(cols.char_end, cols.char_start[1:], strict=False))


def test_unknown_words_are_flagged():
    cols = analyze("コンビニでワザサーバーズン")
    assert cols.is_unknown[cols.surface.index("ワザサーバーズン")] is True
    assert cols.is_unknown[0] is False


def test_same_tokens_as_fugashi_nodes(sample_text):
    """The column format is only an access path: same tokens and fields as fugashi's nodes."""
    from pipeline.unidic import tagger

    cols = analyze(sample_text)
    nodes = tagger()(sample_text)
    assert cols.surface == [n.surface for n in nodes]
    # unknown words: fugashi has no lemma, the column repeats the surface
    assert cols.lemma == [split_gloss(n.feature.lemma or n.surface)[0] for n in nodes]
    assert cols.is_unknown == [n.is_unk for n in nodes]
    assert all(
        sample_text[s:e] == w
        for w, s, e in zip(cols.surface, cols.char_start, cols.char_end, strict=True)
    )


def test_mecab_c_api_output_is_fugashis(sample_text):
    """The key parser calls MeCab's C API for bytes; fugashi's parse gives the same lines."""
    import sys

    from pipeline.language.analyzer import KeyParser

    direct, through_fugashi = KeyParser(), KeyParser(use_c_api=False)
    assert direct.uses_c_api or sys.platform == "win32"
    lines = sample_text.splitlines()
    for text in [*lines, sample_text.replace("\n", " "), "", " ", "a\u3000b"]:
        assert direct(text) == through_fugashi(text)
    assert direct("漏えい。").count(b"\n") == 2


def test_threads_share_the_key_parser_safely(sample_text):
    """A MeCab tagger is not thread-safe: Dask's worker threads and a web server's share the
    process's one, so each call must finish before the next starts (as fugashi's do)."""
    from concurrent.futures import ThreadPoolExecutor

    from pipeline.language.analyzer import key_parser

    texts = [line for line in sample_text.splitlines() if len(line) > 20][:40] * 4
    alone = list(map(key_parser(), texts))
    with ThreadPoolExecutor(4) as pool:
        shared = list(pool.map(key_parser(), texts))
    assert shared == alone


def test_entries_learnt_from_short_keys_match_fugashi():
    """Keys first seen in one text of a batch, then met again in other texts and contexts,
    name the same UniDic entry fugashi reports there (い縮 is both 畏縮 and 萎縮 in UniDic,
    with identical ids and cost; MeCab always picks the same one)."""
    from pipeline.language.analyzer import analyze_many
    from pipeline.unidic import tagger

    texts = [
        "彼はい縮した。",
        "委員がい縮していたと聞く",
        "萎縮した。い縮",
        "ウスラサムイ朝に薄ら寒い",
    ]
    analysed = analyze_many(texts) + analyze_many(texts[::-1])[::-1]
    for cols, text in zip(analysed, texts * 2, strict=True):
        nodes = tagger()(text)
        assert cols.surface == [n.surface for n in nodes]
        assert cols.lemma == [split_gloss(n.feature.lemma or n.surface)[0] for n in nodes]
        assert cols.reading == [n.feature.kana or None for n in nodes]


def test_known_keys_need_no_second_parse(monkeypatch):
    from pipeline.language import analyzer

    text = "本件の開示請求について、個人情報の漏えいはなかったと答弁した。"
    first = analyze(text).to_columns()
    features, parsed = analyzer.feature_tagger(), []

    class Recording:
        def parse(self, text):
            parsed.append(text)
            return features.parse(text)

    monkeypatch.setattr(analyzer, "feature_tagger", Recording)
    assert analyze(text).to_columns() == first
    assert parsed == []
    analyze("ゾウリムシとミジンコの観察記録")  # words this process has not met yet
    assert parsed == ["ゾウリムシとミジンコの観察記録"]


def test_entry_arrays_grow_with_the_entry_table():
    import pyarrow as pa

    from pipeline.language.analyzer import EntryTable

    table = EntryTable()
    table.learn(["* ピヨ"], ["*ピヨ"])
    first = table.array("lemma", pa.string())
    assert first.to_pylist() == ["ピヨ"]
    assert table.array("lemma", pa.string()) is first  # no new entries: the same array
    table.learn(["* ポヨ", "* ピヨ"], ["*ポヨ", "*ピヨ"])
    assert table.array("lemma", pa.string()).to_pylist() == ["ピヨ", "ポヨ"]
    assert table.array("is_unknown", pa.bool_()).to_pylist() == [True, True]
