"""The tables match their schemas and answer real pandas and DuckDB queries."""

from __future__ import annotations

import duckdb
import pandas as pd
import pyarrow.parquet as pq

from pipeline.store.schema import TABLES


def test_every_table_has_its_schema(processed):
    for name, schema in TABLES.items():
        table = pq.read_table(processed / name)
        assert table.schema.remove_metadata().equals(schema), name


def test_date_is_a_date_type_and_source_slices_back(processed):
    meetings = pd.read_parquet(processed / "meetings")
    assert str(pq.read_table(processed / "meetings").schema.field("date").type) == "date32[day]"
    sources = pd.read_parquet(processed / "sources").set_index("doc_id")["text"]
    turns = pd.read_parquet(processed / "turns")
    for _, t in turns.iterrows():
        src = sources[t["doc_id"]]
        if pd.notna(t["label_start"]):
            assert src[int(t["label_start"]) : int(t["label_end"])] == t["speaker_label"]
    assert len(meetings) == 2


def test_duckdb_query_over_parquet(processed, gold_turns):
    con = duckdb.connect()
    rows = con.execute(
        """
        SELECT m.body, t.role, count(*) AS turns
        FROM read_parquet(? || '/turns/*.parquet') t
        JOIN read_parquet(? || '/meetings/*.parquet') m USING (meeting_id)
        WHERE t.kind = 'speech' AND m.date >= DATE '2019-04-01'
        GROUP BY ALL ORDER BY turns DESC LIMIT 3
        """,
        [str(processed), str(processed)],
    ).fetchall()
    chair_turns = sum(1 for g in gold_turns if g["kind"] == "speech" and g["role"] == "chair")
    assert rows[0] == ("四街道市情報公開・個人情報保護審査会", "chair", chair_turns)


def test_roles_and_statuses_are_the_documented_vocabularies(processed, lexicon):
    from pipeline.store.schema import ROLES, STATUSES

    turns = pd.read_parquet(processed / "turns")
    people = pd.read_parquet(processed / "participants")
    assert set(turns["role"].dropna()) <= set(ROLES)
    assert set(people["role"]) <= set(ROLES)
    assert set(pd.read_parquet(processed / "documents")["status"]) <= set(STATUSES)
    assert {role for _, role in lexicon.role_suffixes} <= set(ROLES)


def test_head_command_limits_rows(processed):
    from click.testing import CliRunner

    from pipeline.cli import main

    result = CliRunner().invoke(
        main, ["head", "turns", "--data", str(processed), "--limit", "3", "--format", "json"]
    )
    assert result.exit_code == 0 and len(__import__("json").loads(result.output)) == 3
    sources = CliRunner().invoke(main, ["head", "sources", "--data", str(processed)])
    assert "n_chars" in sources.output and "酒井会長" not in sources.output
