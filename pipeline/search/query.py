"""A search query as the language layer sees it: words as sequences of token norms.

The index holds every speech turn as its tokens' ``norm`` (the lemma's matching form), so a
query goes through the same analyzer: 暗号化した becomes the phrase 暗号 化 and サーバ becomes
サーバー. Unquoted text is split at white space; in each piece the particles and auxiliaries
drop out, a run of nouns (a compound such as 個人情報) stays one phrase and every other
content word is a word of its own. Text in "…", “…”, 「…」 or 『…』 is one phrase, in order,
particles included.

Every word becomes an FTS5 string in double quotes, so nothing a user types is ever read as
FTS5 syntax (and the whole expression is a bound SQL parameter, never pasted into SQL).
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

from ..language.analyzer import analyze_many

# Parts of speech that carry no topic of their own: dropped from unquoted words.
_FUNCTION_POS1 = {"助詞", "助動詞", "補助記号", "記号", "空白"}
_FUNCTION_POS = {"動詞-非自立可能", "形容詞-非自立可能"}
# Parts of speech that make up a compound noun.
_NOMINAL_POS1 = {"名詞", "接頭辞", "接尾辞"}
_QUOTED = re.compile(r'"([^"]*)"|“([^”]*)”|「([^」]*)」|『([^』]*)』')


def searchable(norm: str) -> str:
    """A token's form in the full-text index: its norm without white space ('' to skip).

    The index's FTS5 ``ascii`` tokenizer keeps every non-ASCII character and splits at ASCII
    punctuation, so a norm made only of ASCII punctuation is no word there either.

    >>> [searchable(n) for n in ["情報", " ", "wi-fi", "(", "。"]]
    ['情報', '', 'wi-fi', '', '。']
    """
    form = "".join(norm.split())
    return form if any(c.isalnum() or ord(c) > 127 for c in form) else ""


@dataclass(frozen=True)
class Term:
    """One word of a query and the token-norm sequences that count as finding it."""

    text: str  # as written in the query
    alternatives: tuple[tuple[str, ...], ...]  # the word itself first, then its synonyms
    quoted: bool = False

    def fts(self) -> str:
        """The term as an FTS5 expression: one quoted phrase per alternative, OR-ed."""
        phrases = [_fts_phrase(alt) for alt in self.alternatives]
        return phrases[0] if len(phrases) == 1 else "(" + " OR ".join(phrases) + ")"


def _fts_phrase(norms: tuple[str, ...]) -> str:
    return '"' + " ".join(norms).replace('"', '""') + '"'


@dataclass(frozen=True)
class Query:
    text: str
    terms: tuple[Term, ...]

    def __bool__(self) -> bool:
        return bool(self.terms)

    def match_all(self) -> str:
        """FTS5 MATCH expression for turns that contain every term."""
        return " AND ".join(t.fts() for t in self.terms)

    def match_any(self) -> str:
        """FTS5 MATCH expression for turns that contain at least one term."""
        return " OR ".join(t.fts() for t in self.terms)


class Synonyms:
    """Groups of interchangeable words (``pipeline/data/synonyms.toml`` by default).

    >>> Synonyms.load().alternatives(("漏えい",))[:2]
    (('漏えい',), ('流出',))
    """

    def __init__(self, groups: list[list[str]]):
        self.groups = groups
        analysed = analyze_many([w for g in groups for w in g])
        forms = iter(_phrase_norms(tokens) for tokens in analysed)
        self._index: dict[tuple[str, ...], tuple[tuple[str, ...], ...]] = {}
        for group in groups:
            members = tuple(dict.fromkeys(f for f in (next(forms) for _ in group) if f))
            for member in members:
                self._index[member] = (member, *(m for m in members if m != member))

    @classmethod
    def load(cls, path: Path | None = None) -> Synonyms:
        return _load(path)

    def alternatives(self, norms: tuple[str, ...]) -> tuple[tuple[str, ...], ...]:
        return self._index.get(norms, (norms,))


@cache
def _load(path: Path | None) -> Synonyms:
    raw = (
        Path(path).read_text("utf-8")
        if path
        else resources.files("pipeline").joinpath("data/synonyms.toml").read_text("utf-8")
    )
    try:
        groups = tomllib.loads(raw)["groups"]
    except (tomllib.TOMLDecodeError, KeyError) as exc:
        raise ValueError(
            f"{path or 'synonyms.toml'}: expected `groups = [[...], ...]`: {exc}"
        ) from None
    return Synonyms([[str(w) for w in g] for g in groups])


def _phrase_norms(tokens) -> tuple[str, ...]:
    return tuple(f for f in map(searchable, tokens.norm) if f)


def _words(tokens) -> list[tuple[str, tuple[str, ...]]]:
    """The content words of one unquoted piece: compounds as one phrase, others alone."""
    words: list[tuple[str, tuple[str, ...]]] = []
    run: list[int] = []  # token positions of the compound being built

    def close() -> None:
        if run:
            text = "".join(tokens.surface[i] for i in run)
            words.append((text, tuple(searchable(tokens.norm[i]) for i in run)))
            run.clear()

    surface, norm, pos = tokens.surface, tokens.norm, tokens.pos
    for i in range(len(surface)):
        pos1 = pos[i].split("-", 1)[0]
        if not searchable(norm[i]) or pos1 in _FUNCTION_POS1 or pos[i] in _FUNCTION_POS:
            close()
        elif pos1 in _NOMINAL_POS1:
            run.append(i)
        else:
            close()
            words.append((surface[i], (searchable(norm[i]),)))
    close()
    return words


def parse_query(text: str, synonyms: Synonyms | None = None) -> Query:
    """The terms of a query string.

    >>> [t.alternatives for t in parse_query("暗号化した サーバ").terms]
    [(('暗号', '化'),), (('サーバー',),)]
    >>> q = parse_query('「個人情報の保護」 漏洩')
    >>> [(t.text, t.quoted) for t in q.terms]
    [('個人情報の保護', True), ('漏洩', False)]
    >>> q.match_all()
    '"個人 情報 の 保護" AND "漏えい"'
    """
    pieces: list[tuple[str, bool]] = []
    last = 0
    for m in _QUOTED.finditer(text):
        pieces.extend((p, False) for p in text[last : m.start()].split())
        pieces.append((next(g for g in m.groups() if g is not None), True))
        last = m.end()
    # An unpaired quote mark is punctuation, not syntax.
    rest = re.sub(r'["“”「」『』]', " ", text[last:])
    pieces.extend((p, False) for p in rest.split())
    pieces = [(p, quoted) for p, quoted in pieces if p.strip()]
    analysed = analyze_many([p for p, _ in pieces])
    words: list[tuple[str, tuple[str, ...], bool]] = []
    for (piece, quoted), tokens in zip(pieces, analysed, strict=True):
        if quoted:
            words.append((piece, _phrase_norms(tokens), True))
        else:
            words += [(written, norms, False) for written, norms in _words(tokens)]
    if not words:  # only function words or symbols (する, 🙂): search them as written
        words = [(p, _phrase_norms(t), q) for (p, q), t in zip(pieces, analysed, strict=True)]
    terms: list[Term] = []
    for written, norms, quoted in words:
        if not norms:
            continue
        alternatives = synonyms.alternatives(norms) if synonyms else (norms,)
        term = Term(written, alternatives, quoted)
        if term not in terms:
            terms.append(term)
    return Query(text, tuple(terms))
