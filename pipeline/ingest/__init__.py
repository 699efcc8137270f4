"""Ingest: find source files and turn their bytes into text (or Diet API records)."""
