"""Records to table rows: the one place that maps dataclass fields to columns."""

from __future__ import annotations

from collections.abc import Iterable

from ..records import DocumentResult


def meeting_id(doc_id: str, index: int) -> str:
    return f"{doc_id}-{index}"


def turn_id(meeting: str, seq: int) -> str:
    return f"{meeting}-{seq:04d}"


def document_rows(results: Iterable[DocumentResult]) -> dict[str, list[dict]]:
    tables: dict[str, list[dict]] = {
        name: []
        for name in ("documents", "sources", "meetings", "participants", "agenda_items", "turns")
    }
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
                tables["turns"].append(
                    {
                        "meeting_id": mid,
                        "turn_id": turn_id(mid, seq),
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
                    }
                )
    return tables
