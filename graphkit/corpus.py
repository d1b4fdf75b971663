"""Stage 1: read articles from a corpus directory into :class:`~graphkit.types.Document` records.

Three formats are read: ``.txt`` with a sidecar ``<name>.meta.json``, ``.md`` with YAML front matter and
``.html`` (main text only). Page furniture (skip links, "Link copied", photo captions and credits,
"Read more" lines) is stripped before parsing; the cleaned text is what evidence offsets refer to.

A document that cannot be read yields a :class:`~graphkit.errors.DocumentError` naming the file and the
reason; the other documents are still read.

Examples:
    >>> clean_text("Skip to content\\nLink copied to clipboard\\n\\nThe council met.\\n>> READ MORE: Other news")
    'The council met.'
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Callable, Iterable, Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

import yaml

from .errors import CorpusError, DocumentError
from .types import Document

__all__ = [
    "MAX_BYTES",
    "clean_text",
    "iter_corpus",
    "read_document",
    "read_html",
    "read_markdown",
    "read_text",
]

log = logging.getLogger(__name__)

MAX_BYTES = 1_000_000  # spaCy's own nlp.max_length: a longer "article" is a scrape gone wrong
SIDECAR = ".meta.json"
IGNORED_NAMES = {"merges.yml", "merges.yaml"}

_FURNITURE = re.compile(
    r"^\s*(skip to (main )?content|link copied( to clipboard)?|copy link|advertisement|"
    r"share (this|on) .*|(>+\s*)?read more\b.*|related:.*|sign up for .*newsletter.*|"
    r"(listen|print|email|comments?)( to (this|the) (article|story))?)\s*$",
    re.IGNORECASE,
)
# A photo credit ("JANE DOE / Staff Photographer", "(AP Photo/John Smith)", "Photo: ...") or a caption with
# "Read more" glued to it by the capture.
_CREDIT = re.compile(
    r"(/\s*(staff\s+)?(photographer|photo|file|for the .*)\s*$)|(\(ap photo.*\)\s*$)|"
    r"(^(photo|photograph|image|credit)\s*(by|:).*$)|(getty images\s*$)|(read more[A-Z])",
    re.IGNORECASE,
)


_SPACES = re.compile(r"[ \t\u00a0\u2009\u202f]+")


def clean_text(raw: str) -> str:
    """Strip page furniture and normalise line breaks; paragraphs stay separated by a blank line."""
    raw = raw.replace("\r\n", "\n").replace("\r", "\n")
    # Non-breaking and thin spaces become plain spaces: the parser treats them as tokens of their own.
    lines = [_SPACES.sub(" ", line).rstrip() for line in raw.split("\n")]
    credits = [line for line in lines if _CREDIT.search(line)]
    kept: list[str] = []
    for line in lines:
        stripped = line.strip()
        if _FURNITURE.match(stripped) or _CREDIT.search(stripped):
            continue
        # A caption printed again above its credit line: the credit line starts with it.
        if stripped and any(c.strip().startswith(stripped) and c.strip() != stripped for c in credits):
            continue
        kept.append(stripped)
    text = "\n".join(kept)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def _iso_date(value: Any, path: Path) -> str:
    if value in (None, ""):
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    try:
        return datetime.fromisoformat(str(value).strip().replace("Z", "+00:00")).date().isoformat()
    except ValueError as err:
        raise DocumentError(path, f"published date {value!r} is not an ISO date (YYYY-MM-DD)") from err


def _decode(path: Path, *, max_bytes: int) -> str:
    size = path.stat().st_size
    if size == 0:
        raise DocumentError(path, "the file is empty")
    if size > max_bytes:
        raise DocumentError(
            path, f"the file is {size / 1e6:.1f} MB; articles over {max_bytes / 1e6:.1f} MB are refused"
        )
    data = path.read_bytes()
    if b"\x00" in data[:8192]:
        raise DocumentError(path, "the file is binary, not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise DocumentError(
            path, f"the file is not UTF-8 (byte {err.start}: {data[err.start : err.start + 1]!r})"
        ) from err


def _document(path: Path, raw_text: str, meta: dict[str, Any]) -> Document:
    text = clean_text(raw_text)
    if not text:
        raise DocumentError(path, "no article text is left once page furniture is removed")
    return Document(
        id=str(meta.get("id") or path.stem),
        text=text,
        title=str(meta.get("title") or ""),
        publisher=str(meta.get("publisher") or ""),
        published=_iso_date(meta.get("published") or meta.get("date"), path),
        url=str(meta.get("url") or ""),
        source=str(path),
        meta=meta,
    )


def read_text(path: Path, *, max_bytes: int = MAX_BYTES) -> Document:
    """Read a ``.txt`` article and its ``.meta.json`` sidecar."""
    sidecar = path.with_name(path.stem + SIDECAR)
    raw = _decode(path, max_bytes=max_bytes)
    if not sidecar.exists():
        raise DocumentError(path, f"the metadata sidecar {sidecar.name} is missing")
    try:
        meta = json.loads(sidecar.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as err:
        raise DocumentError(sidecar, f"the metadata sidecar is not valid JSON: {err}") from err
    if not isinstance(meta, dict):
        raise DocumentError(sidecar, "the metadata sidecar must hold a JSON object")
    return _document(path, raw, meta)


_FRONT_MATTER = re.compile(r"\A---\s*\n(.*?)\n---\s*\n", re.DOTALL)


def read_markdown(path: Path, *, max_bytes: int = MAX_BYTES) -> Document:
    """Read a Markdown article whose metadata is YAML front matter between ``---`` lines."""
    raw = _decode(path, max_bytes=max_bytes)
    match = _FRONT_MATTER.match(raw)
    if not match:
        raise DocumentError(path, "no YAML front matter (a '---' block with id, title, published, ...) at the top")
    try:
        meta = yaml.safe_load(match.group(1)) or {}
    except yaml.YAMLError as err:
        raise DocumentError(path, f"the front matter is not valid YAML: {err}") from err
    if not isinstance(meta, dict):
        raise DocumentError(path, "the front matter must be a YAML mapping")
    body = raw[match.end() :]
    body = re.sub(r"^#{1,6}\s*", "", body, flags=re.MULTILINE)  # headings become plain lines
    body = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", body)  # links keep their words
    body = re.sub(r"(\*\*|__|(?<!\w)[*_](?=\S))", "", body)
    return _document(path, body, meta)


def read_html(path: Path, *, max_bytes: int = MAX_BYTES) -> Document:
    """Read the main text of an HTML page; metadata comes from its ``<meta>`` tags."""
    from bs4 import BeautifulSoup

    raw = _decode(path, max_bytes=max_bytes)
    soup = BeautifulSoup(raw, "lxml")

    def meta_tag(*names: str) -> str:
        for name in names:
            tag = soup.find("meta", attrs={"property": name}) or soup.find("meta", attrs={"name": name})
            if tag and tag.get("content"):
                return str(tag["content"])
        return ""

    canonical = soup.find("link", rel="canonical")
    meta = {
        "id": meta_tag("graphkit:id") or path.stem,
        "title": meta_tag("og:title") or (soup.title.get_text(strip=True) if soup.title else ""),
        "publisher": meta_tag("og:site_name", "publisher"),
        "published": (meta_tag("article:published_time", "date", "pubdate") or "")[:10],
        "url": meta_tag("og:url") or (str(canonical["href"]) if canonical and canonical.get("href") else ""),
    }
    for tag in soup(
        ["script", "style", "nav", "header", "footer", "aside", "figure", "figcaption", "form", "noscript"]
    ):
        tag.decompose()
    root = soup.find("article") or soup.find("main") or soup.body or soup
    blocks = [el.get_text(" ", strip=True) for el in root.find_all(["h1", "h2", "h3", "p", "li", "blockquote"])]
    text = "\n\n".join(re.sub(r"\s+", " ", b) for b in blocks if b)
    return _document(path, text, meta)


READERS: dict[str, Callable[..., Document]] = {
    ".txt": read_text,
    ".md": read_markdown,
    ".markdown": read_markdown,
    ".html": read_html,
    ".htm": read_html,
}


def read_document(path: str | Path, *, max_bytes: int = MAX_BYTES) -> Document:
    """Read one article, choosing the reader by extension; raise :class:`DocumentError` when it can't."""
    path = Path(path)
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        known = ", ".join(sorted(READERS))
        raise DocumentError(path, f"unknown extension {path.suffix or '(none)'!r}; graphkit reads {known}")
    try:
        return reader(path, max_bytes=max_bytes)
    except OSError as err:
        raise DocumentError(path, f"cannot be read: {err.strerror or err}") from err


def corpus_files(root: str | Path) -> list[Path]:
    """The article files of a corpus directory (or the single file given), sorted by path."""
    root = Path(root)
    if root.is_file():
        return [root]
    if not root.is_dir():
        raise CorpusError(f"corpus not found: {root}")
    return sorted(
        p
        for p in root.rglob("*")
        if p.is_file()
        and not any(part.startswith(".") for part in p.relative_to(root).parts)
        and not p.name.endswith(SIDECAR)
        and p.name not in IGNORED_NAMES
        and not p.name.upper().startswith("README")
    )


def iter_corpus(
    sources: str | Path | Iterable[str | Path], *, max_bytes: int = MAX_BYTES
) -> Iterator[Document | DocumentError]:
    """Yield a :class:`Document` or a :class:`DocumentError` for every article file, in path order.

    Two files that claim the same document id are an error for the second one.
    """
    paths = corpus_files(sources) if isinstance(sources, str | Path) else [Path(p) for p in sources]
    seen: dict[str, str] = {}
    for path in paths:
        try:
            doc = read_document(path, max_bytes=max_bytes)
        except DocumentError as err:
            log.warning("%s", err.message)
            yield err
            continue
        if doc.id in seen:
            yield DocumentError(path, f"document id {doc.id!r} is already used by {seen[doc.id]}")
            continue
        seen[doc.id] = str(path)
        yield doc
