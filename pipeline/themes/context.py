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

from ..records import ThemeTag, Turn
from ..textutil import compact
from .taxonomy import ContextRules, Taxonomy

_PUNCT = re.compile(r"[、。，．,.！？!?・~〜「」『』（）()\s]")  # after NFKC: ～ is ~
_ACTION = re.compile(r"^[~〜].*[~〜]$")  # ～資料確認～: an action written as speech
_OPENERS = ("はい", "いいえ", "ええ")


def inherit_context(turns: list[Turn], taxonomy: Taxonomy) -> None:
    """Add context tags to the short answers among ``turns`` (a meeting, in order)."""
    rules, threshold = taxonomy.context, taxonomy.scoring.threshold
    previous: tuple[int, Turn] | None = None
    for seq, turn in enumerate(turns):
        if turn.kind != "speech":
            continue
        question = previous
        presiding = turn.role in rules.presiding_roles
        if not (presiding and not turn.themes and _short(turn, rules) and not _asks(turn, rules)):
            previous = (seq, turn)
        if question is None or presiding or turn.themes:
            continue
        if not _answers(question[1], turn, taxonomy):
            continue
        q_seq, q_turn = question
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


def _short(turn: Turn, rules: ContextRules) -> bool:
    return len(compact(turn.text)) <= rules.max_chars


def _asks(turn: Turn, rules: ContextRules) -> bool:
    return compact(turn.text).rstrip("。．.").endswith(tuple(rules.question_endings))


def _answers(question: Turn, answer: Turn, taxonomy: Taxonomy) -> bool:
    rules = taxonomy.context
    if question.speaker_label == answer.speaker_label:
        return False
    text = compact(answer.text)
    if not text or not _short(answer, rules) or _ACTION.match(text):
        return False
    core = _PUNCT.sub("", text)
    for opener in _OPENERS:
        if core.startswith(opener) and len(core) > len(opener):
            core = core[len(opener) :]
    if not core or any(core == compact(a) for a in rules.acknowledgements):
        return False
    return _asks(question, rules)
