"""The curated data bundled with alliance-kg (YAML-LD deal files, CSV tables, their sources)."""

if __name__ != "alliancekg.data":  # one import name per module
    raise ImportError(f"import alliancekg.data, not {__name__}: this folder is the package alliancekg.data")

from importlib import resources
from pathlib import Path

DATA_DIR = Path(str(resources.files(__name__)))
#: JSON-LD context shared by every YAML-LD file.
CONTEXT_FILE = DATA_DIR / "context.jsonld"
#: Hand-curated agreements, one YAML-LD file per deal.
DEALS_DIR = DATA_DIR / "deals"
