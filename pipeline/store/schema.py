"""Every table's pyarrow schema, in one place. The README documents each column."""

from __future__ import annotations

import pyarrow as pa

SCHEMA_VERSION = 1

_str = pa.string()
_int = pa.int32()
_offsets = [pa.field("char_start", _int), pa.field("char_end", _int)]
EVIDENCE = pa.struct([pa.field("term", _str), *_offsets, pa.field("weight", pa.float32())])

TABLES: dict[str, pa.Schema] = {
    "documents": pa.schema(
        [
            pa.field("doc_id", _str, nullable=False),
            pa.field("source_path", _str, nullable=False),
            pa.field("duplicate_paths", pa.list_(_str)),
            pa.field("sha256", _str, nullable=False),
            pa.field("size_bytes", pa.int64()),
            pa.field("format", _str),
            pa.field("encoding", _str),
            pa.field("status", _str, nullable=False),
            pa.field("error", _str),
            pa.field("warnings", pa.list_(_str)),
            pa.field("n_chars", _int),
            pa.field("n_meetings", _int),
            pa.field("n_turns", _int),
        ]
    ),
    "sources": pa.schema(
        [
            pa.field("doc_id", _str, nullable=False),
            pa.field("text", pa.large_string()),
        ]
    ),
    "meetings": pa.schema(
        [
            pa.field("meeting_id", _str, nullable=False),
            pa.field("doc_id", _str, nullable=False),
            pa.field("title", _str),
            pa.field("body", _str),
            pa.field("municipality", _str),
            pa.field("fiscal_year", pa.int16()),
            pa.field("session_no", _int),
            pa.field("date", pa.date32()),
            pa.field("weekday_text", _str),
            pa.field("start_time", _str),
            pa.field("end_time", _str),
            pa.field("venue", _str),
            pa.field("is_public", pa.bool_()),
            pa.field("publicity", _str),
            pa.field("audience", _int),
            pa.field("header_char_start", _int),
            pa.field("header_char_end", _int),
            pa.field("n_speech", _int),
            pa.field("n_notes", _int),
            pa.field("warnings", pa.list_(_str)),
            pa.field("house", _str),
            pa.field("diet_session", _int),
            pa.field("issue", _str),
        ]
    ),
    "participants": pa.schema(
        [
            pa.field("meeting_id", _str, nullable=False),
            pa.field("seq", _int),
            pa.field("name", _str),
            pa.field("family_name", _str),
            pa.field("title", _str),
            pa.field("role", _str),
            pa.field("section", _str),
            pa.field("present", pa.bool_()),
            pa.field("note", _str),
            pa.field("count", _int),
            *_offsets,
        ]
    ),
    "agenda_items": pa.schema(
        [
            pa.field("meeting_id", _str, nullable=False),
            pa.field("seq", _int),
            pa.field("item_no", _str),
            pa.field("level", _int),
            pa.field("title", _str),
            *_offsets,
        ]
    ),
    "turns": pa.schema(
        [
            pa.field("meeting_id", _str, nullable=False),
            pa.field("turn_id", _str, nullable=False),
            pa.field("doc_id", _str, nullable=False),
            pa.field("seq", _int),
            pa.field("kind", _str),
            pa.field("note_type", _str),
            pa.field("speaker_label", _str),
            pa.field("speaker_name", _str),
            pa.field("role", _str),
            pa.field("resolution", _str),
            pa.field("text", _str),
            *_offsets,
            pa.field("label_start", _int),
            pa.field("label_end", _int),
            pa.field("repairs", pa.list_(_str)),
            pa.field("speaker_yomi", _str),
            pa.field("speaker_group", _str),
            pa.field("speaker_position", _str),
            pa.field("speaker_role_source", _str),
            pa.field("n_sentences", _int),
            pa.field("n_tokens", _int),
        ]
    ),
    "sentences": pa.schema(
        [
            pa.field("turn_id", _str, nullable=False),
            pa.field("sent_idx", _int),
            pa.field("text", _str),
            *_offsets,
        ]
    ),
    "tokens": pa.schema(
        [
            pa.field("turn_id", _str, nullable=False),
            pa.field("sent_idx", _int),
            pa.field("tok_idx", _int),
            pa.field("surface", _str),
            pa.field("lemma", _str),
            pa.field("gloss", _str),
            pa.field("norm", _str),
            pa.field("pos", _str),
            pa.field("pos1", _str),
            pa.field("cform", _str),
            pa.field("ctype", _str),
            pa.field("reading", _str),
            pa.field("pron", _str),
            pa.field("orth_base", _str),
            pa.field("goshu", _str),
            pa.field("is_unknown", pa.bool_()),
            *_offsets,
        ]
    ),
    "turn_themes": pa.schema(
        [
            pa.field("turn_id", _str, nullable=False),
            pa.field("meeting_id", _str, nullable=False),
            pa.field("theme", _str, nullable=False),
            pa.field("subtheme", _str),
            pa.field("score", pa.float32()),
            pa.field("subtheme_score", pa.float32()),
            pa.field("method", _str, nullable=False),
            pa.field("evidence", pa.list_(EVIDENCE)),
            pa.field("context_turn_id", _str),
        ]
    ),
    "topics": pa.schema(
        [
            pa.field("topic_id", _int, nullable=False),
            pa.field("label", _str),
            pa.field("terms", pa.list_(_str)),
            pa.field("weights", pa.list_(pa.float32())),
            pa.field("n_turns", _int),
            pa.field("method", _str),
        ]
    ),
    "turn_topics": pa.schema(
        [
            pa.field("turn_id", _str, nullable=False),
            pa.field("topic_id", _int, nullable=False),
            pa.field("share", pa.float32()),
        ]
    ),
}


# Columns a writer may be handed as Arrow dictionaries: every text column of the tokens (ids,
# words, tags), few distinct values on millions of rows, which Parquet stores
# dictionary-encoded in any case. A re-run reads them back as dictionaries and writes them
# so, sparing the decoding of every value and its hashing again. Readers see the plain types
# of TABLES either way.
DICTIONARY_COLUMNS: dict[str, tuple[str, ...]] = {
    "tokens": tuple(f.name for f in TABLES["tokens"] if f.type == _str),
}


def dictionary_schema(name: str) -> pa.Schema:
    """``TABLES[name]`` with its :data:`DICTIONARY_COLUMNS` as dictionaries of their type.

    >>> dictionary_schema("tokens").field("pos").type
    DictionaryType(dictionary<values=string, indices=int32, ordered=0>)
    """
    schema = TABLES[name]
    for column in DICTIONARY_COLUMNS.get(name, ()):
        i = schema.get_field_index(column)
        schema = schema.set(i, schema[i].with_type(pa.dictionary(pa.int32(), schema[i].type)))
    return schema


# The closed vocabularies of the `role` and `status` columns (the README lists them too).
ROLES = ("chair", "vice_chair", "member", "secretariat", "agency", "guest", "collective", "unknown")
STATUSES = ("ok", "warning", "failed")
METHODS = ("lexicon", "context", "model")
