"""Pictures of a view: DOT laid out and drawn by Graphviz ``dot`` (Debian package ``graphviz``)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import networkx as nx

from alliancekg.graph.network.exports.dot import generate_dot

PICTURE_FORMATS = {"svg": "image/svg+xml", "png": "image/png"}
#: Default bound of a picture, in inches: 1920 × 1080 pixels at the 96 dpi of a PNG (1440 × 810 pt in SVG).
SCREEN_INCHES = (20.0, 11.25)


class RenderError(RuntimeError):
    """Graphviz is missing or failed."""


def dot_program() -> str:
    """The path of Graphviz's ``dot``, or :class:`RenderError` saying how to install it."""
    found = shutil.which("dot")
    if not found:
        raise RenderError("Graphviz 'dot' is not installed: apt-get install graphviz (or make system-deps)")
    return found


def run_dot(dot: str, fmt: str, *, timeout: float = 120.0) -> bytes:
    """Lay out and draw DOT text as ``fmt`` (``svg``, ``png`` or any format ``dot -T`` knows)."""
    try:
        done = subprocess.run([dot_program(), f"-T{fmt}"], input=dot.encode("utf-8"), capture_output=True,
                              timeout=timeout, check=False)
    except subprocess.TimeoutExpired as exc:
        raise RenderError(f"Graphviz took more than {timeout:g} s") from exc
    if done.returncode != 0:
        raise RenderError(f"Graphviz failed: {done.stderr.decode('utf-8', 'replace').strip()}")
    return done.stdout


def render(graph: nx.Graph, fmt: str = "svg", *, title: str | None = None,
           size: tuple[float, float] | None = SCREEN_INCHES) -> bytes:
    """A picture of ``graph`` (``svg`` or ``png``), scaled down to fit ``size`` inches (``None``: full size)."""
    if fmt not in PICTURE_FORMATS:
        raise ValueError(f"unknown picture format {fmt!r}; valid: {', '.join(PICTURE_FORMATS)}")
    return run_dot(generate_dot(graph, title=title, size=size), fmt)


def write_picture(graph: nx.Graph, path: str | Path, fmt: str | None = None, *, title: str | None = None,
                  size: tuple[float, float] | None = SCREEN_INCHES) -> Path:
    """Render ``graph`` into ``path`` (format from the suffix unless ``fmt`` is given)."""
    path = Path(path)
    path.write_bytes(render(graph, fmt or path.suffix.lstrip(".").lower(), title=title, size=size))
    return path


__all__ = ["PICTURE_FORMATS", "SCREEN_INCHES", "RenderError", "dot_program", "render", "run_dot", "write_picture"]
