"""Search over three fictional meetings (two bodies of 若葉市 in 2019 and 2021, and 青空町's
board in 2016, the last in CP932): matching, ranking, filters, context and hostile input."""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from pipeline.search.engine import Filters, Searcher, parse_date
from pipeline.search.index import index_path, sync_index
from pipeline.search.query import Synonyms, parse_query

FIXTURES = Path(__file__).parent.parent / "fixtures"
WAKABA = "8f460d1f1cc5769a-0"  # 若葉市情報公開・個人情報保護審査会, 2019-07-10
SOMU = "90b9bb7bda83118c-0"  # 若葉市議会総務常任委員会, 2021-06-15
AOZORA = "4a3918e077b78842-0"  # 青空町個人情報保護審議会, 2016-11-02


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    from pipeline.run import run_corpus

    out = tmp_path_factory.mktemp("search")
    run_corpus(FIXTURES / "search", out)
    return out


@pytest.fixture(scope="module")
def searcher(data):
    with Searcher(data) as s:
        yield s


def ids(result) -> list[str]:
    return [h.turn.turn_id for h in result.hits]


def turn(meeting: str, seq: int) -> str:
    return f"{meeting}-{seq:04d}"


def test_run_builds_the_index_of_every_speech_turn(searcher):
    assert searcher.count() == 24  # 27 turns, 3 of them notes (閉会)


def test_a_new_index_has_its_secondary_indexes_and_statistics(data):
    # They are made after the first rows are in; a filter on dates must still use one.
    with closing(sqlite3.connect(index_path(data))) as con:
        names = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='index'")}
        plan = con.execute(
            "EXPLAIN QUERY PLAN SELECT id FROM turns WHERE date >= '2020-01-01' ORDER BY date"
        ).fetchall()
        analysed = {r[0] for r in con.execute("SELECT idx FROM sqlite_stat1")}
    assert {"turns_by_date", "turns_by_meeting", "turns_by_doc", "turns_by_fiscal_year"} <= names
    assert (
        {"turn_themes_by_theme", "turn_themes_by_id"}
        <= names
        <= analysed | {n for n in names if n.startswith("sqlite_autoindex")}
    )
    assert "turns_by_date" in " ".join(str(row[-1]) for row in plan)


@pytest.mark.parametrize(
    ("query", "expected", "highlighted"),
    [
        ("暗号化する", [turn(WAKABA, 2)], ["暗号化"]),  # the question's lemma, another inflection
        ("漏えい", [turn(WAKABA, 6)], ["漏洩"]),  # one word in the variant table
        ("ＣＬＯＵＤ", [], []),  # full-width Latin folds, and nothing says cloud in English
    ],
)
def test_lemma_and_variant_matching(searcher, query, expected, highlighted):
    result = searcher.search(query)
    assert ids(result) == expected
    assert [h.turn.text[s:e] for h in result.hits for s, e in h.matches] == highlighted


def test_a_variant_query_finds_every_spelling(searcher):
    result = searcher.search("サーバ")
    found = {h.turn.text[s:e] for h in result.hits for s, e in h.matches}
    assert found == {"サーバ", "サーバー"}
    assert turn(WAKABA, 3) in ids(result)  # サーバーの設置場所


def test_turns_with_every_word_rank_first(searcher):
    result = searcher.search("クラウド バックアップ", limit=50)
    assert set(ids(result)[:2]) == {turn(WAKABA, 1), turn(WAKABA, 2)}
    assert [h.matched_all for h in result.hits] == [True, True] + [False] * (len(result.hits) - 2)
    partial = {turn(SOMU, 1), turn(SOMU, 2), turn(SOMU, 3), turn(SOMU, 4)}
    assert set(ids(result)[2:]) == partial
    assert result.total == 6
    for tier in (result.hits[:2], result.hits[2:]):
        scores = [h.score for h in tier]
        assert scores == sorted(scores, reverse=True)


def test_equal_scores_put_the_later_meeting_first(searcher):
    result = searcher.search("機器の更新")  # the same sentence, 2016 and 2019
    assert ids(result) == [turn(WAKABA, 8), turn(AOZORA, 2)]
    assert result.hits[0].score == result.hits[1].score


@pytest.mark.parametrize("quoted", ['"個人情報の保護"', "「個人情報の保護」", "『個人情報の保護』"])
def test_quoted_phrases_match_in_order(searcher, quoted):
    assert ids(searcher.search(quoted)) == [turn(AOZORA, 3)]
    assert ids(searcher.search('"保護の個人情報"')) == []
    # unquoted, the same words are found wherever they are
    assert turn(WAKABA, 5) in ids(searcher.search("個人情報 保護"))


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        (Filters(theme="pii"), {turn(AOZORA, 3), turn(WAKABA, 5), turn(WAKABA, 6)}),
        (Filters(subtheme="leakage"), {turn(WAKABA, 5), turn(WAKABA, 6)}),
        (Filters(theme="security", subtheme="backup_continuity"), None),
        (Filters(date_from=dt.date(2019, 1, 1)), None),
        (Filters(date_to=dt.date(2019, 12, 31)), None),
        (Filters(fiscal_year=2016), None),
        (Filters(body="総務"), None),
        (Filters(municipality="青空"), None),
        (Filters(speaker="田中"), None),
        (Filters(speaker="北野委員"), None),
        (Filters(role="chair"), None),
        (Filters(meeting=SOMU, theme="security"), None),
    ],
)
def test_every_filter(searcher, filters, expected):
    everything = searcher.search("", Filters(date_from=dt.date(1900, 1, 1)), limit=100)
    wanted = {h.turn.turn_id for h in everything.hits if _passes(h, filters)}
    got = searcher.search("", filters, limit=100)
    assert set(ids(got)) == wanted and got.total == len(wanted) > 0
    if expected is not None:
        assert wanted == expected


def _passes(hit, f: Filters) -> bool:
    """The filter's meaning, written independently of its SQL."""
    t, tags = hit.turn, hit.themes
    return (
        (f.theme is None or any(x["theme"] == f.theme for x in tags))
        and (
            f.subtheme is None
            or any(x["subtheme"] == f.subtheme and f.theme in (None, x["theme"]) for x in tags)
        )
        and (f.date_from is None or t.date >= f.date_from.isoformat())
        and (f.date_to is None or t.date <= f.date_to.isoformat())
        and (f.fiscal_year is None or t.fiscal_year == f.fiscal_year)
        and (f.body is None or f.body in t.body)
        and (f.municipality is None or f.municipality in t.municipality)
        and (f.speaker is None or f.speaker in (t.speaker_name or "") + (t.speaker_label or ""))
        and (f.role is None or t.role == f.role)
        and (f.meeting is None or t.meeting_id == f.meeting)
    )


def test_words_and_filters_together(searcher):
    result = searcher.search(
        "バックアップ", Filters(theme="security", date_from=dt.date(2021, 1, 1))
    )
    assert set(ids(result)) == {turn(SOMU, 3), turn(SOMU, 4)}
    assert all(h.turn.date >= "2021-01-01" for h in result.hits)


def test_filters_alone_list_turns_by_date_in_spoken_order(searcher):
    result = searcher.search("", Filters(role="chair"))
    assert ids(result) == [
        turn(AOZORA, 0),
        turn(AOZORA, 5),
        turn(WAKABA, 0),
        turn(WAKABA, 9),
        turn(SOMU, 0),
        turn(SOMU, 7),
    ]
    assert all(h.score is None for h in result.hits)


def test_paging_walks_both_tiers_without_repeats(searcher):
    whole = ids(searcher.search("クラウド バックアップ", limit=50))
    pages = [ids(searcher.search("クラウド バックアップ", limit=2, offset=o)) for o in (0, 2, 4)]
    assert [t for page in pages for t in page] == whole
    assert searcher.search("クラウド バックアップ", limit=2, offset=4).hits[0].rank == 5


def test_context_shows_the_question_and_the_answer(searcher):
    hit = searcher.search("暗号化", context=1).hits[0]
    assert [t.turn_id for t in hit.before] == [turn(WAKABA, 1)]  # the question
    assert [t.turn_id for t in hit.after] == [turn(WAKABA, 3)]
    first = searcher.search("審議会を開会", context=2).hits[0]  # the meeting's first turn
    assert first.before == [] and len(first.after) == 2


def test_hits_carry_themes_and_a_citation(searcher):
    hit = searcher.search("暗号化").hits[0]
    assert hit.turn.date == "2019-07-10" and hit.turn.speaker_name == "田中"
    assert hit.turn.role == "agency" and hit.turn.body == "若葉市情報公開・個人情報保護審査会"
    assert {t["subtheme"] for t in hit.themes} >= {"encryption_network", "backup_continuity"}
    source = (FIXTURES / "search" / "wakaba_shinsakai_2019.txt").read_text("utf-8")
    cited = source[hit.turn.char_start : hit.turn.char_end]
    assert cited == "田中情報政策課長：" + hit.turn.text


def test_synonyms_expand_only_when_asked(data):
    assert ids(Searcher(data).search("漏えい")) == [turn(WAKABA, 6)]
    with Searcher(data, synonyms=Synonyms.load()) as s:
        result = s.search("漏えい")
    assert set(ids(result)) == {turn(WAKABA, 5), turn(WAKABA, 6)}  # 流出 too
    assert {h.turn.text[a:b] for h in result.hits for a, b in h.matches} == {"流出", "漏洩"}


@pytest.mark.parametrize(
    "query",
    [
        "' OR 1=1; --",
        '"',
        '""',
        '"unclosed phrase',
        "「閉じない",
        "*",
        "NEAR(クラウド",
        "クラウド) OR (",
        "^バックアップ",
        "x'); DROP TABLE turns; --",
        "%_\\",
        "\x00",
        "AND OR NOT",
    ],
)
def test_hostile_queries_neither_break_nor_inject(searcher, data, query):
    searcher.search(query)  # no exception
    with sqlite3.connect(index_path(data)) as con:
        assert con.execute("SELECT count(*) FROM turns").fetchone()[0] == 24


def test_an_emoji_is_searched_as_written(searcher):
    result = searcher.search("😀")
    assert ids(result) == [turn(SOMU, 5)]
    hit = result.hits[0]
    assert [hit.turn.text[s:e] for s, e in hit.matches] == ["😀"]


def test_sql_text_in_the_minutes_is_found_as_text(searcher):
    assert ids(searcher.search('"1=1"')) == [turn(SOMU, 5)]


def test_a_query_that_matches_nothing(searcher):
    result = searcher.search("ブロックチェーン")
    assert result.hits == [] and result.total == 0


def test_parse_query():
    q = parse_query("暗号化した個人情報を「外部 サーバ」へ")
    assert [(t.text, t.alternatives, t.quoted) for t in q.terms] == [
        ("暗号化", (("暗号", "化"),), False),
        ("個人情報", (("個人", "情報"),), False),
        ("外部 サーバ", (("外部", "サーバー"),), True),
    ]  # the particles (を, へ) and the auxiliaries (した) drop out
    assert [t.text for t in parse_query("してください").terms] == ["してください"]
    assert not parse_query("　 ")
    assert parse_query('say "hi"').match_all() == '"say" AND "hi"'
    assert parse_query('a"b').match_all() == '"a" AND "b"'


@pytest.mark.parametrize(
    ("text", "end", "expected"),
    [
        ("2019-07-16", False, dt.date(2019, 7, 16)),
        ("2019/7", True, dt.date(2019, 7, 31)),
        ("2020", True, dt.date(2020, 12, 31)),
        ("令和元年7月16日", False, dt.date(2019, 7, 16)),
        ("H28.11.2", False, dt.date(2016, 11, 2)),
    ],
)
def test_parse_date(text, end, expected):
    assert parse_date(text, end=end) == expected


@pytest.mark.parametrize("text", ["yesterday", "2019-13", "令和元年2月30日", ""])
def test_parse_date_refuses_what_is_not_a_date(text):
    with pytest.raises(ValueError, match="not a date"):
        parse_date(text)


@pytest.fixture
def raw(tmp_path) -> Path:
    """A copy of the three fictional minutes, for tests that change or remove them."""
    shutil.copytree(FIXTURES / "search", tmp_path / "raw")
    return tmp_path / "raw"


def _change_corpus(raw: Path) -> None:
    """Remove one document and change another."""
    (raw / "aozora_shingikai_2016_cp932.txt").unlink()
    path = raw / "wakaba_somu_2021.txt"
    path.write_text(path.read_text("utf-8").replace("毎日取って", "毎週取って"), "utf-8")


def test_the_index_follows_changed_removed_and_retagged_documents(raw, tmp_path):
    from pipeline.run import run_corpus
    from pipeline.tag import retag_corpus
    from pipeline.themes.taxonomy import load_taxonomy

    out = tmp_path / "out"
    run_corpus(raw, out)
    _change_corpus(raw)
    summary = run_corpus(raw, out).index
    assert (summary.added, summary.removed, summary.rebuilt) == (1, 2, False)
    with Searcher(out) as s:
        assert s.count() == 24 - 6
        assert ids(s.search("機器の更新")) == [turn(WAKABA, 8)]
        assert s.search("毎週").hits[0].turn.text == "バックアップは毎週取っていますか。"
        assert s.search("毎日").total == 1
        assert not s.search("毎日").stale

    retag_corpus(out, load_taxonomy(FIXTURES / "budget_taxonomy.toml"))
    with Searcher(out) as s:
        assert s.search("", Filters(theme="security")).total == 0
        assert not s.search("毎日").stale


def test_a_stale_index_is_reported_and_rebuilt(tmp_path):
    from pipeline.run import run_corpus

    run_corpus(FIXTURES / "search", tmp_path, index=False)
    assert not index_path(tmp_path).exists()
    first = sync_index(tmp_path)
    assert first.rebuilt and first.turns == 24
    assert not sync_index(tmp_path).changed  # nothing to do the second time
    parquet = tmp_path / "documents" / "part-0.parquet"
    parquet.touch()
    with Searcher(tmp_path) as s:
        assert s.search("クラウド").stale
    again = sync_index(tmp_path)
    assert not again.rebuilt and again.added == 0 and again.turns == 24
    with Searcher(tmp_path) as s:
        assert not s.search("クラウド").stale


def index_rows(data_dir: Path) -> dict[str, list]:
    with closing(sqlite3.connect(index_path(data_dir))) as con:
        return {
            table: con.execute(f"SELECT {columns} FROM {table} ORDER BY 1, 2, 3").fetchall()
            for table, columns in [
                ("documents", "*, 0"),
                ("turns", "*"),
                ("fts", "rowid, terms, 0"),
                ("turn_themes", "*"),
                ("meta", "*, 0"),
            ]
        }


def test_the_index_a_run_builds_as_it_writes_is_the_one_read_back_from_its_tables(
    tmp_path, monkeypatch
):
    import functools

    from pipeline import run as run_module

    # one document per chunk, so the rows arrive in several pieces
    monkeypatch.setattr(run_module, "chunked", functools.partial(run_module.chunked, documents=1))
    summary = run_module.run_corpus(FIXTURES / "search", tmp_path / "run")
    assert summary.index.rebuilt and (summary.index.added, summary.index.turns) == (3, 24)
    shutil.copytree(tmp_path / "run", tmp_path / "read")  # same files, same times
    index_path(tmp_path / "read").unlink()
    assert sync_index(tmp_path / "read").rebuilt
    built, read = index_rows(tmp_path / "run"), index_rows(tmp_path / "read")
    assert [len(built[t]) for t in ("documents", "turns", "fts")] == [3, 24, 24]
    assert len(built["turn_themes"]) > 0
    assert built == read
    with Searcher(tmp_path / "run") as s:
        assert not s.search("クラウド").stale


def test_the_index_a_rerun_updates_as_it_writes_is_the_one_updated_from_its_tables(raw, tmp_path):
    from pipeline.run import run_corpus

    run_corpus(raw, tmp_path / "run")
    shutil.copytree(tmp_path / "run", tmp_path / "read")
    _change_corpus(raw)
    summary = run_corpus(raw, tmp_path / "run").index  # indexed while the run writes
    run_corpus(raw, tmp_path / "read", index=False)
    read = sync_index(tmp_path / "read")  # read back from the new tables
    assert (summary.added, summary.removed, summary.turns) == (read.added, read.removed, 18)
    assert not summary.rebuilt and not read.rebuilt
    updated, reread = index_rows(tmp_path / "run"), index_rows(tmp_path / "read")
    for rows in (updated, reread):  # the tables' sizes and times differ between the folders
        rows["meta"] = [row for row in rows["meta"] if row[0] != "tables"]
    assert updated == reread
    with Searcher(tmp_path / "run") as s:
        assert s.search("毎週").total == 1 and not s.search("毎週").stale


def test_a_failed_rerun_leaves_the_index_in_step_with_the_old_tables(raw, tmp_path, monkeypatch):
    from pipeline.run import run_corpus
    from pipeline.store.parquet import TableWriter

    run_corpus(raw, tmp_path)
    before = index_rows(tmp_path)
    _change_corpus(raw)

    def fail(self):
        raise OSError("disk full")

    monkeypatch.setattr(TableWriter, "commit", fail)
    with pytest.raises(OSError, match="disk full"):
        run_corpus(raw, tmp_path)
    assert index_rows(tmp_path) == before
    with Searcher(tmp_path) as s:
        assert s.search("毎日").total == 2 and not s.search("毎日").stale


def test_a_rerun_after_one_without_the_index_brings_it_in_step(raw, tmp_path):
    from pipeline.run import run_corpus

    run_corpus(raw, tmp_path / "out")
    _change_corpus(raw)
    run_corpus(raw, tmp_path / "out", index=False)  # the index now lags the tables
    path = raw / "wakaba_shinsakai_2019.txt"
    path.write_text(path.read_text("utf-8") + "\n", "utf-8")
    summary = run_corpus(raw, tmp_path / "out").index
    assert (summary.added, summary.removed, summary.turns) == (2, 3, 18)
    with Searcher(tmp_path / "out") as s:
        assert s.search("毎週").total == 1 and not s.search("毎週").stale


def test_a_damaged_index_file_is_rebuilt(tmp_path):
    from pipeline.run import run_corpus

    run_corpus(FIXTURES / "search", tmp_path)
    index_path(tmp_path).write_bytes(b"not a database at all")
    summary = sync_index(tmp_path)
    assert summary.rebuilt and summary.turns == 24


def test_search_does_not_load_spacy():
    import subprocess
    import sys

    code = (
        "import sys, tempfile; from pipeline.search.engine import Searcher; "
        "from pipeline.search.query import parse_query; parse_query('暗号化'); "
        "print('spacy' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False", "search starts fast: it never needs spaCy"


def test_index_terms_and_turns_do_not_depend_on_batch_size(data, tmp_path, monkeypatch):
    """Batches of four token rows cut through turns; each turn still gets exactly its own
    searchable norms in order, and the turn rows are the same as with the usual batches."""
    import pandas as pd

    from pipeline.search import index
    from pipeline.search.query import searchable

    small = tmp_path / "small"
    shutil.copytree(data, small)
    monkeypatch.setattr(index, "_BATCH", 1)
    sync_index(small, rebuild=True)
    tokens = pd.read_parquet(data / "tokens", columns=["turn_id", "norm"])
    want = tokens.groupby("turn_id", sort=False)["norm"].agg(
        lambda norms: " ".join(f for f in map(searchable, norms) if f)
    )
    with closing(sqlite3.connect(index_path(small))) as con:
        terms = con.execute("SELECT t.turn_id, f.terms FROM fts f JOIN turns t ON t.id = f.rowid")
        got = dict(terms.fetchall())
        small_turns = con.execute("SELECT * FROM turns ORDER BY id").fetchall()
    with closing(sqlite3.connect(index_path(data))) as con:
        usual_turns = con.execute("SELECT * FROM turns ORDER BY id").fetchall()
    assert got == {turn_id: want[turn_id] for turn_id in got}
    assert len(got) == len(usual_turns) > 0
    assert small_turns == usual_turns


def test_an_update_reads_only_row_groups_of_its_documents(data, tmp_path, monkeypatch):
    """Tokens in row groups of seven rows; one document re-indexed on its own gets back
    exactly its terms, and row groups without its tokens are never read in full."""
    import pandas as pd
    import pyarrow.parquet as pq

    from pipeline.search.query import searchable

    small = tmp_path / "small"
    shutil.copytree(data, small)
    path = small / "tokens" / "part-0.parquet"
    pq.write_table(pq.read_table(path), path, row_group_size=7)
    sync_index(small, rebuild=True)
    tokens = pd.read_parquet(data / "tokens", columns=["turn_id", "norm"])
    doc = tokens["turn_id"].iloc[-1][:16]
    with closing(sqlite3.connect(index_path(small))) as con, con:
        con.execute("UPDATE documents SET sha256 = 'changed' WHERE doc_id = ?", [doc])
        con.execute("UPDATE meta SET value = '' WHERE key = 'tables'")
    read = []
    real = pq.ParquetFile.iter_batches

    def recording(self, *args, **kwargs):
        if "norm" in (kwargs.get("columns") or ()):  # the tokens table
            read.append(kwargs.get("row_groups"))
        return real(self, *args, **kwargs)

    monkeypatch.setattr(pq.ParquetFile, "iter_batches", recording)
    summary = sync_index(small)
    assert (summary.added, summary.removed) == (1, 1)
    own = tokens.index[tokens["turn_id"].str.startswith(doc)]
    assert read == [sorted({i // 7 for i in own})]
    want = tokens.groupby("turn_id", sort=False)["norm"].agg(
        lambda norms: " ".join(f for f in map(searchable, norms) if f)
    )
    with closing(sqlite3.connect(index_path(small))) as con:
        terms = con.execute("SELECT t.turn_id, f.terms FROM fts f JOIN turns t ON t.id = f.rowid")
        got = dict(terms.fetchall())
    assert got == {turn_id: want[turn_id] for turn_id in got}
    assert any(turn_id.startswith(doc) for turn_id in got)
