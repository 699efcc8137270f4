"""The structure stage's vocabulary, loaded once from ``data/structure.toml``."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import cache, cached_property
from importlib import resources
from pathlib import Path

from .textutil import compact

# Who did what in a summary's narration: 事務局から…, 会長より…
_AGENT = re.compile("から|より")
_POLITE = ("ました", "ます", "です", "でした")


@dataclass(frozen=True)
class Lexicon:
    role_suffixes: tuple[tuple[str, str], ...]  # (suffix, role), longest first
    groups: frozenset[str]
    header_keys: tuple[tuple[str, str], ...]  # (key, field), longest first
    body_start_headings: frozenset[str]
    section_headings: frozenset[str]
    title_suffixes: tuple[str, ...]
    note_events: tuple[str, ...]
    not_speakers: frozenset[str]
    suffix_roles: dict[str, str] = field(hash=False, compare=False, default_factory=dict)
    suffix_lengths: tuple[int, ...] = ()  # of role_suffixes, longest first
    unit_suffixes: tuple[str, ...] = ()
    unit_fields: tuple[str, ...] = ()  # 総務, 情報: what units are named after
    questions: frozenset[str] = frozenset()  # 問, Q: markers of a Q&A summary
    answers: frozenset[str] = frozenset()  # 答, A
    remarks: frozenset[str] = frozenset()  # 意見, 要望: what a summary says a turn is
    speaker_fields: frozenset[str] = frozenset()  # 発言者: a field naming who speaks
    text_fields: frozenset[str] = frozenset()  # 発言内容: the field holding what they say
    opening_headings: frozenset[str] = frozenset()  # 開会: alone on a line, the body opens
    roster_columns: frozenset[str] = frozenset()  # 役職, 氏名: a roster table's header row
    attended: frozenset[str] = frozenset()  # 出席, ○: a roster's attendance column
    absent: frozenset[str] = frozenset()  # 欠席, ×
    attestations: tuple[str, ...] = ()  # 相違ないことを証: the closing attestation
    signing: tuple[str, ...] = ()  # 署名する: how the closing attestation ends
    end_marks: frozenset[str] = frozenset()  # 以上 alone on a line
    nothing_said: frozenset[str] = frozenset()  # 質問なし alone on a line
    narration: tuple[str, ...] = ()  # があった: how a summary's narration ends
    narration_openers: tuple[str, ...] = ()  # 審議の結果: how it may begin
    name_variants: dict[str, str] = field(default_factory=dict, hash=False)  # 斎 → 斉

    def is_attestation(self, line: str) -> bool:
        """Whether ``line`` is the attestation that closes the minutes.

        >>> lex = load_lexicon()
        >>> [lex.is_attestation(s) for s in [
        ...     "上記会議録の内容に相違ないことを証するため、ここに署名する。",
        ...     "以上のとおり相違ないことを認めます。", "会議録署名委員を指名します。",
        ... ]]
        [True, True, False]
        """
        key = compact(line).rstrip("。．.")
        return any(a in key for a in self.attestations) or key.endswith(self.signing)

    def is_narration(self, sentence: str) -> bool:
        """Whether ``sentence`` narrates what a speaker or group did, as a summary does
        between the turns: someone the roles know (事務局, 会長, 委員) followed by から or より,
        or an opening such as 審議の結果, and a plain past ending (``narration``). Not が:
        職員が誤って送付した is an answer.

        >>> lex = load_lexicon()
        >>> [lex.is_narration(s) for s in [
        ...     "議題２について、事務局から説明があった。", "続いて会長より諮問の趣旨を述べた。",
        ...     "ただいま事務局から説明がありました。", "職員が誤って送付した。",
        ...     "委託先から報告があった。", "昨年度は４２件であった。",
        ...     "審議の結果、原案のとおり了承された。",
        ... ]]
        [True, True, False, False, False, False, True]
        """
        key = compact(sentence)
        if not key.endswith("。") or "。" in key[:-1]:
            return False  # one sentence, whole
        if not key[:-1].endswith(self.narration) or key[:-1].endswith(_POLITE):
            return False
        if key.startswith(self.narration_openers):
            return True
        # who: what ends just before から (続いて事務局); every group is a role's ending too
        return any(
            self.title_suffix(key[max(0, m.start() - 16) : m.start()]) for m in _AGENT.finditer(key)
        )

    def is_exchange_marker(self, word: str) -> bool:
        """Whether ``word`` is a question or answer marker (問, Ｑ１, 回答).

        >>> [load_lexicon().is_exchange_marker(s) for s in ["問", "Ｑ１", "回答", "会長"]]
        [True, True, True, False]
        """
        key = compact(word).rstrip("0123456789")
        return key in self.questions or key in self.answers

    def is_speech_act(self, word: str) -> bool:
        """Whether ``word`` says what a turn is (問, 答１, 意見), not who speaks.

        >>> lex = load_lexicon()
        >>> [lex.is_speech_act(w) for w in ["問", "Ｑ１", "意見", "会長"]]
        [True, True, True, False]
        """
        return self.is_exchange_marker(word) or compact(word).rstrip("0123456789") in self.remarks

    def reported_speaker(self, label: str) -> str | None:
        """Who a label reports speaking, when it says what they said or that it is reported
        (委員より, 事務局からの回答, 委員の意見・質問); None for any other label.

        >>> lex = load_lexicon()
        >>> [lex.reported_speaker(s) for s in ["委員より", "事務局からの回答", "山田委員の意見"]]
        ['委員', '事務局', '山田委員']
        >>> [lex.reported_speaker(s) for s in ["委員", "事務局説明", "回答", "ご意見"]]
        [None, '事務局', None, None]
        """
        key = compact(label)
        if not key.endswith(self._report_endings):
            return None  # most labels: one test, not one per place to cut them
        for end in range(1, len(key)):
            who, said = key[:end], key[end:]
            if who not in self.groups and not self.title_suffix(who):
                continue
            joined = next(c for c in _CONNECTORS if said.startswith(c))
            acts = said[len(joined) :]
            if self.says_acts(acts) or (not acts and joined in _REPORTING):
                return who
        return None

    def reports_an_act(self, label: str) -> bool:
        """Whether a label says what someone did, not only who (事務局から説明, 委員の意見;
        not 委員より).

        >>> lex = load_lexicon()
        >>> [lex.reports_an_act(s) for s in ["事務局から説明", "委員より", "委員"]]
        [True, False, False]
        """
        key = compact(label)
        return not key.endswith(_REPORTING) and self.reported_speaker(key) is not None

    def says_acts(self, words: str) -> bool:
        """Whether ``words`` only says what a turn is: 意見・質問, 回答, 質問及び回答.

        >>> [load_lexicon().says_acts(w) for w in ["意見・質問", "質問及び回答", "委員", ""]]
        [True, True, False, False]
        """
        parts = [w for w in _ACT_SEPARATORS.split(words) if w]
        return bool(parts) and all(self.is_speech_act(w) for w in parts)

    @cached_property
    def _report_endings(self) -> tuple[str, ...]:
        return (*self.questions, *self.answers, *self.remarks, *_REPORTING)

    def role_of_title(self, title: str | None) -> str | None:
        """The role a title implies by its ending, or None.

        >>> lex = load_lexicon()
        >>> [lex.role_of_title(t) for t in ["副会長", "会長", "総務課長", "委員全員", "技"]]
        ['vice_chair', 'chair', 'agency', 'collective', None]
        """
        suffix = self.title_suffix(title) if title else None
        return self.suffix_roles[suffix] if suffix else None

    def title_suffix(self, text: str) -> str | None:
        """The longest known title ending of ``text`` (``総務課長`` -> ``課長``).

        Anonymised labels keep their title: ``委員Ａ``, ``委員1`` and ``Ｂ委員`` end in 委員.
        """
        key = strip_designator(compact(text))
        for length in self.suffix_lengths:  # one lookup per length, not one per suffix
            if key[-length:] in self.suffix_roles:
                return key[-length:]
        return None

    def names_a_field(self, text: str) -> bool:
        """Whether ``text`` starts with a field of administration (総務, 情報政策), as a
        unit's name or a post in it does.

        >>> lex = load_lexicon()
        >>> [lex.names_a_field(t) for t in ["総務課長", "情報政策課", "大手課長補佐", "岩井"]]
        [True, True, False, False]
        """
        return compact(text).startswith(self.unit_fields)

    def is_unit(self, text: str) -> bool:
        """Whether ``text`` ends like an organisational unit's name and is not a title.

        Three characters at least: two-character surnames end in 部 or 所 too (阿部, 田所).

        >>> lex = load_lexicon()
        >>> [lex.is_unit(t) for t in ["企画課", "情報政策室", "企画課長", "事務局", "阿部"]]
        [True, True, False, False, False]
        """
        key = compact(text)
        return (
            3 <= len(key) <= 16
            and key.endswith(self.unit_suffixes)
            and self.title_suffix(key) is None
        )


_DESIGNATOR = re.compile(
    r"(?<=[\u3400-\u9fff\u30a0-\u30ff])(?:[A-Za-z]|[0-9]{1,2}|[①-⑳]|\((?:[A-Za-z]|[0-9]{1,2})\))$"
)


# What stands for a person's name in anonymised minutes: 委員（Ａ）, 委員（１）, 甲委員.
_DESIGNATION = re.compile(r"[A-Za-z]|[0-9]{1,2}|[①-⑳]|[甲乙丙丁戊]|[イロハニホヘト]")


def is_designation(text: str) -> bool:
    """Whether ``text`` is a letter, number or the like standing for a person's name.

    >>> [is_designation(s) for s in ["Ａ", "１", "乙", "山田"]]
    [True, True, True, False]
    """
    return bool(_DESIGNATION.fullmatch(compact(text)))


# What joins a speaker to what they said in a label (委員からの質問, 委員の意見), and what
# separates several things said (意見・質問, 質疑及び応答).
_CONNECTORS = ("からの", "より", "の", "から", "")
_REPORTING = ("より", "から")  # 委員より: who spoke, reported, and nothing of what
_ACT_SEPARATORS = re.compile(r"[・、，,／/]|及び|および|と|等")


def strip_designator(key: str) -> str:
    """``委員A``, ``委員(1)`` -> ``委員``: a letter or number that anonymises a speaker
    (after NFKC)."""
    return _DESIGNATOR.sub("", key)


def _pairs(table: dict[str, list[str]]) -> tuple[tuple[str, str], ...]:
    pairs = {compact(word): name for name, words in table.items() for word in words}
    return tuple(sorted(pairs.items(), key=lambda kv: (-len(kv[0]), kv[0])))


@cache
def load_lexicon(path: str | None = None) -> Lexicon:
    """Load the packaged vocabulary, or a user's TOML file with the same tables."""
    if path is None:
        raw = resources.files("pipeline").joinpath("data/structure.toml").read_text("utf-8")
    else:
        raw = Path(path).read_text("utf-8")
    data = tomllib.loads(raw)
    role_suffixes = _pairs(data["roles"])
    labels, roster = data["labels"], data.get("roster", {})
    remarks = labels.get("remarks", ())  # never speakers themselves
    speaker_fields = labels.get("speaker_fields", ())  # 発言者, 発言内容: nor these
    text_fields = labels.get("text_fields", ())
    return Lexicon(
        role_suffixes=role_suffixes,
        suffix_roles=dict(role_suffixes),
        suffix_lengths=tuple(sorted({len(s) for s, _ in role_suffixes}, reverse=True)),
        groups=frozenset(compact(w) for w in data["groups"]["words"]),
        header_keys=_pairs(data["header_keys"]),
        body_start_headings=frozenset(compact(w) for w in data["headings"]["body_start"]),
        section_headings=frozenset(compact(w) for w in data["headings"].get("sections", ())),
        opening_headings=frozenset(compact(w) for w in data["headings"].get("opening", ())),
        title_suffixes=tuple(
            sorted((compact(w) for w in data["headings"]["title_suffixes"]), key=len, reverse=True)
        ),
        note_events=tuple(compact(w) for w in data["notes"]["events"]),
        not_speakers=frozenset(
            compact(w) for w in [*labels["not_speakers"], *remarks, *speaker_fields, *text_fields]
        ),
        unit_suffixes=tuple(compact(w) for w in data.get("units", {}).get("suffixes", ())),
        unit_fields=tuple(compact(w) for w in data.get("units", {}).get("fields", ())),
        questions=frozenset(compact(w) for w in labels.get("questions", ())),
        answers=frozenset(compact(w) for w in labels.get("answers", ())),
        remarks=frozenset(compact(w) for w in remarks),
        speaker_fields=frozenset(compact(w) for w in speaker_fields),
        text_fields=frozenset(compact(w) for w in text_fields),
        roster_columns=frozenset(compact(w) for w in roster.get("columns", ())),
        attended=frozenset(compact(w) for w in roster.get("present", ())),
        absent=frozenset(compact(w) for w in roster.get("absent", ())),
        attestations=tuple(compact(w) for w in data["notes"].get("attestations", ())),
        signing=tuple(compact(w) for w in data["notes"].get("signing", ())),
        end_marks=frozenset(compact(w) for w in data["notes"].get("end_marks", ())),
        nothing_said=frozenset(compact(w) for w in data["notes"].get("nothing_said", ())),
        narration=tuple(compact(w) for w in data["notes"].get("narration", ())),
        narration_openers=tuple(compact(w) for w in data["notes"].get("narration_openers", ())),
        name_variants={
            char: group[0] for group in roster.get("name_variants", ()) for char in group
        },
    )
