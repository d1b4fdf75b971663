"""The ``graphkit`` command line: a thin layer that parses options and calls the library."""

from __future__ import annotations

import logging
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from .corpus import MAX_BYTES, corpus_files
from .errors import GraphkitError
from .export import DEFAULT_FORMATS, EXPORTERS
from .types import Relation

if TYPE_CHECKING:
    from .pipeline import BuildResult
from .export.html import DEFAULT_MAX_NODES

app = typer.Typer(
    name="graphkit",
    help="Build knowledge graphs of who holds which post, who stands where and who said what, from news articles.",
    no_args_is_help=True,
    add_completion=False,
)
console = Console()
err_console = Console(stderr=True)


@app.callback()
def _root() -> None:
    """graphkit: knowledge graphs of civic-policy news, every edge sourced to its sentence."""


def _summary(result: BuildResult) -> Table:
    s = result.statements
    table = Table(title="graphkit build", show_header=True, header_style="bold")
    table.add_column("what")
    table.add_column("count", justify="right")
    table.add_row("documents built", str(len(s.documents)))
    table.add_row("documents failed", str(len(result.errors)))
    for kind, n in sorted(Counter(e.type for e in s.entities.values()).items()):
        table.add_row(f"entities: {kind}", str(n))
    for kind, n in sorted(Counter(st.kind for st in s.statements).items()):
        table.add_row(f"statements: {kind}", str(n))
    for pred, n in sorted(Counter(st.predicate for st in s.statements if isinstance(st, Relation)).items()):
        table.add_row(f"  relation {pred}", str(n))
    if result.cache is not None:
        table.add_row("articles parsed / from cache", f"{result.cache.misses} / {result.cache.hits}")
    table.add_row("time taken", f"{result.seconds:.1f} s")
    return table


@app.command()
def build(
    corpus: Annotated[Path, typer.Argument(help="Directory of articles (.txt + .meta.json, .md, .html) or one file.")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Directory to write the exports into.")] = Path("out"),
    model: Annotated[str | None, typer.Option(help="Installed spaCy pipeline to use instead of the default.")] = None,
    strict: Annotated[bool, typer.Option(help="Exit non-zero before writing anything if any document fails.")] = False,
    formats: Annotated[
        str, typer.Option(help=f"Comma-separated exports, of: {', '.join(sorted(EXPORTERS))}.")
    ] = ",".join(DEFAULT_FORMATS),
    jobs: Annotated[int, typer.Option(min=1, help="Processes that parse and extract (or Dask workers to start).")] = 1,
    engine: Annotated[
        str, typer.Option(help="local (this machine, --jobs processes) or dask (a Dask cluster).")
    ] = "local",
    scheduler: Annotated[
        str | None,
        typer.Option(help="Address of a running Dask scheduler (tcp://HOST:8786); default: a LocalCluster."),
    ] = None,
    max_bytes: Annotated[int, typer.Option(help="Refuse article files larger than this.")] = MAX_BYTES,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar or summary.")] = False,
    html_max_nodes: Annotated[
        int | None,
        typer.Option(min=1, help=f"At most this many entities in graph.html (default {DEFAULT_MAX_NODES})."),
    ] = None,
    cache: Annotated[
        bool, typer.Option("--cache/--no-cache", help="Reuse the parses of articles built before.")
    ] = True,
) -> None:
    """Build the knowledge graph of CORPUS and write its exports to --out."""
    from .engine import ENGINES
    from .pipeline import build_corpus

    if engine not in ENGINES:
        raise typer.BadParameter(f"expected one of {', '.join(ENGINES)}, not {engine!r}", param_hint="--engine")
    html_options: dict[str, object] = {"corpus": corpus.resolve().name}
    if html_max_nodes is not None:
        html_options["max_nodes"] = html_max_nodes
    try:
        total = len(corpus_files(corpus))
        with Progress(TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                      console=err_console, disable=quiet, transient=True) as bar:  # fmt: skip
            task = bar.add_task("reading articles", total=total)
            result = build_corpus(corpus, out, model=model, strict=strict, jobs=jobs, max_bytes=max_bytes,
                                  engine=engine, scheduler=scheduler,
                                  cache=cache, formats=[f.strip() for f in formats.split(",") if f.strip()],
                                  export_options={"html": html_options},
                                  progress=lambda _doc, n: bar.advance(task, n))  # fmt: skip
    except GraphkitError as err:
        err_console.print(f"[red]error:[/] {escape(str(err))}", soft_wrap=True, highlight=False)
        raise typer.Exit(2) from err
    except OSError as err:  # an output directory that is a file, a full or read-only disk
        where = f" ({err.filename})" if err.filename else ""
        err_console.print(f"[red]error:[/] cannot write the build: {escape(err.strerror or str(err))}{escape(where)}",
                          soft_wrap=True, highlight=False)  # fmt: skip
        raise typer.Exit(2) from err
    for error in result.errors:
        message = f"[red]error:[/] {escape(error.path)}: {escape(error.reason)}"
        err_console.print(message, soft_wrap=True, highlight=False)
    if not quiet:
        console.print(_summary(result))
        html = next((p for p in result.outputs if p.suffix == ".html"), None)
        if html is not None:
            console.print(f"Open the graph: [bold]{html.resolve()}[/]")
    if result.errors:
        raise typer.Exit(1)


cache_app = typer.Typer(help="The cache of parsed articles that makes rebuilds fast.", no_args_is_help=True)
app.add_typer(cache_app, name="cache")
OUT = Path("out")


@cache_app.command("clear")
def cache_clear(
    out: Annotated[Path, typer.Option("--out", "-o", help="The build directory whose cache to clear.")] = OUT,
) -> None:
    """Delete the cached parses ($GRAPHKIT_CACHE, else OUT/.graphkit-cache)."""
    from .cache import clear_cache, default_cache_dir

    root = default_cache_dir(out)
    assert root is not None
    console.print(f"Removed {clear_cache(root)} cached parse(s) from {root}")


@app.command("eval")
def eval_command(
    out: Annotated[Path, typer.Argument(help="A build directory (or its statements.jsonl) to score.")],
    gold: Annotated[Path, typer.Option("--gold", help="A civic-gold/1 file or a directory of them.")],
    misses: Annotated[bool, typer.Option("--misses", "-v", help="List every miss and false positive.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the scores as JSON.")] = False,
) -> None:
    """Precision, recall and F1 of relations (per type), claims and quotes against gold files."""
    import json

    from .evaluate import evaluate, load_gold, read_predictions

    try:
        report = evaluate(load_gold(gold), read_predictions(out))
    except GraphkitError as err:
        err_console.print(f"[red]error:[/] {err}")
        raise typer.Exit(2) from err
    if as_json:
        console.print_json(json.dumps(report.to_json()))
        return
    for doc in report.documents:  # one line per document, as the reference scorer prints them
        rel, ent = doc.relations, doc.entities
        console.print(
            f"{doc.doc_id}: relations P={rel['precision']:.2f} R={rel['recall']:.2f} F1={rel['f1']:.2f} "
            f"(dup {rel['duplicates']}, role acc {rel['role_accuracy']}, date acc {rel['date_accuracy']}) | "
            f"claims F1={doc.claims['f1']:.2f} | quotes F1={doc.quotes['f1']:.2f} | "
            f"nodes/entity {ent['nodes_per_entity']}",
            highlight=False,
        )
    micro = report.micro
    console.print(
        f"[bold]micro: relations P={micro['relations']['precision']:.3f} R={micro['relations']['recall']:.3f} "
        f"F1={micro['relations']['f1']:.3f} claims F1={micro['claims']['f1']:.3f} "
        f"quotes F1={micro['quotes']['f1']:.3f}[/]",
        highlight=False,
    )
    types = Table(title="relations by type", header_style="bold")
    for column in ("relation", "tp", "fp", "fn", "P", "R", "F1"):
        types.add_column(column, justify="right" if column != "relation" else "left")
    for name, s in report.per_type.items():
        types.add_row(name, str(s["tp"]), str(s["fp"]), str(s["fn"]), f"{s['precision']:.2f}",
                      f"{s['recall']:.2f}", f"{s['f1']:.2f}")  # fmt: skip
    console.print(types)
    if misses:
        for doc in report.documents:
            console.print(f"[bold]# {doc.doc_id}[/]")
            for line in doc.misses:
                console.print(line, markup=False, highlight=False)


# ---------------------------------------------------------------------------- SPARQL, validation, serving
GraphArg = Annotated[Path, typer.Argument(help="An export (graph.ttl, .nt, .jsonld, .trig) or a build directory.")]
EntailmentOpt = Annotated[bool, typer.Option(help="Also hold what the ontology entails (ORG, PROV, FOAF terms).")]


def _error(err: Exception) -> typer.Exit:
    """Print one line naming the problem; the caller raises the returned exit (code 2)."""

    err_console.print(f"[red]error:[/] {escape(str(err))}", soft_wrap=True)
    return typer.Exit(2)


@app.command("query")
def query_command(
    graph: GraphArg,
    query: Annotated[str, typer.Argument(help="SPARQL text, a .rq file or a saved query's name.")],
    fmt: Annotated[str, typer.Option("--format", "-f", help="table, csv or json.")] = "table",
    bind: Annotated[
        list[str] | None, typer.Option("--bind", "-b", help="NAME=VALUE: bind ?NAME to an RDF term.")
    ] = None,
    store: Annotated[str, typer.Option(help="auto (by size), rdflib or oxigraph.")] = "auto",
    entailment: EntailmentOpt = True,
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Write the results to a file.")] = None,
) -> None:
    """Run a SPARQL SELECT, ASK or CONSTRUCT query on an export; parameters are bound as RDF terms."""
    from .export.atomic import atomic_open
    from .query import parse_binding, run_query

    if fmt not in ("table", "csv", "json"):
        raise _error(ValueError(f"--format must be table, csv or json, not {fmt!r}"))
    try:
        bindings = dict(parse_binding(b) for b in bind or ())
        result = run_query(graph, query, bindings=bindings, store=store, entailment=entailment)  # type: ignore[arg-type]
    except GraphkitError as err:
        raise _error(err) from err
    text = _render(result, fmt) if fmt != "table" or out else None
    if out is not None:
        with atomic_open(out) as fh:
            fh.write(text or "")
        rows = f"{len(result.rows)} row(s) " if result.kind == "select" else ""
        err_console.print(f"{rows}written to {out}")
    elif text is not None:
        typer.echo(text, nl=not text.endswith("\n"))
    else:
        _print_result(result)


def _render(result: object, fmt: str) -> str:
    from .query import QueryResult

    assert isinstance(result, QueryResult)
    if fmt == "json":
        return result.to_json()
    if fmt == "csv":
        return result.to_csv()
    if result.kind == "ask":
        return f"{str(result.boolean).lower()}\n"
    if result.kind == "construct":
        return result.to_csv() if result.graph is None else _turtle(result.graph)
    return "\n".join("\t".join(row) for row in [list(result.variables), *result.table()]) + "\n"


def _turtle(graph: object) -> str:
    from rdflib import Graph

    from .graph import bind_prefixes

    assert isinstance(graph, Graph)
    g = bind_prefixes(Graph())
    for triple in graph:
        g.add(triple)
    return str(g.serialize(format="turtle"))


def _print_result(result: object) -> None:
    from .query import QueryResult

    assert isinstance(result, QueryResult)
    if result.kind != "select":
        console.print(_render(result, "table"), markup=False, highlight=False, end="")
        return
    table = Table(header_style="bold", show_lines=False)
    for variable in result.variables:
        table.add_column(variable, overflow="fold")
    for row in result.table():
        table.add_row(*row)
    console.print(table)
    err_console.print(f"{len(result.rows)} row(s), {result.engine}")


@app.command("queries")
def queries_command() -> None:
    """List the saved analyst questions (ontologies/queries/*.rq) and their parameters."""
    from .query import saved_queries

    table = Table(title="saved queries: graphkit query GRAPH NAME [--bind PARAM=VALUE]", header_style="bold")
    for column in ("name", "question", "parameters"):
        table.add_column(column, overflow="fold")
    for name, saved in saved_queries().items():
        table.add_row(name, saved.title, "\n".join(f"{p}: {help_}" for p, _, help_ in saved.params))
    console.print(table)


@app.command("validate")
def validate_command(
    graph: GraphArg,
    shapes: Annotated[Path | None, typer.Option(help="SHACL shapes (default: graphkit's).")] = None,
) -> None:
    """Check an export against graphkit's SHACL shapes; print each violation on one line."""
    from .query import graph_file
    from .validate import validate

    try:
        report = validate(graph_file(graph), shapes=shapes)
    except GraphkitError as err:
        raise _error(err) from err
    for line in report.lines():
        console.print(line, markup=False, highlight=False, soft_wrap=True)
    if report.conforms:
        console.print(f"{graph}: conforms to the shapes ({report.triples} triples)", markup=False)
        return
    err_console.print(f"{graph}: {len(report.violations)} violation(s) of the shapes", markup=False)
    raise typer.Exit(1)


@app.command("serve")
def serve_command(
    graph: GraphArg,
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 7878,
    host: Annotated[str, typer.Option(help="Address to listen on (loopback by default).")] = "127.0.0.1",
    entailment: EntailmentOpt = True,
) -> None:
    """Serve an export as a read-only SPARQL 1.1 endpoint (Oxigraph) until Ctrl-C."""
    from .serve import Server, serve

    def ready(server: Server) -> None:
        url, quads = server.query_url, server.quads
        console.print(f"SPARQL endpoint (read-only): {url}  ({quads} triples; Ctrl-C stops)", soft_wrap=True)

    try:
        code = serve(graph, host=host, port=port, entailment=entailment, on_ready=ready)
    except GraphkitError as err:
        raise _error(err) from err
    if code:
        raise typer.Exit(code)


@app.command("push")
def push_command(
    graph: GraphArg,
    endpoint: Annotated[str, typer.Option(help="Graph Store endpoint, e.g. http://localhost:7878/store.")],
    replace: Annotated[bool, typer.Option(help="Replace each graph instead of adding to it.")] = False,
    entailment: EntailmentOpt = True,
) -> None:
    """Load an export into any SPARQL 1.1 Graph Store Protocol endpoint."""
    from .serve import push

    try:
        result = push(graph, endpoint=endpoint, replace=replace, entailment=entailment)
    except GraphkitError as err:
        raise _error(err) from err
    graphs = len(result.graphs)
    console.print(f"pushed {result.triples} triples in {graphs} graph(s) to {endpoint}", markup=False)


def main() -> None:
    """Entry point of the ``graphkit`` script."""
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    app()


if __name__ == "__main__":
    main()
