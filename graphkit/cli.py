"""The ``graphkit`` command line: a thin layer that parses options and calls the library."""

from __future__ import annotations

import logging
from collections import Counter
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from .corpus import MAX_BYTES, corpus_files
from .errors import GraphkitError
from .export import DEFAULT_FORMATS, EXPORTERS

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


def _summary(result: object) -> Table:
    from .pipeline import BuildResult

    assert isinstance(result, BuildResult)
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
    for pred, n in sorted(Counter(st.predicate for st in s.statements if st.kind == "relation").items()):  # type: ignore[union-attr]
        table.add_row(f"  relation {pred}", str(n))
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
    jobs: Annotated[int, typer.Option(min=1, help="Processes for parsing.")] = 1,
    max_bytes: Annotated[int, typer.Option(help="Refuse article files larger than this.")] = MAX_BYTES,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar or summary.")] = False,
) -> None:
    """Build the knowledge graph of CORPUS and write its exports to --out."""
    from .pipeline import build_corpus

    try:
        total = len(corpus_files(corpus))
        with Progress(TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                      console=err_console, disable=quiet, transient=True) as bar:  # fmt: skip
            task = bar.add_task("reading articles", total=total)
            result = build_corpus(corpus, out, model=model, strict=strict, jobs=jobs, max_bytes=max_bytes,
                                  formats=[f.strip() for f in formats.split(",") if f.strip()],
                                  progress=lambda _doc, n: bar.advance(task, n))  # fmt: skip
    except GraphkitError as err:
        err_console.print(f"[red]error:[/] {err}")
        raise typer.Exit(2) from err
    for error in result.errors:
        err_console.print(f"[red]error:[/] {error.path}: {error.reason}")
    if not quiet:
        console.print(_summary(result))
        html = next((p for p in result.outputs if p.suffix == ".html"), None)
        if html is not None:
            console.print(f"Open the graph: [bold]{html.resolve()}[/]")
    if result.errors:
        raise typer.Exit(1)


def main() -> None:
    """Entry point of the ``graphkit`` script."""
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    app()


if __name__ == "__main__":
    main()
