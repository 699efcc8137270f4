"""Shared fixtures: the sample minutes, the gold annotations, and a processed corpus."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.lexicon import load_lexicon
from pipeline.registrations import populate_registry

FIXTURES = Path(__file__).parent / "fixtures"
SAMPLE = FIXTURES / "yotsukaido_2019-07-16_joho_kokai_shinsakai.txt"
FICTIONAL = FIXTURES / "fictional" / "sakuragaoka_shinsakai.txt"
GOLD = FIXTURES / "gold"

populate_registry()


@pytest.fixture(scope="session")
def lexicon():
    return load_lexicon()


@pytest.fixture(scope="session")
def sample_path() -> Path:
    return SAMPLE


@pytest.fixture(scope="session")
def fictional_path() -> Path:
    return FICTIONAL


@pytest.fixture(scope="session")
def fictional_dir() -> Path:
    return FIXTURES / "fictional"


@pytest.fixture(scope="session")
def layouts_dir() -> Path:
    """Fictional minutes in further real layouts, one file each, for the structure tests
    (not part of the small corpus the run tests process)."""
    return FIXTURES / "layouts"


@pytest.fixture(scope="session")
def sample_text() -> str:
    return SAMPLE.read_text("utf-8")


@pytest.fixture(scope="session")
def fictional_text() -> str:
    return FICTIONAL.read_text("utf-8")


@pytest.fixture(scope="session")
def gold_meeting() -> dict:
    return json.loads((GOLD / "seed_meeting.json").read_text("utf-8"))


@pytest.fixture(scope="session")
def gold_turns() -> list[dict]:
    return [
        json.loads(line)
        for line in (GOLD / "seed_turns.jsonl").read_text("utf-8").splitlines()
        if line.strip()
    ]


@pytest.fixture(scope="session")
def processed(tmp_path_factory) -> Path:
    """The sample and fictional minutes run through the whole job (and topic discovery)
    once per session."""
    from pipeline.run import run_corpus
    from pipeline.topics import discover_topics

    raw = tmp_path_factory.mktemp("raw")
    (raw / SAMPLE.name).write_bytes(SAMPLE.read_bytes())
    (raw / "sakuragaoka.txt").write_bytes(FICTIONAL.read_bytes())
    out = tmp_path_factory.mktemp("processed")
    run_corpus(raw, out)
    discover_topics(out)
    return out


@pytest.fixture(scope="session")
def gold_path() -> Path:
    return GOLD / "seed_turns.jsonl"
