"""Search: a SQLite FTS5 index over the speech turns, ranked queries, snippets and KWIC."""
