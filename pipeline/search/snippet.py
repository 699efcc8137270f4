"""Where a query's words are in a turn's original text, and a snippet around them.

The turn is analysed again with the language layer (the same analyzer that made the index),
so a match is found on token norms and reported as character offsets into the untouched
text: 暗号化しました is highlighted where 暗号化 was asked for.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..language.analyzer import analyze_many
from .query import Query, searchable

Span = tuple[int, int]


def match_spans(texts: list[str], query: Query) -> list[list[Span]]:
    """For each text, the ``(start, end)`` character spans where a query term occurs.

    >>> from pipeline.search.query import parse_query
    >>> match_spans(["サーバを暗号化しました。"], parse_query("暗号化する サーバー"))
    [[(0, 3), (4, 7)]]
    """
    if not query:
        return [[] for _ in texts]
    wanted = [alt for term in query.terms for alt in term.alternatives]
    out = []
    for tokens in analyze_many(texts):
        kept = [
            (form, start, end)
            for form, start, end in zip(
                map(searchable, tokens.norm), tokens.char_start, tokens.char_end, strict=True
            )
            if form
        ]
        forms = [form for form, _, _ in kept]
        spans: set[Span] = set()
        for alt in wanted:
            n = len(alt)
            for i in range(len(forms) - n + 1):
                if tuple(forms[i : i + n]) == alt:
                    spans.add((kept[i][1], kept[i + n - 1][2]))
        out.append(_merge(sorted(spans)))
    return out


def pieces(text: str, spans: list[Span]) -> list[tuple[str, bool]]:
    """``text`` cut at ``spans`` (sorted, not overlapping): ``(piece, is_match)`` in order, so
    a terminal or a template can mark the matches its own way.

    >>> pieces("サーバを暗号化", [(4, 7)])
    [('サーバを', False), ('暗号化', True)]
    """
    out, last = [], 0
    for start, end in spans:
        if start > last:
            out.append((text[last:start], False))
        out.append((text[start:end], True))
        last = end
    if last < len(text):
        out.append((text[last:], False))
    return out


def _merge(spans: list[Span]) -> list[Span]:
    merged: list[Span] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


@dataclass
class Snippet:
    text: str  # a window of the turn's text (line breaks kept)
    start: int  # where the window starts in the turn's text
    highlights: list[Span]  # spans relative to ``text``
    truncated_left: bool
    truncated_right: bool

    def marked(self, before: str = "**", after: str = "**", newline: str = " ") -> str:
        """The snippet with every highlight wrapped, ``…`` where text was cut.

        >>> Snippet("暗号化の件", 0, [(0, 3)], False, True).marked()
        '**暗号化**の件…'
        """
        body = (
            "".join(
                f"{before}{piece}{after}" if match else piece
                for piece, match in pieces(self.text, self.highlights)
            )
            .replace("\r\n", "\n")
            .replace("\n", newline)
        )
        return ("…" if self.truncated_left else "") + body + ("…" if self.truncated_right else "")


def make_snippet(text: str, spans: list[Span], width: int = 120) -> Snippet:
    """About ``width`` characters of ``text`` around its first match (its start without one).

    >>> s = make_snippet("あ" * 100 + "暗号化" + "い" * 100, [(100, 103)], width=20)
    >>> s.start, s.highlights, s.marked()[:11]
    (94, [(6, 9)], '…ああああああ**暗号')
    """
    if len(text) <= width:
        start = 0
    elif spans:
        # A third of the window before the first match, the rest after it.
        start = max(0, min(spans[0][0] - width // 3, len(text) - width))
    else:
        start = 0
    end = min(len(text), start + width)
    inside = [
        (max(s, start) - start, min(e, end) - start) for s, e in spans if s < end and e > start
    ]
    return Snippet(text[start:end], start, inside, start > 0, end < len(text))
