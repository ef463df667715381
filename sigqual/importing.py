"""Import transcripts into a project: the one path shared by the app and the CLI.

Files are parsed one at a time and each good document is stored, in its own
transaction, before the next file is read, so a batch needs the memory of its largest
file only. A bad file is reported with its name and problem; the rest of the batch
and the project are untouched. Warnings (repaired bytes, dropped subtitle cues) are
collected per file for the user.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .errors import PermissionDenied, SigqualError
from .ingest.batch import Source, collect, iter_batch, read_manifest
from .store import Store

Progress = Callable[[float, str], None]


@dataclass
class ImportReport:
    """What an import did: stored documents (name -> id) and per-file errors."""

    imported: dict[str, int] = field(default_factory=dict)
    errors: list[SigqualError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    unmatched_manifest: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def import_sources(
    store: Store,
    project_id: int,
    sources: Sequence[Source],
    *,
    manifest: Mapping[str, Mapping[str, str]] | None = None,
    pattern: str | None = None,
    defaults: Mapping[str, str] | None = None,
    progress: Progress | None = None,
    actor: str = "",
) -> ImportReport:
    """Parse and store ``sources`` (files already read, e.g. from an upload)."""
    report = ImportReport()
    items = iter_batch(sources, manifest=manifest, pattern=pattern, defaults=defaults,
                       unmatched=report.unmatched_manifest)
    total = max(len(sources), 1)
    for i, item in enumerate(items, 1):
        if item.error is not None:
            report.errors.append(item.error)
        elif item.parsed is not None:
            parsed = item.parsed
            report.warnings.extend(parsed.warnings)
            try:
                report.imported[parsed.name] = store.add_document(
                    project_id, name=parsed.name, text=parsed.text, turns=parsed.turns,
                    attributes=item.attributes, source_filename=parsed.filename,
                    source_format=parsed.source_format, actor=actor,
                )
            except PermissionDenied:
                raise  # the account lost its right to import: stop, it is no problem of the file
            except SigqualError as exc:
                if not exc.file:
                    exc.file = parsed.filename
                report.errors.append(exc)
        if progress:
            progress(i / total, item.name)
        item = parsed = None  # type: ignore[assignment]  # let the file go before the next
    return report


def import_paths(
    store: Store,
    project_id: int,
    paths: Sequence[Path],
    *,
    manifest_path: Path | None = None,
    **kwargs: object,
) -> ImportReport:
    """Import files, folders and zip archives from disk."""
    manifest = read_manifest(manifest_path) if manifest_path else None
    report = ImportReport()
    try:
        sources = collect(paths)
    except SigqualError as exc:
        report.errors.append(exc)
        return report
    if not sources:
        report.errors.append(SigqualError(msgid="error.import.no_files", file=", ".join(map(str, paths))))
        return report
    return import_sources(store, project_id, sources, manifest=manifest, **kwargs)  # type: ignore[arg-type]
