from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sigqual.ingest.segment import looks_like_label, segment, split_label

IV, RE, UN = "interviewer", "respondent", "unknown"


def turns_of(text: str, **kwargs: object) -> list[tuple[str | None, str, str | None, str]]:
    turns = segment(text, **kwargs)
    return [(t.speaker, t.role, t.timestamp, text[t.start : t.end]) for t in turns]


CONVENTIONS = [
    (
        "I and IP",
        "I: Hur var mötet?\nIP: Det var bra.\n",
        [("I", IV, None, "Hur var mötet?"), ("IP", RE, None, "Det var bra.")],
    ),
    (
        "Intervjuare and Intervjuaren",
        "Intervjuare: Berätta.\nRespondent: Jo.\nIntervjuaren: Mer?\nRespondent: Nej.",
        [
            ("Intervjuare", IV, None, "Berätta."),
            ("Respondent", RE, None, "Jo."),
            ("Intervjuaren", IV, None, "Mer?"),
            ("Respondent", RE, None, "Nej."),
        ],
    ),
    (
        "moderator with numbered participants",
        "Moderator: Välkomna.\nDeltagare 3: Tack.\nFörälder 2: Hej.\n",
        [
            ("Moderator", IV, None, "Välkomna."),
            ("Deltagare 3", RE, None, "Tack."),
            ("Förälder 2", RE, None, "Hej."),
        ],
    ),
    (
        "R and R1",
        "I: Fråga ett\nR: Svar ett\nI: Fråga två\nR1: Svar två",
        [
            ("I", IV, None, "Fråga ett"),
            ("R", RE, None, "Svar ett"),
            ("I", IV, None, "Fråga två"),
            ("R1", RE, None, "Svar två"),
        ],
    ),
    (
        "Ungdom, Int and Mod",
        "Int: Hur gammal är du?\nUngdom: Sexton.\nMod: Okej.",
        [("Int", IV, None, "Hur gammal är du?"), ("Ungdom", RE, None, "Sexton."),
         ("Mod", IV, None, "Okej.")],
    ),  # fmt: skip
    (
        "first names and two-word names that recur",
        "Anna: Hej.\nOmar Hassan: Hej Anna.\nAnna K: Jag är också Anna.\n"
        "Anna: Bra.\nOmar Hassan: Ja.\nAnna K: Ja.",
        [
            ("Anna", RE, None, "Hej."),
            ("Omar Hassan", RE, None, "Hej Anna."),
            ("Anna K", RE, None, "Jag är också Anna."),
            ("Anna", RE, None, "Bra."),
            ("Omar Hassan", RE, None, "Ja."),
            ("Anna K", RE, None, "Ja."),
        ],
    ),
    (
        "bracketed timestamps before labels",
        "[00:12:03] Anna: Hej.\n[00:12:09] Omar: Hallå.",
        [("Anna", RE, "00:12:03", "Hej."), ("Omar", RE, "00:12:09", "Hallå.")],
    ),
    (
        "bare timestamps before labels",
        "00:12:03 I: Hej.\n00:12:09 IP: Hallå.",
        [("I", IV, "00:12:03", "Hej."), ("IP", RE, "00:12:09", "Hallå.")],
    ),
    (
        "parenthesised short timestamps",
        "(00:12) I: Hej.\n(01:40) R: Hallå.",
        [("I", IV, "00:12", "Hej."), ("R", RE, "01:40", "Hallå.")],
    ),
    (
        "timestamp on its own line goes to the next turn",
        "[12:03]\nI: Hej.\n[12:10]\nR: Hallå.",
        [("I", IV, "12:03", "Hej."), ("R", RE, "12:10", "Hallå.")],
    ),
    (
        "timestamp with a dash separator",
        "[00:00:05] - Intervjuare: Hej.\n[00:00:09] - Förälder 1: Hej.",
        [("Intervjuare", IV, "00:00:05", "Hej."), ("Förälder 1", RE, "00:00:09", "Hej.")],
    ),
    (
        "bold markdown labels",
        "**I:** Hur var det?\n\n**R**: Bra.\n",
        [("I", IV, None, "Hur var det?"), ("R", RE, None, "Bra.")],
    ),
    (
        "upper-case labels",
        "INTERVJUARE: Hej.\nANNA: Hej.\nINTERVJUARE: Hur mår du?\nANNA: Bra.",
        [
            ("INTERVJUARE", IV, None, "Hej."),
            ("ANNA", RE, None, "Hej."),
            ("INTERVJUARE", IV, None, "Hur mår du?"),
            ("ANNA", RE, None, "Bra."),
        ],
    ),
    (
        "a turn continues over lines and paragraphs",
        "I: Första frågan.\nIP: Svar rad ett\nrad två\n\nnytt stycke.\nI: Tack.",
        [
            ("I", IV, None, "Första frågan."),
            ("IP", RE, None, "Svar rad ett\nrad två\n\nnytt stycke."),
            ("I", IV, None, "Tack."),
        ],
    ),
    (
        "Fråga and Svar, Q and A",
        "Fråga: Hur?\nSvar: Så.\nQ: Why?\nA: Because.",
        [("Fråga", IV, None, "Hur?"), ("Svar", RE, None, "Så."), ("Q", IV, None, "Why?"),
         ("A", RE, None, "Because.")],
    ),  # fmt: skip
    (
        "generic numbered speakers have no role",
        "Talare 1: Hej.\nTalare 2: Hej hej.",
        [("Talare 1", UN, None, "Hej."), ("Talare 2", UN, None, "Hej hej.")],
    ),
    (
        "name particles",
        "Ebba af Klint: Ja.\nI: Och?\nEbba af Klint: Nej.",
        [("Ebba af Klint", RE, None, "Ja."), ("I", IV, None, "Och?"),
         ("Ebba af Klint", RE, None, "Nej.")],
    ),  # fmt: skip
    (
        "a relation in parentheses after the name",
        "Intervjuare: Hej.\nAnna (mamma): Hej hej.\nIntervjuare: Och?\nAnna (mamma): Bra.",
        [("Intervjuare", IV, None, "Hej."), ("Anna (mamma)", RE, None, "Hej hej."),
         ("Intervjuare", IV, None, "Och?"), ("Anna (mamma)", RE, None, "Bra.")],
    ),  # fmt: skip
    (
        "a numbered role with a qualifier, used once",
        "I: Hur var det?\nFörälder 2 (pappa): Det var bra.\nI: Tack.",
        [("I", IV, None, "Hur var det?"), ("Förälder 2 (pappa)", RE, None, "Det var bra."),
         ("I", IV, None, "Tack.")],
    ),  # fmt: skip
    (
        "labels in square brackets",
        "[Intervjuare] Vad hände?\n[Elev 1] Vi fick prata.\n[Intervjuare] Ok.",
        [("Intervjuare", IV, None, "Vad hände?"), ("Elev 1", RE, None, "Vi fick prata."),
         ("Intervjuare", IV, None, "Ok.")],
    ),  # fmt: skip
    (
        "a timestamp, then a label in brackets",
        "[00:01:02] [Intervjuare] Hej.\n[00:01:05] [Anna] Hej.",
        [("Intervjuare", IV, "00:01:02", "Hej."), ("Anna", RE, "00:01:05", "Hej.")],
    ),  # fmt: skip
    (
        "a label on a line of its own, the words below it",
        "Intervjuare\nHur var det?\n\nAnna\nDet var bra.\nMycket bra.\n\nIntervjuare\nOch sen?\n\n"
        "Anna\nSen blev det bättre.",
        [("Intervjuare", IV, None, "Hur var det?"), ("Anna", RE, None, "Det var bra.\nMycket bra."),
         ("Intervjuare", IV, None, "Och sen?"), ("Anna", RE, None, "Sen blev det bättre.")],
    ),  # fmt: skip
    (
        "labels on lines of their own in a text without blank lines (Word paragraphs)",
        "Intervjuare\nHur var det?\nAnna\nDet var bra.\nMycket bra.\nIntervjuare\nOch sen?\nAnna\nBättre.",
        [("Intervjuare", IV, None, "Hur var det?"), ("Anna", RE, None, "Det var bra.\nMycket bra."),
         ("Intervjuare", IV, None, "Och sen?"), ("Anna", RE, None, "Bättre.")],
    ),  # fmt: skip
    (
        "speaker and time on their own line (Otter-style export)",
        "Speaker 1  0:03\nHur var det?\n\nSpeaker 2  0:07\nDet var bra.",
        [("Speaker 1", UN, "0:03", "Hur var det?"), ("Speaker 2", UN, "0:07", "Det var bra.")],
    ),  # fmt: skip
    (
        "time and speaker on their own line",
        "00:00:03 Talare 1\nHur var det?\n\n00:00:07 Talare 2\nDet var bra.",
        [("Talare 1", UN, "00:00:03", "Hur var det?"), ("Talare 2", UN, "00:00:07", "Det var bra.")],
    ),  # fmt: skip
    (
        "label and text separated by a tab (table exports)",
        "I\tHur var det?\nR\tDet var bra.\nI\tOch sen?",
        [("I", IV, None, "Hur var det?"), ("R", RE, None, "Det var bra."),
         ("I", IV, None, "Och sen?")],
    ),  # fmt: skip
]


@pytest.mark.parametrize(("text", "expected"), [c[1:] for c in CONVENTIONS],
                         ids=[c[0] for c in CONVENTIONS])  # fmt: skip
def test_speaker_conventions(text: str, expected: list[tuple]) -> None:
    assert turns_of(text) == expected


HEADERS = [
    (
        "metadata keys before the first speaker",
        "Intervju: Förälder 2, första omgången\nDatum: 2014-03-19\nPlats: Huddinge\n"
        "Tid: 10:30\n\nI: Välkommen.\nIP: Tack.",
        [("I", IV, None, "Välkommen."), ("IP", RE, None, "Tack.")],
    ),
    (
        "a once-used spelled-out label with a name value",
        "Intervjuare: Karin Ek\nIntervjuperson: Förälder 2\nI: Hej.\nR: Hej.",
        [("I", IV, None, "Hej."), ("R", RE, None, "Hej.")],
    ),
    (
        "participant list in the header, speakers later",
        "Deltagare: Anna, Omar, Lisa\nKod: PG-1\n\nAnna: Vi började i mars.\n"
        "Omar: Ja.\nAnna: Sen kom polisen.\nOmar: Precis.",
        [
            ("Anna", RE, None, "Vi började i mars."),
            ("Omar", RE, None, "Ja."),
            ("Anna", RE, None, "Sen kom polisen."),
            ("Omar", RE, None, "Precis."),
        ],
    ),
    (
        "a leading block with metadata lines is a header",
        "Intervju med förälder\nDatum: 2014-03-19\n\nFörsta stycket.\n\nAndra stycket.",
        [(None, UN, None, "Första stycket."), (None, UN, None, "Andra stycket.")],
    ),
    (
        "metadata lines at the top of a text without speakers",
        "Datum: 2014-03-19\nFil: for-02.mp3\n\nFörsta stycket.\n\nAndra stycket.",
        [(None, UN, None, "Första stycket."), (None, UN, None, "Andra stycket.")],
    ),
    (
        "Intervjuperson is a speaker once the interview has started",
        "Datum: 2014-03-19\nIntervjuare: Hej, hur är det?\nIntervjuperson: Bra.\n"
        "Intervjuare: Fint.\nIntervjuperson: Ja.",
        [
            ("Intervjuare", IV, None, "Hej, hur är det?"),
            ("Intervjuperson", RE, None, "Bra."),
            ("Intervjuare", IV, None, "Fint."),
            ("Intervjuperson", RE, None, "Ja."),
        ],
    ),
    (
        "a once-used label with a sentence is a turn, not a header",
        "Intervjuare: Hej och välkommen hit.\nI: Första frågan.\nR: Svar.",
        [("Intervjuare", IV, None, "Hej och välkommen hit."), ("I", IV, None, "Första frågan."),
         ("R", RE, None, "Svar.")],
    ),  # fmt: skip
]


@pytest.mark.parametrize(("text", "expected"), [c[1:] for c in HEADERS],
                         ids=[c[0] for c in HEADERS])  # fmt: skip
def test_header_lines_are_not_turns(text: str, expected: list[tuple]) -> None:
    assert turns_of(text) == expected


FALSE_POSITIVES = [
    (
        "a colon inside a sentence",
        "I: Hur gick det?\nR: Det var så här: vi kom dit.\nDet var så här: sen gick vi.\nI: Ok.",
        [
            ("I", IV, None, "Hur gick det?"),
            ("R", RE, None, "Det var så här: vi kom dit.\nDet var så här: sen gick vi."),
            ("I", IV, None, "Ok."),
        ],
    ),
    (
        "Obs notes, even when repeated",
        "I: Fråga.\nR: Svar.\nObs: ohörbart.\nObs: skratt.\nI: Nästa.",
        [("I", IV, None, "Fråga."), ("R", RE, None, "Svar.\nObs: ohörbart.\nObs: skratt."),
         ("I", IV, None, "Nästa.")],
    ),  # fmt: skip
    (
        "a colon after five words",
        "I: Fråga.\nR: Min mamma sa till mig: gå hem.\nMin mamma sa till mig: gå hem.",
        [("I", IV, None, "Fråga."),
         ("R", RE, None, "Min mamma sa till mig: gå hem.\nMin mamma sa till mig: gå hem.")],
    ),  # fmt: skip
    (
        "a capitalised word used once",
        "I: Vem sa det?\nR: Det sa pappa.\nMamma: sluta nu, sa hon.\nI: Ok.",
        [("I", IV, None, "Vem sa det?"), ("R", RE, None, "Det sa pappa.\nMamma: sluta nu, sa hon."),
         ("I", IV, None, "Ok.")],
    ),  # fmt: skip
    (
        "lower-case words before a colon",
        "anna: hej\nanna: hopp",
        [(None, UN, None, "anna: hej"), (None, UN, None, "anna: hopp")],
    ),
    (
        "a single one-letter label is a list item",
        "Alternativ\nA: ett svar\nB: ett annat",
        [(None, UN, None, "Alternativ"), (None, UN, None, "A: ett svar"),
         (None, UN, None, "B: ett annat")],
    ),  # fmt: skip
    (
        "a time of day at the start of a line",
        "I: När kom ni?\nR: Vi kom sent.\n14:00 kom polisen.\nI: Ok.",
        [("I", IV, None, "När kom ni?"), ("R", RE, None, "Vi kom sent.\n14:00 kom polisen."),
         ("I", IV, None, "Ok.")],
    ),  # fmt: skip
    (
        "URLs and values glued to the colon",
        "I: Länk?\nR: Här.\nhttp://example.org\nTid:10\nI: Tack.",
        [("I", IV, None, "Länk?"), ("R", RE, None, "Här.\nhttp://example.org\nTid:10"),
         ("I", IV, None, "Tack.")],
    ),  # fmt: skip
    (
        "bracketed annotations are not speakers",
        "I: Vad hände?\nR: Jag vet inte.\n[Paus] Ja.\n[Skratt]\n[Paus] precis\nI: Ok.",
        [("I", IV, None, "Vad hände?"), ("R", RE, None, "Jag vet inte.\n[Paus] Ja.\n[Skratt]\n[Paus] precis"),
         ("I", IV, None, "Ok.")],
    ),  # fmt: skip
    (
        "short replies on lines of their own",
        "Hur var det?\nOkej\nVad hände sen?\nOkej\nBra",
        [(None, UN, None, "Hur var det?"), (None, UN, None, "Okej"), (None, UN, None, "Vad hände sen?"),
         (None, UN, None, "Okej"), (None, UN, None, "Bra")],
    ),  # fmt: skip
    (
        "one short reply repeated in a text without blank lines",
        "Hur var det?\nBra\nVad hände sen?\nBra\nSlut",
        [(None, UN, None, "Hur var det?"), (None, UN, None, "Bra"), (None, UN, None, "Vad hände sen?"),
         (None, UN, None, "Bra"), (None, UN, None, "Slut")],
    ),  # fmt: skip
    (
        "a short first line that the sentence continues",
        "Mötet\nvar bra och alla kom.\n\nMötet\nvar sämre nästa gång.",
        [(None, UN, None, "Mötet\nvar bra och alla kom."), (None, UN, None, "Mötet\nvar sämre nästa gång.")],
    ),  # fmt: skip
    (
        "headings above paragraphs",
        "Bakgrund\nDet här är en text.\n\nResultat\nMer text.",
        [(None, UN, None, "Bakgrund\nDet här är en text."), (None, UN, None, "Resultat\nMer text.")],
    ),  # fmt: skip
    (
        "parentheses in prose",
        "Mötet (det första) var bra.\nVi pratade (länge) om allt.",
        [(None, UN, None, "Mötet (det första) var bra."), (None, UN, None, "Vi pratade (länge) om allt.")],
    ),  # fmt: skip
    (
        "a label longer than 40 characters",
        "Anna-Karin Westerberg-Johansson-Lindqvist: hej\n"
        "Anna-Karin Westerberg-Johansson-Lindqvist: hopp",
        [(None, UN, None, "Anna-Karin Westerberg-Johansson-Lindqvist: hej"),
         (None, UN, None, "Anna-Karin Westerberg-Johansson-Lindqvist: hopp")],
    ),  # fmt: skip
]


@pytest.mark.parametrize(("text", "expected"), [c[1:] for c in FALSE_POSITIVES],
                         ids=[c[0] for c in FALSE_POSITIVES])  # fmt: skip
def test_no_false_speakers(text: str, expected: list[tuple]) -> None:
    assert turns_of(text) == expected


WITHOUT_LABELS = [
    ("paragraphs", "Ett stycke\nsom fortsätter.\n\n\nEtt till.\n",
     [(None, UN, None, "Ett stycke\nsom fortsätter."), (None, UN, None, "Ett till.")]),
    ("lines when there are no blank lines", "Rad ett.\nRad två.\n",
     [(None, UN, None, "Rad ett."), (None, UN, None, "Rad två.")]),
    ("timestamped lines without speakers", "[00:00:01] Hej där.\n[00:00:04] Hej.\nmer text",
     [(None, UN, "00:00:01", "Hej där."), (None, UN, "00:00:04", "Hej.\nmer text")]),
    ("only whitespace", " \n\t\n", []),
    ("empty", "", []),
]  # fmt: skip


@pytest.mark.parametrize(("text", "expected"), [c[1:] for c in WITHOUT_LABELS],
                         ids=[c[0] for c in WITHOUT_LABELS])  # fmt: skip
def test_text_without_labels(text: str, expected: list[tuple]) -> None:
    assert turns_of(text) == expected


@pytest.mark.parametrize(
    ("text", "labels", "expected"),
    [
        ("Karin: Hej.\nOmar: Svar.\nKarin: Fråga.\nOmar: Mer.", (), [RE, RE, RE, RE]),
        ("Karin: Hej.\nOmar: Svar.\nKarin: Fråga.\nOmar: Mer.", ("karin",), [IV, RE, IV, RE]),
        ("Karin: Hej.\nOmar: Svar.\nKarin: Fråga.\nOmar: Mer.", ("Karin Ek",), [RE, RE, RE, RE]),
        # A listed label is trusted even when used once; built-in labels keep working.
        ("I: Hej.\nKarin: Fråga.\nR: Svar.", ("Karin",), [IV, IV, RE]),
        ("I: Hej.\nKarin: Fråga.\nR: Svar.", (), [IV, RE]),
    ],
)
def test_interviewer_labels_add_to_builtin(text: str, labels: tuple, expected: list) -> None:
    assert [t.role for t in segment(text, interviewer_labels=labels)] == expected


def test_empty_turns_are_dropped() -> None:
    assert turns_of("I:\nR: Svar.\nI:   \n") == [("R", RE, None, "Svar.")]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Anna: hej", ("Anna", "hej")),
        ("Omar  Hassan: hej då ", ("Omar Hassan", "hej då")),
        ("I: fråga", ("I", "fråga")),
        ("Obs: inte en talare", None),
        ("det var så: här", None),
        ("Det var så här: vi", None),
    ],
)
def test_split_label(line: str, expected: tuple[str, str] | None) -> None:
    assert split_label(line) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [("Anna", True), ("IP:", True), ("Talare 2", True), ("Datum", False), ("hej", False),
     ("Fyra Ord Är För", False), ("", False)],
)  # fmt: skip
def test_looks_like_label(value: str, expected: bool) -> None:
    assert looks_like_label(value) is expected


_FRAGMENTS = st.sampled_from(
    ["I: ", "IP: ", "Anna: ", "**R:** ", "[00:01:02] ", "(12:03) ", "00:12:03 ", "Datum: ",
     "Obs: ", "hej", "Det var så här: ", " ", "\n", "\n\n", "\t", "å", ":", "**", "[", "]"]
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(), st.lists(_FRAGMENTS, max_size=40).map("".join)))
def test_turns_are_ordered_disjoint_and_in_bounds(text: str) -> None:
    turns = segment(text)
    previous_end = 0
    for turn in turns:
        assert 0 <= turn.start < turn.end <= len(text)
        assert turn.start >= previous_end
        assert not text[turn.start].isspace() and not text[turn.end - 1].isspace()
        previous_end = turn.end
