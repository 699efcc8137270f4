"""UniDic tokens for a text, straight from MeCab's output, without per-token Python work.

fugashi's node objects cost a Python object and a feature parse per token. Here MeCab prints
a line of three tab-separated fields per token: the surface, the white space it skipped before it
(``%pS``, which gives exact offsets) and the raw feature string (``%H``). Each distinct feature
string becomes an integer code in a per-process :class:`EntryTable`, whose columns (lemma,
gloss, norm, POS…) are computed once per entry; a token is its surface, offsets and code.
Word types follow Zipf's law, so the table stays small while the corpus grows.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from functools import cache

import fugashi
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from .normalize import norm

# Columns computed per dictionary entry, in table order.
ENTRY_COLUMNS = (
    "lemma",
    "gloss",
    "norm",
    "pos",
    "pos1",
    "cform",
    "ctype",
    "reading",
    "pron",
    "orth_base",
    "goshu",
    "is_unknown",
)
# Unknown words' key is * and their surface, which is also their lemma; known feature strings
# start with a POS name, never with *.
_KNOWN = r"%m\t%pS\t%H\n"
_UNKNOWN = r"%m\t%pS\t*%m\n"


def split_gloss(lemma: str) -> tuple[str, str | None]:
    """UniDic appends an English gloss to loanword lemmas: ``コンビニ-convenience``.

    >>> split_gloss("コンビニ-convenience"), split_gloss("漏洩"), split_gloss("J-LIS")
    (('コンビニ', 'convenience'), ('漏洩', None), ('J-LIS', None))
    """
    head, sep, tail = lemma.rpartition("-")
    if (
        sep
        and head
        and not head.isascii()
        and tail.isascii()
        and tail.islower()
        and (tail.replace(" ", "").replace("_", "").isalpha())
    ):
        return head, tail
    return lemma, None


class EntryTable:
    """Distinct feature strings seen by this process, and their column values."""

    def __init__(self):
        self.index: dict[str, int] = {}
        self.columns: dict[str, list] = {name: [] for name in ENTRY_COLUMNS}

    def __len__(self) -> int:
        return len(self.index)

    def codes(self, keys: list[str]) -> list[int]:
        codes = list(map(self.index.get, keys))
        if None in codes:
            codes = [self.index[k] if k in self.index else self._add(k) for k in keys]
        return codes

    def _add(self, key: str) -> int:
        if key.startswith("*"):
            values = _unknown_entry(key[1:])
        else:
            values = _known_entry(next(csv.reader([key])))
        for name, value in zip(ENTRY_COLUMNS, values, strict=True):
            self.columns[name].append(value)
        self.index[key] = len(self.index)
        return self.index[key]


def _none(value: str) -> str | None:
    return None if value in ("", "*") else value


def _pos(fields: list[str]) -> str:
    return "-".join(f for f in fields[:4] if f and f != "*")


def _known_entry(f: list[str]) -> tuple:
    # UniDic (unidic-lite) fields: 0-3 POS, 4 cType, 5 cForm, 7 lemma, 9 pron, 10 orthBase,
    # 12 goshu, 17 kana (the reading).
    lemma, gloss = split_gloss(f[7])
    return (
        lemma,
        gloss,
        norm(f[10]),
        _pos(f),
        f[0],
        _none(f[5]),
        _none(f[4]),
        _none(f[17]),
        _none(f[9]),
        f[10],
        _none(f[12]),
        False,
    )


def _unknown_entry(surface: str) -> tuple:
    # An unknown word's POS comes from its character class (unk.def), the same out of context.
    from ..unidic import tagger

    f = tagger()(surface)[0].feature_raw.split(",")
    return (
        surface,
        None,
        norm(surface),
        _pos(f),
        f[0],
        None,
        None,
        None,
        None,
        surface,
        None,
        True,
    )


@cache
def entry_table() -> EntryTable:
    """The process's entry table (codes are only meaningful within one process)."""
    return EntryTable()


@cache
def key_tagger() -> fugashi.GenericTagger:
    """The process's tagger printing surface, white space and features (unidic-lite)."""
    import unidic_lite

    # -r /dev/null: no system mecabrc; -O "": our -F/-U formats, not the dictionary's own.
    return fugashi.GenericTagger(
        f'-r /dev/null -d "{unidic_lite.DICDIR}" -O "" -F "{_KNOWN}" -U "{_UNKNOWN}" -E ""'
    )


# List views backed by the token arrays rather than by the entry table.
_ARRAY_COLUMNS = {
    "surface": "surface_array",
    "code": "code_array",
    "char_start": "start_array",
    "char_end": "end_array",
}
COLUMNS = ("surface", "char_start", "char_end", *ENTRY_COLUMNS)


@dataclass
class TokenColumns:
    """Tokens of one text: surfaces (Arrow), offsets into that text and entry codes (NumPy).

    Every column is also a list view (``surface``, ``char_start``, ``lemma``, ``pos``…), made
    on access; :meth:`to_columns` makes them once. The store reads the arrays directly and
    expands entry columns in Arrow.
    """

    surface_array: pa.Array
    code_array: np.ndarray
    start_array: np.ndarray
    end_array: np.ndarray
    entries: EntryTable = field(default_factory=entry_table)

    def __len__(self) -> int:
        return len(self.surface_array)

    def column(self, name: str) -> list:
        if name in _ARRAY_COLUMNS:
            return getattr(self, _ARRAY_COLUMNS[name]).tolist()
        values = self.entries.columns[name]
        return [values[c] for c in self.code_array.tolist()]

    def to_columns(self, names: tuple[str, ...] = COLUMNS) -> dict[str, list]:
        return {name: self.column(name) for name in names}


for _name in (*_ARRAY_COLUMNS, *ENTRY_COLUMNS):
    setattr(TokenColumns, _name, property(lambda self, _n=_name: self.column(_n)))

# MeCab reads tabs and NULs as structure and our output is one token per line: white space of
# the same length keeps every offset unchanged.
_BLANKS = str.maketrans({"\n": " ", "\r": " ", "\t": " ", "\x00": " ", "\x0b": " ", "\x0c": " "})
_CSV_READ = pacsv.ReadOptions(
    column_names=["surface", "space", "key"], use_threads=False, block_size=1 << 26
)
_CSV_PARSE = pacsv.ParseOptions(delimiter="\t", quote_char=False, escape_char=False)
_CSV_CONVERT = pacsv.ConvertOptions(
    column_types={"surface": pa.string(), "space": pa.string(), "key": pa.string()},
    strings_can_be_null=False,
    quoted_strings_can_be_null=False,
    null_values=[],
)


def analyze_many(texts: list[str]) -> list[TokenColumns]:
    """Tokens of each text, analysed one text at a time, post-processed all at once in Arrow.

    >>> first, second = analyze_many(["個人情報が漏えいした。", "ＳＳＬで暗号化"])
    >>> list(zip(first.surface, first.lemma, first.norm))[3]
    ('漏えい', '漏洩', '漏えい')
    >>> first.pos[0], first.char_start[3], first.char_end[3], second.norm[0]
    ('名詞-普通名詞-一般', 5, 8, 'ssl')
    """
    tagger, table = key_tagger(), entry_table()
    outs = [tagger.parse(text.translate(_BLANKS)) for text in texts]
    counts = np.array([out.count("\n") + 1 if out else 0 for out in outs], dtype=np.int64)
    bounds = np.concatenate([[0], np.cumsum(counts)])
    if not bounds[-1]:
        empty = pa.array([], pa.string())
        none = np.zeros(0, np.int32)
        return [TokenColumns(empty, none, none, none, table) for _ in texts]
    data = "\n".join(out for out in outs if out).encode("utf-8")
    parsed = pacsv.read_csv(
        io.BytesIO(data),
        read_options=_CSV_READ,
        parse_options=_CSV_PARSE,
        convert_options=_CSV_CONVERT,
    )
    surface = parsed.column("surface").combine_chunks()
    steps = pc.add(pc.utf8_length(parsed.column("space")), pc.utf8_length(surface))
    ends = np.cumsum(steps.to_numpy(), dtype=np.int64)
    # Offsets restart in every text: subtract what the texts before it consumed.
    before = np.concatenate([[0], ends])[bounds[:-1]]
    ends -= np.repeat(before, counts)
    starts = ends - pc.utf8_length(surface).to_numpy()
    encoded = pc.dictionary_encode(parsed.column("key")).combine_chunks()
    unique = table.codes(encoded.dictionary.to_pylist())
    codes = np.asarray(unique, dtype=np.int32)[encoded.indices.to_numpy()]
    ends, starts = ends.astype(np.int32), starts.astype(np.int32)
    return [
        TokenColumns(surface.slice(a, b - a), codes[a:b], starts[a:b], ends[a:b], table)
        for a, b in zip(bounds[:-1].tolist(), bounds[1:].tolist(), strict=True)
    ]


def analyze(text: str) -> TokenColumns:
    """Tokens of one text (see :func:`analyze_many`)."""
    return analyze_many([text])[0]
