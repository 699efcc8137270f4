"""Resolve speaker labels to the roster parsed from the header.

Order: group labels (事務局) get a role and no name; a label starting with a roster name is
that person (木谷委員 is 木谷副会長); a title alone (会長) is the one roster person with that
title; a one-character slip (梶中委員 for 畠中委員) resolves as ``fuzzy``; anything else keeps
its label, a name only if UniDic reads one in it, and the role its title implies.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..lexicon import Lexicon
from ..records import Participant
from ..textutil import compact
from .names import is_title, parse_label, surname_alone

_PERSON_ROLES = {"chair", "vice_chair", "member"}
_STAFF_ROLES = {"secretariat", "agency"}


@dataclass(frozen=True)
class Resolution:
    speaker_name: str | None
    role: str
    resolution: str  # exact | title | fuzzy | group | role | label | qa | unresolved


class SpeakerResolver:
    """Resolve labels against ``participants``.

    >>> from pipeline.lexicon import load_lexicon
    >>> roster = [Participant("畠中", "委員", "member"),
    ...           Participant("木谷", "副会長", "vice_chair")]
    >>> r = SpeakerResolver(roster, load_lexicon())
    >>> r.resolve("梶中委員")
    Resolution(speaker_name='畠中', role='member', resolution='fuzzy')
    >>> r.resolve("木谷委員").role
    'vice_chair'
    >>> r.resolve("問（畠中委員）")
    Resolution(speaker_name='畠中', role='member', resolution='exact')
    >>> r.resolve("ワザサーバー")
    Resolution(speaker_name=None, role='unknown', resolution='unresolved')
    >>> anonymised = [Participant(None, "Ａ委員", "chair", note="会長")]
    >>> SpeakerResolver(anonymised, load_lexicon()).resolve("会長")
    Resolution(speaker_name=None, role='chair', resolution='title')
    """

    def __init__(self, participants: list[Participant], lexicon: Lexicon):
        self.lexicon = lexicon
        self.roster = list(participants)
        self.people = [p for p in participants if p.name]
        self._cache: dict[str, Resolution] = {}

    def names(self) -> set[str]:
        return set().union(*(_called(p) for p in self.people))

    def resolve(self, label: str) -> Resolution:
        if label not in self._cache:
            self._cache[label] = self._resolve(label)
        return self._cache[label]

    def _resolve(self, label: str) -> Resolution:
        key = compact(label)
        if self.lexicon.is_exchange_marker(key):
            return Resolution(None, "unknown", "qa")  # 問, 答: a Q&A summary names nobody
        act, bracket, speaker = key.partition("(")
        if bracket and self.lexicon.is_speech_act(act) and speaker.endswith(")"):
            return self.resolve(speaker[:-1])  # 問（斉藤委員）: 斉藤委員 asks
        if not bracket and (reported := self.lexicon.reported_speaker(key)):
            return self.resolve(reported)  # 委員より, 事務局からの回答: 委員, 事務局
        title_role = self.lexicon.role_of_title(key)
        if key in self.lexicon.groups:
            return Resolution(None, title_role or "unknown", "group")
        parsed = parse_label(label, self.lexicon)
        title = compact(parsed.title or "")
        if parsed.name is None and title in self.lexicon.groups:
            # 事務局（答）: a group, what it says noted in brackets
            return Resolution(None, self.lexicon.role_of_title(title) or "unknown", "group")
        person = self._by_name(key, parsed.name) or self._by_name(title)
        if person:
            return Resolution(person.name, self._role(parsed.title, person), "exact")
        if parsed.name is None and title:
            # 会長, or 事務局（総務課長）: the post in the brackets
            posts = {key, title}
            same_title = [p for p in self.roster if posts & _posts(p)]
            if is_title(title, self.lexicon) and self.lexicon.role_of_title(title) == "member":
                # 委員 alone (not Ａ委員) is any member, titled so in the roster or not
                same_title = [p for p in self.roster if p.role in _PERSON_ROLES]
            if not same_title:
                # 文書係長 for the roster's 総務課文書係長: the post without its unit
                same_title = [p for p in self.roster if self._holds_in_a_unit(posts, p)]
            if len(same_title) == 1:
                return Resolution(same_title[0].name, same_title[0].role, "title")
        fuzzy = self._fuzzy(key)
        if fuzzy:
            return Resolution(fuzzy.name, self._role(parsed.title, fuzzy), "fuzzy")
        role = self.lexicon.role_of_title(parsed.title) or title_role or "unknown"
        if parsed.name:
            return Resolution(parsed.name, role, "label")
        return Resolution(None, role, "role" if role != "unknown" else "unresolved")

    def _role(self, spoken_title: str | None, person: Participant) -> str:
        """The roster role, unless the label says the person presides (議長（大森太郎君）)."""
        spoken = self.lexicon.role_of_title(spoken_title)
        return spoken if spoken in ("chair", "vice_chair") else person.role

    def _by_name(self, key: str, parsed_name: str | None = None) -> Participant | None:
        candidates = []
        for p in self.people:
            for name in _called(p):
                rest = key[len(name) :]
                if (
                    key.startswith(name) and (len(name) >= 2 or self.lexicon.title_suffix(rest))
                ) or (parsed_name and compact(parsed_name) == name):
                    candidates.append((len(name), p))
        if not candidates:
            return None
        best = max(n for n, _ in candidates)
        top = {id(p): p for n, p in candidates if n == best}
        if len(top) == 1:
            return next(iter(top.values()))
        title = self.lexicon.title_suffix(key)
        same_title = [p for p in top.values() if p.title and title and p.title.endswith(title)]
        return same_title[0] if len(same_title) == 1 else None

    def _holds_in_a_unit(self, posts: set[str], person: Participant) -> bool:
        """Whether ``person``'s title is one of ``posts`` in a unit: 総務課文書係長 for 文書係長,
        総務課長 for 課長 (the unit's last character and the post's first are one); not
        副会長 for 会長, whose 副 is no unit."""
        title = compact(person.title or "")
        for post in posts:
            unit = title[: -len(post)]
            if (
                unit
                and title.endswith(post)
                and (self.lexicon.is_unit(unit) or self.lexicon.is_unit(unit + post[0]))
            ):
                return True
        return False

    def _fuzzy(self, key: str) -> Participant | None:
        suffix = self.lexicon.title_suffix(key)
        if not suffix:
            return None
        name, label_role = key[: -len(suffix)], self.lexicon.role_of_title(suffix)
        if len(name) < 2:
            return None
        # 今井委員 with only 村井 in the roster is another person, whom the roster missed: a
        # slip gives a name the dictionary does not know (梶中 for 畠中), or a variant (斎藤).
        known = surname_alone(name)
        matches = []
        for p in self.people:
            for candidate in _called(p):
                if (
                    len(candidate) == len(name)
                    and _one_substitution(candidate, name)
                    and (_compatible(label_role, p.role))
                    and (not known or self._variants(candidate, name))
                ):
                    matches.append(p)
        unique = {id(p): p for p in matches}
        return next(iter(unique.values())) if len(unique) == 1 else None

    def _variants(self, a: str, b: str) -> bool:
        """Whether ``a`` and ``b`` differ only in kanji written either way (斉藤, 斎藤)."""
        same = self.lexicon.name_variants
        return all(same.get(x, x) == same.get(y, y) for x, y in zip(a, b, strict=True))


def _called(person: Participant) -> set[str]:
    """What a label may call ``person`` by: the name, the surname, and each part of a name
    written with a middle dot (ジョン・スミス: スミス委員)."""
    names = {compact(person.name or ""), compact(person.family_name or "")}
    names |= {part for part in re.split(r"[・＝=]", compact(person.name or "")) if len(part) >= 2}
    return names - {""}


def _posts(person: Participant) -> set[str]:
    """What a label may call ``person`` by title alone: the title, and a post the roster notes
    in brackets (Ａ委員（会長）, anonymised rosters: no name to go by)."""
    posts = {compact(n) for n in (person.note or "").split("；") if n}
    if person.title:
        posts.add(compact(person.title))
    return posts


def _one_substitution(a: str, b: str) -> bool:
    return sum(x != y for x, y in zip(a, b, strict=True)) == 1


def _compatible(label_role: str | None, person_role: str) -> bool:
    if label_role is None or label_role == person_role:
        return True
    if label_role in _PERSON_ROLES and person_role in _PERSON_ROLES:
        return True
    return label_role in _STAFF_ROLES and person_role in _STAFF_ROLES
