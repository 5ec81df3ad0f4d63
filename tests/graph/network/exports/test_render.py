"""PNG exports draw Chinese names with real glyphs, not the boxes of a missing font ("tofu").

Without a font covering a character, Graphviz (through Pango) draws a box holding its code point
in hex, so every such character carries about the same ink.  With a CJK font, ``一`` is one
stroke while the characters of 微软(中国)有限公司 have many.  The test draws the organization's
name, and the same name with each ideograph replaced by ``一`` (same width either way), and
compares the ink of the two labels inside the organization's box.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import networkx as nx
import numpy as np
import pytest
from PIL import Image

from alliancekg.graph.network.exports import render
from alliancekg.graph.network.exports.palette import NODE_COLOURS, colour, rgb

NAME = "微软(中国)有限公司"
ORG = "https://w3id.org/alliance-kg/id/ent/microsoft-china"
PARENT = "https://w3id.org/alliance-kg/id/ent/microsoft"
#: Inside the box, this far from its edge, only label pixels differ from the fill (the corners are round).
MARGIN = 6


def subsidiary_graph(label: str) -> nx.MultiDiGraph:
    """An organization labelled ``label`` and its parent group, as a view gives them to exports."""
    graph = nx.MultiDiGraph(name="cjk")
    graph.add_node(ORG, label=label, kind="Organization")
    graph.add_node(PARENT, label="Microsoft Corporation", kind="CorporateGroup")
    graph.add_edge(ORG, PARENT, key="https://w3id.org/alliance-kg/id/prv/cjk", kind="subsidiary_of")
    return graph


def label_ink(label: str) -> int:
    """Pixels of the PNG export's organization box that are not its fill colour: the drawn label."""
    image = Image.open(io.BytesIO(render(subsidiary_graph(label), "png", title="cjk"))).convert("RGB")
    pixels = np.asarray(image)
    is_fill = (pixels == rgb(colour("Organization", NODE_COLOURS))).all(axis=2)
    rows, columns = np.nonzero(is_fill)
    assert rows.size, "the organization's box is not in the picture"
    inside = is_fill[rows.min() + MARGIN:rows.max() - MARGIN, columns.min() + MARGIN:columns.max() - MARGIN]
    return int(inside.size - inside.sum())


def ink_ratio() -> float:
    """Ink of the name over the ink of the name with every ideograph written as ``一``."""
    ones = "".join("一" if "\u4e00" <= char <= "\u9fff" else char for char in NAME)
    return label_ink(NAME) / label_ink(ones)


def test_png_export_draws_the_chinese_name_with_glyphs() -> None:
    # Measured: about 3.8 with Noto Sans CJK, 1.0 with boxes.
    assert ink_ratio() > 2, "the ideographs are drawn as boxes: install a CJK font (make system-deps)"


@pytest.fixture
def latin_fonts_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Fontconfig limited to the folder of the font Graphviz uses for Latin text (no CJK in it)."""
    if shutil.which("fc-match") is None:
        pytest.skip("fontconfig's fc-match is needed")
    latin = Path(subprocess.run(["fc-match", "-f", "%{file}", "Helvetica"], capture_output=True, text=True,
                                check=True, timeout=30).stdout).parent
    config = tmp_path / "fonts.conf"
    config.write_text(f'<?xml version="1.0"?>\n<fontconfig><dir>{latin}</dir>'
                      f'<cachedir>{tmp_path / "cache"}</cachedir></fontconfig>\n', encoding="utf-8")
    monkeypatch.setenv("FONTCONFIG_FILE", str(config))
    covering = subprocess.run(["fc-list", ":lang=zh", "file"], capture_output=True, text=True, check=True,
                              timeout=30).stdout
    if covering.strip():
        pytest.skip(f"the fonts in {latin} cover Chinese")


def test_the_measure_sees_boxes_without_a_cjk_font(latin_fonts_only: None) -> None:
    assert ink_ratio() < 1.5


def svg_size(svg: bytes) -> tuple[float, float]:
    """Width and height (pt) an SVG from Graphviz declares."""
    root = ET.fromstring(svg)
    return float(root.get("width").removesuffix("pt")), float(root.get("height").removesuffix("pt"))


def test_whole_network_pictures_fit_a_screen_unless_full_size_is_asked(store: object) -> None:
    from alliancekg.graph.network.views import build_view

    graph = build_view(store, "alliance")
    width, height = svg_size(render(graph, "svg"))
    assert width <= 1440.5 and height <= 810.5  # 1920 x 1080 px
    full_width, full_height = svg_size(render(graph, "svg", size=None))
    assert full_width > width or full_height > height
    png = Image.open(io.BytesIO(render(graph, "png")))
    assert png.width <= 1921 and png.height <= 1081
