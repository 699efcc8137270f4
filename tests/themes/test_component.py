"""The theme tagger as a spaCy pipeline component chosen through config."""

from __future__ import annotations

from pathlib import Path

from pipeline.language.spacy_ja import load
from pipeline.registrations import populate_spacy_components

BUDGET = Path(__file__).parents[1] / "fixtures" / "budget_taxonomy.toml"


def test_component_sets_doc_themes_with_the_configured_taxonomy():
    populate_spacy_components()
    nlp = load()
    nlp.add_pipe("kaigiroku_themes")
    doc = nlp("サーバの暗号化とバックアップを確認しました。")
    assert {t.theme for t in doc._.themes} == {"security"}
    custom = load()
    custom.add_pipe("kaigiroku_themes", config={"taxonomy": str(BUDGET)})
    assert custom.pipe_names == ["kaigiroku_themes"]
    docs = list(custom.pipe(["補正予算を計上します。", "サーバの暗号化を確認しました。"]))
    assert [{t.theme for t in d._.themes} for d in docs] == [{"budget"}, set()]
