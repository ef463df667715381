"""Store a checked import plan as a new project, all in one transaction.

Everything goes through :meth:`Store.batch`, so every row gets the same checks and
audit entries as a manual import and nothing remains when any step fails.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from ..errors import ImportError_, SigqualError, StoreError
from ..store import Batch, Store
from .guids import SETTINGS_KEY, as_guid
from .importer import ImportPlan, PlannedMemo, valid_turns


@dataclass
class RefiImportReport:
    """What an import stored and what it could not carry over."""

    project_id: int
    project_name: str
    documents: int
    codes: int
    codings: int
    memos: int
    coders: list[str]
    warnings: list[str]
    missing_sources: list[str]


def free_project_name(store: Store, wanted: str, explicit: bool) -> str:
    """``wanted`` if unused; else a numbered variant, or an error when the user chose it."""
    taken = {p.name for p in store.list_projects()}
    if wanted not in taken:
        return wanted
    if explicit:
        raise StoreError(msgid="error.refi.project_named_already_exists", params={"wanted": wanted})
    n = 2
    while f"{wanted} ({n})" in taken:
        n += 1
    return f"{wanted} ({n})"


def write_plan(store: Store, plan: ImportPlan, *, actor: str = "", explicit_name: bool = False,
               owner: str | None = None) -> int:
    """Store a checked plan as a new project in one batch (a single transaction); returns its id.

    The batch runs the store's own checks and audit entries for every row, and nothing
    remains when any step fails.
    """
    name = free_project_name(store, plan.project_name, explicit_name)
    with store.batch(actor) as batch:
        pid = batch.create_project(name, plan.codebook, description=plan.description,
                                   settings=plan.settings, owner=owner,
                                   origin={"source": "REFI-QDA", "documents": len(plan.documents),
                                           "codings": len(plan.codings)})
        doc_ids = [batch.add_document(doc.name, doc.text, doc.turns, doc.attributes,
                                      source_filename=doc.source_filename,
                                      source_format=doc.source_format)
                   for doc in plan.documents]
        for coder in plan.coders:
            batch.add_coder(coder)
        coding_ids = [batch.add_coding(replace(c, document_id=doc_ids[c.document_id]))
                      for c in plan.codings]
        guids = dict(plan.guids)
        for doc, doc_id in zip(plan.documents, doc_ids, strict=True):
            canonical = as_guid(doc.guid)
            if canonical:
                guids[f"document:{doc_id}"] = canonical
        for memo in plan.memos:
            mid = _add_memo(batch, memo, doc_ids, coding_ids)
            canonical = as_guid(memo.guid) if memo.guid else None
            if canonical:
                guids[f"memo:{mid}"] = canonical
        batch.update_settings({SETTINGS_KEY: {"guids": guids}})
    return pid


def _add_memo(batch: Batch, memo: PlannedMemo, doc_ids: list[int], coding_ids: list[int]) -> int:
    return batch.add_memo(
        memo.text, author=memo.author, title=memo.title,
        document_id=doc_ids[memo.document] if memo.document is not None else None,
        segment_index=memo.segment if memo.document is not None else None,
        code_key=memo.code_key or None,
        coding_id=coding_ids[memo.coding] if memo.coding is not None else None)


def check_plan(plan: ImportPlan, filename: str) -> None:
    """Refuse plans the store would refuse, before the transaction starts."""
    if not plan.project_name:
        raise ImportError_(msgid="error.refi.project_has_no_name", file=filename)
    problems: list[tuple[str, dict[str, object]]] = []
    ids = {c.id for c in plan.codebook.codes}
    for c in plan.codings:
        doc = plan.documents[c.document_id]
        if c.code_key not in ids:
            problems.append(("error.refi.coding_unknown_code", {"document": doc.name, "code": c.code_key}))
        if not 0 <= c.start < c.end <= len(doc.text):
            problems.append(("error.refi.coding_outside", {"document": doc.name, "start": c.start,
                                                           "end": c.end}))
    for doc in plan.documents:
        if not valid_turns(doc.turns, len(doc.text)):
            problems.append(("error.refi.turns_overlap", {"document": doc.name}))
    if problems:
        (msgid, params), rest = problems[0], problems[1:]
        raise ImportError_(msgid=msgid, params=params, file=filename,
                           details=[ImportError_(msgid=m, params=p) for m, p in rest])


def import_plan(store: Store, plan: ImportPlan, filename: str, *, actor: str = "",
                explicit_name: bool = False, owner: str | None = None) -> RefiImportReport:
    """Check, then store, then report; errors name ``filename`` when they name no file."""
    check_plan(plan, filename)
    try:
        pid = write_plan(store, plan, actor=actor, explicit_name=explicit_name, owner=owner)
    except SigqualError as exc:
        if not exc.file:
            exc.file = filename
        raise
    project = store.get_project(pid)
    return RefiImportReport(
        project_id=pid, project_name=project.name, documents=len(plan.documents),
        codes=len(plan.codebook.codes), codings=len(plan.codings), memos=len(plan.memos),
        coders=list(plan.coders), warnings=list(plan.warnings),
        missing_sources=list(plan.missing_sources),
    )
