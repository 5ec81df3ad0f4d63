"""The loaders layer of alliance-kg, installed as ``alliancekg.loaders``."""

if __name__ != "alliancekg.loaders":  # one import name per module
    raise ImportError(f"import alliancekg.loaders, not {__name__}: this folder is the package alliancekg.loaders")
