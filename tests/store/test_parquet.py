"""TableWriter: row groups, and token columns handed over as Arrow dictionaries."""

from __future__ import annotations

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from pipeline.store.parquet import TableWriter, table_file, table_metadata, to_table
from pipeline.store.schema import TABLES, dictionary_schema


def token_rows(turn: str, words: list[tuple[str, str]]) -> pa.Table:
    return to_table(
        "tokens",
        [
            {
                "turn_id": turn,
                "sent_idx": 0,
                "tok_idx": i,
                "surface": surface,
                "lemma": surface,
                "norm": surface,
                "pos": pos,
                "pos1": pos.split("-")[0],
                "is_unknown": False,
                "char_start": i,
                "char_end": i + len(surface),
            }
            for i, (surface, pos) in enumerate(words)
        ],
    )


FIRST = token_rows("a" * 16 + "-1", [("漏えい", "名詞-普通名詞-サ変可能"), ("が", "助詞-格助詞")])
SECOND = token_rows("b" * 16 + "-1", [("暗号化", "名詞-普通名詞-サ変可能"), ("は", "助詞-係助詞")])


def as_dictionaries(table: pa.Table) -> pa.Table:
    return table.cast(dictionary_schema("tokens"))


@pytest.mark.parametrize(
    "first, second",
    [(as_dictionaries(FIRST), SECOND), (FIRST, as_dictionaries(SECOND))],
    ids=["dictionaries-first", "plain-first"],
)
def test_dictionary_and_plain_rows_read_back_as_the_schema(tmp_path, first, second):
    with TableWriter(tmp_path, ["tokens"], metadata={"kaigiroku.build": "x"}) as writer:
        writer.write("tokens", first)
        writer.write("tokens", second)
        writer.commit()
    path = table_file(tmp_path, "tokens")
    assert pq.read_schema(path).remove_metadata().equals(TABLES["tokens"])
    back = pq.read_table(path).replace_schema_metadata(None)
    assert back.equals(pa.concat_tables([FIRST, SECOND]).replace_schema_metadata(None))
    assert table_metadata(tmp_path, "tokens") == {
        "kaigiroku.schema_version": "1",
        "kaigiroku.table": "tokens",
        "kaigiroku.build": "x",
    }


def test_rows_of_another_shape_are_refused(tmp_path):
    with TableWriter(tmp_path, ["tokens"]) as writer, pytest.raises(ValueError, match="tokens"):
        writer.write("tokens", FIRST.drop_columns(["gloss"]))


def test_a_table_gaining_few_rows_per_write_is_flushed_every_few_writes(tmp_path):
    """The documents and meetings tables gain a row or so per document: counting rows alone,
    they would wait in memory for most of a run."""
    rows = [{"turn_id": "t", "topic_id": 0}] * 2
    with TableWriter(tmp_path, ["turn_topics"], row_group_writes=3) as writer:
        for _ in range(7):
            writer.write("turn_topics", to_table("turn_topics", rows))
        writer.commit()
    meta = pq.ParquetFile(table_file(tmp_path, "turn_topics")).metadata
    assert [meta.row_group(i).num_rows for i in range(meta.num_row_groups)] == [6, 6, 2]


def test_a_row_group_takes_whole_tables_up_to_the_limit(tmp_path):
    rows = [{"turn_id": f"t{i}", "topic_id": i} for i in range(6)]
    with TableWriter(tmp_path, ["turn_topics"], row_group_rows=10) as writer:
        writer.write("turn_topics", to_table("turn_topics", rows))
        writer.write("turn_topics", to_table("turn_topics", rows))  # 12 > 10: a new group
        writer.write("turn_topics", to_table("turn_topics", rows[:4]))  # 10: fills it
        writer.commit()
    meta = pq.ParquetFile(table_file(tmp_path, "turn_topics")).metadata
    assert [meta.row_group(i).num_rows for i in range(meta.num_row_groups)] == [6, 10]
