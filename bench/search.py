"""Search benchmark on the synthetic bench corpus: figures, no asserts.

    python bench/search.py [--docs 2000] [--repeat 5] [--work /tmp/kaigiroku-bench]

Builds the tables with `kaigiroku run --no-index` and then the index with `kaigiroku index`
(both timed from outside, in child processes), checks the index holds at least 100,000
turns, and times typical queries in this process through the library, as the CLI and the
web app call it: parsing, FTS5 ranking, counting, themes and highlighted snippets of the
first 10 hits. Three kinds of query: one word, two words, and a word with a theme and a
date filter. Each query runs once to warm up and then ``--repeat`` times.

The last lines are one per target: ``name: value target: T met`` (or ``missed``).
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(0, str(Path(__file__).parent.parent))
from make_corpus import write_corpus

from pipeline.search.engine import Filters, Searcher

ONE_WORD = [
    "情報",
    "暗号化",
    "個人情報",
    "漏えい",
    "開示",
    "バックアップ",
    "パスワード",
    "委託",
]
TWO_WORDS = [
    "データ 保存",
    "個人情報 漏えい",
    "暗号化 サーバ",
    "開示 請求",
    "委託 契約",
    "パスワード 管理",
]
FILTERED = [
    ("バックアップ", Filters(theme="security", date_from=dt.date(2015, 4, 1))),
    (
        "開示",
        Filters(theme="disclosure", date_from=dt.date(2018, 1, 1), date_to=dt.date(2022, 12, 31)),
    ),
    ("個人情報", Filters(theme="pii", date_from=dt.date(2020, 4, 1))),
    (
        "暗号化",
        Filters(theme="security", subtheme="encryption_network", date_to=dt.date(2016, 3, 31)),
    ),
]
MIN_TURNS = 100_000
TARGET_P95_MS = 50.0


def timed(cmd: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def percentile(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1]


def bench_arguments(doc: str) -> argparse.Namespace:
    """``--docs``, ``--repeat`` and ``--work``, shared with the web benchmark."""
    parser = argparse.ArgumentParser(description=doc.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--work", type=Path, default=Path("/tmp/kaigiroku-bench"))
    return parser.parse_args()


def main() -> None:
    args = bench_arguments(__doc__)
    raw = args.work / f"raw-{args.docs}"
    if not raw.exists():
        write_corpus(args.docs, raw, seed=0)
    out = args.work / f"out-search-{args.docs}"
    cli = [sys.executable, "-m", "pipeline"]
    run_s = timed([*cli, "run", str(raw), "--out", str(out), "--full", "--no-index", "-q"])
    index_s = timed([*cli, "index", "--data", str(out), "--rebuild"])
    size = (out / "search.sqlite").stat().st_size

    with Searcher(out) as searcher:
        turns = searcher.count()
        print(f"corpus: {args.docs} documents, {turns} speech turns indexed")
        print(
            f"run (tables only): {run_s:.1f} s; index build: {index_s:.1f} s "
            f"({index_s / run_s:.0%} of the run); index file {size / 2**20:.0f} MiB"
        )
        kinds = {
            "one word": [(q, None) for q in ONE_WORD],
            "two words": [(q, None) for q in TWO_WORDS],
            "word + theme + dates": FILTERED,
        }
        every: list[float] = []
        for kind, queries in kinds.items():
            times = []
            for text, filters in queries:
                result = searcher.search(text, filters)  # warm-up
                for _ in range(args.repeat):
                    start = time.perf_counter()
                    searcher.search(text, filters)
                    times.append((time.perf_counter() - start) * 1000)
                print(
                    f"  {text!r:28} {result.total:>7} hits  "
                    f"median {statistics.median(times[-args.repeat :]):6.1f} ms"
                )
            every += times
            print(f"{kind}: p50 {percentile(times, 50):.1f} ms  p95 {percentile(times, 95):.1f} ms")

    p95 = percentile(every, 95)
    print(f"all queries: p50 {percentile(every, 50):.1f} ms  p95 {p95:.1f} ms")
    print(
        f"turns indexed: {turns} target: >= {MIN_TURNS} {'met' if turns >= MIN_TURNS else 'missed'}"
    )
    print(
        f"search p95: {p95:.1f} ms target: < {TARGET_P95_MS:.0f} ms "
        f"{'met' if p95 < TARGET_P95_MS else 'missed'}"
    )


if __name__ == "__main__":
    main()
