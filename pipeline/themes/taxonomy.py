"""The theme taxonomy: themes, sub-themes, definitions and evidence terms, read from TOML.

The built-in taxonomy is ``pipeline/data/taxonomy.toml``. A user's file (``--taxonomy``)
brings its own ``[themes]``; the ``[scoring]``, ``[names]`` and ``[context]`` sections it leaves
out keep the built-in values. Nothing about particular themes lives in code.

>>> tax = load_taxonomy()
>>> tax.theme_names
('security', 'disclosure', 'pii')
>>> [s.name for s in tax.theme("pii").subthemes][:3]
['handling', 'external_provision', 'my_number']
"""

from __future__ import annotations

import hashlib
import pickle
import re
import tomllib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


class TaxonomyError(ValueError):
    """A taxonomy file that cannot be used, with the reason."""


@dataclass(frozen=True)
class Subtheme:
    name: str | None  # None: terms listed on the theme itself
    definition: str
    terms: tuple[str, ...]
    supporting: tuple[str, ...]
    patterns: tuple[tuple[dict[str, Any], ...], ...]


@dataclass(frozen=True)
class Theme:
    name: str
    label: str
    definition: str
    subthemes: tuple[Subtheme, ...]


@dataclass(frozen=True)
class Scoring:
    term_weight: float
    supporting_weight: float
    pattern_weight: float
    threshold: float


@dataclass(frozen=True)
class NameRules:
    suffixes: tuple[str, ...]
    title_suffixes: tuple[str, ...]
    phrases: tuple[str, ...] = ()


@dataclass(frozen=True)
class ContextRules:
    factor: float
    max_chars: int
    question_endings: tuple[str, ...]
    acknowledgements: tuple[str, ...]
    presiding_roles: tuple[str, ...]


@dataclass(frozen=True)
class Taxonomy:
    themes: tuple[Theme, ...]
    scoring: Scoring
    names: NameRules
    context: ContextRules
    source: str  # "built-in" or the file's path

    @property
    def theme_names(self) -> tuple[str, ...]:
        return tuple(t.name for t in self.themes)

    def theme(self, name: str) -> Theme:
        for t in self.themes:
            if t.name == name:
                return t
        raise KeyError(f"no theme {name!r} in taxonomy {self.source}")


def tagging_fingerprint(taxonomy: Taxonomy | None = None, model: Any = None) -> str:
    """A short hash of everything that decides the theme tags: the taxonomy's content (not
    where it was read from) and the model, if any. Stored with the tables, so a run with
    other settings knows to re-tag.

    >>> tagging_fingerprint() == tagging_fingerprint(load_taxonomy())
    True
    """
    tax = taxonomy or load_taxonomy()
    digest = hashlib.sha256(repr((tax.themes, tax.scoring, tax.names, tax.context)).encode())
    if model is not None:
        digest.update(pickle.dumps(model))
    return digest.hexdigest()[:16]


def builtin_text() -> str:
    return resources.files("pipeline").joinpath("data/taxonomy.toml").read_text("utf-8")


def load_taxonomy(path: Path | str | None = None) -> Taxonomy:
    """The built-in taxonomy, or a user's file merged over the built-in settings."""
    base = tomllib.loads(builtin_text())
    if path is None:
        return _build(base, "built-in")
    path = Path(path)
    try:
        user = tomllib.loads(path.read_text("utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise TaxonomyError(f"cannot read taxonomy {path}: {exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise TaxonomyError(f"taxonomy {path} is not valid TOML: {exc}") from None
    if not user.get("themes"):
        raise TaxonomyError(f"taxonomy {path} has no [themes.<name>] tables")
    merged = {"themes": user["themes"]}
    for section in ("scoring", "names", "context"):
        merged[section] = {**base[section], **user.get(section, {})}
    return _build(merged, str(path))


def _build(raw: dict[str, Any], source: str) -> Taxonomy:
    themes = tuple(_theme(name, body, source) for name, body in raw["themes"].items())
    sc, nm, cx = raw["scoring"], raw["names"], raw["context"]
    scoring = Scoring(
        float(sc["term_weight"]),
        float(sc["supporting_weight"]),
        float(sc["pattern_weight"]),
        float(sc["threshold"]),
    )
    for field, value in vars(scoring).items():
        if not 0 < value <= 1:
            raise TaxonomyError(f"taxonomy {source}: scoring.{field} must be in (0, 1]")
    return Taxonomy(
        themes=themes,
        scoring=scoring,
        names=NameRules(
            tuple(nm["suffixes"]), tuple(nm["title_suffixes"]), tuple(nm.get("phrases", ()))
        ),
        context=ContextRules(
            float(cx["factor"]),
            int(cx["max_chars"]),
            tuple(cx["question_endings"]),
            tuple(cx["acknowledgements"]),
            tuple(cx["presiding_roles"]),
        ),
        source=source,
    )


def _theme(name: str, body: dict[str, Any], source: str) -> Theme:
    if not _NAME.match(name):
        raise TaxonomyError(f"taxonomy {source}: theme name {name!r} must be an identifier")
    subthemes = [
        _subtheme(sub, b, f"{source}: themes.{name}.subthemes.{sub}")
        for sub, b in body.get("subthemes", {}).items()
    ]
    if any(k in body for k in ("terms", "supporting", "patterns")):
        subthemes.insert(0, _subtheme(None, body, f"{source}: themes.{name}"))
    if not subthemes:
        raise TaxonomyError(f"taxonomy {source}: theme {name!r} has no terms or sub-themes")
    return Theme(
        name=name,
        label=str(body.get("label", name)),
        definition=str(body.get("definition", "")).strip(),
        subthemes=tuple(subthemes),
    )


def _subtheme(name: str | None, body: dict[str, Any], where: str) -> Subtheme:
    if name is not None and not _NAME.match(name):
        raise TaxonomyError(f"taxonomy {where}: sub-theme name must be an identifier")
    terms = tuple(str(t) for t in body.get("terms", ()))
    supporting = tuple(str(t) for t in body.get("supporting", ()))
    patterns = tuple(tuple(dict(tok) for tok in p) for p in body.get("patterns", ()))
    if not (terms or supporting or patterns):
        raise TaxonomyError(f"taxonomy {where}: no terms, supporting terms or patterns")
    if any(not p for p in patterns):
        raise TaxonomyError(f"taxonomy {where}: an empty pattern")
    return Subtheme(
        name=name,
        definition=str(body.get("definition", "")).strip(),
        terms=terms,
        supporting=supporting,
        patterns=patterns,
    )
