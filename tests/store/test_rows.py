"""Sentence and token batches: the Arrow tables the run writes, checked against the analyses."""

from __future__ import annotations

import pyarrow as pa
import pyarrow.parquet as pq

from pipeline.language.analyzer import COLUMNS
from pipeline.language.layer import analyze_turns
from pipeline.store.parquet import TableWriter, read_table, table_file, to_table
from pipeline.store.rows import SentenceBatch, TokenBatch, add_language_rows
from pipeline.store.schema import DICTIONARY_COLUMNS, TABLES, dictionary_schema

# Two analyses, so a batch holds turns of both: loanwords with glosses, conjugated verbs
# (cform/ctype set) next to nouns (null), unknown words (no reading), a quote and a line break.
FIRST = ["ＳＳＬで暗号化されていないサーバーがあった。", "", "「漏えいは？」と聞いた。\n以上"]
SECOND = ["クラウドのバックアップを確認します。", "ｘｑｚｑｘ　ＡＢＣＤＥＦ"]


def _batches() -> tuple[dict, list[tuple[str, str, object]]]:
    tables = {"sentences": SentenceBatch(), "tokens": TokenBatch()}
    turns = []
    for name, texts in (("a", FIRST), ("b", SECOND)):
        for i, (text, lang) in enumerate(zip(texts, analyze_turns(texts), strict=True)):
            turns.append((f"{name}{i}", text, lang))
            add_language_rows(tables, f"{name}{i}", text, lang)
    return tables, turns


def test_token_table_equals_each_turns_token_columns():
    tables, turns = _batches()
    table = to_table("tokens", tables["tokens"])
    assert table.schema.equals(dictionary_schema("tokens"), check_metadata=False)
    rows = table.cast(TABLES["tokens"]).to_pylist()
    want = []
    for tid, _, lang in turns:
        columns = lang.tokens.to_columns(COLUMNS)
        for k in range(len(lang.tokens)):
            row = {name: columns[name][k] for name in COLUMNS}
            row |= {"turn_id": tid, "tok_idx": k, "sent_idx": int(lang.sent_idx[k])}
            want.append(row)
    assert len(rows) == len(want) > 20
    assert [{k: r[k] for k in w} for r, w in zip(rows, want, strict=True)] == want
    # A missing value is a null, never an empty string standing in for one.
    assert any(r["cform"] is None for r in rows) and any(r["cform"] for r in rows)
    assert any(r["gloss"] for r in rows) and "" not in {r["gloss"] for r in rows}
    assert any(r["is_unknown"] and r["reading"] is None for r in rows)


def test_dictionaries_hold_only_what_the_batch_uses():
    tables, turns = _batches()
    table = to_table("tokens", tables["tokens"])
    used = {lemma for _, _, lang in turns for lemma in lang.tokens.lemma}
    assert set(table.column("lemma").chunk(0).dictionary.to_pylist()) == used


def test_sentence_table_slices_back_to_each_turn():
    tables, turns = _batches()
    table = to_table("sentences", tables["sentences"])
    assert table.schema.equals(TABLES["sentences"], check_metadata=False)
    texts = {tid: text for tid, text, _ in turns}
    rows = table.to_pylist()
    assert [(r["turn_id"], r["sent_idx"]) for r in rows] == [
        (tid, i) for tid, _, lang in turns for i in range(len(lang.sentences))
    ]
    for r in rows:
        assert texts[r["turn_id"]][r["char_start"] : r["char_end"]] == r["text"]
    assert [r["text"] for r in rows if r["turn_id"] == "a2"] == ["「漏えいは？」と聞いた。", "以上"]


def test_written_tokens_read_back_as_plain_strings(tmp_path):
    tables, _ = _batches()
    table = to_table("tokens", tables["tokens"])
    with TableWriter(tmp_path, ["tokens"]) as writer:
        writer.write("tokens", table)
        writer.write("tokens", table)  # a second piece: the row group unifies dictionaries
        writer.commit()
    back = pa.Table.from_pandas(read_table(tmp_path, "tokens"), preserve_index=False)
    plain = table.cast(TABLES["tokens"])
    assert back.cast(TABLES["tokens"]).equals(pa.concat_tables([plain, plain]))


def test_token_dictionaries_are_distinct_values_and_stay_dictionaries_in_parquet(tmp_path):
    # Entries share lemmas and POS, batches share surfaces; Parquet writes a dictionary with
    # repeated values as plain strings, slower to write and to read back.
    tables, _ = _batches()
    table = to_table("tokens", tables["tokens"])
    for name in DICTIONARY_COLUMNS["tokens"]:
        dictionary = table.column(name).chunk(0).dictionary
        assert len(dictionary) == len(set(dictionary.to_pylist())), name
    with TableWriter(tmp_path, ["tokens"]) as writer:
        writer.write("tokens", table)  # one piece: written with its own dictionaries
        writer.commit()
    group = pq.ParquetFile(table_file(tmp_path, "tokens")).metadata.row_group(0)
    encodings = {
        group.column(i).path_in_schema: group.column(i).encodings for i in range(group.num_columns)
    }
    for name in DICTIONARY_COLUMNS["tokens"]:  # RLE_DICTIONARY (PLAIN_DICTIONARY in format 1)
        assert any(e.endswith("_DICTIONARY") for e in encodings[name]), name
