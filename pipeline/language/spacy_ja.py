"""spaCy for Japanese minutes without SudachiPy: a fugashi tokenizer chosen by config.

``load()`` builds ``spacy.blank("ja", config=CONFIG)``; the config's tokenizer block names
``kaigiroku.fugashi_tokenizer.v1``, registered in :mod:`pipeline.registrations`. Tokens carry
``lemma_``, ``tag_`` (UniDic POS), ``pos_`` (Universal POS via spaCy's own Japanese maps),
``norm_``, ``morph`` (``Reading``, ``Inflection``) and sentence starts; Docs rebuilt from the
Parquet tables carry ``doc._.meeting_id`` and ``doc._.turn_id``.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import spacy
import srsly
from spacy.attrs import NORM, SENT_START, TAG
from spacy.lang.ja import TAG_MAP, resolve_pos
from spacy.parts_of_speech import NAMES as POS_NAMES
from spacy.tokens import Doc, Token
from spacy.util import DummyTokenizer
from spacy.vocab import Vocab

from ..records import TurnLanguage
from .analyzer import COLUMNS, TokenColumns
from .layer import analyze_turn, analyze_turns

if TYPE_CHECKING:  # turn_docs reads tables with pandas; the taggers in workers need not load it
    import pandas as pd

TOKENIZER_NAME = "kaigiroku.fugashi_tokenizer.v1"
CONFIG = f"""
[nlp]
lang = "ja"
pipeline = []

[nlp.tokenizer]
@tokenizers = "{TOKENIZER_NAME}"
split_sentences = true
"""
_SPACE_TAG = "空白"


def set_extensions(force: bool = False) -> None:
    """The Doc and Token extension attributes kaigiroku sets, all in one place."""
    for name in ("meeting_id", "turn_id"):
        if force or not Doc.has_extension(name):
            Doc.set_extension(name, default=None, force=True)
    for name in ("gloss", "goshu", "pron", "orth_base", "is_unknown"):
        if force or not Token.has_extension(name):
            Token.set_extension(name, default=None, force=True)


def create_fugashi_tokenizer(split_sentences: bool = True):
    """The registered factory, named in the config's ``[nlp.tokenizer]`` block."""

    def make(nlp: spacy.Language) -> FugashiTokenizer:
        return FugashiTokenizer(nlp.vocab, split_sentences=split_sentences)

    return make


class FugashiTokenizer(DummyTokenizer):
    """``text -> Doc`` with fugashi/UniDic; ``doc.text`` is always exactly ``text``."""

    def __init__(self, vocab: Vocab, split_sentences: bool = True):
        self.vocab = vocab
        self.split_sentences = split_sentences
        set_extensions()

    def __call__(self, text: str) -> Doc:
        return self._doc(text, analyze_turn(text))

    def pipe(self, texts: Iterable[str], batch_size: int = 1000) -> Iterator[Doc]:
        """Docs of many texts, analysed ``batch_size`` at a time (one tagging pass and one
        table per batch, as the run does for a document's turns)."""
        texts = iter(texts)
        while batch := list(itertools.islice(texts, batch_size)):
            for text, lang in zip(batch, analyze_turns(batch), strict=True):
                yield self._doc(text, lang)

    def _doc(self, text: str, lang: TurnLanguage) -> Doc:
        sentences = lang.sentences if self.split_sentences else None
        return doc_from_columns(self.vocab, text, lang.tokens, sentences)

    def _get_config(self) -> dict:
        return {"split_sentences": self.split_sentences}

    def _set_config(self, config: dict) -> None:
        self.split_sentences = bool(config.get("split_sentences", True))

    def to_bytes(self, **kwargs) -> bytes:
        return srsly.msgpack_dumps({"cfg": self._get_config()})

    def from_bytes(self, data: bytes, **kwargs) -> FugashiTokenizer:
        self._set_config(srsly.msgpack_loads(data)["cfg"])
        return self

    def to_disk(self, path, **kwargs) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        srsly.write_json(path / "cfg", self._get_config())

    def from_disk(self, path, **kwargs) -> FugashiTokenizer:
        self._set_config(srsly.read_json(Path(path) / "cfg"))
        return self


def load() -> spacy.Language:
    """A blank Japanese pipeline whose tokenizer is fugashi, built from :data:`CONFIG`."""
    from ..registrations import populate_spacy_registry

    populate_spacy_registry()
    return spacy.blank("ja", config=spacy.util.load_config_from_str(CONFIG))


def doc_from_columns(
    vocab: Vocab,
    text: str,
    tokens: TokenColumns | dict[str, list],
    sentences: list[tuple[int, int]] | None = None,
) -> Doc:
    """A Doc over ``text`` from token columns; gaps other than one space become space tokens."""
    set_extensions()
    cols = tokens if isinstance(tokens, dict) else tokens.to_columns()
    words, spaces, rows = [], [], []
    pos = 0
    for i in range(len(cols["surface"])):
        start, end = cols["char_start"][i], cols["char_end"][i]
        gap = text[pos:start]
        if gap == " " and words:
            spaces[-1] = True
        elif gap:
            words.append(gap)
            spaces.append(False)
            rows.append(None)
        words.append(text[start:end])
        spaces.append(False)
        rows.append(i)
        pos = end
    if pos < len(text):
        words.append(text[pos:])
        spaces.append(False)
        rows.append(None)
    tags = [cols["pos"][r] if r is not None else _SPACE_TAG for r in rows]
    doc = Doc(
        vocab,
        words=words,
        spaces=spaces,
        tags=tags,
        lemmas=[cols["lemma"][r] if r is not None else w for r, w in zip(rows, words, strict=True)],
        morphs=[_morph(cols, r) for r in rows],
        pos=_universal_pos(words, tags),
        sent_starts=_sent_starts(doc_starts(words, spaces), sentences) if sentences else None,
    )
    for token, r in zip(doc, rows, strict=True):
        if r is None:
            continue
        token.norm_ = cols["norm"][r]
        token._.gloss = cols["gloss"][r]
        token._.goshu = cols["goshu"][r]
        token._.pron = cols["pron"][r]
        token._.orth_base = cols["orth_base"][r]
        token._.is_unknown = cols["is_unknown"][r]
    return doc


def matching_doc(
    vocab: Vocab,
    text: str,
    tokens: TokenColumns | dict[str, list],
    sentences: list[tuple[int, int]],
) -> Doc:
    """A lighter Doc for matchers: words, ``norm_``, ``tag_`` and sentence starts only.

    :func:`doc_from_columns` also sets lemmas, morphology, Universal POS and extension
    attributes, which rule matching does not read and which cost most of its time.
    """
    return joined_matching_doc(vocab, [(text, tokens, sentences)])[0]


def joined_matching_doc(
    vocab: Vocab, parts: list[tuple[str, TokenColumns | dict[str, list], list[tuple[int, int]]]]
) -> tuple[Doc, list[int]]:
    """One matching Doc over several texts joined by line breaks, and each text's offset in
    it. Every text begins a sentence and the break is a token of its own, so no phrase or
    in-sentence pattern can match across two texts. One Doc per meeting instead of one per
    turn: matchers are called once, and most of their cost is per call. Tokens are a fresh
    analysis or the stored columns (``surface``, ``char_start``, ``char_end``, ``norm``,
    ``pos``), so the run and a re-tag from the tables build the same Doc.
    """
    strings = vocab.strings
    counts, surfaces, start, end, token_norms, token_tags = _matching_columns(
        vocab, [t for _, t, _ in parts]
    )
    firsts = np.concatenate([[0], np.cumsum(counts)])  # each part's first token
    lengths = [len(text) for text, _, _ in parts]
    bases = np.concatenate([[0], np.cumsum(np.add(lengths, 1))])[:-1].tolist()
    # White space before a token (MeCab skips it), after a part's last token, and the line
    # break joining two parts become words of their own: the "extras", in order.
    before = np.concatenate([[0], end[:-1]])
    before[firsts[:-1][counts > 0]] = 0
    inner: dict[int, list[int]] = {}
    for i in np.flatnonzero(start > before).tolist():
        inner.setdefault(int(np.searchsorted(firsts, i, side="right")) - 1, []).append(i)
    last_end = np.where(counts > 0, np.concatenate([[0], end])[firsts[1:]], 0).tolist()
    extras: list[tuple[int, str, int]] = []  # (token it comes before, text, offset)
    begins: list[int] = []
    for n, (text, _, sentences) in enumerate(parts):
        base, first = bases[n], int(firsts[n])
        if n:
            extras.append((first, "\n", base - 1))
        begins += [base, *(base + s for s, _ in sentences)]
        for i in inner.get(n, ()):
            extras.append((i, text[before[i] : start[i]], base + int(before[i])))
        if last_end[n] < len(text):
            extras.append((int(firsts[n + 1]), text[last_end[n] :], base + last_end[n]))
    # A single space after a word is that word's trailing space, not a word.
    words: list[str] = []
    at: list[int] = []  # where each extra word lands among all words
    extra_norms, extra_starts, spaced = [], [], []
    taken = 0
    for i, piece, offset in extras:
        if piece == " " and (i or words):
            spaced.append(i + len(at) - 1)
            continue
        words += surfaces[taken:i]
        words.append(piece)
        at.append(i + len(at))
        extra_norms.append(strings.add(piece))
        extra_starts.append(offset)
        taken = i
    words += surfaces[taken:]
    spaces = [False] * len(words)
    for i in spaced:
        spaces[i] = True
    doc = Doc(vocab, words=words, spaces=spaces)
    if words:
        extra_at = np.array(at, np.int64)
        token_at = np.arange(len(start)) + np.searchsorted(
            extra_at - np.arange(len(at)), np.arange(len(start)), side="right"
        )
        token_starts = start + np.repeat(np.array(bases, np.int64), counts)
        norms, tags, word_starts = (
            np.empty(len(words), t) for t in (np.uint64, np.uint64, np.int64)
        )
        norms[token_at] = token_norms
        tags[token_at] = token_tags
        word_starts[token_at] = token_starts
        norms[extra_at] = extra_norms
        tags[extra_at] = strings.add(_SPACE_TAG)
        word_starts[extra_at] = extra_starts
        sent = np.where(np.isin(word_starts, begins), 1, -1).astype(np.int64)
        sent[0] = 1
        doc.from_array([NORM, TAG, SENT_START], np.stack([norms, tags, sent.view(np.uint64)], 1))
    return doc, bases


def _matching_columns(vocab: Vocab, parts: list[TokenColumns | dict[str, list]]) -> tuple:
    """The parts' tokens, one after another: each part's token count, surfaces (a list), start
    and end offsets (each into its own part's text), and norm and POS string hashes (NumPy
    arrays)."""
    empty = np.zeros(0, np.int64)
    if parts and all(isinstance(t, TokenColumns) for t in parts):
        entries = {id(t.entries): t.entries for t in parts}
        if len(entries) == 1:  # one analysis table: each column in one piece
            norm_hash, pos_hash = _entry_hashes(vocab, next(iter(entries.values())))
            codes = np.concatenate([t.code_array for t in parts])
            return (
                np.array([len(t) for t in parts], np.int64),
                list(itertools.chain.from_iterable(t.surface for t in parts)),
                np.concatenate([empty, *(t.start_array for t in parts)]),
                np.concatenate([empty, *(t.end_array for t in parts)]),
                norm_hash[codes],
                pos_hash[codes],
            )
    add = vocab.strings.add
    counts, surfaces, starts, ends, norms, tags = [], [], [empty], [empty], [], []
    for tokens in parts:
        if isinstance(tokens, TokenColumns):
            tokens = tokens.to_columns(("surface", "char_start", "char_end", "norm", "pos"))
        counts.append(len(tokens["surface"]))
        surfaces += tokens["surface"]
        starts.append(np.asarray(tokens["char_start"], np.int64))
        ends.append(np.asarray(tokens["char_end"], np.int64))
        norms += [add(n) for n in tokens["norm"]]
        tags += [add(p) for p in tokens["pos"]]
    return (
        np.array(counts, np.int64),
        surfaces,
        np.concatenate(starts),
        np.concatenate(ends),
        np.array(norms, np.uint64),
        np.array(tags, np.uint64),
    )


# StringStore id -> (the store, norm hashes, POS hashes by entry code). Holding the store
# keeps its id from being reused by a new store that lacks the strings; only the last few are
# kept.
_HASHES: dict[int, tuple[object, np.ndarray, np.ndarray]] = {}
_HASHES_KEPT = 4


def _entry_hashes(vocab: Vocab, entries) -> tuple[np.ndarray, np.ndarray]:
    """The norm and POS string hashes of every entry of the process's entry table, added to
    ``vocab`` once each rather than once per token."""
    key = id(vocab.strings)
    if key not in _HASHES:
        while len(_HASHES) >= _HASHES_KEPT:
            del _HASHES[next(iter(_HASHES))]
        empty = np.zeros(0, np.uint64)
        _HASHES[key] = (vocab.strings, empty, empty)
    store, *hashes = _HASHES[key]
    cols, done = entries.columns, len(hashes[0])
    if done < len(cols["norm"]):
        add = vocab.strings.add
        hashes = [
            np.concatenate([known, np.array([add(v) for v in cols[name][done:]], np.uint64)])
            for name, known in zip(("norm", "pos"), hashes, strict=True)
        ]
        _HASHES[key] = (store, *hashes)
    return hashes[0], hashes[1]


def doc_starts(words: list[str], spaces: list[bool]) -> list[int]:
    starts, pos = [], 0
    for word, space in zip(words, spaces, strict=True):
        starts.append(pos)
        pos += len(word) + (1 if space else 0)
    return starts


def _sent_starts(starts: list[int], sentences: list[tuple[int, int]]) -> list[bool]:
    begins = {s for s, _ in sentences}
    return [i == 0 or start in begins for i, start in enumerate(starts)]


def _morph(cols: dict[str, list], r: int | None) -> str:
    if r is None:
        return ""
    reading, ctype, cform = cols["reading"][r], cols["ctype"][r], cols["cform"][r]
    feats = [f"Reading={reading}"] if reading else []
    if ctype:
        feats.append(f"Inflection={ctype};{cform}")
    return "|".join(feats)


def _universal_pos(words: list[str], tags: list[str]) -> list[str]:
    """UniDic POS to Universal POS with spaCy's own Japanese maps (orth- and bigram-aware)."""
    out: list[str] = []
    forced = None
    for i, (word, tag) in enumerate(zip(words, tags, strict=True)):
        if forced is not None:
            out.append(forced)
            forced = None
            continue
        if tag not in TAG_MAP:
            out.append("SPACE" if not word.strip() else "X")
            continue
        next_tag = tags[i + 1] if i + 1 < len(tags) and tags[i + 1] in TAG_MAP else None
        current, nxt = resolve_pos(word, tag, next_tag)
        out.append(_pos_name(current))
        forced = _pos_name(nxt) if nxt is not None else None
    return out


def _pos_name(value) -> str:
    return value if isinstance(value, str) else POS_NAMES[value]


def turn_docs(
    data_dir: Path, turn_ids: Iterable[str] | None = None, nlp: spacy.Language | None = None
) -> Iterator[Doc]:
    """Docs for stored turns, rebuilt from the ``turns``, ``sentences`` and ``tokens`` tables
    without tagging again; ``doc._.turn_id`` and ``doc._.meeting_id`` are set."""
    import pandas as pd

    vocab = (nlp or load()).vocab
    data_dir = Path(data_dir)
    wanted = None if turn_ids is None else list(turn_ids)
    filters = None if wanted is None else [("turn_id", "in", wanted)]
    turns = pd.read_parquet(
        data_dir / "turns", columns=["turn_id", "meeting_id", "text"], filters=filters
    )
    tokens = pd.read_parquet(data_dir / "tokens", filters=filters)
    sentences = pd.read_parquet(data_dir / "sentences", filters=filters)
    tok_groups = dict(list(tokens.groupby("turn_id", sort=False)))
    sent_groups = dict(list(sentences.groupby("turn_id", sort=False)))
    order = wanted if wanted is not None else list(turns["turn_id"])
    by_id = turns.set_index("turn_id")
    for turn_id in order:
        if turn_id not in by_id.index:
            raise KeyError(f"no turn {turn_id!r} in {data_dir}/turns")
        row = by_id.loc[turn_id]
        cols = _columns(tok_groups.get(turn_id))
        sents = sent_groups.get(turn_id)
        spans = (
            list(zip(sents["char_start"], sents["char_end"], strict=True))
            if sents is not None
            else []
        )
        doc = doc_from_columns(vocab, row["text"], cols, spans)
        doc._.turn_id = turn_id
        doc._.meeting_id = row["meeting_id"]
        yield doc


def turn_doc(data_dir: Path, turn_id: str, nlp: spacy.Language | None = None) -> Doc:
    """One stored turn as a Doc (see :func:`turn_docs`)."""
    return next(turn_docs(data_dir, [turn_id], nlp))


def _columns(frame: pd.DataFrame | None) -> dict[str, list]:
    if frame is None:
        return {name: [] for name in COLUMNS}
    frame = frame.sort_values("tok_idx").astype(object)
    frame = frame.where(frame.notna(), None)  # Parquet nulls come back as NaN
    return {name: frame[name].tolist() for name in COLUMNS}
