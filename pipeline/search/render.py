"""Search results as text for a terminal, as JSON and as CSV rows."""

from __future__ import annotations

import csv
import io
from dataclasses import asdict

from ..textutil import display_width, speaker_shown
from .engine import Hit, SearchResult, TurnView
from .kwic import KwicLine


def speaker(turn: TurnView) -> str:
    return speaker_shown(turn.speaker_name, turn.speaker_label)


def theme_labels(themes: list[dict]) -> str:
    """``security/encryption_network, security/governance, pii/handling``"""
    return ", ".join(t["theme"] + (f"/{t['subtheme']}" if t["subtheme"] else "") for t in themes)


def to_dict(result: SearchResult) -> dict:
    """The JSON shape: the query as understood, the total, and every hit with its citation,
    snippet (highlights as offsets into the snippet; ``matches`` as offsets into ``text``)
    and context turns."""
    return {
        "query": result.query.text,
        "terms": [
            {"text": t.text, "quoted": t.quoted, "alternatives": [list(a) for a in t.alternatives]}
            for t in result.query.terms
        ],
        "filters": {
            k: (v.isoformat() if hasattr(v, "isoformat") else v)
            for k, v in vars(result.filters).items()
            if v is not None
        },
        "total": result.total,
        "stale_index": result.stale,
        "hits": [_hit_dict(h) for h in result.hits],
    }


def _hit_dict(hit: Hit) -> dict:
    out = {"rank": hit.rank, "score": hit.score, "matched_all": hit.matched_all}
    out.update(asdict(hit.turn))
    out["themes"] = hit.themes
    out["matches"] = [list(s) for s in hit.matches]
    s = hit.snippet
    out["snippet"] = {
        "text": s.text,
        "start": s.start,
        "highlights": [list(h) for h in s.highlights],
        "marked": s.marked(),
    }
    out["context"] = {
        "before": [asdict(t) for t in hit.before],
        "after": [asdict(t) for t in hit.after],
    }
    return out


CSV_COLUMNS = [
    "rank",
    "score",
    "matched_all",
    "date",
    "fiscal_year",
    "municipality",
    "body",
    "title",
    "speaker",
    "role",
    "themes",
    "turn_id",
    "meeting_id",
    "snippet",
]


def to_csv(result: SearchResult) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for h in result.hits:
        t = h.turn
        writer.writerow(
            {
                "rank": h.rank,
                "score": h.score,
                "matched_all": h.matched_all,
                "date": t.date,
                "fiscal_year": t.fiscal_year,
                "municipality": t.municipality,
                "body": t.body,
                "title": t.title,
                "speaker": speaker(t),
                "role": t.role,
                "themes": theme_labels(h.themes),
                "turn_id": t.turn_id,
                "meeting_id": t.meeting_id,
                "snippet": h.snippet.marked(),
            }
        )
    return buffer.getvalue()


def to_text(result: SearchResult, color: bool = False, context_chars: int = 160) -> str:
    """Blocks for a terminal: citation line, speaker and themes, highlighted snippet."""
    before, after = ("\x1b[1;31m", "\x1b[0m") if color else ("**", "**")
    lines = [_heading(result)]
    for h in result.hits:
        t = h.turn
        lines.append("")
        lines.append(
            f"{h.rank:>3}. {t.date or '日付不明'}  {t.body or ''}  {t.title or ''}".rstrip()
        )
        who = f"{speaker(t)} ({t.role})"
        themes = f"  《{theme_labels(h.themes)}》" if h.themes else ""
        score = "" if h.score is None else f"  score {h.score:.2f}"
        lines.append(f"     {who}{themes}{score}  [{t.turn_id}]")
        for c in h.before:
            lines.append(f"       ↑ {speaker(c)} ({c.role}): {_short(c.text, context_chars)}")
        lines.append("     " + h.snippet.marked(before, after))
        for c in h.after:
            lines.append(f"       ↓ {speaker(c)} ({c.role}): {_short(c.text, context_chars)}")
    return "\n".join(lines)


def _heading(result: SearchResult) -> str:
    what = f"「{result.query.text.strip()}」" if result.query.text.strip() else "filters"
    if not result.hits:
        return f"no turns match {what}"
    first, last = result.hits[0].rank, result.hits[-1].rank
    return f"{result.total} turn(s) match {what}; showing {first}–{last}"


def _short(text: str, n: int) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= n else flat[:n] + "…"


def kwic_text(lines: list[KwicLine], window: int) -> str:
    """One aligned line per occurrence: date, speaker, left context, 【keyword】, right."""
    out = []
    for line in lines:
        left = " ".join(line.left.split("\n"))
        right = " ".join(line.right.split("\n"))
        pad = " " * max(0, 2 * window - display_width(left))
        who = speaker_shown(line.speaker_name, line.speaker_label)
        out.append(f"{line.date or '----------'}  {who:<6}  {pad}{left}【{line.keyword}】{right}")
    return "\n".join(out)
