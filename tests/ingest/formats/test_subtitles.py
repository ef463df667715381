from __future__ import annotations

import pytest

from sigqual.errors import ImportError_
from sigqual.ingest import parse_bytes
from sigqual.ingest.formats import EXTRACTORS, READERS

VTT_VOICES = """WEBVTT
Kind: captions

NOTE transkriberad av Teams
flera rader

STYLE
::cue { color: white }

intro
00:00:01.000 --> 00:00:04.000 align:start position:10%
<v Karin Ek>Hej och välkommen.</v>

00:00:04.500 --> 00:00:06.000
<v Karin Ek>Hur var mötena?</v>

2
00:01:02.250 --> 00:01:09.000
<v.loud Omar>De var <i>bra</i>, på <c.yellow>gården</c> i Älvsjö.</v>

00:01:09.000 --> 00:01:12.000
<v Omar><00:01:10.000>Verkligen &amp; helt.

01:00:00.000 --> 01:00:02.000
<v Karin Ek>Tack.
"""

SRT_NAMES = """1
00:00:01,000 --> 00:00:03,500
INTERVJUARE: Hur gammal är du?

2
00:00:04,000 --> 00:00:06,000
UNGDOM: Sexton.
Snart sjutton.

3
00:00:06,500 --> 00:00:08,000
{\\an8}och går i nian

4
00:00:09,000 --> 00:00:10,000
- Vem var där?
- Polisen.
"""

WHISPER = """WEBVTT

00:00.000 --> 00:03.000
Det här är en inspelning.

00:03.000 --> 00:06.500
Utan talare.
"""

CASES = [
    ("vtt voices, merged cues, tags, settings and NOTE blocks", ".vtt", VTT_VOICES,
     "[00:00:01] Karin Ek: Hej och välkommen. Hur var mötena?\n"
     "[00:01:02] Omar: De var bra, på gården i Älvsjö. Verkligen & helt.\n"
     "[01:00:00] Karin Ek: Tack."),
    ("srt names, continued speaker and dash lines", ".srt", SRT_NAMES,
     "[00:00:01] INTERVJUARE: Hur gammal är du?\n"
     "[00:00:04] UNGDOM: Sexton. Snart sjutton. och går i nian\n"
     "[00:00:09] Vem var där?\n[00:00:09] Polisen."),
    ("cues without speakers stay apart", ".vtt", WHISPER,
     "[00:00:00] Det här är en inspelning.\n[00:00:03] Utan talare."),
    ("windows line endings and lower-case voice names", ".vtt",
     "WEBVTT\r\n\r\n00:00:01.000 --> 00:00:02.000\r\n<v anna_k>hej\r\n",
     "[00:00:01] Anna_k: hej"),
]  # fmt: skip


@pytest.mark.parametrize(("extension", "source", "expected"), [c[1:] for c in CASES],
                         ids=[c[0] for c in CASES])  # fmt: skip
def test_cues_become_transcript_lines(extension: str, source: str, expected: str) -> None:
    assert EXTRACTORS[extension](source.encode("utf-8"), "x" + extension) == expected


def test_vtt_turns_have_speakers_roles_and_times() -> None:
    parsed = parse_bytes(VTT_VOICES.encode("utf-8"), "for-01.vtt", interviewer_labels=["Karin Ek"])
    turns = [(t.speaker, t.role, t.timestamp, parsed.text[t.start : t.end]) for t in parsed.turns]
    assert turns == [
        ("Karin Ek", "interviewer", "00:00:01", "Hej och välkommen. Hur var mötena?"),
        ("Omar", "respondent", "00:01:02", "De var bra, på gården i Älvsjö. Verkligen & helt."),
        ("Karin Ek", "interviewer", "01:00:00", "Tack."),
    ]  # fmt: skip


def test_srt_turns() -> None:
    parsed = parse_bytes(SRT_NAMES.encode("cp1252"), "ung-01.srt")
    assert [(t.speaker, t.role, t.timestamp) for t in parsed.turns] == [
        ("INTERVJUARE", "interviewer", "00:00:01"),
        ("UNGDOM", "respondent", "00:00:04"),
        (None, "unknown", "00:00:09"),
        (None, "unknown", "00:00:09"),
    ]


@pytest.mark.parametrize("extension", [".vtt", ".srt"])
def test_no_cues_is_an_error(extension: str) -> None:
    with pytest.raises(ImportError_, match="no subtitle cues found") as info:
        EXTRACTORS[extension](b"WEBVTT\n\nbara text\n", "x" + extension)
    assert info.value.file == "x" + extension


# The hostile-input review: four cues, three with broken timings, imported as one turn
# without a word. Now each damaged cue keeps its text (or is reported as empty).
DAMAGED = [
    ("arrow typed as ->",
     "WEBVTT\n\n00:00:01.000 --> 00:00:03.000\n<v Anna>Vi började i augusti.\n\n"
     "00:00:04.000 -> 00:00:06.000\n<v Bo>Det var svårt först.\n",
     ["[00:00:01] Anna: Vi började i augusti.", "[00:00:04] Bo: Det var svårt först."],
     ["cue 2: malformed timing '00:00:04.000 -> 00:00:06.000', read as starting at 00:00:04"]),
    ("dots instead of colons",
     "WEBVTT\n\n00:00:01.000 --> 00:00:03.000\n<v Anna>Hej.\n\n"
     "00.01.05,200 --> 00.01.07,000\n<v Bo>Hej hej.\n",
     ["[00:00:01] Anna: Hej.", "[00:01:05] Bo: Hej hej."],
     ["cue 2: malformed timing '00.01.05,200 --> 00.01.07,000', read as starting at 00:01:05"]),
    ("no start time",
     "1\n00:00:01,000 --> 00:00:02,000\nAnna: Första repliken.\n\n"
     "2\nxx:yy --> 00:00:05,000\nBo: Andra repliken.\n",
     ["[00:00:01] Anna: Första repliken.", "[00:00:01] Bo: Andra repliken."],
     ["cue 2: no start time in the timing 'xx:yy --> 00:00:05,000'; the text is kept at the "
      "previous cue's time"]),
    ("timing line missing",
     "1\n00:00:01,000 --> 00:00:02,000\nAnna: Första.\n\n2\nBo: Utan tid.\n",
     ["[00:00:01] Anna: Första.", "[00:00:01] Bo: Utan tid."],
     ["cue 2: no timing line; the text is kept at the previous cue's time"]),
    ("empty cue",
     "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v Anna>Ja.\n\n00:00:03.000 --> 00:00:04.000\n<i></i>\n",
     ["[00:00:01] Anna: Ja."],
     ["cue 2: no text, skipped"]),
]  # fmt: skip


@pytest.mark.parametrize(("source", "lines", "warnings"), [c[1:] for c in DAMAGED],
                         ids=[c[0] for c in DAMAGED])  # fmt: skip
def test_damaged_cues_keep_their_text_and_are_reported(source: str, lines: list[str],
                                                       warnings: list[str]) -> None:
    extension = ".srt" if source[0].isdigit() else ".vtt"
    extraction = READERS[extension](source.encode("utf-8"), "intervju" + extension)
    assert extraction.text.split("\n") == lines
    assert list(extraction.warnings) == warnings


def test_three_of_four_cues_damaged_still_gives_four_turns_and_three_warnings() -> None:
    source = ("WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v Anna>Ett.\n\n"
              "00:00:03.000 -> 00:00:04.000\n<v Bo>Två.\n\n"
              "0:0:5 --> 0:0:6\n<v Anna>Tre.\n\n"
              "--> 00:00:08.000\n<v Bo>Fyra.\n")
    parsed = parse_bytes(source.encode("utf-8"), "fyra.vtt")
    assert [parsed.text[t.start:t.end] for t in parsed.turns] == ["Ett.", "Två.", "Tre.", "Fyra."]
    assert len(parsed.warnings) == 3
    assert [w.split(":")[0:2] for w in parsed.warnings] == [["fyra.vtt", " cue 2"], ["fyra.vtt", " cue 3"],
                                                           ["fyra.vtt", " cue 4"]]
