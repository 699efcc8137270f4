from pipeline.registry import Registry, label_conventions, readers


def test_builtin_registrations():
    assert readers.names() == [
        "kaigiroku.reader.htm.v1",
        "kaigiroku.reader.html.v1",
        "kaigiroku.reader.json.v1",
        "kaigiroku.reader.md.v1",
        "kaigiroku.reader.pdf.v1",
        "kaigiroku.reader.txt.v1",
    ]
    assert label_conventions.names() == [
        "kaigiroku.label.alone.v1",
        "kaigiroku.label.bracket.v1",
        "kaigiroku.label.colon.v1",
        "kaigiroku.label.marker.v1",
        "kaigiroku.label.space.v1",
    ]


def test_registry_refuses_a_second_function_under_one_name():
    reg = Registry("thing")
    reg.register("a.v1", len)
    try:
        reg.register("a.v1", str)
    except ValueError as exc:
        assert "already registered" in str(exc)
    else:
        raise AssertionError("expected ValueError")
    try:
        reg.get("b.v1")
    except KeyError as exc:
        assert "a.v1" in str(exc)


def test_ingest_and_structure_do_not_import_spacy():
    """spaCy belongs to the language layer; parsing minutes must not pay for importing it."""
    import subprocess
    import sys

    code = (
        "import sys; from pipeline.structure.minutes import parse_minutes; "
        "parse_minutes('山田会長：開会します。'); print('spacy' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_the_language_layer_does_not_import_the_themes():
    """Data flows one way: building a spaCy pipeline and tagging text stay below the themes."""
    import subprocess
    import sys

    code = (
        "import sys; from pipeline.language.spacy_ja import load; load()('暗号化します。'); "
        "print(any(m.startswith('pipeline.themes') for m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
