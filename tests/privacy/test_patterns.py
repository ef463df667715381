"""Structured identifiers: personnummer (Luhn), phone numbers, e-mail, addresses, dates, ages."""

from __future__ import annotations

import pytest

from sigqual.privacy import DetectOptions, detect, luhn_ok, pnr_kind
from sigqual.privacy.model import KINDS

ALL = DetectOptions(kinds=frozenset(KINDS))


def spans(text: str, kind: str) -> list[str]:
    return [f.text for f in detect(text, options=ALL) if f.kind == kind]


@pytest.mark.parametrize(("digits", "ok"), [
    ("8112189876", True),
    ("8112189875", False),
    ("7010632391", True),
    ("9804121235", True),
    ("9804121233", False),
    ("0000000000", True),
    ("1234567890", False),
    ("", False),
    ("12a4", False),
])
def test_luhn(digits: str, ok: bool) -> None:
    assert luhn_ok(digits) is ok


@pytest.mark.parametrize(("value", "kind"), [
    ("811218-9876", "personnummer"),
    ("811218+9876", "personnummer"),
    ("8112189876", "personnummer"),
    ("19811218-9876", "personnummer"),
    ("198112189876", "personnummer"),
    ("701063-2391", "samordningsnummer"),
    ("811218-9875", None),          # wrong check digit
    ("811318-9876", None),          # month 13
    ("811232-9876", None),          # day 32
    ("810231-1234", None),          # 31 February
    ("17811218-9876", None),        # no such century
    ("123456-7890", None),
])
def test_pnr_kind(value: str, kind: str | None) -> None:
    assert pnr_kind(value) == kind


@pytest.mark.parametrize(("text", "expected"), [
    ("Mitt personnummer är 811218-9876.", ["811218-9876"]),
    ("Han har 19980412-1235 i journalen", ["19980412-1235"]),
    ("samordningsnummer 701063-2391", ["701063-2391"]),
    ("personnummer 8112189876", ["8112189876"]),
    ("Numret 811218-9875 stämmer inte", ["811218-9875"]),  # mistyped: found, less sure
    ("Ärendenummer 2014-1234-56", []),
    ("Vi hade 12 möten under 2014", []),
    ("pnr-format men inget nummer: 123456-7890", []),
    ("konto 8112189876123", []),
])
def test_pnr_detection(text: str, expected: list[str]) -> None:
    assert spans(text, "pnr") == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("Ring 070-123 45 67 i kväll", ["070-123 45 67"]),
    ("nå mig på 0701234567", ["0701234567"]),
    ("växeln 08-535 300 00", ["08-535 300 00"]),
    ("eller +46 8 123 456 78 om", ["+46 8 123 456 78"]),
    ("+46701234567", ["+46701234567"]),
    ("tel 031-711 22 33", ["031-711 22 33"]),
    ("0739-87 65 43", ["0739-87 65 43"]),
    ("Telefontiden är mellan 08.30 och 10.00", []),
    ("det kostade 150 000 kronor", []),
    ("050101-1234 är inget telefonnummer", []),
    ("Datum: 2014-04-17", []),
    ("Klockan 14", []),
])
def test_phone_detection(text: str, expected: list[str]) -> None:
    assert spans(text, "phone") == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("Skriv till anna.bergstrom@gmail.com så", ["anna.bergstrom@gmail.com"]),
    ("mejla lena.holm@skola.huddinge.se om", ["lena.holm@skola.huddinge.se"]),
    ("kontakt@huddinge.se.", ["kontakt@huddinge.se"]),
    ("vi ses @ fritidsgården", []),
    ("user@localhost", []),
])
def test_email_detection(text: str, expected: list[str]) -> None:
    assert spans(text, "email") == expected


@pytest.mark.parametrize(("text", "kind", "expected"), [
    ("Vi bodde på Granvägen 14 B innan", "address", ["Granvägen 14 B"]),
    ("Adressen är Hälsovägen 11C, 141 57 Huddinge", "address", ["Hälsovägen 11C"]),
    ("Adressen är Hälsovägen 11C, 141 57 Huddinge", "postcode", ["141 57 Huddinge"]),
    ("på Drottninggatan 54 i Stockholm", "address", ["Drottninggatan 54"]),
    ("Per Albin Hanssons väg 12", "address", ["Per Albin Hanssons väg 12"]),
    ("vi bor på Storgatan nu", "address", ["Storgatan"]),
    ("Storgatan var avstängd den dagen", "address", []),
    ("Vägen hem var lång, 3 km", "address", []),
    ("postnummer 14146 om du vill", "postcode", ["14146"]),
    ("det var 100 000 kronor", "postcode", []),
])
def test_address_and_postcode(text: str, kind: str, expected: list[str]) -> None:
    assert spans(text, kind) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("Mötet var den 17 april, dagen före", ["17 april"]),
    ("Nästa möte blir 2014-09-12, kl. 14", ["2014-09-12"]),
    ("anmälan den 3 maj 2014 och", ["3 maj 2014"]),
    ("en ny mentor i januari 2014.", ["januari 2014"]),
    ("Han var född 2001, så", ["2001"]),
    ("Den tjugonde maj hade vi", ["tjugonde maj"]),
    ("typ januari eller februari", []),
    ("mellan 08.30 och 10.00", []),
    ("Vi hade 12 möten under 2014", []),
])
def test_dates(text: str, expected: list[str]) -> None:
    assert spans(text, "date") == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("och nu är han femton år.", ["femton år"]),
    ("Min dotter Sara är 13 år och", ["13 år"]),
    ("Han var väl tolv, tretton år kanske", ["tolv", "tretton år"]),
    ("Ungdomen fyllde sexton i somras", ["sexton"]),
    ("Vi hade en sextonåring som", ["sextonåring"]),
    ("en 15-åring från Flemingsberg", ["15-åring"]),
    ("som är sju och nio.", ["sju", "nio"]),
    ("Vi har bott här i sju år nu", []),
    ("Vi var tolv personer i rummet", []),
    ("gifta i tjugo år", []),
    ("Klockan var kvart i tre", []),
    ("Per månad blev det kanske två, tre möten", []),
    ("det var en bra dag", []),
])
def test_ages(text: str, expected: list[str]) -> None:
    assert spans(text, "age") == expected


def test_optional_kinds_are_off_by_default() -> None:
    text = "Han är femton år och mötet var den 17 april."
    assert detect(text) == []
    assert {f.kind for f in detect(text, options=ALL)} == {"age", "date"}
