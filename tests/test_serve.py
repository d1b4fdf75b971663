"""A real Oxigraph server on a free loopback port: push an export over the Graph Store Protocol, query it
over the SPARQL Protocol, serve an export read-only (updates refused), and stop."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest
from typer.testing import CliRunner

from graphkit.cli import app
from graphkit.errors import EndpointError
from graphkit.query import load_query, run_query
from graphkit.serve import _request, push, sparql_select, start_server

pytestmark = [pytest.mark.server, pytest.mark.model]


def _values(results: dict[str, object], var: str) -> set[str]:
    bindings = results["results"]["bindings"]  # type: ignore[index]
    return {row[var]["value"] for row in bindings if var in row}  # type: ignore[union-attr]


def _closed(host: str, port: int) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex((host, port)) != 0


@pytest.fixture(scope="module")
def seed_trig(seed_build) -> Path:  # type: ignore[no-untyped-def]
    _, out = seed_build
    return Path(out) / "graph.trig"


def test_push_then_query_over_http(seed_trig: Path) -> None:
    with start_server(None, read_only=False) as server:
        assert server.host == "127.0.0.1"
        sent = push(seed_trig, endpoint=server.store_url)
        assert sent.triples > 500 and len(sent.graphs) == 2  # the default graph and the article's graph
        posts = sparql_select(server.query_url, "SELECT ?post WHERE { ?p org:holds ?x . ?x rdfs:label ?post }")
        assert "City Solicitor" in _values(posts, "post")
        local = run_query(seed_trig, "posts").records()
        remote = sparql_select(server.query_url, load_query("posts")[0])
        assert _values(remote, "person") == {r["person"] for r in local}
        again = push(seed_trig, endpoint=server.store_url, replace=True)
        count = sparql_select(server.query_url, "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
        assert int(next(iter(_values(count, "n")))) == again.graphs[next(g for g in again.graphs if g)]
    assert _closed(server.host, server.port)


def test_served_export_is_read_only(seed_trig: Path) -> None:
    with start_server(seed_trig) as server:
        access = sparql_select(server.query_url, "SELECT ?who WHERE { ?w civ:hasAccessTo ?s ; rdfs:label ?who }")
        assert "U.S. Immigration and Customs Enforcement" in _values(access, "who")
        members = sparql_select(server.query_url, "SELECT ?m WHERE { ?x org:memberOf ?o ; rdfs:label ?m }")
        assert "Marcel S. Pratt" in _values(members, "m"), "entailments are served too"
        form = {"Content-Type": "application/x-www-form-urlencoded"}
        with pytest.raises(EndpointError, match="403"):
            _request(f"{server.url}/update", method="POST", data=b"update=DROP%20ALL", headers=form, timeout=10)
        with pytest.raises(EndpointError, match="403"):
            push(seed_trig, endpoint=server.store_url)
        still = sparql_select(server.query_url, "ASK { ?s civ:hasAccessTo ?o }")
        assert still["boolean"] is True
    assert _closed(server.host, server.port)


def test_push_to_nothing_fails_in_one_line(seed_trig: Path, tmp_path: Path) -> None:
    from graphkit.serve import free_port

    port = free_port()
    result = CliRunner().invoke(app, ["push", str(seed_trig), "--endpoint", f"http://127.0.0.1:{port}/store"])
    assert result.exit_code == 2
    assert len(result.stderr.strip().splitlines()) == 1 and "cannot reach" in result.stderr
