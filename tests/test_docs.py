"""The README documents every table, column and CLI command (Datasette's test_docs idea)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from pipeline.cli import main
from pipeline.errors import Code
from pipeline.store.schema import TABLES

README = (Path(__file__).parent.parent / "README.md").read_text("utf-8")


def _section(table: str) -> str:
    m = re.search(rf"^### {table}\b.*?(?=^### |^## )", README, re.M | re.S)
    assert m, f"README has no section for table {table}"
    return m.group(0)


@pytest.mark.parametrize("table", sorted(TABLES))
def test_every_column_documented(table):
    section = _section(table)
    documented = re.findall(r"^\| (\w+) \| ([\w<>]+) \|", section, re.M)
    names = [name for name, _ in documented if name != "column"]
    assert names == TABLES[table].names


@pytest.mark.parametrize("command", sorted(main.commands))
def test_every_command_documented(command):
    assert f"`kaigiroku {command}" in README


@pytest.mark.parametrize("code", list(Code))
def test_every_error_code_documented(code):
    assert f"| {code.value} |" in README


def test_two_commands():
    assert "make run" in README and "make test" in README


def _sql_queries() -> list[str]:
    queries = []
    for block in re.findall(r"```sql\n(.*?)```", README, re.S):
        for query in block.split(";"):
            body = "\n".join(line for line in query.splitlines() if not line.startswith("--"))
            if body.strip():
                queries.append(body)
    return queries


@pytest.mark.parametrize("query", _sql_queries())
def test_readme_sql_runs(query, processed):
    import duckdb

    rows = duckdb.sql(query.replace("data/processed", str(processed))).fetchall()
    assert rows, "every README query returns rows on the sample minutes"


def test_readme_pandas_example_runs(processed):
    block = re.search(r"```python\n(import pandas as pd.*?)```", README, re.S).group(1)
    exec(block.replace("data/processed", str(processed)), {})
