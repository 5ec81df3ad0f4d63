"""The SPARQL tokenizer and the edits built on it (VALUES binding, USING clauses, prefix declarations)."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from alliancekg.graph.sparql.lexer import (
    IRI,
    PUNCT,
    STRING,
    VAR,
    WORD,
    SparqlTextError,
    add_using,
    bind_values,
    complete_prefixes,
    has_dataset_clause,
    has_keyword,
    query_form,
    tokenize,
    update_names_dataset,
    values_clause,
    where_group_offset,
)

XSD = "http://www.w3.org/2001/XMLSchema#"


def kinds(text: str) -> list[tuple[str, str]]:
    return [(t.kind, t.text) for t in tokenize(text)]


# -- tokenizer ------------------------------------------------------------------------

def test_tokens_of_a_simple_query() -> None:
    assert kinds('SELECT ?s WHERE { ?s <urn:p> "x" . }') == [
        (WORD, "SELECT"), (VAR, "?s"), (WORD, "WHERE"), (PUNCT, "{"), (VAR, "?s"), (IRI, "<urn:p>"),
        (STRING, '"x"'), (PUNCT, "."), (PUNCT, "}"),
    ]


@pytest.mark.parametrize("literal", [
    '"a } b"', "'a { b'", '"say \\"}\\" please"', "'it\\'s {'", '"""multi\nline } with "quotes" """',
    "'''x''y}'''", '"# not a comment {"', '"<not an iri>"', '"""ends with two quotes"" """',
])
def test_braces_and_quotes_inside_strings_are_not_structure(literal: str) -> None:
    text = f"SELECT ?o WHERE {{ ?s ?p {literal} }}"
    tokens = tokenize(text)
    strings = [t.text for t in tokens if t.kind == STRING]
    assert strings == [literal]
    assert [t.text for t in tokens if t.kind == PUNCT] == ["{", "}"]


def test_comments_are_skipped_but_hash_in_iris_and_strings_is_kept() -> None:
    text = "SELECT * { # a comment with } and SERVICE\n ?s <http://x/#frag> \"#\" }"
    assert [t.text for t in tokenize(text)] == ["SELECT", "*", "{", "?s", "<http://x/#frag>", '"#"', "}"]


def test_less_than_is_an_operator_unless_an_iri_follows() -> None:
    tokens = kinds("FILTER(?a < 3 && ?b<=?c && ?d = <http://x/>)")
    assert (PUNCT, "<") in tokens
    assert (PUNCT, "<=") in tokens
    assert (IRI, "<http://x/>") in tokens


def test_prefixed_names_blank_nodes_and_escapes_are_single_words() -> None:
    assert kinds("ex:a.b ex:c\\'d _:b1 ex:e.") == [
        (WORD, "ex:a.b"), (WORD, "ex:c\\'d"), (WORD, "_:b1"), (WORD, "ex:e"), (PUNCT, "."),
    ]


@pytest.mark.parametrize("text", ['SELECT * { ?s ?p "open }', "SELECT * { ?s ?p 'x\n' }", 'ASK { """never closed }'])
def test_unterminated_strings_are_errors(text: str) -> None:
    with pytest.raises(SparqlTextError, match="unterminated string"):
        tokenize(text)


# -- keywords -------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    ("SELECT * { SERVICE <http://x/> { ?s ?p ?o } }", True),
    ("select * { service silent ?endpoint { ?s ?p ?o } }", True),
    ("SELECT * { ?s ?p ?o . SERVICE<http://x/>{} }", True),
    ("SELECT * { ?s <http://example.org/SERVICE> ?o }", False),
    ('SELECT * { ?s ?p "SERVICE <http://x/> {}" }', False),
    ("SELECT * { ?s ?p ?o } # SERVICE <http://x/> {}", False),
    ("SELECT ?service { ?service ex:SERVICE ?o }", False),
])
def test_service_is_found_only_as_a_keyword(text: str, expected: bool) -> None:
    assert has_keyword(text, "SERVICE") is expected


def test_a_service_keyword_hidden_from_the_tokenizer_does_not_parse() -> None:
    # Where the tokenizer sees no SERVICE keyword, the store's parser must not run one either.
    store = ox.Store()
    sneaky = [
        "PREFIX ex: <http://e/> SELECT * { ?s ?p ex:o.SERVICE <http://127.0.0.1:1/> { ?a ?b ?c } }",
        "PREFIX ex: <http://e/> SELECT * { ?s ?p ex:o\\.SERVICE <http://127.0.0.1:1/> { ?a ?b ?c } }",
    ]
    for text in sneaky:
        assert not has_keyword(text, "SERVICE")
        with pytest.raises(SyntaxError):
            store.query(text)


@pytest.mark.parametrize(("text", "strings"), [
    ('VALUES ?x { """a""""b" }', ['"""a"""', '"b"']),
    ('VALUES ?x { """a"""" " }', ['"""a"""', '" "']),
    ("VALUES ?x { '''a''''b' }", ["'''a'''", "'b'"]),
    ('VALUES ?x { """a""b""" }', ['"""a""b"""']),
])
def test_a_long_string_ends_at_its_first_unescaped_triple_quote(text: str, strings: list[str]) -> None:
    # The grammar lets one or two quotes into a long string only before another character.
    assert [t.text for t in tokenize(text) if t.kind == STRING] == strings
    values = ox.Store().query(f"SELECT ?x WHERE {{ {text} }}")
    assert len(list(values)) == len(strings)


@pytest.mark.parametrize("text", [
    'SELECT * WHERE { VALUES ?x { """a"""" " } SERVICE <http://127.0.0.1:1/sparql> { ?s ?p ?o } '
    'VALUES ?y { " " } } # "',
    "SELECT * WHERE { BIND(<urn:x\\u0041#> AS ?z) SERVICE <http://127.0.0.1:1/sparql> {?a ?b ?c} }",
    "SELECT * WHERE { ?s ?p true.SERVICE <http://127.0.0.1:1/sparql> {?a ?b ?c} }",
    "SELECT * WHERE { ?s ?p 1SERVICE <http://127.0.0.1:1/sparql> {?a ?b ?c} }",
    "SELECT * WHERE { ?s ?p trueSERVICE <http://127.0.0.1:1/sparql> {?a ?b ?c} }",
    "SELECT * WHERE { ?s ?p FALSEservice <http://127.0.0.1:1/sparql> {?a ?b ?c} }",
    "SELECT * WHERE { ?s ?p ?o . FILTER(?o<xsd:integer(?s)&&?o>0) SERVICE <http://127.0.0.1:1/> {} }",
])
def test_the_service_tricks_of_the_hostile_corpus_are_seen_by_the_tokenizer(text: str) -> None:
    assert has_keyword(text, "SERVICE")


def test_less_than_before_a_function_call_is_an_operator() -> None:
    text = "SELECT ?n WHERE { ?s ?p ?n ; ?q ?m FILTER(?n<xsd:integer(?m)&&?n>0) }"
    tokens = kinds(text)
    assert (PUNCT, "<") in tokens and (WORD, "xsd:integer") in tokens
    assert complete_prefixes(text, {"xsd": XSD}).startswith(f"PREFIX xsd: <{XSD}>\n")


def test_unicode_escapes_in_iris_keep_the_iri_whole() -> None:
    assert kinds("SELECT * { ?s <urn:x\\u0041#y> ?o }")[4] == (IRI, "<urn:x\\u0041#y>")


def test_query_form_and_dataset_clause() -> None:
    assert query_form(tokenize("PREFIX a: <urn:a#> # SELECT\n CONSTRUCT { ?s ?p ?o } WHERE { }")) == "CONSTRUCT"
    assert query_form(tokenize("INSERT DATA { <urn:a> <urn:b> <urn:c> }")) is None
    assert has_dataset_clause("SELECT * FROM <urn:g> { ?s ?p ?o }")
    assert has_dataset_clause("ASK FROM NAMED <urn:g> { GRAPH ?g { } }")
    assert not has_dataset_clause("SELECT ?from { ?s <urn:from> ?from . FILTER(?from != 'FROM') }")


# -- binding values -------------------------------------------------------------------

@pytest.mark.parametrize(("text", "prefix"), [
    ("SELECT ?o WHERE { ?s ?p ?o }", "SELECT ?o WHERE {"),
    ("SELECT ?o { ?s ?p ?o }", "SELECT ?o {"),
    ("SELECT (EXISTS { ?x ?y ?z } AS ?e) WHERE { ?s ?p ?o }", "SELECT (EXISTS { ?x ?y ?z } AS ?e) WHERE {"),
    ('CONSTRUCT { ?s <urn:p> "}{" } WHERE { ?s ?p ?o }', 'CONSTRUCT { ?s <urn:p> "}{" } WHERE {'),
    ("ASK FROM <urn:g> { ?s ?p ?o }", "ASK FROM <urn:g> {"),
    ("# title: a } query\nPREFIX ex: <urn:{>\nDESCRIBE ?s WHERE { ?s ?p ?o }",
     "# title: a } query\nPREFIX ex: <urn:{>\nDESCRIBE ?s WHERE {"),
])
def test_where_group_offset_finds_the_outermost_where_brace(text: str, prefix: str) -> None:
    assert text[:where_group_offset(text)] == prefix


@pytest.mark.parametrize("text", ["CONSTRUCT WHERE { ?s ?p ?o }", "DESCRIBE <urn:x>", "INSERT DATA { }"])
def test_where_group_offset_refuses_texts_without_a_separate_where_group(text: str) -> None:
    with pytest.raises(SparqlTextError):
        where_group_offset(text)


def test_values_clause_rejects_bad_names_and_blank_nodes() -> None:
    with pytest.raises(SparqlTextError, match="variable name"):
        values_clause({"a b": ox.Literal("x")})
    with pytest.raises(SparqlTextError, match="variable name"):
        values_clause({"x) } DROP ALL ; SELECT (?y": ox.Literal("x")})
    with pytest.raises(SparqlTextError, match="only IRIs and literals"):
        values_clause({"b": ox.BlankNode("b1")})


HOSTILE = [
    'quote " inside', "single ' quote", "} ) } DROP ALL ; #", "line\nbreak\r\nand\ttab", "back\\slash \\",
    '""" triple', "'''", "<urn:not-an-iri>", "# comment?", "VALUES ?x { 1 }", "\u2028 unicode \U0001f600 é",
]


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_literals_are_bound_as_data(value: str) -> None:
    store = ox.Store()
    text = bind_values("SELECT ?v ?len WHERE { BIND(STRLEN(?v) AS ?len) }", {"v": ox.Literal(value)})
    [row] = list(store.query(text))
    assert row["v"].value == value
    assert int(row["len"].value) == len(value)


def test_bound_iris_dates_and_language_literals_round_trip() -> None:
    bindings = {
        "who": ox.NamedNode("https://w3id.org/alliance-kg/id/ent/microsoft"),
        "at": ox.Literal("2030-12-31", datatype=ox.NamedNode(XSD + "date")),
        "name": ox.Literal("Microsoft", language="en"),
    }
    text = bind_values("SELECT ?who ?at ?name WHERE { }", bindings)
    [row] = list(ox.Store().query(text))
    assert row["who"] == bindings["who"]
    assert row["at"] == bindings["at"]
    assert row["name"] == bindings["name"]


@settings(max_examples=150, deadline=None)
@given(st.text())
def test_any_text_is_bound_as_one_literal(value: str) -> None:
    try:
        literal = ox.Literal(value)
    except ValueError:
        return
    text = bind_values("SELECT ?v WHERE { ?s ?p ?o FILTER(false) } ", {"v": literal})
    assert list(ox.Store().query(text)) == []
    text = bind_values("SELECT ?v WHERE { }", {"v": literal})
    [row] = list(ox.Store().query(text))
    assert row["v"] == literal


def test_binding_joins_with_the_query_pattern() -> None:
    store = ox.Store()
    store.update('INSERT DATA { <urn:a> <urn:p> 1 . <urn:b> <urn:p> 2 }')
    two = ox.Literal("2", datatype=ox.NamedNode(XSD + "integer"))
    text = bind_values("SELECT ?s WHERE { ?s <urn:p> ?n }", {"n": two})
    assert [row["s"].value for row in store.query(text)] == ["urn:b"]


# -- updates and prefixes -------------------------------------------------------------

def test_add_using_goes_before_each_modify_where_but_not_delete_where() -> None:
    text = ("INSERT { ?s a <urn:T> } WHERE { ?s ?p ?o } ; DELETE WHERE { ?s <urn:x> ?o } ; "
            "DELETE { ?s ?p ?o } INSERT { ?s ?p 1 } WHERE { { SELECT ?s WHERE { ?s ?p ?o } } }")
    result = add_using(text, [ox.NamedNode("urn:g1")], [ox.NamedNode("urn:g2")])
    assert result.count("USING <urn:g1> USING NAMED <urn:g2> WHERE") == 2
    assert "DELETE WHERE { ?s <urn:x> ?o }" in result
    ox.Store().update(result)  # still a valid update


def test_update_names_dataset() -> None:
    assert update_names_dataset("WITH <urn:g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }")
    assert update_names_dataset("INSERT { ?s ?p ?o } USING <urn:g> WHERE { ?s ?p ?o }")
    assert not update_names_dataset("INSERT DATA { <urn:with> <urn:using> 'USING' }")


def test_complete_prefixes_declares_only_what_is_used_and_missing() -> None:
    prefixes = {"akg": "https://w3id.org/alliance-kg/ontology#", "ent": "https://w3id.org/alliance-kg/id/ent/",
                "rdfs": "http://www.w3.org/2000/01/rdf-schema#"}
    text = ("PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
            "SELECT * { ent:microsoft akg:holds ?x ; rdfs:label ?l }")
    completed = complete_prefixes(text, prefixes)
    assert completed.startswith("PREFIX ent: <https://w3id.org/alliance-kg/id/ent/>\n"
                                "PREFIX akg: <https://w3id.org/alliance-kg/ontology#>\n")
    assert completed.count("PREFIX rdfs:") == 1
    assert complete_prefixes('SELECT * { ?s ?p "akg:x" }', prefixes) == 'SELECT * { ?s ?p "akg:x" }'


def test_complete_prefixes_keeps_a_header_comment_first() -> None:
    text = "# title: t\n# group: g\nSELECT * { ?s akg:p ?o }"
    completed = complete_prefixes(text, {"akg": "urn:akg#"})
    assert completed == "# title: t\n# group: g\nPREFIX akg: <urn:akg#>\nSELECT * { ?s akg:p ?o }"
    ox.Store().query(completed)


def test_values_bind_a_where_group_that_is_a_subquery() -> None:
    store = ox.Store()
    for name in ("a", "b"):
        store.add(ox.Quad(ox.NamedNode(f"urn:{name}"), ox.NamedNode("urn:p"), ox.Literal(name)))
    text = 'SELECT ?s ?o WHERE { SELECT ?s ?o WHERE { ?s <urn:p> ?o } } # "}"'
    bound = bind_values(text, {"s": ox.NamedNode("urn:a")})
    assert [(str(r["s"]), str(r["o"])) for r in store.query(bound)] == [("<urn:a>", '"a"')]


@pytest.mark.parametrize("text", [
    "SELECT (EXISTS { ?x <urn:p> ?z } AS ?e) WHERE { ?x ?p ?o }",
    "SELECT * WHERE { ?s ?p ?o FILTER(NOT EXISTS { ?s <urn:p> ?o }) }",
    "SELECT * WHERE { ?s ?p ?o BIND(EXISTS { ?o <urn:p#x> ?s } AS ?e) }",
])
def test_iris_in_a_pattern_inside_an_expression_stay_iris(text: str) -> None:
    iris = [t.text for t in tokenize(text) if t.kind == IRI]
    assert iris and all(iri.startswith("<urn:p") for iri in iris)
    ox.Store().query(text)  # and Oxigraph reads an IRI there too
