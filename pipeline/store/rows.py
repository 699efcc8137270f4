"""Records to table rows: the one place that maps dataclass fields to columns."""

from __future__ import annotations

import itertools
from collections.abc import Iterable

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from ..language.analyzer import ENTRY_COLUMNS, entry_table
from ..records import DocumentResult, ThemeTag, TurnLanguage
from .schema import TABLES, dictionary_schema


def meeting_id(doc_id: str, index: int) -> str:
    return f"{doc_id}-{index}"


def turn_id(meeting: str, seq: int) -> str:
    return f"{meeting}-{seq:04d}"


def document_rows(results: Iterable[DocumentResult]) -> dict[str, list[dict] | dict[str, list]]:
    """Rows per table: lists of dicts, except ``sentences`` and ``tokens``, kept as columns
    (they are the big ones)."""
    tables: dict = {name: [] for name in TABLES}
    tables["sentences"] = SentenceBatch()
    tables["tokens"] = TokenBatch()
    for result in results:
        n_turns = sum(len(m.turns) for m in result.meetings)
        tables["documents"].append(
            {
                "doc_id": result.doc_id,
                "source_path": result.source.rel_path,
                "duplicate_paths": result.duplicate_paths,
                "sha256": result.source.sha256,
                "size_bytes": result.source.size,
                "format": result.format,
                "encoding": result.encoding,
                "status": result.status,
                "error": result.error,
                "warnings": result.warnings,
                "n_chars": len(result.text) if result.text is not None else None,
                "n_meetings": len(result.meetings),
                "n_turns": n_turns,
            }
        )
        if result.text is not None:
            tables["sources"].append({"doc_id": result.doc_id, "text": result.text})
        for index, m in enumerate(result.meetings):
            mid = meeting_id(result.doc_id, index)
            tables["meetings"].append(
                {
                    "meeting_id": mid,
                    "doc_id": result.doc_id,
                    "title": m.title,
                    "body": m.body,
                    "municipality": m.municipality,
                    "fiscal_year": m.fiscal_year,
                    "session_no": m.session_no,
                    "date": m.date,
                    "weekday_text": m.weekday_text,
                    "start_time": m.start_time,
                    "end_time": m.end_time,
                    "venue": m.venue,
                    "is_public": m.is_public,
                    "publicity": m.publicity,
                    "audience": m.audience,
                    "header_char_start": m.header_start,
                    "header_char_end": m.header_end,
                    "n_speech": sum(t.kind == "speech" for t in m.turns),
                    "n_notes": sum(t.kind == "note" for t in m.turns),
                    "warnings": m.warnings,
                    "house": m.house,
                    "diet_session": m.diet_session,
                    "issue": m.issue,
                }
            )
            for seq, p in enumerate(m.participants):
                tables["participants"].append(
                    {
                        "meeting_id": mid,
                        "seq": seq,
                        "name": p.name,
                        "family_name": p.family_name,
                        "title": p.title,
                        "role": p.role,
                        "section": p.section,
                        "present": p.present,
                        "note": p.note,
                        "count": p.count,
                        "char_start": p.char_start,
                        "char_end": p.char_end,
                    }
                )
            for seq, a in enumerate(m.agenda):
                tables["agenda_items"].append(
                    {
                        "meeting_id": mid,
                        "seq": seq,
                        "item_no": a.item_no,
                        "level": a.level,
                        "title": a.title,
                        "char_start": a.char_start,
                        "char_end": a.char_end,
                    }
                )
            for seq, t in enumerate(m.turns):
                tid, lang = turn_id(mid, seq), t.language
                if lang is not None:
                    add_language_rows(tables, tid, t.text, lang)
                tables["turn_themes"].extend(theme_rows(mid, tid, t.themes))
                tables["turns"].append(
                    {
                        "meeting_id": mid,
                        "turn_id": tid,
                        "doc_id": result.doc_id,
                        "seq": seq,
                        "kind": t.kind,
                        "note_type": t.note_type,
                        "speaker_label": t.speaker_label,
                        "speaker_name": t.speaker_name,
                        "role": t.role,
                        "resolution": t.resolution,
                        "text": t.text,
                        "char_start": t.char_start,
                        "char_end": t.char_end,
                        "label_start": t.label_start,
                        "label_end": t.label_end,
                        "repairs": t.repairs,
                        "speaker_yomi": t.speaker_yomi,
                        "speaker_group": t.speaker_group,
                        "speaker_position": t.speaker_position,
                        "speaker_role_source": t.speaker_role_source,
                        "n_sentences": len(lang.sentences) if lang else None,
                        "n_tokens": len(lang.tokens) if lang else None,
                    }
                )
    return tables


def theme_rows(meeting: str, tid: str, tags: Iterable[ThemeTag]) -> list[dict]:
    return [
        {
            "turn_id": tid,
            "meeting_id": meeting,
            "theme": tag.theme,
            "subtheme": tag.subtheme,
            "score": tag.score,
            "subtheme_score": tag.subtheme_score,
            "method": tag.method,
            "evidence": [vars(e) for e in tag.evidence],
            "context_turn_id": (
                None if tag.context_seq is None else turn_id(meeting, tag.context_seq)
            ),
        }
        for tag in tags
    ]


def add_language_rows(tables: dict, tid: str, text: str, lang: TurnLanguage) -> None:
    """Append one turn's sentences and tokens to their batches in ``tables``."""
    tables["sentences"].add(tid, text, lang.sentences)
    tables["tokens"].add(tid, lang)


def _per_turn(turn_ids: list[str], counts: np.ndarray) -> tuple[pa.DictionaryArray, pa.Array]:
    """For rows grouped by turn, ``counts[i]`` of turn ``turn_ids[i]``: each row's turn id (a
    dictionary of the turns) and its index within its turn."""
    total = int(counts.sum())
    rows_before = np.repeat(np.cumsum(counts) - counts, counts)
    turn = pa.DictionaryArray.from_arrays(
        pa.array(np.repeat(np.arange(len(counts), dtype=np.int32), counts)),
        pa.array(turn_ids, pa.string()),
    )
    return turn, pa.array(np.arange(total, dtype=np.int64) - rows_before, pa.int32())


class SentenceBatch:
    """Sentences of many turns, until :meth:`to_table` makes the Arrow table's columns."""

    def __init__(self):
        self.turn_ids: list[str] = []
        self.texts: list[str] = []
        self.spans: list[list[tuple[int, int]]] = []

    def __len__(self) -> int:
        return sum(map(len, self.spans))

    def add(self, tid: str, text: str, spans: list[tuple[int, int]]) -> None:
        self.turn_ids.append(tid)
        self.texts.append(text)
        self.spans.append(spans)

    def to_table(self) -> pa.Table:
        counts = np.fromiter(map(len, self.spans), dtype=np.int64, count=len(self.spans))
        total = int(counts.sum())
        bounds = np.fromiter(
            itertools.chain.from_iterable(itertools.chain.from_iterable(self.spans)),
            dtype=np.int32,
            count=2 * total,
        ).reshape(-1, 2)
        turn_ids, within = _per_turn(self.turn_ids, counts)
        columns = {
            "turn_id": turn_ids.dictionary_decode(),
            "sent_idx": within,
            "text": [
                text[start:end]
                for text, spans in zip(self.texts, self.spans, strict=True)
                for start, end in spans
            ],
            "char_start": pa.array(bounds[:, 0]),
            "char_end": pa.array(bounds[:, 1]),
        }
        return pa.Table.from_pydict(columns, schema=TABLES["sentences"])


class TokenBatch:
    """Tokens of many turns as arrays, until :meth:`to_table` makes the Arrow table.

    Turns analysed together sit next to each other in one :class:`TokenArrays`; the batch
    keeps row ranges of those (merged while turns follow each other), not per-turn copies.
    The table's text columns are Arrow dictionaries (:func:`dictionary_schema`) of the distinct
    values these turns use (surfaces, and the lemma, POS, norm… of their entries), so no value
    is copied per token, what a worker sends is half the size, and Parquet keeps them as
    dictionaries. The table writer takes them as they are; readers of the files see plain
    strings.
    """

    def __init__(self):
        self.turn_ids: list[str] = []
        self.counts: list[int] = []
        self.runs: list[list] = []  # [TokenArrays, first row, stop row]
        self.sent_idx: list[np.ndarray] = []

    def __len__(self) -> int:
        return sum(self.counts)

    def add(self, tid: str, lang: TurnLanguage) -> None:
        tokens = lang.tokens
        self.turn_ids.append(tid)
        self.counts.append(len(tokens))
        self.sent_idx.append(lang.sent_idx)
        last = self.runs[-1] if self.runs else None
        if last is not None and last[0] is tokens.arrays and last[2] == tokens.first:
            last[2] = tokens.stop
        else:
            self.runs.append([tokens.arrays, tokens.first, tokens.stop])

    def _rows(self, column: str) -> np.ndarray:
        parts = [getattr(arrays, column)[a:b] for arrays, a, b in self.runs]
        return np.concatenate(parts) if parts else np.zeros(0, np.int32)

    def _surface(self) -> pa.DictionaryArray:
        """Surfaces indexing the key surfaces of the batches the turns came from."""
        dictionaries, offsets, indices = [], {}, []
        for arrays, a, b in self.runs:
            if id(arrays) not in offsets:
                offsets[id(arrays)] = sum(map(len, dictionaries))
                dictionaries.append(arrays.key_surface)
            indices.append(arrays.key[a:b] + np.int32(offsets[id(arrays)]))
        if not dictionaries:
            return pa.DictionaryArray.from_arrays(
                pa.array([], pa.int32()), pa.array([], pa.string())
            )
        # Entries and batches share surfaces: the written dictionary must be distinct values.
        distinct = pc.dictionary_encode(pa.concat_arrays(dictionaries))
        return pa.DictionaryArray.from_arrays(
            distinct.indices.take(pa.array(np.concatenate(indices))), distinct.dictionary
        )

    def to_table(self) -> pa.Table:
        schema = dictionary_schema("tokens")
        turn_ids, within = _per_turn(self.turn_ids, np.asarray(self.counts, dtype=np.int64))
        columns = {
            "turn_id": turn_ids,
            "sent_idx": pa.array(np.concatenate(self.sent_idx or [[]]), pa.int32()),
            "tok_idx": within,
            "surface": self._surface(),
            "char_start": pa.array(self._rows("start"), pa.int32()),
            "char_end": pa.array(self._rows("end"), pa.int32()),
        }
        types = {name: TABLES["tokens"].field(name).type for name in ENTRY_COLUMNS}
        columns |= entry_table().token_columns(self._rows("code"), types)
        return pa.Table.from_pydict({f: columns[f] for f in schema.names}, schema=schema)
