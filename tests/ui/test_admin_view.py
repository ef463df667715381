"""The audit log as the admin page shows and exports it, and the member and user lists."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime, timedelta, timezone

import pandas as pd
import pytest
from openpyxl import load_workbook

from sigqual.errors import InputError
from sigqual.store import Store, User
from sigqual.ui.admin_view import (
    AuditFilter,
    audit_display,
    audit_download,
    change_rows,
    check_new_password,
    entry_label,
    filter_audit,
    members_frame,
    normalise_audit,
    users_frame,
)

from .helpers import CODEBOOK


def _raw(stamps: list[datetime]) -> pd.DataFrame:
    rows = [
        (1, "eva", 7, "insert", "coding", 11, None, {"code": "ff-struktur", "start": 3}),
        (2, "omar", 7, "update", "document", 4, {"phase": "1"}, {"phase": "2"}),
        (3, "=cmd|' /C calc'!A0", None, "insert", "user", 2, None, {"username": "lena"}),
    ]
    return pd.DataFrame([(i, at, actor, pid, action, entity, eid, before, after)
                         for (i, actor, pid, action, entity, eid, before, after), at
                         in zip(rows, stamps, strict=True)],
                        columns=["id", "at", "actor", "project_id", "action", "entity", "entity_id",
                                 "before", "after"])


NAIVE = [datetime(2025, 3, 1, 23, 30), datetime(2025, 3, 2, 8, 0), datetime(2025, 3, 5, 12, 0)]
# The same moments as PostgreSQL returns them: aware, here in UTC+1.
AWARE = [(d + timedelta(hours=1)).replace(tzinfo=timezone(timedelta(hours=1))) for d in NAIVE]


@pytest.mark.parametrize("stamps", [NAIVE, AWARE], ids=["sqlite-naive", "postgres-aware"])
def test_times_become_naive_utc(stamps: list[datetime]) -> None:
    frame = normalise_audit(_raw(stamps))
    assert list(frame["at"]) == [pd.Timestamp(d) for d in NAIVE]
    assert list(audit_display(frame)["at"]) == ["2025-03-01 23:30:00", "2025-03-02 08:00:00",
                                                "2025-03-05 12:00:00"]


def test_missing_columns_are_named() -> None:
    with pytest.raises(InputError, match="before, after"):
        normalise_audit(_raw(NAIVE).drop(columns=["before", "after"]))


@pytest.mark.parametrize(
    ("chosen", "ids"),
    [
        (AuditFilter(), [1, 2, 3]),
        (AuditFilter(actors=("eva",)), [1]),
        (AuditFilter(entities=("document", "user")), [2, 3]),
        (AuditFilter(actions=("insert",), entities=("coding",)), [1]),
        (AuditFilter(start=date(2025, 3, 2)), [2, 3]),
        (AuditFilter(end=date(2025, 3, 1)), [1]),
        (AuditFilter(start=date(2025, 3, 2), end=date(2025, 3, 2)), [2]),
        (AuditFilter(actors=("nobody",)), []),
    ],
)
def test_filter_audit(chosen: AuditFilter, ids: list[int]) -> None:
    assert list(filter_audit(normalise_audit(_raw(NAIVE)), chosen)["id"]) == ids


def test_a_reversed_date_range_is_refused() -> None:
    with pytest.raises(InputError, match="start date is after the end date"):
        AuditFilter(start=date(2025, 3, 3), end=date(2025, 3, 1))


def test_display_shows_before_and_after_as_json() -> None:
    shown = audit_display(normalise_audit(_raw(NAIVE)))
    assert list(shown["before"]) == ["", '{"phase": "1"}', ""]
    assert shown["after"][0] == '{"code": "ff-struktur", "start": 3}'
    assert list(shown["project_id"]) == ["7", "7", ""]
    assert list(shown["entity_id"]) == ["11", "4", "2"]


@pytest.mark.parametrize(
    ("before", "after", "rows"),
    [
        ({"phase": "1", "name": "a"}, {"phase": "2"}, [("phase", '"1"', '"2"'), ("name", '"a"', "")]),
        (None, {"username": "lena"}, [("username", "", '"lena"')]),
        ({"characters": 120}, None, [("characters", "120", "")]),
        ("text", "other", [("value", '"text"', '"other"')]),
        (None, None, []),
    ],
)
def test_change_rows(before: object, after: object, rows: list[tuple[str, str, str]]) -> None:
    frame = change_rows(before, after)
    assert list(frame.itertuples(index=False, name=None)) == rows


def test_exports_hold_the_filtered_rows_and_neutralise_formulas() -> None:
    shown = filter_audit(normalise_audit(_raw(NAIVE)), AuditFilter(entities=("user", "coding")))
    as_csv = audit_download(shown, "csv", project_name="Min studie")
    assert (as_csv.file_name, as_csv.mime) == ("min-studie-andringslogg.csv", "text/csv")
    rows = list(csv.reader(io.StringIO(as_csv.data.decode("utf-8-sig"))))
    header = rows.index(["id", "at", "actor", "project_id", "action", "entity", "entity_id",
                         "before", "after"])
    body = rows[header + 1:]
    assert [r[0] for r in body] == ["1", "3"]
    assert not body[1][2].startswith("=")
    as_xlsx = audit_download(shown, "xlsx", project_name="Min studie")
    assert as_xlsx.file_name == "min-studie-andringslogg.xlsx"
    sheet = load_workbook(io.BytesIO(as_xlsx.data)).worksheets[0]
    assert sheet.title == "Ändringslogg"
    cells = [c for row in sheet.iter_rows() for c in row]
    assert "2025-03-01 23:30:00" in [c.value for c in cells]
    # The actor that looks like a formula is kept as text, never as a formula.
    actor = next(c for c in cells if c.value == "=cmd|' /C calc'!A0")
    assert actor.data_type == "s" and actor.quotePrefix
    assert all(c.data_type != "f" for c in cells)
    with pytest.raises(InputError, match="csv or xlsx"):
        audit_download(shown, "docx", project_name="x")


def test_entry_label() -> None:
    frame = normalise_audit(_raw(NAIVE))
    assert entry_label(frame.iloc[1]) == "#2 2025-03-02 08:00 omar update document 4"


def test_member_and_user_frames(store: Store) -> None:
    store.create_user("eva", "ett långt lösen", display_name="Eva Ek")
    store.create_user("omar", "ett annat lösen", is_admin=True)
    pid = store.create_project("P", CODEBOOK)
    store.grant(pid, "eva", "coder")
    users = store.list_users()
    members = members_frame(store.members(pid), users)
    assert members.to_dict("records") == [{"username": "eva", "display_name": "Eva Ek", "role": "coder"}]
    frame = users_frame(users + [User(9, "borta", "Borta", False, True)])
    assert list(frame["username"]) == ["eva", "omar", "borta"]
    assert list(frame["is_admin"]) == [False, True, False]
    assert list(frame["disabled"]) == [False, False, True]


@pytest.mark.parametrize(("first", "second", "ok"), [("ett långt lösen", "ett långt lösen", True),
                                                       ("ett långt lösen", "ett långt lösem", False)])
def test_check_new_password(first: str, second: str, ok: bool) -> None:
    if ok:
        assert check_new_password(first, second) == first
    else:
        with pytest.raises(InputError, match="differ"):
            check_new_password(first, second)


def test_real_audit_frame_round_trip(store: Store) -> None:
    pid = store.create_project("Loggad", CODEBOOK, actor="eva")
    frame = normalise_audit(store.audit_frame(pid))
    assert list(frame["actor"]) == ["eva"] * len(frame)
    today = datetime.now(UTC).date()
    assert len(filter_audit(frame, AuditFilter(start=today, end=today))) == len(frame)
