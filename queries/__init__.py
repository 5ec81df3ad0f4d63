"""The queries layer of alliance-kg, installed as ``alliancekg.queries``."""

if __name__ != "alliancekg.queries":  # one import name per module
    raise ImportError(f"import alliancekg.queries, not {__name__}: this folder is the package alliancekg.queries")
