"""Parallel workers, incremental re-runs and one writer per output folder."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pandas as pd
import pytest
from click.testing import CliRunner

from pipeline.cli import main
from pipeline.run import run_corpus
from pipeline.store.parquet import TablesLocked, TableWriter
from pipeline.store.schema import TABLES


@pytest.fixture
def raw(tmp_path, sample_path, fictional_dir):
    folder = tmp_path / "raw"
    folder.mkdir()
    (folder / "sample.txt").write_bytes(sample_path.read_bytes())
    for path in fictional_dir.iterdir():
        (folder / path.name).write_bytes(path.read_bytes())
    return folder


def tables(out) -> dict[str, pd.DataFrame]:
    """Every table, rows in a canonical order (runs may write documents in any order)."""
    frames = {}
    for name in TABLES:
        df = pd.read_parquet(out / name)
        frames[name] = df.astype(str).sort_values(list(df.columns)).reset_index(drop=True)
    return frames


def assert_same(a, b):
    for name in TABLES:
        pd.testing.assert_frame_equal(a[name], b[name], obj=name)


def test_two_workers_write_the_same_tables_as_one(raw, tmp_path):
    one = run_corpus(raw, tmp_path / "one", workers=1)
    two = run_corpus(raw, tmp_path / "two", workers=2)
    assert (one.documents, one.turns) == (two.documents, two.turns) == (3, one.turns)
    assert_same(tables(tmp_path / "one"), tables(tmp_path / "two"))


def test_documents_make_the_same_rows_alone_as_in_one_chunk(raw):
    import pyarrow as pa

    from pipeline import run as run_module
    from pipeline.ingest.discover import iter_source_files

    run_module._start_worker(None, None)
    jobs = [(source, []) for source in iter_source_files(raw)]
    together, outcomes = run_module.document_tables(jobs)
    alone = [run_module.document_tables([job]) for job in jobs]
    assert [o.rel_path for o in outcomes] == [s.rel_path for s, _ in jobs]
    assert outcomes == [o for _, (o,) in alone]
    assert set(together) == set(TABLES) - {"topics", "turn_topics"}
    for name, table in together.items():
        parts = [tables[name] for tables, _ in alone if name in tables]
        expected = pa.concat_tables(parts).to_pylist()
        assert table.to_pylist() == expected, name
    assert len({row["doc_id"] for row in together["documents"].to_pylist()}) == len(jobs) == 3


def test_unchanged_rerun_touches_nothing(raw, tmp_path):
    out = tmp_path / "out"
    run_corpus(raw, out)
    stamp = (out / "tokens" / "part-0.parquet").stat().st_mtime_ns
    again = run_corpus(raw, out)
    assert again.reused == again.documents == 3 and not again.written
    assert (out / "tokens" / "part-0.parquet").stat().st_mtime_ns == stamp


def test_changed_and_removed_documents(raw, tmp_path, fictional_path):
    out, fresh = tmp_path / "out", tmp_path / "fresh"
    run_corpus(raw, out)
    before = tables(out)
    changed = raw / fictional_path.name
    changed.write_text(changed.read_text("utf-8").replace("暗号化", "バックアップ"), "utf-8")
    (raw / "midorikawa_gikai.txt").unlink()
    summary = run_corpus(raw, out)
    assert (summary.documents, summary.reused) == (2, 1) and summary.written
    run_corpus(raw, fresh, full=True)
    after = tables(out)
    assert_same(after, tables(fresh))  # the same as processing from scratch
    assert len(after["documents"]) == 2 and len(before["documents"]) == 3
    assert after["turns"]["text"].str.contains("バックアップ").any()


def test_full_reprocesses_everything(raw, tmp_path):
    out = tmp_path / "out"
    run_corpus(raw, out)
    summary = run_corpus(raw, out, full=True)
    assert summary.reused == 0 and summary.documents == 3 and summary.written


def test_one_worker_processes_changed_documents_beside_the_copy_in_this_process(
    raw, tmp_path, fictional_path, monkeypatch
):
    # The copy of the unchanged rows runs on threads; the changed documents are processed
    # meanwhile in this process, with no pool of worker processes.
    import pipeline.run as run_module

    out, fresh = tmp_path / "out", tmp_path / "fresh"
    run_corpus(raw, out, workers=1)
    changed = raw / fictional_path.name
    changed.write_text(changed.read_text("utf-8").replace("暗号化", "バックアップ"), "utf-8")

    def no_pool(*args, **kwargs):
        raise AssertionError("a worker process was started")

    monkeypatch.setattr(run_module, "ProcessPoolExecutor", no_pool)
    summary = run_corpus(raw, out, workers=1)
    assert (summary.documents, summary.reused, summary.failed) == (3, 2, 0)
    monkeypatch.undo()
    run_corpus(raw, fresh, full=True)
    assert_same(tables(out), tables(fresh))


def test_a_second_writer_is_refused(raw, tmp_path):
    out = tmp_path / "out"
    with TableWriter(out):
        with pytest.raises(TablesLocked, match="another kaigiroku process"):
            run_corpus(raw, out)
        result = CliRunner().invoke(main, ["run", str(raw), "--out", str(out), "-q"])
        assert result.exit_code == 3 and "another kaigiroku process" in result.output
    run_corpus(raw, out)  # free again once the first writer is done


def test_a_crash_mid_run_keeps_the_last_tables_and_the_next_run_finishes(raw, tmp_path):
    out = tmp_path / "out"
    first = raw.parent / "first"
    first.mkdir()
    shutil.copy(raw / "sample.txt", first / "sample.txt")
    run_corpus(first, out)
    before = tables(out)
    # a run killed once a processed document's rows are written (documents may be processed
    # in another process, so the run dies where it counts them): none of it may show
    code = (
        "import os, sys; import pipeline.run as r\n"
        "real = r.RunSummary.add\n"
        "def die(self, outcome):\n"
        "    if 'midorikawa' in outcome.rel_path: os._exit(9)\n"
        "    return real(self, outcome)\n"
        "r.RunSummary.add = die\n"
        "r.run_corpus(sys.argv[1], sys.argv[2])\n"
    )
    killed = subprocess.run([sys.executable, "-c", code, str(raw), str(out)], check=False)
    assert killed.returncode == 9
    assert_same(tables(out), before)
    summary = run_corpus(raw, out)
    assert summary.documents == 3 and summary.reused == 1


def test_another_taxonomy_retags_without_retokenizing(raw, tmp_path):
    from pipeline.themes.taxonomy import load_taxonomy

    out = tmp_path / "out"
    run_corpus(raw, out)
    before = tables(out)
    custom = tmp_path / "custom.toml"
    custom.write_text("[themes.network]\nterms = ['暗号化', 'クラウド']\n", encoding="utf-8")
    summary = run_corpus(raw, out, taxonomy=load_taxonomy(custom))
    assert summary.reused == 3 and summary.written
    after = tables(out)
    assert set(after["turn_themes"]["theme"]) == {"network"}
    for name in ("tokens", "sentences", "turns"):
        pd.testing.assert_frame_equal(after[name], before[name], obj=name)
    # and back: the built-in taxonomy's tags, as a fresh run makes them
    run_corpus(raw, out)
    assert_same(tables(out), before)


def test_rows_of_another_build_are_not_reused(raw, tmp_path, monkeypatch):
    import pipeline.run as run_module

    out = tmp_path / "out"
    run_corpus(raw, out)
    monkeypatch.setattr(run_module, "BUILD", "9.9.9/schema-9")
    summary = run_corpus(raw, out)
    assert summary.reused == 0 and summary.documents == 3


def test_dask_executor_writes_the_same_tables(raw, tmp_path):
    run_corpus(raw, tmp_path / "local", workers=1)
    summary = run_corpus(raw, tmp_path / "dask", workers=2, executor="dask")
    assert summary.documents == 3 and summary.failed == 0
    assert_same(tables(tmp_path / "local"), tables(tmp_path / "dask"))


def test_unknown_executor_is_refused(raw, tmp_path):
    with pytest.raises(ValueError, match="executor must be one of"):
        run_corpus(raw, tmp_path / "out", executor="spark")


def test_dask_executor_on_a_scheduler_address(raw, tmp_path):
    from distributed import LocalCluster

    with LocalCluster(n_workers=1, threads_per_worker=2, dashboard_address=None) as cluster:
        result = CliRunner().invoke(
            main,
            [
                "run",
                str(raw),
                "--out",
                str(tmp_path / "out"),
                "-q",
                "--executor",
                "dask",
                "--scheduler",
                cluster.scheduler_address,
            ],
        )
    assert result.exit_code == 0, result.output
    run_corpus(raw, tmp_path / "local", workers=1)
    assert_same(tables(tmp_path / "local"), tables(tmp_path / "out"))


def test_copied_rows_come_first_in_document_order(raw, tmp_path, fictional_path):
    # The copy runs on a thread while changed documents are processed; writes keep order.
    out = tmp_path / "out"
    run_corpus(raw, out)
    changed = raw / fictional_path.name
    changed.write_text(changed.read_text("utf-8") + "\n", "utf-8")
    run_corpus(raw, out)
    docs = pd.read_parquet(out / "documents")
    order = pd.read_parquet(out / "tokens", columns=["turn_id"])["turn_id"].str[:16]
    changed_id = docs.loc[docs["source_path"] == fictional_path.name, "doc_id"].item()
    assert order.iloc[-1] == changed_id and order.iloc[0] != changed_id
    assert order.drop_duplicates().tolist()[-1] == changed_id  # its rows in one block, last


def test_a_failed_copy_fails_the_run_and_keeps_the_tables(
    raw, tmp_path, fictional_path, monkeypatch
):
    import pipeline.run as run

    out = tmp_path / "out"
    run_corpus(raw, out)
    before = tables(out)
    changed = raw / fictional_path.name
    changed.write_text(changed.read_text("utf-8") + "\n", "utf-8")

    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(run, "copy_documents", broken)
    with pytest.raises(OSError, match="disk full"):
        run_corpus(raw, out)
    assert_same(tables(out), before)
    assert not list(out.glob(".staging-*"))


def test_a_stopped_copy_writes_nothing_more(raw, tmp_path):
    import threading

    from pipeline.store.reuse import copy_documents

    out = tmp_path / "out"
    run_corpus(raw, out)
    ids = set(pd.read_parquet(out / "documents")["doc_id"])
    stop = threading.Event()
    stop.set()
    with TableWriter(tmp_path / "copy") as writer:
        copy_documents(out, writer, ids, stop=stop)
        writer.commit()
    assert all(len(pd.read_parquet(tmp_path / "copy" / name)) == 0 for name in TABLES)
    with TableWriter(tmp_path / "copy") as writer:
        copy_documents(out, writer, ids)
        writer.commit()
    assert_same(tables(tmp_path / "copy"), tables(out))


def test_statistics_only_for_ids_and_numbers(raw, tmp_path):
    import pyarrow.parquet as pq

    out = tmp_path / "out"
    run_corpus(raw, out)
    columns = pq.ParquetFile(out / "tokens" / "part-0.parquet").metadata.row_group(0)
    stats = {
        columns.column(i).path_in_schema: columns.column(i).is_stats_set
        for i in range(columns.num_columns)
    }
    assert stats["turn_id"] and stats["char_start"] and not stats["lemma"]
