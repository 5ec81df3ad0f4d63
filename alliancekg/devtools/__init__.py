"""Tools for developing alliance-kg: the layout check and helpers that run servers for tests and benchmarks."""
