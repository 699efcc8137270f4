"""The corpus job: bad input is recorded and skipped over, tables are written atomically."""

from __future__ import annotations

import pandas as pd
import pytest
from click.testing import CliRunner

from pipeline.cli import main
from pipeline.run import run_corpus
from pipeline.store.parquet import write_tables


@pytest.fixture
def messy_raw(tmp_path, sample_path, fictional_path):
    raw = tmp_path / "raw"
    (raw / "nested" / "deeper").mkdir(parents=True)
    (raw / "good.txt").write_bytes(sample_path.read_bytes())
    (raw / "nested" / "copy-of-good.txt").write_bytes(sample_path.read_bytes())
    (raw / "nested" / "deeper" / "sjis.txt").write_bytes(
        fictional_path.read_text("utf-8").encode("cp932")
    )
    (raw / "empty.txt").write_bytes(b"")
    (raw / "binary.md").write_bytes(b"\x00\x01\x02\x03" * 100)
    (raw / "broken.pdf").write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog")
    (raw / "labelless.txt").write_text(
        "緑川町審査会 会議要旨\n日時 令和4年13月40日\n\n委員から質問があった。\n", encoding="utf-8"
    )
    (raw / "notes.docx").write_bytes(b"PK\x03\x04")
    return raw


def test_bad_files_do_not_stop_the_run(messy_raw, tmp_path):
    out = tmp_path / "out"
    summary = run_corpus(messy_raw, out)
    docs = pd.read_parquet(out / "documents").set_index("source_path")
    assert summary.documents == 6 and summary.duplicates == 1
    assert summary.skipped == [str(messy_raw / "notes.docx")]
    assert docs.loc["empty.txt", "status"] == "failed"
    assert docs.loc["empty.txt", "error"].startswith("E101")
    assert docs.loc["binary.md", "error"].startswith("E102")
    assert docs.loc["broken.pdf", "error"][:4] in ("E104", "E105")
    labelless = docs.loc["labelless.txt"]
    assert labelless["status"] == "warning"
    codes = {w[:4] for w in labelless["warnings"]}
    assert {"W203", "W205"} <= codes
    assert docs.loc["nested/deeper/sjis.txt", "encoding"] == "cp932"
    assert docs.loc["nested/deeper/sjis.txt", "status"] == "ok"
    assert list(docs.loc["good.txt", "duplicate_paths"]) == ["nested/copy-of-good.txt"]
    meetings = pd.read_parquet(out / "meetings")
    assert len(meetings) == 3  # good, sjis, labelless


def test_doc_id_is_the_content_hash(messy_raw, tmp_path):
    run_corpus(messy_raw, tmp_path / "a")
    (messy_raw / "good.txt").rename(messy_raw / "renamed.txt")
    run_corpus(messy_raw, tmp_path / "b")
    a = pd.read_parquet(tmp_path / "a" / "documents")
    b = pd.read_parquet(tmp_path / "b" / "documents")
    assert set(a["doc_id"]) == set(b["doc_id"])
    assert all(a["doc_id"] == a["sha256"].str[:16])


def test_cli_exit_codes(messy_raw, tmp_path):
    runner = CliRunner()
    ok = runner.invoke(main, ["run", str(messy_raw), "--out", str(tmp_path / "o1")])
    assert ok.exit_code == 0, ok.output
    assert "documents: 6 (ok 1, warning 2, failed 3" in ok.output
    strict = runner.invoke(main, ["run", str(messy_raw), "--out", str(tmp_path / "o2"), "--strict"])
    assert strict.exit_code == 1
    empty = tmp_path / "nothing"
    empty.mkdir()
    (empty / "empty.txt").write_bytes(b"")
    none = runner.invoke(main, ["run", str(empty), "--out", str(tmp_path / "o3")])
    assert none.exit_code == 2 and "no document could be read" in none.output


def test_interrupted_write_keeps_previous_tables(tmp_path, monkeypatch, sample_path):
    out = tmp_path / "out"
    run_corpus(sample_path, out)
    before = pd.read_parquet(out / "turns")
    import pipeline.store.parquet as parquet

    calls = {"n": 0}
    real = parquet.to_table

    def crash_on_third(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 3:
            raise KeyboardInterrupt
        return real(*args, **kwargs)

    monkeypatch.setattr(parquet, "to_table", crash_on_third)
    with pytest.raises(KeyboardInterrupt):
        write_tables(out, {"turns": []})
    monkeypatch.undo()
    after = pd.read_parquet(out / "turns")
    pd.testing.assert_frame_equal(before, after)
    assert not list(out.glob(".staging-*"))


def test_show_prints_turns(processed):
    runner = CliRunner()
    meetings = pd.read_parquet(processed / "meetings")
    mid = meetings[meetings["body"] == "四街道市情報公開・個人情報保護審査会"]["meeting_id"].iloc[0]
    result = runner.invoke(main, ["show", mid[:8], "--data", str(processed)])
    assert result.exit_code == 0, result.output
    assert "梶中委員 → 畠中 (member)" in result.output
    assert "〔～実施機関退室～〕" in result.output
    missing = runner.invoke(main, ["show", "zzz", "--data", str(processed)])
    assert missing.exit_code == 1 and "0 meetings match" in missing.output


def test_meetings_json_output(processed):
    result = CliRunner().invoke(main, ["meetings", "--data", str(processed), "--format", "json"])
    assert result.exit_code == 0
    import json

    rows = json.loads(result.output)
    assert {r["body"] for r in rows} == {
        "四街道市情報公開・個人情報保護審査会",
        "桜ケ丘市個人情報保護審査会",
    }


def test_python_dash_m_runs_the_cli(tmp_path, sample_path):
    import subprocess
    import sys

    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "pipeline",
            "run",
            str(sample_path),
            "--out",
            str(tmp_path / "o"),
            "--quiet",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "meetings: 1  turns: 108  notes: 3" in out.stdout


def test_a_language_layer_bug_costs_one_document(
    tmp_path, sample_path, fictional_path, monkeypatch
):
    import pipeline.run as run_module

    def broken(texts):
        if any("桜ケ丘" in t for t in texts):
            raise RuntimeError("simulated tagger failure")
        return real(texts)

    real = run_module.analyze_turns
    monkeypatch.setattr(run_module, "analyze_turns", broken)
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "a.txt").write_bytes(sample_path.read_bytes())
    (raw / "b.txt").write_bytes(fictional_path.read_bytes())
    summary = run_corpus(raw, tmp_path / "out")
    docs = pd.read_parquet(tmp_path / "out" / "documents").set_index("source_path")
    assert summary.failed == 1 and docs.loc["a.txt", "status"] == "warning"
    assert (
        docs.loc["b.txt", "error"] == "E199: internal error while processing "
        "(RuntimeError: simulated tagger failure)"
    )
    assert len(pd.read_parquet(tmp_path / "out" / "meetings")) == 1


def test_documents_analysed_together_get_the_tokens_they_get_alone(
    tmp_path, sample_path, fictional_path
):
    """A chunk's documents share one call of the language layer: each turn's sentences and
    tokens are those it gets when its document is processed alone."""
    from pipeline.ingest.discover import iter_source_files
    from pipeline.run import process_document, process_documents

    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "a.txt").write_bytes(sample_path.read_bytes())
    (raw / "b.txt").write_bytes(fictional_path.read_bytes())
    (raw / "c.txt").write_bytes(b"")  # failed: no turns, and the others still line up
    sources = list(iter_source_files(raw))

    def languages(result):
        return [
            (
                t.text,
                t.language.sentences,
                t.language.tokens.to_columns(),
                list(t.language.sent_idx),
            )
            for m in result.meetings
            for t in m.turns
        ]

    together = process_documents(sources)
    assert [r.status for r in together] == ["warning", "ok", "failed"]
    for result, source in zip(together, sources, strict=True):
        alone = process_document(source)
        assert languages(result) == languages(alone)
        assert [t.themes for m in result.meetings for t in m.turns] == [
            t.themes for m in alone.meetings for t in m.turns
        ]
    assert sum(len(languages(r)) for r in together) > 100


def test_a_worker_freezes_what_it_loaded_out_of_garbage_collection():
    # In a fresh process: the freeze happens once per process, and this one has run others.
    import subprocess
    import sys

    script = (
        "import gc\n"
        "from pipeline.run import _start_worker, _worker\n"
        "_start_worker(None, None)\n"
        "tracked = {id(o) for o in gc.get_objects()}\n"  # frozen objects are not listed
        "print(gc.get_freeze_count(), id(_worker['tagger'].__dict__) in tracked)\n"
        "_start_worker(None, None)\n"  # a second run's tagger is collected as usual
        "print(id(_worker['tagger'].__dict__) in {id(o) for o in gc.get_objects()})\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    ).stdout.split()
    frozen, first_listed, second_listed = int(out[0]), out[1], out[2]
    assert frozen > 10_000 and first_listed == "False" and second_listed == "True"


@pytest.fixture
def arrow_pool():
    """Arrow's default memory pool, put back after the test."""
    import pyarrow as pa

    previous = pa.default_memory_pool()
    yield pa
    pa.set_memory_pool(previous)


def test_use_jemalloc_gives_arrow_jemalloc_unless_the_environment_chooses(arrow_pool, monkeypatch):
    from pipeline.run import use_jemalloc

    pa = arrow_pool
    try:
        pa.jemalloc_memory_pool()
    except NotImplementedError:
        pytest.skip("this pyarrow build has no jemalloc")
    pa.set_memory_pool(pa.system_memory_pool())
    monkeypatch.setenv("ARROW_DEFAULT_MEMORY_POOL", "system")
    use_jemalloc()
    assert pa.default_memory_pool().backend_name == "system"
    monkeypatch.delenv("ARROW_DEFAULT_MEMORY_POOL")
    use_jemalloc()
    assert pa.default_memory_pool().backend_name == "jemalloc"
