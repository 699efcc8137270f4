"""The corpus job: every file under the input folder to the Parquet tables.

Library first: :func:`run_corpus` is what ``kaigiroku run`` calls, and a notebook can too.
A bad file never stops the run; it gets ``status='failed'`` and a readable ``error``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from .errors import Code, DocumentError, message
from .ingest.discover import iter_source_files, unsupported_files
from .language.layer import analyze_turns
from .lexicon import Lexicon, load_lexicon
from .records import DocumentResult, SourceFile
from .registrations import populate_registry
from .registry import readers
from .store.parquet import write_tables
from .store.rows import document_rows
from .structure.minutes import structure
from .themes.model import ThemeModel
from .themes.tagger import ThemeTagger
from .themes.taxonomy import Taxonomy


@dataclass
class RunSummary:
    documents: int = 0
    ok: int = 0
    warning: int = 0
    failed: int = 0
    duplicates: int = 0
    skipped: list[str] = field(default_factory=list)
    meetings: int = 0
    turns: int = 0
    notes: int = 0

    def add(self, result: DocumentResult) -> None:
        self.documents += 1
        setattr(self, result.status, getattr(self, result.status) + 1)
        self.meetings += len(result.meetings)
        for m in result.meetings:
            self.turns += sum(t.kind == "speech" for t in m.turns)
            self.notes += sum(t.kind == "note" for t in m.turns)

    @property
    def nothing_read(self) -> bool:
        return self.documents == 0 or self.failed == self.documents


def structure_document(source: SourceFile, lexicon: Lexicon | None = None) -> DocumentResult:
    """Read, decode and structure one file (no language layer); never raises for bad input."""
    populate_registry()
    lexicon = lexicon or load_lexicon()
    reader = readers.get(f"kaigiroku.reader.{source.suffix.lstrip('.')}.v1")
    try:
        data = source.path.read_bytes()
    except OSError as exc:
        return DocumentResult(source, "failed", error=message(Code.READ_FAILED, exc))
    try:
        extracted = reader(data)
    except DocumentError as exc:
        return DocumentResult(source, "failed", error=str(exc))
    result = DocumentResult(
        source,
        "ok",
        format=extracted.format,
        encoding=extracted.encoding,
        warnings=list(extracted.warnings),
        text=extracted.text,
    )
    try:
        result.meetings = structure(extracted, lexicon)
    except Exception as exc:  # a bug must cost one document, not the run
        return _failed(result, exc)
    for m in result.meetings:
        result.warnings.extend(m.warnings)
    result.status = "warning" if result.warnings else "ok"
    return result


def process_document(
    source: SourceFile, lexicon: Lexicon | None = None, tagger: ThemeTagger | None = None
) -> DocumentResult:
    """:func:`structure_document`, then sentences and tokens for every turn, then themes
    (with ``tagger``, the built-in taxonomy's when not given)."""
    result = structure_document(source, lexicon)
    if result.status == "failed":
        return result
    turns = [turn for m in result.meetings for turn in m.turns]
    try:
        for turn, language in zip(turns, analyze_turns([t.text for t in turns]), strict=True):
            turn.language = language
        tagger = tagger or _default_tagger()
        for m in result.meetings:
            tagger.tag_turns(m.turns)
    except Exception as exc:  # as above: one document, not the run
        return _failed(result, exc)
    return result


@cache
def _default_tagger() -> ThemeTagger:
    return ThemeTagger()


def _failed(result: DocumentResult, exc: Exception) -> DocumentResult:
    result.status, result.meetings = "failed", []
    result.error = message(Code.INTERNAL, f"{type(exc).__name__}: {exc}")
    return result


def run_corpus(
    input_dir: Path,
    out_dir: Path,
    progress: Callable[[int, int, DocumentResult], None] | None = None,
    taxonomy: Taxonomy | None = None,
    model: ThemeModel | None = None,
) -> RunSummary:
    """Process every supported file under ``input_dir`` and write all tables to ``out_dir``.

    Themes come from ``taxonomy`` (the built-in one when not given) and, when given, the
    supervised ``model``. The topic tables are written empty: ``kaigiroku topics`` fills them.
    """
    populate_registry()
    lexicon = load_lexicon()
    tagger = ThemeTagger(taxonomy, model=model)
    summary = RunSummary(skipped=[str(p) for p in unsupported_files(input_dir)])
    sources = list(iter_source_files(input_dir))
    by_hash: dict[str, DocumentResult] = {}
    results: list[DocumentResult] = []
    for i, source in enumerate(sources, start=1):
        first = by_hash.get(source.sha256)
        if first is not None:  # the same bytes under another name: one document
            first.duplicate_paths.append(source.rel_path)
            summary.duplicates += 1
            continue
        result = process_document(source, lexicon, tagger)
        by_hash[source.sha256] = result
        results.append(result)
        summary.add(result)
        if progress:
            progress(i, len(sources), result)
    write_tables(out_dir, document_rows(results))
    return summary
