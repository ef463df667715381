"""The bundled sample project: fictional transcripts coded to reproduce the
reference study's tables, opened by ``make run`` and used by tests and benchmarks."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ruamel.yaml import YAML

from .codebook import load_bundled_codebook
from .errors import SigqualError
from .ingest.batch import read_manifest
from .ingest.reader import parse_file
from .store import NewCoding, Store

DEMO_NAME = "Huddinge-demo (fiktiv)"
DEMO_CODER = "Forskare A"
# The reference report summarises phase 1 in Tables 4a-4e and both phases in 5a/5b.
DEMO_TABLE_SETTINGS = {"table4_phases": ["1"]}


def corpus_dir() -> Path:
    """The sample corpus folder in the repository or the installed package."""
    here = Path(__file__).resolve().parent
    for candidate in (here.parent / "corpora" / "huddinge-demo", here / "data" / "huddinge-demo"):
        if (candidate / "manifest.csv").exists():
            return candidate
    raise SigqualError(msgid="error.demo.sample_corpus_corpora_huddinge")


def load_codings(folder: Path) -> list[tuple[str, str, list[str], str]]:
    """(document, quote, code ids, codings file) from every ``codings/*.yaml``."""
    out = []
    yaml = YAML(typ="safe")
    for path in sorted((folder / "codings").glob("*.yaml")):
        entries = yaml.load(path.read_text(encoding="utf-8")) or []
        for i, entry in enumerate(entries, 1):
            try:
                out.append((entry["document"], entry["quote"], list(entry["codes"]), path.name))
            except (KeyError, TypeError):
                raise SigqualError(f"entry {i} needs document, quote and codes",
                                   file=path.name) from None
    return out


def build_demo(store: Store, *, name: str = DEMO_NAME, folder: Path | None = None,
               copies: int = 1, progress: Callable[[float, str], None] | None = None) -> int:
    """Create the sample project in ``store`` and return its id.

    ``copies`` > 1 replicates the corpus (documents renamed ``...#2``) for benchmarks.
    """
    folder = folder or corpus_dir()
    codebook = load_bundled_codebook()
    manifest = read_manifest(folder / "manifest.csv")
    codings = load_codings(folder)
    pid = store.create_project(name, codebook, description="Fiktivt exempelprojekt", actor="sigqual")
    store.update_project_settings(pid, {"tables": DEMO_TABLE_SETTINGS}, actor="sigqual")
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
        for rel, quote, code_ids, source in codings:
            if rel not in parsed:
                raise SigqualError(f"codes a document that is not in the manifest: {rel}", file=source)
            text = parsed[rel].text
            start = text.find(quote)
            if start < 0 or text.find(quote, start + 1) >= 0:
                problem = "is not in" if start < 0 else "occurs more than once in"
                raise SigqualError(f"quote {quote[:40]!r}... {problem} {rel}", file=source)
            items += [NewCoding(ids[rel], cid, start, start + len(quote), DEMO_CODER, "import")
                      for cid in code_ids]
        store.add_codings(pid, items, actor="sigqual")
    return pid


def ensure_demo(store: Store) -> int:
    """The sample project's id, building it on first use."""
    existing = store.find_project(DEMO_NAME)
    return existing.id if existing else build_demo(store)
