"""The registered fugashi tokenizer, config loading, Doc attributes and the Parquet round trip."""

from __future__ import annotations

import pandas as pd
import pytest
import spacy
from spacy.tokens import Doc, Token

from pipeline.language import spacy_ja


@pytest.fixture(autouse=True)
def fresh_extensions():
    """Extension attributes are global state: start every test from ours."""
    spacy_ja.set_extensions(force=True)
    yield


@pytest.fixture(scope="module")
def nlp():
    return spacy_ja.load()


def test_tokenizer_is_registered_and_chosen_by_config(nlp):
    assert spacy_ja.TOKENIZER_NAME in spacy.registry.tokenizers
    assert isinstance(nlp.tokenizer, spacy_ja.FugashiTokenizer)
    assert nlp.config["nlp"]["tokenizer"]["@tokenizers"] == "kaigiroku.fugashi_tokenizer.v1"
    config = spacy.util.load_config_from_str(spacy_ja.CONFIG)
    config["nlp"]["tokenizer"]["split_sentences"] = False
    other = spacy.blank("ja", config=config)
    assert other.tokenizer.split_sentences is False


def test_token_attributes(nlp):
    doc = nlp("個人情報が漏えいした。サーバの暗号化を確認します。")
    by_text = {t.text: t for t in doc}
    leak = by_text["漏えい"]
    assert (leak.lemma_, leak.tag_, leak.norm_) == ("漏洩", "名詞-普通名詞-サ変可能", "漏えい")
    assert leak.morph.get("Reading") == ["ロウエイ"]
    assert by_text["サーバ"].norm_ == "サーバー" and by_text["サーバ"]._.gloss == "server"
    assert by_text["し"].morph.get("Inflection") == ["サ行変格;連用形-一般"]
    assert by_text["個人"].pos_ == "NOUN" and by_text["。"].pos_ == "PUNCT"
    assert [s.text for s in doc.sents] == ["個人情報が漏えいした。", "サーバの暗号化を確認します。"]


def test_doc_text_is_exactly_the_input(nlp):
    text = "  冒頭\n\n改行　全角 半角  二つ。「引用。」です"
    doc = nlp(text)
    assert doc.text == text
    assert all(text[t.idx : t.idx + len(t.text)] == t.text for t in doc)


def test_pipe_many_texts(nlp):
    texts = [f"第{i}回の審査会です。" for i in range(50)]
    docs = list(nlp.pipe(texts))
    assert [d.text for d in docs] == texts


def test_tokenizer_pipe_batches_equal_one_by_one(nlp):
    texts = ["個人情報が漏えいした。", "", "ＳＳＬで暗号化。\n「はい。」", "サーバー"] * 3
    one_by_one = [nlp.tokenizer(t) for t in texts]
    batched = list(nlp.tokenizer.pipe(texts, batch_size=5))
    assert len(batched) == len(texts)
    for a, b in zip(one_by_one, batched, strict=True):
        assert a.to_json() == b.to_json()
        assert [t.is_sent_start for t in a] == [t.is_sent_start for t in b]


def test_tokenizer_settings_serialise(nlp, tmp_path):
    nlp.tokenizer.split_sentences = False
    data = nlp.tokenizer.to_bytes()
    nlp.tokenizer.split_sentences = True
    nlp.tokenizer.from_bytes(data)
    assert nlp.tokenizer.split_sentences is False
    nlp.tokenizer.to_disk(tmp_path / "tok")
    nlp.tokenizer.split_sentences = True
    nlp.tokenizer.from_disk(tmp_path / "tok")
    assert nlp.tokenizer.split_sentences is False
    nlp.tokenizer.split_sentences = True


def test_stored_turn_round_trips_to_an_equal_doc(processed, nlp):
    turns = pd.read_parquet(processed / "turns")
    row = turns[turns["speaker_label"] == "梶中委員"].iloc[0]
    doc = spacy_ja.turn_doc(processed, row["turn_id"], nlp)
    fresh = nlp(row["text"])
    assert doc.text == row["text"]
    assert doc._.turn_id == row["turn_id"] and doc._.meeting_id == row["meeting_id"]
    assert [
        (t.text, t.lemma_, t.tag_, t.pos_, t.norm_, str(t.morph), t.is_sent_start) for t in doc
    ] == [(t.text, t.lemma_, t.tag_, t.pos_, t.norm_, str(t.morph), t.is_sent_start) for t in fresh]
    assert len(list(doc.sents)) == row["n_sentences"]


def test_turn_docs_for_a_whole_meeting(processed, nlp):
    turns = pd.read_parquet(processed / "turns")
    ids = list(turns["turn_id"][:20])
    docs = list(spacy_ja.turn_docs(processed, ids, nlp))
    assert [d._.turn_id for d in docs] == ids
    tokens = pd.read_parquet(processed / "tokens")
    for doc in docs:
        stored = tokens[tokens["turn_id"] == doc._.turn_id].sort_values("tok_idx")
        # tokens that came from stored rows carry orth_base; gap tokens for white space do not
        assert [t.text for t in doc if t._.orth_base is not None] == list(stored["surface"])


def test_extensions_are_declared_once():
    assert Doc.has_extension("turn_id") and Token.has_extension("gloss")
