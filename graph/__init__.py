"""The graph layer of alliance-kg, installed as ``alliancekg.graph``."""

if __name__ != "alliancekg.graph":  # one import name per module
    raise ImportError(f"import alliancekg.graph, not {__name__}: this folder is the package alliancekg.graph")
