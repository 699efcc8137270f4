"""UniDic tokens for a text, straight from MeCab's output, without per-token Python work.

fugashi's node objects cost a Python object and a feature parse per token. Here MeCab prints
three tab-separated fields per token: the surface, the white space it skipped before it
(``%pS``, which gives exact offsets) and the raw feature string (``%H``). Each distinct feature
string becomes an integer code in a per-process :class:`EntryTable`, whose columns (lemma,
gloss, norm, POS…) are computed once per entry; a token is its surface, offsets and code.
Word types follow Zipf's law, so the table stays small while the corpus grows.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from functools import cache
from itertools import accumulate
from operator import add, sub

import fugashi

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
_KNOWN = r"%m\t%pS\t%H\t"
_UNKNOWN = r"%m\t%pS\t*%m\t"


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


@dataclass
class TokenColumns:
    """Tokens of one text as columns: surface, offsets into that text, and entry codes.

    The per-entry columns (``lemma``, ``pos``, ``norm``…) are properties that expand the codes
    through the entry table; bulk consumers (the Parquet writer) expand them in Arrow instead.
    """

    surface: list[str] = field(default_factory=list)
    code: list[int] = field(default_factory=list)
    char_start: list[int] = field(default_factory=list)
    char_end: list[int] = field(default_factory=list)
    entries: EntryTable = field(default_factory=entry_table)

    def __len__(self) -> int:
        return len(self.surface)

    def column(self, name: str) -> list:
        if name in ("surface", "char_start", "char_end", "code"):
            return getattr(self, name)
        values = self.entries.columns[name]
        return [values[c] for c in self.code]


for _name in ENTRY_COLUMNS:
    setattr(TokenColumns, _name, property(lambda self, _n=_name: self.column(_n)))


def analyze(text: str) -> TokenColumns:
    """Tokens of ``text`` with UniDic analyses and offsets into ``text``.

    >>> cols = analyze("個人情報が漏えいした。")
    >>> list(zip(cols.surface, cols.lemma, cols.norm))[3]
    ('漏えい', '漏洩', '漏えい')
    >>> cols.pos[0], cols.char_start[3], cols.char_end[3]
    ('名詞-普通名詞-一般', 5, 8)
    """
    # MeCab treats tabs and NULs as input structure; spaces keep every offset unchanged.
    out = key_tagger().parse(text.replace("\t", " ").replace("\x00", " "))
    flat = out.split("\t") if out else []
    if len(flat) % 3:  # fugashi strips trailing white space, and with it an empty last field
        flat += [""] * (3 - len(flat) % 3)
    surface, space, keys = flat[0::3], flat[1::3], flat[2::3]
    lengths = list(map(len, surface))
    ends = list(accumulate(map(add, map(len, space), lengths)))
    table = entry_table()
    return TokenColumns(
        surface=surface,
        code=table.codes(keys),
        char_start=list(map(sub, ends, lengths)),
        char_end=ends,
        entries=table,
    )
