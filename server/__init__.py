"""The SPARQL service of alliance-kg: SPARQL 1.1 Protocol, Graph Store Protocol and the web page.

Build the application with :func:`alliancekg.server.app.create_app`; the
``alliancekg serve`` command runs it with uvicorn.
"""
