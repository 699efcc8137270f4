import pytest

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
        "kaigiroku.label.delimiter.v1",
        "kaigiroku.label.exchange.v1",
        "kaigiroku.label.marker.v1",
        "kaigiroku.label.paren.v1",
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


@pytest.mark.parametrize(
    ("code", "why"),
    [
        (
            "from pipeline.structure.minutes import parse_minutes; "
            "parse_minutes('山田会長：開会します。'); "
            "print('spacy' in sys.modules)",
            "spaCy belongs to the language layer; parsing minutes must not pay for importing it",
        ),
        (
            "from pipeline.language.spacy_ja import load; load()('暗号化します。'); "
            "print(any(m.startswith('pipeline.themes') for m in sys.modules))",
            "data flows one way: a spaCy pipeline and its tokenizer stay below the themes",
        ),
    ],
)
def test_lower_stages_do_not_import_higher_ones(code, why):
    import subprocess
    import sys

    out = subprocess.run(
        [sys.executable, "-c", "import sys; " + code], capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "False", why
