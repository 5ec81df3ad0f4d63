"""Templates (``{column|filter}``), conditions (``when``, ``where``) and splitting values of a mapping."""

from __future__ import annotations

import re
from typing import Any

from rdflib import URIRef

from alliancekg.loaders.linking import slugify
from alliancekg.loaders.tabular.mapping import MappingError
from alliancekg.loaders.tabular.reader import Row
from alliancekg.loaders.tabular.state import Run, Scope
from alliancekg.loaders.tabular.text import PARENTHESES, drop_trailing_parentheses

TEMPLATE = re.compile(r"\{([^{}]+)\}")

#: The filters of a template placeholder, ``{name|filter:argument}``.
FILTERS = {
    "slug": lambda v, arg: slugify(v, int(arg) if arg else 80),
    "lower": lambda v, arg: v.lower(),
    "upper": lambda v, arg: v.upper(),
    "title": lambda v, arg: v.title(),
    "stem": lambda v, arg: re.sub(r"\.[A-Za-z0-9]{2,4}\s*$", "", v),
    "first": lambda v, arg: v.split(arg or " | ")[0].strip(),
    "strip_parentheses": lambda v, arg: " ".join(PARENTHESES.sub(" ", v).split()),
    "party_names": lambda v, arg: "–".join(
        drop_trailing_parentheses(part).strip() for part in v.split(arg or " | ") if part.strip()),
    "words": lambda v, arg: ", ".join(part.strip().replace("_", " ") for part in v.split(arg or " | ") if part.strip()),
}


def render(run: Run, template: str, scope: Scope) -> str:
    """``template`` with each ``{name|filter}`` replaced by the scope's value, filtered.

    Examples
    --------
    >>> from pathlib import Path
    >>> from alliancekg.loaders.linking import Resolver
    >>> from alliancekg.loaders.tabular.mapping import MAPPINGS_DIR, load_mapping
    >>> run = Run(load_mapping(MAPPINGS_DIR / "alliances.yaml"), Path("a.csv"), Resolver())
    >>> render(run, "agr:{deal_id|slug}", Scope(Row({"deal_id": "Acme Beta 2025"}, 2, {})))
    'agr:acme-beta-2025'
    """
    def substitute(match: re.Match[str]) -> str:
        name, *filters = match.group(1).split("|")
        value = scope.value(name.strip())
        for spec in filters:
            fname, _, arg = spec.strip().partition(":")
            if fname not in FILTERS:
                raise MappingError(f"{run.mapping.path}: unknown template filter {fname!r}")
            value = FILTERS[fname](value, arg)
        return value

    return TEMPLATE.sub(substitute, template)


def term(run: Run, template: str, scope: Scope) -> URIRef:
    """The IRI of a rendered CURIE template."""
    return run.mapping.iri(render(run, template, scope))


def holds(run: Run, condition: dict[str, Any] | list[Any] | None, scope: Scope) -> bool:
    """Whether ``condition`` (``equals``, ``matches`` or ``present`` of a column; a list: all) holds."""
    if not condition:
        return True
    if isinstance(condition, list):
        return all(holds(run, c, scope) for c in condition)
    value = scope.value(render(run, condition["column"], scope)) if "column" in condition else ""
    if "equals" in condition:
        return value == render(run, str(condition["equals"]), scope)
    if "matches" in condition:
        return run.pattern("search", condition["matches"], value, (condition, "matches"), scope.row) is not None
    if "present" in condition:
        return bool(value) == bool(condition["present"])
    raise MappingError(f"{run.mapping.path}: a condition needs equals, matches or present")


def split(run: Run, value: str, how: Any, row: Row | None = None, column: str | None = None) -> list[str]:
    """The non-blank parts of ``value``: ``how`` is True (the mapping's separator), a text, or a ``regex``."""
    if not value:
        return []
    if how is True:
        how = run.spec.get("separator", " | ")
    if not how:
        return [value]
    if isinstance(how, dict):
        parts = run.pattern("split", how["regex"], value, (how, "regex"), row or Row({}, 0, {}), column)
        return [v for v in parts if v and v.strip()]
    return [v for v in value.split(how) if v.strip()]
