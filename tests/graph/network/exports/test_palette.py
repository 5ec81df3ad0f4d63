"""Export colours: known kinds keep theirs, unknown ones get a stable palette colour."""

from __future__ import annotations

from alliancekg.graph.network.exports.palette import EDGE_COLOURS, NODE_COLOURS, OKABE_ITO, colour, rgb


def test_known_kinds_keep_their_colour_and_unknown_ones_a_stable_palette_colour() -> None:
    for kind, hex_colour in {**EDGE_COLOURS, **NODE_COLOURS}.items():
        assert colour(kind, {**EDGE_COLOURS, **NODE_COLOURS}) == hex_colour
    assert colour("never-seen-kind", {}) in OKABE_ITO
    assert colour("never-seen-kind", {}) == colour("never-seen-kind", {})


def test_hex_colours_become_rgb_triples() -> None:
    assert rgb("#0072B2") == (0, 114, 178)
    assert rgb("ffffff") == (255, 255, 255)
