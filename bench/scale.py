"""Scale benchmarks of `kaigiroku run` on the synthetic bench corpus: figures, no asserts.

    python bench/scale.py [--docs 2000] [--rss 1000,10000] [--work /tmp/kaigiroku-bench]

Every run is the real command line in a child process (`python -m pipeline run`), timed
from outside. Measured, in this order:

- throughput: characters per second of a full run on ``--docs`` documents with 1 and with 2
  workers, next to bare fugashi (``tagger(text)`` on every document's text, in this process).
  The 1- and 2-worker runs alternate for ``--rounds`` rounds and each keeps its fastest run
  (as ``timeit`` does), so the machine's speed drifting during the bench favours neither;
- scaling: the 2-worker run's speed over the 1-worker run's;
- re-runs: nothing changed, then 1% of the files changed, as a share of the full run's time;
- peak RSS of a 1-worker run at each ``--rss`` corpus size (the child's own maximum).

The last lines are one per target: ``name: value target: T met`` (or ``missed``).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).parent))
from language import bare as bare_fugashi
from make_corpus import write_corpus


def run(raw: Path, out: Path, workers: int, full: bool = False) -> tuple[float, int]:
    """Seconds and peak RSS (bytes) of one `kaigiroku run` in a child process."""
    cmd = [sys.executable, "-m", "pipeline", "run", str(raw), "--out", str(out), "-q"]
    cmd += ["--workers", str(workers)] + (["--full"] if full else [])
    start = time.perf_counter()
    child = subprocess.Popen(cmd, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(cmd)} failed")
    return seconds, usage.ru_maxrss * 1024  # Linux reports kilobytes


def corpus(work: Path, n: int) -> Path:
    raw = work / f"raw-{n}"
    if not raw.exists():
        write_corpus(n, raw, seed=0)
    return raw


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=2000)
    parser.add_argument("--rss", default="1000,10000", help="corpus sizes for peak RSS")
    parser.add_argument("--work", type=Path, default=Path("/tmp/kaigiroku-bench"))
    parser.add_argument("--rounds", type=int, default=2, help="alternating full-run rounds")
    args = parser.parse_args()
    work = args.work
    work.mkdir(parents=True, exist_ok=True)
    results: list[tuple[str, str, str, bool]] = []

    raw = corpus(work, args.docs)
    out1, out2 = work / "out-1", work / "out-2"
    rounds = []
    for _ in range(max(1, args.rounds)):
        for out in (out1, out2):
            shutil.rmtree(out, ignore_errors=True)
        rounds.append(
            (run(raw, out1, workers=1, full=True)[0], run(raw, out2, workers=2, full=True)[0])
        )
    print(
        "full runs (1 worker, 2 workers) s: " + ", ".join(f"({a:.1f}, {b:.1f})" for a, b in rounds)
    )
    t1, t2 = min(a for a, _ in rounds), min(b for _, b in rounds)
    texts = pd.read_parquet(out1 / "sources")["text"].tolist()
    chars = sum(map(len, texts))
    bare = chars / bare_fugashi(texts)  # the same baseline as bench/language.py
    one, two = chars / t1, chars / t2
    print(f"corpus: {args.docs} documents, {chars:,} characters")
    print(f"bare fugashi:        {bare:>12,.0f} chars/s")
    print(f"run, 1 worker:       {one:>12,.0f} chars/s  ({t1:.1f} s)")
    print(f"run, 2 workers:      {two:>12,.0f} chars/s  ({t2:.1f} s)")
    per_worker = max(one, two / 2) / bare
    results.append(("throughput_per_worker", f"{per_worker:.2f}", ">= 0.5", per_worker >= 0.5))
    scaling = t1 / t2
    results.append(("scaling_1_to_2_workers", f"{scaling:.2f}x", ">= 1.7x", scaling >= 1.7))

    t_same, _ = run(raw, out1, workers=1)
    changed = sorted(p for p in raw.rglob("*") if p.is_file())[::100]  # 1%
    backup = {p: p.read_bytes() for p in changed}
    for p in changed:
        p.write_bytes(p.read_bytes() + b"\n")
    try:
        t_changed, _ = run(raw, out1, workers=1)
    finally:
        for p, data in backup.items():
            p.write_bytes(data)
    print(
        f"re-run, nothing changed: {t_same:.2f} s; 1% changed ({len(changed)} files): "
        f"{t_changed:.2f} s; full run {t1:.1f} s"
    )
    results.append(("rerun_unchanged", f"{t_same / t1:.1%}", "< 5%", t_same / t1 < 0.05))
    results.append(("rerun_1pct_changed", f"{t_changed / t1:.1%}", "< 10%", t_changed / t1 < 0.10))

    peaks = {}
    for n in [int(x) for x in args.rss.split(",") if x]:
        out = work / f"out-rss-{n}"
        shutil.rmtree(out, ignore_errors=True)
        seconds, peak = run(corpus(work, n), out, workers=1, full=True)
        peaks[n] = peak
        print(f"peak RSS at {n} documents: {peak / 2**20:,.0f} MiB ({seconds:.0f} s)")
        results.append((f"peak_rss_{n}", f"{peak / 2**20:.0f} MiB", "< 1024 MiB", peak < 2**30))
    if len(peaks) >= 2:
        low, high = peaks[min(peaks)], peaks[max(peaks)]
        growth = high / low - 1
        results.append(("peak_rss_growth", f"{growth:+.1%}", "within 10%", abs(growth) <= 0.10))

    for name, value, target, met in results:
        print(f"{name}: {value} target: {target} {'met' if met else 'missed'}")


if __name__ == "__main__":
    main()
