"""A throwaway OpenLink Virtuoso server for the tests: a generated ``virtuoso.ini`` in a temporary
directory, free loopback ports, and one account allowed to write through ``/sparql-auth`` (HTTP Digest).

Virtuoso is the Debian package ``virtuoso-opensource`` (``make system-deps`` installs it); its server
binary is ``virtuoso-t`` and its SQL console ``isql-vt``.
"""

from __future__ import annotations

import shutil
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

#: The account the tests write with; ``dba``/``dba`` is the administrator of a fresh database.
USER, PASSWORD = "akg", "akg-secret"
SERVER_BINARIES = ("virtuoso-t", "virtuoso")
CONSOLE_BINARIES = ("isql-vt", "isql")


def find_binary(names: tuple[str, ...]) -> str | None:
    """The first of ``names`` on ``PATH``, if any."""
    return next((found for name in names if (found := shutil.which(name))), None)


def virtuoso_ini(directory: Path, sql_port: int, http_port: int) -> str:
    """A minimal ``virtuoso.ini`` keeping every file in ``directory`` and listening on loopback only.

    Examples
    --------
    >>> text = virtuoso_ini(Path("/tmp/v"), 1111, 8890)
    >>> "ServerPort = 127.0.0.1:8890" in text and "DatabaseFile = /tmp/v/virtuoso.db" in text
    True
    """
    return f"""[Database]
DatabaseFile = {directory}/virtuoso.db
ErrorLogFile = {directory}/virtuoso.log
LockFile = {directory}/virtuoso.lck
TransactionFile = {directory}/virtuoso.trx
xa_persistent_file = {directory}/virtuoso.pxa
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {directory}/virtuoso-temp.db
TransactionFile = {directory}/virtuoso-temp.trx

[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
DirsAllowed = {directory}
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000

[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {directory}
ServerThreads = 10
Charset = UTF-8

[SPARQL]
ResultSetMaxRows = 1000000
MaxQueryExecutionTime = 300
"""


#: SQL run once on the fresh database: an account that may update through ``/sparql-auth``.
SETUP_SQL = (f"DB.DBA.USER_CREATE('{USER}', '{PASSWORD}'); GRANT SPARQL_UPDATE TO \"{USER}\"; "
             f"DB.DBA.RDF_DEFAULT_USER_PERMS_SET('{USER}', 3);")


@dataclass
class Virtuoso:
    """A running Virtuoso: its process, HTTP base URL and SQL port."""

    process: subprocess.Popen
    url: str
    sql_port: int

    @property
    def query_endpoint(self) -> str:
        return f"{self.url}/sparql"

    @property
    def auth_endpoint(self) -> str:
        return f"{self.url}/sparql-auth"


def start_virtuoso(server: str, console: str, directory: Path, sql_port: int, http_port: int,
                   timeout: float = 120.0) -> Virtuoso:
    """Start ``virtuoso-t +foreground`` on a fresh database in ``directory`` and create the writing account."""
    ini = directory / "virtuoso.ini"
    ini.write_text(virtuoso_ini(directory, sql_port, http_port))
    log = (directory / "stdout.log").open("wb")
    process = subprocess.Popen([server, "+configfile", str(ini), "+foreground"], cwd=directory,
                               stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{http_port}"
    deadline = time.monotonic() + timeout
    while True:
        if process.poll() is not None:
            raise RuntimeError(f"virtuoso-t exited with {process.returncode}: {(directory / 'stdout.log').read_text()}")
        try:
            if httpx.get(f"{url}/sparql", params={"query": "ASK { ?s ?p ?o }"}, timeout=5).status_code == 200:
                break
        except httpx.TransportError:
            pass
        if time.monotonic() > deadline:
            process.kill()
            raise TimeoutError(f"Virtuoso did not answer at {url} within {timeout} s")
        time.sleep(0.25)
    done = subprocess.run([console, f"127.0.0.1:{sql_port}", "dba", "dba", f"exec={SETUP_SQL}"],
                          capture_output=True, text=True, timeout=60, check=False)
    if done.returncode != 0 or "Error" in done.stdout + done.stderr:
        process.kill()
        raise RuntimeError(f"isql could not create the account: {done.stdout}{done.stderr}")
    return Virtuoso(process, url, sql_port)


def writer(virtuoso: Virtuoso) -> object:
    """A :class:`~alliancekg.graph.store.remote.RemoteStore` on ``virtuoso``: queries on ``/sparql``, updates on
    ``/sparql-auth`` with the test account."""
    from alliancekg.graph.store.remote import Digest, RemoteStore

    return RemoteStore(virtuoso.query_endpoint, update_endpoint=virtuoso.auth_endpoint, auth=Digest(USER, PASSWORD))
