"""The supervised theme model: trained from gold, cross-validated, saved, loaded, used in a run."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from pipeline.cli import main
from pipeline.evaluate import training_data
from pipeline.store.parquet import read_table
from pipeline.themes.model import ThemeModel


@pytest.fixture(scope="module")
def data(processed, gold_path):
    return training_data(processed, gold_path)


def test_training_data_covers_the_gold_speech_turns(data, gold_turns):
    docs, labels, ambiguous = data
    speech = [g for g in gold_turns if g["kind"] == "speech"]
    assert len(docs) == len(labels) == len(ambiguous) == len(speech)
    assert [set(g["themes"]) for g in speech] == labels
    assert any("暗号" in d or "暗号化" in " ".join(d) for d in docs)


def test_cross_validation_reports_every_theme(data):
    docs, labels, ambiguous = data
    scores = ThemeModel().cross_validate(docs, labels, ambiguous, folds=3)
    assert set(scores) == {"security", "disclosure", "pii"}
    for theme, s in scores.items():
        assert 0 <= s["precision"] <= 1 and 0 <= s["recall"] <= 1
        assert s["support"] == sum(
            theme in ls and theme not in amb for ls, amb in zip(labels, ambiguous, strict=True)
        )
        assert s["folds"] == 3


def test_save_load_round_trip(data, tmp_path):
    docs, labels, ambiguous = data
    model = ThemeModel().fit(docs, labels, ambiguous)
    path = tmp_path / "m.joblib"
    model.save(path)
    again = ThemeModel.load(path)
    assert again.predict(docs) == model.predict(docs)
    # it learnt something: the training turns about viruses are security
    virus = [i for i, d in enumerate(docs) if "ウイルス" in d]
    assert virus and all("security" in model.predict([docs[i]])[0] for i in virus)


def test_load_refuses_other_files(tmp_path):
    import joblib

    path = tmp_path / "other.joblib"
    joblib.dump({"something": 1}, path)
    with pytest.raises(ValueError, match="not a kaigiroku theme model"):
        ThemeModel.load(path)


def test_train_command_then_run_with_the_model(processed, gold_path, sample_path, tmp_path):
    model_path = tmp_path / "model.joblib"
    out = CliRunner().invoke(
        main,
        [
            "train",
            "--gold",
            str(gold_path),
            "--data",
            str(processed),
            "--out",
            str(model_path),
            "--folds",
            "3",
        ],
    )
    assert out.exit_code == 0, out.output
    assert "macro-F1" in out.output and model_path.exists()
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / sample_path.name).write_bytes(sample_path.read_bytes())
    run = CliRunner().invoke(
        main, ["run", str(raw), "--out", str(tmp_path / "out"), "--model", str(model_path), "-q"]
    )
    assert run.exit_code == 0, run.output
    tags = read_table(tmp_path / "out", "turn_themes")
    model_tags = tags[tags["method"] == "model"]
    assert len(model_tags) and model_tags["subtheme"].isna().all()
    assert (model_tags["score"] >= 0.5).all()
    turns = read_table(tmp_path / "out", "turns").set_index("turn_id")
    for row in model_tags.itertuples():
        text = turns.loc[row.turn_id, "text"]
        for e in row.evidence:
            assert text[e["char_start"] : e["char_end"]] == e["term"]
