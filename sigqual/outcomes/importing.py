"""From an extract to a preview, and from an accepted preview to the store.

The preview is pure: it reads the rows, maps columns to fields, parses dates and event
types, and collects every bad cell with file, line and column. Nothing is stored until
:func:`store_preview` is called with a :class:`~sigqual.app.ProjectSession` whose actor
may import. The page shows the preview and waits for the user to accept it; the CLI
prints it and stores (or only previews with ``--dry-run``).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import pandas as pd

from ..errors import InputError, SigqualError
from ..i18n import Message
from ..store import AttendanceRecord, CaseRecord, EventRecord
from . import vocabulary as vocab
from .dates import DateError, parse_date
from .reader import RawTable

if TYPE_CHECKING:
    from ..app import ProjectSession
    from ..privacy.mapping import Pseudonymizer

Record = CaseRecord | EventRecord | AttendanceRecord
IGNORE = "-"


@dataclass(frozen=True)
class ImportPreview:
    """What an import would store, what it would skip and what it does not recognise."""

    kind: str
    file: str
    mapping: Mapping[str, str]  # column as written -> field, "attribute:<name>" or "-"
    records: tuple[Record, ...]
    lines: tuple[int, ...]
    errors: tuple[SigqualError, ...]
    unknown_types: Mapping[str, int] = field(default_factory=dict)
    new_cases: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
    pseudonymized: int = 0
    #: The pseudonym key the rows were read with, grown by this file's new names; the
    #: caller saves it (outside the database) before the rows are stored.
    key: Pseudonymizer | None = field(default=None, compare=False, repr=False)
    key_grew: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def ignored_columns(self) -> list[str]:
        return [col for col, target in self.mapping.items() if target == IGNORE]

    def frame(self) -> pd.DataFrame:
        """The rows that would be stored, with their line in the file."""
        rows = []
        for line, record in zip(self.lines, self.records, strict=True):
            values = dict(vars(record))
            attributes = values.pop("attributes", None) or {}
            rows.append({"line": line, **values, **attributes})
        return pd.DataFrame(rows)

    def errors_frame(self, lang: str = "en") -> pd.DataFrame:
        """The bad rows, their problems in ``lang``."""
        from ..i18n import translate

        names = [translate(key, lang) for key in ("outcomes.errors.file", "outcomes.errors.line",
                                                  "outcomes.errors.column", "outcomes.errors.problem")]
        return pd.DataFrame([(e.file, e.line, e.field,
                              translate(e.msgid, lang, **e.params) if e.msgid else e.message)
                             for e in self.errors], columns=names)

    def summary(self) -> list[str]:
        """Plain-English lines for the command line."""
        out = [f"{self.file}: {len(self.records)} {self.kind} row(s) readable, "
               f"{len(self.errors)} bad row(s)"]
        out.append("columns: " + ", ".join(f"{col} -> {target}" for col, target in self.mapping.items()))
        if self.new_cases:
            out.append(f"new cases: {', '.join(self.new_cases)}")
        for written, count in self.unknown_types.items():
            out.append(f"unknown event type (stored as written): {written!r} x{count}")
        if self.pseudonymized:
            out.append(f"pseudonymised: {self.pseudonymized} name(s)")
        out.extend(f"warning: {w}" for w in self.warnings)
        out.extend(f"error: {e}" for e in self.errors)
        return out


def parse_overrides(items: Sequence[str]) -> dict[str, str]:
    """``COLUMN=FIELD`` items (blank ones skipped) as a mapping for :func:`column_mapping`."""
    out = {}
    for item in items:
        if not item.strip():
            continue
        column, sep, target = item.partition("=")
        if not sep or not column.strip() or not target.strip():
            raise InputError(msgid="error.outcomes.bad_map", params={"item": item.strip()}, field="map")
        out[column.strip()] = target.strip()
    return out


def column_mapping(raw: RawTable, kind: str, overrides: Mapping[str, str] | None = None) -> dict[str, str]:
    """Column -> field for ``kind``, with ``overrides`` (``COLUMN=FIELD``) taking precedence.

    Unrecognised columns of a cases file become free attributes; in other files they are
    ignored and listed. A required field without a column is an error naming the columns.
    """
    if kind not in vocab.KINDS:
        raise InputError(msgid="error.outcomes.unknown_kind",
                         params={"kind": kind, "kinds": ", ".join(vocab.KINDS)},
                         field="kind")
    fields = set(vocab.HEADERS[kind])
    given = {vocab.fold(k): v.strip() for k, v in (overrides or {}).items()}
    unused = set(given)
    mapping: dict[str, str] = {}
    for col in raw.header:
        if not col:
            continue
        wanted = given.get(vocab.fold(col))
        if wanted is not None:
            unused.discard(vocab.fold(col))
            if wanted in fields or wanted == IGNORE or wanted.startswith("attribute:"):
                mapping[col] = wanted
                continue
            if kind == "cases":
                mapping[col] = f"attribute:{wanted}"
                continue
            raise InputError(msgid="error.outcomes.map_not_field", file=raw.file, field=col, params={
                "col": col, "wanted": wanted, "kind": kind, "fields": ", ".join(sorted(fields))})
        found = vocab.header_field(kind, col)
        if found is not None and found not in mapping.values():
            mapping[col] = found
        elif kind == "cases" and found is None:
            mapping[col] = f"attribute:{vocab.attribute_name(col)}"
        else:
            mapping[col] = IGNORE
    if unused:
        raise InputError(msgid="error.outcomes.map_unknown_columns", file=raw.file,
                         params={"names": ", ".join(sorted(unused)), "columns": ", ".join(raw.header)})
    targets = [t for t in mapping.values() if t != IGNORE]
    doubled = sorted({t for t in targets if targets.count(t) > 1})
    if doubled:
        raise InputError(msgid="error.outcomes.map_doubled", params={"names": ", ".join(doubled)},
                         file=raw.file)
    missing = [f for f in vocab.REQUIRED[kind] if f not in mapping.values()]
    if missing:
        raise InputError(msgid="error.outcomes.no_column", file=raw.file, params={
            "missing": ", ".join(missing), "kind": kind, "columns": ", ".join(raw.header),
            "first": missing[0]})
    return mapping


def build_preview(raw: RawTable, kind: str, *, known_cases: Collection[str] = (),
                  overrides: Mapping[str, str] | None = None, pseudonymize: bool = False,
                  key: Pseudonymizer | None = None) -> ImportPreview:
    """Parse every row; bad cells become errors with file, line and column.

    ``pseudonymize`` replaces participants' names by pseudonyms numbered within this
    file. Case ids that look like names or personnummer must link rows across files
    (cases, events, attendance), so they are replaced only through a pseudonym ``key``
    (the same person gets the same pseudonym in every file); without one such a row is
    refused rather than linked to the wrong youth. The key is copied, never changed.
    """
    from ..privacy.mapping import Pseudonymizer

    mapping = column_mapping(raw, kind, overrides)
    position = {col: i for i, col in enumerate(raw.header)}
    by_field = {target: col for col, target in mapping.items() if target != IGNORE}
    working = Pseudonymizer(key.entries()) if key is not None else None
    parser = _Rows(raw, kind, by_field, position, set(known_cases), pseudonymize or key is not None,
                   working)
    for line, cells in raw.rows:
        parser.row(line, cells)
    grew = working is not None and len(working.entries()) > len(key.entries())
    return ImportPreview(
        kind=kind, file=raw.file, mapping=mapping, records=tuple(parser.records),
        lines=tuple(parser.lines), errors=tuple(parser.errors), unknown_types=dict(parser.unknown),
        new_cases=tuple(parser.new_cases), warnings=tuple(parser.warnings()),
        pseudonymized=parser.pseudonymized, key=working, key_grew=grew)


class _Rows:
    """Row-by-row parsing state for one file."""

    def __init__(self, raw: RawTable, kind: str, by_field: dict[str, str], position: dict[str, int],
                 known: set[str], pseudonymize: bool, key: Pseudonymizer | None) -> None:
        self.raw, self.kind, self.by_field, self.position = raw, kind, by_field, position
        self.known = known
        self.records: list[Record] = []
        self.lines: list[int] = []
        self.errors: list[SigqualError] = []
        self.unknown: Counter[str] = Counter()
        self.new_cases: list[str] = []
        self.seen: set[str] = set()
        self.names_seen = 0
        self.pseudonymized = 0
        from ..privacy.mapping import Pseudonymizer

        # Participants: the key when given, else numbering within this file.
        self.mapper = key if key is not None else (Pseudonymizer() if pseudonymize else None)
        self.case_key = key
        self.pseudonymize = pseudonymize

    def cell(self, cells: Sequence[object], name: str) -> object:
        col = self.by_field.get(name)
        if col is None:
            return ""
        i = self.position[col]
        value = cells[i] if i < len(cells) else ""
        return value.strip() if isinstance(value, str) else value

    def text(self, cells: Sequence[object], name: str) -> str:
        value = self.cell(cells, name)
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return " ".join(str(value if value is not None else "").split())

    def fail(self, line: int, name: str, message: str) -> None:
        """Record a bad row; a :class:`Message` keeps its id, so the UI can translate it."""
        msgid, params = (message.msgid, message.params) if isinstance(message, Message) else (None, {})
        self.errors.append(InputError(str(message), file=self.raw.file, line=line,
                                      field=self.by_field.get(name, name), msgid=msgid, params=params))

    def date(self, line: int, cells: Sequence[object], name: str, *, optional: bool = False):  # noqa: ANN201
        value = self.cell(cells, name)
        if optional and (value is None or str(value).strip() == ""):
            return None
        try:
            return parse_date(value)
        except DateError as exc:
            self.fail(line, name, exc.reason)
            return False

    def case(self, line: int, cells: Sequence[object]) -> str | None:
        key = self.text(cells, "case")
        if not key:
            self.fail(line, "case", Message("outcomes.row.case_empty"))
            return None
        if _personal(key):
            if self.case_key is None:
                self.fail(line, "case", Message("outcomes.row.case_needs_key" if self.pseudonymize
                                                else "outcomes.row.case_identifying"))
                return None
            key = self.case_key.pseudonym("name", key)
            self.pseudonymized += 1
        return key

    def row(self, line: int, cells: Sequence[object]) -> None:
        before = len(self.errors)
        record: Record | None = None
        case = self.case(line, cells)
        if self.kind == "cases":
            record = self._case(line, cells, case)
        elif self.kind == "events":
            record = self._event(line, cells, case)
        else:
            record = self._attendance(line, cells, case)
        if record is not None and len(self.errors) == before:
            self.records.append(record)
            self.lines.append(line)

    def _case(self, line: int, cells: Sequence[object], case: str | None) -> CaseRecord | None:
        start = self.date(line, cells, "start")
        end = self.date(line, cells, "end", optional=True)
        if case is not None and case in self.seen:
            self.fail(line, "case", Message("error.outcomes.case_twice", case=case))
            return None
        if case is None or start is False or end is False:
            return None
        self.seen.add(case)
        if end is not None and end < start:
            self.fail(line, "end", Message("outcomes.row.ends_before", end=end, start=start))
            return None
        attributes: dict[str, Any] = {}
        for target in self.by_field:
            if target.startswith("attribute:"):
                value = self.cell(cells, target)
                if isinstance(value, float) and value.is_integer():
                    value = int(value)
                if value not in ("", None):
                    kept = value if isinstance(value, int | float) else str(value)
                    attributes[target.split(":", 1)[1]] = kept
        if case not in self.known:
            self.new_cases.append(case)
        return CaseRecord(case, start, end, self.text(cells, "end_reason"), attributes)

    def _known_case(self, line: int, case: str | None) -> bool:
        if case is None:
            return False
        if case not in self.known:
            self.fail(line, "case", Message("outcomes.row.unknown_case", case=case))
            return False
        return True

    def _event(self, line: int, cells: Sequence[object], case: str | None) -> EventRecord | None:
        when = self.date(line, cells, "date")
        written = self.text(cells, "type")
        if not written:
            self.fail(line, "type", Message("outcomes.row.type_empty"))
        if not self._known_case(line, case) or when is False or not written:
            return None
        key = vocab.event_type(written)
        if key is None:
            self.unknown[written] += 1
            key = written
        return EventRecord(case, when, key, self.text(cells, "note"))

    def _attendance(self, line: int, cells: Sequence[object], case: str | None) -> AttendanceRecord | None:
        when = self.date(line, cells, "meeting_date")
        person = self.text(cells, "participant")
        if not person:
            self.fail(line, "participant", Message("outcomes.row.participant_empty"))
        if not self._known_case(line, case) or when is False or not person:
            return None
        role = self.text(cells, "role")
        if _personal(person):
            if self.mapper is not None:
                person = self.mapper.pseudonym("name", person)
                self.pseudonymized += 1
            else:
                self.names_seen += 1
        return AttendanceRecord(case, when, person, role, self.text(cells, "organisation"))

    def warnings(self) -> list[str]:
        if self.names_seen:
            return [Message("outcomes.warning.names", n=self.names_seen)]
        return []


_WORD = re.compile(r"[^\W\d_]+")


@lru_cache(maxsize=65536)
def _personal(text: str) -> bool:
    """True when a case id or participant looks like a real name or a personnummer.

    A quick test fit for tens of thousands of rows: a capitalised word from the bundled
    name lists that is not an ordinary Swedish word, or a valid personnummer.
    """
    from ..privacy.lexicon import fold, is_dictionary_word, lexicon
    from ..privacy.patterns import find_pnr

    lex = lexicon()
    for word in _WORD.findall(text):
        folded = fold(word)
        if (word[:1].isupper() and lex.is_name(folded) and folded not in lex.not_names
                and not is_dictionary_word(folded)):
            return True
    return next(find_pnr(text), None) is not None


def store_preview(session: ProjectSession, preview: ImportPreview, *,
                  skip_bad_rows: bool = False) -> dict[str, int]:
    """Store an accepted preview in one transaction; bad rows stop it unless skipped.

    The actor needs the ``import`` permission, checked before and inside the transaction.
    """
    if preview.errors and not skip_bad_rows:
        raise InputError(msgid="error.outcomes.bad_rows", file=preview.file,
                         params={"n": len(preview.errors), "first": preview.errors[0]})
    if session.project_id is None:
        raise InputError(msgid="error.app.no_project")
    store, pid, actor = session.store, session.project_id, session.actor.username
    records = list(preview.records)
    with session.acting("import"):
        if preview.kind == "cases":
            return store.import_outcome_cases(pid, records, actor=actor, source=preview.file)
        if preview.kind == "events":
            return store.import_outcome_events(pid, records, actor=actor, source=preview.file)
        return store.import_outcome_attendance(pid, records, actor=actor, source=preview.file)
