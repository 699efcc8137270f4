"""The tagger against the gold annotations of the sample minutes, and the evaluate command."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from pipeline.cli import main
from pipeline.evaluate import GoldTurn, align, evaluate, load_gold
from pipeline.store.parquet import read_table


@pytest.fixture(scope="module")
def result(processed, gold_path):
    return evaluate(processed, gold_path)


def test_theme_f1_on_the_sample(result):
    f1 = result.themes.set_index("theme")["f1"]
    assert set(f1.index) == {"security", "disclosure", "pii"}
    assert result.macro_f1 >= 0.85
    assert f1.min() >= 0.75, f1.to_dict()


def test_counts_add_up_and_ambiguous_turns_are_left_out(result, gold_turns):
    for row in result.themes.itertuples():
        positives = sum(row.theme in g["themes"] for g in gold_turns)
        assert row.support == positives == row.tp + row.fn
        assert 0 <= row.precision <= 1 and 0 <= row.recall <= 1


def test_segmentation_agrees_with_gold(result):
    seg = result.segmentation
    assert seg["gold_turns"] == seg["stored_turns"] == seg["matched"] == 111
    assert seg["f1"] == 1.0 and seg["label_agreement"] == 1.0
    assert seg["role_agreement"] >= 0.99  # ワザサーバー: gold "observer", ours "unknown"


def test_the_gold_meeting_is_found_among_several(processed, sample_path, result):
    # the processed corpus also holds the fictional minutes; the best match wins
    docs = read_table(processed, "documents")
    assert len(docs) == 2
    sample_doc = docs.loc[docs["source_path"] == sample_path.name, "doc_id"].item()
    assert result.meeting_id.startswith(sample_doc)


def test_alignment_survives_a_missing_and_an_extra_turn():
    gold = [
        GoldTurn(i, "speech", None, None, None, head, frozenset(), frozenset())
        for i, head in enumerate(["開会します", "異議なし", "次に移ります"])
    ]
    assert align(gold, ["開会します。", "（休憩）", "次に 移ります。"]) == [0, None, 2]


def test_bad_gold_lines_are_reported(tmp_path):
    path = tmp_path / "gold.jsonl"
    path.write_text('{"i": 0, "text_head": "a"}\n{"i": 1}\n', encoding="utf-8")
    with pytest.raises(ValueError, match=":2: not a gold turn"):
        load_gold(path)


def test_evaluate_command(processed, gold_path):
    out = CliRunner().invoke(main, ["evaluate", "--gold", str(gold_path), "--data", str(processed)])
    assert out.exit_code == 0, out.output
    assert "macro-F1" in out.output and "turn segmentation" in out.output
    as_json = CliRunner().invoke(
        main, ["evaluate", "--gold", str(gold_path), "--data", str(processed), "--format", "json"]
    )
    payload = json.loads(as_json.output)
    assert payload["segmentation"]["matched"] == 111
    assert {t["theme"] for t in payload["themes"]} == {"security", "disclosure", "pii"}


def test_evaluate_with_another_taxonomy_retags_first(processed, gold_path, tmp_path):
    narrow = tmp_path / "narrow.toml"
    narrow.write_text("[themes.security]\nterms = ['ウイルス']\n", encoding="utf-8")
    out = CliRunner().invoke(
        main,
        [
            "evaluate",
            "--gold",
            str(gold_path),
            "--data",
            str(processed),
            "--taxonomy",
            str(narrow),
            "--format",
            "json",
        ],
    )
    assert out.exit_code == 0, out.output
    security = {t["theme"]: t for t in json.loads(out.output)["themes"]}["security"]
    # only the virus turns are found now: recall drops, precision stays perfect
    assert 0 < security["recall"] < 0.5 and security["precision"] == 1.0
    assert {t["theme"]: t for t in json.loads(out.output)["themes"]}["pii"]["tp"] == 0


def test_evaluate_without_tables_says_so(tmp_path, gold_path):
    out = CliRunner().invoke(main, ["evaluate", "--gold", str(gold_path), "--data", str(tmp_path)])
    assert out.exit_code == 1 and "run `kaigiroku run` first" in out.output
