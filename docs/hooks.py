"""MkDocs hook: lay the package's sources out by import name before mkdocstrings looks for them.

mkdocstrings' Python handler keeps only search paths that exist when the configuration is read,
so this runs first (``on_config``, high priority), before any page is generated.
"""

from __future__ import annotations

import os
import shutil
import tomllib
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority

ROOT = Path(__file__).resolve().parent.parent


def source_tree(dest: Path) -> Path:
    """Lay out the package's sources as they are installed, for mkdocstrings to read.

    The folders are installed under one import name through ``package-dir``; the Python handler reads
    sources from a folder laid out like the import names, so it is given this one. The root package is
    copied (the handler follows a linked ``__init__.py`` back to its folder), the others are linked into it.
    """
    if dest.exists():
        shutil.rmtree(dest)
    mapping = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]["package-dir"]
    for name in sorted(mapping, key=lambda key: key.count(".")):
        target = dest.joinpath(*name.split("."))
        source = (ROOT / mapping[name]).resolve()
        if target.exists() and target.resolve() == source:
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        if name.count(".") == 0:
            shutil.copytree(source, target, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            target.symlink_to(source, target_is_directory=True)
    return dest


@event_priority(100)
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Write the source tree where ``mkdocs.yml`` points the Python handler."""
    source_tree(Path(os.environ.get("ALLIANCEKG_API_SRC", ROOT / "build" / "api-src")))
    return config
