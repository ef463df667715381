"""The bundled sample project: fictional transcripts coded to reproduce the
reference study's tables, opened by ``make run`` and used by tests and benchmarks."""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path

from .codebook import load_bundled_codebook
from .errors import SigqualError
from .safeyaml import load_yaml
from .store import NewCoding, Store

DEMO_NAME = "Huddinge-demo (fiktiv)"
DEMO_CODER = "Forskare A"
# A second coder double-codes part of the sample (``dubbelkodning/``) so that the
# agreement page has something to compare; the tables keep counting the first coder.
DEMO_SECOND_CODER = "Forskare B"
SECOND_CODINGS = "dubbelkodning"
# The reference report summarises phase 1 in Tables 4a-4e and both phases in 5a/5b,
# drawn from the first coder's codings.
DEMO_TABLE_SETTINGS = {"table4_phases": ["1"], "coders": [DEMO_CODER]}
# The fictional register extract and attendance lists, in import order, and the links
# from the youths' and parents' interviews to their cases.
OUTCOME_FILES = (("cases", "arenden.csv"), ("events", "handelser.csv"), ("attendance", "motesnarvaro.csv"))
OUTCOME_LINKS = "kopplingar.csv"
CASE_ATTRIBUTE = "ärende"


def corpus_dir() -> Path:
    """The sample corpus folder in the repository or the installed package."""
    here = Path(__file__).resolve().parent
    for candidate in (here.parent / "corpora" / "huddinge-demo", here / "data" / "huddinge-demo"):
        if (candidate / "manifest.csv").exists():
            return candidate
    raise SigqualError(msgid="error.demo.sample_corpus_corpora_huddinge")


def load_codings(folder: Path, subfolder: str = "codings") -> list[tuple[str, str, list[str], str]]:
    """(document, quote, code ids, codings file) from every ``<subfolder>/*.yaml``."""
    out = []
    for path in sorted((folder / subfolder).glob("*.yaml")):
        entries = load_yaml(path.read_text(encoding="utf-8"), path.name, typ="safe") or []
        for i, entry in enumerate(entries, 1):
            try:
                out.append((entry["document"], entry["quote"], list(entry["codes"]), path.name))
            except (KeyError, TypeError):
                raise SigqualError(f"entry {i} needs document, quote and codes",
                                   file=path.name) from None
    return out


def build_demo(store: Store, *, name: str = DEMO_NAME, folder: Path | None = None,
               copies: int = 1, progress: Callable[[float, str], None] | None = None,
               owner: str | None = None) -> int:
    """Create the sample project in ``store`` and return its id.

    ``copies`` > 1 replicates the corpus (documents renamed ``...#2``) for benchmarks;
    ``owner`` (a team account) administers the new project from its first transaction.
    """
    folder = folder or corpus_dir()
    # The importer (PDF/DOCX readers included) loads only when the sample is built.
    from .ingest.batch import read_manifest
    from .ingest.reader import parse_file

    codebook = load_bundled_codebook()
    manifest = read_manifest(folder / "manifest.csv")
    codings = [(*entry, DEMO_CODER) for entry in load_codings(folder)]
    codings += [(*entry, DEMO_SECOND_CODER) for entry in load_codings(folder, SECOND_CODINGS)]
    pid = store.create_project(name, codebook, description="Fiktivt exempelprojekt",
                               settings={"tables": DEMO_TABLE_SETTINGS}, owner=owner, actor="sigqual")
    parsed = {rel: parse_file(folder / rel) for rel in manifest}
    total = len(parsed) * copies
    done = 0
    for copy in range(1, copies + 1):
        ids: dict[str, int] = {}
        for rel, doc in parsed.items():
            label = doc.name if copy == 1 else f"{doc.name}#{copy}"
            ids[rel] = store.add_document(
                pid, name=label, text=doc.text, turns=doc.turns, attributes=manifest[rel],
                source_filename=rel, source_format=doc.source_format, actor="sigqual")
            done += 1
            if progress:
                progress(done / total, label)
        items = []
        for rel, quote, code_ids, source, coder in codings:
            if rel not in parsed:
                raise SigqualError(f"codes a document that is not in the manifest: {rel}", file=source)
            text = parsed[rel].text
            start = text.find(quote)
            if start < 0 or text.find(quote, start + 1) >= 0:
                problem = "is not in" if start < 0 else "occurs more than once in"
                raise SigqualError(f"quote {quote[:40]!r}... {problem} {rel}", file=source)
            items += [NewCoding(ids[rel], cid, start, start + len(quote), coder, "import")
                      for cid in code_ids]
        store.add_codings(pid, items, actor="sigqual")
        if copy == 1:
            load_outcomes(store, pid, folder, ids)
    return pid


def load_outcomes(store: Store, project_id: int, folder: Path, document_ids: dict[str, int]) -> None:
    """Import the sample's follow-up files (if present) and link interviews to their cases."""
    outcomes = folder / "uppfoljning"
    if not (outcomes / OUTCOME_FILES[0][1]).exists():
        return
    from .app import ProjectSession, local_actor
    from .outcomes.service import accept_preview, preview_file

    session = ProjectSession(store, local_actor("sigqual"), project_id)
    for kind, name in OUTCOME_FILES:
        accept_preview(session, preview_file(session, outcomes / name, kind))
    links = outcomes / OUTCOME_LINKS
    if not links.exists():
        return
    with links.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            doc_id = document_ids.get(row["file"])
            if doc_id is None:
                raise SigqualError(f"links a document that is not in the manifest: {row['file']}",
                                   file=links.name)
            doc = store.get_document(doc_id)
            attributes = {**_fixed_attributes(doc), **doc.attributes, CASE_ATTRIBUTE: row[CASE_ATTRIBUTE]}
            store.update_document(doc_id, attributes, actor="sigqual")


def _fixed_attributes(doc: object) -> dict[str, object]:
    from .models import DOCUMENT_FIELDS

    return {name: getattr(doc, name, None) for name in DOCUMENT_FIELDS}


def ensure_demo(store: Store, *, owner: str | None = None) -> int:
    """The sample project's id, building it on first use."""
    existing = store.find_project(DEMO_NAME)
    return existing.id if existing else build_demo(store, owner=owner)
