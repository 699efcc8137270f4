"""The theme tagger as a spaCy pipeline component: ``nlp.add_pipe("kaigiroku_themes")``.

Sets ``doc._.themes`` to the lexicon tags of the Doc (context needs neighbouring turns, so
it is left to :meth:`ThemeTagger.tag_turns`). The factory is registered by
:func:`pipeline.registrations.populate_spacy_components`; the taxonomy is a config setting.

>>> from pipeline.language.spacy_ja import load
>>> from pipeline.registrations import populate_spacy_components
>>> populate_spacy_components()
>>> nlp = load()
>>> _ = nlp.add_pipe("kaigiroku_themes")
>>> sorted({t.theme for t in nlp("通信は暗号化しています。")._.themes})
['security']
"""

from __future__ import annotations

import spacy
from spacy.tokens import Doc

from .tagger import ThemeTagger
from .taxonomy import load_taxonomy

FACTORY = "kaigiroku_themes"


class ThemeComponent:
    def __init__(self, nlp: spacy.Language, name: str, taxonomy: str | None = None):
        self.name = name
        self.tagger = ThemeTagger(load_taxonomy(taxonomy), nlp=nlp)
        if not Doc.has_extension("themes"):
            Doc.set_extension("themes", default=None)

    def __call__(self, doc: Doc) -> Doc:
        doc._.themes = self.tagger(doc)
        return doc


def make_theme_component(nlp: spacy.Language, name: str, taxonomy: str | None) -> ThemeComponent:
    return ThemeComponent(nlp, name, taxonomy)
