"""Names, places and schools: list entries, name positions and the hard negatives."""

from __future__ import annotations

import pytest

from sigqual.privacy import DetectOptions, detect
from sigqual.privacy.lexicon import is_ordinary_word, lexicon


def found(text: str, kind: str = "name", **options: object) -> list[str]:
    return [f.text for f in detect(text, options=DetectOptions(**options)) if f.kind == kind]


@pytest.mark.parametrize(("text", "expected"), [
    # listed first names and surnames of many origins, anywhere in the sentence
    ("Vi pratade med Mohammed och Fatima i går.", ["Mohammed", "Fatima"]),
    ("Ahmed kom hem sent.", ["Ahmed"]),
    ("Jag pratade med Eriksson på socialtjänsten.", ["Eriksson"]),
    ("Det var Anna-Karin som samordnade.", ["Anna-Karin"]),
    ("Det är Zeynep och Mirjana som har schemat.", ["Zeynep", "Mirjana"]),
    ("Projektledaren Ulrika Sjöberg skrev en rapport.", ["Ulrika", "Sjöberg"]),
    ("Hussein Abdi Warsame är hans namn.", ["Hussein", "Abdi", "Warsame"]),
    # name positions for words in no list
    ("Min kompis heter Zlatko, han är snäll.", ["Zlatko"]),
    ("Alla kallar honom Tipsy numera.", ["Tipsy"]),
    ("Handläggaren Wernersdotter ringde.", ["Wernersdotter"]),
    ("Jag ringde Qadiriyya men hon svarade inte.", ["Qadiriyya"]),
    ("Brankica sa att hon skulle komma.", ["Brankica"]),
    ("Vad tycker du, Brahim?", ["Brahim"]),
    ("min son heter adam och han är femton", ["adam"]),
    # surname shapes
    ("Vi mötte Kowalczyk och Lindqvistberg där.", ["Kowalczyk", "Lindqvistberg"]),
    ("Hon hette Hadžiosmanović.", ["Hadžiosmanović"]),
    ("Kontaktpersonen Kettusenainen kom sent.", ["Kettusenainen"]),
    # genitive: the -s stays outside the span
    ("Vi fick ett brev från Ahmeds skola.", ["Ahmed"]),
    ("Hannas pappa ringde mig.", ["Hanna"]),
    # names that are also words count with context or capitalised mid-sentence
    ("Per sa att vi skulle komma i tid.", ["Per"]),
    ("Bo och jag har varit gifta länge.", ["Bo"]),
    ("Sten har varit polis i trettio år.", ["Sten"]),
    ("När Axel blev gripen ringde jag.", ["Axel"]),
    ("Dag från styrgruppen tyckte annorlunda.", ["Dag"]),
    ("Vilja har varit min kontaktperson.", ["Vilja"]),
    ("Birgitta: Ja, det stämmer.", ["Birgitta"]),
    ("Okej, Sofia, då tar vi en paus.", ["Sofia"]),
    ("Markus Lindgren från Kriminalvården var med.", ["Markus", "Lindgren"]),
    ("Alltså Lindgren sa det.", ["Lindgren"]),
    ("Vi kan kalla honom K.", ["K"]),
])
def test_names_found(text: str, expected: list[str]) -> None:
    assert found(text) == expected


@pytest.mark.parametrize("text", [
    "Per månad blev det kanske två möten.",
    "Hans mamma var med på alla möten.",
    "Bo i samma område som man jobbar är svårt.",
    "Sten och grus låg överallt.",
    "Stig på, sa hon.",
    "Axel och armbåge gjorde ont.",
    "Vilja finns, det är resurserna som saknas.",
    "Dag efter dag satt vi och väntade.",
    "Sen kom sommaren och då blev det stökigt.",
    "Sen gick vi hem.",
    "Inga var hemma när vi kom.",
    "Maj var en tuff månad.",
    "Klara sig själv kan han inte än.",
    "Alltså, jag vet inte.",
    "Ja, precis, det var så.",
    "Polisen kom hem till oss.",
    "Han gick på BUP ett tag, och BUP:s väntetid var lång.",
    "Min bror satt på SiS-hem i ett år, SSP-samarbetet hjälpte.",
    "Vi hade möten på Teams och la upp det på Facebook.",
    "Han har sökt jobb via Arbetsförmedlingen.",
    "Familjen kom från Somalia och Syrien.",
    "Vi fick stöd från Rädda Barnen och Maria Ungdom.",
    "Enligt Socialstyrelsen finns inga riktlinjer.",
    "R: Ja, det var bra.",
    "Solen sken och vi satt ute.",
])
def test_no_name(text: str) -> None:
    assert found(text) == []


@pytest.mark.parametrize(("text", "kind", "expected"), [
    ("Jag jobbar i Huddinge sen några år.", "municipality", ["Huddinge"]),
    ("Huddinges socialtjänst var med.", "municipality", ["Huddinge"]),
    ("Vi flyttade från Uppsala till Norrköping.", "municipality", ["Uppsala", "Norrköping"]),
    ("Familjehemmet låg i Upplands Väsby.", "municipality", ["Upplands Väsby"]),
    ("Han bodde först i Vara, sen i Mark.", "municipality", ["Vara", "Mark"]),
    ("Vara med på mötet var viktigt.", "municipality", []),
    ("Han har hängt i Husby och Tensta.", "district", ["Husby", "Tensta"]),
    ("I Vårby gård finns det många familjer.", "district", ["Vårby gård"]),
    ("Han går på Vårbyskolan nu.", "school", ["Vårbyskolan"]),
    ("Hon går på Östra gymnasiet i ettan.", "school", ["Östra gymnasiet"]),
    ("Kuratorn på Sjödalens skola var bra.", "school", ["Sjödalens skola"]),
    ("Grundskolan har ett ansvar för alla.", "school", []),
    ("Gymnasiet är frivilligt.", "school", []),
    ("Vi fick ett brev från Ahmeds skola.", "school", []),
    ("Den skolan var inte bra.", "school", []),
])
def test_places_and_schools(text: str, kind: str, expected: list[str]) -> None:
    assert found(text, kind) == expected


def test_nora_is_a_person_or_a_town_by_context() -> None:
    assert found("Nora har varit sjuk hela veckan.") == ["Nora"]
    assert found("Vi bodde i Nora ett tag.", "municipality") == ["Nora"]


def test_allow_list_keeps_the_programme_municipality() -> None:
    text = "Socialtjänsten i Huddinge och polisen i Botkyrka."
    assert found(text, "municipality") == ["Huddinge", "Botkyrka"]
    assert found(text, "municipality", allow=frozenset({"huddinge"})) == ["Botkyrka"]


def test_project_names_are_always_found() -> None:
    assert found("Jag träffade Glada i går.") == []
    assert found("Jag träffade Glada i går.", names=frozenset({"Glada"})) == ["Glada"]


def test_lists_are_reasonably_sized() -> None:
    lex = lexicon()
    assert len(lex.municipalities) == 290
    assert 2000 <= len(lex.first_names) <= 5000
    assert 2000 <= len(lex.surnames) <= 5000
    assert {"huddinge", "upplands väsby", "malung-sälen"} <= lex.municipalities


@pytest.mark.parametrize(("word", "ordinary"), [
    ("polisen", True), ("ungdomsenheten", True), ("alltså", True),
    ("frida", False), ("dragan", False), ("kowalczyk", False),
])
def test_ordinary_word(word: str, ordinary: bool) -> None:
    assert is_ordinary_word(word) is ordinary
