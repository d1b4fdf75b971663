"""Serving an export over SPARQL 1.1 Protocol, and pushing it to any SPARQL 1.1 Graph Store.

* :func:`start_server` loads an export (with the ontology's entailments, as :mod:`graphkit.query` does)
  into an on-disk Oxigraph store and runs the Oxigraph server from the PyPI package ``oxigraph`` on it,
  read-only and on 127.0.0.1 unless told otherwise. Queries go to ``{url}/query``; updates are refused.
* :func:`push` sends an export to a Graph Store Protocol endpoint (``{endpoint}?default`` and
  ``{endpoint}?graph=IRI`` for TriG's named graphs) in N-Triples chunks.
* :func:`sparql_select` asks a SPARQL endpoint over HTTP and returns the JSON results.

Examples:
    >>> 1024 < free_port() < 65536
    True
    >>> graph_store_url("http://127.0.0.1:7878/store", None)
    'http://127.0.0.1:7878/store?default'
    >>> graph_store_url("http://127.0.0.1:7878/store", "https://w3id.org/graphkit/id/graph/a")
    'http://127.0.0.1:7878/store?graph=https%3A%2F%2Fw3id.org%2Fgraphkit%2Fid%2Fgraph%2Fa'
"""

from __future__ import annotations

import contextlib
import json
import logging
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Any

from .errors import EndpointError
from .query import OxigraphStore, graph_file, with_prefixes

__all__ = [
    "PushResult",
    "Server",
    "free_port",
    "graph_store_url",
    "oxigraph_command",
    "push",
    "serve",
    "sparql_select",
    "start_server",
]

log = logging.getLogger(__name__)
CHUNK_TRIPLES = 50_000


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port that is free on ``host`` right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        port: int = sock.getsockname()[1]
        return port


def oxigraph_command() -> str:
    """The ``oxigraph`` server executable (installed by ``pip install oxigraph``)."""
    beside = Path(sys.executable).with_name("oxigraph")
    found = shutil.which("oxigraph") or (str(beside) if beside.exists() else None)
    if not found:
        raise EndpointError("the oxigraph server is not installed; run: pip install 'graphkit[server]'")
    return found


def _load(graph: str | Path, location: Path, *, entailment: bool) -> int:
    """Load an export into an on-disk Oxigraph store at ``location``; returns the number of quads."""
    store = OxigraphStore(graph_file(graph), entailment=entailment, location=location)
    size = len(store.store)
    store.store.flush()
    del store  # releases the database lock before the server opens it
    return size


@dataclass
class Server:
    """A running Oxigraph server; stop it with :meth:`stop` or use it as a context manager."""

    process: subprocess.Popen[bytes]
    host: str
    port: int
    location: Path
    read_only: bool
    quads: int = 0
    _tmp: tempfile.TemporaryDirectory[str] | None = field(default=None, repr=False)

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def query_url(self) -> str:
        """The SPARQL 1.1 Protocol query endpoint."""
        return f"{self.url}/query"

    @property
    def store_url(self) -> str:
        """The SPARQL 1.1 Graph Store Protocol endpoint."""
        return f"{self.url}/store"

    def stop(self) -> None:
        """Stop the server (SIGTERM, then SIGKILL after 10 s) and delete a temporary store."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self._tmp is not None:
            self._tmp.cleanup()
            self._tmp = None

    def __enter__(self) -> Server:
        return self

    def __exit__(self, kind: type[BaseException] | None, err: BaseException | None, tb: TracebackType | None) -> None:
        self.stop()


def _wait_until_up(server: Server, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            stderr = server.process.stderr.read().decode(errors="replace") if server.process.stderr else ""
            raise EndpointError(f"the oxigraph server exited at start: {' '.join(stderr.split())[-300:]}")
        with contextlib.suppress(OSError), socket.create_connection((server.host, server.port), timeout=0.5):
            return
        time.sleep(0.1)
    server.stop()
    raise EndpointError(f"the oxigraph server did not answer on {server.url} within {timeout:.0f} s")


def start_server(
    graph: str | Path | None = None,
    *,
    host: str = "127.0.0.1",
    port: int | None = None,
    read_only: bool = True,
    location: str | Path | None = None,
    entailment: bool = True,
    timeout: float = 30.0,
) -> Server:
    """Start an Oxigraph server, with ``graph`` (an export) loaded when given.

    Args:
        graph: an export file or a build's output directory; ``None`` starts an empty store.
        host: the address to listen on; loopback by default.
        port: the port (default: a free one).
        read_only: refuse SPARQL updates and Graph Store writes (``oxigraph serve-read-only``).
        location: the store's directory (default: a temporary one, deleted on stop).
        entailment: also load what the ontology's alignment entails (see :mod:`graphkit.query`).
        timeout: seconds to wait for the server to answer.

    Raises:
        EndpointError: the oxigraph executable is missing or the server does not start.
        ExportError: the export is missing or not RDF.
    """
    command = oxigraph_command()
    tmp = None if location else tempfile.TemporaryDirectory(prefix="graphkit-oxigraph-")
    directory = Path(location or (tmp.name if tmp else "."))
    directory.mkdir(parents=True, exist_ok=True)
    try:
        quads = _load(graph, directory, entailment=entailment) if graph is not None else 0
    except BaseException:
        if tmp is not None:
            tmp.cleanup()
        raise
    port = port or free_port(host)
    mode = "serve-read-only" if read_only else "serve"
    args = [command, mode, "--location", str(directory), "--bind", f"{host}:{port}", "--union-default-graph"]
    log.info("starting %s", " ".join(args))
    process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    server = Server(process, host, port, directory, read_only, quads, tmp)
    _wait_until_up(server, timeout)
    return server


def serve(
    graph: str | Path,
    *,
    host: str = "127.0.0.1",
    port: int = 7878,
    entailment: bool = True,
    on_ready: Callable[[Server], None] | None = None,
) -> int:
    """Serve an export read-only until the server exits or the user presses Ctrl-C; returns its exit code.

    ``on_ready`` is called with the running server (the CLI prints its URL).
    """
    server = start_server(graph, host=host, port=port, entailment=entailment)
    try:
        if on_ready is not None:
            on_ready(server)
        return server.process.wait()
    except KeyboardInterrupt:
        return 0
    finally:
        server.stop()


# ---------------------------------------------------------------------------- HTTP clients
def graph_store_url(endpoint: str, graph: str | None) -> str:
    """The Graph Store Protocol URL of one graph (``None``: the default graph)."""
    query = "default" if graph is None else urllib.parse.urlencode({"graph": graph})
    return f"{endpoint}{'&' if '?' in endpoint else '?'}{query}"


def _request(url: str, *, method: str, data: bytes | None = None, headers: dict[str, str], timeout: float) -> bytes:
    if not url.startswith(("http://", "https://")):
        raise EndpointError(f"{url} is not an http(s) URL")
    request = urllib.request.Request(url, data=data, method=method, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            body: bytes = response.read()
            return body
    except urllib.error.HTTPError as err:
        detail = " ".join(err.read().decode(errors="replace").split())[:200]
        raise EndpointError(f"{method} {url} was refused: HTTP {err.code} {err.reason} {detail}".strip()) from err
    except (urllib.error.URLError, OSError) as err:
        reason = getattr(err, "reason", err)
        raise EndpointError(f"cannot reach {url}: {reason}") from err


@dataclass(frozen=True, slots=True)
class PushResult:
    """What :func:`push` sent: triples per graph (``""`` is the default graph)."""

    graphs: dict[str, int]

    @property
    def triples(self) -> int:
        return sum(self.graphs.values())


def _ntriples(triples: list[Any]) -> bytes:
    import pyoxigraph as ox

    return bytes(ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b"")


def _chunks(store: Any, graph: Any, size: int) -> Iterator[bytes]:
    batch: list[Any] = []
    for quad in store.quads_for_pattern(None, None, None, graph):
        batch.append(quad.triple)
        if len(batch) >= size:
            yield _ntriples(batch)
            batch = []
    if batch:
        yield _ntriples(batch)


def push(
    graph: str | Path,
    *,
    endpoint: str,
    replace: bool = False,
    entailment: bool = True,
    chunk: int = CHUNK_TRIPLES,
    timeout: float = 120.0,
) -> PushResult:
    """Load an export into a SPARQL 1.1 Graph Store Protocol endpoint (e.g. ``http://host:7878/store``).

    Each graph of the export (TriG: the default graph and one per article) is POSTed (added to what the
    store holds) in N-Triples chunks of ``chunk`` triples; with ``replace`` the first chunk of each graph
    is PUT instead, replacing that graph.

    Raises:
        EndpointError: the endpoint cannot be reached or refuses the data.
        ExportError: the export is missing or not RDF.
    """
    import pyoxigraph as ox

    store = OxigraphStore(graph_file(graph), entailment=entailment).store
    sent: dict[str, int] = {}
    targets = [ox.DefaultGraph(), *sorted(store.named_graphs(), key=lambda g: g.value)]
    for target in targets:
        name = None if isinstance(target, ox.DefaultGraph) else target.value
        url = graph_store_url(endpoint, name)
        for number, body in enumerate(_chunks(store, target, chunk)):
            method = "PUT" if replace and number == 0 else "POST"
            _request(
                url,
                method=method,
                data=body,
                headers={"Content-Type": "application/n-triples"},
                timeout=timeout,
            )
            sent[name or ""] = sent.get(name or "", 0) + body.count(b"\n")
    log.info("pushed %d triples in %d graph(s) to %s", sum(sent.values()), len(sent), endpoint)
    return PushResult(sent)


def sparql_select(endpoint: str, query: str, *, timeout: float = 60.0) -> dict[str, Any]:
    """Run a query on a SPARQL 1.1 Protocol endpoint (``http://host:port/query``); the JSON results.

    graphkit's prefixes (``civ:``, ``org:``, ...) are declared for the server when the query uses them
    without declaring them.
    """
    body = urllib.parse.urlencode({"query": with_prefixes(query)}).encode()
    headers = {
        "Content-Type": "application/x-www-form-urlencoded",
        "Accept": "application/sparql-results+json",
    }
    data: dict[str, Any] = json.loads(_request(endpoint, method="POST", data=body, headers=headers, timeout=timeout))
    return data
