"""The OpenAPI description of the analyst endpoints: typed answers and enumerations that match the code."""

from __future__ import annotations

from pathlib import Path
from typing import get_args

from alliancekg.graph.network.exports import FORMATS
from alliancekg.graph.network.views import VIEWS
from alliancekg.graph.network.views.alliance import AGREEMENT_NODES
from alliancekg.server.app import create_app
from alliancekg.server.insight_models import EXPORT_MEDIA_TYPES, AgreementNodes, ExportFormat, ViewName


def test_the_enumerations_match_the_views_and_formats_the_exports_offer() -> None:
    assert set(get_args(ViewName)) == {*VIEWS, "all"}
    offered = {name: f.media_type for name, f in FORMATS.items()}
    assert offered == EXPORT_MEDIA_TYPES
    assert {"odrl", "odrl-jsonld"} <= set(offered)
    assert set(get_args(ExportFormat)) == set(offered)
    assert get_args(AgreementNodes) == AGREEMENT_NODES


def test_openapi_types_the_rights_answer_and_enumerates_export_parameters(tmp_path: Path) -> None:
    spec = create_app(tmp_path / "store").openapi()
    schemas = spec["components"]["schemas"]
    rights = spec["paths"]["/api/rights"]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
    assert rights == {"$ref": "#/components/schemas/RightsAnswer"}
    provision = schemas["ProvisionStateRecord"]["properties"]
    assert provision["state"]["enum"] == ["in force", "not yet in force", "ended", "pending", "start unknown"]
    assert {"type": "string", "format": "date"} in provision["end_date"]["anyOf"]
    choices = spec["paths"]["/api/rights/choices"]["get"]["responses"]["200"]["content"]["application/json"]
    assert choices["schema"] == {"$ref": "#/components/schemas/RightsChoices"}
    export = spec["paths"]["/api/export"]["get"]
    parameters = {p["name"]: p["schema"] for p in export["parameters"]}
    assert parameters["view"]["enum"] == list(get_args(ViewName))
    assert "graphml" in parameters["format"]["enum"] and "png" in parameters["format"]["enum"]
    assert {"odrl", "odrl-jsonld"} <= set(parameters["format"]["enum"]) and "all" in parameters["view"]["enum"]
    assert parameters["agreementNodes"]["enum"] == ["none", "multi-party", "all"]
    assert {"image/svg+xml", "application/graphml+xml", "text/turtle"} <= set(export["responses"]["200"]["content"])
