"""Organization parsers: one organization, mentions in a text, parties with their roles."""

from __future__ import annotations

from rdflib import Literal
from rdflib.namespace import RDF

from alliancekg.loaders.tabular.parsers.organizations import parse_mentions, parse_org, parse_parties
from alliancekg.ontology.namespaces import AKG

ROLES = {"types": [{"pattern": "invest", "role": "akg:InvestorRole"}]}


def test_org_mints_unless_it_must_exist(make_cell) -> None:
    cell = make_cell({"value": "x"})
    (acme,) = parse_org("Acme Corp", {}, cell)
    assert parse_org("ACME corp", {"must_exist": True}, cell) == [acme]
    assert parse_org("Nobody Ltd", {"must_exist": True}, cell) == []
    assert cell.run.problems[0].message == "no known organization for 'Nobody Ltd'"


def test_mentions_finds_known_names_except_the_excluded(make_cell) -> None:
    cell = make_cell({"self": "Acme Corp"})
    (acme,) = parse_org("Acme Corp", {}, cell)
    (beta,) = parse_org("Beta Labs", {}, cell)
    assert parse_mentions("Acme Corp partners with Beta Labs", {"exclude": "self"}, cell) == [beta]
    assert acme != beta


def test_parties_with_roles_become_role_nodes(make_cell) -> None:
    cell = make_cell({"value": "x"})
    (role,) = parse_parties("Acme Corp (investor; lead)", {"roles": ROLES, "also": "akg:party"}, cell)
    graph = cell.run.graph
    org = graph.value(role, AKG.playedBy)
    assert (role, RDF.type, AKG.PartyRole) in graph and graph.value(role, AKG.roleType) == AKG.InvestorRole
    assert set(graph.objects(role, AKG.role)) == {Literal("investor"), Literal("lead")}
    assert (cell.node.subject, AKG.party, org) in graph
    assert parse_parties("Acme Corp", {"roles": ROLES}, cell) == []
    assert "is not written as 'Name (role; role)'" in cell.run.problems[0].message


def test_party_names_are_cut_rewritten_and_split(make_cell) -> None:
    cell = make_cell()
    spec = {"names": {"cut_at": [" via "], "rewrites": {"A and B": "Alpha Inc; Beta Inc"}, "separator": ";",
                      "drop_if_contains": ["undisclosed"]}}
    assert len(parse_parties("A and B via C", spec, cell)) == 2
    assert parse_parties("Undisclosed investors", spec, cell) == []
