"""The catalog of named SPARQL queries: ``queries/*.rq`` files with a header comment.

Header format (comment lines before the query)::

    # title: Microsoft's equity stake in OpenAI Group PBC
    # description: Percent, basis, the stake it replaced and the reported valuation.
    # param: holder iri = ent:microsoft ; who holds the stake
    # param: at date ; the date to look at (required: no default)
    # param: holder iri optional ; only this holder's provisions (left out: every provision)
    # list: sources " | "

A parameter is a query variable; its value is bound (pyoxigraph substitutions for the
embedded store, an inline ``VALUES`` row of validated terms for remote stores), never pasted
into the query text.  Types: ``iri``, ``date``, ``decimal``, ``integer``, ``string``.
A parameter marked ``optional`` (in place of ``= default``) may be left out: its variable is then
not bound at all, so the query must give the answer for every value when it is free.

A ``list`` column holds items joined by a separator (a ``GROUP_CONCAT``, default ``" | "``), whose
order SPARQL leaves to the store: two stores, or two runs of one, may join them differently.
The project's runners (:func:`alliancekg.queries.run.run_query`, ``alliancekg query``) sort the
items of such a column, so that every store gives the same answer.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from alliancekg.graph.store.terms import TERM_BUILDERS, TermError, parse_term

if TYPE_CHECKING:
    from collections.abc import Callable

    from rdflib.term import Node

_HEADER = re.compile(r"^#\s*(?P<key>title|description|param|group|list)\s*:\s*(?P<value>.*)$")
_PARAM = re.compile(
    r"^(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s+(?P<kind>\w+)"
    r"(?:\s*=\s*(?P<default>[^;]*?)|\s+(?P<optional>optional))?\s*(?:;\s*(?P<doc>.*))?$"
)
_LIST = re.compile(r'^(?P<name>[A-Za-z_][A-Za-z0-9_]*)(?:\s+(?P<separator>"(?:[^"\\]|\\.)+"))?$')
DEFAULT_SEPARATOR = " | "


class CatalogError(ValueError):
    """A catalog file is malformed, a query is unknown, or a parameter value is invalid."""


@dataclass(frozen=True)
class Parameter:
    """One bindable variable of a catalog query."""

    name: str
    kind: str
    default: str | None = None
    description: str = ""
    optional: bool = False

    def bind(self, value: str, build: Callable[[str, str], Any] = parse_term) -> Node:
        """Build the validated term for ``value`` (naming the parameter in any error).

        ``build`` makes the term from the text and the kind: rdflib terms by default,
        :func:`~alliancekg.graph.store.terms.parse_oxigraph_term` for pyoxigraph terms.
        """
        try:
            return build(value, self.kind)
        except TermError as exc:
            raise CatalogError(f"parameter {self.name!r}: {exc}") from exc


@dataclass(frozen=True)
class CatalogQuery:
    """A named query of the catalog."""

    name: str
    title: str
    description: str
    text: str
    parameters: tuple[Parameter, ...] = field(default_factory=tuple)
    group: str = "general"
    path: Path | None = None
    lists: tuple[tuple[str, str], ...] = ()

    def bindings(self, values: dict[str, str] | None = None,
                 build: Callable[[str, str], Any] = parse_term) -> dict[str, Node]:
        """Validated bindings from user ``values``, filling defaults; unknown names are errors.

        ``build`` makes each term, as in :meth:`Parameter.bind`.  An ``optional`` parameter
        without a value is left unbound.
        """
        values = dict(values or {})
        known = {p.name: p for p in self.parameters}
        unknown = sorted(set(values) - set(known))
        if unknown:
            valid = ", ".join(known) or "none"
            raise CatalogError(f"query {self.name!r} has no parameter {unknown[0]!r}; valid: {valid}")
        bound: dict[str, Node] = {}
        for param in self.parameters:
            raw = values.get(param.name, param.default)
            if (raw is None or raw == "") and param.optional:
                continue
            if raw is None or raw == "":
                raise CatalogError(f"query {self.name!r} needs parameter {param.name!r} ({param.kind})")
            bound[param.name] = param.bind(raw, build)
        return bound


def parse_query_file(text: str, name: str, path: Path | None = None) -> CatalogQuery:
    """Read the header of a ``.rq`` file into a :class:`CatalogQuery`.

    Examples
    --------
    >>> q = parse_query_file("# title: T\\n# param: x iri = akg:Agreement ; a class\\nSELECT * {}", "t")
    >>> q.title, q.parameters[0].default
    ('T', 'akg:Agreement')
    """
    header: dict[str, list[str]] = {"title": [], "description": [], "param": [], "group": [], "list": []}
    where = path or name
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if not stripped.startswith("#"):
            if stripped:
                break
            continue
        match = _HEADER.match(stripped)
        if match:
            header[match["key"]].append(match["value"].strip())
        elif header["description"] and stripped.startswith("#   "):
            header["description"][-1] += " " + stripped.lstrip("# ").strip()
        elif stripped.startswith("# param") :
            raise CatalogError(f"{where}:{number}: malformed header line {stripped!r}")
    if not header["title"]:
        raise CatalogError(f"{where}: missing '# title:' header")
    params = []
    for spec in header["param"]:
        match = _PARAM.match(spec)
        if not match:
            raise CatalogError(f"{where}: malformed parameter {spec!r} (want 'name type [= default | optional] ; doc')")
        if match["kind"] not in TERM_BUILDERS:
            raise CatalogError(
                f"{where}: parameter {match['name']!r} has unknown type {match['kind']!r}; "
                f"valid: {', '.join(TERM_BUILDERS)}"
            )
        default = match["default"].strip() if match["default"] else None
        params.append(Parameter(match["name"], match["kind"], default, (match["doc"] or "").strip(),
                                optional=bool(match["optional"])))
    return CatalogQuery(
        name=name,
        title=header["title"][0],
        description=" ".join(header["description"]),
        text=text,
        parameters=tuple(params),
        group=header["group"][0] if header["group"] else "general",
        path=path,
        lists=tuple(_list_column(spec, where) for spec in header["list"]),
    )


def _list_column(spec: str, where: object) -> tuple[str, str]:
    """``name ["separator"]`` of a ``# list:`` header line as ``(name, separator)``.

    Examples
    --------
    >>> _list_column('others ", "', "q.rq"), _list_column("sources", "q.rq")
    (('others', ', '), ('sources', ' | '))
    """
    match = _LIST.match(spec)
    try:
        separator = json.loads(match["separator"]) if match and match["separator"] else DEFAULT_SEPARATOR
    except json.JSONDecodeError:
        match = None
    if not match:
        raise CatalogError(f"{where}: malformed list column {spec!r} (want 'name [\"separator\"]')")
    return match["name"], separator


def catalog_dir() -> Path:
    """The folder holding the bundled ``.rq`` files."""
    return Path(str(resources.files("alliancekg.queries")))


def load_catalog(directory: Path | None = None) -> dict[str, CatalogQuery]:
    """All catalog queries by name (the file stem), sorted by name."""
    directory = directory or catalog_dir()
    queries = {}
    for path in sorted(directory.glob("*.rq")):
        queries[path.stem] = parse_query_file(path.read_text(encoding="utf-8"), path.stem, path)
    return queries


def resolve_query(name_or_file: str, catalog: dict[str, CatalogQuery] | None = None) -> CatalogQuery:
    """Find a query by catalog name, or read it from a ``.rq`` file path."""
    catalog = load_catalog() if catalog is None else catalog
    if name_or_file in catalog:
        return catalog[name_or_file]
    path = Path(name_or_file)
    if path.suffix == ".rq" and path.is_file():
        text = path.read_text(encoding="utf-8")
        try:
            return parse_query_file(text, path.stem, path)
        except CatalogError:
            return CatalogQuery(name=path.stem, title=path.stem, description="", text=text, path=path)
    raise CatalogError(
        f"no catalog query or .rq file named {name_or_file!r}; catalog: {', '.join(catalog)}"
    )
