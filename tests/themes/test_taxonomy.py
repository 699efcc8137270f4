"""The taxonomy file: built-in definitions, a user's own file, and clear errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.themes.tagger import ThemeTagger
from pipeline.themes.taxonomy import TaxonomyError, load_taxonomy

CUSTOM = Path(__file__).parents[1] / "fixtures" / "budget_taxonomy.toml"


def test_builtin_themes_have_definitions_and_subthemes():
    tax = load_taxonomy()
    assert tax.theme_names == ("security", "disclosure", "pii")
    for theme in tax.themes:
        assert theme.definition and theme.label
        assert len(theme.subthemes) >= 4
        for sub in theme.subthemes:
            assert sub.name and sub.definition
            assert sub.terms or sub.patterns
    assert {"malware", "encryption_network", "backup_continuity"} <= {
        s.name for s in tax.theme("security").subthemes
    }


def test_custom_taxonomy_replaces_themes_and_keeps_other_settings():
    tax = load_taxonomy(CUSTOM)
    builtin = load_taxonomy()
    assert tax.theme_names == ("budget",)
    assert tax.scoring.threshold == 0.7
    assert tax.scoring.term_weight == builtin.scoring.term_weight
    assert tax.names == builtin.names and tax.context == builtin.context
    # theme-level terms become a sub-theme without a name
    assert [s.name for s in tax.theme("budget").subthemes] == [None, "fees"]


def test_custom_taxonomy_tags_its_own_themes_only():
    tagger = ThemeTagger(load_taxonomy(CUSTOM))
    tags = tagger(tagger.nlp("補正予算で手数料を見直し、個人情報の漏えい対策を強化します。"))
    assert {t.theme for t in tags} == {"budget"}
    assert {t.subtheme for t in tags} == {None, "fees"}
    # one supporting term (費用, weight 0.3) is under this file's threshold of 0.7
    assert tagger(tagger.nlp("費用がかかります。")) == []


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[scoring]\nthreshold = 0.5\n", "no [themes"),
        ("[themes.x]\nlabel = 'x'\n", "no terms"),
        ("[themes.'bad name']\nterms = ['a']\n", "identifier"),
        ("[themes.x]\nterms = ['a']\n[scoring]\nthreshold = 2\n", "scoring.threshold"),
        ("[themes.x\n", "not valid TOML"),
    ],
)
def test_bad_taxonomy_files_say_why(tmp_path, text, message):
    path = tmp_path / "tax.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(TaxonomyError, match=message.replace("[", r"\[")):
        load_taxonomy(path)
