"""Throughput of the language layer against bare fugashi, on the sample turns repeated.

    python bench/language.py [--mb 20] [--raw data/raw] [--rounds 3]

(a) bare fugashi: ``tagger(text)`` for every turn, fugashi's ordinary call that makes one
    node per token; (b) the language layer: sentences, token analyses (lemma, gloss, norm,
    POS, offsets) and the Parquet-ready pyarrow tables built from them, in batches of turns.
Prints characters per second for both and, last, ``ratio: R`` (layer / bare fugashi). The two
are timed in alternating rounds and each keeps its fastest round (as ``timeit`` does), so a
machine that slows down or speeds up during the run does not favour either. Before the rounds,
what setup loaded is frozen out of the garbage collector's walks, as a run's worker does.
"""

from __future__ import annotations

import argparse
import gc
import time
from pathlib import Path

from pipeline.ingest.discover import iter_source_files
from pipeline.language.layer import analyze_turns
from pipeline.registrations import populate_registry
from pipeline.run import structure_document
from pipeline.store.parquet import to_table
from pipeline.store.rows import SentenceBatch, TokenBatch, add_language_rows
from pipeline.unidic import tagger

BATCH_TURNS = 2000  # a document holds tens to hundreds of turns; the run batches per document


def corpus(raw: Path, megabytes: float) -> list[str]:
    populate_registry()
    texts = []
    for source in iter_source_files(raw):
        result = structure_document(source)
        texts += [t.text for m in result.meetings for t in m.turns if t.text]
    if not texts:
        raise SystemExit(f"no turns found under {raw}")
    out, size = [], 0
    while size < megabytes * 1_000_000:
        for text in texts:
            out.append(text)
            size += len(text.encode("utf-8"))
    return out


def bare(texts: list[str]) -> float:
    tag = tagger()
    start = time.perf_counter()
    for text in texts:
        tag(text)
    return time.perf_counter() - start


def layer(texts: list[str]) -> float:
    start = time.perf_counter()
    for first in range(0, len(texts), BATCH_TURNS):
        batch = texts[first : first + BATCH_TURNS]
        tables = {"sentences": SentenceBatch(), "tokens": TokenBatch()}
        for i, (text, lang) in enumerate(zip(batch, analyze_turns(batch), strict=True)):
            add_language_rows(tables, f"t{first + i}", text, lang)
        to_table("sentences", tables["sentences"])
        to_table("tokens", tables["tokens"])
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=20.0, help="megabytes of UTF-8 text")
    parser.add_argument("--raw", type=Path, default=Path("data/raw"))
    parser.add_argument("--rounds", type=int, default=3, help="alternating timing rounds")
    args = parser.parse_args()
    texts = corpus(args.raw, args.mb)
    chars = sum(map(len, texts))
    print(
        f"corpus: {len(texts)} turns, {chars:,} characters, "
        f"{sum(len(t.encode()) for t in texts) / 1e6:.1f} MB UTF-8"
    )
    bare(texts[:200])
    layer(texts[:200])  # warm up the taggers and the variant table
    gc.freeze()  # what is loaded by now lives on, as in a run's worker (pipeline/run.py)
    rounds = [(bare(texts), layer(texts)) for _ in range(max(1, args.rounds))]
    print("rounds (bare, layer) s: " + ", ".join(f"({b:.2f}, {x:.2f})" for b, x in rounds))
    t_bare = min(b for b, _ in rounds)
    t_layer = min(x for _, x in rounds)
    print(f"bare fugashi:   {chars / t_bare:,.0f} chars/s ({t_bare:.1f} s)")
    print(f"language layer: {chars / t_layer:,.0f} chars/s ({t_layer:.1f} s)")
    print(f"ratio: {t_bare / t_layer:.2f}")


if __name__ == "__main__":
    main()
