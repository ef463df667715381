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
from .ingest.model import ParsedTranscript
from .ingest.preamble import preamble_attributes
from .store import Store
from .store.documents import split_attributes

Progress = Callable[[float, str], None]


@dataclass(frozen=True)
class ImportedFile:
    """One stored document as the user should check it: did the turns come out right?

    ``found`` holds attributes read from the transcript's preamble that the document
    does not have yet; they are only offered, never stored without the user.
    """

    name: str
    document_id: int
    filename: str
    turns: int
    speakers: int
    interviewer_turns: int
    respondent_turns: int
    found: dict[str, str] = field(default_factory=dict)

    @classmethod
    def of(cls, parsed: ParsedTranscript, document_id: int, attributes: Mapping[str, str]) -> ImportedFile:
        roles = [turn.role for turn in parsed.turns]
        # Read as the store read them when the document was added, so every alias counts.
        fixed, _ = split_attributes(attributes)
        found = {k: v for k, v in preamble_attributes(parsed.text, parsed.turns).items()
                 if not fixed.get(k)}
        return cls(
            name=parsed.name, document_id=document_id, filename=parsed.filename,
            turns=len(parsed.turns),
            speakers=len({turn.speaker for turn in parsed.turns if turn.speaker}),
            interviewer_turns=roles.count("interviewer"), respondent_turns=roles.count("respondent"),
            found=found,
        )


@dataclass
class ImportReport:
    """What an import did: stored documents (name -> id), each file's facts, per-file errors."""

    imported: dict[str, int] = field(default_factory=dict)
    files: list[ImportedFile] = field(default_factory=list)
    errors: list[SigqualError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    unmatched_manifest: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def failed(self) -> int:
        """Files that were not imported (a batch-wide error counts as one)."""
        return len(self.errors)


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
                document_id = store.add_document(
                    project_id, name=parsed.name, text=parsed.text, turns=parsed.turns,
                    attributes=item.attributes, source_filename=parsed.filename,
                    source_format=parsed.source_format, actor=actor,
                )
                report.imported[parsed.name] = document_id
                report.files.append(ImportedFile.of(parsed, document_id, item.attributes))
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
