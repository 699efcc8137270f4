"""Context: a short answer inherits the themes of the question it answers.

「把握しておりません」 says nothing about encryption by itself, but as the reply to "which SSL
version do you use?" it is part of that exchange. A speech turn inherits when all hold:

- it has no theme evidence of its own and is at most ``max_chars`` long (after spaces);
- it says something: not a bare acknowledgement (わかりました, 了承) nor an action (～了承～);
- the previous speech turn is by another speaker and ends as a question (…ですか。);
- it is not by a presiding officer (``presiding_roles``): they direct the meeting. Their short
  turns that are not questions (「市長。」, naming the next speaker) are skipped when looking
  for the question, so an answer given after the chair's nod still finds it.

Inherited tags have ``method='context'``, no evidence of their own, the question's
``context_seq``, and the question's score times ``factor``; they are kept only when that score
still reaches the threshold, so a weakly tagged question passes nothing on.
"""

from __future__ import annotations

import re
from functools import cache

from ..records import ThemeTag, Turn
from ..textutil import compact
from .taxonomy import ContextRules, Taxonomy

_PUNCT = re.compile(r"[、。，．,.！？!?・~〜「」『』（）()\s]")  # after NFKC: ～ is ~
_ACTION = re.compile(r"^[~〜].*[~〜]$")  # ～資料確認～: an action written as speech
_OPENERS = ("はい", "いいえ", "ええ")


def inherit_context(turns: list[Turn], taxonomy: Taxonomy) -> None:
    """Add context tags to the short answers among ``turns`` (a meeting, in order)."""
    rules, threshold = taxonomy.context, taxonomy.scoring.threshold
    previous: tuple[int, Turn, str] | None = None
    for seq, turn in enumerate(turns):
        if turn.kind != "speech":
            continue
        key = compact(turn.text)  # once per turn: the tests below all read it
        question = previous
        presiding = turn.role in rules.presiding_roles
        if not (presiding and not turn.themes and _short(key, rules) and not _asks(key, rules)):
            previous = (seq, turn, key)
        if question is None or presiding or turn.themes:
            continue
        q_seq, q_turn, q_key = question
        if not _answers(q_turn, q_key, turn, key, rules):
            continue
        for tag in q_turn.themes:
            if tag.method != "lexicon":
                continue  # context never chains
            score = round(tag.score * rules.factor, 4)
            if score < threshold:
                continue
            turn.themes.append(
                ThemeTag(
                    theme=tag.theme,
                    subtheme=tag.subtheme,
                    score=score,
                    subtheme_score=round(tag.subtheme_score * rules.factor, 4),
                    method="context",
                    context_seq=q_seq,
                )
            )


# Each test reads a turn's text as ``compact`` gives it (its ``key``).


def _short(key: str, rules: ContextRules) -> bool:
    return len(key) <= rules.max_chars


def _asks(key: str, rules: ContextRules) -> bool:
    return key.rstrip("。．.").endswith(rules.question_endings)


def _answers(question: Turn, q_key: str, answer: Turn, key: str, rules: ContextRules) -> bool:
    if question.speaker_label == answer.speaker_label:
        return False
    if not key or not _short(key, rules) or _ACTION.match(key):
        return False
    core = _PUNCT.sub("", key)
    for opener in _OPENERS:
        if core.startswith(opener) and len(core) > len(opener):
            core = core[len(opener) :]
    if not core or core in _compacted(rules.acknowledgements):
        return False
    return _asks(q_key, rules)


@cache
def _compacted(words: tuple[str, ...]) -> frozenset[str]:
    return frozenset(map(compact, words))
