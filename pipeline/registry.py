"""A small registry: named, versioned functions chosen by configuration.

Modelled on spaCy's registries without the entry-point machinery: a dict and a decorator.
All built-in registrations happen in :mod:`pipeline.registrations`, so importing a module has
no side effects and every name can be found in one file.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


class Registry:
    """Map versioned names (``"kaigiroku.reader.text.v1"``) to functions."""

    def __init__(self, kind: str):
        self.kind = kind
        self._items: dict[str, Callable[..., Any]] = {}

    def register(self, name: str, func: Callable[..., Any] | None = None):
        """Register ``func`` under ``name``; usable as a decorator."""

        def add(f: Callable[..., Any]) -> Callable[..., Any]:
            if name in self._items and self._items[name] is not f:
                raise ValueError(f"{self.kind} {name!r} is already registered")
            self._items[name] = f
            return f

        return add(func) if func is not None else add

    def get(self, name: str) -> Callable[..., Any]:
        try:
            return self._items[name]
        except KeyError:
            known = ", ".join(sorted(self._items)) or "none"
            raise KeyError(f"no {self.kind} named {name!r} (registered: {known})") from None

    def names(self) -> list[str]:
        return sorted(self._items)


readers = Registry("reader")
label_conventions = Registry("label convention")
