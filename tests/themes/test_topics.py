"""Topic discovery over the stored tables and the topics command."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from pipeline.cli import main
from pipeline.store.parquet import read_table
from pipeline.themes.topics import TopicModel
from pipeline.topics import discover_topics


def test_topic_tables(processed):
    topics = read_table(processed, "topics")
    shares = read_table(processed, "turn_topics")
    turns = read_table(processed, "turns").set_index("turn_id")
    assert len(topics) == 8
    assert all(len(t) == 10 for t in topics["terms"])
    assert all(list(w) == sorted(w, reverse=True) for w in topics["weights"])
    assert set(shares["turn_id"]) <= set(turns.index)
    assert (turns.loc[shares["turn_id"], "kind"] == "speech").all()
    assert shares["share"].between(0.2, 1.0).all()
    assert shares.groupby("turn_id")["share"].sum().le(1.0001).all()
    # the sample's security discussion shows up as a topic of its own
    assert any({"データセンター", "サーバー"} <= set(t) for t in topics["terms"])


def test_lda_and_no_write(processed):
    before = read_table(processed, "topics")
    result = discover_topics(processed, TopicModel(n_topics=3, method="lda"), write=False)
    assert len(result.topics) == 3 and set(result.topics["method"]) == {"lda"}
    assert read_table(processed, "topics").equals(before)


def test_topics_command(processed, tmp_path):
    import shutil

    data = tmp_path / "copy"
    shutil.copytree(processed, data)
    out = CliRunner().invoke(
        main, ["topics", "--data", str(data), "--n-topics", "4", "--format", "csv"]
    )
    assert out.exit_code == 0, out.output
    assert out.output.splitlines()[0] == "topic_id,n_turns,terms"
    assert len(read_table(data, "topics")) == 4


def test_too_little_text_is_a_clear_error(tmp_path, sample_path):
    from pipeline.run import run_corpus

    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "tiny.txt").write_text(
        "令和2年5月1日\n○委員長　開会します。\n○山田委員　はい。\n", encoding="utf-8"
    )
    run_corpus(raw, tmp_path / "out")
    with pytest.raises(ValueError, match="too few for topics"):
        discover_topics(tmp_path / "out")
