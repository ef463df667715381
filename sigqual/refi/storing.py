"""Store a checked import plan as a new project, all in one transaction.

The store's own insert helpers run inside a single :meth:`Store.transaction`, so every
row gets the same checks and audit entries as a manual import and nothing remains
when any step fails.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from ..errors import ImportError_, SigqualError, StoreError
from ..store import Store
from ..store.base import Tx, now
from ..store.schema import memos as memos_table
from ..store.schema import projects as projects_table
from ..store.schema import segments as segments_table
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
        raise StoreError(f"a project named '{wanted}' already exists; choose another name")
    n = 2
    while f"{wanted} ({n})" in taken:
        n += 1
    return f"{wanted} ({n})"


def write_plan(store: Store, plan: ImportPlan, *, actor: str = "", explicit_name: bool = False) -> int:
    """Store a checked plan as a new project in a single transaction; returns its id.

    Uses the store's own insert helpers inside one transaction, so every row gets the
    same checks and audit entries as a manual import, and nothing remains on failure.
    """
    name = free_project_name(store, plan.project_name, explicit_name)
    stamp = now()
    with store.transaction(actor) as tx:
        try:
            pid = tx.conn.execute(projects_table.insert().values(
                name=name, description=plan.description, codebook_name=plan.codebook.name,
                language=plan.codebook.language, settings=dict(plan.settings), created_at=stamp,
                updated_at=stamp, version=1,
            )).inserted_primary_key[0]
        except IntegrityError:
            raise StoreError(f"a project named '{name}' already exists") from None
        tx.project_id = pid
        tx.audit("import", "project", pid, after={"name": name, "source": "REFI-QDA",
                                                   "documents": len(plan.documents),
                                                   "codings": len(plan.codings)})
        store._write_codebook(tx, pid, plan.codebook, replace_existing=False)
        doc_ids: list[int] = []
        for doc in plan.documents:
            doc_ids.append(store._insert_document(tx, pid, doc.name, doc.text, doc.turns, doc.attributes,
                                                  doc.source_filename, doc.source_format))
        for coder in plan.coders:
            store._coder_id(tx, pid, coder)
        coding_ids = [store._insert_coding(tx, pid, replace(c, document_id=doc_ids[c.document_id]))
                      for c in plan.codings]
        guids = dict(plan.guids)
        for doc, doc_id in zip(plan.documents, doc_ids, strict=True):
            canonical = as_guid(doc.guid)
            if canonical:
                guids[f"document:{doc_id}"] = canonical
        for memo in plan.memos:
            mid = _insert_memo(store, tx, pid, memo, doc_ids, coding_ids)
            canonical = as_guid(memo.guid) if memo.guid else None
            if canonical:
                guids[f"memo:{mid}"] = canonical
        current = tx.conn.execute(select(projects_table.c.settings)
                                  .where(projects_table.c.id == pid)).scalar_one() or {}
        settings = {**current, SETTINGS_KEY: {"guids": guids}}
        tx.conn.execute(update(projects_table).where(projects_table.c.id == pid).values(settings=settings))
    return int(pid)


def _insert_memo(store: Store, tx: Tx, pid: int, memo: PlannedMemo, doc_ids: list[int],
                 coding_ids: list[int]) -> int:
    document_id = doc_ids[memo.document] if memo.document is not None else None
    segment_id = None
    if document_id is not None and memo.segment is not None:
        segment_id = tx.conn.execute(select(segments_table.c.id).where(
            segments_table.c.document_id == document_id,
            segments_table.c.idx == memo.segment)).scalar_one_or_none()
    code_id = store._code_row_id(tx.conn, pid, memo.code_key) if memo.code_key else None
    coding_id = coding_ids[memo.coding] if memo.coding is not None else None
    stamp = now()
    mid = tx.conn.execute(memos_table.insert().values(
        project_id=pid, document_id=document_id, segment_id=segment_id, code_id=code_id,
        coding_id=coding_id, author=memo.author, title=memo.title, text=memo.text,
        created_at=stamp, updated_at=stamp, version=1)).inserted_primary_key[0]
    tx.audit("insert", "memo", mid, after={"title": memo.title, "text": memo.text,
                                            "document_id": document_id, "code": memo.code_key})
    return int(mid)


def check_plan(plan: ImportPlan, filename: str) -> None:
    """Refuse plans the store would refuse, before the transaction starts."""
    if not plan.project_name:
        raise ImportError_("the project has no name; give one", file=filename)
    problems = []
    ids = {c.id for c in plan.codebook.codes}
    for c in plan.codings:
        doc = plan.documents[c.document_id]
        if c.code_key not in ids:
            problems.append(f"a coding in '{doc.name}' names unknown code '{c.code_key}'")
        if not 0 <= c.start < c.end <= len(doc.text):
            problems.append(f"a coding in '{doc.name}' spans {c.start}-{c.end} outside the text")
    for doc in plan.documents:
        if not valid_turns(doc.turns, len(doc.text)):
            problems.append(f"the speaker turns of '{doc.name}' overlap or leave the text")
    if problems:
        raise ImportError_(problems[0], file=filename, details=problems[1:])


def import_plan(store: Store, plan: ImportPlan, filename: str, *, actor: str = "",
                explicit_name: bool = False) -> RefiImportReport:
    """Check, then store, then report; errors name ``filename`` when they name no file."""
    check_plan(plan, filename)
    try:
        pid = write_plan(store, plan, actor=actor, explicit_name=explicit_name)
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
