"""`kaigiroku search`, `kwic` and `index` from the command line, and the concordance."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.cli import main
from pipeline.search.kwic import concordance

FIXTURES = Path(__file__).parent.parent / "fixtures"


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    from pipeline.run import run_corpus

    out = tmp_path_factory.mktemp("search-cli")
    run_corpus(FIXTURES / "search", out)
    return out


def cli(*args: str):
    return CliRunner().invoke(main, list(args))


def test_json_output_shape(data):
    r = cli(
        "search", "暗号化した", "サーバ", "--data", str(data), "--format", "json", "--context", "1"
    )
    assert r.exit_code == 0, r.output
    out = json.loads(r.output)
    assert out["query"] == "暗号化した サーバ"
    assert [t["alternatives"] for t in out["terms"]] == [[["暗号", "化"]], [["サーバー"]]]
    assert out["total"] == len(out["hits"]) == 5 and out["stale_index"] is False
    first = out["hits"][0]
    assert first["rank"] == 1 and first["matched_all"] is True
    assert first["date"] == "2019-07-10" and first["speaker_name"] == "田中"
    assert {"theme", "subtheme", "score"} == set(first["themes"][0])
    snippet = first["snippet"]
    marked = [snippet["text"][a:b] for a, b in snippet["highlights"]]
    assert marked == ["暗号化", "サーバ"] == [first["text"][a:b] for a, b in first["matches"]]
    assert snippet["marked"].count("**") == 4
    assert [t["turn_id"] for t in first["context"]["before"]] == [first["turn_id"][:-4] + "0001"]
    assert len(first["context"]["after"]) == 1


def test_table_output_marks_matches_and_cites(data):
    r = cli("search", "漏えい", "--data", str(data))
    assert r.exit_code == 0
    assert "1 turn(s) match 「漏えい」" in r.output
    assert "**漏洩**が判明した場合は" in r.output
    assert "2019-07-10" in r.output and "田中 (agency)" in r.output and "pii/leakage" in r.output


def test_csv_output(data):
    r = cli("search", "--data", str(data), "--role", "chair", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(r.output)))
    assert [row["date"] for row in rows] == sorted(row["date"] for row in rows)
    assert len(rows) == 6 and {row["role"] for row in rows} == {"chair"}


def test_every_filter_option_reaches_the_query(data):
    r = cli(
        "search", "バックアップ", "--data", str(data), "--theme", "security",
        "--subtheme", "backup_continuity", "--from", "2021", "--to", "令和3年12月31日",
        "--fiscal-year", "2021", "--body", "総務", "--municipality", "若葉",
        "--speaker", "小林", "--role", "agency", "--format", "json",
    )  # fmt: skip
    out = json.loads(r.output)
    assert [h["text"] for h in out["hits"]] == ["バックアップは毎日、庁舎外に保管しております。"]
    assert out["filters"]["date_from"] == "2021-01-01"


def test_synonyms_option(data):
    plain = json.loads(cli("search", "流出", "--data", str(data), "--format", "json").output)
    wide = json.loads(
        cli("search", "流出", "--synonyms", "--data", str(data), "--format", "json").output
    )
    assert plain["total"] == 1 and wide["total"] == 2


def test_no_match_is_a_clear_message_and_exit_0(data):
    r = cli("search", "ブロックチェーン", "--data", str(data))
    assert r.exit_code == 0 and "no turns match 「ブロックチェーン」" in r.output
    r = cli("search", "ブロックチェーン", "--data", str(data), "--format", "json")
    assert r.exit_code == 0 and json.loads(r.stdout)["hits"] == []
    assert "no turns match" in r.stderr


def test_an_empty_index(tmp_path):
    from pipeline.run import run_corpus

    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "empty.txt").write_bytes(b"")
    run_corpus(raw, tmp_path / "out")
    r = cli("search", "クラウド", "--data", str(tmp_path / "out"))
    assert r.exit_code == 0
    assert "no turns match" in r.output and "holds no turns" in r.stderr


def test_a_missing_index_says_how_to_make_one(tmp_path):
    r = cli("search", "クラウド", "--data", str(tmp_path))
    assert r.exit_code == 1 and "kaigiroku index" in r.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((), "give words to search for, or at least one filter"),
        (("x", "--from", "someday"), "not a date"),
        (("x", "--role", "mayor"), "'mayor' is not one of"),
        (("x", "--limit", "0"), "0 is not in the range"),
    ],
)
def test_bad_options_are_usage_errors(data, args, message):
    r = cli("search", *args, "--data", str(data))
    assert r.exit_code == 2 and message in r.output


def test_stale_index_warning_and_index_command(tmp_path):
    from pipeline.run import run_corpus

    run_corpus(FIXTURES / "search", tmp_path)
    (tmp_path / "turn_themes" / "part-0.parquet").touch()
    r = cli("search", "クラウド", "--data", str(tmp_path))
    assert r.exit_code == 0 and "`kaigiroku index` brings it up to date" in r.stderr
    r = cli("index", "--data", str(tmp_path))
    assert r.exit_code == 0 and "search index: 24 turns, up to date" in r.output
    assert "changed after" not in cli("search", "クラウド", "--data", str(tmp_path)).stderr
    r = cli("index", "--data", str(tmp_path), "--rebuild")
    assert "search index built: 24 turns (3 document(s) indexed" in r.output


def test_index_needs_tables(tmp_path):
    r = cli("index", "--data", str(tmp_path))
    assert r.exit_code == 1 and "run `kaigiroku run` first" in r.output


def test_kwic_finds_every_spelling_with_exact_offsets(data):
    lines = concordance(data, "漏えい", window=5)
    assert [(x.left, x.keyword, x.right) for x in lines] == [("", "漏洩", "が判明した")]
    lines = concordance(data, "サーバ", window=3)
    assert [x.keyword for x in lines] == ["サーバ", "サーバ", "サーバ", "サーバー", "サーバ"]
    assert [x.date for x in lines] == sorted(x.date for x in lines)


def test_kwic_offsets_survive_an_emoji_before_the_keyword(data):
    (line,) = concordance(data, "絵文字", window=7)
    assert (line.left, line.keyword, line.right) == ("「😀」のような", "絵文字", "や、「' OR")
    text = next(
        h["text"]
        for h in json.loads(
            cli("search", "絵文字", "--data", str(data), "--format", "json").output
        )["hits"]
    )
    assert text[line.char_start : line.char_end] == "絵文字"


def test_kwic_phrases_and_sorting(data):
    phrase = concordance(data, "個人情報の保護", window=4)
    assert [x.keyword for x in phrase] == ["個人情報の保護"]
    right = [x.right for x in concordance(data, "バックアップ", window=4, sort="right")]
    assert right == sorted(right)
    left = [x.left[::-1] for x in concordance(data, "バックアップ", window=4, sort="left")]
    assert left == sorted(left)
    assert concordance(data, "ブロックチェーン") == []


def test_kwic_command(data):
    r = cli("kwic", "漏洩", "--data", str(data), "--window", "6")
    assert r.exit_code == 0 and "【漏洩】が判明した場\n" in r.output
    r = cli("kwic", "サーバ", "--data", str(data), "--format", "json", "--limit", "2")
    assert [x["keyword"] for x in json.loads(r.output)] == ["サーバ", "サーバ"]
    r = cli("kwic", "ブロックチェーン", "--data", str(data))
    assert r.exit_code == 0 and "does not occur" in r.output


def test_terminal_colour_instead_of_asterisks(data):
    from pipeline.search.engine import Searcher
    from pipeline.search.render import to_text

    with Searcher(data) as s:
        result = s.search("漏えい")
    assert "\x1b[1;31m漏洩\x1b[0m" in to_text(result, color=True)
    assert "**漏洩**" in to_text(result, color=False)
