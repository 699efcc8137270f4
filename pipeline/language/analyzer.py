"""UniDic tokens for a text, straight from MeCab's output, without per-token Python work.

fugashi's node objects cost a Python object and a feature parse per token. Here MeCab prints
a line of two tab-separated fields per token: the white space it skipped before the token
(``%pS``, which gives exact offsets) and a short key naming the dictionary entry: its left and
right context ids, word cost and surface (UniDic's POS id, ``%h``, is the same for every entry,
so it adds nothing). Each distinct key becomes an integer code in a per-process
:class:`EntryTable`, whose columns (lemma, gloss, norm, POS…) are computed once per entry; a
token is its key's number in the batch, its offsets and its code, and surfaces and lengths come
from the batch's distinct keys. Word types follow Zipf's law, so the table stays small while
the corpus grows.

A key's entry (its feature string) is learnt the first time the key is seen, by parsing that
text again with a tagger that prints the feature string (``%H``); the analysis is the same, only
the output differs. Printing short keys instead of feature strings is what keeps the layer close
to bare tagging. Two UniDic entries can share a key (畏縮 and 萎縮 are both い縮, with the same
ids and cost); MeCab then always chooses the same one, so a key still names one entry.
"""

from __future__ import annotations

import csv
import ctypes
import importlib
import io
import re
import shlex
import weakref
from dataclasses import dataclass, field
from functools import cache, cached_property
from itertools import pairwise

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
# A short key is "<left id> <right id> <cost> <surface>"; an unknown word's is "* <surface>"
# (its surface is also its lemma, so it needs no second parse). In feature output an unknown
# word is "*<surface>"; known words' feature strings start with a POS name, never with *.
_KNOWN_KEY = r"%pS\t%phl %phr %pw %m\n"
_UNKNOWN_KEY = r"%pS\t* %m\n"
# The key's numbers (or its *), then the space before the surface.
_KEY_PREFIX = r"^(?:\S+ \S+ \S+|\*) "
_KNOWN_FEATURE = r"%m\t%pS\t%H\n"
_UNKNOWN_FEATURE = r"%m\t%pS\t*%m\n"


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
    """Distinct entries seen by this process, and their column values.

    ``index`` maps a feature string (or ``*surface`` for an unknown word) to its code;
    ``keys`` maps the short keys of :func:`key_tagger` to the same codes.
    """

    def __init__(self):
        self.index: dict[str, int] = {}
        self.keys: dict[str, int] = {}
        self.columns: dict[str, list] = {name: [] for name in ENTRY_COLUMNS}
        self._arrays: dict[str, pa.Array] = {}

    def __len__(self) -> int:
        return len(self.index)

    def array(self, name: str, type: pa.DataType) -> pa.Array:
        """Column ``name`` as an Arrow array indexed by code (extended as entries are added,
        never rebuilt: entries are only appended)."""
        done = self._arrays.get(name)
        if done is None or len(done) < len(self.index):
            start = 0 if done is None else len(done)
            new = pa.array(self.columns[name][start:], type)
            done = new if done is None else pa.concat_arrays([done, new])
            self._arrays[name] = done
        return done

    def token_columns(self, codes: np.ndarray, types: dict[str, pa.DataType]) -> dict:
        """Column ``name`` of the tokens whose entry codes are ``codes``, for each name in
        ``types``: a string column as an Arrow dictionary of the distinct values these tokens
        use (so no value is copied per token, and the dictionary stays small enough to send),
        any other type as plain values. A null value is a null index (Parquet refuses nulls
        inside a dictionary).

        >>> table = EntryTable()
        >>> table.codes(["*ＩＣＴ", "*ICT", "*ＳＳＬ"])
        [0, 1, 2]
        >>> out = table.token_columns(np.array([2, 0, 1]), {"norm": pa.string()})
        >>> out["norm"].dictionary.to_pylist(), out["norm"].indices.to_pylist()
        (['ict', 'ssl'], [1, 0, 0])
        """
        used = np.zeros(len(self), dtype=bool)
        used[codes] = True
        entries = np.flatnonzero(used)
        position = np.zeros(len(self), dtype=np.int32)
        position[entries] = np.arange(len(entries), dtype=np.int32)
        indices = pa.array(position[codes])
        picked = pa.array(entries)
        columns = {}
        for name, type in types.items():
            values = self.array(name, type).take(picked)
            if not pa.types.is_string(type):
                columns[name] = values.take(indices)
                continue
            # Entries share lemmas, POS, readings…: Parquet keeps a dictionary only when its
            # values are distinct (it writes repeated ones as plain strings, which cost more
            # to write and, a run later, to read back).
            distinct = pc.dictionary_encode(values)
            columns[name] = pa.DictionaryArray.from_arrays(
                distinct.indices.take(indices), distinct.dictionary
            )
        return columns

    def codes(self, features: list[str]) -> list[int]:
        """Codes of feature strings, adding the new ones."""
        codes = list(map(self.index.get, features))
        if None in codes:
            codes = [self.index[k] if k in self.index else self._add(k) for k in features]
        return codes

    def learn(self, keys: list[str], features: list[str]) -> None:
        """Record which entry each short key names (the same tokens in two outputs)."""
        for key, code in zip(keys, self.codes(features), strict=True):
            self.keys.setdefault(key, code)

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


def _format_args(known: str, unknown: str) -> str:
    import unidic_lite

    # -r /dev/null: no system mecabrc; -O "": our -F/-U formats, not the dictionary's own.
    return f'-r /dev/null -d "{unidic_lite.DICDIR}" -O "" -F "{known}" -U "{unknown}" -E ""'


def _format_tagger(known: str, unknown: str) -> fugashi.GenericTagger:
    return fugashi.GenericTagger(_format_args(known, unknown))


@cache
def key_tagger() -> fugashi.GenericTagger:
    """The process's tagger printing surface, white space and the numbers of entry keys."""
    return _format_tagger(_KNOWN_KEY, _UNKNOWN_KEY)


class KeyParser:
    """The short-key output of :func:`key_tagger` for a text, as UTF-8 bytes: one line per
    token, each ending in a newline (``b""`` for a text with no tokens).

    MeCab's output is UTF-8 and Arrow's CSV reader wants UTF-8; fugashi's ``parse`` returns
    ``str``, so going through it decodes every token line only for the batch to encode it
    again (about 5% of the language layer). This calls MeCab's C API (``mecab_new``,
    ``mecab_sparse_tostr2``) in the libmecab fugashi has loaded, found through fugashi's own
    extension module, with the tagger's arguments. Where that library's symbols cannot be
    reached that way (Windows resolves symbols per DLL), it falls back to fugashi.

    >>> KeyParser()("漏えい。").decode().splitlines()
    ['\\t5133 5133 6517 漏えい', '\\t5970 5970 1861 。']
    >>> KeyParser(use_c_api=False)("漏えい。") == KeyParser()("漏えい。"), KeyParser()("")
    (True, b'')
    """

    def __init__(self, use_c_api: bool = True):
        self._c_parse = (
            _mecab_c_parser(_format_args(_KNOWN_KEY, _UNKNOWN_KEY)) if use_c_api else None
        )

    @property
    def uses_c_api(self) -> bool:
        return self._c_parse is not None

    def __call__(self, text: str) -> bytes:
        if self._c_parse is not None:
            return self._c_parse(text.encode())
        out = key_tagger().parse(text)  # fugashi drops the last newline
        return (out + "\n").encode() if out else b""


def _mecab_c_parser(args: str):
    """``bytes -> bytes`` through MeCab's C API, or None when it cannot be reached."""
    try:
        # PyDLL holds the GIL during the call, as fugashi does: a MeCab tagger is not
        # thread-safe, and threads of one process (Dask's, a web server's) share this one.
        lib = ctypes.PyDLL(importlib.import_module("fugashi.fugashi").__file__)
        new, parse, error = lib.mecab_new, lib.mecab_sparse_tostr2, lib.mecab_strerror
        destroy = lib.mecab_destroy
    except (OSError, AttributeError, ImportError):
        return None
    new.restype, new.argtypes = ctypes.c_void_p, [ctypes.c_int, ctypes.POINTER(ctypes.c_char_p)]
    parse.restype = ctypes.c_char_p
    parse.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_size_t]
    error.restype, error.argtypes = ctypes.c_char_p, [ctypes.c_void_p]
    destroy.restype, destroy.argtypes = None, [ctypes.c_void_p]
    argv = [b"mecab", *(a.encode() for a in shlex.split(args))]
    mecab = new(len(argv), (ctypes.c_char_p * len(argv))(*argv))
    if not mecab:
        raise RuntimeError(f"MeCab refused {args!r}: {error(None).decode(errors='replace')}")

    def run(data: bytes) -> bytes:
        out = parse(mecab, data, len(data))
        if out is None:
            raise RuntimeError(f"MeCab failed: {error(mecab).decode(errors='replace')}")
        return out

    weakref.finalize(run, destroy, mecab)  # freed with the function that uses it
    return run


@cache
def key_parser() -> KeyParser:
    """The process's :class:`KeyParser`."""
    return KeyParser()


@cache
def feature_tagger() -> fugashi.GenericTagger:
    """The same analysis printing feature strings, to learn what new keys name."""
    return _format_tagger(_KNOWN_FEATURE, _UNKNOWN_FEATURE)


# List views backed by the token arrays rather than by the entry table.
_ARRAY_COLUMNS = {
    "code": "code_array",
    "char_start": "start_array",
    "char_end": "end_array",
}
COLUMNS = ("surface", "char_start", "char_end", *ENTRY_COLUMNS)


@dataclass
class TokenArrays:
    """Tokens of a batch of texts: entry codes, offsets and short keys (NumPy).

    Text ``i`` owns rows ``bounds[i]:bounds[i + 1]``; each offset indexes its own text.
    ``key`` numbers each token's short key within the batch and ``key_surface`` (Arrow) is
    every key's surface (a key holds its surface), so ``key_surface.take(key)`` is the
    tokens' surfaces, which are only made when asked for.
    """

    code: np.ndarray
    start: np.ndarray
    end: np.ndarray
    bounds: np.ndarray
    key: np.ndarray
    key_surface: pa.Array
    entries: EntryTable = field(default_factory=entry_table)

    @cached_property
    def key_words(self) -> list[str]:
        """``key_surface`` as Python strings: tokens with the same key share one object."""
        return self.key_surface.to_pylist()

    def views(self) -> list[TokenColumns]:
        """One :class:`TokenColumns` per text."""
        return [TokenColumns(self, a, b) for a, b in pairwise(self.bounds.tolist())]


@dataclass(slots=True)
class TokenColumns:
    """Tokens of one text: a row range of a :class:`TokenArrays` batch, copied only on access.

    ``code_array``, ``start_array``, ``end_array`` and ``key_array`` (NumPy) are that text's
    slices. Every column is also a list view (``surface``, ``char_start``,
    ``lemma``, ``pos``…), made on access; :meth:`to_columns` makes them once. The store reads
    the batch's arrays directly and expands entry columns in Arrow.
    """

    arrays: TokenArrays
    first: int
    stop: int

    @property
    def entries(self) -> EntryTable:
        return self.arrays.entries

    @property
    def key_array(self) -> np.ndarray:
        return self.arrays.key[self.first : self.stop]

    @property
    def code_array(self) -> np.ndarray:
        return self.arrays.code[self.first : self.stop]

    @property
    def start_array(self) -> np.ndarray:
        return self.arrays.start[self.first : self.stop]

    @property
    def end_array(self) -> np.ndarray:
        return self.arrays.end[self.first : self.stop]

    def __len__(self) -> int:
        return self.stop - self.first

    def column(self, name: str) -> list:
        if name == "surface":
            words = self.arrays.key_words
            return [words[k] for k in self.key_array.tolist()]
        if name in _ARRAY_COLUMNS:
            return getattr(self, _ARRAY_COLUMNS[name]).tolist()
        values = self.entries.columns[name]
        return [values[c] for c in self.code_array.tolist()]

    def to_columns(self, names: tuple[str, ...] = COLUMNS) -> dict[str, list]:
        return {name: self.column(name) for name in names}


for _name in ("surface", *_ARRAY_COLUMNS, *ENTRY_COLUMNS):
    setattr(TokenColumns, _name, property(lambda self, _n=_name: self.column(_n)))

# MeCab reads tabs and NULs as structure and our output is one token per line: white space of
# the same length keeps every offset unchanged.
_BLANKS = "\n\r\t\x00\x0b\x0c"
_HAS_BLANK = re.compile(f"[{_BLANKS}]")


def _blanked(text: str) -> str:
    if _HAS_BLANK.search(text):
        for char in _BLANKS:  # str.replace is much faster than str.translate on kanji text
            if char in text:
                text = text.replace(char, " ")
    return text


_CSV_READ = pacsv.ReadOptions(column_names=["space", "key"], use_threads=False, block_size=1 << 26)
_CSV_PARSE = pacsv.ParseOptions(delimiter="\t", quote_char=False, escape_char=False)
_CSV_CONVERT = pacsv.ConvertOptions(
    column_types={"space": pa.string(), "key": pa.string()},
    strings_can_be_null=False,
    quoted_strings_can_be_null=False,
    null_values=[],
)


def analyze_many(texts: list[str]) -> list[TokenColumns]:
    """Tokens of each text (see :func:`analyze_batch`).

    >>> first, second = analyze_many(["個人情報が漏えいした。", "ＳＳＬで暗号化"])
    >>> list(zip(first.surface, first.lemma, first.norm))[3]
    ('漏えい', '漏洩', '漏えい')
    >>> first.pos[0], first.char_start[3], first.char_end[3], second.norm[0]
    ('名詞-普通名詞-一般', 5, 8, 'ssl')
    """
    return analyze_batch(texts).views()


def analyze_batch(texts: list[str]) -> TokenArrays:
    """Tokens of the texts, analysed one text at a time, post-processed all at once in Arrow.

    >>> batch = analyze_batch(["漏えい", "", "暗号化する"])
    >>> batch.bounds.tolist(), batch.start.tolist()
    ([0, 1, 1, 4], [0, 0, 2, 3])
    """
    parse, table = key_parser(), entry_table()
    blanked = list(map(_blanked, texts))
    outs = list(map(parse, blanked))
    counts = np.fromiter((out.count(b"\n") for out in outs), dtype=np.int64, count=len(outs))
    bounds = np.concatenate([[0], np.cumsum(counts)])
    if not bounds[-1]:
        none = np.zeros(0, np.int32)
        return TokenArrays(none, none, none, bounds, none, pa.array([], pa.string()), table)
    data = b"".join(outs)
    parsed = pacsv.read_csv(
        io.BytesIO(data),
        read_options=_CSV_READ,
        parse_options=_CSV_PARSE,
        convert_options=_CSV_CONVERT,
    )
    # Work on distinct keys where possible: a batch has far fewer of them than tokens.
    encoded = pc.dictionary_encode(parsed.column("key")).combine_chunks()
    indices = encoded.indices.to_numpy()
    key_surface = pc.replace_substring_regex(
        encoded.dictionary, _KEY_PREFIX, "", max_replacements=1
    )
    lengths = pc.utf8_length(key_surface).to_numpy()[indices]
    steps = pc.utf8_length(parsed.column("space")).to_numpy() + lengths
    ends = np.cumsum(steps, dtype=np.int64)
    # Offsets restart in every text: subtract what the texts before it consumed.
    before = np.concatenate([[0], ends])[bounds[:-1]]
    ends -= np.repeat(before, counts)
    starts = ends - lengths
    unique = _key_codes(table, encoded.dictionary.to_pylist(), indices, bounds, blanked)
    return TokenArrays(
        np.asarray(unique, dtype=np.int32)[indices],
        starts.astype(np.int32),
        ends.astype(np.int32),
        bounds,
        indices.astype(np.int32, copy=False),
        key_surface,
        table,
    )


def _key_codes(
    table: EntryTable, keys: list[str], indices: np.ndarray, bounds: np.ndarray, texts: list[str]
) -> list[int]:
    """Entry codes of distinct short keys; texts holding unseen keys are parsed for features.

    ``indices`` gives each token's key and ``bounds`` where each text's tokens start.
    """
    codes = list(map(table.keys.get, keys))
    if None not in codes:
        return codes
    unseen = [i for i, code in enumerate(codes) if code is None]
    # An unknown word's key holds its feature: no second parse.
    words = [i for i in unseen if keys[i].startswith("*")]
    table.learn([keys[i] for i in words], ["*" + keys[i][2:] for i in words])
    known = [i for i in unseen if not keys[i].startswith("*")]
    if known:
        positions = np.flatnonzero(np.isin(indices, known))
        features = feature_tagger()
        for t in np.unique(np.searchsorted(bounds, positions, "right") - 1).tolist():
            lines = features.parse(texts[t]).split("\n")
            own = indices[bounds[t] : bounds[t + 1]].tolist()
            table.learn([keys[k] for k in own], [line.split("\t", 2)[2] for line in lines])
    return [table.keys[key] for key in keys]


def analyze(text: str) -> TokenColumns:
    """Tokens of one text (see :func:`analyze_many`)."""
    return analyze_many([text])[0]
