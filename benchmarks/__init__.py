"""Benchmarks of alliance-kg (``make bench``, ``python -m benchmarks``); not part of the installed package.

:mod:`benchmarks.generator` writes alliance-shaped graphs of a chosen size as N-Quads;
:mod:`benchmarks.systems` wraps the three stores compared (the project's store, rdflib's
in-memory store and raw pyoxigraph) behind one small interface; :mod:`benchmarks.operations`
holds the measured operations, each a small function; :mod:`benchmarks.runner` runs them for
one system and size in a fresh process (so peak memory is that system's own);
:mod:`benchmarks.report` prints the ratios and writes ``benchmarks/results.md``;
:mod:`benchmarks.load_test` puts the HTTP endpoint under load.
"""
