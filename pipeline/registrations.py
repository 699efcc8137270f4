"""Every built-in registration, in one file (spaCy's ``registrations.py`` pattern).

Call :func:`populate_registry` before looking up readers or label conventions, and
:func:`populate_spacy_registry` before building a spaCy pipeline; both are idempotent. They are
separate so that ingest and structure never pay for importing spaCy.
"""

from __future__ import annotations

from .registry import label_conventions, readers

_done = False


def populate_registry() -> None:
    global _done
    if _done:
        return
    from .ingest import readers as r
    from .structure import labels as lab

    readers.register("kaigiroku.reader.txt.v1", r.read_text)
    readers.register("kaigiroku.reader.md.v1", r.read_markdown)
    readers.register("kaigiroku.reader.html.v1", r.read_html)
    readers.register("kaigiroku.reader.htm.v1", r.read_html)
    readers.register("kaigiroku.reader.pdf.v1", r.read_pdf)
    readers.register("kaigiroku.reader.json.v1", r.read_diet_json)

    label_conventions.register("kaigiroku.label.marker.v1", lab.match_marker)
    label_conventions.register("kaigiroku.label.bracket.v1", lab.match_bracket)
    label_conventions.register("kaigiroku.label.paren.v1", lab.match_paren)
    label_conventions.register("kaigiroku.label.colon.v1", lab.match_colon)
    label_conventions.register("kaigiroku.label.alone.v1", lab.match_alone)
    label_conventions.register("kaigiroku.label.space.v1", lab.match_space)
    label_conventions.register("kaigiroku.label.delimiter.v1", lab.match_delimiter)
    label_conventions.register("kaigiroku.label.exchange.v1", lab.match_exchange)
    _done = True


def populate_spacy_registry() -> None:
    """Register the fugashi tokenizer in spaCy's own registry (imports spaCy)."""
    import spacy

    from .language import spacy_ja

    if spacy_ja.TOKENIZER_NAME not in spacy.registry.tokenizers:
        spacy.registry.tokenizers.register(
            spacy_ja.TOKENIZER_NAME, func=spacy_ja.create_fugashi_tokenizer
        )


def populate_spacy_components() -> None:
    """Register the ``kaigiroku_themes`` pipeline component (a theme stage, so it is kept
    apart from the tokenizer: building a language pipeline never imports the themes)."""
    import spacy

    from .themes import component

    if not spacy.language.Language.has_factory(component.FACTORY):
        spacy.language.Language.factory(
            component.FACTORY,
            default_config={"taxonomy": None},
            func=component.make_theme_component,
        )
