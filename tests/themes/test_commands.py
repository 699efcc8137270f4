"""Themes in the run, in `kaigiroku show`, and re-tagging with `kaigiroku tag`."""

from __future__ import annotations

import shutil
from pathlib import Path

from click.testing import CliRunner

from pipeline.cli import main
from pipeline.store.parquet import read_table

BUDGET = Path(__file__).parents[1] / "fixtures" / "budget_taxonomy.toml"


def test_run_writes_turn_themes_with_valid_evidence(processed):
    tags = read_table(processed, "turn_themes")
    turns = read_table(processed, "turns").set_index("turn_id")
    assert set(tags["method"]) == {"lexicon", "context"}
    assert set(tags["theme"]) == {"security", "disclosure", "pii"}
    assert (turns.loc[tags["turn_id"], "kind"] == "speech").all()
    assert (turns.loc[tags["turn_id"], "meeting_id"].values == tags["meeting_id"].values).all()
    lexicon = tags[tags["method"] == "lexicon"]
    assert (lexicon["score"] >= 0.5).all()
    for row in lexicon.itertuples():
        assert len(row.evidence)
        for e in row.evidence:
            assert turns.loc[row.turn_id, "text"][e["char_start"] : e["char_end"]] == e["term"]
    context = tags[tags["method"] == "context"]
    assert len(context) and context["context_turn_id"].notna().all()
    assert all(len(e) == 0 for e in context["evidence"])
    assert set(context["context_turn_id"]) <= set(lexicon["turn_id"])


def test_fictional_board_is_tagged_too(processed):
    docs = read_table(processed, "documents")
    fictional = docs.loc[docs["source_path"] == "sakuragaoka.txt", "doc_id"].item()
    tags = read_table(processed, "turn_themes")
    assert tags["turn_id"].str.startswith(fictional).any()


def test_show_marks_themes(processed, sample_path):
    docs = read_table(processed, "documents")
    meeting = docs.loc[docs["source_path"] == sample_path.name, "doc_id"].item() + "-0"
    out = CliRunner().invoke(main, ["show", meeting, "--data", str(processed)])
    assert out.exit_code == 0, out.output
    assert "《security" in out.output and "context" in out.output
    tags = read_table(processed, "turn_themes", [("meeting_id", "==", meeting)])
    marked = [line for line in out.output.splitlines() if "《" in line]
    assert len(marked) == tags["turn_id"].nunique()


def test_tag_command_retags_without_rerunning(processed, tmp_path):
    data = tmp_path / "copy"
    shutil.copytree(processed, data)
    tokens_before = (data / "tokens" / "part-0.parquet").stat().st_mtime_ns
    out = CliRunner().invoke(main, ["tag", "--data", str(data), "--taxonomy", str(BUDGET)])
    assert out.exit_code == 0, out.output
    tags = read_table(data, "turn_themes")
    assert set(tags["theme"]) == {"budget"}
    assert (data / "tokens" / "part-0.parquet").stat().st_mtime_ns == tokens_before
    # and back to the built-in taxonomy: the same rows as the run wrote
    CliRunner().invoke(main, ["tag", "--data", str(data)])
    again = read_table(data, "turn_themes")
    original = read_table(processed, "turn_themes")
    assert again[["turn_id", "theme", "subtheme", "method"]].equals(
        original[["turn_id", "theme", "subtheme", "method"]]
    )


def test_bad_taxonomy_is_a_clean_error(tmp_path, sample_path):
    bad = tmp_path / "bad.toml"
    bad.write_text("[scoring]\n", encoding="utf-8")
    out = CliRunner().invoke(
        main, ["run", str(sample_path), "--out", str(tmp_path), "--taxonomy", str(bad)]
    )
    assert out.exit_code == 1
    assert "no [themes" in out.output and "Traceback" not in out.output
