"""Web app latency on the synthetic bench corpus: figures, no asserts.

    python bench/web.py [--docs 2000] [--repeat 5] [--work /tmp/kaigiroku-bench]

Uses the tables and index `bench/search.py` builds (building them the same way when they are
missing), starts `kaigiroku serve` in a child process, and times whole HTTP requests from
this process over one keep-alive connection: the search page (query parsing, ranking,
snippets, themes and the rendered HTML of 20 hits) for the same queries as the search
benchmark, written as URL parameters, plus a second page of results; then meeting pages and
the Themes page (first request builds the report and its charts; later ones are cached).
Each URL is requested once to warm up and then ``--repeat`` times.

The last line is ``search page p95: V ms target: < 150 ms met`` (or ``missed``).
"""

from __future__ import annotations

import http.client
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(0, str(Path(__file__).parent.parent))
from make_corpus import write_corpus
from search import FILTERED, ONE_WORD, TWO_WORDS, bench_arguments, percentile, timed

from pipeline.web.tables import Tables

TARGET_P95_MS = 150.0


def search_urls() -> dict[str, list[str]]:
    def url(text: str, filters=None, page: int = 1) -> str:
        args = {"q": text}
        if filters is not None:
            args |= {
                "theme": filters.theme,
                "subtheme": filters.subtheme,
                "from": filters.date_from and filters.date_from.isoformat(),
                "to": filters.date_to and filters.date_to.isoformat(),
            }
        if page > 1:
            args["page"] = page
        return "/?" + urlencode({k: v for k, v in args.items() if v})

    return {
        "one word": [url(q) for q in ONE_WORD],
        "two words": [url(q) for q in TWO_WORDS],
        "word + theme + dates": [url(q, f) for q, f in FILTERED],
        "second page": [url(q, page=2) for q in ONE_WORD[:4]],
    }


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(con: http.client.HTTPConnection, url: str) -> tuple[float, int, int]:
    """Milliseconds for the whole response, its status and size."""
    start = time.perf_counter()
    con.request("GET", url)
    response = con.getresponse()
    body = response.read()
    return (time.perf_counter() - start) * 1000, response.status, len(body)


def main() -> None:
    args = bench_arguments(__doc__)
    cli = [sys.executable, "-m", "pipeline"]
    out = args.work / f"out-search-{args.docs}"
    if not (out / "search.sqlite").exists():
        raw = args.work / f"raw-{args.docs}"
        if not raw.exists():
            write_corpus(args.docs, raw, seed=0)
        timed([*cli, "run", str(raw), "--out", str(out), "--full", "--no-index", "-q"])
        timed([*cli, "index", "--data", str(out)])

    port = free_port()
    server = subprocess.Popen(
        [*cli, "serve", "--data", str(out), "--port", str(port)], stdout=subprocess.DEVNULL
    )
    try:
        con = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        for _ in range(300):
            try:
                fetch(con, "/")
                break
            except OSError:
                con.close()
                time.sleep(0.1)
        meetings, _ = Tables(out).meetings(limit=10)
        print(f"corpus: {args.docs} documents; serving {out} on port {port}")

        every: list[float] = []
        for kind, urls in search_urls().items():
            times = []
            for url in urls:
                fetch(con, url)  # warm-up
                for _ in range(args.repeat):
                    ms, status, size = fetch(con, url)
                    assert status == 200, (url, status)
                    times.append(ms)
            every += times
            print(
                f"{kind}: p50 {percentile(times, 50):.1f} ms  p95 {percentile(times, 95):.1f} ms"
                f"  ({len(urls)} URLs × {args.repeat})"
            )
        p95 = percentile(every, 95)
        print(f"search page, all: p50 {percentile(every, 50):.1f} ms  p95 {p95:.1f} ms")

        meeting_times = []
        for m in meetings:
            for _ in range(args.repeat):
                ms, status, size = fetch(con, f"/meetings/{m['meeting_id']}")
                assert status == 200
                meeting_times.append(ms)
        print(
            f"meeting page: p50 {statistics.median(meeting_times):.1f} ms  "
            f"p95 {percentile(meeting_times, 95):.1f} ms"
        )
        first, status, size = fetch(con, "/themes")
        again = [fetch(con, "/themes")[0] for _ in range(args.repeat)]
        print(
            f"themes page: first {first:.0f} ms (builds the report and charts, {size / 1024:.0f}"
            f" KiB), cached {statistics.median(again):.1f} ms"
        )
        print(
            f"search page p95: {p95:.1f} ms target: < {TARGET_P95_MS:.0f} ms "
            f"{'met' if p95 < TARGET_P95_MS else 'missed'}"
        )
    finally:
        server.terminate()
        server.wait(timeout=10)


if __name__ == "__main__":
    main()
