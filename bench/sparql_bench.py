"""Benchmark: graphkit's saved SPARQL queries on a graph of a million triples or more, rdflib in memory
against pyoxigraph, both through :mod:`graphkit.query` (same queries, same entailment).

    python bench/sparql_bench.py                      # ~1.1M triples, 3 runs per query
    python bench/sparql_bench.py --triples 200000 --repeat 5 --budget 60

The graph is synthetic but shaped like graphkit's export (``graphkit.graph.rdf_triples`` writes it):
articles, typed entities with aliases, relation statements with qualifiers and evidence sentences,
claims, quotes and end dates. Each query runs ``--repeat`` times per engine; the table shows the median
time of each and the ratio. An rdflib query that needs more than ``--budget`` seconds for all its runs is
stopped and shown as ``>budget``. Not a test: it takes minutes and several GB of memory.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from rdflib import Literal

from graphkit.graph import rdf_triples, statement_id
from graphkit.query import GraphStore, open_store, run_query, saved_queries
from graphkit.types import Attribute, Claim, Document, Entity, Evidence, Quote, Relation, StatementSet
from graphkit.vocab import RELATIONS

TYPES = {"Person": 30, "GovernmentOrganization": 12, "Court": 2, "AdvocacyGroup": 6, "Organization": 6, "Place": 8,
         "Facility": 4, "InformationSystem": 3, "Agreement": 4, "LegalCase": 2, "Policy": 3, "Action": 4,
         "MonetaryAmount": 2, "Event": 4}  # fmt: skip
ROLES = ("Mayor", "City Solicitor", "spokesperson", "Sheriff", "Director", "Commissioner", "Chief")
PUBLISHERS = ("The Fooville Post", "Bar Radio", "Civic Signal", "The Tri-County Tribune")
TRIPLES_PER_STATEMENT = 15  # measured on the generator's output; used to size it


def _entities(rng: random.Random, n: int, docs: list[str]) -> dict[str, list[Entity]]:
    total = sum(TYPES.values())
    pools: dict[str, list[Entity]] = {}
    for kind, share in TYPES.items():
        pools[kind] = []
        for i in range(max(2, n * share // total)):
            label = f"{kind} {i:05d}"
            ent_id = f"{kind.lower()}/{kind.lower()}-{i:05d}"
            aliases = (f"the {kind.lower()} {i}", f"{kind[:3].upper()}{i}")
            pools[kind].append(Entity(ent_id, label, kind, aliases, tuple(rng.sample(docs, k=min(3, len(docs))))))
    return pools


def _evidence(rng: random.Random, docs: list[str]) -> tuple[Evidence, ...]:
    out = []
    for _ in range(rng.choice((1, 1, 1, 2))):
        doc, start = rng.choice(docs), rng.randrange(0, 20000, 40)
        out.append(Evidence(doc, start, start + 39, f"Sentence {start // 40} of {doc}, which says something."))
    return tuple(sorted(out))


def _relation(rng: random.Random, pools: dict[str, list[Entity]], docs: list[str]) -> Relation:
    predicate = rng.choice(sorted(RELATIONS))
    agents = ("Person", "GovernmentOrganization", "AdvocacyGroup", "Organization")
    subject = rng.choice(pools["Person" if predicate == "holdsPost" else rng.choice(agents)])
    target_kind = {"holdsPost": "GovernmentOrganization", "hasAccessTo": "InformationSystem",
                   "manages": "InformationSystem", "partyTo": "Agreement", "protestsAt": "Facility",
                   "locatedIn": "Place"}.get(predicate)  # fmt: skip
    obj = rng.choice(pools[target_kind or rng.choice(sorted(TYPES))])
    qualifiers = {"holdsPost": {"role": rng.choice(ROLES)}, "hasAccessTo": {"since": str(rng.randint(1995, 2024))},
                  "withholdsFundsFrom": {"amount": f"${rng.randint(1, 90)} million"}, "relatedTo": {"verb": "discuss"},
                  }.get(predicate, {})  # fmt: skip
    if predicate in ("metWith", "communicatedWith", "protestsAt", "ruledAgainst") and rng.random() < 0.7:
        qualifiers = {"date": f"20{rng.randint(10, 24)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"}
    return Relation(subject.id, predicate, obj.id, qualifiers, _evidence(rng, docs), round(rng.random(), 2), "bench/1")


def synthetic(n_statements: int, *, seed: int = 7) -> StatementSet:
    """A statement set shaped like a real build, with about ``n_statements`` statements."""
    rng = random.Random(seed)
    docs = [f"bench-{i:05d}" for i in range(max(2, n_statements // 40))]
    pools = _entities(rng, max(50, n_statements // 12), docs)
    people = pools["Person"]
    statements: list[Relation | Claim | Quote | Attribute] = []
    for _ in range(n_statements):
        roll = rng.random()
        if roll < 0.75:
            statements.append(_relation(rng, pools, docs))
        elif roll < 0.85:
            subject = rng.choice(pools["GovernmentOrganization"])
            obj = rng.choice(pools["Agreement"]).id if rng.random() < 0.6 else None
            statements.append(Claim(rng.choice(people).id, rng.choice(("asserts", "denies")), subject.id,
                                    rng.choice(("violates", "complies with", "breached")), obj,
                                    _evidence(rng, docs), 0.7, "bench/1"))  # fmt: skip
        elif roll < 0.97:
            statements.append(Quote(rng.choice(people).id, f"Quote number {rng.randrange(10**9)}.",
                                    _evidence(rng, docs), 0.8, "bench/1"))  # fmt: skip
        else:
            date = f"20{rng.randint(18, 30)}-{rng.randint(1, 12):02d}-01"
            statements.append(Attribute(rng.choice(pools["Agreement"]).id, "endDate", date, _evidence(rng, docs)))
    documents = {
        d: Document(d, "", title=f"Article {d}", publisher=rng.choice(PUBLISHERS),
                    published=f"20{rng.randint(10, 24)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}")
        for d in docs
    }  # fmt: skip
    entities = {e.id: e for pool in pools.values() for e in pool}
    unique = list({statement_id(s): s for s in statements}.values())  # one statement per key, as resolve makes
    return StatementSet(documents=documents, entities=entities, statements=unique)


def write_ntriples(statements: StatementSet, path: Path) -> int:
    lines = {f"{s.n3()} {p.n3()} {o.n3()} .\n" for (s, p, o), _ in rdf_triples(statements)}
    with path.open("w", encoding="utf-8") as fh:
        fh.writelines(sorted(lines))
    return len(lines)


def bindings_for(statements: StatementSet) -> dict[str, dict[str, Any]]:
    """Parameters for the queries that need them, chosen so that each has answers."""
    quoted = next(s.speaker for s in statements.statements if isinstance(s, Quote) and s.speaker)
    chain = next(s for s in statements.statements if isinstance(s, Relation) and s.predicate == "holdsPost")
    onward = next(s for s in statements.statements if isinstance(s, Relation) and s.subject == chain.object)
    label = {e.id: Literal(e.label) for e in statements.entities.values()}
    return {
        "said_by": {"person": label[quoted or ""]},
        "shortest_chain": {"from": label[chain.subject], "to": label[onward.object]},
        "provenance": {"entity": label[chain.subject]},
    }


def _timed(store: GraphStore, name: str, bindings: dict[str, Any] | None, repeat: int) -> Iterator[float]:
    for _ in range(repeat):
        started = time.perf_counter()
        result = run_query(store, name, bindings=bindings)
        _ = len(result.rows)
        yield time.perf_counter() - started


def _child(store: GraphStore, name: str, bindings: dict[str, Any] | None, repeat: int, conn: Connection) -> None:
    conn.send(list(_timed(store, name, bindings, repeat)))


def rdflib_times(
    store: GraphStore, name: str, bindings: dict[str, Any] | None, repeat: int, budget: float
) -> list[float] | None:
    """Run in a forked child (the store is shared copy-on-write) so that a slow query can be stopped."""
    parent, child = mp.get_context("fork").Pipe(duplex=False)
    process = mp.get_context("fork").Process(target=_child, args=(store, name, bindings, repeat, child))
    process.start()
    times = parent.recv() if parent.poll(budget) else None
    process.kill() if times is None else process.join()
    return times


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--triples", type=int, default=1_100_000, help="approximate size of the graph")
    parser.add_argument("--repeat", type=int, default=3, help="runs per query and engine (median reported)")
    parser.add_argument("--budget", type=float, default=180.0, help="seconds allowed for all rdflib runs of one query")
    args = parser.parse_args(argv)

    started = time.perf_counter()
    statements = synthetic(args.triples // TRIPLES_PER_STATEMENT)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.nt"
        size = write_ntriples(statements, path)
        mb, seconds = path.stat().st_size / 1e6, time.perf_counter() - started
        print(f"generated {size:,} triples ({mb:.0f} MB of N-Triples) in {seconds:.0f} s")
        stores: dict[str, GraphStore] = {}
        for engine in ("oxigraph", "rdflib"):
            t = time.perf_counter()
            stores[engine] = open_store(path, store=engine)  # type: ignore[arg-type]
            print(f"loaded into {engine} (with entailment) in {time.perf_counter() - t:.1f} s")
    params = bindings_for(statements)
    rows = []
    for name in saved_queries():
        ox_times = list(_timed(stores["oxigraph"], name, params.get(name), args.repeat))
        n_rows = len(run_query(stores["oxigraph"], name, bindings=params.get(name)).rows)
        rd_times = rdflib_times(stores["rdflib"], name, params.get(name), args.repeat, args.budget)
        ox, rd = statistics.median(ox_times), statistics.median(rd_times) if rd_times else None
        rows.append((name, n_rows, rd, ox))
        rd_text = f"{rd:.3f} s" if rd is not None else ">budget"
        print(f"  {name}: {n_rows} rows, oxigraph {ox:.3f} s, rdflib {rd_text}", flush=True)
    print()
    print(f"{'query':<22}{'rows':>7}{'rdflib (s)':>13}{'pyoxigraph (s)':>16}{'rdflib/oxigraph':>17}")
    for name, n_rows, rd, ox in rows:
        rd_text = f"{rd:.3f}" if rd is not None else f">{args.budget:.0f}"
        ratio = f"{rd / ox:.1f}x" if rd is not None and ox > 0 else f">{args.budget / max(ox, 1e-6):.0f}x"
        print(f"{name:<22}{n_rows:>7}{rd_text:>13}{ox:>16.3f}{ratio:>17}")
    print(f"\n{size:,} triples; median of {args.repeat} runs; Python {sys.version.split()[0]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
