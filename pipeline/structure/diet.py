"""National Diet Library API records to meetings: each speech record is already a turn."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from ..lexicon import Lexicon
from ..records import Extracted, Meeting, Participant, Turn
from ..textutil import parse_number
from .dates import fiscal_year_of

_LEADING_LABEL = re.compile(r"^[○◯〇]\s*(?P<label>[^\s\u3000]+)[\s\u3000]+")
_GUEST_ROLES = ("証人", "参考人", "公述人")
_HEADER_SPEAKER = "会議録情報"


def diet_meetings(extracted: Extracted, lexicon: Lexicon) -> list[Meeting]:
    groups: dict[Any, list[dict]] = {}
    for record in extracted.records or []:
        key = record.get("issueID") or (
            record.get("nameOfHouse"),
            record.get("nameOfMeeting"),
            record.get("issue"),
            record.get("date"),
        )
        groups.setdefault(key, []).append(record)
    return [_meeting(records, extracted.text, lexicon) for records in groups.values()]


def _meeting(records: list[dict], text: str, lexicon: Lexicon) -> Meeting:
    first = records[0]
    house, name = first.get("nameOfHouse") or "", first.get("nameOfMeeting") or ""
    issue = first.get("issue")
    session = _int(first.get("session"))
    meeting = Meeting(house=house or None, issue=issue, diet_session=session)
    meeting.body = f"{house}{name}" or None
    meeting.title = (
        " ".join(
            p for p in (f"第{session}回国会" if session else "", house, name, issue or "") if p
        )
        or None
    )
    try:
        meeting.date = dt.date.fromisoformat(str(first.get("date")))
        meeting.fiscal_year = fiscal_year_of(meeting.date)
    except ValueError:
        meeting.date = None
    m = re.search(r"(\d+)", issue or "")
    meeting.session_no = int(m.group(1)) if m else None
    meeting.header_start = records[0]["char_start"]
    meeting.header_end = meeting.header_start
    seen: dict[str, Participant] = {}
    for record in records:
        speaker = record.get("speaker") or ""
        if speaker == _HEADER_SPEAKER or record.get("speechOrder") in (0, "0"):
            meeting.header_end = record["char_end"]
            continue
        role = _role(record, lexicon)
        start, end = record["char_start"], record["char_end"]
        speech = text[start:end]
        label_match = _LEADING_LABEL.match(speech)
        label = label_match["label"] if label_match else speaker
        body_start = start + (label_match.end() if label_match else 0)
        meeting.turns.append(
            Turn(
                kind="speech",
                text=text[body_start:end].strip(),
                char_start=start,
                char_end=end,
                speaker_label=label,
                speaker_name=speaker or None,
                role=role,
                resolution="source",
                label_start=start if label_match else None,
                label_end=body_start if label_match else None,
                speaker_yomi=record.get("speakerYomi"),
                speaker_group=record.get("speakerGroup"),
                speaker_position=record.get("speakerPosition"),
                speaker_role_source=record.get("speakerRole"),
            )
        )
        if speaker and speaker not in seen:
            seen[speaker] = Participant(
                name=speaker, title=record.get("speakerPosition"), role=role, section="speakers"
            )
    meeting.participants = list(seen.values())
    return meeting


def _role(record: dict, lexicon: Lexicon) -> str:
    if (record.get("speakerRole") or "") in _GUEST_ROLES:
        return "guest"
    position = record.get("speakerPosition") or ""
    return lexicon.role_of_title(position) or ("agency" if position else "member")


def _int(value) -> int | None:
    if value is None:
        return None
    return parse_number(str(value))
