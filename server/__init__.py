"""The SPARQL service of alliance-kg: SPARQL 1.1 Protocol, Graph Store Protocol and the web page.

Build the application with :func:`alliancekg.server.app.create_app`; the
``alliancekg serve`` command runs it with uvicorn.
"""

if __name__ != "alliancekg.server":  # one import name per module
    raise ImportError(f"import alliancekg.server, not {__name__}: this folder is the package alliancekg.server")
