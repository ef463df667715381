"""From an extract to a preview: column mapping, types, bad cells with file/line/column."""

from __future__ import annotations

from datetime import date

import pytest

from sigqual.errors import InputError
from sigqual.outcomes.importing import build_preview, column_mapping
from sigqual.outcomes.reader import read_bytes
from sigqual.outcomes.vocabulary import attribute_name, event_type, header_field


def _raw(text: str, name: str = "extract.csv"):  # noqa: ANN202
    return read_bytes(text.encode("utf-8"), name)


@pytest.mark.parametrize(("written", "key"), [
    ("Polisanmälan", "polisanmalan"), ("polisanm.", "polisanmalan"), ("PA", "polisanmalan"),
    ("POLISANMÄLAN", "polisanmalan"), ("polisanmalan", "polisanmalan"),
    ("Orosanmälan", "orosanmalan"), ("oro", "orosanmalan"), ("Orosanm.", "orosanmalan"),
    ("Dom", "dom"), ("åtalsunderlåtelse", "atalsunderlatelse"), ("ÅU", "atalsunderlatelse"),
    ("Placering", "placering"), ("HVB-placering", "placering"),
    ("Polisanmälan (misshandel)", None), ("Skolfrånvaro", None), ("", None),
])
def test_event_types(written: str, key: str | None) -> None:
    assert event_type(written) == key


@pytest.mark.parametrize(("kind", "header", "field"), [
    ("cases", "Ärende", "case"), ("cases", "ungdom", "case"), ("cases", "ID", "case"),
    ("cases", "Startdatum", "start"), ("cases", "Insatsstart", "start"), ("cases", "insatsslut", "end"),
    ("cases", "Slutdatum", "end"), ("events", "Datum", "date"), ("events", "Anmälningstyp", "type"),
    ("events", "händelse", "type"), ("events", "Typ", "type"), ("attendance", "Mötesdatum", "meeting_date"),
    ("attendance", "Deltagare", "participant"), ("attendance", "Namn", "participant"),
    ("attendance", "Yrkesroll", "role"), ("attendance", "Organisation", "organisation"),
    ("cases", "Kön", None), ("events", "Kön", None),
])
def test_headers(kind: str, header: str, field: str | None) -> None:
    assert header_field(kind, header) == field


@pytest.mark.parametrize(("header", "name"), [
    ("Kön", "kön"), ("Gender", "kön"), ("Ålder vid start", "ålder"), ("Stadsdel", "område"),
    ("Tidigare insatser", "tidigare_insatser"), ("Skola  årskurs", "Skola årskurs"),
])
def test_attribute_names(header: str, name: str) -> None:
    assert attribute_name(header) == name


def test_cases_preview_reads_every_field_and_keeps_attributes() -> None:
    raw = _raw("Ungdom;Startdatum;Slutdatum;Avslutsorsak;Kön;Ålder\n"
               "U1;2013-11-04;;;pojke;15\nU2;4/2 2014;20140901;Placering;flicka;16\n")
    preview = build_preview(raw, "cases", known_cases=["U1"])
    assert preview.ok
    assert [r.case for r in preview.records] == ["U1", "U2"]
    assert preview.records[1].start == date(2014, 2, 4)
    assert preview.records[1].end == date(2014, 9, 1)
    assert preview.records[1].end_reason == "Placering"
    assert preview.records[1].attributes == {"kön": "flicka", "ålder": "16"}
    assert preview.new_cases == ("U2",)
    assert preview.mapping["Kön"] == "attribute:kön"


@pytest.mark.parametrize(("text", "line", "column", "problem"), [
    ("Ärende;Start\nU1;2013-02-30\n", 2, "Start", "not a real date"),
    ("Ärende;Start\nU1;snart\n", 2, "Start", "not a date"),
    ("Ärende;Start\n;2013-01-01\n", 2, "Ärende", "empty"),
    ("Ärende;Start\nU1;2013-01-01\nU1;2013-01-02\n", 3, "Ärende", "twice"),
    ("Ärende;Start;Slut\nU1;2013-05-01;2013-04-01\n", 2, "Slut", "before it starts"),
    ("Ärende;Start\nAnna Svensson;2013-01-01\n", 2, "Ärende", "looks like a name"),
])
def test_bad_case_rows_name_file_line_and_column(text: str, line: int, column: str, problem: str) -> None:
    preview = build_preview(_raw(text, "arenden.csv"), "cases")
    assert not preview.ok
    error = preview.errors[0]
    assert (error.file, error.line, error.field) == ("arenden.csv", line, column)
    assert problem in error.message
    assert str(error).startswith(f"arenden.csv:{line}")


def test_events_unknown_types_are_listed_and_kept_as_written() -> None:
    raw = _raw("Ärende;Datum;Typ\nU1;2013-05-02;PA\nU1;2013-06-02;Skolfrånvaro\nU1;2013-07-02;Skolfrånvaro\n")
    preview = build_preview(raw, "events", known_cases=["U1"])
    assert preview.ok
    assert [r.type for r in preview.records] == ["polisanmalan", "Skolfrånvaro", "Skolfrånvaro"]
    assert preview.unknown_types == {"Skolfrånvaro": 2}
    assert any("Skolfrånvaro" in line for line in preview.summary())


def test_events_of_unknown_cases_are_bad_rows() -> None:
    raw = _raw("Ärende;Datum;Typ\nU1;2013-05-02;PA\nU9;2013-05-02;PA\n")
    preview = build_preview(raw, "events", known_cases=["U1"])
    assert len(preview.records) == 1
    assert [(e.line, e.field) for e in preview.errors] == [(3, "Ärende")]
    assert "unknown case 'U9'" in preview.errors[0].message


def test_missing_required_column_names_the_columns_and_the_fix() -> None:
    with pytest.raises(InputError) as err:
        column_mapping(_raw("Ärende;När;Typ\nU1;2013-01-01;PA\n"), "events")
    assert "no column for date" in str(err.value) and "--map COLUMN=date" in str(err.value)


def test_map_overrides_headers() -> None:
    raw = _raw("Nr;När;Anm.typ;Kön\nU1;2013-01-01;PA;x\n")
    mapping = column_mapping(raw, "events", {"Nr": "case", "när": "date", "Anm.typ": "type", "Kön": "-"})
    assert mapping == {"Nr": "case", "När": "date", "Anm.typ": "type", "Kön": "-"}
    preview = build_preview(raw, "events", known_cases=["U1"], overrides={"Nr": "case", "När": "date",
                                                                          "Anm.typ": "type"})
    assert preview.ok and preview.ignored_columns == ["Kön"]


@pytest.mark.parametrize(("overrides", "problem"), [
    ({"Saknas": "case"}, "does not have"),
    ({"Typ": "colour"}, "not a field"),
    ({"Datum": "case"}, "several columns"),
])
def test_bad_map(overrides: dict[str, str], problem: str) -> None:
    with pytest.raises(InputError, match=problem):
        column_mapping(_raw("Ärende;Datum;Typ\nU1;2013-01-01;PA\n"), "events", overrides)


def test_attendance_names_are_pseudonymised_on_request() -> None:
    text = ("Ärende;Mötesdatum;Deltagare;Roll\nU1;2014-01-10;Anna Svensson;polis\n"
            "U1;2014-02-10;Anna Svensson;polis\nU1;2014-02-10;Erik Johansson;skola\n")
    plain = build_preview(_raw(text), "attendance", known_cases=["U1"])
    assert plain.ok and "look like real names" in plain.warnings[0]
    masked = build_preview(_raw(text), "attendance", known_cases=["U1"], pseudonymize=True)
    people = [r.participant for r in masked.records]
    assert people[0] == people[1] != people[2]
    assert not any("Svensson" in p or "Johansson" in p for p in people)
    assert masked.pseudonymized == 3 and not masked.warnings


def test_unknown_kind() -> None:
    with pytest.raises(InputError, match="unknown kind"):
        build_preview(_raw("a;b\n1;2\n"), "meetings")


def _pnr(prefix: str) -> str:
    """A valid personnummer (Luhn check digit) for a fictional birth date and number."""
    from sigqual.privacy import luhn_ok

    return next(f"{prefix}{d}" for d in "0123456789" if luhn_ok(f"{prefix}{d}"[2:].replace("-", "")))


PNR_A, PNR_B = _pnr("20000101-123"), _pnr("20010202-456")


@pytest.mark.parametrize(("pseudonymize", "problem"), [
    (False, "looks like a name or personnummer; use a pseudonym"),
    (True, "needs a pseudonym key"),
])
def test_personal_case_ids_are_refused_without_a_key(pseudonymize: bool, problem: str) -> None:
    text = f"Ärende;Startdatum\n{PNR_A};2014-01-10\nUngdom 2;2014-02-01\n"
    preview = build_preview(_raw(text), "cases", pseudonymize=pseudonymize)
    assert [e.line for e in preview.errors] == [2]
    assert problem in str(preview.errors[0])
    assert [r.case for r in preview.records] == ["Ungdom 2"]


def test_a_key_links_the_same_person_across_files() -> None:
    from sigqual.privacy import Pseudonymizer

    key = Pseudonymizer()
    cases = build_preview(_raw(f"Ärende;Startdatum\n{PNR_A};2014-01-10\n{PNR_B};2014-02-01\n"), "cases",
                          key=key)
    assert cases.ok and cases.key_grew and cases.pseudonymized == 2
    assert key.entries() == []  # the caller's key is copied, not changed
    names = {PNR_A: cases.records[0].case, PNR_B: cases.records[1].case}
    assert len(set(names.values())) == 2 and not any(n[:4].isdigit() for n in names.values())
    # the events extract lists the youths in the other order: the pseudonyms still follow the person
    events = build_preview(_raw(f"Ärende;Datum;Typ\n{PNR_B};2014-03-01;PA\n{PNR_A};2014-04-01;oro\n"),
                           "events", known_cases=list(names.values()), key=cases.key)
    assert events.ok and not events.key_grew and not events.new_cases
    assert [r.case for r in events.records] == [names[PNR_B], names[PNR_A]]
