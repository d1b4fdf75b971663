"""JSON Lines exports: ``statements.jsonl`` (the format of ``spec/relations.md``), ``documents.jsonl``
(each article's metadata and the cleaned text evidence offsets refer to) and ``merges.jsonl``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from ..errors import ExportError
from ..types import Attribute, Claim, Document, Entity, Evidence, Quote, Relation, Statement, StatementSet
from .atomic import atomic_open

__all__ = [
    "generate_statements",
    "read_documents",
    "read_statements",
    "statement_to_json",
    "write_documents",
    "write_merges",
    "write_statements",
]


def _ent(statements: StatementSet, entity_id: str | None) -> dict[str, Any] | None:
    ent = statements.entity(entity_id)
    return ent.to_json() if ent else None


def statement_to_json(stmt: Statement, statements: StatementSet) -> dict[str, Any]:
    """One line of ``statements.jsonl``: entities are embedded with id, label, type and aliases."""
    from ..graph import statement_id

    out: dict[str, Any] = {"id": statement_id(stmt), "kind": stmt.kind}
    if isinstance(stmt, Relation):
        out.update(subject=_ent(statements, stmt.subject), predicate=stmt.predicate,
                   object=_ent(statements, stmt.object), qualifiers=dict(stmt.qualifiers))  # fmt: skip
    elif isinstance(stmt, Claim):
        out.update(claimant=_ent(statements, stmt.claimant), stance=stmt.stance, subject=_ent(statements, stmt.subject),
                   predicate=stmt.predicate, object=_ent(statements, stmt.object))  # fmt: skip
    elif isinstance(stmt, Quote):
        out.update(speaker=_ent(statements, stmt.speaker), text=stmt.text)
    else:
        out.update(subject=_ent(statements, stmt.subject), attribute=stmt.attribute, value=stmt.value)
    out.update(
        evidence=[e.to_json() for e in stmt.evidence], confidence=round(stmt.confidence, 3), extractor=stmt.extractor
    )
    return out


def generate_statements(statements: StatementSet) -> Iterator[str]:
    """The lines of ``statements.jsonl``, one JSON object each."""
    for stmt in statements.statements:
        yield json.dumps(statement_to_json(stmt, statements), ensure_ascii=False, sort_keys=True)


def _write_lines(lines: Iterable[str], path: str | Path) -> None:
    with atomic_open(path) as fh:
        for line in lines:
            fh.write(line + "\n")


def write_statements(statements: StatementSet, path: str | Path) -> None:
    """Write ``statements.jsonl``."""
    _write_lines(generate_statements(statements), path)


def write_documents(statements: StatementSet, path: str | Path) -> None:
    """Write ``documents.jsonl``: id, metadata and cleaned text of each article."""
    docs = sorted(statements.documents.values(), key=lambda d: d.id)
    _write_lines((json.dumps(d.to_json(), ensure_ascii=False, sort_keys=True) for d in docs), path)


def write_merges(records: Iterable[Any], path: str | Path) -> None:
    """Write ``merges.jsonl``: one line per per-article entity and the canonical entity it became."""
    _write_lines((json.dumps(r.to_json(), ensure_ascii=False, sort_keys=True) for r in records), path)


def _read_jsonl(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as err:
        raise ExportError(f"cannot read {path}: {err.strerror or err}") from err
    for number, line in enumerate(lines, 1):
        if line.strip():
            try:
                yield number, json.loads(line)
            except json.JSONDecodeError as err:
                raise ExportError(f"{path.name}, line {number}: not JSON ({err.msg})") from err


def read_documents(path: str | Path) -> dict[str, Document]:
    docs = {}
    for _, row in _read_jsonl(Path(path)):
        fields = {k: row.get(k, "") for k in ("id", "text", "title", "publisher", "published", "url", "source")}
        docs[row["id"]] = Document(**fields, meta=row.get("meta", {}))
    return docs


def _entity(statements: StatementSet, data: dict[str, Any] | None) -> str | None:
    if not data:
        return None
    ent = statements.entities.get(data["id"])
    if ent is None:
        ent = Entity(data["id"], data["label"], data["type"], tuple(data.get("aliases", [])))
        statements.entities[ent.id] = ent
    return ent.id


def _record(row: dict[str, Any], s: StatementSet) -> Statement:
    ev = tuple(Evidence(e["doc"], e["start"], e["end"], e["text"]) for e in row.get("evidence", []))
    common = {"evidence": ev, "confidence": row.get("confidence", 0.5), "extractor": row.get("extractor", "")}
    kind = row.get("kind", "relation")
    if kind == "relation":
        return Relation(_entity(s, row["subject"]) or "", row["predicate"], _entity(s, row["object"]) or "",
                        row.get("qualifiers", {}), **common)  # fmt: skip
    if kind == "claim":
        return Claim(_entity(s, row["claimant"]) or "", row["stance"], _entity(s, row["subject"]) or "",
                     row.get("predicate", ""), _entity(s, row.get("object")), **common)  # fmt: skip
    if kind == "quote":
        return Quote(_entity(s, row.get("speaker")), row["text"], **common)
    return Attribute(_entity(s, row["subject"]) or "", row["attribute"], row["value"], **common)


def read_statements(path: str | Path, *, documents: str | Path | None = None) -> StatementSet:
    """Read ``statements.jsonl`` (and ``documents.jsonl`` beside it) back into a :class:`StatementSet`."""
    path = Path(path)
    docs_path = Path(documents) if documents else path.with_name("documents.jsonl")
    s = StatementSet(documents=read_documents(docs_path) if docs_path.exists() else {})
    for number, row in _read_jsonl(path):
        try:
            s.statements.append(_record(row, s))
        except (KeyError, TypeError) as err:
            raise ExportError(f"{path.name}, line {number}: missing field {err}") from err
    for stmt in s.statements:
        for ev in stmt.evidence:
            for ref in _refs(stmt):
                ent = s.entities[ref]
                if ev.doc not in ent.docs:
                    ent.docs = (*ent.docs, ev.doc)
    return s


def _refs(stmt: Statement) -> Iterator[str]:
    from ..types import entity_refs

    return entity_refs(stmt)
