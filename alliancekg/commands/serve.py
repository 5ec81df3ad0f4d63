"""``alliancekg serve``: the SPARQL 1.1 endpoint, the Graph Store Protocol and the web page."""

from __future__ import annotations

from typing import Annotated

import typer

from alliancekg.app import app, console, fail, settings
from alliancekg.graph.store import default_store_path, recover_interrupted_swap, remove_leftovers


@app.command("serve")
def serve(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8080,
    allow_updates: Annotated[bool, typer.Option(
        "--allow-updates", help="Accept SPARQL updates and the Graph Store Protocol (/store); needs --token.")] = False,
    token: Annotated[str | None, typer.Option(
        envvar="ALLIANCEKG_TOKEN", help="Bearer token that writes must carry (Authorization: Bearer TOKEN).")] = None,
    query_timeout: Annotated[float, typer.Option(
        help="Seconds a query or update may run before it is stopped (answer 504).")] = 30.0,
    max_results: Annotated[int, typer.Option(
        help="Most solutions or triples in one answer (more: 422).")] = 50_000,
    allow_service: Annotated[bool, typer.Option(
        "--allow-service", help="Let queries use SERVICE (and updates LOAD) to reach other hosts.")] = False,
    cors_origin: Annotated[list[str] | None, typer.Option(
        "--cors-origin", help="Origin allowed to call the service from a browser; repeat, or '*' for any.")] = None,
    max_request_bytes: Annotated[int, typer.Option(
        help="Largest request body accepted (more: 413).")] = 10 * 1024 * 1024,
    workers: Annotated[int | None, typer.Option(
        help="Query worker processes (default: number of CPUs, at most 4).")] = None,
    queue_timeout: Annotated[float | None, typer.Option(
        help="Seconds a request may wait for a free worker (answer 503; default: --query-timeout).")] = None,
    max_query_memory: Annotated[int | None, typer.Option(
        help="MiB of memory each query worker may use (answer 507; default: RAM / (workers + 2)).")] = None,
    long_query_seconds: Annotated[float | None, typer.Option(
        help="Seconds after which a query is long; long queries may hold all workers but one "
             "(default: 2, or half the --query-timeout).")] = None,
    no_reason: Annotated[bool, typer.Option(
        "--no-reason", help="Check writes with SHACL only (no HermiT consistency check).")] = False,
) -> None:
    """Serve the embedded store over HTTP: SPARQL at /sparql, the web page at /."""
    import uvicorn

    from alliancekg.server.app import KEEP_ALIVE_SECONDS, create_app

    if settings.endpoint:
        raise fail("serve publishes the embedded store; drop --endpoint (the remote server has its own endpoint)")
    if allow_updates and not token:
        raise fail("--allow-updates needs --token (or ALLIANCEKG_TOKEN): writes are taken only from clients with it")
    path = (settings.store_path or default_store_path()).expanduser()
    recover_interrupted_swap(path)  # a build killed between its two renames left the old store aside
    remove_leftovers(path)  # directories killed builds were writing or deleting
    if not allow_updates and not path.is_dir():
        raise fail(f"no store at {path}; run 'alliancekg build' first")
    try:
        web_app = create_app(
            path, allow_updates=allow_updates, token=token, query_timeout=query_timeout, max_results=max_results,
            allow_service=allow_service, cors_origins=cors_origin or (), max_request_bytes=max_request_bytes,
            workers=workers, queue_timeout=queue_timeout, long_query_seconds=long_query_seconds,
            max_query_memory=None if max_query_memory is None else max_query_memory * 2**20,
            reason_writes=not no_reason,
        )
    except ValueError as exc:
        raise fail(str(exc)) from exc
    mode = "read-write (token required)" if allow_updates else "read-only"
    console.print(f"serving {path} ({mode}) on http://{host}:{port}/  SPARQL endpoint: http://{host}:{port}/sparql")
    uvicorn.run(web_app, host=host, port=port, log_level="info", timeout_keep_alive=KEEP_ALIVE_SECONDS)


__all__ = ["serve"]
